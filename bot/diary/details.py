"""Details of a saved attack, added right after saving or later from /diary: every tap is saved and audited.

Buttons are ``atk:<action>:<attack id>[:value]``; the attack must belong to whoever pressed, otherwise
the button is stale. Typed details (note, own trigger, times, a medicine's name) open the small
``diary_text`` dialog and arrive through typed_detail.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from telegram import Update

from bot import callbacks
from bot.access import read_user_state
from bot.callbacks import Callback
from bot.context import BotContext
from bot.diary.common import FLOW_TEXT, Screen, consent_screen, parse_press, show, zone_of
from bot.diary.views import attack_summary, details_keyboard, intensity_rows, saved_keyboard, toggles
from bot.keyboards import Row, inline
from bot.replies import answer_stale
from bot.texts import texts_for
from bot.texts.catalog import Texts
from storage.db import transaction, write_repeatable
from storage.dialogs import consume_dialog, start_dialog
from storage.diary import (
    OTHER_LIMIT,
    get_attack,
    intakes_for_attack,
    list_personal_triggers,
    read_attack_with_intakes,
    update_attack,
    update_attack_row,
)
from storage.diary_models import Attack, MedicationIntake
from storage.models import User
from storage.snapshots import UserView


@dataclass(frozen=True, slots=True)
class Press:
    """A button pressed on one of the user's own attacks.

    ``db`` is the ORM session the press runs in, or, for the buttons of CORE_ACTIONS, a Core connection: those
    read and write through edit() and intakes() only, and the attack and its doses, read together, are then
    in no session.
    """

    db: AsyncSession | AsyncConnection
    user: User | UserView
    t: Texts
    attack: Attack
    data: Callback
    now: datetime
    tz: ZoneInfo
    doses: list[MedicationIntake] | None = None  # read with the attack, on a Core connection

    @property
    def session(self) -> AsyncSession:
        """The ORM session: every action outside CORE_ACTIONS runs in one."""
        if not isinstance(self.db, AsyncSession):
            raise TypeError(f"the attack button {self.data.action!r} needs an ORM session")
        return self.db

    async def edit(self, **changes: object) -> None:
        """Change fields of the pressed attack (audited by storage)."""
        if isinstance(self.db, AsyncSession):
            await update_attack(session=self.db, attack=self.attack, now=self.now, **changes)
        else:
            await update_attack_row(connection=self.db, attack=self.attack, now=self.now, **changes)

    async def intakes(self) -> list[MedicationIntake]:
        """The doses logged with the pressed attack, in the order taken."""
        if self.doses is not None:
            return self.doses
        return await intakes_for_attack(session=self.session, user_id=self.user.id, attack_id=self.attack.id or 0)

    def make(self, action: str, *args: object) -> str:
        """Build the data of another button on the same attack."""
        return callbacks.make("atk", action, self.attack.id, *args)

    def back(self) -> list[tuple[str, str]]:
        """A row with the button back to the details menu."""
        return [(self.t.BTN_DIARY_BACK, self.make("menu"))]


Action = Callable[[Press], Awaitable[Screen | None]]
ACTIONS: dict[str, Action] = {}
# The buttons of a typed medicine's kind (bot/diary/meds.py) read the name its diary_text dialog holds.
# Any other button leaves the question that opened that dialog, so the dialog ends: otherwise text typed
# after « Back from "Type your note" was saved as the note.
READ_TYPED_NAME = frozenset({"md", "mk", "mc"})
# The buttons that need no ORM session (they use Press.edit and Press.intakes only, and edit at most once):
# they run on a Core connection, on PostgreSQL without a transaction. "It ended", "Just now" and the details
# menu are among the most pressed. With a typed-detail dialog open they run in the session, which closes it.
CORE_ACTIONS = frozenset(
    {"menu", "done", "int", "sym", "ph", "imp", "end", "times", "in", "pp", "at", "ad", "im", "en", "tgo"}
)


def action(name: str) -> Callable[[Action], Action]:
    """Register a details action under its callback name."""

    def register(fn: Action) -> Action:
        ACTIONS[name] = fn
        return fn

    return register


async def attack_button(update: Update, context: BotContext) -> None:
    """Handle a button on an attack: details, times, medicine; foreign or deleted attacks are stale."""
    parsed = parse_press(update)
    attack_id = parsed.int_arg(0) if parsed else None
    handler = ACTIONS.get(parsed.action) if parsed else None
    if parsed is None or attack_id is None or handler is None:
        await answer_stale(update, context)
        return
    now = context.services.clock.now()
    # The user as read for the update (SQLite's snapshot cache, or one statement on PostgreSQL), not loaded as an
    # ORM row in the transaction: no button here writes the user, and the dialog's flow is in the state.
    state = await read_user_state(update, context)
    user = state.user
    t = texts_for(user.language)
    tz = zone_of(user, context)
    if not user.has_consent:
        screen: Screen | None = consent_screen(t)
    elif parsed.action in CORE_ACTIONS and state.dialog_flow != FLOW_TEXT:
        screen = await _press_on_core(context, user, t, parsed, attack_id, now=now, tz=tz)
    else:
        async with transaction(context.services.sessions) as session:
            attack = await get_attack(session=session, user_id=user.id, attack_id=attack_id)
            if attack is None:
                screen = None
            else:
                if parsed.action not in READ_TYPED_NAME and state.dialog_flow == FLOW_TEXT:
                    await consume_dialog(session=session, user_id=user.id, flow=FLOW_TEXT)
                screen = await handler(Press(session, user, t, attack, parsed, now, tz))
    if screen is None:
        await answer_stale(update, context)
        return
    await show(update, screen, edit=True)


async def _press_on_core(
    context: BotContext, user: UserView, t: Texts, parsed: Callback, attack_id: int, *, now: datetime, tz: ZoneInfo
) -> Screen | None:
    """Run a button of CORE_ACTIONS on a Core connection: no ORM session or rows; None when the attack is gone.

    On PostgreSQL the reads commit on their own (each reads what a READ COMMITTED transaction's statement would
    have read) and so does an edit, one statement with its audit row, last: run again on a new connection, the
    attack read again has nothing left to change (storage.db.write_repeatable). On SQLite all is one transaction.
    """
    handler = ACTIONS[parsed.action]

    async def work(connection: AsyncConnection) -> Screen | None:
        read = await read_attack_with_intakes(connection=connection, user_id=user.id, attack_id=attack_id)
        if read is None:
            return None
        attack, doses = read
        return await handler(Press(connection, user, t, attack, parsed, now, tz, doses))

    services = context.services
    return await write_repeatable(services.reads or services.engine, work)


async def menu_screen(press: Press) -> Screen:
    """The attack with everything recorded, and the details menu."""
    intakes = await press.intakes()
    text = attack_summary(press.attack, press.t, tz=press.tz, now=press.now, intakes=intakes)
    return Screen(text + "\n\n" + press.t.DETAILS_MENU, details_keyboard(press.attack, press.t))


@action("menu")
async def show_menu(press: Press) -> Screen:
    """Show the details menu."""
    return await menu_screen(press)


@action("done")
async def finish_details(press: Press) -> Screen:
    """Close the menu: the summary with the ongoing-attack buttons."""
    intakes = await press.intakes()
    text = attack_summary(press.attack, press.t, tz=press.tz, now=press.now, intakes=intakes)
    return Screen(text, saved_keyboard(press.attack, press.t))


@action("int")
async def ask_intensity(press: Press) -> Screen:
    """Offer the worst-pain levels."""
    rows = intensity_rows(press.t, {n: press.make("in", n) for n in range(11)})
    return Screen(press.t.INTENSITY_ASK, inline([*rows, press.back()]))


@action("in")
async def set_intensity(press: Press) -> Screen | None:
    """Store a new worst-pain level."""
    level = press.data.int_arg(1)
    if level is None or not 0 <= level <= 10:
        return None
    # No pain is an aura without headache: the aura is ticked for the user (issue: aura-only attacks).
    await press.edit(peak_intensity=level, **({"aura": True} if level == 0 else {}))
    return await menu_screen(press)


def _symptom_screen(press: Press) -> Screen:
    a, t = press.attack, press.t
    options = {**t.SYMPTOMS, **t.FEATURES}
    rows = toggles(options, [*a.symptoms, *a.features], {k: press.make("sy", k) for k in options})
    return Screen(t.SYMPTOMS_ASK, inline([*rows, press.back()]))


@action("sym")
async def ask_symptoms(press: Press) -> Screen:
    """Offer the symptoms and pain features as toggles."""
    return _symptom_screen(press)


@action("sy")
async def toggle_symptom(press: Press) -> Screen | None:
    """Toggle one symptom or pain feature."""
    key = press.data.arg(1)
    field = "symptoms" if key in press.t.SYMPTOMS else "features" if key in press.t.FEATURES else None
    if field is None:
        return None
    current = list(getattr(press.attack, field))
    if key == "other":
        return await _toggle_other(press, "symptoms", "other_symptom", press.t.OTHER_SYMPTOM_ASK, ask_symptoms)
    await press.edit(**{field: [k for k in current if k != key] if key in current else [*current, key]})
    return _symptom_screen(press)


async def _toggle_other(
    press: Press, field: str, words_field: str, ask: str, screen: Callable[[Press], Awaitable[Screen | None]]
) -> Screen | None:
    """Switch "Other" off (forgetting its words), or on and ask for a few words to describe it."""
    current = list(getattr(press.attack, field))
    if "other" in current:
        await press.edit(**{field: [k for k in current if k != "other"], words_field: None})
        return await screen(press)
    await press.edit(**{field: [*current, "other"]})
    data = {"attack_id": press.attack.id}
    await start_dialog(session=press.session, user_id=press.user.id, flow=FLOW_TEXT, step=words_field, data=data)
    back = "sym" if field == "symptoms" else "trg"
    return Screen(ask.format(limit=OTHER_LIMIT), inline([[(press.t.BTN_SKIP_OTHER, press.make(back))]]))


async def _trigger_screen(press: Press) -> Screen:
    t = press.t
    own = await list_personal_triggers(session=press.session, user_id=press.user.id)
    options = {**t.TRIGGERS, **{trigger.name: trigger.name for trigger in own}}
    data = {key: press.make("tg", key) for key in t.TRIGGERS} | {p.name: press.make("tg", f"p{p.id}") for p in own}
    rows = toggles(options, press.attack.triggers, data)
    return Screen(t.TRIGGERS_ASK, inline([*rows, [(t.BTN_ADD_OWN_TRIGGER, press.make("tnew"))], press.back()]))


@action("trg")
async def ask_triggers(press: Press) -> Screen:
    """Offer the default triggers plus the user's own as toggles."""
    return await _trigger_screen(press)


