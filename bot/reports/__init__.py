"""Rendered diary reports: the /stats chart and the multi-page doctor's report PDF."""
