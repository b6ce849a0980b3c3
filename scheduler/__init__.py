"""Scheduling: when reminders are due, in each user's own wall-clock time; no database, no Telegram."""
