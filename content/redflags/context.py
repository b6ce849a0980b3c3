"""The context of a finding: negated, asked about, conditional, in the past, habitual, a joke, generic.

Modelled on ConText/NegEx (Chapman et al.): cue words found by the lexicon (NEG, QUESTION, HISTORICAL...)
reach over a span of the sentence, and a finding inside that span takes the cue's context. Each cue has
its own reach:

- NEG reaches 4 words forward within its comma-part, stopped by BREAK ("but"); NEG_AFTER reaches back 2. NONE_OF
  closing a comma-part ("I've got none of those") denies the sentence before it when that one names no one and
  nothing happening now (a list). A NEG that is the whole first comma-part of a sentence after a question ("red
  eye?? nope, mascara") denies that question. A question someone asked the writer, reported (ASKED_BY: "the neuro
  asked about vomiting"), is denied up to the writer's no to it (ANSWER_NO, or a bare "no" that is a whole
  comma-part) in its sentence or the next.
- QUESTION (at the start of a part) and INFO ("signs of", "can migraine cause") reach forward to the end
  of the sentence when it ends in "?", otherwise to the end of their comma-part, a clause (ASKED): "what
  does thunderclap mean, i just got the worst headache of my life" reports a sign. CONDITIONAL ("if",
  "planning") reaches to the end of its part (HYPOTHETICAL), and to the "?" of a question it opens. An
  ACUTE cue ("right now", "an hour ago", "since this morning") in the reach overrides both: "is it normal
  that my arm went numb an hour ago" is a report, not a question.
- HISTORICAL ("years ago", "as a child") and HABITUAL ("always", "my usual") cover their segment (a
  comma-part, split at BREAK) in both directions, and their whole sentence when the segment is short and
  holds no finding of its own (", same as always"); ACUTE overrides HISTORICAL, never HABITUAL. CLEARED,
  a doctor's all-clear ("they checked and said it was nothing"), makes HISTORICAL what its sentence told before
  it, and the sentence before when the all-clear opens its own, unless the message goes on to something happening
  now. RECENT_PAST ("last week", "a month ago") is HISTORICAL too, unless the message goes on from it with the sign
  still there (STILL: "since then it hurts more and more"). RECENT_OVER ("two weeks ago", en) counts only when the
  message says after it that the matter is over (OVER: "... I'm fine now"). What the sentence told before WELL_AGAIN,
  the writer's own word that it passed ("ayer ..., hoy ya dormi y estoy normal", reaching as CLEARED does), is ENDED:
  HISTORICAL to every rule but those of signs that need a doctor even once they passed (rules.py, even_if_over).
- JOKE ("lol") covers its segment as HABITUAL does (its sentence up to a BREAK word when the segment is short and
  holds no finding), and the sentence before when it stands alone ("... jk").
- A message with no first-person word that opens with a question is GENERIC: it is about the topic.
- TOPIC ("la migraña", "el dolor de cabeza" at the start of a sentence) makes a sentence of one part that ends in
  "?" and holds no first-person word ASKED throughout: a language that asks yes/no questions by intonation alone
  ("¿la migraña empeora al toser?") has no question word to reach from. Said without "?", it is a report.
- A QUESTION or INFO cue inside a PLEA ("can someone help me", "alguien me puede ayudar") reaches to the plea's end
  only: a plea for a person is no question about what follows it ("... i want to die").
- STORY ("in a film where", "the main character", "a guy on a forum") reaches forward to the end of its
  sentence, stopped by BREAK and by the writer's own words ("... and I have it too"): what follows is a story
  told of others, not a report (STORY), unless an ACUTE cue in the reach makes it one.

Cue words inside a longer concept phrase are part of that phrase, not cues: the "not" of
"not like my usual aura" or the "can't" of "can't speak" negate nothing.

Everything is precomputed per word when the message is read, so each question about a span is O(1).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Final

from content.redflags.matcher import Hit, Hits
from content.redflags.text import Words


class Ctx:
    """Why a finding might not be a report of a current personal symptom (bit flags, plain ints for speed)."""

    # Final: a compiled build (compiled.py) reads them as constants; mypyc reads no other class attribute.

    NONE: Final = 0
    NEGATED: Final = 1
    ASKED: Final = 2  # a question or a request for information: "can migraine cause numbness?"
    HYPOTHETICAL: Final = 4  # a condition or a plan: "if I ever...", "planning a pregnancy"
    HISTORICAL: Final = 8
    HABITUAL: Final = 16
    JOKE: Final = 32
    GENERIC: Final = 64
    STORY: Final = 128  # a film, a book, a video or a forum: a story of others, not a report
    # Over only by the writer's own word ("hoy ya dormi y estoy normal", "... two weeks ago, I'm fine now"): the past
    # as HISTORICAL is to every rule that does not name it, but a thunderclap, a deficit or a fit that passed still
    # needs a doctor (a sentinel bleed, a TIA), which a doctor's all-clear (CLEARED) or a long-ago past would settle.
    ENDED: Final = 256


# Final: compiled, constants and statics, not names looked up in the module each time a loop reads them.
ALL_CONTEXTS: Final = 511
CUES: Final = frozenset(
    {
        "NEG", "PSEUDO_NEG", "NEG_AFTER", "BREAK", "QUESTION", "LEAD", "INFO", "CONDITIONAL", "HISTORICAL",
        "HABITUAL", "ACUTE", "JOKE", "NOT_JOKING", "COMPARE", "FIRST_PERSON", "OTHER_PERSON", "CLEARED",
        "STORY", "TOPIC", "RECENT_PAST", "RECENT_OVER", "OVER", "STILL", "NONE_OF", "ASKED_BY", "ANSWER_NO",
        "WELL_AGAIN", "PLEA", "JOIN", "MEANING", "SIDE_EFFECT", "OWN_TOO", "ATTEMPT", "ATTEMPT_RECENT",
        # A marker a rule reads (rules.py, INVESTIGATED_HABIT), never content: the all-clear inside it stays one.
        "WORKED_UP",
        # A marker a rule reads (rules.py, weakness beside VISUAL_ONLY_AURA): the habit cue inside it stays one.
        "NUMB_POSTURE",
        # A marker a rule reads (rules.py, exertion_posture): the habit cue inside it stays one.
        "USUAL_ATTACK",
        # A marker a rule reads (rules.py, head_injury).
        "BLOW_ELSEWHERE",
        # A marker a rule reads (rules.py, aura_atypical).
        "AURA_SPAN",
        # Markers of the guards of tune48en (rules.py), never content: the cues inside them stay ones ("when i was
        # pregnant" stays a past, "if i get a migraine" a condition).
        "CONFUSION_OVER", "PREGNANT_BEFORE", "CHILD_AGE_NOW", "PRIMARY_NAMED", "ATTACK_FIRST", "BLANCHES",
        "GLASSES_CAUSE", "GOOD_SPELL", "TREATMENT_FAST", "AURA_MED", "NOT_AURA_SPAN", "REFLUX", "FOOD_UP",
        "LONG_HAD", "CHECKED_BY",
        # A marker a rule reads (rules.py, aura_atypical; int48): the cues and concepts inside it stay ones.
        "AURA_HOURS",
        # A marker a rule reads (rules.py, DENIED_EFFORT): the negation inside it still negates the headache.
        "EFFORT_DENIED",
    }
)  # fmt: skip
# Cues that a concept phrase swallows ("not like my usual"); person words are never swallowed.
_SWALLOWED: Final = frozenset(
    {
        "NEG", "NEG_AFTER", "QUESTION", "INFO", "CONDITIONAL", "HISTORICAL", "RECENT_PAST", "RECENT_OVER", "HABITUAL",
        "CLEARED", "WELL_AGAIN",
    }
)  # fmt: skip
NEG_REACH: Final = 4
SHORT_SEGMENT: Final = 4
HABIT_SENTENCE: Final = 3  # the most words of a sentence that is only a habit cue ("and it's always like that")
NEG_AFTER_REACH: Final = 2
CONDITIONAL_REACH: Final = 8
COMPARE_REACH: Final = 3
FIRST: Final = 1
OTHER: Final = 2
NOBODY: Final = 0
# Findings that carry a negation as half of a two-concept phrase ("no tengo fuerza", "не знаю где я"): they
# swallow the negation only when the other half is near; alone ("no tengo fiebre") the negation negates.
# An inability (UNABLE) swallows its negation only right before a bodily action ("no llego a tocar el pecho con
# la barbilla", rewritten "no puedo tocar..."): then the sign after it is there. Before anything else ("no llego a
# tener fiebre") the negation negates.
_PARTNERS: Final = {"GONE_WORD": ("STRENGTH_NOUN",), "NOT_KNOWING": ("ORIENTATION",)}
_NEXT: Final = {"UNABLE": ("ACTION",)}
# Findings that are an absence themselves ("sin dolor de cabeza", "migraine free": a time since the last attack) swallow
# no cue: the headache inside them stays negated ("tuve covid con fiebre, ya estoy bien, sin dolor de cabeza"). Nor does
# a recovery said as over ("y ya esta bien"): the all-clear inside it still closes the story told before it ("un
# compañero tuvo un golpe en la cabeza hace meses y ya esta bien").
# Nor does a headache habit denied ("she never gets headaches", NEVER_GETS, en): its headache is no headache now.
_KEEP_CUES: Final = frozenset({"SINCE_LAST", "RESOLVED", "NEVER_GETS"})
PARTNER_REACH: Final = 4
# The words that name an attack a habit cue may be said of ("my usual migraine"), and how far apart the two may be.
_ATTACK_WORDS: Final = ("HEADACHE", "DURING_ATTACK", "AURA")
ATTACK_HABIT_GAP: Final = 2


class Context:
    """Answers "what is the context of words [start, end)?" for one message."""

    def __init__(self, words: Words, hits: Hits) -> None:
        self.words = words
        n = len(words.words)
        sentence, part = words.sentence, words.part
        # Words inside a finding that is not a cue ("content"), and inside a multi-word one ("covered").
        # Flags per word are lists of bools: compiled, a word's flag is set and read in place, where a bytearray's
        # took a boxed index and a slice object (a thousand instructions to mark a two-word finding).
        content = [False] * n
        covered = [False] * n
        phrases: list[tuple[int, int]] = []  # the multi-word findings that may swallow a cue
        for concept, found in hits.items():
            if concept in CUES:
                continue
            partners = _PARTNERS.get(concept)
            following = _NEXT.get(concept)
            for start, end, _ in found:
                size = end - start
                if size == 1:  # most findings are one word: a byte set, not a slice built and copied
                    content[start] = True
                    continue
                _mark(content, start, end)
                if concept in _KEEP_CUES:
                    continue
                if partners is not None and not _partnered(hits, partners, start, end):
                    continue  # "no tengo fiebre": "no tengo" is a lost strength only next to the strength
                if following is not None and not any(h.start == end for p in following for h in hits.get(p, ())):
                    continue
                _mark(covered, start, end)
                phrases.append((start, end))
        # A number is a finding of its own: ", normally it's 20 minutes" speaks of the 20 minutes only. Numbers are
        # asked of the few short stretches that need them (_has_content), not marked over every word of the message.
        text = words.words

        breaks = {h.start for h in hits.get("BREAK", [])}
        # Segments: comma-parts cut at BREAK words, for habit and history.
        part_bounds = _bounds(part)
        # Where each part starts (a cut at 0 would be none: _numbered), read from the parts' bounds rather than by
        # comparing the part numbers of every two neighbouring words again: sentence and part numbers never go down
        # (split_words counts them up, and a rewrite keeps its words in order), so each part is one run.
        part_starts = {first for first, _ in part_bounds.values() if first}
        segment, segment_bounds = _numbered(n, part_starts | breaks)
        self._segment = segment
        sentence_bounds = _bounds(sentence)
        self._sentence_bounds = sentence_bounds
        acute = hits.get("ACUTE", [])
        acute_sentences = {sentence[h.start] for h in acute}
        acute_segments = {segment[h.start] for h in acute}

        break_at = sorted(breaks)
        # The message's layout and cue hits, with the reaches worked out from them (methods, not nested functions: a
        # closure and the frame it captures would make a reference cycle per message, left to the cyclic collector).
        layout = _Layout(hits, words, sentence_bounds, part_bounds, segment, break_at, covered, phrases)
        # Short segments with no finding of their own (", same as always"): their cues speak for the sentence. Asked
        # of the segments of the cues only (_Layout.spread), not worked out for every segment of the message.
        layout.content = content
        layout.segment_bounds = segment_bounds

        # A doctor's all-clear closes a story told with "yesterday" in it too ("yesterday she had a thunderclap,
        # the CT was clear"); told_before already leaves it open when something happening now follows.
        habits = _not_compared(layout.active("HABITUAL"), hits, part)
        usual = {segment[h.start] for h in habits}
        # A recent point in the past ("last week", "a month ago") is the past as HISTORICAL is, unless the message goes
        # on from it with the sign still there ("last week I hit my head and since then it hurts more and more", "...
        # two weeks ago. it still hasn't gone": STILL after the cue, in its sentence or a later one): then it is when
        # the sign started, not a story that is over.
        still = hits.get("STILL", ())
        # A point told without its end (RECENT_OVER, en: "two weeks ago") is over only when an OVER cue follows it ("...
        # I'm fine now"); alone it is often when something began ("new headaches started 3 weeks ago"). Nor is it over
        # when something happening now follows the OVER cue ("... had my baby 2 weeks ago, I'm fine, but today ...").
        over = hits.get("OVER", ())
        ends = [c.end for c in over if not any(a.start >= c.end for a in acute)]
        past = layout.active("HISTORICAL") + [
            h
            for h in (
                *layout.active("RECENT_PAST"),
                *(h for h in layout.active("RECENT_OVER") if any(end > h.end for end in ends)),
            )
            if not any(c.start >= h.end for c in still)
        ]
        self._historical = (layout.spread(past) - acute_segments) | layout.told_before(
            acute, usual, layout.active("CLEARED")
        )
        # A story closed only by the writer's own word that it passed (WELL_AGAIN: "ayer ..., hoy ya dormi y estoy
        # normal") is ENDED, not HISTORICAL: a doctor's all-clear (CLEARED) or a time named as past is needed to make
        # it history. (A point weeks back said to be over, RECENT_OVER with OVER, stays HISTORICAL: "my dad had a
        # seizure a month ago, it was low blood sugar, he's fine now" is a story that is over.)
        self._ended = layout.told_before(acute, usual, layout.active("WELL_AGAIN")) - self._historical
        self._habitual = layout.spread(habits)
        # A habit cue said of the attack ("like my usual migraine", "como siempre la migraña", "мигрень как всегда")
        # tells what the attack is like, not what comes with it after "and" ("... and my face is drooping"): the words
        # after a JOIN word ("and") right after the two in its segment are not made habitual by it, unless another habit
        # cue in the sentence speaks for them. A habit said of the sign itself ("my arm goes numb, as always") is no
        # such cue (gaps43).
        self._unhabit = [False] * n
        conjunctions = {h.start for h in hits.get("JOIN", ())}
        attacks = [h for concept in _ATTACK_WORDS for h in hits.get(concept, ())]
        for h in habits:
            seg = segment[h.start]
            a, b = segment_bounds[seg]
            named = [x for x in attacks if a <= x.start < b and _beside(h, x)]
            if not named:
                continue
            group = (min(h.start, *(x.start for x in named)), max(h.end, *(x.end for x in named)))
            first, last = sentence_bounds[sentence[h.start]]
            if any(not (group[0] <= o.start and o.end <= group[1]) for o in habits if first <= o.start < last):
                continue
            # The JOIN word right after the attack ("my usual migraine and ..."), not one inside what the habit tells
            # ("перед мигренью у меня всегда плечи и шея каменные" is a habit of the neck).
            if group[1] < b and group[1] in conjunctions:
                _mark(self._unhabit, group[1], b)
        # "... it's the postdrome, right? always like that": a short sentence that is only a habit cue says the one
        # before it is the usual, as a joke cue on its own takes back the sentence before it. Not a longer one
        # ("as always I panicked" tells what the person did) and not a question ("same as always?").
        for h in habits:
            first, last = sentence_bounds[sentence[h.start]]
            if (
                first > 0
                and last - first <= HABIT_SENTENCE
                and sentence[first] not in words.questions
                and not _has_content(content, text, first, last)
                and not breaks.intersection(range(first, last))
            ):
                before = sentence_bounds[sentence[first - 1]]
                self._habitual.update(segment[before[0] : before[1]])
                self._unhabit[before[0] : before[1]] = [False] * (before[1] - before[0])
        # "lol but seriously", "not even joking": the writer takes the joke back for the whole message.
        jokes = hits.get("JOKE", []) if not hits.get("NOT_JOKING") else []
        self._jokes: set[int] = set()
        # A joke cue takes back its segment (a comma-part, cut at BREAK), and its sentence up to a BREAK word when it
        # stands alone (", lol"), as habit and history do: "says he's made of iron lol, but since then he has had a
        # headache" jokes about the iron, not the blow or the headache.
        self._joke_segments = layout.spread(jokes)
        # "... jk", "lol." on their own: a sentence that is only the joke cue takes back the one before it, and
        # so does one that opens with the cue as a clause of its own ("kill me now. (joking, it's the migraine)").
        for h in jokes:
            first, last = sentence_bounds[sentence[h.start]]
            if h.start == first and first > 0 and (h.end == last or h.end == part_bounds[part[h.start]][1]):
                self._jokes.add(sentence[first - 1])

        lead = {i for h in hits.get("LEAD", []) for i in range(h.start, h.end)}
        questions = words.questions

        # A plea for help worded as a question ("can someone help me", "alguien me puede ayudar", "может кто-нибудь
        # помочь") asks for a person, not for information: its question ends with it, typed "?" or not, and what follows
        # ("... i want to die") is the writer's report (_plea_end).
        pleas = hits.get("PLEA", ())

        asked: list[tuple[int, int]] = []
        # Each cue's active hits, worked out once: several reaches below start from them.
        asking, informing, negations = layout.active("QUESTION"), layout.active("INFO"), layout.active("NEG")
        for h in asking:
            first = h.start
            while first > 0 and part[first - 1] == part[h.start] and (first - 1) in lead:
                first -= 1
            if first == 0 or part[first - 1] != part[h.start]:
                asked.append((h.start, _plea_end(pleas, h, layout.stop(h.end - 1, layout.clause_end(h.start)))))
        asked.extend(
            (h.start, _plea_end(pleas, h, layout.stop(h.end - 1, layout.clause_end(h.start)))) for h in informing
        )
        # "¿la migraña empeora al toser?": a question that opens (after a greeting) on a thing named in general, with
        # no word of the writer's own in it, asks about the thing.
        # Only the sentence's last part carries its "?": "la jaqueca va a mas cuando toso, ¿es normal?" reports.
        own_words = {h.start for h in hits.get("FIRST_PERSON", [])}
        # ... and so does one that ends on a request for information instead of its "?" ("громоподобная головная боль
        # это что вообще такое", set Z16): the request closes the sentence, so what it asks about is the thing named.
        closing = {sentence[h.start] for h in informing if h.end == sentence_bounds[sentence[h.start]][1]}
        for h in hits.get("TOPIC", []):
            first, last = sentence_bounds[sentence[h.start]]
            if (
                (sentence[h.start] in questions or sentence[h.start] in closing)
                and part[h.start] == part[last - 1]
                and all(i in lead for i in range(first, h.start))
                and not own_words.intersection(range(first, last))
            ):
                asked.append((first, last))
        # "... is it glaucoma? just asking out of curiosity": a sentence that only says the writer is asking
        # for information makes the question before it one, also a question typed without its "?" that opens
        # with a question word ("whats the deal with cough headaches, my friend said ... i dont have that, just
        # curious").
        opens = {h.start for h in asking} | {h.start for h in informing}
        for h in informing:
            first, last = sentence_bounds[sentence[h.start]]
            if first == 0 or _has_content(content, text, first, last):
                continue
            before = sentence_bounds[sentence[first - 1]]
            opening = before[0]
            while opening < before[1] and opening in lead and opening not in opens:
                opening += 1
            if sentence[first - 1] in questions or opening in opens:
                asked.append(before)
        conditional = [
            (h.start, layout.stop(h.end - 1, min(part_bounds[part[h.start]][1], h.end + CONDITIONAL_REACH)))
            for h in layout.active("CONDITIONAL")
        ]
        # A question that opens on its condition asks about the case supposed, to its "?" ("si alguien de mas de 50
        # empieza con un dolor de cabeza nuevo hay que preocuparse?"), however many words the case takes.
        for h in layout.active("CONDITIONAL"):
            first, last = sentence_bounds[sentence[h.start]]
            if sentence[h.start] in questions and all(i in lead for i in range(first, h.start)):
                conditional.append((h.start, layout.stop(h.end - 1, last)))
        # Generic: no one's own words, and the message opens with a question ("what is a thunderclap?").
        self.generic = (
            not hits.get("FIRST_PERSON")
            and not acute_sentences
            and any(all(i in lead for i in range(a)) for a, _ in asked)
        )
        # An ACUTE cue inside a question's reach makes it a report ("is it normal that my arm went numb an
        # hour ago"); one before the question ("she's fine now, can head injuries cause ...") does not.
        acute_starts = sorted(h.start for h in acute)

        self._asked = _marks(n, [r for r in asked if not _reported(acute_starts, r)])
        # A story ends where the writer comes back to themselves ("... and now I have it too").
        own = sorted(h.start for h in hits.get("FIRST_PERSON", []))

        # An ACUTE cue of the story's own words ("the series last night") tells when it was watched.
        stories = [
            (h.start, layout.story_end(h, own))
            for h in hits.get("STORY", [])
            if not _reported(acute_starts, (h.end, layout.story_end(h, own)))
        ]
        self._story = _marks(n, stories)
        self._conditional = _marks(n, [r for r in conditional if not _reported(acute_starts, r)])

        # Negation: a NEG cue reaches the next NEG_REACH words of its part, up to a BREAK word.
        negated_from = [False] * n
        neg_inside = [False] * (n + 1)  # where NEG cues start, for cues inside a two-concept finding
        for cue in negations:
            neg_inside[cue.start] = True
            end = layout.stop(cue.end - 1, min(part_bounds[part[cue.start]][1], cue.end + NEG_REACH + 1))
            _mark(negated_from, cue.end, end)
        negated_before_end = [False] * (n + 1)  # a NEG_AFTER cue within reach after a span ending here
        for cue in layout.active("NEG_AFTER"):
            for end in range(max(1, cue.start - NEG_AFTER_REACH), cue.start + 1):
                if part[end - 1] == part[cue.start]:
                    negated_before_end[end] = True
        # "eye red and sore?? nope, just mascara": a question the writer asks and answers with a bare no is denied.
        for cue in negations:
            first, _ = sentence_bounds[sentence[cue.start]]
            if (
                cue.start == first
                and first > 0
                and sentence[first - 1] in questions
                and cue.end == part_bounds[part[cue.start]][1]
            ):
                a, b = sentence_bounds[sentence[first - 1]]
                _mark(negated_from, a, b)
        # "sudden worst headache, fever and stiff neck, all that. I've got none of those": a list of signs that names no
        # one and nothing happening now, denied as a whole by the writer in the sentence after it (NONE_OF closing its
        # comma-part), is denied.
        for cue in hits.get("NONE_OF", ()):
            first, _ = sentence_bounds[sentence[cue.start]]
            if first == 0 or cue.end != part_bounds[part[cue.start]][1]:
                continue
            a, b = sentence_bounds[sentence[first - 1]]
            if not any(a <= start < b for start in own) and sentence[first - 1] not in acute_sentences:
                _mark(negated_from, a, b)
        # "the neuro asked about vomiting and fainting, i said no to both", "asked about seizures, no": a question
        # someone asked the writer, reported and answered no in its own comma-part or the one right after it, is
        # denied: only the question's own words, from the asking to the end of its part (or to the answer, in the
        # same part). Anything said between the question's part and a later "no" stands ("the gp asked about my
        # neck. stiff neck and fever and confused, no, haven't taken anything": the "no" answers something else), and
        # nothing happening now may come inside ("asked if my neck was stiff, it is now, no fever").
        asks = hits.get("ASKED_BY", ())
        if asks:
            answers = sorted(
                [h.start for h in hits.get("ANSWER_NO", ())]
                + [c.start for c in negations if (c.start, c.end) == part_bounds[part[c.start]]]
            )
            for ask in asks:
                index = bisect.bisect_left(answers, ask.end)
                asked_part = part[ask.start]
                if index == len(answers) or part[answers[index]] > asked_part + 1:
                    continue
                answer = answers[index]
                end = min(answer, part_bounds[asked_part][1])
                if any(ask.end <= a.start < answer for a in acute) or any(
                    ask.end <= other.start < answer for other in asks if other is not ask
                ):
                    continue
                _mark(negated_from, ask.end, end)
        self._negated_from = negated_from
        self._neg_inside = neg_inside
        self._negated_before_end = negated_before_end

        starts: dict[int, int] = {}
        for h in hits.get("FIRST_PERSON", []):
            starts.setdefault(h.start, FIRST)
        for h in hits.get("OTHER_PERSON", []):
            starts[h.start] = OTHER
        self._owner_changes = sorted(starts.items())
        self._owners: list[int] | None = None  # whose each word is, worked out when a rule first asks
        self._at = [-1] * n  # the contexts that depend on the first word only, by that word (-1: not worked out)

    def of(self, start: int, end: int) -> int:
        """The contexts (Ctx bits) of the words [start, end)."""
        ctx = self._at[start]
        if ctx < 0:
            ctx = self._at[start] = self._starting(start)
        # "my neck isn't stiff": the cue sits inside a finding made of two concepts.
        negated_inside = end - start > 1 and _any_marked(self._neg_inside, start + 1, end)  # most hits are one word
        if negated_inside or self._negated_from[start] or self._negated_before_end[end]:
            ctx |= Ctx.NEGATED
        return ctx

    def _starting(self, start: int) -> int:
        ctx = Ctx.GENERIC if self.generic else 0
        if self._asked[start]:
            ctx |= Ctx.ASKED
        if self._conditional[start]:
            ctx |= Ctx.HYPOTHETICAL
        if self._story[start]:
            ctx |= Ctx.STORY
        segment = self._segment[start]
        if segment in self._historical:
            ctx |= Ctx.HISTORICAL
        elif segment in self._ended:
            ctx |= Ctx.ENDED
        if segment in self._habitual and not self._unhabit[start]:
            ctx |= Ctx.HABITUAL
        if segment in self._joke_segments or self.words.sentence[start] in self._jokes:
            ctx |= Ctx.JOKE
        return ctx

    def owner(self, start: int) -> int:
        """Whose the words at `start` are about: FIRST, OTHER, or NOBODY when no one was named yet."""
        owners = self._owners
        if owners is None:
            owners = self._owners = self._owner_of_each()
        if 0 <= start < len(owners):
            return owners[start]
        index = bisect.bisect_right(self._owner_changes, (start, 3)) - 1
        return self._owner_changes[index][1] if index >= 0 else NOBODY

    def _owner_of_each(self) -> list[int]:
        """`owner` of every word in one pass over the person words (a rule may ask it of hundreds of spans)."""
        # Filled a run at a time (a list repeated and copied in C), not a word at a time: a run is owned by the last
        # person word at or before its start, up to the next person word.
        n = len(self.words.words)
        owners = [NOBODY] * n
        changes = self._owner_changes
        for at in range(len(changes)):
            start, who = changes[at]
            if start >= n:
                break
            end = min(changes[at + 1][0], n) if at + 1 < len(changes) else n
            owners[max(start, 0) : end] = [who] * (end - max(start, 0))
        return owners

    def sentence(self, start: int) -> int:
        """The sentence number of a word."""
        return self.words.sentence[start]

    def sentence_range(self, start: int) -> tuple[int, int]:
        """The first word of a word's sentence, and the word after its last."""
        return self._sentence_bounds[self.words.sentence[start]]


