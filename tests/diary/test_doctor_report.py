"""The doctor's report (issue 13, item 14): what it prints must be the diary, on as many pages as needed."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import matplotlib.image
import pytest

from bench.synthetic_diary import NOW, TZ, synthetic_diary
from bot.reports.doctor_report import render_report
from bot.reports.pdf_document import user_text
from storage.diary_queries import DiaryRecords
from storage.diary_types import Effect, IntakeRecord, MedClass
from storage.report_data import build_report_data
from support.pdf import pdf_page_count, pdf_text, pdf_to_pngs

DIARY = synthetic_diary(400)


def _report(months: int, diary: object = DIARY) -> tuple[bytes, object]:
    d = DIARY if diary is DIARY else diary
    data = build_report_data(d.records, d.factors, tz=TZ, now=NOW, months=months, regular=d.regular, midas=d.midas)  # type: ignore[attr-defined]
    return render_report(data), data


def test_six_month_report_has_every_section_and_blank_name_fields() -> None:
    pdf, _ = _report(6)
    text = " ".join(pdf_text(pdf).split())

    for heading in (
        "The months at a glance",
        "Acute medication days per month against ICHD-3 overuse limits",
        "What works: 2-hour follow-up per medicine",
        "Regular (preventive) medicines and adherence",
        "MIDAS (disability, last 3 months)",
        "Menstrual pattern (ICHD-3 appendix A1.1",
        "Daily factors: attack days against attack-free days",
        "Attacks (",
    ):
        assert heading in text, heading
    assert "Name: Date of birth:" in text  # two blank lines to fill in by hand, nothing printed on them
    assert "1 Jan 2026 – 20 Jun 2026 (calendar months: 6) · generated 20 Jun 2026 · time zone Berlin" in text
    assert pdf_page_count(pdf) >= 2
    assert "page 1 of " in text and f"page {pdf_page_count(pdf)} of {pdf_page_count(pdf)}" in text


def test_attack_list_prints_every_attack_of_the_period_with_its_doses() -> None:
    pdf, data = _report(6)
    text = pdf_text(pdf)

    assert len(data.attacks) == data.stats.counts.attacks > 10  # type: ignore[attr-defined]
    for entry in data.attacks:  # type: ignore[attr-defined]
        start = entry.attack.started_at.astimezone(TZ)
        assert f"{start.day} {('Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun')[start.month - 1]} 2026 {start:%H:%M}" in text
    first = data.attacks[0]  # type: ignore[attr-defined]
    for dose in first.doses:
        assert f"{dose.name} {dose.taken_at.astimezone(TZ):%H:%M}" in " ".join(text.split())


def test_medication_table_equals_the_statistics_and_the_12_month_report_is_longer() -> None:
    pdf, data = _report(6)
    lines = [" ".join(line.split()) for line in pdf_text(pdf).splitlines()]
    stats = data.stats  # type: ignore[attr-defined]

    triptans = next(line for line in lines if line.startswith("Triptans (Sumatriptan 50 mg)"))
    expected = [str(m.medication_days.get(MedClass.TRIPTAN, 0)) for m in stats.months] + ["≥10"]
    assert triptans.split(" ")[-len(expected) :] == expected
    total = next(line for line in lines if line.startswith("Total "))
    assert total.split(" ")[2:4] == [str(stats.counts.headache_days), str(stats.counts.migraine_days)]
    long_pdf, _ = _report(12)
    assert pdf_page_count(long_pdf) > pdf_page_count(pdf)


def test_midas_items_grade_and_trend_are_printed() -> None:
    pdf, _ = _report(6)
    text = " ".join(pdf_text(pdf).split())
    latest = DIARY.midas[-1]

    assert f"Score {latest.score}, grade {latest.grade.value}" in text
    assert f"A. Headache days {latest.headache_days}" in text
    assert "Trend Completed Score Grade" in text
    assert all(f"{r.score} {r.grade.value}" in text for r in DIARY.midas)


def test_cyrillic_is_drawn_and_emoji_are_dropped_on_purpose(tmp_path: Path) -> None:
    records = DIARY.records
    attack = records.attacks[-1]
    dose = IntakeRecord(
        attack.started_at + timedelta(minutes=5), MedClass.TRIPTAN, "Суматриптан 💊", Effect.GOOD, attack.id
    )
    diary = replace(DIARY, records=DiaryRecords(records.attacks, (*records.intakes, dose), records.checkins))

    pdf, _ = _report(1, diary)

    text = pdf_text(pdf)
    assert "Суматриптан" in text and "💊" not in text and "Суматриптан ?" not in text
    assert user_text("Ибупрофен 💊\u0007 x") == "Ибупрофен x"  # emoji dropped on purpose, not drawn as a box
    # Every page renders to a non-blank image.
    for page in pdf_to_pngs(pdf, tmp_path):
        assert matplotlib.image.imread(page).min() < 0.5


def test_a_new_user_gets_a_short_report_that_says_so() -> None:
    empty = replace(DIARY, records=DiaryRecords((), (), ()), factors={}, midas=(), regular=())
    pdf, _ = _report(3, empty)
    text = " ".join(pdf_text(pdf).split())

    assert pdf_page_count(pdf) == 1
    for line in (
        "No acute medication recorded.",
        "No preventive medicine listed and no medication reminders set up.",
        "MIDAS not completed yet.",
        "No attacks recorded in this period.",
    ):
        assert line in text
    assert "Menstrual pattern" not in text and "Daily factors" not in text


def test_only_1_3_6_or_12_months() -> None:
    with pytest.raises(ValueError, match="1, 3, 6 or 12"):
        build_report_data(DIARY.records, {}, tz=TZ, now=NOW, months=5)


def test_triptan_days_in_may_hit_the_limit_on_a_hand_built_diary() -> None:
    may = [IntakeRecord(NOW.replace(month=5, day=d * 3, hour=8), MedClass.TRIPTAN, "Sumatriptan") for d in range(1, 11)]
    records = DiaryRecords((), tuple(may), ())
    data = build_report_data(records, {}, tz=TZ, now=NOW, months=3)
    lines = [" ".join(line.split()) for line in pdf_text(render_report(data)).splitlines()]

    assert "Triptans (Sumatriptan) – 10 – ≥10" in lines  # Apr and Jun have no entry; May is drawn in red
    assert [(w.month.month, w.days) for w in data.stats.overuse] == [(5, 10)]


@pytest.mark.parametrize("name", ["Tramadol $50", "名前のない薬", "x" * 300, "\x07bell"])
def test_medicine_names_from_users_never_break_the_pdf(name: str) -> None:
    attack = DIARY.records.attacks[-1]
    dose = IntakeRecord(attack.started_at, MedClass.OPIOID, name, None, attack.id)
    data = build_report_data(DiaryRecords((attack,), (dose,), ()), {}, tz=TZ, now=NOW, months=1)

    text = pdf_text(render_report(data))

    assert text.count("\f") == 1
    assert "Opioids" in text and "\x07" not in text
