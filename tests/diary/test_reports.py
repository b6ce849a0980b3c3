"""Shared chart pieces (bot/reports/charts.py); /stats chart: test_stats_chart.py, the PDF: test_doctor_report.py."""

from __future__ import annotations

from bot.reports.charts import safe_text


def test_user_text_is_made_safe_to_draw() -> None:
    assert safe_text("Tramadol $50\x00 名") == "Tramadol $50 ?"  # drawn by Pillow: no mathtext to escape
    assert safe_text("x" * 80, limit=10) == "x" * 9 + "…"
