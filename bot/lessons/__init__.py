"""Lessons: /lessons, /progress, /ask and search (handlers.py), their buttons, menus and screens."""
