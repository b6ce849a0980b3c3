"""/stats against a hand-computed diary in New York time, the chart, and the /report PDF.

The fixture (America/New_York; "today" is Saturday 21 November 2026, 07:00 EST):

* attack B, Sat 10 Oct 22:00 – Sun 11 Oct 03:00 EDT, worst 8, one-sided + throbbing + nausea, unable
  to function: migraine-like, and over midnight, so it counts on 10 AND 11 October;
* attack A, Sat 31 Oct 23:00–23:45 EDT (already 1 November in UTC), worst 6, limited: October;
* attack C, Sun 15 Nov 10:00–14:00 EST, worst 4: a headache day, not migraine-like;
* triptans on 1–10 October (10 days: overuse) and 2–10 November (9 days: none);
* simple painkillers on 12–25 October (14 days: none) and 2–16 November (15 days: overuse);
* one opioid dose at 23:30 EDT on 31 October (UTC: 1 November), counted in October;
* check-ins: no headache on 1–9 October, level 3 on 20 October.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from diary_factory import ALICE, NOW, clock, diary_harness

from storage.db import transaction
from storage.diary_models import Attack, Checkin, MedicationIntake, MidasRecord
from support.databases import Database
from support.harness import BotHarness
from support.pdf import pdf_text

NY = ZoneInfo("America/New_York")


def local(day: date, hour: int, minute: int = 0) -> datetime:
    """A New York wall-clock time as UTC."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=NY).astimezone(UTC)


async def write_fixture(bot: BotHarness) -> None:
    """Insert the diary described in the module docstring."""
    rows: list[object] = [
        Attack(
            user_id=ALICE,
            started_at=local(date(2026, 10, 10), 22),
            ended_at=local(date(2026, 10, 11), 3),
            peak_intensity=8,
            symptoms=["nausea"],
            features=["one_sided", "throbbing"],
            triggers=["stress", "poor_sleep"],
            impact="unable",
        ),
        Attack(
            user_id=ALICE,
            started_at=local(date(2026, 10, 31), 23),
            ended_at=local(date(2026, 10, 31), 23, 45),
            peak_intensity=6,
            triggers=["stress"],
            impact="limited",
        ),
        Attack(
            user_id=ALICE,
            started_at=local(date(2026, 11, 15), 10),
            ended_at=local(date(2026, 11, 15), 14),
            peak_intensity=4,
        ),
    ]
    doses = [("triptan", date(2026, 10, d)) for d in range(1, 11)]
    doses += [("triptan", date(2026, 11, d)) for d in range(2, 11)]
    doses += [("simple_analgesic", date(2026, 10, d)) for d in range(12, 26)]
    doses += [("simple_analgesic", date(2026, 11, d)) for d in range(2, 17)]
    rows += [MedicationIntake(user_id=ALICE, name=c, med_class=c, taken_at=local(day, 12)) for c, day in doses]
    rows.append(
        MedicationIntake(user_id=ALICE, name="Codeine", med_class="opioid", taken_at=local(date(2026, 10, 31), 23, 30))
    )
    rows += [Checkin(user_id=ALICE, local_date=date(2026, 10, d), headache_level=0) for d in range(1, 10)]
    rows.append(Checkin(user_id=ALICE, local_date=date(2026, 10, 20), headache_level=3))
    async with transaction(bot.services.sessions) as session:
        session.add_all(rows)


@pytest.fixture
async def bot(database: Database) -> AsyncIterator[BotHarness]:
    async with diary_harness(database) as harness:
        await harness.onboard(ALICE, zone="America/New_York")
        yield harness


def lines(text: str | None) -> list[str]:
    return [line for line in (text or "").split("\n") if line]


