"""The phrase graph a lexicon is compiled to, and what the matcher's walk reads of it.

Apart from lexicon.py, whose file models are pydantic (which mypyc does not compile), so that the graph is a
compiled class: the walk reads a node's edges and phrases as native fields, not as attributes looked up by name
on a Python class, and each phrase ending at a node carries the value its hits take and its guard (the words that
must not stand around it) rather than its pydantic group.
"""

from __future__ import annotations


class Guard:
    """The words a group's phrases must not be followed or preceded by, in their sentence."""

    __slots__ = ("not_followed_by", "not_preceded_by")

    def __init__(self, not_followed_by: frozenset[str], not_preceded_by: frozenset[str]) -> None:
        self.not_followed_by = not_followed_by
        self.not_preceded_by = not_preceded_by


# A phrase ending at a node: its concept, the value its hits carry (None: the number read, if any), and its
# group's guard, None when no word around it is to be checked.
End = tuple[str, float | None, Guard | None]


class Node:
    """A node of the phrase graph: where each next edge leads, and the phrases ending here.

    A node may be shared by several paths (lexicon.py's `_union`): its edges and phrases never change once
    built. `steps` is the matcher's memory of where the node goes on each word met (matcher.py), which depends
    only on the node and the word.
    """

    __slots__ = ("edges", "ends", "steps")

    def __init__(self, edges: dict[str, Node] | None = None, ends: list[End] | None = None) -> None:
        self.edges: dict[str, Node] = {} if edges is None else edges
        self.ends: list[End] = [] if ends is None else ends
        self.steps: dict[str, tuple[tuple[Node, ...], bool]] = {}
