"""/reminders: check-in time, lesson drip, quiet hours, pause, and medication reminders with their dose buttons."""
