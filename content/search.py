"""Find the lessons that answer a free-text question: BM25 over weighted fields, typo-tolerant via rapidfuzz.

Each language's vocabulary is data, in `search.yaml` beside its lessons: a Snowball stemmer, stopwords, and
synonyms (what people type mapped to the words lessons use). A new language needs that file, not code.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import snowballstemmer
import yaml
from rapidfuzz import fuzz, process

from content.html import visible_text
from content.loader import default_root
from content.models import Catalog, Lesson
from content.normalize import fold_text

VOCABULARY_FILE = "search.yaml"

# Title and keywords are written to be searched; step text is long and only supports a match.
FIELD_WEIGHTS = {"title": 3.0, "keywords": 3.0, "summary": 2.0, "body": 1.0}
# A keyword phrase such as "what sets off my migraine" found whole in the question is a strong signal,
# and so is a question that names every word of a lesson's title ("what is vestibular migraine").
PHRASE_BONUS = 2.5
TITLE_BONUS = 3.0
BM25_K1, BM25_B = 1.2, 0.5
# A hit must reach MIN_SCORE and a fraction of the best hit, so weak tails are dropped, not padded to 3.
MIN_SCORE = 3.0
RELATIVE_CUTOFF = 0.4
_MAX_PHRASE_WORDS = 5
_MIN_REPAIRED_STEM = 5


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A lesson that matches a question; a higher score is a better match."""

    lesson_id: str
    score: float


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """One language's search words: how to stem, what to ignore, and what people type for lesson words."""

    stemmer: str | None = None
    stopwords: frozenset[str] = frozenset()
    synonyms: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_file(cls, path: Path) -> Vocabulary:
        """Read a search.yaml; a missing file is an empty vocabulary (plain words, no stemming)."""
        if not path.is_file():
            return cls()
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        stemmer = data.get("stemmer")
        if stemmer is not None and stemmer not in snowballstemmer.algorithms():
            raise ValueError(f"{path}: unknown Snowball stemmer {stemmer!r}")
        stopwords = frozenset(fold_text(str(data.get("stopwords") or "")).split())
        synonyms = tuple((str(key), str(value)) for key, value in (data.get("synonyms") or {}).items())
        return cls(stemmer, stopwords, synonyms)


@cache
def shipped_vocabulary(lang: str) -> Vocabulary:
    """Return the vocabulary shipped beside a language's lessons (read once per process)."""
    return Vocabulary.from_file(default_root() / lang / VOCABULARY_FILE)


