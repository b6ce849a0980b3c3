"""Render the doctor's report of a realistic synthetic diary to PDF and PNG pages, to look at.

Run: .venv/bin/python -m bench.render_report OUT_DIR [--months 6]   (needs pdftoppm from poppler-utils)
"""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path

from bench.synthetic_diary import NOW, TZ, synthetic_diary
from bot.reports.doctor_report import render_report
from storage.report_data import build_report_data


def main() -> None:
    """Write report.pdf and report-N.png pages into the folder given."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--months", type=int, default=6)
    parser.add_argument("--days", type=int, default=400)
    args = parser.parse_args()
    diary = synthetic_diary(args.days)
    data = build_report_data(
        diary.records, diary.factors, tz=TZ, now=NOW, months=args.months, regular=diary.regular, midas=diary.midas
    )
    args.out.mkdir(parents=True, exist_ok=True)
    pdf = args.out / "report.pdf"
    pdf.write_bytes(render_report(data))
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(args.out / "report")], check=True)
    print(f"{pdf}: {len(data.attacks)} attacks, pages: {sorted(p.name for p in args.out.glob('report-*.png'))}")


if __name__ == "__main__":
    main()
