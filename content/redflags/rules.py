"""Which combinations of concepts are a red flag: the clinical rules, in no particular language.

Sources: `shared/clinical-facts.md` section 6 (SNNOOP10; CMAJ 2023), section 9 (pregnancy and the six
weeks after birth), section 15 (children) and section 17 (the crisis path). Each rule names concepts; each
language's lexicon says how people write them. A term accepts only findings that are current personal
reports (not negated, asked about, past, habitual, a joke or generic) unless it says otherwise.

Tiers: EMERGENCY means call the emergency number now; SAME_DAY means a doctor today (and the emergency
number if it gets worse). A POSSIBLE rule is one partial sign: the bot asks at most three yes/no questions.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from content.redflags.context import ALL_CONTEXTS, Ctx


class Tier(StrEnum):
    """Where to go: emergency services now, or a doctor the same day."""

    EMERGENCY = "emergency"
    SAME_DAY = "same_day"


class Kind(StrEnum):
    """What a rule's finding leads to."""

    URGENT = "urgent"
    CRISIS = "crisis"
    POSSIBLE = "possible"


@dataclass(frozen=True, slots=True)
class Term:
    """A concept, the contexts it may appear in, and bounds on the number it carries."""

    concept: str
    allow: int = Ctx.NONE  # Ctx bits
    min: float | None = None
    max: float | None = None
    need: int = Ctx.NONE  # Ctx bits of which the hit must have one (none: any allowed context will do)


@dataclass(frozen=True, slots=True)
class All:
    """Every part present: within `within` words of the first part, in its sentence, or anywhere."""

    parts: tuple[Cond, ...]
    within: int | None = None
    sentence: bool = False
    same_owner: bool = False


@dataclass(frozen=True, slots=True)
class AnyOf:
    """At least one part present."""

    parts: tuple[Cond, ...]


Cond = Term | All | AnyOf


@dataclass(frozen=True, slots=True)
class Rule:
    """A red flag (or a partial sign) and the concepts that make it."""

    code: str
    kind: Kind
    tier: Tier
    when: Cond
    unless: Cond | None = None
    # How near the finding `unless` must be to cancel it: None means anywhere in the message.
    unless_within: int | None = None
    # Further exceptions, each with its own reach as `unless_within` (a reach below 0 cancels only a finding that shares
    # a word with it: a word read two ways, "температура 38,2, ибупрофен" a temperature and not 38 tablets).
    unless_also: tuple[tuple[Cond, int | None], ...] = ()


def t(concept: str, allow: int = Ctx.NONE, min: float | None = None, max: float | None = None) -> Term:
    """A term: a concept as a current personal report unless `allow` says otherwise.

    The past by the writer's own word (ENDED) is the past: a term that allows HISTORICAL allows it too.
    """
    if allow & Ctx.HISTORICAL:
        allow |= Ctx.ENDED
    return Term(concept, allow, min, max)


def even_if_over(cond: Cond | str) -> Cond:
    """The condition with each of its terms also allowed where the writer says it is over (Ctx.ENDED)."""
    cond = _cond(cond)
    if isinstance(cond, Term):
        return replace(cond, allow=cond.allow | Ctx.ENDED)
    return replace(cond, parts=tuple(even_if_over(part) for part in cond.parts))


def negated(concept: str) -> Term:
    """A concept said with a negation only ("I'm not doing any better")."""
    return Term(concept, ALL_CONTEXTS, need=Ctx.NEGATED)


def any_of(*parts: Cond | str) -> AnyOf:
    """At least one of the parts."""
    return AnyOf(tuple(_cond(p) for p in parts))


def all_of(*parts: Cond | str, within: int | None = None, sentence: bool = False, same_owner: bool = False) -> All:
    """All of the parts, anywhere in the message unless `within` words or the same `sentence`."""
    return All(tuple(_cond(p) for p in parts), within, sentence, same_owner)


def near(first: Cond | str, second: Cond | str, within: int = 4) -> All:
    """Two concepts at most `within` words apart."""
    return all_of(first, second, within=within)


def _cond(part: Cond | str) -> Cond:
    return t(part) if isinstance(part, str) else part


# Derived concepts, in order: each may use the ones before it. Their parts accept every context; the
# derived finding gets the context of the words it spans ("my neck isn't stiff" is negated).
ANY = ALL_CONTEXTS
DERIVED: tuple[tuple[str, Cond], ...] = (
    # "my head feels like it's going to burst": the head and its pain a few words apart, in one sentence.
    ("HEAD_PAIN", any_of(t("HEADACHE", ANY), all_of(t("HEAD_PART", ANY), any_of(t("PAIN", ANY), t("BAD", ANY),
                                                                                 t("SEVERE", ANY), t("IMPACT", ANY)),
                                                    within=6, sentence=True),
                         t("CHILD_HEAD_PAIN", ANY))),
    # A drooping face in any words: a part of the face and a word for sagging, slipping or going uneven.
    ("FACE_FALLEN", any_of(t("FACE_DROOP", ANY), all_of(t("FACE_PART", ANY), t("DROOP_WORD", ANY), within=5,
                                                        sentence=True))),
    ("LIMB_WEAK", any_of(near(t("WEAK", ANY), any_of(t("LIMB", ANY), t("ONE_SIDE", ANY)), 7),
                         t("FACE_FALLEN", ANY), t("STROKE_NOW", ANY))),
    ("LIMB_STRENGTH_GONE", near(t("STRENGTH_NOUN", ANY), t("GONE_WORD", ANY), 4)),
    ("LIMB_NUMB", near(t("NUMB", ANY), any_of(t("LIMB", ANY), t("ONE_SIDE", ANY)), 5)),
    ("NECK_STIFF", any_of(t("STIFF_NECK", ANY), all_of(t("NECK", ANY), t("STIFF", ANY), within=6, sentence=True))),
    ("RASH_FIXED", any_of(t("RASH_NONBLANCH", ANY), near(t("RASH", ANY), t("NONBLANCH", ANY), 12))),
    # The glass test named beside a rash, its outcome not said in the words of a rash that stays (en, tune48en).
    ("RASH_GLASS", near(t("RASH", ANY), t("GLASS_TEST", ANY), 12)),
    ("EYE_RED", any_of(t("RED_EYE", ANY), near(t("EYE", ANY), t("RED", ANY), 8))),
    ("EYE_HURTS", any_of(t("EYE_PAIN", ANY), near(t("EYE", ANY), any_of(t("PAIN", ANY), t("BAD", ANY),
                                                                         t("SEVERE", ANY)), 8))),
    ("JAW_ON_CHEWING", any_of(t("JAW_CHEW", ANY), near(t("JAW", ANY), t("CHEW", ANY), 6))),
    ("SCALP_SORE", any_of(t("SCALP_TENDER", ANY), near(t("SCALP", ANY), any_of(t("TENDER", ANY), t("PAIN", ANY)), 4))),
    ("MORNING_VOMIT", near(t("MORNING", ANY), t("VOMIT", ANY), 8)),
    ("BLURRED", any_of(t("VISION_BLUR", ANY), near(t("VISION_WORD", ANY), t("BLUR", ANY), 4))),
    ("VISION_LOST", any_of(t("VISION_LOSS", ANY), near(t("VISION_WORD", ANY), t("VISION_GONE", ANY), 5),
                           near(t("LOSS_WORD", ANY), t("VISION_NOUN", ANY), 5))),
    ("SWALLOW_FAIL", any_of(t("SWALLOW", ANY), near(t("THROAT", ANY), t("THROAT_FAIL", ANY), 5))),
    ("DISORIENTED", near(t("NOT_KNOWING", ANY), t("ORIENTATION", ANY), 2)),
    ("NEW_HEAD", any_of(t("NEW_HEADACHE", ANY), near(t("ONSET_GET", ANY), t("HEAD_PAIN", ANY), 4),
                        all_of(t("FIRST_TIME", ANY), t("HEAD_PAIN", ANY), within=6, sentence=True))),
    ("SPEECH_FAIL", any_of(t("SPEECH", ANY), near(t("WORD_FAIL", ANY), t("WORD_NOUN", ANY), 3),
                           near(t("SPEAK_WORD", ANY), t("DRUNK", ANY), 6))),
    ("WORST_OF_ALL", any_of(t("WORST_EVER", ANY), near(t("WORST", ANY), t("EVER_MARK", ANY), 3))),
    ("STEADY_WORSE", any_of(t("PROGRESSIVE", ANY), near(t("STEADILY", ANY), t("WORSE", ANY), 3))),
    ("ANY_VISION", any_of(t("VISION_LOST", ANY), t("BLURRED", ANY), t("DOUBLE_VISION", ANY), t("SCOTOMA", ANY))),
    # An attack already under way made worse by routine activity ("during an attack bending over makes it throb",
    # "мигрень усиливается когда поднимаюсь по лестнице"): a migraine feature (ICHD-3 migraine criterion C4), not
    # a headache set off by effort.
    ("ATTACK_AGGRAVATED", all_of(t("DURING_ATTACK", ANY), t("AGGRAVATE", ANY), t("ROUTINE_MOVE", ANY), sentence=True)),
)  # fmt: skip

HEAD = t("HEAD_PAIN")
SEVERE = any_of("SEVERE", "WORST_OF_ALL")
CHANGED = any_of("NEW_HEAD", "DIFFERENT", "NOT_USUAL")
# A bare reading with a decimal ("39.2") is a temperature too; a bare whole number ("im 39") never is.
# "под 39" with no word for it (FEVER_APPROX, ru) is a fever here, where a sign of meningitis stands beside it.
FEVER = any_of(
    "FEVER", "FEVER_APPROX", t("FEVER_TEMP", min=37.8, max=45), t("FEVER_TEMP", min=100.0, max=110), "FEVER_READING"
)
# An age is a fact, whatever the sentence around it (only "I'm not over 50" takes it back).
FACT = ALL_CONTEXTS & ~Ctx.NEGATED
AGE_50 = any_of(t("AGE", FACT, min=50, max=120), t("AGE_AT", FACT, min=50, max=120), t("ELDER", FACT))
OWN_AGE_50 = any_of(t("AGE", Ctx.HISTORICAL | Ctx.HABITUAL, min=50, max=120),
                    t("AGE_AT", Ctx.HISTORICAL | Ctx.HABITUAL, min=50, max=120))
