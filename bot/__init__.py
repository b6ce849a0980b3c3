"""Everything Telegram: handlers, keyboards, texts and the composition root."""

import os

# Opt in to PTB's coming timedelta durations (e.g. RetryAfter.retry_after) now: without it, PTB 22 warns
# on every 429 it parses, and our code reads durations as timedelta everywhere.
os.environ.setdefault("PTB_TIMEDELTA", "true")