class _Layout:
    """One message's sentences, comma-parts, segments and BREAK words, with its hits, for Context to work out the
    reaches of its cues from."""

    __slots__ = (
        "break_at", "content", "covered", "hits", "part", "part_bounds", "phrases", "pseudo", "questions", "segment",
        "segment_bounds", "sentence", "sentence_bounds", "text",
    )  # fmt: skip

    def __init__(
        self,
        hits: Hits,
        words: Words,
        sentence_bounds: dict[int, tuple[int, int]],
        part_bounds: dict[int, tuple[int, int]],
        segment: list[int],
        break_at: list[int],
        covered: list[bool],
        phrases: list[tuple[int, int]],
    ) -> None:
        self.hits = hits
        self.sentence = words.sentence
        self.part = words.part
        self.questions = words.questions
        self.sentence_bounds = sentence_bounds
        self.part_bounds = part_bounds
        self.segment = segment
        self.break_at = break_at  # the BREAK words, in order
        self.covered = covered  # the words inside a multi-word finding that may swallow a cue
        self.phrases = phrases  # those findings
        self.pseudo = hits.get("PSEUDO_NEG", [])
        self.text = words.words
        self.content: list[bool] = []  # the words inside a finding (Context sets it), numbers asked of the text
        self.segment_bounds: dict[int, tuple[int, int]] = {}

    def active(self, concept: str) -> list[Hit]:
        """The hits of a cue that no concept phrase swallowed."""
        found = self.hits.get(concept, [])
        covered, phrases = self.covered, self.phrases
        if concept in _SWALLOWED:
            # Not every word covered (a word of it is not, found without copying the span), or a time
            # covered only by phrases no longer than itself: "в 2019" is a year, not an age "at 2019".
            found = [
                h
                for h in found
                if not _all_marked(covered, h.start, h.end)
                or (
                    concept in ("HISTORICAL", "RECENT_PAST", "RECENT_OVER")
                    and not any(a <= h.start and h.end <= b and b - a > h.end - h.start for a, b in phrases)
                )
            ]
        pseudo = self.pseudo
        if concept == "NEG" and pseudo:
            found = [h for h in found if not any(p.start <= h.start and h.end <= p.end for p in pseudo)]
        return found

    def bare(self, seg: int) -> bool:
        """Whether a segment is short and holds no finding of its own (", same as always")."""
        a, b = self.segment_bounds[seg]
        return b - a <= SHORT_SEGMENT and not _has_content(self.content, self.text, a, b)

    def spread(self, cues: list[Hit]) -> set[int]:
        """The segments the cues cover: their own, and their sentence's up to a BREAK word when theirs is bare."""
        segment, sentence, sentence_bounds, break_at = self.segment, self.sentence, self.sentence_bounds, self.break_at
        out: set[int] = set()
        for h in cues:
            out.add(segment[h.start])
            if self.bare(segment[h.start]):
                # Its sentence, but not past a BREAK word: "I'm used to it, but now I can't take a step".
                a, b = sentence_bounds[sentence[h.start]]
                index = bisect.bisect_right(break_at, h.start)
                if index < len(break_at):
                    b = min(b, break_at[index])
                if index:
                    a = max(a, break_at[index - 1])
                out.update(segment[a:b])
        return out

    def told_before(self, acute: list[Hit], usual: set[int], cues: list[Hit]) -> set[int]:
        """The segments of the story an all-clear closes (`usual`: the segments of habit cues)."""
        hits, segment, sentence, sentence_bounds = self.hits, self.segment, self.sentence, self.sentence_bounds
        break_at = self.break_at
        # The story a doctor's all-clear closes: its segment and those before it in its sentence, back to a
        # BREAK word. What follows it ("... said I was fine, still vomiting") is not closed, and nothing is
        # when the message goes on to something happening now ("... checked and fine, now I'm throwing up").
        out: set[int] = set()
        # "... that's all sorted now": a "now" inside an all-clear is the story's end, not something new; nor is
        # one inside a recovery said as over ("... se arreglo. ahora estoy bien"), nor a "now" said of the usual
        # ("... it all recovered. now my migraine is the usual one").
        cleared = [(c.start, c.end) for c in (*cues, *hits.get("RESOLVED", ()), *hits.get("WELL_AGAIN", ()))]
        leading = {i for h in hits.get("LEAD", []) for i in range(h.start, h.end)}
        later = [
            a
            for a in acute
            if not any(start <= a.start < end for start, end in cleared) and segment[a.start] not in usual
        ]
        for h in cues:
            if any(a.start > h.start for a in later):
                continue
            first = sentence_bounds[sentence[h.start]][0]
            index = bisect.bisect_right(break_at, h.start)
            if index:
                first = max(first, break_at[index - 1])
            out.update(segment[first : h.end])
            # An all-clear that opens its sentence closes the sentence before it too ("после пробежки иногда ноет
            # голова. невролог смотрел, сказал ничего страшного"), back to a BREAK word, unless its own sentence
            # goes on past a BREAK ("... the doctor said it was nothing, but now it's worse").
            opening, closing = sentence_bounds[sentence[h.start]]
            if (
                opening > 0
                and first == opening
                and all(i in leading for i in range(opening, h.start))
                and not any(h.end <= b < closing for b in break_at)
            ):
                a, b = sentence_bounds[sentence[opening - 1]]
                index = bisect.bisect_left(break_at, b)
                if index and break_at[index - 1] >= a:
                    a = break_at[index - 1]
                out.update(segment[a:b])
        return out

    def stop(self, at: int, limit: int) -> int:
        """Where a question-like reach from the word `at` ends: at `limit` or the next BREAK word (exclusive)."""
        next_break = self.break_at
        index = bisect.bisect_right(next_break, at)
        return min(limit, next_break[index]) if index < len(next_break) else limit

    def clause_end(self, at: int) -> int:
        """The end of the question a cue at `at` opens."""
        sentence = self.sentence
        # A sentence that ends in "?" is a question throughout; without one, a question is its clause
        # only: "what does thunderclap even mean, i just got the worst headache of my life".
        if sentence[at] in self.questions:
            return self.sentence_bounds[sentence[at]][1]
        return self.part_bounds[self.part[at]][1]

    def story_end(self, h: Hit, own: list[int]) -> int:
        """Where a story cue's reach ends (`own`: the writer's first-person words, in order)."""
        end = self.stop(h.end - 1, self.sentence_bounds[self.sentence[h.start]][1])
        index = bisect.bisect_left(own, h.end)
        if index == len(own) or own[index] >= end:
            return end
        # The writer's own clause starts at its comma ("... had an aneurysm and collapsed, now I'm paranoid"): its
        # "now" is the writer's, not the story's.
        first = self.part_bounds[self.part[own[index]]][0]
        return first if first > h.end else own[index]


