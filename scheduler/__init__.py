"""The clock: schedule rows in the database, DST-safe time maths, the tick and the broadcast worker.

It reads and writes storage/, and reaches Telegram only through the Sender interface (sending.py) that
the composition root passes in; it never imports bot/.
"""
