"""Telegram handlers, one module per feature."""