def _reported(acute_starts: list[int], reach: tuple[int, int]) -> bool:
    """Whether an ACUTE cue starts inside a reach (`acute_starts` in order): a question it makes a report."""
    index = bisect.bisect_left(acute_starts, reach[0])
    return index < len(acute_starts) and acute_starts[index] < reach[1]


def _has_content(content: list[bool], words: tuple[str, ...], start: int, end: int) -> bool:
    """Whether any word of [start, end) is inside a finding or is a number (a finding of its own)."""
    # A number: text.py's words start with a digit or are no number. The first letter's code read in place
    # (compiled, no one-letter string made); only a letter outside ASCII and the Cyrillic blocks (U+0400-U+052F,
    # which hold no digit) asks str.isdigit, which also knows the digits of other scripts.
    for index in range(start, end):
        if content[index]:
            return True
        word = words[index]
        code = ord(word[0])
        if 48 <= code <= 57 or (code > 127 and not 0x400 <= code < 0x530 and word[0].isdigit()):
            return True
    return False


def _plea_end(pleas: Sequence[Hit], h: Hit, reach: int) -> int:
    """Where a question cue's reach ends: at the end of the plea it stands in, if one is nearer (module docstring)."""
    for p in pleas:
        if p.start <= h.start and h.end <= p.end:
            return min(reach, p.end)
    return reach


