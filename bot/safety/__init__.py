"""The safety net: the red-flag and crisis screen (screen.py), its follow-up questions, emergency numbers."""
