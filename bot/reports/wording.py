"""The words on the /stats chart and on the chart of the doctor's report: texts from the catalog, names from CLDR."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from bot.reports.charts import ChartLabels
from bot.texts.catalog import Texts


def chart_labels(t: Texts) -> ChartLabels:
    """The chart's labels: month and weekday names from CLDR, the rest from the catalog."""
    months = tuple(t.month_abbr(month) for month in range(1, 13))
    weekdays = tuple(t.weekday(day, "short") for day in range(7))
    return ChartLabels(months=months, weekdays=weekdays, **_known(ChartLabels, t.CHART_LABELS))


def _known(kind: type, values: dict[str, Any]) -> dict[str, Any]:
    """The values whose keys are fields of the labels class (a text for a removed field is ignored)."""
    names = {field.name for field in fields(kind)}
    return {key: value for key, value in values.items() if key in names}