def _beside(cue: Hit, attack: Hit) -> bool:
    """Whether a habit cue and an attack word stand within ATTACK_HABIT_GAP words of each other, either first."""
    return 0 <= attack.start - cue.end <= ATTACK_HABIT_GAP or 0 <= cue.start - attack.end <= ATTACK_HABIT_GAP


def _mark(flags: list[bool], start: int, end: int) -> None:
    """Set the flags of the words [start, end) (those past the end of the list are none)."""
    for index in range(start, min(end, len(flags))):
        flags[index] = True


def _any_marked(flags: list[bool], start: int, end: int) -> bool:
    """Whether any word of [start, end) is flagged."""
    for index in range(max(0, start), min(end, len(flags))):  # noqa: SIM110 - a compiled loop, no generator
        if flags[index]:
            return True
    return False


def _all_marked(flags: list[bool], start: int, end: int) -> bool:
    """Whether every word of [start, end) is flagged (an empty span is)."""
    for index in range(max(0, start), min(end, len(flags))):  # noqa: SIM110 - a compiled loop, no generator
        if not flags[index]:
            return False
    return True


def _not_compared(cues: list[Hit], hits: Hits, part: tuple[int, ...]) -> list[Hit]:
    """Drop habit cues that only compare a denied feature with the usual ("not fading like they usually do")."""
    compare = {h.start for h in hits.get("COMPARE", [])}
    negations = [h.start for h in hits.get("NEG", [])]
    if not compare or not negations:
        return cues
    out = []
    for cue in cues:
        before = range(max(0, cue.start - COMPARE_REACH), cue.start)
        compared = any(i in compare for i in before)
        denied = compared and any(part[i] == part[cue.start] and i < cue.start for i in negations)
        if not denied:
            out.append(cue)
    return out


