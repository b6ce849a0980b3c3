"""Set gaps44: amounts told as a range or not counted, a face that drooped, pre-eclampsia signs without a headache.

The review of gaps44 removed the aura timed by two clock times (CLOCK_SPAN), the ru span since the aura ended and the
English recovery phrases (WELL_AGAIN): those gaps are open again.
"""

from __future__ import annotations

import pytest
from screen_probes import lexicon_codes

from content.redflags import Outcome


@pytest.mark.parametrize(
    ("language", "text", "outcome"),
    [
        ("es", "me tomé 20 o más pastillas", Outcome.CRISIS),
        ("es", "se tomó de 15 a 20 pastillas de golpe", Outcome.CRISIS),
        ("es", "me tomé 1 o 2 pastillas y se me pasó el dolor", Outcome.NONE),
        ("es", "tomo de 10 a 15 pastillas al mes para la migraña, ¿es mucho?", Outcome.NONE),
        ("ru", "выпил не считая, сколько было таблеток", Outcome.CRISIS),
        ("ru", "выпила целую горсть таблеток не считая", Outcome.CRISIS),
        ("ru", "наглотался воды и таблеток", Outcome.CRISIS),
        ("ru", "выпил сколько было водки", Outcome.NONE),
        ("ru", "выпила сколько было в аптечке", Outcome.CRISIS),
        # The tablets named: not a handful of nuts or vitamins, not what was in a bottle.
        ("ru", "съел горсть орехов", Outcome.NONE),
        ("ru", "выпила горсть витаминов утром", Outcome.NONE),
        ("ru", "выпил сколько было в бутылке", Outcome.NONE),
        ("ru", "съел горсть орехов, а теперь не могу говорить", Outcome.URGENT),
    ],
)
def test_an_amount_told_as_a_range_or_not_counted_is_an_overdose(language: str, text: str, outcome: Outcome) -> None:
    assert lexicon_codes(text, language)[0] is outcome


@pytest.mark.parametrize(
    ("language", "text", "urgent"),
    [
        ("es", "se le cayó la cara de un lado", True),
        ("es", "se me está cayendo la cara del lado izquierdo", True),
        ("es", "se me cae la cara de vergüenza", False),
        ("en", "36 weeks pregnant, blurry vision and my feet and face are swollen", True),
        ("es", "embarazada de 36 semanas, veo borroso y tengo los pies y la cara hinchados", True),
        ("ru", "36 недель беременности, все расплывается перед глазами, отекли ноги и лицо", True),
        ("en", "could blurry vision and swelling in pregnancy be pre-eclampsia?", False),
        # Not another person's pregnancy, swollen breasts, an eye's own cause, a question whether it is pre-eclampsia;
        # none of them silences another emergency told beside it.
        ("en", "my girlfriend is pregnant, i have blurry vision and swollen ankles", False),
        ("es", "embarazada, vision borrosa y pechos hinchados", False),
        ("en", "im pregnant and my eyes are blurry from crying, my feet are swollen", False),
        ("ru", "беременна, после капель у окулиста все расплывается, пальцы отекли", False),
        ("ru", "беременна, размытое зрение с отеками это преэклампсия?", False),
        ("es", "mi hermana está embarazada y ve borroso y tiene hinchazón", True),
        ("en", "pregnant, my breasts are swollen, blurry vision, puffy ankles and a severe headache", True),
        ("es", "embarazada, veo borroso de llorar, pies hinchados y dolor de cabeza fuerte", True),
        ("ru", "беременна, это преэклампсия? зрение размыто, ноги отекли, и рука онемела с одной стороны", True),
        ("es", "embarazada de 36 semanas, los pies un poco hinchados por la tarde", False),
    ],
)
def test_a_face_that_drooped_and_signs_of_pre_eclampsia_are_urgent(language: str, text: str, urgent: bool) -> None:
    assert (lexicon_codes(text, language)[0] is Outcome.URGENT) is urgent
