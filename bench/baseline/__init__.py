"""Earlier implementations kept to measure against in the same run (not used by the bot)."""
