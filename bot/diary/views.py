"""How a diary entry looks: its summary text and the keyboards that act on it."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup

from bot import callbacks
from bot.diary.common import local_moment
from bot.keyboards import Row, inline
from bot.texts.catalog import Texts
from storage.diary_models import Attack, MedicationIntake

NOTE_PREVIEW = 300


def intensity_text(level: int, t: Texts) -> str:
    """Return "5/10 (moderate)"."""
    word = next(w for low, w in sorted(t.INTENSITY_WORDS.items(), reverse=True) if level >= low)
    return f"{level}/10 ({word})"


def attack_summary(
    attack: Attack, t: Texts, *, tz: ZoneInfo, now: datetime, intakes: Sequence[MedicationIntake] = ()
) -> str:
    """Describe an attack: times, worst pain, and every detail recorded so far."""
    start = local_moment(attack.started_at, tz, now=now, t=t)
    if attack.ended_at is None:
        end = t.ONGOING
    else:
        end = t.ENDED_AT.format(
            end=local_moment(attack.ended_at, tz, now=now, t=t),
            duration=t.duration(attack.ended_at - attack.started_at),
        )
    template = t.AURA_ONLY_SUMMARY if attack.aura and attack.peak_intensity == 0 else t.ATTACK_SUMMARY
    lines = [template.format(start=start, end=end, intensity=intensity_text(attack.peak_intensity, t))]
    symptoms = [_other(t.SYMPTOMS, s, attack.other_symptom, t) for s in attack.symptoms]
    symptoms += [t.FEATURES.get(f, f) for f in attack.features]
    phases = [label for key, label in t.PHASES.items() if getattr(attack, key)]
    if attack.aura:
        phases += [t.AURA_KINDS.get(kind, kind) for kind in attack.aura_kinds]
    if attack.aura and attack.aura_minutes is not None:
        phases.append(t.AURA_MINUTES.get(attack.aura_minutes) or t.unit(attack.aura_minutes, "minute"))
    medicines = [f"{i.name} {local_moment(i.taken_at, tz, now=now, t=t)}" for i in intakes]
    note = attack.notes if len(attack.notes) <= NOTE_PREVIEW else attack.notes[:NOTE_PREVIEW] + "…"
    details = {
        "symptoms": symptoms,
        "triggers": [_other(t.TRIGGERS, x, attack.other_trigger, t) for x in attack.triggers],
        "phases": phases,
        "impact": [t.IMPACTS.get(attack.impact, t.IMPACT_NOT_RECORDED) if attack.impact else t.IMPACT_NOT_RECORDED],
        "medicines": medicines,
        "note": [note] if note else [],
    }
    for key, values in details.items():
        if values:
            lines.append(t.DETAIL_LINES[key].format(value=html.escape(", ".join(values))))
    return "\n".join(lines)


def _other(labels: dict[str, str], key: str, words: str | None, t: Texts) -> str:
    """A symptom or trigger label; "Other" with the user's own words when they gave some."""
    label = labels.get(key, key)
    return str(t.OTHER_WITH_WORDS.format(label=label, words=words)) if key == "other" and words else label


def ongoing_row(attack: Attack, t: Texts) -> list[tuple[str, str]]:
    """Return the "It ended" (while it goes on) and "Took medicine" buttons."""
    if attack.ended_at is None:
        return ongoing_buttons(attack.id, t)
    return [(t.BTN_TOOK_MEDICINE, callbacks.make("atk", "med", attack.id))]


def ongoing_buttons(attack_id: int | None, t: Texts) -> list[tuple[str, str]]:
    """The "It ended" and "Took medicine" buttons of an attack going on."""
    return [
        (t.BTN_ENDED, callbacks.make("atk", "end", attack_id)),
        (t.BTN_TOOK_MEDICINE, callbacks.make("atk", "med", attack_id)),
    ]


def saved_keyboard(attack: Attack, t: Texts) -> InlineKeyboardMarkup:
    """Buttons under a saved attack: end it and log medicine while it goes on, add details."""
    return attack_keyboard(attack.id, attack.ended_at, t)


def attack_keyboard(attack_id: int | None, ended_at: datetime | None, t: Texts) -> InlineKeyboardMarkup:
    """saved_keyboard of an attack known by its id and end."""
    row = (
        ongoing_buttons(attack_id, t)
        if ended_at is None
        else [(t.BTN_TOOK_MEDICINE, callbacks.make("atk", "med", attack_id))]
    )
    return inline([row, [(t.BTN_ADD_DETAILS, callbacks.make("atk", "menu", attack_id))]])


def details_keyboard(attack: Attack, t: Texts) -> InlineKeyboardMarkup:
    """The details menu of one attack."""
    a = attack.id
    rows: list[Row] = [
        [(t.BTN_TIMES, callbacks.make("atk", "times", a)), (t.BTN_INTENSITY, callbacks.make("atk", "int", a))],
        [(t.BTN_SYMPTOMS, callbacks.make("atk", "sym", a)), (t.BTN_TRIGGERS, callbacks.make("atk", "trg", a))],
        [(t.BTN_PHASES, callbacks.make("atk", "ph", a)), (t.BTN_IMPACT, callbacks.make("atk", "imp", a))],
        [(t.BTN_MEDICINE, callbacks.make("atk", "med", a)), (t.BTN_NOTE, callbacks.make("atk", "note", a))],
        [(t.BTN_FINISHED, callbacks.make("atk", "done", a))],
    ]
    if attack.ended_at is None:
        rows.insert(0, [(t.BTN_ENDED, callbacks.make("atk", "end", a))])
    return inline(rows)


def toggles(
    options: Mapping[str, str], chosen: Iterable[str], data: Mapping[str, str], *, per_row: int = 2
) -> list[Row]:
    """Rows of toggle buttons, "✅ " in front of the chosen ones; ``data`` maps each option to its callback."""
    picked = set(chosen)
    buttons = [(("✅ " if key in picked else "") + label, data[key]) for key, label in options.items()]
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]


def intensity_rows(t: Texts, data: Mapping[int, str]) -> list[Row]:
    """None / mild / moderate / severe (the 4-point scale), then 1-10; ``data`` maps each level to its callback."""
    words = [(t.BTN_NO_PAIN, data[0]), (t.BTN_MILD, data[2]), (t.BTN_MODERATE, data[5]), (t.BTN_SEVERE, data[8])]
    return [words, [(str(n), data[n]) for n in range(1, 6)], [(str(n), data[n]) for n in range(6, 11)]]
