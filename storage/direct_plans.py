"""The plans of storage.direct: a prebuilt statement compiled once for its dialect and the parameter names given.

A plan holds what SQLAlchemy would do around the driver's call and nothing more: the SQL, each bind's
processor (or its constant), each result column's processor and how a row is read by key or by column.
A statement that needs more (Python-side defaults, expanding or post-compile binds, textual SQL) has none.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import TextClause
from sqlalchemy.engine import Dialect

MAX_PLANS = 2_000  # distinct (statement, parameter names): prebuilt statements are a few dozen


@dataclass(frozen=True, slots=True)
class Plan:
    """A statement as the driver runs it: its SQL, how each bind is filled and each result column read."""

    sql: str
    binds: tuple[tuple[str, Callable[[Any], Any] | None, bool, Any], ...]  # name, processor, given, constant
    returns_rows: bool
    columns: tuple[Callable[[Any], Any] | None, ...]  # each result column's processor
    processed: tuple[tuple[int, Callable[[Any], Any]], ...]  # the columns that have one: (index, processor)
    names: Mapping[str, int]  # each result column's key -> its index
    objects: Mapping[int, int]  # id() of the columns and labels each result column stands for -> its index
    kept: tuple[Any, ...]  # those objects, so that their ids stay theirs


_PLANS: dict[tuple[str, Any, frozenset[str]], Plan | None] = {}


def plan_of(dialect: Dialect, statement: Any, names: frozenset[str]) -> Plan | None:
    """The statement's plan for these parameter names, compiled once per process; None: SQLAlchemy must run it."""
    key = (dialect.name, statement, names)  # a process may hold engines of both (the tests do)
    if key in _PLANS:
        return _PLANS[key]
    if len(_PLANS) >= MAX_PLANS:
        return None
    plan = _compile(dialect, statement, names)
    _PLANS[key] = plan
    return plan


def _compile(dialect: Dialect, statement: Any, names: frozenset[str]) -> Plan | None:
    """The statement as the driver runs it, or None when SQLAlchemy would do more than bind and process values."""
    if isinstance(statement, TextClause) or not hasattr(statement, "compile"):
        return None
    compiled: Any = statement.compile(dialect=dialect, column_keys=sorted(names))
    if (
        getattr(compiled, "insert_prefetch", None)
        or getattr(compiled, "update_prefetch", None)
        or compiled.literal_execute_params
        or compiled.post_compile_params
        or compiled.escaped_bind_names
    ):
        return None
    binds = []
    for name in compiled.positiontup or ():
        bind = compiled.binds[name]
        if bind.expanding or (name not in names and (bind.callable is not None or bind.required)):
            return None
        binds.append((name, bind.type._cached_bind_processor(dialect), name in names, bind.value))
    keys: dict[str, int] = {}
    objects: dict[int, int] = {}
    kept = []
    processors = []
    for index, column in enumerate(compiled._result_columns):
        keys.setdefault(column.keyname, index)
        for item in column.objects:
            if not isinstance(item, str):
                objects.setdefault(id(item), index)
                kept.append(item)
        try:  # without the type code the driver reports, which some pick theirs from (Numeric, Float): theirs raise
            processors.append(column.type._cached_result_processor(dialect, None))
        except Exception:
            return None
    returns_rows = bool(compiled._result_columns)
    processed = tuple((index, process) for index, process in enumerate(processors) if process is not None)
    return Plan(compiled.string, tuple(binds), returns_rows, tuple(processors), processed, keys, objects, tuple(kept))
