"""A number said roughly ("под 40", "почти 40") is a count of tablets unless an illness stands beside it (review of
tune47: its temperature reading silenced "выпила почти 40 шт ибупрофена"), and a count said roughly after the verb
("выпила под 40 ношпы") is one, as "около 40" was."""

from __future__ import annotations

import pytest
from screen_probes import lexicon

from content.redflags import Outcome


@pytest.mark.parametrize(
    "text",
    [
        "выпила почти 40 шт ибупрофена",
        "выпила около 40 таблеточек парацетамола, хочу чтобы все закончилось",
        "выпила под 40 ношпы и пенталгина",
        "выпила под 40 таблеток",
        "выпил порядка 30 таблеток снотворного",
        "температура под 39, выпила 30 парацетамола",
    ],
)
def test_a_rough_count_of_tablets_is_an_overdose(text: str) -> None:
    assert lexicon(text, "ru") is Outcome.CRISIS


@pytest.mark.parametrize(
    "text",
    [
        "под 39, парацетамол сбивает на час, горло болит",
        "под 39, парацетамол каждые 6 часов, знобит",
        "температура 38,2, ибупрофен выпила, ломит тело, завтра к терапевту",
        "выпила под вечер 2 таблетки",
        "принял под утро 1 таблетку суматриптана",
    ],
)
def test_a_temperature_beside_an_illness_or_a_time_of_day_is_no_count(text: str) -> None:
    assert lexicon(text, "ru") is Outcome.NONE


@pytest.mark.parametrize(
    "text", ["под 40 и шея не гнется, голова раскалывается", "под 39 третий день и сыпь не бледнеет"]
)
def test_a_rough_temperature_still_reads_as_a_fever_for_meningitis(text: str) -> None:
    assert lexicon(text, "ru") is Outcome.URGENT
