"""Everything Telegram: handlers, keyboards, texts and the composition root (app.py).

The handlers live in one folder per feature (diary/, lessons/, reminders/, operators/, safety/, privacy/,
account/, chat/); app.py imports them, never the other way round (the application type is in context.py).
"""

import os

# Opt in to PTB's coming timedelta durations (e.g. RetryAfter.retry_after) now: without it, PTB 22 warns
# on every 429 it parses, and our code reads durations as timedelta everywhere.
os.environ.setdefault("PTB_TIMEDELTA", "true")
