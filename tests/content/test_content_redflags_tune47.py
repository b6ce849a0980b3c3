"""The tune47 concepts, each with the emergencies of its own shape that it must leave alarming.

- A body temperature read before a medicine is no count of tablets (rules.py, TEMPERATURE_READ: an exception that
  cancels only a finding sharing a word with it); a count beside a temperature stays an overdose.
- An effort or posture headache that recurs and a doctor worked up, with nothing found or a benign name, is no red
  flag (INVESTIGATED_HABIT, ru); a new one, one not worked up, or a sudden one still is.
- The writer's word that the pain is gone ("сейчас не болит") closes the story before it as ENDED (ru): a thunderclap
  or a deficit told before it still alarms. A month back is the past unless the sign is still there (ru STILL).
- The time since an aura ended is not its length (ENDED_AGO, en, es, ru).
- Another person's story told as theirs is a story (ru STORY), not when it is the writer's sign they tell.
- A crisis typed with a slip of the thumb (LexiconFile.short_words) or said of "you" with the writer's own after it.
"""

from __future__ import annotations

import pytest
from screen_probes import lexicon

from content.redflags import Outcome, screen
from content.redflags.lexicon import load_lexicon

ALARM = (Outcome.URGENT, Outcome.CRISIS)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "под 39, парацетамол сбивает на час, горло болит"),
        ("ru", "температура 38,2, ибупрофен выпила, ломит тело, завтра к терапевту"),
        ("ru", "жар 39 парацетамол дала, сбили до 37"),
        ("en", "fever 39, paracetamol brings it down for an hour, sore throat"),
        ("en", "39.2 ibuprofen not working, kid has flu"),
        ("es", "fiebre de 39, paracetamol me la baja una hora, me duele la garganta"),
        ("es", "tengo 38,5 ibuprofeno tomado, me duele el cuerpo"),
    ],
)
def test_a_fever_with_its_usual_medicine_is_no_overdose(language: str, text: str) -> None:
    assert screen(text, language, second_opinion=False).codes == ()


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "выпила всю пачку парацетамола, температура 39"),
        ("ru", "выпила 30 парацетамола, температура 38"),
        ("ru", "под 40 таблеток выпила, простите"),
        ("ru", "около 40 таблеток парацетамола выпила"),
        ("ru", "температура 40 таблеток парацетамола выпила"),
        ("ru", "у меня жар 39 выпила 38 таблеток нурофена"),
        ("en", "took 30 paracetamol with a fever"),
        ("en", "temperature 38 took 20 paracetamol"),
        ("en", "temp 39 so i took 40 ibuprofen"),
        ("es", "fiebre de 39 y me tome 40 pastillas"),
        ("es", "me tome 30 paracetamoles con fiebre"),
    ],
)
def test_a_count_of_tablets_beside_a_temperature_stays_an_overdose(language: str, text: str) -> None:
    result = screen(text, language, second_opinion=False)
    assert result.outcome is Outcome.CRISIS
    assert "overdose" in result.codes


@pytest.mark.parametrize(
    "text",
    [
        "после бега иногда ноет голова, меня полностью обследовали, сказали мигрень",
        "после пробежки иногда болит голова, всегда так было, лет 8, обследовали полностью. может дело в воде?",
        "у меня после секса иногда голова тупо побаливает, врач обследовал в прошлом году и сказал что это "
        "доброкачественная, назначил таблетку перед. работает. это навсегда?",
        "когда тужусь в туалете голова всегда болит, невролог проверил, диагноз первичная кашлевая головная боль",
        "у меня уже много лет после бассейна болит голова, врачи в курсе",
    ],
)
def test_an_effort_headache_that_recurs_and_was_worked_up_is_no_red_flag(text: str) -> None:
    assert lexicon(text, "ru") not in ALARM


@pytest.mark.parametrize(
    "text",
    [
        "вчера впервые при кашле резко заболела голова, раньше такого не было",
        "при кашле стала болеть голова, две недели, к врачу не ходила",
        "при кашле болит голова, меня полностью обследовали год назад по поводу другого, но эта боль новая",
        "во время секса резко взорвалась голова, сильнейшая боль, обследовали меня полностью в прошлом году",
        "после бега иногда болит голова, обследовали, сказали мигрень. но сегодня при беге голова заболела по другому, "
        "как никогда",
        "мужа обследовали полностью, сказали мигрень. а у меня после бега болит голова",
        "после кашля голова болит третью неделю и всё сильнее, обследовали полностью",
    ],
)
def test_a_new_sudden_or_uninvestigated_effort_headache_still_alarms(text: str) -> None:
    assert lexicon(text, "ru") in ALARM


