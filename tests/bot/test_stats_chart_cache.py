"""The /stats chart cache: a picture is drawn once per content, never shown stale, and forgotten with the user."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from diary_factory import ALICE, BOB, NOW, diary_harness

import bot.diary.stats as stats_module
from bot.app import build_application
from bot.fake_telegram import FakeRequest, FakeTelegram
from bot.reports import canvas
from bot.reports.chart_cache import MAX_AGE, ChartCache, ChartKey, chart_key
from bot.reports.charts import ChartLabels
from bot.services import open_services
from bot.texts import en
from storage.db import transaction
from storage.diary_models import Attack
from storage.diary_types import PeriodChart, SpanCount
from support.databases import Database
from support.harness import BotHarness, make_settings


@pytest.fixture
async def bot(database: Database) -> AsyncIterator[BotHarness]:
    async with diary_harness(database) as harness:
        await harness.onboard(ALICE)
        await harness.onboard(BOB)
        yield harness


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The title of every chart actually drawn (not taken from the cache)."""
    drawn: list[str] = []
    real = stats_module.render_period_png

    def counting(*args: Any, **kwargs: Any) -> Any:
        drawn.append(kwargs["title"])
        return real(*args, **kwargs)

    monkeypatch.setattr(stats_module, "render_period_png", counting)
    yield drawn


async def add_attack(bot: BotHarness, started: datetime, worst: int, user_id: int = ALICE) -> None:
    async with transaction(bot.services.sessions) as session:
        session.add(
            Attack(user_id=user_id, started_at=started, ended_at=started + timedelta(hours=2), peak_intensity=worst)
        )


async def chart(bot: BotHarness, user_id: int = ALICE, command: str = "/stats") -> bytes:
    """The PNG of the chart /stats sends."""
    replies = await bot.send(user_id, command)
    assert [m.kind for m in replies] == ["text", "photo"]
    return replies[1].photo_bytes or b""


async def test_the_same_chart_again_is_sent_without_drawing_it_again(bot: BotHarness, renders: list[str]) -> None:
    await add_attack(bot, NOW - timedelta(days=3), 6)

    first = await chart(bot)
    second = await chart(bot)

    assert second == first and len(renders) == 1


async def test_the_same_chart_again_is_sent_by_its_file_id_not_uploaded(bot: BotHarness) -> None:
    await add_attack(bot, NOW - timedelta(days=3), 6)
    first = await chart(bot)
    await add_attack(bot, NOW - timedelta(days=3, hours=4), 5)  # a second attack that day, not its worst: same chart

    second = await chart(bot)

    upload, again = bot.fake.calls("sendPhoto")
    assert "photo" in upload.uploads and again.uploads == {}
    assert isinstance(again.params["photo"], str) and again.params["photo"] in bot.fake.files
    assert second == first  # the same picture reaches the chat


async def test_a_file_id_telegram_no_longer_serves_is_uploaded_again(bot: BotHarness) -> None:
    await add_attack(bot, NOW - timedelta(days=3), 6)
    first = await chart(bot)
    bot.fake.fail_next("sendPhoto", status=400, description="Bad Request: wrong file identifier/HTTP URL specified")

    second = await chart(bot)

    statuses = [(call.status, "photo" in call.uploads) for call in bot.fake.calls("sendPhoto")]
    assert statuses == [(200, True), (400, False), (200, True)] and second == first


async def test_a_diary_change_the_chart_shows_is_drawn_at_once(bot: BotHarness, renders: list[str]) -> None:
    await add_attack(bot, NOW - timedelta(days=3), 6)
    before = await chart(bot)

    await add_attack(bot, NOW - timedelta(days=2), 9)
    after = await chart(bot)

    assert after != before and len(renders) == 2
    bot.services.charts.size = 0  # switched off: every picture is drawn afresh
    assert await chart(bot) == after and len(renders) == 3


async def test_a_change_outside_the_chart_keeps_the_picture(bot: BotHarness, renders: list[str]) -> None:
    await add_attack(bot, NOW - timedelta(days=3), 6)
    first = await chart(bot)

    # Its day is already at its worst pain 6, so the 30-day chart draws exactly the same.
    await add_attack(bot, NOW - timedelta(days=3, hours=4), 5)

    assert await chart(bot) == first and len(renders) == 1


async def test_each_period_and_each_user_has_its_own_picture(bot: BotHarness, renders: list[str]) -> None:
    await add_attack(bot, NOW - timedelta(days=3), 6)
    await add_attack(bot, NOW - timedelta(days=3), 6, user_id=BOB)

    thirty, ninety = await chart(bot), await chart(bot, command="/stats 90")
    await chart(bot, BOB)

    assert thirty != ninety and len(renders) == 3 and len(bot.services.charts) == 3


async def test_delete_forgets_the_users_pictures_only(bot: BotHarness) -> None:
    await add_attack(bot, NOW - timedelta(days=3), 6)
    await chart(bot)
    await chart(bot, BOB)

    await bot.send(ALICE, "/delete")
    await bot.press(ALICE, "🗑 Yes, delete everything")

    assert bot.services.charts.users() == {BOB}