@action("tg")
async def toggle_trigger(press: Press) -> Screen | None:
    """Toggle a default trigger, or one of the user's own (by id, checked to be theirs)."""
    key = press.data.arg(1)
    if key.startswith("p") and key[1:].isdigit():
        own = {str(p.id): p.name for p in await list_personal_triggers(session=press.session, user_id=press.user.id)}
        name = own.get(key[1:])
    else:
        name = key if key in press.t.TRIGGERS else None
    if name is None:
        return None
    if name == "other":
        return await _toggle_other(press, "triggers", "other_trigger", press.t.OTHER_TRIGGER_ASK, _trigger_screen)
    current = list(press.attack.triggers)
    await press.edit(triggers=[k for k in current if k != name] if name in current else [*current, name])
    return await _trigger_screen(press)


def _phase_screen(press: Press) -> Screen:
    a, t = press.attack, press.t
    chosen = [key for key in t.PHASES if getattr(a, key)]
    rows: list[Row] = toggles(t.PHASES, chosen, {k: press.make("pp", k) for k in t.PHASES}, per_row=1)
    if a.aura:
        rows += toggles(t.AURA_KINDS, a.aura_kinds, {k: press.make("at", k) for k in t.AURA_KINDS}, per_row=3)
        minutes = {str(k): v for k, v in t.AURA_MINUTES.items()}
        rows += toggles(minutes, [str(a.aura_minutes)], {k: press.make("ad", k) for k in minutes}, per_row=4)
    return Screen(t.PHASES_ASK, inline([*rows, press.back()]))