def _partnered(hits: Hits, partners: tuple[str, ...], start: int, end: int) -> bool:
    """Whether a partner concept's finding stands within PARTNER_REACH words of [start, end)."""
    return any(
        h.start < end + PARTNER_REACH and start - PARTNER_REACH < h.end for p in partners for h in hits.get(p, ())
    )


def _numbered(n: int, cuts: set[int]) -> tuple[list[int], dict[int, tuple[int, int]]]:
    """Group numbers of n words, a new group starting at each cut (0 is no cut), and each group's first word
    and the word after its last (as `_bounds` gives them)."""
    out: list[int] = []
    bounds: dict[int, tuple[int, int]] = {}
    group = previous = 0
    for cut in sorted(cuts):
        if 0 < cut < n:
            out += [group] * (cut - previous)
            bounds[group] = (previous, cut)
            group += 1
            previous = cut
    out += [group] * (n - previous)
    if n:
        bounds[group] = (previous, n)
    return out, bounds


def _bounds(groups: tuple[int, ...]) -> dict[int, tuple[int, int]]:
    """For each group number (groups are runs of equal numbers), its first word and the word after its last (of
    its last run, were a number to come back). One compiled pass comparing each number with the run's: a
    bisection per run (bisect called from compiled code) cost more, runs being a few words long."""
    out: dict[int, tuple[int, int]] = {}
    n = len(groups)
    if not n:
        return out
    # Each number read once, by the loop, and held: indexing the tuple twice per word read and unboxed two.
    start = 0
    current = groups[0]
    for index, value in enumerate(groups):
        if value != current:
            out[current] = (start, index)
            start, current = index, value
    out[current] = (start, n)
    return out


def _marks(n: int, reaches: list[tuple[int, int]]) -> list[bool]:
    """A flag per word: set inside any of the reaches."""
    marks = [False] * (n + 1)
    for a, b in reaches:
        _mark(marks, a, b)
    return marks
