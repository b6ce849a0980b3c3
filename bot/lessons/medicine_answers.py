"""The answer to a question about a medicine the user takes: a plain word first, then its lesson first.

The words are read in content/medicine_questions.py. A question whether a medicine causes a symptom gets the
word to tell the prescriber and not to stop or change it alone (sooner for a change in mood); a dose question
the word that doses come from the doctor, pharmacist or leaflet. Never a judgement, never a dose.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.safety.emergency import EmergencyNumbers, format_numbers
from bot.texts.catalog import Texts
from content import Catalog, SearchHit
from content.medicine_questions import lessons_on, read_medicine_question

# The lesson on the named medicine goes first; the search's best others follow, up to this many in all.
MAX_LESSONS = 3


def medicine_answer(
    t: Texts, catalog: Catalog, text: str, hits: Sequence[SearchHit], *, numbers: EmergencyNumbers
) -> tuple[str, list[SearchHit]]:
    """The note to put before the lessons (empty for other questions), and the hits with the medicine's lesson
    first. A change in mood also gets the user's emergency number, should thoughts of self-harm come."""
    question = read_medicine_question(text, catalog.lang)
    if question is None:
        return "", list(hits)
    notes: list[str] = []
    if question.side_effect:
        mood = " " + t.MEDICINE_MOOD.format(**format_numbers(numbers, t)) if question.mood else ""
        notes.append(t.MEDICINE_SIDE_EFFECT + mood)
    if question.dose:
        notes.append(t.MEDICINE_DOSE)
    first = lessons_on(catalog, question.medicines)
    scores = {hit.lesson_id: hit.score for hit in hits}
    ranked = [SearchHit(lesson_id, scores.get(lesson_id, 0.0)) for lesson_id in first]
    ranked += [hit for hit in hits if hit.lesson_id not in first]
    return "\n\n".join(notes), ranked[:MAX_LESSONS]
