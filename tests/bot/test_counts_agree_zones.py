"""/stats, /insights and the doctor's PDF agree on days with records and attacks after a change of zone.

A user's first week (the report that prompted this: "so far: 3 of 60 days" next to "4/65" in the months
table). She starts in Madrid (UTC+1) and moves her zone to Moscow (UTC+3) before asking for the numbers:
a past-dated attack on Monday 16 November, an aura without headache on the 17th, a check-in without
headache (and a factor) on the 18th, and an attack logged from 13:00 to 23:30 Madrid time on the 19th,
which in Moscow runs from 15:00 to 01:30 on the 20th, with a check-in on the 19th. Every figure is read
in the zone the user has now, so the 19th's attack covers the 19th and the 20th: five days with records
(16-20 November), three headache days, two attacks and one aura without headache, wherever they are shown.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from diary_factory import ALICE, NOW, clock, diary_harness

from storage.db import transaction
from storage.diary_checkins import record_checkin
from storage.diary_models import Attack
from storage.factors import Factor, record_factor, set_tracked
from support.databases import Database
from support.harness import BotHarness
from support.pdf import pdf_text

MADRID = ZoneInfo("Europe/Madrid")
DAYS_WITH_RECORDS = 5  # 16, 17, 18, 19 and 20 November in Moscow
HEADACHE_DAYS = 3  # 16, 19 and 20 November
ATTACKS = 2  # the aura without headache is counted apart


def madrid(day: int, hour: int, minute: int = 0) -> datetime:
    """A November 2026 Madrid wall-clock time as UTC."""
    return datetime.combine(date(2026, 11, day), time(hour, minute), tzinfo=MADRID).astimezone(UTC)


async def write_first_week(bot: BotHarness) -> None:
    """The diary of the module docstring, kept while the user's zone was Madrid."""
    async with transaction(bot.services.sessions) as session:
        session.add_all(
            [
                Attack(user_id=ALICE, started_at=madrid(16, 10), ended_at=madrid(16, 12), peak_intensity=5),
                Attack(
                    user_id=ALICE,
                    started_at=madrid(17, 9),
                    ended_at=madrid(17, 9, 20),
                    peak_intensity=0,
                    aura=True,
                    aura_minutes=20,
                    aura_kinds=["visual"],
                ),
                Attack(user_id=ALICE, started_at=madrid(19, 13), ended_at=madrid(19, 23, 30), peak_intensity=6),
            ]
        )
        await record_checkin(session=session, user_id=ALICE, local_date=date(2026, 11, 18), level=0, now=NOW)
        await record_checkin(session=session, user_id=ALICE, local_date=date(2026, 11, 19), level=5, now=NOW)
        await set_tracked(session=session, user_id=ALICE, factors=[Factor.SLEEP], now=NOW)
        await record_factor(
            session=session, user_id=ALICE, local_date=date(2026, 11, 18), factor=Factor.SLEEP, value=2, now=NOW
        )


@pytest.fixture
async def bot(database: Database) -> AsyncIterator[BotHarness]:
    async with diary_harness(database) as harness:
        await harness.onboard(ALICE, zone="Europe/Madrid")
        await write_first_week(harness)
        await harness.send(ALICE, "/settings")
        await harness.press(ALICE, "🌍 Change time zone")
        replies = await harness.send(ALICE, "moscow")
        assert "Time zone set to Moscow" in (replies[0].text or "")
        yield harness


def number(pattern: str, text: str) -> int:
    """The one number ``pattern`` captures in ``text``."""
    found = re.search(pattern, text)
    assert found, pattern
    return int(found.group(1))


async def test_stats_insights_and_report_agree_after_a_change_of_zone(bot: BotHarness) -> None:
    stats = (await bot.send(ALICE, "/stats"))[0].text or ""
    assert number(r"Headache days: (\d+)", stats) == HEADACHE_DAYS
    assert number(r"Attacks: (\d+)", stats) == ATTACKS
    assert number(r"Auras without headache: (\d+)", stats) == 1

    clock(bot).advance(timedelta(minutes=1))
    insights = (await bot.send(ALICE, "/insights"))[-1].text or ""
    assert f"So far: {DAYS_WITH_RECORDS} recorded days, {ATTACKS} attacks." in insights

    clock(bot).advance(timedelta(hours=1))  # past the per-user budget for reports (bot/budgets.py)
    replies = await bot.send(ALICE, "/report 1")
    assert [m.kind for m in replies] == ["document"]
    pdf = " ".join(pdf_text(replies[0].document_bytes or b"").split())
    # The months table: days with records out of the days counted, headache days, migraine-like, attacks.
    month = re.search(r"Nov 2026 (\d+)/21 (\d+) \d+ (\d+) \d+", pdf)
    assert month, pdf
    assert [int(month.group(i)) for i in (1, 2, 3)] == [DAYS_WITH_RECORDS, HEADACHE_DAYS, ATTACKS]
    assert f"so far: {DAYS_WITH_RECORDS} of 60 recorded days, {ATTACKS} of 8 attacks" in pdf
    assert f"{ATTACKS} attacks;" in pdf and f"Attacks ({ATTACKS}) and auras without headache (1);" in pdf
    # Times are shown in the zone the user has now: 13:00 in Madrid is 15:00 in Moscow.
    assert "15:00" in pdf and "13:00" not in pdf
