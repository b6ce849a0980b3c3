"""Our context rules against medspaCy's ConText, on the same concepts and the same red-flag rules.

Run with a Python that has medspaCy (it is not a dependency of the bot: about 280 MB with spaCy):

    python3 -m venv /tmp/medspacy-venv && /tmp/medspacy-venv/bin/pip install medspacy==1.3.1 pyyaml \
        rapidfuzz pydantic
    PYTHONPATH=. /tmp/medspacy-venv/bin/python -m bench.redflags_medspacy

Both variants find concepts with our lexicon and apply our rules; only the context differs. The
medspaCy variant gives every concept hit to ConText (its default English rules, PyRuSH sentences) and
blocks a finding that ConText calls negated, hypothetical, uncertain, historical or about family, which
is how a ConText pipeline is used. Ours also knows questions about a topic, habits and jokes.
PyRuSH logs every token at DEBUG through loguru, which would put health text in logs: it is switched off.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests" / "content"))
sys.path.insert(0, str(REPO_ROOT))

from loguru import logger  # noqa: E402 - medspaCy's logging; switched off before anything runs

logger.remove()
logger.disable("PyRuSH")

import medspacy  # noqa: E402, F401 - registers the medspacy_* pipeline factories
import spacy  # noqa: E402
from redflag_corpus import Message, read  # noqa: E402
from spacy.tokens import Span  # noqa: E402

from content.redflags import Outcome  # noqa: E402
from content.redflags.context import CUES, Context, Ctx  # noqa: E402
from content.redflags.engine import findings_of  # noqa: E402
from content.redflags.matcher import Hits, matcher_for  # noqa: E402
from content.redflags.rules import Kind  # noqa: E402
from content.redflags.text import Words, split_words  # noqa: E402

GROUP = "medspacy_spans"


class ConTextContext(Context):
    """Our context object (sentences, owners), with the contexts themselves from ConText."""

    def __init__(self, words: Words, hits: Hits, flags: list[int]) -> None:
        super().__init__(words, hits)
        self._flags = flags

    def of(self, start: int, end: int) -> int:
        """ConText's contexts of the hit that starts here."""
        return self._flags[start]


def build_nlp() -> Any:
    """A blank English pipeline with PyRuSH sentences and ConText over a span group."""
    nlp = spacy.blank("en")
    nlp.add_pipe("medspacy_pyrush")
    nlp.add_pipe("medspacy_context", config={"input_span_type": "group", "span_group_name": GROUP})
    return nlp


def rebuild_text(words: Words) -> tuple[str, list[tuple[int, int]]]:
    """The folded words as sentences with their end marks, and each word's character offsets."""
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    position = 0
    for index, word in enumerate(words.words):
        if index and words.sentence[index] != words.sentence[index - 1]:
            mark = "? " if words.sentence[index - 1] in words.questions else ". "
            parts.append(mark)
            position += len(mark)
        elif index:
            parts.append(" ")
            position += 1
        offsets.append((position, position + len(word)))
        parts.append(word)
        position += len(word)
    return "".join(parts) + ".", offsets


def screen_with_context(nlp: Any, text: str) -> Outcome:
    """Our concepts and rules, ConText's contexts."""
    matcher = matcher_for("en")
    words = matcher.rewrite(split_words(text))
    hits = matcher.find(words)
    flags = [0] * (len(words.words) + 1)
    if words.words:
        rebuilt, offsets = rebuild_text(words)
        doc = nlp.get_pipe("medspacy_pyrush")(nlp.make_doc(rebuilt))
        spans = []
        for concept, found in hits.items():
            if concept in CUES:
                continue
            for hit in found:
                first, last = offsets[hit.start][0], offsets[hit.end - 1][1]
                span = doc.char_span(first, last, label=concept, alignment_mode="expand")
                if span is not None:
                    spans.append((hit.start, span))
        doc.spans[GROUP] = [span for _, span in spans]
        nlp.get_pipe("medspacy_context")(doc)
        for start, span in spans:
            flags[start] |= context_bits(span)
    found_findings = findings_of(words, hits, ConTextContext(words, hits, flags))
    kinds = {f.kind for f in found_findings}
    if Kind.CRISIS in kinds:
        return Outcome.CRISIS
    if Kind.URGENT in kinds:
        return Outcome.URGENT
    return Outcome.POSSIBLE if Kind.POSSIBLE in kinds else Outcome.NONE


def context_bits(span: Span) -> int:
    """ConText's attributes as our context bits."""
    bits = 0
    if span._.is_negated:
        bits |= Ctx.NEGATED
    if span._.is_hypothetical or span._.is_uncertain:
        bits |= Ctx.HYPOTHETICAL
    if span._.is_historical:
        bits |= Ctx.HISTORICAL
    if span._.is_family:
        bits |= Ctx.GENERIC  # about someone else: not the user's own report
    return bits


def evaluate(nlp: Any, split: str) -> None:
    """Recall and false alarms of both variants on one split, and their time per message."""
    from content.redflags import screen

    def chosen(messages: list[Message]) -> list[Message]:
        return [m for m in messages if split == "all" or m.split == split]

    urgent, ordinary = chosen(read("urgent")), chosen(read("ordinary"))
    variants = {"ours": lambda t: screen(t).outcome, "medspaCy ConText": lambda t: screen_with_context(nlp, t)}
    print(f"split {split}: {len(urgent)} urgent, {len(ordinary)} ordinary")
    print(f"{'variant':<18} {'recall':>8} {'false alarms':>13} {'median ms':>10} {'p99 ms':>8}")
    for name, run in variants.items():
        missed: Counter[str] = Counter()
        times: list[float] = []
        for message in urgent:
            started = time.thread_time()
            outcome = run(message.text)
            times.append((time.thread_time() - started) * 1000)
            want = (Outcome.CRISIS,) if message.category == "crisis" else (Outcome.URGENT, Outcome.CRISIS)
            missed[message.category] += outcome not in want
        alarms = 0
        for message in ordinary:
            started = time.thread_time()
            alarms += run(message.text) in (Outcome.URGENT, Outcome.CRISIS)
            times.append((time.thread_time() - started) * 1000)
        recall = 1 - sum(missed.values()) / len(urgent)
        times.sort()
        print(f"{name:<18} {recall:>8.1%} {alarms / len(ordinary):>13.2%} {statistics.median(times):>10.3f} "
              f"{times[int(len(times) * 0.99)]:>8.3f}")  # fmt: skip
        worst = ", ".join(f"{c} {n}" for c, n in missed.most_common(4) if n)
        print(f"{'':<18} most missed: {worst or '-'}")


def main() -> None:
    """Compare on the development and the first held-out split."""
    nlp = build_nlp()
    for split in ("dev", "held_out"):
        evaluate(nlp, split)
        print()


if __name__ == "__main__":
    main()