@action("ph")
async def ask_phases(press: Press) -> Screen:
    """Offer prodrome, aura (its kinds, several at once, and its duration) and postdrome."""
    return _phase_screen(press)


@action("pp")
async def toggle_phase(press: Press) -> Screen | None:
    """Toggle one phase; switching the aura off forgets its kinds and duration."""
    key = press.data.arg(1)
    if key not in press.t.PHASES:
        return None
    value = not getattr(press.attack, key)
    if key == "aura" and not value and press.attack.peak_intensity == 0:
        return Screen(press.t.AURA_ONLY_KEEPS_AURA, _phase_screen(press).markup)
    extra: dict[str, object] = {"aura_kinds": [], "aura_minutes": None} if key == "aura" and not value else {}
    await press.edit(**{key: value}, **extra)
    return _phase_screen(press)


@action("at")
async def toggle_aura_kind(press: Press) -> Screen | None:
    """Tick or untick one kind of aura: an aura may be visual and sensory at once."""
    kind = press.data.arg(1)
    if kind not in press.t.AURA_KINDS or not press.attack.aura:
        return None
    current = list(press.attack.aura_kinds)
    chosen = [k for k in current if k != kind] if kind in current else [*current, kind]
    await press.edit(aura_kinds=[k for k in press.t.AURA_KINDS if k in chosen])
    return _phase_screen(press)


@action("ad")
async def set_aura_minutes(press: Press) -> Screen | None:
    """Store how long the aura lasted."""
    minutes = press.data.int_arg(1)
    if minutes not in press.t.AURA_MINUTES or not press.attack.aura:
        return None
    await press.edit(aura_minutes=minutes)
    return _phase_screen(press)


@action("imp")
async def ask_impact(press: Press) -> Screen:
    """Offer the three levels of impact."""
    t = press.t
    rows = toggles(t.IMPACTS, [press.attack.impact or ""], {k: press.make("im", k) for k in t.IMPACTS}, per_row=1)
    return Screen(t.IMPACT_ASK, inline([*rows, press.back()]))


@action("im")
async def set_impact(press: Press) -> Screen | None:
    """Store the impact."""
    impact = press.data.arg(1)
    if impact not in press.t.IMPACTS:
        return None
    await press.edit(impact=impact)
    return await menu_screen(press)
