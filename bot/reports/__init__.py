"""Rendered diary reports: the /stats chart and the one-page doctor PDF."""
