"""Found with set Z7 (dev39, ru) and its tuning, in the rules and the text every language shares.

- A sign the writer puts down to an ordinary cause of its own, as a fact (SIGN_CAUSE): slurred speech and drink had,
  a sore jaw and a denture. Denied ("я не пьяная") or only a likeness ("как у пьяной"), the sign stands; a sore
  temple or a change in sight is never taken back by a denture.
- A decision named right after as a doctor's visit booked (CARE_PLAN) is no plan with hopelessness.
- 😄 and 😁 mark a joke as "lol" does.
"""

from __future__ import annotations

import pytest
from screen_probes import lexicon

from content.redflags import Outcome
from content.redflags.text import split_words


@pytest.mark.parametrize(
    "text",
    [
        "язык заплетается, я пьяная после корпоратива ахах, голова завтра будет болеть",
        "бабушке 76 сделали зубной протез, челюсть натирает когда ест, голова не болит",
        "я все решила: больше не могу так, записалась к неврологу",
    ],
)
def test_a_sign_with_its_ordinary_cause_or_a_visit_booked_raises_no_alarm(text: str) -> None:
    assert lexicon(text, "ru") not in (Outcome.URGENT, Outcome.CRISIS)


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("язык заплетается, я не пьяная, ни капли не пила, и голова раскалывается", Outcome.URGENT),
        ("у мамы язык заплетается как у пьяной а она вообще не пьёт, и за голову держится", Outcome.URGENT),
        ("маме 74, сделали протез, но висок болит и кожа головы болит когда причесываюсь", Outcome.URGENT),
        ("маме 74, протез натирает, челюсть устает когда жует и в глазу пелена, видит мутно", Outcome.URGENT),
        ("я все решила. больше не могу так. записки написала", Outcome.CRISIS),
    ],
)
def test_the_sign_stands_when_the_cause_is_denied_a_likeness_or_elsewhere(text: str, outcome: Outcome) -> None:
    assert lexicon(text, "ru") is outcome


@pytest.mark.parametrize("face", ["\U0001f604", "\U0001f601"])
def test_more_laughing_faces_read_as_lol(face: str) -> None:
    assert "lol" in split_words(f"жить не хочется в такую погоду {face}").words
