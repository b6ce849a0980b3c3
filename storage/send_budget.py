"""Reserving send slots in the shared budget row: one statement per message, on PostgreSQL only.

The algorithm is GCRA (the "generic cell rate algorithm", a token bucket of one token written as times):
the row holds the earliest moment the next message may leave, per lane. A reservation takes the slot
``max(row, now)`` and moves the row one interval on, so reservations are spaced exactly 1/rate apart
whichever instance makes them, and each caller learns at once how long to wait; nobody polls. Times
are the database server's clock (``clock_timestamp()``): one clock for every instance, on any host.

Two lanes give interactive replies priority over background traffic (broadcasts, reminders):

* an interactive reservation uses the overall lane only, and always succeeds, maybe for a slot a
  little in the future;
* a background reservation needs a slot free in both lanes (the background lane runs at the
  broadcast rate, so some of the overall rate is always left for replies), and it is only taken when
  it is at most `horizon` seconds ahead. Otherwise nothing is reserved and the caller is told when to
  ask again; so background traffic never queues up in front of a reply, which waits at most one
  horizon and one interval behind it.

The promise is the one Telegram checks: at most ``rate + 1`` messages in any one second, as they
arrive. Slots exactly 1/rate apart only keep it if every message leaves exactly at its slot: one that
is a little late (its process was descheduled or held by its CPU quota, its request queued) joins the
next second's ``rate + 1`` on-time ones. So the overall lane's slots are spaced so that even a window
of 1 + SEND_JITTER seconds holds at most ``rate + 1`` of them (``BudgetRates.per_second``): a message
up to SEND_JITTER late still cannot make a second hold more. Above 10 a second this costs a little
rate (20 a second becomes 19.1); a sender later than that takes a new slot instead of using the one it
missed (scheduler.send_budget.SharedBudget).

One private chat has a limit of its own: about one message a second, with short bursts tolerated. The
same statement paces the messages of one lane to one chat (`reserve_chat_slot`): a row per chat, named
by the bot's budget and the chat id, spaced `CHAT_INTERVAL` apart. Only the operator's progress
messages take it (bot/rate_budget.py), the one background traffic that sends one chat several messages
in a row, from whichever instance's worker reports; so only operators' chats ever get such a row.

Measured against a shared token bucket (bench/budget.py and /work/notes/o16a.md): the same single-row
update, but a bucket tells an empty caller only to "try again", and callers who retry together hammer
the row; the reservation tells each one its own time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.budget_models import SendBudget

_TABLE = SendBudget.__tablename__

_RESERVE = text(f"""
WITH now AS (SELECT extract(epoch FROM clock_timestamp())::float8 AS t),
cur AS (
    SELECT b.name, now.t,
           CASE WHEN :background THEN greatest(b.overall_at, b.background_at, now.t)
                ELSE greatest(b.overall_at, now.t) END AS slot
    FROM {_TABLE} AS b, now
    WHERE b.name = :name
    FOR UPDATE OF b
),
taken AS (
    UPDATE {_TABLE} AS b
    SET overall_at = cur.slot + :overall_interval,
        background_at = CASE WHEN :background THEN cur.slot + :background_interval ELSE b.background_at END
    FROM cur
    WHERE b.name = cur.name AND (NOT :background OR cur.slot <= cur.t + :horizon)
    RETURNING b.name
)
SELECT cur.slot, EXISTS (SELECT 1 FROM taken) AS taken,
       CASE WHEN EXISTS (SELECT 1 FROM taken) THEN cur.slot - cur.t ELSE cur.slot - cur.t - :horizon END AS wait
FROM cur
""")

_CREATE = text(f"INSERT INTO {_TABLE} (name, overall_at, background_at) VALUES (:name, 0, 0) ON CONFLICT DO NOTHING")


@dataclass(frozen=True, slots=True)
class Reservation:
    """The answer to one request: whether the slot was taken, when it is (database epoch seconds), and
    `wait`: seconds until the taken slot, or, when none was taken, until asking again can succeed."""

    taken: bool
    slot: float
    wait: float


# How late a message may leave after its slot, relative to the others, and the promise still hold.
# At 0.25 of a core a process can be held for 75 ms of every 100 ms (its CFS quota period).
SEND_JITTER = 0.1


def overall_interval(rate: float, *, jitter: float = SEND_JITTER) -> float:
    """Seconds between overall slots at `rate` a second (0: unlimited): 1/rate, or more where needed so that
    any window of 1 + `jitter` seconds holds at most ``rate + 1`` slots (n slots span (n - 1) intervals)."""
    if rate <= 0:
        return 0.0
    return max(1 / rate, (1 + jitter) / (math.floor(rate) + 1) * (1 + 1e-9))


@dataclass(frozen=True, slots=True)
class BudgetRates:
    """The lanes' spacing in seconds (0: unlimited) and how far ahead background traffic may reserve."""

    overall_interval: float
    background_interval: float
    horizon: float = 0.05

    @classmethod
    def per_second(cls, overall: float, background: float, *, horizon: float = 0.05) -> BudgetRates:
        """Rates in messages a second; 0 overall means no overall limit (TELEGRAM_OVERALL_MAX_RATE=0).

        The overall lane keeps the ``rate + 1`` promise for messages up to SEND_JITTER late (overall_interval).
        """
        return cls(overall_interval(overall), 1 / background if background > 0 else 0.0, horizon)


# Seconds between two background messages to one private chat: Telegram's "one message a second per chat".
CHAT_INTERVAL = 1.0


async def reserve_send_slot(*, engine: AsyncEngine, name: str, rates: BudgetRates, background: bool) -> Reservation:
    """Reserve the next slot of budget `name` (creating its row on first use); see the module docstring.

    `engine` should be autocommit (storage.db.create_read_engine): the statement is its own transaction,
    one round trip, and holds the row lock only while it runs.
    """
    params = {
        "name": name,
        "background": background,
        "overall_interval": rates.overall_interval,
        "background_interval": rates.background_interval,
        "horizon": rates.horizon,
    }
    async with engine.connect() as connection:
        row = (await connection.execute(_RESERVE, params)).first()
        if row is None:
            await connection.execute(_CREATE, {"name": name})
            row = (await connection.execute(_RESERVE, params)).first()
    assert row is not None
    return Reservation(taken=bool(row.taken), slot=float(row.slot), wait=float(row.wait))


def chat_budget_name(budget: str, chat_id: int) -> str:
    """The budget row of one chat: the bot's budget name (shortened to its first 16 characters) and the chat id."""
    return f"{budget[:16]}/{chat_id}"


async def reserve_chat_slot(
    *, engine: AsyncEngine, budget: str, chat_id: int, interval: float = CHAT_INTERVAL
) -> Reservation:
    """Reserve the next slot for one message to one chat: slots of a chat are `interval` apart, whichever
    instance reserves them, and the reservation always succeeds (`wait` says how far ahead it is)."""
    rates = BudgetRates(overall_interval=interval, background_interval=0.0)
    return await reserve_send_slot(
        engine=engine, name=chat_budget_name(budget, chat_id), rates=rates, background=False
    )