CHILD = any_of("CHILD", t("AGE", FACT, min=0, max=15))
GCA = any_of(t("JAW_ON_CHEWING", Ctx.HABITUAL), t("SCALP_SORE", Ctx.HABITUAL), t("TEMPLE_ARTERY", Ctx.HABITUAL))
EMERGENCY, SAME_DAY = Tier.EMERGENCY, Tier.SAME_DAY
# A blow to the head told with a laugh is still a blow ("walked into a glass door lol, but now I'm vomiting").
INJURY = t("HEAD_INJURY", Ctx.JOKE)
URGENT, CRISIS, POSSIBLE = Kind.URGENT, Kind.CRISIS, Kind.POSSIBLE
HABIT = Ctx.HABITUAL
# A headache the words tie to an effort (coughing, straining, exercise, sex, bending...).
EXERTION_LINKED = any_of(
    all_of(t("EXERTION", HABIT), t("TRIGGER_LINK", HABIT), t("HEAD_PAIN", HABIT), sentence=True),
    all_of(near(t("TRIGGER_NEAR", HABIT), t("EXERTION", HABIT), 2), t("HEAD_PAIN", HABIT), sentence=True),
    t("EXERTION_HEADACHE", HABIT),
)
# An effort or posture headache that recurs or is long-standing and that a doctor has worked up, with nothing found or
# a benign name for it ("после бега иногда ноет голова, меня полностью обследовали, сказали мигрень"): a primary
# exertional headache is that diagnosis once the work-up is done (ICHD-3 4.2). Both are needed: a work-up alone does
# not make a new headache an old one, and a habit alone is not investigated. Not for one said to be sudden, new or
# unlike the usual (the rule that names them is not excused).
INVESTIGATED_REACH = 20
# A doctor's primary diagnosis of it (PRIMARY_NAMED, en: "MRI normal, doc called it primary cough headache", tune48en)
# stands for the habit: that diagnosis is of attacks that recur.
INVESTIGATED_HABIT = all_of(t("WORKED_UP", FACT), any_of(t("HABITUAL", ANY), t("HISTORICAL", ANY), t("LIFELONG", ANY),
                                                         t("PRIMARY_NAMED", ANY)),
                            within=INVESTIGATED_REACH)
# The effort said not to bring the headache on, right by it ("cuando toso no me duele la cabeza, ... yo solo tengo la
# migraña normal", set Z16): the habitual migraine named later in the sentence is not the effort's (reach 0: only a
# finding that holds the denial).
DENIED_EFFORT = t("EFFORT_DENIED", ANY)
# Numbness or speech trouble this close to the word "aura" is asked about, not alarmed at.
AURA_REACH = 12
# The writer's word that an aura is their usual one, with a span of an hour at most ("still seeing the lights, they
# started 10 minutes ago, it's my usual aura"): an aura of 5 to 60 minutes is a typical one (ICHD-3).
USUAL_SHORT_AURA = all_of(t("NORMAL_FOR_ME", FACT),
                          any_of(t("DURATION", FACT, max=1.0), t("MINUTES", FACT, min=1, max=60)))
PAST = Ctx.HISTORICAL
IF = Ctx.HYPOTHETICAL
ABOUT = Ctx.ASKED | Ctx.HYPOTHETICAL | Ctx.GENERIC
# Crisis signs stand in any tense or mood a person uses about their own life ("if tomorrow is bad I'm done").
LIFE = Ctx.HABITUAL | Ctx.HISTORICAL | Ctx.HYPOTHETICAL
# A recovery said as a fact, in any tense: not negated ("I got help and I'm not doing much better now") and not
# wished for ("I wish I could say I'm in a better place"), either of which leaves the crisis standing.
SAID = FACT & ~Ctx.HYPOTHETICAL
NOT_RECOVERED = any_of(negated("RECOVERED"), negated("RESOLVED"), t("NOT_BETTER", LIFE))


# How near a usual dose size must stand to a count to make it a dose size ("took 80 of my propranolol this morning
# instead of 40").
DOSE_REACH = 6
# ... nor a count summed over days ("took 12 tablets in total over the last 3 days").
NOT_A_COUNT = any_of(t("OVERDOSE_NOTICE", ANY), t("DOSE_INSTEAD", ANY, min=10, max=10_000), t("COUNT_SPREAD", ANY))
# ... nor a body temperature read as the count before a medicine named after it ("под 39, парацетамол сбивает на час",
# "temperatura 38,2, ibuprofeno tomado", "fever 39, paracetamol every 6 hours"): the number is the temperature's when a
# temperature finding holds that very word, a word for it or a reading with a decimal in a body's range (35 to 43 C,
# 95 to 110 F). Only the words a reading shares with the count: a count beside a temperature stays one ("temperature 38
# took 20 paracetamol", "выпила 30 парацетамола, температура 38"). A number said to be about 39 with no word for the
# temperature ("под 39", FEVER_APPROX) is one only beside a fever, a chill or an illness named ("под 39, парацетамол
# сбивает на час, горло болит"): alone it is a count ("выпила почти 40 шт ибупрофена", review of tune47).
SHARED = -1  # a reach of exceptions: only a finding sharing a word with one
# The writer's usual attack, named as such, as the headache an effort sets off (rules.py, exertion_posture).
USUAL_WORKOUT_ATTACK = t("USUAL_ATTACK", ANY)
TEMPERATURE_READ = any_of(
    t("FEVER", ANY),
    all_of(t("FEVER_APPROX", ANY), any_of(t("FEVER", ANY), t("FEVERISH", ANY), t("OTHER_BODY", ANY))),
    t("FEVER_READING", ANY),
    t("FEVER_TEMP", ANY, min=35, max=43),
    t("FEVER_TEMP", ANY, min=95, max=110),
)


def overdose_amount(allow: int) -> tuple[Term, Term]:
    """A medicine taken at once in an amount beyond any single dose: 5,000 mg or 5 g and more."""
    return t("OVERDOSE_MG", allow, min=5_000, max=1_000_000), t("OVERDOSE_G", allow, min=5, max=1_000)


# Confusion in any of its forms, said of now (the first confusion rule) or of a spell that passed (the second).
CONFUSED: tuple[Cond | str, ...] = (
    "CONFUSION",
    "CONFUSED_TALK",
    "DISORIENTED",
    all_of("CONFUSION_WEAK", any_of("NOT_USUAL", "SUDDEN", "DROWSY", FEVER, "HEAD_INJURY")),
    # Muddled "like I'm drunk" without having drunk: the drunkenness has no cause the person knows of.
    all_of("CONFUSION_WEAK", t("DRUNK", ANY), t("SOBER", ANY), within=12),
)
# A confusion with its cause, a flight's or a night shift's, named near it and the writer's word in its sentence that it
# is over now ("yesterday i was disoriented from the jet lag, slept and im fine now", tune48en; CONFUSION_OVER, en: es
# and ru say so with WELL_AGAIN, which makes it ENDED for the second confusion rule). The cause alone leaves a confusion
# now standing ("he doesnt know what year it is after the long flight"), and so does a recovery alone.
CONFUSION_SLEPT_OFF = all_of(t("CONFUSION_CAUSE", FACT), t("CONFUSION_OVER", ANY), sentence=True)
CAUSE_REACH = 5
# A pregnancy told as past by the age the child is now ("when i was pregnant with my son (hes 3 now) i had awful
# headaches", "after my daughter was born (shes 4 now)", tune48en; PREGNANT_BEFORE and CHILD_AGE_NOW, en): the "now" of
# the child's age is no pregnancy now. Only the words of that pregnancy: a pregnancy now told beside it stays one.
PAST_PREGNANCY = near(t("PREGNANT_BEFORE", ANY), t("CHILD_AGE_NOW", FACT, min=1, max=60), 3)
# The exception every pregnancy rule takes: a pregnancy told as past by the child's age now.
NOT_PAST_PREGNANCY = ((PAST_PREGNANCY, 0),)
# Food coming back up with reflux named right before it (tune48en), the exception of both vomiting rules.
REFLUX_FOOD_UP = near(t("REFLUX", ANY), t("FOOD_UP", ANY), 3)