async def test_october_figures_in_the_users_zone(bot: BotHarness) -> None:
    await write_fixture(bot)

    replies = await bot.send(ALICE, "/stats 2026-10")

    text = replies[0].text
    assert lines(text)[:9] == [
        "October 2026",  # nothing recorded in the 31 days before: no "+4 vs ..." against an empty diary
        "Headache days: 4",
        "Migraine-like days: 2",
        "Attacks: 2 · average worst pain 7.0",
        "Days unable to function: 2 · limited: 1",
        "Days with acute medication: 25",
        "  · Simple painkiller / NSAID: 14",
        "  · Triptan: 10",
        "  · Opioid: 1",
    ]
    assert "Most common triggers: Stress (2), Poor sleep (1)" in (text or "")
    assert "In October 2026 you took triptans on 10 days" in (text or "")
    assert "painkillers or NSAIDs on" not in (text or "")  # 14 days: under the limit of 15
    assert "talk to your clinician" in (text or "")
    assert "Only 41% of these days have an entry" in (text or "")
    assert "For 3 months in a row" not in (text or "")


async def test_november_so_far_compared_with_the_21_days_before(bot: BotHarness) -> None:
    await write_fixture(bot)

    replies = await bot.send(ALICE, "/stats 2026-11")

    text = replies[0].text
    assert lines(text)[:8] == [
        "November 2026",
        "Headache days: 1 (-2 vs the 21 days before)",
        "Migraine-like days: 0 (-1 vs the 21 days before)",
        "Attacks: 1 (±0 vs the 21 days before) · average worst pain 4.0 (-2.0 vs the 21 days before)",
        "Days unable to function: 0 (-1 vs the 21 days before) · limited: 0",
        "Impact not recorded for 1 of these attacks; they are left out of the impact counts.",  # attack C
        "Days with acute medication: 15 (±0 vs the 21 days before)",
        "  · Simple painkiller / NSAID: 15",
    ]
    assert "In November 2026 you took simple painkillers or NSAIDs on 15 days" in (text or "")
    assert "you took triptans" not in (text or "")  # 9 days: under the limit of 10


async def test_stats_sends_the_text_then_the_chart(bot: BotHarness) -> None:
    await write_fixture(bot)

    replies = await bot.send(ALICE, "/stats")

    assert [m.kind for m in replies] == ["text", "photo"]
    assert lines(replies[0].text)[0] == "Your last 30 days (Fri 23 Oct – Sat 21 Nov)"
    assert replies[0].button_labels == ["30 days", "90 days", "12 months", "October", "November"]
    assert (replies[1].photo_bytes or b"").startswith(b"\x89PNG") and len(replies[1].photo_bytes or b"") > 10_000
    assert replies[1].caption == (
        "Your last 30 days (Fri 23 Oct – Sat 21 Nov): daily worst pain, headache days and medication days by kind."
    )


async def test_twelve_months_button_counts_the_calendar_months_of_the_chart(bot: BotHarness) -> None:
    await write_fixture(bot)
    await bot.send(ALICE, "/stats")

    replies = await bot.press(ALICE, "12 months")

    assert [m.kind for m in replies] == ["photo"]
    assert replies[0].caption == (
        "Your last 12 months (December 2025 – November 2026): headache days and medication days by kind, per month."
    )
    stats = [m for m in bot.fake.visible_messages(ALICE) if "30 days" in m.button_labels]
    assert lines(stats[0].text)[:3] == [
        "Your last 12 months (December 2025 – November 2026)",
        "Headache days: 5",  # 10 and 11 Oct (over midnight), 20 Oct (check-in), 31 Oct, 15 Nov
        "Migraine-like days: 2",
    ]
    assert "Days with acute medication: 40" in (stats[0].text or "")  # 25 in October, 15 in November


async def test_period_buttons_switch_in_place_and_send_a_new_chart(bot: BotHarness) -> None:
    await write_fixture(bot)
    await bot.send(ALICE, "/stats")

    replies = await bot.press(ALICE, "October")

    assert [m.kind for m in replies] == ["photo"]
    stats = [m for m in bot.fake.visible_messages(ALICE) if "30 days" in m.button_labels]
    assert len(stats) == 1 and lines(stats[0].text)[0] == "October 2026"