class LessonSearch:
    """Rank a catalog's lessons against questions; all indexing happens once, in the constructor."""

    def __init__(self, catalog: Catalog, vocabulary: Vocabulary | None = None) -> None:
        vocabulary = vocabulary if vocabulary is not None else shipped_vocabulary(catalog.lang)
        self._stopwords = vocabulary.stopwords
        # Stemming is the hot path of every question: cache it per word.
        self.stem = _repaired(_stemmer(vocabulary.stemmer), _lesson_words(catalog))
        self._synonyms = {fold_text(key): self._terms(value) for key, value in vocabulary.synonyms}
        self._synonym_pattern = _phrase_pattern(self._synonyms)
        self._lesson_ids = [lesson.id for lesson in catalog.lessons]
        self._phrases: dict[str, set[int]] = defaultdict(set)
        self._postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        self._title_terms: list[frozenset[str]] = []
        lengths = []
        for index, lesson in enumerate(catalog.lessons):
            frequencies = self._weighted_frequencies(lesson)
            lengths.append(sum(frequencies.values()))
            for term, frequency in frequencies.items():
                self._postings[term].append((index, frequency))
            self._title_terms.append(frozenset(self._terms(lesson.title)))
            for phrase in lesson.keywords:
                self._phrases[" ".join(self.stem(word) for word in fold_text(phrase).split())].add(index)
        average = sum(lengths) / len(lengths) if lengths else 1.0
        self._length_factor = [BM25_K1 * (1 - BM25_B + BM25_B * length / average) for length in lengths]
        count = len(lengths)
        self._idf = {
            term: math.log(1 + (count - len(postings) + 0.5) / (len(postings) + 0.5))
            for term, postings in self._postings.items()
        }
        self._vocabulary = sorted(self._postings)
        self._similar_terms = lru_cache(maxsize=4096)(self._find_similar_terms)

    def ask(self, question: str, limit: int = 3) -> list[SearchHit]:
        """Return up to `limit` lessons that answer the question, best first; empty when none is relevant."""
        folded = fold_text(question)
        scores: dict[int, float] = defaultdict(float)
        matched: set[str] = set()
        for term in self._query_terms(folded):
            best_per_lesson: dict[int, float] = {}
            for similar, similarity in self._similar_terms(term):
                matched.add(similar)
                idf = self._idf[similar]
                for index, frequency in self._postings[similar]:
                    part = similarity * idf * frequency * (BM25_K1 + 1) / (frequency + self._length_factor[index])
                    best_per_lesson[index] = max(best_per_lesson.get(index, 0.0), part)
            for index, part in best_per_lesson.items():
                scores[index] += part
        for index in self._phrase_matches(folded):
            scores[index] += PHRASE_BONUS
        self._add_title_bonus(scores, matched)
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        if not ranked or ranked[0][1] < MIN_SCORE:
            return []
        floor = max(MIN_SCORE, ranked[0][1] * RELATIVE_CUTOFF)
        return [SearchHit(self._lesson_ids[i], round(score, 3)) for i, score in ranked[:limit] if score >= floor]

    def _add_title_bonus(self, scores: dict[int, float], matched: set[str]) -> None:
        # The bonus grows with how much of the title the question names and how much of the question
        # (by idf) the title explains, so "migraine" alone does not pull "What is migraine?" to the top.
        question_weight = sum(self._idf[term] for term in matched) or 1.0
        for index in scores:
            title_terms = self._title_terms[index]
            named = title_terms & matched
            if named:
                title_share = len(named) / len(title_terms)
                question_share = sum(self._idf[term] for term in named) / question_weight
                scores[index] += TITLE_BONUS * title_share**2 * question_share

    def _terms(self, text: str) -> list[str]:
        return [self.stem(word) for word in fold_text(text).split() if word not in self._stopwords]

    def _weighted_frequencies(self, lesson: Lesson) -> dict[str, float]:
        body = " ".join([*(f"{step.title}\n{visible_text(step.html)}" for step in lesson.steps), *lesson.takeaways])
        fields = {"title": lesson.title, "keywords": " ".join(lesson.keywords), "summary": lesson.summary, "body": body}
        frequencies: dict[str, float] = defaultdict(float)
        for name, text in fields.items():
            for term in self._terms(text):
                frequencies[term] += FIELD_WEIGHTS[name]
        return frequencies

    def _query_terms(self, folded: str) -> set[str]:
        terms = set(self._terms(folded))
        for match in self._synonym_pattern.finditer(folded):
            terms.update(self._synonyms[match.group(1)])
        return terms

    def _phrase_matches(self, folded: str) -> set[int]:
        words = [self.stem(word) for word in folded.split()]
        found: set[int] = set()
        for size in range(2, _MAX_PHRASE_WORDS + 1):
            for start in range(len(words) - size + 1):
                found |= self._phrases.get(" ".join(words[start : start + size]), set())
        return found

    def _find_similar_terms(self, term: str) -> list[tuple[str, float]]:
        """Return index terms that match `term` exactly (else by a typo), plus its longer and shorter forms."""
        matches = {term: 1.0} if term in self._postings else {}
        # Typos are looked up only for unknown words: a known word such as "migraine" would otherwise
        # also match brand names that look like it ("imigran").
        if not matches and len(term) >= 4:
            # Short stems need a closer match: "блин" (pancakes) is one letter from "лин".
            cutoff = 88 if len(term) < 5 else 85 if len(term) < 7 else 80
            typos = process.extract(term, self._vocabulary, scorer=fuzz.ratio, score_cutoff=cutoff, limit=3)
            matches = {choice: (score / 100) ** 2 for choice, score, _ in typos}
        # The stemmer already joins most forms of a word ("vomit", "vomiting"); a known stem gains nothing
        # from its longer relatives ("migrain" would pull in "migrainosus"), so only unknown words use them.
        if term not in self._postings:
            for other in self._prefix_forms(term):
                matches.setdefault(other, 0.8)
        return list(matches.items())

    def _prefix_forms(self, term: str) -> list[str]:
        # "vomit" and "vomiting", "prevent" and "prevention": one is the start of the other.
        if len(term) < 5:
            return []
        # The vocabulary is sorted, so every word starting with `term` sits in one slice.
        start = bisect.bisect_left(self._vocabulary, term)
        end = bisect.bisect_left(self._vocabulary, term + "\uffff", lo=start)
        longer = [other for other in self._vocabulary[start:end] if len(term) >= 0.6 * len(other)]
        shortest = max(5, math.ceil(0.6 * len(term)))
        shorter = [term[:size] for size in range(shortest, len(term)) if term[:size] in self._postings]
        return longer + shorter


def _stemmer(algorithm: str | None) -> Callable[[str], str]:
    if algorithm is None:
        return _same_word
    stemmer = snowballstemmer.stemmer(algorithm)
    # Snowball works on lowercase words with their accents, but fold_text has removed accents and "ё";
    # the Spanish and Russian stemmers still find the common endings without them.
    return lru_cache(maxsize=65536)(stemmer.stemWord)


def _lesson_words(catalog: Catalog) -> set[str]:
    texts: list[str] = []
    for lesson in catalog.lessons:
        texts += [lesson.title, lesson.summary, *lesson.keywords, *lesson.takeaways]
        texts += [f"{step.title} {visible_text(step.html)}" for step in lesson.steps]
    return set(fold_text(" ".join(texts)).split())


def _repaired(stem: Callable[[str], str], words: set[str]) -> Callable[[str], str]:
    """Undo the stemmer's over-cuts that the lessons' own words reveal.

    Snowball reads the Russian "-ан" of drug names as a verb ending: "триптан" and "триптаны" become
    "трипта" while "триптанов" and "триптане" become "триптан", so one medicine is split into two terms
    and a question in the nominative misses half of its lesson. When a lesson word is itself the stem of
    another lesson word ("триптан" from "триптанов") but the stemmer cuts it shorter, its cut stem is
    mapped back to the word, joining the forms again.
    """
    stems = {stem(word) for word in words}
    repairs: dict[str, set[str]] = defaultdict(set)
    for word in words:
        cut = stem(word)
        # Short stems ("при" from "прием") are shared by unrelated words; drug names are long.
        if len(cut) >= _MIN_REPAIRED_STEM and cut != word and word in stems and word.startswith(cut):
            repairs[cut].add(word)
    # A cut stem that two different words claim is ambiguous: leave it as the stemmer made it.
    fixed = {cut: next(iter(full)) for cut, full in repairs.items() if len(full) == 1}

    def repaired(word: str) -> str:
        cut = stem(word)
        return fixed.get(cut, cut)

    return lru_cache(maxsize=65536)(repaired)


def _same_word(word: str) -> str:
    return word


def _phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    # Longest first, so "flashing lights" wins over a shorter key inside it.
    alternatives = sorted(phrases, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(map(re.escape, alternatives)) + r")\b") if alternatives else re.compile("$^")
