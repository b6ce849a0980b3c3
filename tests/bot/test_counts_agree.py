"""/stats, the /export files and the doctor's PDF agree on every count (issue 13, item 9).

A realistic diary in Sydney time (UTC+10, +11 from 4 October): about six months with July left empty,
attacks over midnight and over the DST change, auras without headache (one too long, one of unknown
length), doses logged with an attack but taken on the next local date, doses of every acute kind, a
daily preventive, unanswered impact, and check-ins on most days. The export is read back as a person
would: the CSV and JSON files, counted here by the clinical definitions (clinical-facts.md, section 7)
without any of our counting code; the PDF is read with pdftotext. All three must give the same numbers.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
import zipfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from diary_factory import ALICE, NOW, clock, diary_harness

from storage.db import transaction
from storage.diary_models import Attack, Checkin, MedicationIntake
from support.databases import Database
from support.harness import BotHarness
from support.pdf import pdf_text

SYDNEY = ZoneInfo("Australia/Sydney")
TODAY = NOW.astimezone(SYDNEY).date()  # Saturday 21 November 2026 (23:00 in Sydney)
FIRST = date(2026, 5, 20)
EMPTY_MONTH = 7  # no diary at all in July
ACUTE = ("simple_analgesic", "triptan", "combination", "opioid", "other", "gepant", "ergot")
MIGRAINE_SPECIFIC = {"triptan", "ergot", "gepant", "ditan"}


def local(day: date, hour: int, minute: int = 0) -> datetime:
    """A Sydney wall-clock time as UTC."""
    return datetime.combine(day, time(hour, minute), tzinfo=SYDNEY).astimezone(UTC)


Planned = list[tuple[str, timedelta]]  # doses logged with an attack: kind, time after its start


def diary_rows(seed: int = 13) -> list[Checkin | MedicationIntake | tuple[Attack, Planned]]:
    """The diary described in the module docstring, the same on every run."""
    rng = random.Random(seed)
    rows: list[Checkin | MedicationIntake | tuple[Attack, Planned]] = []
    day = FIRST
    while day <= TODAY:
        if day.month != EMPTY_MONTH:
            if rng.random() < 0.85:
                rows.append(Checkin(user_id=ALICE, local_date=day, headache_level=rng.choice([0, 0, 0, 2, 3, 5])))
            if rng.random() < 0.3:
                rows.append(_attack(rng, day))
            if rng.random() < 0.12:  # a dose without an attack: a headache not logged as one
                rows.append(_dose(rng.choice(ACUTE), local(day, rng.randrange(6, 23))))
            if day >= date(2026, 9, 1):
                rows.append(_dose("preventive", local(day, 8), name="Topiramate"))
        day += timedelta(days=1)
    # Over the DST change (4 October, 02:00 -> 03:00) and into the next day, with a dose on that day.
    rows.append(
        _attack(rng, date(2026, 10, 3), hour=23, hours=7, aura_minutes=20, doses=[("triptan", timedelta(hours=3))])
    )
    rows.append(_attack(rng, date(2026, 9, 14), hour=10, hours=0.5, peak=0, aura_minutes=90))  # aura too long
    rows.append(_attack(rng, date(2026, 9, 15), hour=10, hours=0.5, peak=0, aura_minutes=None))  # length unknown
    return rows


def _dose(kind: str, at: datetime, name: str = "") -> MedicationIntake:
    return MedicationIntake(user_id=ALICE, name=name or kind.title(), med_class=kind, taken_at=at)


def _attack(
    rng: random.Random,
    day: date,
    *,
    hour: int | None = None,
    hours: float | None = None,
    peak: int | None = None,
    aura_minutes: int | str | None = "random",
    doses: Planned | None = None,
) -> tuple[Attack, Planned]:
    start = local(day, rng.randrange(0, 24) if hour is None else hour, rng.choice([0, 15, 30, 45]))
    length = timedelta(hours=rng.choice([0.4, 2, 5, 9, 20, 30]) if hours is None else hours)
    peak = rng.choice([0, 3, 4, 6, 8, 9]) if peak is None else peak
    if aura_minutes == "random":
        aura = peak == 0 or rng.random() < 0.25
        minutes = rng.choice([15, 30, 45, 70, None]) if aura else None
    else:
        aura, minutes = True, aura_minutes  # type: ignore[assignment]
    attack = Attack(
        user_id=ALICE,
        started_at=start,
        ended_at=start + length,
        peak_intensity=peak,
        aura=aura,
        aura_minutes=minutes,
        aura_kinds=["visual"] if aura else [],
        symptoms=rng.sample(["nausea", "vomiting", "photophobia", "phonophobia", "neck_pain"], rng.randrange(0, 4)),
        features=rng.sample(["one_sided", "throbbing", "worse_with_activity"], rng.randrange(0, 3)),
        impact=rng.choice([None, None, "normal", "limited", "unable"]),
    )
    planned = (
        doses
        if doses is not None
        else [(rng.choice(ACUTE), length * rng.choice([0.0, 0.5, 0.9])) for _ in range(rng.randrange(0, 3))]
    )
    return attack, planned


async def write_diary(bot: BotHarness) -> None:
    """Insert the diary; doses logged with an attack point at it."""
    async with transaction(bot.services.sessions) as session:
        for row in diary_rows():
            if not isinstance(row, tuple):
                session.add(row)
                continue
            attack, planned = row
            session.add(attack)
            await session.flush()
            for kind, offset in planned:
                dose = _dose(kind, attack.started_at + offset)
                dose.attack_id = attack.id
                session.add(dose)


# --- counting from the exported files, by the definitions alone ---------------------------------------


@dataclass(frozen=True)
class Counts:
    """The numbers the three outputs must agree on, for the local dates [first, last]."""

    headache_days: int
    migraine_days: int
    attacks: int
    aura_only: int
    acute_days: int
    acute_days_by_class: dict[str, int]


def _when(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _dates(start: datetime, end: datetime, tz: ZoneInfo) -> list[date]:
    """Local dates an attack covers; one ending exactly at local midnight does not reach the new date."""
    first, last_moment = start.astimezone(tz), end.astimezone(tz)
    last = last_moment.date()
    if last > first.date() and last_moment.time() == time():
        last -= timedelta(days=1)
    return [first.date() + timedelta(days=i) for i in range((last - first.date()).days + 1)]


def _migraine_like(row: dict[str, object], minutes: float) -> bool:
    aura_minutes = row["aura_minutes"]
    if row["aura"] and isinstance(aura_minutes, int) and 5 <= aura_minutes <= 60:
        return True
    peak = int(str(row["peak_intensity"]))
    if peak == 0 or minutes < 30:
        return False
    features = set(row["features"]) & {"one_sided", "throbbing", "worse_with_activity"}  # type: ignore[call-overload]
    symptoms = set(row["symptoms"])  # type: ignore[call-overload]
    associated = bool(symptoms & {"nausea", "vomiting"}) or {"photophobia", "phonophobia"} <= symptoms
    return len(features) + (peak >= 4) >= 2 and associated


def count_export(archive: bytes, first: date, last: date) -> Counts:
    """Count the period from export.json, cross-checked against the CSV files of the same archive."""
    with zipfile.ZipFile(io.BytesIO(archive)) as files:
        tables = json.loads(files.read("export.json"))["tables"]
        for name in ("attacks", "medication_intakes", "checkins", "users"):
            from_csv = list(csv.DictReader(io.StringIO(files.read(f"{name}.csv").decode())))
            assert [row["id"] for row in from_csv] == [str(row["id"]) for row in tables[name]], name
            assert len(from_csv) == len(tables[name]) and tables[name], name
    tz = ZoneInfo(tables["users"][0]["timezone"])
    headache: set[date] = set()
    migraine: set[date] = set()
    attacks = aura_only = 0
    for row in tables["attacks"]:
        start, end = _when(row["started_at"]), _when(row["ended_at"])
        covered = _dates(start, end, tz)
        if row["peak_intensity"] > 0:
            headache.update(covered)
            attacks += first <= start.astimezone(tz).date() <= last
        else:
            aura_only += first <= start.astimezone(tz).date() <= last
        if _migraine_like(row, (end - start).total_seconds() / 60):
            migraine.update(covered)
    headache.update(date.fromisoformat(row["local_date"]) for row in tables["checkins"] if row["headache_level"] > 0)
    by_class: dict[str, set[date]] = {}
    for row in tables["medication_intakes"]:
        if row["med_class"] != "preventive":
            by_class.setdefault(row["med_class"], set()).add(_when(row["taken_at"]).astimezone(tz).date())
    for kind in MIGRAINE_SPECIFIC & set(by_class):
        migraine.update(by_class[kind] & headache)

    def inside(days: set[date]) -> int:
        return sum(1 for day in days if first <= day <= last)

    acute = set().union(*by_class.values()) if by_class else set()
    return Counts(
        headache_days=inside(headache),
        migraine_days=inside(migraine),
        attacks=attacks,
        aura_only=aura_only,
        acute_days=inside(acute),
        acute_days_by_class={kind: n for kind, days in sorted(by_class.items()) if (n := inside(days))},
    )


# --- reading /stats ---------------------------------------------------------------------------------

STATS_CLASSES = {
    "Simple painkiller / NSAID": "simple_analgesic",
    "Triptan": "triptan",
    "Combination painkiller": "combination",
    "Opioid": "opioid",
    "Other": "other",
    "Gepant": "gepant",
    "Ergot": "ergot",
    "Ditan": "ditan",
}


def read_stats(text: str) -> Counts:
    """The numbers of one /stats message (English)."""

    def number(pattern: str) -> int:
        found = re.search(pattern, text)
        return int(found.group(1)) if found else 0

    by_class = {STATS_CLASSES[name]: int(n) for name, n in re.findall(r"  · (.+): (\d+)", text)}
    return Counts(
        headache_days=number(r"Headache days: (\d+)"),
        migraine_days=number(r"Migraine-like days: (\d+)"),
        attacks=number(r"Attacks: (\d+)"),
        aura_only=number(r"Auras without headache: (\d+)"),
        acute_days=number(r"Days with acute medication: (\d+)"),
        acute_days_by_class=by_class,
    )


@pytest.fixture
async def bot(database: Database) -> AsyncIterator[BotHarness]:
    async with diary_harness(database) as harness:
        await harness.onboard(ALICE, zone="Australia/Sydney")
        await write_diary(harness)
        yield harness


async def export_archive(bot: BotHarness) -> bytes:
    replies = await bot.send(ALICE, "/export")
    assert [m.kind for m in replies] == ["document"]
    return replies[0].document_bytes or b""


async def test_stats_and_export_agree_for_every_period(bot: BotHarness) -> None:
    archive = await export_archive(bot)
    periods = {
        "/stats": (TODAY - timedelta(days=29), TODAY),
        "/stats 90": (TODAY - timedelta(days=89), TODAY),
        "/stats year": (date(2025, 12, 1), TODAY),
        **{f"/stats 2026-{m:02d}": (date(2026, m, 1), _month_end(date(2026, m, 1))) for m in range(5, 12)},
    }
    seen = {}
    for command, (first, last) in periods.items():
        clock(bot).advance(timedelta(seconds=30))  # past the per-user budget for /stats (bot/budgets.py)
        replies = await bot.send(ALICE, command)
        seen[command] = read_stats(replies[0].text or "")
        assert seen[command] == count_export(archive, first, last), command
    assert seen["/stats 2026-07"] == Counts(0, 0, 0, 0, 0, {})
    year = seen["/stats year"]
    assert year.aura_only >= 3 and year.attacks > 20 and len(year.acute_days_by_class) >= 6  # the diary is varied


REPORT_CLASSES = {
    "Simple analgesics": "simple_analgesic",
    "Combination analgesics": "combination",
    "Triptans": "triptan",
    "Ergots": "ergot",
    "Opioids": "opioid",
    "Gepants": "gepant",
    "Ditans": "ditan",
    "Other": "other",
}
# A month with nothing recorded (0 of its days) prints "–" for its counts: no data, not 0.
MONTH_ROW = re.compile(r"^\s*(\S+ \d{4}|Total)\s+(\d+)/(\d+)\s+(\d+|–)\s+(\d+|–)\s+(\d+|–)\s+(\d+|–)\s*$")


def read_pdf(text: str, months: list[date]) -> tuple[dict[date | str, Counts], str]:
    """The months-at-a-glance rows and the per-class medication table of the PDF, by month; the summary."""
    rows: dict[date | str, list[int]] = {}
    labels = iter([*months, "Total"])
    no_data: set[date | str] = set()
    for line in text.splitlines():
        if found := MONTH_ROW.match(line):
            label = next(labels)
            cells = [found.group(i) for i in (4, 5, 6, 7)]
            if "–" in cells:
                assert cells == ["–"] * 4 and found.group(2) == "0", f"only a month with nothing recorded: {line}"
                no_data.add(label)
            rows[label] = [0 if cell == "–" else int(cell) for cell in cells]
    by_class: dict[str, list[int]] = {}
    for line in text.splitlines():
        name = line.split(" (")[0].strip()
        # Each month's column, then the class's limit ("≥10", or "–" where there is none).
        cells = re.findall(r"(?<![≥\d])(?:\d+|–)(?!\S)", line.split(")", 1)[-1])[: len(months)]
        if name in REPORT_CLASSES and len(cells) == len(months) and "(" in line:
            assert {months[i] for i, cell in enumerate(cells) if cell == "–"} == no_data, line
            by_class[REPORT_CLASSES[name]] = [0 if cell == "–" else int(cell) for cell in cells]
    assert len(rows) == len(months) + 1, "every month and the total were read"
    counts: dict[date | str, Counts] = {}
    for key, (headache, migraine, attacks, acute) in rows.items():
        if key == "Total":
            classes = {kind: sum(days) for kind, days in by_class.items() if sum(days)}
        else:
            i = months.index(key)  # type: ignore[arg-type]
            classes = {kind: days[i] for kind, days in by_class.items() if days[i]}
        counts[key] = Counts(headache, migraine, attacks, 0, acute, dict(sorted(classes.items())))
    summary = " ".join(text.split())
    return counts, summary


async def test_pdf_stats_and_export_agree_month_by_month(bot: BotHarness) -> None:
    archive = await export_archive(bot)
    clock(bot).advance(timedelta(minutes=1))
    stats = read_stats((await bot.send(ALICE, "/stats year"))[0].text or "")
    clock(bot).advance(timedelta(hours=1))  # past the per-user budget for reports (bot/budgets.py)
    replies = await bot.send(ALICE, "/report 12")
    assert [m.kind for m in replies] == ["document"]
    months = [date(2025, 12, 1), *(date(2026, m, 1) for m in range(1, 12))]
    pdf, summary = read_pdf(pdf_text(replies[0].document_bytes or b""), months)

    for month in months:
        exported = count_export(archive, month, _month_end(month))
        assert pdf[month] == Counts(
            exported.headache_days,
            exported.migraine_days,
            exported.attacks,
            0,  # the months table leaves auras without headache out of the attacks, as /stats does
            exported.acute_days,
            exported.acute_days_by_class,
        ), month
    year = count_export(archive, months[0], TODAY)
    # The class total over the months adds days of different months: equal to the year's distinct days.
    assert pdf["Total"] == Counts(
        year.headache_days, year.migraine_days, year.attacks, 0, year.acute_days, year.acute_days_by_class
    )
    assert stats == year
    assert f"{year.attacks} attacks;" in summary


def _month_end(first: date) -> date:
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return min(following - timedelta(days=1), TODAY)
