"""What operators do: /broadcast and /broadcasts, /reload, and the `python -m bot broadcast` command line.

handlers.py wires the Telegram side and checks that whoever asks is an operator.
"""