@pytest.mark.parametrize("argument", ["2027-01", "yesterday", "13", "2026-13"])
async def test_bad_stats_argument_is_explained(bot: BotHarness, argument: str) -> None:
    replies = await bot.send(ALICE, f"/stats {argument}")

    assert [m.text for m in replies] == ["Use /stats, /stats 90, /stats year or /stats 2026-10 (a month)."]


async def test_three_months_of_15_headache_days_show_the_chronic_note(bot: BotHarness) -> None:
    rows = [
        Attack(
            user_id=ALICE,
            started_at=local(date(2026, month, day), 9),
            ended_at=local(date(2026, month, day), 11),
            peak_intensity=5,
            aura=True,
            aura_minutes=15,
        )
        for month in (9, 10, 11)
        for day in range(1, 17)
    ]
    async with transaction(bot.services.sessions) as session:
        session.add_all(rows)

    replies = await bot.send(ALICE, "/stats 90")

    assert "For 3 months in a row you had headaches on 15 or more days" in (replies[0].text or "")
    assert "Headache days: 48" in (replies[0].text or "")


async def test_midas_line_disappears_after_a_recent_midas(bot: BotHarness) -> None:
    async with transaction(bot.services.sessions) as session:
        session.add(
            MidasRecord(
                user_id=ALICE,
                completed_at=NOW - timedelta(days=10),
                local_date=date(2026, 11, 11),
                score=12,
                grade="III",
                headache_days=10,
                average_pain=6,
                answers={},
            )
        )

    replies = await bot.send(ALICE, "/stats")

    assert "/midas" not in (replies[0].text or "")


async def test_report_is_a_multi_page_pdf_of_the_period_chosen(bot: BotHarness) -> None:
    await write_fixture(bot)
    async with transaction(bot.services.sessions) as session:
        session.add(
            MidasRecord(
                user_id=ALICE,
                completed_at=NOW - timedelta(days=10),
                local_date=date(2026, 11, 11),
                score=12,
                grade="III",
                headache_days=10,
                average_pain=6,
                answers={
                    "missed_work": 2,
                    "work_halved": 4,
                    "missed_housework": 1,
                    "housework_halved": 3,
                    "missed_social": 2,
                    "headache_days": 10,
                    "average_pain": 6,
                },
            )
        )

    replies = await bot.send(ALICE, "/report")

    assert [m.kind for m in replies] == ["document"]
    assert replies[0].document_name == "headache-diary-2026-11-21.pdf"
    assert (replies[0].caption or "").startswith("Your diary of the last 3 months, to show your doctor.")
    assert replies[0].button_labels == ["1 month", "6 months", "12 months"]
    text = " ".join(pdf_text(replies[0].document_bytes or b"").split())
    assert "1 Sept 2026 – 21 Nov 2026 (calendar months: 3)" in text
    assert "Score 12, grade III (moderate), 11 Nov 2026" in text and "A. Headache days 10" in text
    assert "Sept 2026 0/30 – – – – Oct 2026 13/31 4 2 2 25" in text  # nothing recorded in September: not 0
    assert "Triptans (triptan) – 10 9 ≥10" in text  # Sep (no data), Oct (at the limit), Nov
    assert "Name:" in text and "Date of birth:" in text

    clock(bot).advance(timedelta(hours=1))  # past the per-user budget for reports (bot/budgets.py)
    replies = await bot.press(ALICE, "12 months")
    assert [m.kind for m in replies] == ["document"]
    assert "1 Dec 2025 – 21 Nov 2026 (calendar months: 12)" in " ".join(
        pdf_text(replies[0].document_bytes or b"").split()
    )
    clock(bot).advance(timedelta(hours=1))
    assert (await bot.send(ALICE, "/report 6"))[0].kind == "document"
    clock(bot).advance(timedelta(hours=1))
    assert (await bot.send(ALICE, "/report 7"))[
        0
    ].text == "The report covers 1, 3, 6 or 12 months, for example /report 6."
