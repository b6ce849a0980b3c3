"""Render the doctor's report of a realistic synthetic diary to PDF and PNG pages, to look at.

Run: .venv/bin/python -m bench.render_report OUT_DIR [--months 6] [--language ru] [--dpi 60]
(needs pdftoppm from poppler-utils). Writes report-<language>-<months>m.pdf and its pages as
report-<language>-<months>m-<page>.png. In Spanish and Russian the medicine names are the ones a
user of that language would type.
"""

from __future__ import annotations

import argparse
import subprocess
from dataclasses import replace
from pathlib import Path

from bench.synthetic_diary import NOW, TZ, SyntheticDiary, synthetic_diary
from bot.reports.doctor_report import render_report
from bot.texts import texts_for
from storage.diary_queries import DiaryRecords
from storage.report_data import build_report_data

TYPED_NAMES = {
    "es": {"Sumatriptan 50 mg": "Sumatriptán 50 mg", "Ibuprofen 400 mg": "Ibuprofeno 400 mg", "Magnesium": "Magnesio"},
    "ru": {
        "Sumatriptan 50 mg": "Суматриптан 50 мг",
        "Ibuprofen 400 mg": "Ибупрофен 400 мг",
        "Thomapyrin": "Цитрамон",
        "Propranolol 80 mg": "Пропранолол 80 мг",
        "Magnesium": "Магний B6",
    },
}


def typed_by(diary: SyntheticDiary, language: str) -> SyntheticDiary:
    """The diary with medicine names as a user of the language types them."""
    names = TYPED_NAMES.get(language, {})
    records = diary.records
    intakes = tuple(replace(i, name=names.get(i.name, i.name)) for i in records.intakes)
    regular = tuple(replace(r, name=names.get(r.name, r.name)) for r in diary.regular)
    return replace(diary, records=DiaryRecords(records.attacks, intakes, records.checkins), regular=regular)


def main() -> None:
    """Write the report's PDF and PNG pages into the folder given."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--months", type=int, default=6)
    parser.add_argument("--days", type=int, default=400)
    parser.add_argument("--language", default="en")
    parser.add_argument("--dpi", type=int, default=80)
    args = parser.parse_args()
    diary = typed_by(synthetic_diary(args.days), args.language)
    data = build_report_data(
        diary.records, diary.factors, tz=TZ, now=NOW, months=args.months, regular=diary.regular, midas=diary.midas
    )
    args.out.mkdir(parents=True, exist_ok=True)
    stem = f"report-{args.language}-{args.months}m"
    pdf = args.out / f"{stem}.pdf"
    pdf.write_bytes(render_report(data, texts_for(args.language)))
    subprocess.run(["pdftoppm", "-png", "-r", str(args.dpi), str(pdf), str(args.out / stem)], check=True)
    pages = sorted(p.name for p in args.out.glob(f"{stem}-*.png"))
    print(f"{pdf}: {len(data.attacks)} attacks, pages: {pages}")


if __name__ == "__main__":
    main()