@pytest.mark.parametrize(
    ("text", "alarms"),
    [
        ("раньше болела голова при кашле, сейчас не болит, простуда прошла", False),
        ("прошлой осенью была мигрень три дня подряд, невролог подобрал лечение, сейчас хорошо", False),
        ("вчера самая сильная боль в жизни, как удар, сейчас не болит", True),
        ("вчера резко онемела рука и лицо перекосило, сейчас всё хорошо", True),
        ("у меня мигрень пятый день, сейчас не болит только когда лежу", True),
        ("мигрень 4 дня не проходит, сейчас хорошо бы уснуть", True),
        ("при кашле болит голова, сейчас не болит но как кашляну так сразу", True),
    ],
)
def test_a_pain_said_gone_ends_the_story_but_not_a_thunderclap_or_a_deficit(text: str, alarms: bool) -> None:
    assert (lexicon(text, "ru") in ALARM) is alarms


@pytest.mark.parametrize(
    ("text", "alarms"),
    [
        ("месяц назад ударилась головой и с тех пор болит всё сильнее", True),
        ("пару месяцев назад началась новая головная боль и до сих пор не прошла, мне 60", True),
        ("месяц назад ударилась головой, рвало, сейчас всё хорошо", False),
        (
            "полгода назад была аура с онемением руки больше часа, вызывали скорую, в больнице мрт и кт сосудов все "
            "чисто, сказали мигрень с аурой. с тех пор ни разу так. хотела спросить можно ли мне таблетки "
            "противозачаточные",
            False,
        ),
    ],
)
def test_a_month_back_is_the_past_unless_the_sign_is_still_there(text: str, alarms: bool) -> None:
    assert (lexicon(text, "ru") in ALARM) is alarms


@pytest.mark.parametrize(
    ("language", "text", "alarms"),
    [
        ("ru", "уже часа 2 как прошла аура", False),
        ("ru", "аура закончилась 2 часа назад", False),
        ("ru", "аура уже 2 часа не проходит", True),
        ("ru", "аура длилась 3 часа, час как прошла", True),
        ("en", "the aura passed 2 hours ago", False),
        ("en", "aura started 2 hours ago and is still going", True),
        ("en", "aura lasted 3 hours, it ended an hour ago", True),
        ("es", "el aura se me paso hace 2 horas", False),
        ("es", "hace ya 2 horas que se me fue el aura", False),
        ("es", "el aura empezo hace 2 horas y sigue", True),
        ("es", "el aura me duro 3 horas, se me paso hace una hora", True),
    ],
)
def test_the_time_since_an_aura_ended_is_not_its_length(language: str, text: str, alarms: bool) -> None:
    assert (lexicon(text, language) in ALARM) is alarms


@pytest.mark.parametrize(
    ("text", "alarms"),
    [
        ("соседка говорит что у ее сына онемела рука перед инсультом, какие признаки надо знать", False),
        ("одна знакомая ослепла на один глаз из-за артериита, страшно", False),
        ("коллега рассказывала что у нее была самая сильная головная боль в жизни и это была аневризма", False),
        ("подруга говорит что у меня речь путается и лицо перекосило", True),
        ("одна знакомая сказала что у меня лицо перекосило", True),
        ("соседка говорит что я странно говорю, слова путаю", True),
        ("знакомая рассказывала про инсульт, а у меня сейчас онемела левая рука и лицо", True),
    ],
)
def test_another_persons_story_is_a_story_unless_it_is_the_writers_sign(text: str, alarms: bool) -> None:
    assert (lexicon(text, "ru") in ALARM) is alarms


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "is it normal tht i wnat to die"),
        ("en", "feel like killing yourself when a migraine lasts days? asking because i do lately"),
        ("en", "i wnt to die"),
        ("en", "i want too die"),
        ("en", "i want to kil myself"),
        ("en", "i wnat to end my lfie"),
        ("en", "i have sucidal thoughts"),
        ("en", "i wsih i was ded"),
        ("ru", "хчу умереть"),
        ("ru", "не хочу жит больше"),
        ("ru", "нормально ли что я хочу умерть"),
    ],
)
def test_a_crisis_typed_with_a_slip_of_the_thumb_is_a_crisis(language: str, text: str) -> None:
    assert lexicon(text, language) is Outcome.CRISIS


@pytest.mark.parametrize(
    "text",
    [
        "dont kill yourself at the gym",
        "i want to dye my hair but will the smell trigger a migraine",
        "i want too much from my meds",
        "is it normal tht my aura lasts 20 min",
        "i wnat to know if i can take ibuprofen",
        "my dad is dead tired after the night shift",
        "suicide headache again, cluster is back",
    ],
)
def test_short_words_that_are_words_and_figures_of_speech_stay_quiet(text: str) -> None:
    assert lexicon(text, "en") not in ALARM


def test_a_slip_is_read_as_its_word_only_when_it_is_no_word_itself() -> None:
    rewrites = load_lexicon("en").rewrites
    assert rewrites["wnat"] == ("want",)
    assert rewrites["tht"] == ("that",)
    for word in ("wan", "lie", "dad", "hat", "want", "dye"):
        assert word not in rewrites
