"""Render the /stats chart of a realistic synthetic diary in each language, to look at.

Run: .venv/bin/python -m bench.render_stats_chart OUT_DIR [--days 200] [--prefix new]
Writes <prefix>-<language>-<period>.png for the last 30 days, the last 90 days and the last 12 months of
a diary of ``--days`` days (200 by default, so the 12 months start with months of "no data"), and for an
empty diary. In Spanish and Russian the medicine names are the ones a user of that language would type.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bench.render_report import typed_by
from bench.synthetic_diary import NOW, TZ, synthetic_diary
from bot.diary.stats import period_for
from bot.diary.stats_text import period_header, plain
from bot.reports.stats_chart import render_period_png
from bot.reports.wording import chart_labels
from bot.texts import texts_for
from storage.diary_stats import period_chart

PERIODS = ("30", "90", "year")


def main() -> None:
    """Write one PNG per language, period and diary (full, empty) into the folder given."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--days", type=int, default=200)
    parser.add_argument("--prefix", default="stats")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    today = NOW.astimezone(TZ).date()
    for language in ("en", "es", "ru"):
        t = texts_for(language)
        records = typed_by(synthetic_diary(args.days), language).records
        for empty in (False, True):
            attacks, intakes, checkins = ((), (), ()) if empty else (records.attacks, records.intakes, records.checkins)
            for choice in PERIODS:
                period = period_for(choice, today=today)
                assert period is not None
                chart = period_chart(attacks, intakes, checkins, tz=TZ, now=NOW, start=period.start, end=period.end)
                title = plain(period_header(chart.start, chart.end, t, period.kind))
                started = time.thread_time()
                picture = render_period_png(chart, title=title, labels=chart_labels(t), kinds=dict(t.MED_CLASSES))
                cpu = time.thread_time() - started
                name = f"{args.prefix}-{language}-{choice}{'-empty' if empty else ''}.png"
                (args.out / name).write_bytes(picture.png)
                print(f"{name}: {len(picture.png) // 1024} KiB, {cpu * 1000:.0f} ms CPU")


if __name__ == "__main__":
    main()
