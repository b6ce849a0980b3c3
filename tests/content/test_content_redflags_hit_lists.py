"""Hit lists: two languages' hits merged, repeats dropped and order checked as the plain sorts and sets did."""

from __future__ import annotations

import random
from itertools import pairwise

from content.redflags.engine import _union
from content.redflags.matcher import Hit, _unique, in_order


def _hits(rng: random.Random, count: int) -> list[Hit]:
    out = []
    for _ in range(count):
        start = rng.randrange(0, 30)
        out.append(Hit(start, start + rng.randrange(1, 4), rng.choice([None, None, 1.0, 2.0])))
    return out


def test_merging_two_languages_hits_gives_their_sorted_union() -> None:
    rng = random.Random(46)
    merged = 0
    for _ in range(5000):
        try:
            before, found = sorted(set(_hits(rng, rng.randrange(8)))), sorted(set(_hits(rng, rng.randrange(8))))
            expected = sorted(set(before).union(found))
        except TypeError:  # a hit with a number and one without at the same words: not sortable either way
            continue
        assert _union(before, found) == expected
        merged += 1
    assert merged > 1000


def test_a_concepts_repeated_hits_are_dropped_in_order() -> None:
    rng = random.Random(11)
    for _ in range(5000):
        walked = sorted(_hits(rng, rng.randrange(10)), key=lambda hit: hit.start)  # the walk's order: by start word
        assert _unique(walked) == list(dict.fromkeys(walked))
        strictly = all((a.start, a.end) < (b.start, b.end) for a, b in pairwise(walked))
        assert in_order(walked) is strictly
