"""The /stats charts this process rendered lately, so the same picture is not drawn twice.

Keyed by content, never by time: the key is a digest of everything the render reads (the period's drawn
days and bars, the title, every word of the labels, the medicine names), so a diary write that changes
what the chart shows changes the key, and a cached picture can never be stale; a write that changes
nothing drawn (a second attack on a day already at its worst pain) keeps the picture. Nothing has to be
told about diary writes, so several instances each keep their own cache and stay correct.

It holds health data in memory, so it is emptied of a user on /delete and on consent withdrawal (this
process; another instance's copies are never shown, as the user's data no longer draws them, and go
within ``MAX_AGE``: a repeating job prunes them even when nobody asks again), and it is bounded in
entries. STATS_CHART_CACHE=0 switches it off (bench/load.py measures both).

A picture sent once also keeps the file_id Telegram gave it, so it is sent again by that id, not uploaded
again (~120-160 KB): Telegram serves the same file, and the bot builds and writes no upload.
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from bot.reports.canvas import drop_spares
from bot.reports.charts import ChartLabels
from storage.diary_types import PeriodChart

if TYPE_CHECKING:
    from telegram.ext import Application, CallbackContext

MAX_AGE = 600.0  # seconds: how long a picture may stay in memory, at most, even if nobody asks again
# Bump when the drawing changes within one process's life (it never does today: code changes restart it).
CHART_CODE_VERSION = 1


@dataclass(frozen=True, slots=True)
class ChartKey:
    """Whose chart, and a digest of what it draws."""

    user_id: int
    digest: bytes


def chart_key(
    user_id: int, chart: PeriodChart, *, language: str, title: str, labels: ChartLabels, kinds: Mapping[str, str]
) -> ChartKey:
    """The key of the picture ``render_period_png`` draws from these inputs.

    ``language`` stands for the one label that is a function (the day-and-month format, labels.day_month).
    """
    words = [getattr(labels, f.name) for f in fields(labels) if f.name != "day_month"]
    drawn = (CHART_CODE_VERSION, language, title, words, sorted(kinds.items()), chart)
    return ChartKey(user_id, hashlib.blake2b(repr(drawn).encode(), digest_size=16).digest())


@dataclass(slots=True)
class _Kept:
    at: float  # when it was rendered (clock seconds)
    png: bytes
    file_id: str | None = field(default=None)  # Telegram's, once it was sent


class ChartCache:
    """Rendered PNGs by ``ChartKey``, least recently used dropped first, each for at most ``MAX_AGE``.

    Used from the event loop only (the render runs in a thread, the cache before and after it).
    """

    def __init__(self, size: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.size = size
        self._clock = clock
        self._pictures: OrderedDict[ChartKey, _Kept] = OrderedDict()
        # Counts forget() calls: a render started before one (its diary read before the erasure) is not kept.
        self.generation = 0

    def get(self, key: ChartKey) -> bytes | None:
        """The picture for ``key``, if it was rendered within ``MAX_AGE``."""
        found = self._pictures.get(key) if self.size > 0 else None
        if found is None:
            return None
        if self._clock() - found.at > MAX_AGE:
            del self._pictures[key]
            return None
        self._pictures.move_to_end(key)
        return found.png

    def file_id(self, key: ChartKey) -> str | None:
        """The file_id Telegram gave the picture for ``key`` when it was sent, if the picture is kept (see get)."""
        found = self._pictures.get(key)
        return found.file_id if found is not None else None

    def sent_as(self, key: ChartKey, file_id: str) -> None:
        """Keep the file_id Telegram gave the picture for ``key`` (nothing if the picture is no longer kept)."""
        found = self._pictures.get(key)
        if found is not None:
            found.file_id = file_id

    def put(self, key: ChartKey, png: bytes, *, generation: int) -> None:
        """Keep a picture rendered from data read at ``generation`` (nothing if a user was forgotten since)."""
        if self.size <= 0 or generation != self.generation:
            return
        self.prune()
        self._pictures[key] = _Kept(self._clock(), png)
        self._pictures.move_to_end(key)
        while len(self._pictures) > self.size:
            self._pictures.popitem(last=False)

    def prune(self) -> int:
        """Drop every picture older than ``MAX_AGE`` (on each put, and from a repeating job: install_chart_pruning);
        return how many went."""
        oldest = self._clock() - MAX_AGE
        expired = [key for key, kept in self._pictures.items() if kept.at < oldest]
        for key in expired:
            del self._pictures[key]
        return len(expired)

    def forget(self, user_id: int) -> None:
        """Drop every picture of this user: their diary was deleted or their consent withdrawn.

        The renderer's kept buffers go too (canvas.drop_spares): the last one drawn may be this user's chart.
        """
        self.generation += 1
        for key in [key for key in self._pictures if key.user_id == user_id]:
            del self._pictures[key]
        drop_spares()

    def users(self) -> set[int]:
        """The users with a picture kept."""
        return {key.user_id for key in self._pictures}

    def __len__(self) -> int:
        return len(self._pictures)


def install_chart_pruning(application: Application[Any, Any, Any, Any, Any, Any], cache: ChartCache) -> None:
    """Prune the cache every half of MAX_AGE, so no picture stays in memory past it when nobody asks again."""

    async def run(_context: CallbackContext[Any, Any, Any, Any]) -> None:
        cache.prune()

    assert application.job_queue is not None
    application.job_queue.run_repeating(run, interval=MAX_AGE / 2, first=MAX_AGE / 2, name="stats-chart-pruning")