RULES: tuple[Rule, ...] = (
    # Thunderclap: peak within about a minute; "worst ever"; pictures of a blow or an explosion.
    # A thunderclap told as over ("ayer el peor dolor de mi vida de golpe, hoy ya dormi y estoy normal") is still one:
    # a sudden worst headache that eased may be a sentinel bleed (even_if_over); a doctor's all-clear settles it.
    Rule("thunderclap", URGENT, EMERGENCY, even_if_over(any_of(
        "THUNDERCLAP",
        "WORST_OF_ALL",
        all_of("SUDDEN", any_of("SEVERE", "PEAK", "IMPACT", "WORST_OF_ALL"), sentence=True),
        all_of("FAST", any_of("SEVERE", "PEAK", "IMPACT", HEAD), sentence=True),
        # ... or this one, unlike the migraines the writer usually gets, at its peak in seconds ("usually get migranes
        # but this one was different, came on in a single moment like flicking a switch", set Z13): the usual ones are a
        # habit.
        all_of("FAST", any_of("NOT_USUAL", "DIFFERENT"), t("HEAD_PAIN", HABIT), sentence=True),
        all_of("IMPACT", any_of("SEVERE", "PEAK", "WORST_OF_ALL"), sentence=True),
        # A picture of a blow with the speed or the peak told in the next sentence ("BANG. that's how it
        # started"): the picture is of the onset, not of a throbbing attack.
        all_of("IMPACT", any_of("SUDDEN", "FAST", "PEAK"), within=15),
        all_of("IMPACT", any_of("SEVERE", "WORST_OF_ALL"), HEAD, within=12),
        # This attack said to have built up slowly ("hit me like a truck today but it built up all morning like
        # always", en) is no thunderclap: its picture of a blow says how bad, not how fast.
    )), unless=t("GRADUAL_ONSET", HABIT), unless_within=20,
        # Nor a medicine's speed told in the words of an onset ("the triptan works in seconds", tune48en;
        # TREATMENT_FAST, en): only the findings sharing its words.
        unless_also=((t("TREATMENT_FAST", ANY), SHARED),)),
    # New focal deficit: weakness or numbness of a limb, one side or the face; a drooping face. Numbness
    # inside an aura that is not said to be unusual is asked about instead (usual_aura_deficit below).
    # Heaviness in both arms or both legs at once is tiredness's (HEAVY_BOTH, en): only its own words are taken back.
    # Weakness that passed, the writer says, may have been a TIA: it stands (even_if_over). Numbness that passed does
    # not, as a limb slept on passes too (the rules after).
    Rule("weakness", URGENT, EMERGENCY, any_of(
        even_if_over("LIMB_WEAK"),
        all_of("LIMB_NUMB", any_of(t("NOT_USUAL"), "SUDDEN", "PERSISTENT")),
        all_of("LIMB_STRENGTH_GONE", any_of("LIMB", "ONE_SIDE"), sentence=True),
    ), unless=t("HEAVY_BOTH", ANY), unless_within=0),
    # Numbness beside the writer's word that their aura is only ever visual (set Z15), unless the numbness comes with
    # its posture as a habit ("my feet go numb when I sit cross legged", NUMB_POSTURE; review47): a limb sat on.
    Rule("weakness", URGENT, EMERGENCY, all_of("LIMB_NUMB", t("VISUAL_ONLY_AURA", HABIT | PAST)),
         unless=any_of(t("HEAVY_BOTH", ANY), t("NUMB_POSTURE", ANY)), unless_within=AURA_REACH),
    # A limb gone to sleep with its ordinary cause named (slept or sat on, the cold) and said to have passed is no
    # deficit. Either alone is not enough: a deficit that passes may be a TIA, and a stroke on waking is put down to
    # having slept on the arm. Sudden, unusual or lasting numbness (above) stays one.
    # Nor is tingling that the person puts down to a preventive that commonly causes it ("после топирамата покалывание
    # в пальцах, это побочка?"); one-sided, it stays a deficit (the rule after).
    # Nor the tingling a triptan is named as bringing ("el sumatriptan me da hormigueo en los dedos", TRIPTAN_SENSATION,
    # es): a common passing sensation of the drug. Only the numbness those words name (SHARED: not "tengo la mano
    # dormida desde esta mañana, el sumatriptan me da hormigueo a veces"), and never in the speech rules.
    Rule("weakness", URGENT, EMERGENCY, t("LIMB_NUMB"), unless=any_of(
        t("AURA", ANY), all_of(t("NUMB_CAUSE", FACT), t("NUMB_PASSED", FACT), within=AURA_REACH), t("MED_TINGLE", ANY),
    ), unless_within=AURA_REACH, unless_also=((t("TRIPTAN_SENSATION", ANY), SHARED),)),
    Rule("weakness", URGENT, EMERGENCY, near("LIMB_NUMB", "ONE_SIDE", 5), unless=any_of(
        t("AURA", ANY), all_of(t("NUMB_CAUSE", FACT), t("NUMB_PASSED", FACT), within=AURA_REACH),
    ), unless_within=AURA_REACH),
    # Nor is word-finding trouble put down to a preventive that commonly causes it ("на топирамате слова забываю, врач
    # сказала это побочка"); sudden, unusual, lasting or with weakness it stays a deficit (the rule after).
    # Nor, at once, slurring the writer puts down to the drink they had ("slurring at the party last night but that was
    # 5 gins", en; "язык заплетается, я пьяная после корпоратива", ru), DRINK_CAUSE said as a fact ("it's not the
    # wine", "я не пьяная" leave it standing): drink hides strokes too, so that gets a question (drink_speech, below);
    # with anything that makes it sudden, unusual or lasting it stays a deficit (the rule after).
    # Speech that failed and came back, the writer says, may have been a TIA: it stands (even_if_over).
    # Nor words lost that the writer puts down to nerves at an event in front of others ("lost my words in a
    # presentation today from nerves, just stage fright", set Z15; NERVES_CAUSE and PERFORMANCE as facts, not "she says
    # its stage fright but she isnt on stage"): sudden, unusual, lasting or with weakness it stays a deficit (the rule
    # after).
    Rule("speech", URGENT, EMERGENCY, even_if_over("SPEECH_FAIL"), unless=any_of(
        t("AURA", ANY), t("MED_TINGLE", ANY), t("DRINK_CAUSE", FACT),
    ), unless_within=AURA_REACH, unless_also=(
        # The nerves and the event in the sentence of the words lost, cancelling only that finding (review47:
        # "yesterday stage fright at my talk, today slurred speech at breakfast" is no stage fright).
        (all_of(t("NERVES_CAUSE", FACT), t("PERFORMANCE", FACT), t("SPEECH_FAIL", ANY), sentence=True), SHARED),
    )),
    # ... nor when the nerves were of another day than the words lost today ("yesterday stage fright at my talk, today
    # slurred speech at breakfast", review47): the guard above is of one sentence, and this one is of two days.
    Rule("speech", URGENT, EMERGENCY, all_of(near(t("ONE_DAY", ANY), "SPEECH_FAIL", 3), t("NERVES_CAUSE", FACT),
                                             t("DAY_BEFORE", ANY), sentence=True)),
    # ... or with the writer's word that their aura is only ever in the eyes ("речь смазанная уже минут 40, а аура у
    # меня всегда только зрительная была", set Z15): the aura named is no explanation of this.
    Rule("speech", URGENT, EMERGENCY, even_if_over(all_of("SPEECH_FAIL", any_of("NOT_USUAL", "SUDDEN", "LIMB_WEAK",
                                                                                "PERSISTENT",
                                                                                t("VISUAL_ONLY_AURA", HABIT | PAST))))),
    # Not seeing a thing in the bot itself ("ничего не вижу в этом меню, где кнопка?") is looking for it: only the
    # words of that search are cancelled (within 0), never a sight lost elsewhere in the message. Nor sight lost over
    # the years (VISION_AGEING, es: "ha perdido vista con los anos y necesita gafas"), its own words only.
    # Sight lost or doubled and back again, the writer says, may have been a TIA or an artery of the eye: it stands
    # (even_if_over).
    Rule("vision", URGENT, EMERGENCY, any_of(
        even_if_over("VISION_LOST"),
        even_if_over("DOUBLE_VISION"),
        all_of("BLURRED", any_of("ONE_EYE", "SUDDEN", "FAST", "NOT_USUAL", "PERSISTENT"), sentence=True),
        all_of("SCOTOMA", any_of("NOT_USUAL", "NEW_HEAD")),
    ), unless=any_of(t("APP_LOOK", ANY), t("VISION_AGEING", ANY)), unless_within=0,
        # Nor a sight the writer puts down to glasses as a fact, right beside it ("blurry vision was my old glasses",
        # "my old glasses made me see double when i looked to the side", tune48en; GLASSES_CAUSE, en).
        unless_also=((t("GLASSES_CAUSE", FACT), 0),)),
    # Spots or lights still there, unless the writer's usual aura of an hour at most (USUAL_SHORT_AURA).
    Rule("vision", URGENT, EMERGENCY, all_of("SCOTOMA", "PERSISTENT"), unless=USUAL_SHORT_AURA),
    Rule("confusion", URGENT, EMERGENCY, any_of(
        *CONFUSED,
        # In a headache diary "the pain" is the headache ("can't stay awake and the pain won't go").
        all_of("DROWSY", any_of(HEAD, "HEADACHE_ONE", FEVER, "HEAD_INJURY", "CONFUSION_WEAK")),
    ), unless_also=((CONFUSION_SLEPT_OFF, CAUSE_REACH),)),
    # Confusion that passed, the writer says, still needs a doctor (even_if_over; section 6 names confusion with a
    # headache among the red flags, and a spell of it may have been a TIA, a fit or an infection of the brain); a
    # doctor's all-clear or a time named as past settles it. Drowsiness that passed does not: the postdrome ends so.
    # Nor does a spell of being out of step after a flight or a clock change, its cause said beside it
    # (CONFUSION_CAUSE: "estuve desorientada por el jet lag, ya estoy normal"). The cause explains only a confusion
    # that is over: one going on now is the rule above's, whatever flight came before it (the review of set gaps43
    # found "he doesnt know what year it is after the long flight" silenced when the cause reached every confusion).
    Rule("confusion", URGENT, EMERGENCY, even_if_over(any_of(*CONFUSED)), unless=t("CONFUSION_CAUSE", FACT),
         unless_within=3, unless_also=((CONFUSION_SLEPT_OFF, CAUSE_REACH),)),
    # A deficit or a fit told at a recent point weeks back and said to be over since ("last week my face drooped for 10
    # minutes, im fine now", "two weeks ago i had a seizure in my sleep, im fine now", tune48en; RECENT_OVER, en): the
    # point makes it the past to the rules above, but a TIA or a first fit of a few weeks ago still needs a doctor the
    # same day. Not one years ago (HISTORICAL alone), nor one a doctor has seen to (CHECKED_BY, WORKED_UP, en).
    *(Rule(code, URGENT, SAME_DAY, all_of(t(sign, PAST), t("RECENT_OVER", ANY), sentence=True),
           unless=any_of(t("CHECKED_BY", ANY), t("WORKED_UP", ANY)))
      for code, sign in (("weakness", "LIMB_WEAK"), ("speech", "SPEECH_FAIL"), ("vision", "VISION_LOST"),
                         ("vision", "DOUBLE_VISION"))),
    # ... a fit only the writer's own: someone else's fit weeks ago, over, is a story ("neighbours little girl had a
    # seizure with a fever last week, shes fine now").
    Rule("seizure_faint", URGENT, SAME_DAY, all_of(t("SEIZURE", PAST), t("RECENT_OVER", ANY), sentence=True),
         unless=any_of(t("CHECKED_BY", ANY), t("WORKED_UP", ANY), near(t("OTHER_PERSON", ANY), t("SEIZURE", ANY), 2))),
    # A fit or a faint that is over, the writer says, still needs a doctor (even_if_over).
    Rule("seizure_faint", URGENT, EMERGENCY, even_if_over(any_of(
        "SEIZURE",
        # The faint and the pain one person's ("a colleague collapsed at work ... I think of it every time my head
        # hurts" is the writer's headache, not the colleague's).
        all_of("FAINT", any_of(HEAD, "PAIN", "SEVERE", "BAD"), same_owner=True),
        all_of("FAINTISH", HEAD, any_of("SEVERE", "BAD", "VISION_LOSS", "SUDDEN"), same_owner=True),
    ))),
    # A faint told today when the headache is only the topic of a question beside it ("а бывает потеря сознания от
    # мигрени? я сегодня утром потеряла сознание"): the faint is a report, and in a migraine companion it is the
    # headache's. Said to be today in its sentence (not one at 15 when giving blood), and not someone else's named right
    # beside it ("my colleague fainted at the office today ... paramedics checked her").
    Rule("seizure_faint", URGENT, EMERGENCY, even_if_over(all_of(
        all_of("FAINT", t("ACUTE", ANY), sentence=True), t("HEAD_PAIN", ABOUT | HABIT),
    )), unless=near(t("OTHER_PERSON", ANY), t("FAINT", ANY), 2), unless_within=0),
    # A fever with a stiff neck, or a rash that does not fade, that passed, the writer says, still needs a doctor
    # (even_if_over): meningitis and meningococcal sepsis are not ruled out by a fever that fell or spots that faded
    # (a fever tablet does the first). A doctor's all-clear or a time named as past settles them. A fever with a rash
    # that fades, and a stiff neck with light hurting and vomiting, are also what a virus or a migraine gives, and
    # stay settled when over.
    Rule("meningitis", URGENT, EMERGENCY, any_of(
        even_if_over(all_of(FEVER, "NECK_STIFF")),
        all_of(FEVER, "RASH"),
        all_of("NECK_STIFF", HEAD, "LIGHT_SENS", any_of("SEVERE", "FEVERISH", "VOMIT")),
        # A neck that will not bend with a severe headache and vomiting ("головная боль сильная сгибать шею к груди не
        # могу рвет", set Z13 review): the stiff neck alone would only be POSSIBLE, which keeps the model from urgent.
        all_of("NECK_STIFF", HEAD, "VOMIT", any_of("SEVERE", "BAD")),
    )),
    # A rash that does not fade, or one the glass test is named beside (even_if_over, as above), unless the writer tells
    # in its own words that it faded under the glass (BLANCHES, en: "the red rash faded when i pressed the glass",
    # tune48en): the glass named is then no rash that stays. A fever with the rash stays meningitis whatever the glass
    # did (the rule before), and so do words that the spots stay (RASH_FIXED).
    Rule("meningitis", URGENT, EMERGENCY, even_if_over("RASH_FIXED")),
    Rule("meningitis", URGENT, EMERGENCY, even_if_over("RASH_GLASS"), unless=t("BLANCHES", FACT), unless_within=0),
    # A stiff neck and a rash with the headache, no temperature told ("знобит голова болит шея каменная и сыпь на
    # ногах", set Z13): two of the signs of meningitis beside the headache; the rash need not be tested yet. Not when
    # the writer gives the rash a cause (a new cream, an allergy): this rule only, every other meningitis rule stays.
    Rule("meningitis", URGENT, EMERGENCY, all_of("NECK_STIFF", HEAD, "RASH"), unless=t("RASH_CAUSE", ANY)),
    # Head injury: a headache after it that worsens, or comes with vomiting, drowsiness, confusion, vision
    # trouble, a blood thinner or a big blow, is an emergency (NICE head-injury criteria).
    # After a blow to the head, "the pain" is the head's; not after a blow the writer puts on a limb ("me di un golpe
    # en el pie con la mesa y cada vez me duele mas", BLOW_ELSEWHERE, es; tune48es), whose words are the finding's
    # (SHARED): the pain is the foot's. Every other sign after such a blow stays (the rules below).
    Rule("head_injury", URGENT, EMERGENCY, all_of(INJURY, any_of(HEAD, "PAIN", "HEADACHE_ONE",
                                                                 near("HEAD_PART", "WORSENING", 4)), any_of(
        "WORSENING", "VOMIT", "DROWSY", "SLEEPY", "CONFUSION", "CONFUSION_WEAK", "ANY_VISION", "HIGH_ENERGY",
        "SEVERE", "BAD", "VERTIGO", "FAINT", "SEIZURE", "PERSISTENT", "NAUSEA",
        # A pain that keeps building after the blow ("al principio bien pero el dolor va a mas y a mas", set Z13).
        "STEADY_WORSE",
    )), unless_also=((t("BLOW_ELSEWHERE", ANY), SHARED),)),
    Rule("head_injury", URGENT, EMERGENCY, any_of(
        all_of(INJURY, "ANTICOAG"),
        # Vomiting, drowsiness, confusion, a fit, a blackout or vision trouble after a blow to the head is an
        # emergency whether or not a headache is named ("hit my head and since then I keep vomiting").
        all_of(INJURY, any_of(
            "VOMIT", "DROWSY", "SLEEPY", "CONFUSION", "FAINT", "SEIZURE", "ANY_VISION",
        ), within=12),
        all_of("HIGH_ENERGY", HEAD, any_of("WORSENING", "VOMIT", "DROWSY", "CONFUSION", "ANY_VISION", "SEVERE")),
        all_of(INJURY, CHILD, any_of("VOMIT", "DROWSY", "SLEEPY")),
    )),
    # After a blow to the head, vomiting, drowsiness, confusion, a fit or a change in vision are an emergency
    # even when the message says nothing of pain (NICE head-injury criteria).
    Rule("head_injury", URGENT, EMERGENCY, all_of(INJURY, any_of(
        "VOMIT", "DROWSY", "CONFUSION", "CONFUSED_TALK", "ANY_VISION", "FAINT", "SEIZURE",
    ))),
    # Any other headache after a head injury, or after a crash or a fall that may have hit the head ("car crash 2
    # days ago, thought I was fine, now bad headache"): a doctor the same day (section 6). The blow and the headache
    # one person's: not a husband's blow months ago and the writer's usual migraine today.
    Rule("head_injury", URGENT, SAME_DAY, all_of(any_of(INJURY, "CRASH"), HEAD, same_owner=True)),
    # Pregnancy and the six weeks after birth (section 9): a new, different or severe headache needs
    # the same day; with vision trouble, swelling or confusion (pre-eclampsia), or severe and new after
    # birth, it is an emergency.
    Rule("pregnancy", URGENT, EMERGENCY, all_of(any_of("PREGNANT", "POSTPARTUM"), HEAD, any_of(
        # A blood pressure of 140 or more read out ("my bp at the pharmacy was 150/100") is pre-eclampsia's sign.
        "PREECLAMPSIA", t("BP_READING", FACT, min=140, max=300),
        "ANY_VISION", "CONFUSION", "NECK_STIFF", "WORST_OF_ALL", "THUNDERCLAP", "SEIZURE",
    )),
         unless_also=NOT_PAST_PREGNANCY),
    # Vision trouble with swelling or another sign of pre-eclampsia is one even with no headache named ("36 weeks
    # pregnant, blurry vision and my feet and face are swollen"; section 9, gaps44). The pregnant one is the one who
    # sees badly (not "my girlfriend is pregnant, i have blurry vision"); not swollen breasts (BREAST_SWELL), a blur
    # told with an eye's own cause (EYE_CAUSE: crying, eye drops), nor a question whether it is (PREECLAMPSIA_ASK).
    Rule("pregnancy", URGENT, EMERGENCY, all_of("PREGNANT", "ANY_VISION", "PREECLAMPSIA", same_owner=True),
         unless=any_of(t("BREAST_SWELL", ANY), t("EYE_CAUSE", ANY), t("PREECLAMPSIA_ASK", ANY),
                       t("GLASSES_CAUSE", FACT)),
         unless_within=0,
         unless_also=NOT_PAST_PREGNANCY),
    Rule("pregnancy", URGENT, EMERGENCY, all_of("POSTPARTUM", HEAD, any_of(
        "SEVERE", "BAD", CHANGED, "POSTURAL", "PERSISTENT", "WORSENING", "LIMB_NUMB", "LIMB_WEAK", "SPEECH_FAIL",
    )),
         unless_also=NOT_PAST_PREGNANCY),
    # The birth told at a recent point in the past, a clause before the headache ("tuve a mi bebé hace un mes, le doy
    # pecho, y desde ayer me duele la cabeza muchísimo", set Z16): the six weeks after it are now, not a story that is
    # over (RECENT_PAST is last week or a month ago, never years).
    Rule("pregnancy", URGENT, EMERGENCY, all_of(
        near(t("POSTPARTUM", Ctx.HISTORICAL), t("RECENT_PAST", ANY), 4), HEAD,
        any_of("SEVERE", "BAD", CHANGED, "PERSISTENT", "WORSENING"),
    )),
    Rule("pregnancy", URGENT, SAME_DAY, all_of("PREGNANT", HEAD, any_of("SEVERE", "BAD", CHANGED, "PERSISTENT")),
         unless_also=NOT_PAST_PREGNANCY),
    # ... and "the pain" told severe, new or unlike before in the same sentence ("беременна 20 нед никогда не было
    # мигрени а тут сильнейшая боль"), unless the message names another complaint.
    Rule("pregnancy", URGENT, SAME_DAY, all_of("PREGNANT", "HEADACHE_ONE", any_of("SEVERE", "WORST_OF_ALL", CHANGED),
                                               sentence=True), unless=t("OTHER_BODY", ANY),
         unless_also=NOT_PAST_PREGNANCY),
    # In a migraine companion "the pain" is the headache ("7 months pregnant, paracetamol won't touch the pain and I
    # see flashing lights"), unless the message names another complaint.
    Rule("pregnancy", URGENT, EMERGENCY, all_of(any_of("PREGNANT", "POSTPARTUM"), "HEADACHE_ONE", any_of(
        "PREECLAMPSIA", "ANY_VISION", "CONFUSION", "SEIZURE",
    )), unless=t("OTHER_BODY", ANY),
         unless_also=NOT_PAST_PREGNANCY),
    Rule("older_new", URGENT, SAME_DAY, all_of(AGE_50, t("NEW_HEAD"))),
    # Someone who never gets headaches, said in the present, with a headache named now ("grandma is 80 and has had a
    # headache for 3 days, she literally never gets headaches"; tuneZ10-en): the denied habit alone is no headache.
    # Its "never" is its own: inside it ("the type who never takes a paracetamol") it negates nothing else.
    # The one who never gets them is the one with the headache ("маме 65, гордится что голова никогда не болит. а у меня
    # мигрень" is the writer's migraine, tune48ru).
    Rule("older_new", URGENT, SAME_DAY, all_of(AGE_50, t("NEVER_GETS", HABIT | Ctx.NEGATED), HEAD, same_owner=True)),
    # ... and its pain named by the verb alone after a "but" ("мне 70, всю жизнь голова была здоровая, а неделю назад
    # заболела": the head named in the habit is the one that aches), unless another part of the body is named ("...
    # а вот колени болят", tune48ru).
    Rule("older_new", URGENT, SAME_DAY, all_of(AGE_50, t("NEVER_GETS", HABIT | Ctx.NEGATED),
                                               near(t("BREAK", ANY), t("PAIN"), 6), within=12, same_owner=True),
         unless=any_of(t("OTHER_BODY", ANY), t("LIMB", ANY))),
    # "at 63, is it normal to start getting migraines?": their own age makes the question their own case.
    # Not someone else's age ("why is a new headache after 50 an alarm? my mother is 52"): the question is theirs.
    # Nor a question of the rule from someone whose own migraines go back to their youth ("¿por qué dicen que a partir
    # de los 50 un dolor de cabeza nuevo hay que mirarlo? tengo 52 pero migrañas desde los 15", tune48es): their
    # headaches are not new, and asked about they are no report (a new headache told as now is the first rule's).
    # Nor the question of one who says their migraines began young ("new headaches after 50 are a red flag. Im 52 but
    # Ive had the same migraines since I was 20", set Z16): their own answer is in it.
    Rule("older_new", URGENT, SAME_DAY, all_of(OWN_AGE_50, t("NEW_HEAD", Ctx.ASKED), same_owner=True),
         unless=t("OTHER_PERSON", ANY), unless_within=2,
         unless_also=((any_of(t("AGE_AT", ANY, min=0, max=45), t("LIFELONG", ANY)), None),)),
    # Giant cell arteritis: jaw pain on chewing is habitual by nature ("whenever I eat").
    Rule("older_scalp_jaw", URGENT, EMERGENCY, all_of(AGE_50, GCA, "ANY_VISION")),
    # A sore jaw the writer puts down to a denture, braces or grinding right beside it ("сделали зубной протез, челюсть
    # натирает когда ест"), DENTAL_CAUSE as a fact within 2 words of the jaw, is the mouth's, not the arteries': only
    # the jaw gives way to it, never a sore scalp or temple, nor any of them with a change in sight (the rule before);
    # a tooth out a year ago further back in the message does not.
    # A scalp the writer says the sun burnt (SCALP_CAUSE: "le duele el pelo al peinarse, se ha quemado la calva con el
    # sol", es set Z8) is the skin's: only the sore scalp nearby gives way, never a temple artery nor to a denture.
    # Nor the same pain said to have been had for years right after it ("usual migraine, same left temple throb ive had
    # for 40 years", tune48en; LONG_HAD, en), sharing its words: arteritis comes on over weeks.
    Rule("older_scalp_jaw", URGENT, SAME_DAY, all_of(AGE_50, t("SCALP_SORE", Ctx.HABITUAL)),
         unless=t("SCALP_CAUSE", FACT), unless_within=12,
         unless_also=((near(t("SCALP_SORE", ANY), t("LONG_HAD", ANY, min=2, max=100), 2), SHARED),)),
    Rule("older_scalp_jaw", URGENT, SAME_DAY, all_of(AGE_50, t("TEMPLE_ARTERY", Ctx.HABITUAL))),
    Rule("older_scalp_jaw", URGENT, SAME_DAY, all_of(AGE_50, t("JAW_ON_CHEWING", Ctx.HABITUAL)),
         unless=near(t("DENTAL_CAUSE", FACT), t("JAW_ON_CHEWING", Ctx.HABITUAL), 2), unless_within=0),
    # Set off by coughing, straining, exercise or sex, or changing with posture: habitual by nature. An attack
    # under way that routine activity makes worse is not set off by it (ATTACK_AGGRAVATED), unless the message also
    # ties the onset to the effort or says the headache is sudden, new or unlike the usual, or changes with posture.
    # Nor a headache that comes the next day or hours after the effort, told right after it ("when I train hard I get
    # a migraine the next day"): an exertional headache starts during the effort or just after it.
    # Nor the writer's usual migraine, named as such, that a workout or a sport sets off ("cuando corro mucho me viene
    # mi migraña de siempre", USUAL_ATTACK, es; tune48es): exercise is a common trigger of migraine, and the attack is
    # the one they know. Only when the headache the effort sets off is that attack (SHARED: the finding holds its
    # words, not "cada vez que corro me duele mucho la cabeza, antes tenia la migraña de siempre"); a workout or a sport
    # only (a cough, a strain or sex stays: the rule after keeps them); never a sudden, new or unlike-the-usual headache
    # (the rule after that). Nor a headache the effort is said to make better ("cada vez que hago ejercicio me encuentro
    # mejor de la migraña", HEAD_BETTER), its own words only.
    # Nor an effort told as done during an attack already there, right before its words ("should i avoid sex when i have
    # a migraine", tune48en; ATTACK_FIRST, en), sharing their words.
    Rule("exertion_posture", URGENT, SAME_DAY, EXERTION_LINKED,
         unless=any_of(t("ATTACK_AGGRAVATED", ANY), t("DELAYED_ONSET", ANY)), unless_within=0,
         unless_also=((INVESTIGATED_HABIT, INVESTIGATED_REACH), (USUAL_WORKOUT_ATTACK, SHARED),
                      (t("HEAD_BETTER", FACT), SHARED), (near(t("EXERTION", ANY), t("ATTACK_FIRST", ANY), 0), SHARED),
                      (DENIED_EFFORT, 0))),
    # ... but a cough, a sneeze, straining, lifting or sex named with it keeps it ("my migraine gets worse when i cough
    # or walk"): only routine activity makes an attack worse the migraine way. (Not excused when the attack is said to
    # be the usual one: the habit cue on "usual" reached a weak arm or a drooping face in the same sentence, review of
    # set Z10.)
    Rule("exertion_posture", URGENT, SAME_DAY, all_of(EXERTION_LINKED, t("VALSALVA", HABIT), sentence=True),
         unless=INVESTIGATED_HABIT, unless_within=INVESTIGATED_REACH, unless_also=((DENIED_EFFORT, 0),)),
    Rule("exertion_posture", URGENT, SAME_DAY,
         all_of(EXERTION_LINKED, near(t("EFFORT_ONSET", HABIT), t("EXERTION", HABIT), 8)),
         unless_also=((USUAL_WORKOUT_ATTACK, SHARED), (DENIED_EFFORT, 0))),
    Rule("exertion_posture", URGENT, SAME_DAY, all_of(EXERTION_LINKED, any_of(
        *(t(c, HABIT) for c in ("SUDDEN", "THUNDERCLAP", "IMPACT", "WORST_OF_ALL", "NEW_HEAD", "FIRST_TIME",
                                "NOT_USUAL", "DIFFERENT", "UNLIKE_USUAL", "POSTURAL")),
    )), unless=DENIED_EFFORT, unless_within=0),
    Rule("exertion_posture", URGENT, SAME_DAY, any_of(
        all_of(t("POSTURAL", HABIT), t("HEAD_PAIN", HABIT)),
        # "my head is fine lying down but as soon as I stand up it pounds": the head and its pain further apart
        # than a headache's words, the posture between them.
        all_of(t("POSTURAL", HABIT), t("HEAD_PART", ANY), any_of(t("PAIN", HABIT), t("SEVERE", HABIT)), sentence=True),
    ), unless=INVESTIGATED_HABIT, unless_within=INVESTIGATED_REACH),
    # In a headache diary "the pain" is the headache ("the pain is worse when I lie down, better standing"), unless the
    # message names another complaint.
    Rule("exertion_posture", URGENT, SAME_DAY, all_of(t("POSTURAL", HABIT), t("HEADACHE_ONE", HABIT), within=15),
         unless=t("OTHER_BODY", ANY), unless_also=((INVESTIGATED_HABIT, INVESTIGATED_REACH),)),
    # ... and so is a pain named by its verb alone next to the posture ("болит только когда встаю, лягу и проходит"),
    # unless the message names another part of the body (a back, a knee, a leg).
    Rule("exertion_posture", URGENT, SAME_DAY, near(t("POSTURAL", HABIT), t("PAIN", HABIT), 4),
         unless=any_of(t("OTHER_BODY", ANY), t("LIMB", ANY), t("EYE", ANY)),
         unless_also=((INVESTIGATED_HABIT, INVESTIGATED_REACH),)),
    # ... and the head's pain that a cough, a sneeze or a strain sets off in the writer ("my head pounds when I cough",
    # set Z14): a head or headache word in the sentence, not a bare "the pain" ("the pain in my side when I sneeze",
    # "the pain when I cough is at the scar"), unless the message names another complaint or part of the body (a
    # chest, ribs, a back, a limb, an eye), or a doctor's all-clear of it ("mi neuro me dijo que el dolor de cabeza que
    # me da al estornudar es benigno"). The writer's own person in the sentence: a bare "dolor al toser es señal de
    # alarma?" asks, "после секса голова не болит" denies, "the headache came on at the climax of the film" is a film's.
    Rule("exertion_posture", URGENT, SAME_DAY, all_of(t("VALSALVA", HABIT), t("TRIGGER_LINK", HABIT),
                                                      t("HEADACHE_ONE", HABIT), t("HEAD_PAIN", HABIT),
                                                      t("FIRST_PERSON", ANY), sentence=True),
         unless=any_of(t("OTHER_BODY", ANY), t("LIMB", ANY), t("EYE", ANY), t("CLEARED", ANY)),
         unless_also=((INVESTIGATED_HABIT, INVESTIGATED_REACH), (DENIED_EFFORT, 0))),
    # Cancer or a weak immune system: the condition may be past ("history of melanoma"); then the
    # headache must be new, worse or lasting. Both must be the same person's.
    Rule("immune", URGENT, SAME_DAY, any_of(
        all_of("IMMUNE", HEAD, same_owner=True),
        # Headaches that someone "gets" are a habit; with cancer or a weak immune system they count once they
        # are new, worse, lasting or daily ("has leukaemia and gets headaches most days now").
        all_of(t("IMMUNE", PAST | HABIT), t("HEAD_PAIN", HABIT), any_of(*(t(c, HABIT) for c in (
            "NEW_HEAD", "DIFFERENT", "NOT_USUAL", "WORSENING", "PERSISTENT", "STEADY_WORSE", "DAILY", "NOW_MORE",
            # Waking with them (set Z13: "had lung cancer 2 yrs ago ... i keep waking up with headaches most mornings"):
            # a raised pressure's sign.
            "WAKES_NIGHT",
        ))), same_owner=True),
    )),
    # "hayfever is terrible this week, eyes a bit red and itchy": an eye that itches is allergic or infective.
    Rule("red_eye", URGENT, EMERGENCY, all_of(
        "EYE_RED", any_of("EYE_HURTS", near("EYE_RED", any_of("PAIN", "BAD", "SEVERE"), 3)),
    ), unless=t("EYE_ITCH"), unless_within=8),
    # A red eye asked about, then the writer's own told as red and hurting now ("can a migraine make your eye red? mine
    # is red rn and hurts so much i cant keep it open", set Z15): the question is about the writer's eye (OWN_TOO).
    Rule("red_eye", URGENT, EMERGENCY, all_of(t("EYE_RED", ABOUT | HABIT), t("OWN_TOO"),
                                              any_of("EYE_HURTS", "PAIN", "SEVERE"), within=12),
         unless=t("EYE_ITCH"), unless_within=8),
    # Halos round lights with a red or painful eye, or a red eye with one pupil bigger or fixed: acute angle-closure
    # glaucoma, whatever allergy, crying or itch the message also names (from the review of set Z8).
    Rule("red_eye", URGENT, EMERGENCY, any_of(
        all_of("HALOS", any_of("EYE_HURTS", "EYE_RED")),
        all_of("EYE_RED", "PUPIL_ODD", sentence=True),
    )),
    # "my usual migraine, but 80 hours now": the kind of attack is the usual one, its length is not.
    Rule("over_72h", URGENT, SAME_DAY, all_of(
        t("HEADACHE_ONE", HABIT), t("DURATION", min=72.001, max=1008), within=10, sentence=True,
    ), unless=any_of(t("INTERMITTENT", ANY), t("SINCE_LAST", ANY)),
        # Nor a span looked back on as a good one, sharing its words ("these last few weeks have been great, only one
        # migraine", tune48en; GOOD_SPELL, en).
        unless_also=((t("GOOD_SPELL", ANY), SHARED),)),
    # The attack told without naming it ("this one won't break. started 4 days ago", "mine's been running for
    # 96 hours", "no para, son más de tres días"): in a migraine companion, what goes on and what the medicine
    # fails against is the attack, unless the message names another complaint. "It started 4 days ago" counts
    # only here, where the attack is said to be still going.
    Rule("over_72h", URGENT, SAME_DAY, all_of(
        any_of(t("DURATION", min=72.001, max=1008), t("BEGAN_AGO", min=72.001, max=1008)),
        any_of(t("ATTACK_ONGOING", ANY), "PERSISTENT"), within=12,
    ), unless=any_of(t("INTERMITTENT", ANY), t("SINCE_LAST", ANY), t("OTHER_BODY", ANY))),
    # ... or the days of one attack counted, four or more ("fourth morning waking up with the same attack", tune48en;
    # ATTACK_DAYS, en).
    Rule("over_72h", URGENT, SAME_DAY, t("ATTACK_DAYS", HABIT, min=4, max=60)),
    Rule("vomiting", URGENT, SAME_DAY, any_of(
        "FLUIDS_FAIL",
        all_of("CANT_DRINK", "VOMIT", sentence=True),
        near("VOMIT", t("VOMIT_TIMES", min=6, max=1000), 6),
        # Not food coming back up with reflux named right before it ("when i get heartburn my food comes back up",
        # tune48en; REFLUX, FOOD_UP, en), sharing its words: fluids that will not stay down stay a sign.
    ), unless_also=((REFLUX_FOOD_UP, SHARED),)),
    # Vomiting beside a span of days is persistent, unless it is counted once or twice right beside it ("третьи сутки
    # болит голова, рвало один раз вчера утром", tune48ru): the span is the headache's, the vomiting was one episode.
    Rule("vomiting", URGENT, SAME_DAY, near("VOMIT", "VOMIT_PERSIST", 6),
         unless=t("VOMIT_TIMES", ANY, max=2), unless_within=1,
         unless_also=((REFLUX_FOOD_UP, SHARED),)),
    Rule("vertigo", URGENT, EMERGENCY, all_of("VERTIGO", any_of(
        "CANT_WALK", "DOUBLE_VISION", "SPEECH_FAIL", "SWALLOW_FAIL", "NYSTAGMUS", "LIMB_NUMB", "LIMB_WEAK",
    ))),
    # Trouble swallowing now beside a vertigo the writer usually gets ("usually get vertigo with my migraine but now i
    # cant swallow properly", set Z16): the habit is the vertigo's, the swallowing is new.
    Rule("vertigo", URGENT, EMERGENCY, all_of(t("VERTIGO", HABIT), "SWALLOW_FAIL", within=15)),
    # Trouble swallowing with a headache: a brainstem sign even without the word "dizzy".
    Rule("vertigo", URGENT, EMERGENCY, all_of("SWALLOW_FAIL", HEAD, any_of("VERTIGO", "NAUSEA", "VOMIT", "SUDDEN"))),
    # An aura told with a span over an hour, unless that span is the time since the aura ended, not its length ("уже
    # часа 2 как прошла аура", "the aura passed 2 hours ago", "el aura se me paso hace 2 horas": ENDED_AGO sharing its
    # words).
    # Nor when this aura is given its own span of minutes right after it ("me apunto en el diario: aura de 15 min, dolor
    # 6/10, duro 8 horas", "resumen del mes: 6 dias de migraña, 1 con aura de 15 min", AURA_SPAN, es; tune48es): the
    # longer span in the sentence is the pain's or the month's. Only said of this aura (a habit, "siempre tengo el aura
    # unos 20 minutos, pero hoy ya van tres horas", is the yardstick of a long one) and of the aura the finding names.
    # Nor a span the words give the headache or a sleep ("... then headache for 6 hours", "slept 2 hours", tune48en;
    # NOT_AURA_SPAN, en), sharing its words: an aura of its own span over an hour stays one.
    Rule("aura_atypical", URGENT, EMERGENCY, all_of(t("AURA", HABIT), t("DURATION", min=1.001, max=200), sentence=True),
         unless_also=((t("ENDED_AGO", ANY), SHARED), (t("AURA_SPAN"), SHARED), (t("NOT_AURA_SPAN", ANY), SHARED))),
    # An aura given a span of hours right after its word, with no lead word ("had aura 2 hrs, then the pain for 5 hrs",
    # "аура уже 3 часа", "aura 2 horas y luego el dolor"; AURA_HOURS, int48): the span the rule above reads only with a
    # lead word ("for 2 hours") or one after it ("now"), so the headache's span beside it was the one it read, and
    # NOT_AURA_SPAN rightly cancelled that. A current report only: "my auras usually last 2 hrs" is the writer's habit.
    Rule("aura_atypical", URGENT, EMERGENCY, t("AURA_HOURS"), unless_also=((t("ENDED_AGO", ANY), SHARED),)),
    # ... and the aura said to have ended hours ago with a deficit there now in its sentence ("уже 3 часа как прошла
    # аура, а речь до сих пор путается", "my aura faded an hour ago and now my speech is slurred", review47): no aura
    # now explains it (an aura named: not a numb lip from a dental injection that "wore off hours ago").
    Rule("aura_atypical", URGENT, EMERGENCY, all_of(t("AURA", ANY), t("ENDED_AGO", ANY),
                                                    any_of("SPEECH_FAIL", "LIMB_NUMB", "LIMB_WEAK"), sentence=True)),
    Rule("aura_atypical", URGENT, EMERGENCY, any_of(
        all_of(t("AURA", HABIT), any_of("SUDDEN", "FAST"), sentence=True),
        all_of(t("AURA", HABIT), "LIMB_WEAK"),
        # Numbness or speech trouble told with a span over an hour, an aura named anywhere ("the tingling in my face
        # and arm has been going like 90 mins now. my usual aura ... is done in half an hour", tuneZ10-en).
        all_of(t("AURA", HABIT | PAST), all_of(any_of("LIMB_NUMB", "SPEECH_FAIL"), t("DURATION", min=1.001, max=200),
                                               sentence=True)),
    )),
    # An aura still going, unless the writer says it is their usual one and it has lasted an hour at most.
    # Nor a medicine said not to help the aura, in its words ("sumatriptan doesnt help the aura", tune48en; AURA_MED,
    # en).
    Rule("aura_atypical", URGENT, EMERGENCY, all_of(t("AURA", HABIT), "PERSISTENT", sentence=True),
         unless=USUAL_SHORT_AURA, unless_also=((t("AURA_MED", ANY), SHARED),)),
    # An aura unlike the usual one, unless the writer says it is still within their normal and it lasted an hour at
    # most ("40 min, a bit longer than usual but within normal for me"): an aura of 5 to 60 minutes is a typical one
    # (ICHD-3), and the person's own yardstick says this one is theirs. Longer, or with nothing said of its length,
    # it stays one.
    Rule("aura_atypical", URGENT, EMERGENCY, all_of(t("AURA", HABIT), any_of("NOT_USUAL", "DIFFERENT"), sentence=True),
         unless=USUAL_SHORT_AURA),
    # A changed pattern is measured against the old one: the old headaches may be habitual or past.
    Rule("pattern_change", URGENT, SAME_DAY, any_of(
        all_of("STEADY_WORSE", t("HEAD_PAIN", HABIT | PAST)),
        # With the change said outright, the new state may be told as a habit ("my headaches have changed completely,
        # now they're always on the same side and worse every week").
        all_of(t("CHANGE", HABIT), t("HEAD_PAIN", HABIT | PAST), any_of(*(t(c, HABIT) for c in (
            "WORSENING", "WORSE", "DAILY", "WAKES_NIGHT", "DIFFERENT", "NOT_USUAL", "STEADY_WORSE",
        )))),
        all_of("DAILY", "WORSENING", t("HEAD_PAIN", HABIT | PAST), sentence=True),
        # "this headache is different from my usual ones": the person's own yardstick says it has changed.
        all_of(t("UNLIKE_USUAL", HABIT), t("HEAD_PAIN", ANY), sentence=True),
        # "they used to come once a month, now they're daily": "now" says the frequency has changed.
        all_of(t("NOW_MORE", HABIT), t("HEAD_PAIN", HABIT | PAST)),
        # "nothing like what I normally get", "now I get them almost every day": attacks are what one "gets".
        t("ATTACKS_CHANGED", HABIT),
        # "once in a blue moon, now 4 in 2 weeks": a count now against a rare before.
        all_of(t("RARE_BEFORE", HABIT | PAST), any_of(t("NOW_COUNT", HABIT), t("NOW_MORE", HABIT)),
               t("HEAD_PAIN", ANY)),
        all_of(t("FREQ_UP", HABIT | PAST), t("HEAD_PAIN", HABIT | PAST)),
        # "usually 2 a month, this month I've had 12": a low usual rate (4 at most) and a count at least twice that.
        all_of(t("USUAL_RATE", HABIT | PAST, max=4), t("COUNT_NOW", HABIT, min=8, max=31), within=20),
        # Headaches that wake one up, never before ("never woke up with my head before, now it wakes me").
        all_of(t("WAKES_NIGHT", HABIT), any_of(t("NEW_HEAD", ANY), t("NOT_USUAL", ANY)), t("HEAD_PAIN", ANY)),
    )),
    # The same changes told of "the pain", its aura, or nothing at all ("progressively worse for 3 weeks,
    # never been like this", "el doble de dolores"): in a migraine companion the pain is the attack, unless
    # the message names another complaint.
    Rule("pattern_change", URGENT, SAME_DAY, any_of(
        all_of(t("NOW_MORE", HABIT), t("HEADACHE_ONE", HABIT | PAST)),
        # Near-daily pain that keeps getting worse ("tomo calmantes casi todos los dias y el dolor va a peor"), as
        # the headaches are above.
        all_of("DAILY", "WORSENING", t("HEADACHE_ONE", HABIT | PAST), sentence=True),
        # ... the old attacks told in a sentence before ("had migraines 20 years. last 6 weeks the right side of my head
        # hurts every morning and its getting worse", set Z14): what is now daily and worsening is the headache when
        # the sentence names the head (not "the left side of my jaw hurts daily and is getting worse from grinding").
        all_of(all_of("DAILY", "WORSENING", any_of("HEAD_PAIN", "HEAD_PART"), sentence=True),
               any_of(t("HEADACHE_ONE", HABIT | PAST), t("HEAD_PAIN", HABIT | PAST))),
        all_of(t("CHANGE", HABIT), any_of(t("HEADACHE_ONE", HABIT | PAST), t("AURA", ANY)), any_of(
            "WORSENING", "WORSE", "DAILY", "WAKES_NIGHT", "DIFFERENT", "NOT_USUAL", "STEADY_WORSE",
        )),
        all_of(t("RARE_BEFORE", HABIT | PAST), any_of(t("NOW_COUNT", HABIT), t("FREQ_UP", HABIT))),
        # ... or this attack set against the usual ones by the writer's own yardstick, the usual ones named in another
        # sentence ("I know my migraines really well. But this one since yesterday ... different kind of pain, different
        # place, and it's not behaving like any of mine", set Z16).
        all_of(t("UNLIKE_USUAL", HABIT), t("HEADACHE_ONE", HABIT | PAST), t("HEAD_PAIN", HABIT | PAST)),
        # ... or worse and worse while the tablets no longer touch it ("каждую неделю сильнее и сильнее, таблетки уже не
        # берут"): the attack the medicine fails against is the headache.
        all_of("STEADY_WORSE", any_of(t("DURATION", min=168, max=8800), "NOT_USUAL", "CHANGE", t("NOW_MORE", HABIT),
                                      t("FREQ_UP", HABIT), "NEW_HEAD", "ATTACK_ONGOING")),
        # ... or worse and worse and now waking one at night ("mine now wake me up in the night, every night, and they
        # keep getting worse and worse"): two signs of a raised pressure, whatever the question around them.
        all_of("STEADY_WORSE", t("WAKES_NIGHT", HABIT | ABOUT), within=15),
    ), unless=t("OTHER_BODY", ANY)),
    # Children (section 15): habitual by nature ("wakes up every morning with a headache").
    Rule("child", URGENT, EMERGENCY, t("FONTANELLE", HABIT)),
    Rule("child", URGENT, SAME_DAY, any_of(
        all_of(any_of(t("CHILD", HABIT), t("AGE", FACT, min=0, max=15)), t("HEAD_PAIN", HABIT), any_of(
            t("WAKES_NIGHT", HABIT), t("MORNING_VOMIT", HABIT), t("UNSTEADY", HABIT), t("PERSONALITY", HABIT),
            t("HEAD_GROWTH", HABIT), t("EYES_CROSS", HABIT), all_of(t("EXERTION", HABIT), t("TRIGGER_LINK", HABIT)),
        )),
        # The child's headache, not a parent's ("the baby is 2 months old, my usual migraine is back").
        all_of(any_of(t("AGE", FACT, min=0, max=4.99), t("UNDER5", HABIT)), t("HEAD_PAIN", HABIT), same_owner=True),
    )),
    # The crisis path. A habit or the past does not make suicidal thoughts less urgent, unless the message
    # says the crisis is over: resolved ("two years ago I wanted to die, I'm fine now") or recovered ("I was
    # suicidal, I got help and I'm doing much better now"). A current sign in the same message still counts
    # (the first rule).
    Rule("suicidal", CRISIS, EMERGENCY, any_of(t("SUICIDAL", HABIT | IF), t("METHOD", ABOUT | HABIT))),
    # A crisis in a sentence of its own after an opening question, in a message with no first-person word ("нормально
    # ли что голова болит весь день? жить не хочется"): not a medicine's leaflet quoted ("can topiramate cause suicidal
    # thoughts? the leaflet lists suicidal thoughts as a rare side effect").
    Rule("suicidal", CRISIS, EMERGENCY, t("SUICIDAL", HABIT | IF | Ctx.GENERIC), unless=t("SIDE_EFFECT", ANY)),
    # The writer asking about their own wish ("is it normal that i want to die?", "почему мне хочется умереть?"): a
    # question about their thoughts in their own words, not about the topic. Not a question of what the words mean,
    # nor a sense denied ("не в том смысле, что жить не хочу, а просто устала"), nor a clinician's question reported
    # ("mi medico me pregunto si tengo ideas suicidas, es normal que pregunten eso?").
    Rule("suicidal", CRISIS, EMERGENCY, all_of(t("SUICIDAL", HABIT | IF | Ctx.ASKED), t("FIRST_PERSON", ANY),
                                               within=2, sentence=True),
         unless=any_of(t("MEANING", ANY), t("ASKED_BY", ANY)), unless_within=6),
    # An attempt on one's own life in the last weeks takes the crisis path even when the writer says it is over ("i
    # tried to kill myself last week, im fine now"): risk is highest in the weeks after an attempt.
    Rule("suicidal", CRISIS, EMERGENCY, all_of(even_if_over(t("ATTEMPT", HABIT | PAST)),
                                               any_of(t("RECENT_OVER", ANY), t("ATTEMPT_RECENT", ANY)),
                                               within=8, sentence=True)),
    # ... or answering their own question about the topic ("is it normal to feel suicidal with migraine? i do",
    # "может ли топирамат вызывать мысли о суициде? у меня они уже неделю").
    Rule("suicidal", CRISIS, EMERGENCY, all_of(t("SUICIDAL", HABIT | IF | ABOUT), t("OWN_TOO", ANY), within=10)),
    # The writer's word that it is over counts where that word itself closes the matter ("hace años tuve ideas suicidas,
    # ahora estoy bien": ENDED, context.py).
    Rule("suicidal", CRISIS, EMERGENCY, t("SUICIDAL", HABIT | PAST | IF),
         unless=any_of(t("RESOLVED", HABIT | Ctx.ENDED), t("RECOVERED", SAID))),
    # ... but a recovery denied ("I got help but I'm not doing any better") leaves it standing, whatever else
    # the message says of help.
    Rule("suicidal", CRISIS, EMERGENCY, all_of(t("SUICIDAL", HABIT | PAST | IF), NOT_RECOVERED)),
    # Safe-messaging signs without the word: a plan, a farewell or a last moment with hopelessness, or
    # tablets put aside with any of them. Each alone is the talk of a hard life; two together are not.
    # ... or with a doubt about going on at all ("pa que seguir si todos los dias es el mismo dolor. ya pense como y
    # cuando"). A plan with a final act, a farewell or a method stands whatever else is said; only with hopelessness or
    # the doubt alone may a decision said, right after, to be a doctor's visit booked ("я все решила: больше не могу
    # так, записалась к неврологу") take it back: what was decided is named, and it is care (CARE_PLAN, as a fact,
    # within 3 words).
    Rule("suicidal", CRISIS, EMERGENCY, all_of(t("PLAN", LIFE), any_of(
        t("FINAL", LIFE), t("FAREWELL", LIFE), t("METHOD", LIFE | ABOUT),
    ))),
    Rule("suicidal", CRISIS, EMERGENCY, all_of(t("PLAN", LIFE), any_of(
        t("HOPELESS", LIFE), t("GOING_ON_DOUBT", LIFE | Ctx.NEGATED),
    )), unless=t("CARE_PLAN", FACT), unless_within=3),
    Rule("suicidal", CRISIS, EMERGENCY, any_of(
        # Not a day picked with a thank-you: "picked the day, thanks for the help" is how a reminder gets set.
        all_of(t("WHEN_SET", LIFE), any_of(t("HOPELESS", LIFE), t("FINAL", LIFE), t("METHOD", LIFE | ABOUT),
                                           t("GOING_ON_DOUBT", LIFE | Ctx.NEGATED))),
        # A plan and a time set for the act it does not name ("I have a plan now, I'll do it this weekend"), or a
        # date set for after a day of someone close ("I've picked a date. after my daughter's birthday").
        all_of(t("PLAN", LIFE), t("WHEN_SET", LIFE), within=15),
        # ... and "i know how and when" said alone with the time right after it ("i know how and when, it'll be next
        # week", tune48en; KNOW_HOW_WHEN, WHEN_NEXT, en).
        all_of(t("KNOW_HOW_WHEN", LIFE), t("WHEN_NEXT", LIFE), within=4),
        all_of(t("WHEN_SET", LIFE), t("MILESTONE", LIFE), within=10),
        all_of(t("FINAL", LIFE), any_of(t("FAREWELL", LIFE), t("HOPELESS", LIFE))),
        # A goodbye said only in one's head, with hopelessness ("tired of fighting, said goodbye to my mum in my head").
        all_of(t("UNSAID_GOODBYE", LIFE), any_of(t("HOPELESS", LIFE), t("WONT_GO_ON", LIFE | Ctx.NEGATED)), within=15),
        # A last moment with the will to go on gone ("I won't live to see the summer. and I don't want to").
        all_of(t("FINAL", LIFE), t("WONT_GO_ON", LIFE | Ctx.NEGATED), within=10),
        # Letters or passwords left for those close "just in case", the case unsaid; a goodbye with an apology.
        all_of(t("LEGACY", LIFE), t("IN_CASE", ANY), within=12),
        # Letters written to those close or things given away, with hopelessness ("wrote letters to my kids today. I
        # don't see a way forward"; "I'm done. I've been giving my things away").
        all_of(t("LEGACY", LIFE), t("HOPELESS", LIFE), within=20),
        near(t("ADIEU", LIFE), t("APOLOGY", LIFE), 1),
        all_of(near(t("HOARD", LIFE), t("MEDS", LIFE), 6), any_of(t("HOARD_CUE", LIFE), t("HOPELESS", LIFE),
                                                                  t("PLAN", LIFE), t("WHEN_SET", LIFE),
                                                                  t("FINAL", LIFE))),
        # "I can't go on and I don't want to": the will to go on gone, next to a hopeless line. The will
        # is said with a negation, and one negation after another is a list ("no puedo, no quiero, no voy a
        # seguir"), not one taking the next back.
        all_of(t("HOPELESS", LIFE), t("WONT_GO_ON", LIFE | Ctx.NEGATED), within=10),
        # No sense in going on, with nothing and nobody helping ("не вижу смысла дальше, голова болит каждый день и
        # никто не помогает", set Z16): the doubt alone is asked about; with help said to fail it is the crisis path.
        all_of(t("GOING_ON_DOUBT", LIFE | Ctx.NEGATED), t("NOT_BETTER", LIFE), within=15),
        # Perceived burdensomeness: others relieved or better off with the person gone, or a burden that
        # others would be fine without.
        all_of(t("RELIEF", LIFE), t("SELF_GONE", LIFE), within=10, sentence=True),
        all_of(t("HOPELESS", LIFE), t("SELF_GONE", LIFE), within=10),
        # Wanting to vanish or to sleep for good (wanting, not "I could sleep forever").
        all_of(t("WISH", LIFE), near(any_of(t("VANISH", LIFE), t("LONG_SLEEP", LIFE)), t("FOREVER", LIFE), 8),
               sentence=True),
        # Wanting it all to stop, and for good ("I want it all to stop. Permanently.").
        all_of(t("WISH", LIFE), near(t("ALL_STOP", LIFE), t("FOREVER", LIFE), 3), within=4),
        # Wanting something gone for good with a hint that more is meant ("I want the pain to stop forever, not just
        # for today, you know what I mean").
        all_of(t("WISH", LIFE), t("FOREVER", LIFE), t("VEILED", LIFE), within=15),
        # ... and not only the headache ("I want it all to stop. Not the headache. Everything. Permanently.").
        all_of(t("ALL_STOP", LIFE), t("NOT_PAIN", LIFE), t("FOREVER", LIFE), within=5),
        # Final arrangements made for those left behind ("so nobody has to sort it out after").
        all_of(any_of(t("AFFAIRS", LIFE), t("FAREWELL", LIFE)), t("AFTER_ME", LIFE)),
        # An easy thought at a height; dwelling on death with hopelessness.
        all_of(t("EASY_THOUGHT", LIFE), t("HEIGHT", LIFE), sentence=True),
        all_of(t("DEATH_THOUGHT", LIFE), any_of(t("HOPELESS", LIFE), t("WONT_GO_ON", LIFE | Ctx.NEGATED)), within=15),
        # ... or found appealing ("sometimes I think about just not waking up and honestly it sounds peaceful").
        all_of(t("DEATH_THOUGHT", LIFE), t("APPEAL", LIFE), within=15),
    )),
    # A stock of medicine at hand with hopelessness, unless the hopelessness is about whether it works.
    Rule("suicidal", CRISIS, EMERGENCY, all_of(t("SUPPLY", LIFE), t("HOPELESS", LIFE), within=25),
         unless=t("TREATMENT_TALK", ANY), unless_within=4),
    Rule("self_harm", CRISIS, EMERGENCY, any_of(t("SELF_HARM", HABIT | IF), near(t("HURT_SELF", HABIT | IF),
                                                                                 t("SH_CUE", LIFE), 8))),
    Rule("self_harm", CRISIS, EMERGENCY, any_of(t("SELF_HARM", HABIT | PAST | IF),
                                                near(t("HURT_SELF", LIFE), t("SH_CUE", LIFE), 8)),
         unless=any_of(t("RESOLVED", HABIT), t("RECOVERED", SAID))),
    Rule("self_harm", CRISIS, EMERGENCY, all_of(any_of(t("SELF_HARM", HABIT | PAST | IF),
                                                       near(t("HURT_SELF", LIFE), t("SH_CUE", LIFE), 8)),
                                                NOT_RECOVERED)),
    # Not the word on a label ("the overdose warning on the box"): only its own words are cancelled (within 0).
    # An overdose the writer says is over still needs the emergency number: paracetamol harms the liver a day or
    # two later, while one feels well ("me tomé 20 pastillas de golpe, ahora ya estoy bien"; even_if_over).
    Rule("overdose", CRISIS, EMERGENCY, even_if_over(any_of(t("OVERDOSE", HABIT), *overdose_amount(HABIT))),
         unless=t("OVERDOSE_NOTICE", ANY), unless_within=0),
    Rule("overdose", CRISIS, EMERGENCY, all_of(any_of(t("OVERDOSE", HABIT | PAST), *overdose_amount(HABIT | PAST)),
                                               NOT_RECOVERED),
         unless=t("OVERDOSE_NOTICE", ANY), unless_within=0),
    # A count of tablets, unless it is a dose size set against the usual one nearby ("took 80 of my propranolol instead
    # of 40"): a usual of 10 or more is milligrams, never a count of tablets ("took 30 of my pills instead of 2" stays).
    Rule("overdose", CRISIS, EMERGENCY, even_if_over(t("OVERDOSE_COUNT", HABIT, min=10, max=10_000)),
         unless=NOT_A_COUNT, unless_within=DOSE_REACH, unless_also=((TEMPERATURE_READ, SHARED),)),
    Rule("overdose", CRISIS, EMERGENCY, all_of(t("OVERDOSE_COUNT", HABIT | PAST, min=10, max=10_000), NOT_RECOVERED),
         unless=NOT_A_COUNT, unless_within=DOSE_REACH, unless_also=((TEMPERATURE_READ, SHARED),)),
    # Eight tablets or more, or a whole pack, taken within one day, with feeling unwell after ("hoy ya llevo 8
    # ibuprofenos y me siento rara", "had 10 paracetamol since this morning and feel really weird"): an overdose, meant
    # or not, for the emergency number first; not that count spread over days ("8 ibuprofen over the last 4 days", the
    # spread right after the count). Recognition only: no reply names a dose.
    Rule("overdose", CRISIS, EMERGENCY, all_of(
        even_if_over(any_of(t("TABLET_COUNT", min=8, max=10_000), "PACK_TAKEN")), "ONE_DAY",
        any_of("UNWELL", "NAUSEA", "VOMIT", "VERTIGO", "DROWSY"), within=15,
    ), unless=near(t("COUNT_SPREAD", ANY), t("TABLET_COUNT", ANY), 2), unless_within=0),
    # Partial signs: ask, never stay silent, never delay a clear emergency (the bot asks only when no
    # rule above fired).
    # Not an aura the writer has already said is the usual one, word for word ("today was exactly the same"): the
    # question it would ask is answered.
    Rule("usual_aura_deficit", POSSIBLE, EMERGENCY, all_of(
        t("AURA", HABIT), any_of(t("LIMB_NUMB", HABIT), t("SPEECH_FAIL", HABIT)),
    ), unless=t("SAME_AS_USUAL", FACT)),
    Rule("postpartum_headache", POSSIBLE, EMERGENCY, all_of("POSTPARTUM", HEAD)),
    # Headaches said to have got fewer or better ("pregnant and my migraines have pretty much vanished") are no
    # headache to ask about; nor with a workout ("started weight training and my migraines have gone down").
    Rule("pregnancy_headache", POSSIBLE, SAME_DAY, all_of("PREGNANT", HEAD), unless=t("HEAD_BETTER", FACT),
         unless_within=4),
    Rule("sudden_headache", POSSIBLE, EMERGENCY, all_of("SUDDEN", HEAD, sentence=True)),
    Rule("fever_headache", POSSIBLE, EMERGENCY, all_of(FEVER, HEAD)),
    Rule("stiff_neck_headache", POSSIBLE, EMERGENCY, all_of("NECK_STIFF", HEAD)),
    Rule("new_headache", POSSIBLE, SAME_DAY, t("NEW_HEAD"), unless=any_of(t("AGE", ANY), t("CHILD", ANY),
                                                                       t("AGE_AT", ANY, min=16, max=120))),
    # Not migraine had since youth ("migrañas desde los 14", "since I was a kid"): no new headache to ask about.
    # Nor an age supposed ("if im over 50 and get a new type of headache ... im 45").
    Rule("older_headache", POSSIBLE, SAME_DAY, all_of(t("AGE", FACT & ~IF, min=50, max=120), "HEADACHE_ONE"),
         unless=any_of(t("AGE_AT", ANY, min=0, max=45), t("LIFELONG", ANY))),
    # Slurred speech the writer puts down to drink (the first speech rule lets it go): one question, as drink hides
    # strokes too.
    Rule("drink_speech", POSSIBLE, EMERGENCY, all_of("SPEECH_FAIL", t("DRINK_CAUSE", FACT))),
    # Wondering whether to go on living at all, with no other sign: ask the crisis question, as safe-messaging
    # practice asks directly. With a plan, tablets, a farewell... the crisis rules above have already fired.
    # "no sé para qué sigo", "не знаю зачем продолжать": the "not" is of knowing, not of the doubt.
    Rule("going_on_doubt", POSSIBLE, EMERGENCY, t("GOING_ON_DOUBT", LIFE | Ctx.NEGATED)),
    # A wish to die asked about with no one's own words ("is it normal to want to die when it lasts for days?") may
    # well be the writer's: ask. Not suicidal thoughts asked about as a topic ("can topiramate cause suicidal
    # thoughts?"), whose "no" would leave the question unanswered (the crisis question's no gives the crisis lines).
    # A first-person wish the crisis rules let go (its meaning asked, a clinician's question reported) is asked too.
    Rule("going_on_doubt", POSSIBLE, EMERGENCY, all_of(t("SUICIDAL", HABIT | IF | ABOUT),
                                                       any_of(t("WISH", ANY), t("FIRST_PERSON", ANY)), within=1,
                                                       sentence=True),
         unless=any_of(t("RESOLVED", HABIT), t("RECOVERED", SAID))),
    # A headache placed at a workout with no word that ties its onset to the effort ("i got a migraine at the gym",
    # "migraine hit me at spin class"): the effort may have set it off (the exertion red flag) or the usual attack came
    # there, so ask. One time told, not a habit ("always get one at the gym" asks nothing; with a link word, "always
    # get one when I exercise", it is the red flag above). A headache or a migraine by name; a sport that is also
    # routine exercise (both concepts on one word), not a cough or sex; not an attack already going that the workout
    # made worse, nor a workout said to help.
    # A head that hurts, said in other words, is asked about when it is today's ("after the gym today my head started
    # hurting"), not a child's head that hurt after football and was fine after a drink.
    Rule("exertion_headache", POSSIBLE, SAME_DAY, any_of(
        all_of("HEADACHE", near("EXERTION", "ROUTINE_MOVE", 0), within=5, sentence=True),
        all_of(HEAD, near("EXERTION", "ROUTINE_MOVE", 0), t("ACUTE", ANY), within=5, sentence=True),
    ), unless=any_of(t("ATTACK_AGGRAVATED", ANY), t("TREATMENT_TALK", ANY), t("HEAD_BETTER", FACT)), unless_within=4),
)  # fmt: skip

# Every code a finding can have, in the order the bot reports them.
URGENT_CODES: tuple[str, ...] = tuple(dict.fromkeys(r.code for r in RULES if r.kind is Kind.URGENT))
CRISIS_CODES: tuple[str, ...] = tuple(dict.fromkeys(r.code for r in RULES if r.kind is Kind.CRISIS))
POSSIBLE_CODES: tuple[str, ...] = tuple(dict.fromkeys(r.code for r in RULES if r.kind is Kind.POSSIBLE))