async def test_withdrawing_consent_forgets_the_users_pictures(bot: BotHarness) -> None:
    await add_attack(bot, NOW - timedelta(days=3), 6)
    await chart(bot)
    await chart(bot, BOB)

    await bot.send(ALICE, "/settings")
    await bot.press(ALICE, en.BTN_WITHDRAW_CONSENT)
    await bot.press(ALICE, en.BTN_WITHDRAW_CONFIRM)

    assert bot.services.charts.users() == {BOB}
    assert [m.kind for m in await bot.send(ALICE, "/stats")] == ["text"]  # the consent screen, no chart


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def key(user_id: int, n: int = 0) -> ChartKey:
    return ChartKey(user_id, bytes([n]) * 16)


def test_forgetting_a_user_frees_the_renderers_kept_buffers() -> None:
    # A kept image holds what the last render drew (painted white only when taken again): after /delete no chart of
    # the erased diary may stay in memory until someone else asks for one.
    drawn = canvas.Canvas(40, 30)
    drawn.box((0, 0, 40, 30), "#ff0000")
    kept = (drawn.pixels, drawn.image)
    drawn.close()
    taken = canvas._images.take((40, 30))
    assert taken[0] is kept[0] and taken[1] is kept[1]  # kept, red pixels and all
    canvas._images.give_back((40, 30), kept)

    ChartCache(10).forget(ALICE)

    assert canvas._images.take((40, 30))[1] is not kept[1]


def test_a_render_begun_before_a_forget_is_not_kept() -> None:
    cache = ChartCache(10)
    generation = cache.generation  # the diary is read
    cache.forget(ALICE)  # /delete meanwhile

    cache.put(key(ALICE), b"png", generation=generation)

    assert cache.get(key(ALICE)) is None


def test_a_picture_is_kept_at_most_max_age_and_the_least_recently_used_goes_first() -> None:
    clock = Clock()
    cache = ChartCache(2, clock=clock)
    cache.put(key(ALICE, 1), b"a", generation=0)
    cache.put(key(ALICE, 2), b"b", generation=0)
    assert cache.get(key(ALICE, 1)) == b"a"  # now the most recently used

    cache.put(key(BOB), b"c", generation=0)

    assert cache.get(key(ALICE, 2)) is None and cache.get(key(ALICE, 1)) == b"a"
    clock.now = MAX_AGE + 1
    assert cache.get(key(ALICE, 1)) is None and len(cache) == 1


def test_pruning_drops_every_picture_past_max_age_even_when_nobody_asks_again() -> None:
    clock = Clock()
    cache = ChartCache(10, clock=clock)
    cache.put(key(ALICE), b"a", generation=0)
    clock.now = MAX_AGE / 2
    cache.put(key(BOB), b"b", generation=0)
    clock.now = MAX_AGE + 1

    assert cache.prune() == 1 and cache.users() == {BOB}
    clock.now = 2 * MAX_AGE
    cache.put(key(ALICE, 2), b"c", generation=0)  # each put prunes too

    assert cache.users() == {ALICE}


async def test_a_ticking_bot_prunes_its_pictures_on_a_repeating_job(database: Database) -> None:
    settings = make_settings(database.url)
    async with open_services(settings, search_path=database.search_path) as services:
        app = build_application(services, request=FakeRequest(FakeTelegram()), start_ticking=True)
        assert app.job_queue is not None
        [job] = app.job_queue.get_jobs_by_name("stats-chart-pruning")
        assert job.job.trigger.interval.total_seconds() == MAX_AGE / 2


def test_size_zero_keeps_nothing() -> None:
    cache = ChartCache(0)

    cache.put(key(ALICE), b"png", generation=0)

    assert cache.get(key(ALICE)) is None and len(cache) == 0


def test_a_key_changes_with_every_input_the_render_reads() -> None:
    day = NOW.date()
    one = PeriodChart(start=day, end=day, days=(), bucket="week", bars=(SpanCount(day, day, 1, 0, 1),))
    other = PeriodChart(start=day, end=day, days=(), bucket="week", bars=(SpanCount(day, day, 1, 1, 1),))

    def key_of(
        user_id: int = ALICE,
        period: PeriodChart = one,
        language: str = "en",
        title: str = "T",
        labels: ChartLabels = ChartLabels(),  # noqa: B008
        kinds: tuple[tuple[str, str], ...] = (("triptan", "Triptan"),),
    ) -> ChartKey:
        return chart_key(user_id, period, language=language, title=title, labels=labels, kinds=dict(kinds))

    keys = [
        key_of(),
        key_of(user_id=BOB),
        key_of(period=other),
        key_of(language="es"),
        key_of(title="U"),
        key_of(labels=ChartLabels(no_data="Sin datos")),
        key_of(kinds=(("triptan", "Triptán"),)),
    ]
    assert len(set(keys)) == len(keys) and key_of() == keys[0]
