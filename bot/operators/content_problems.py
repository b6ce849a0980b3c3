"""/reload's report in the operator's language: each validator finding worded through the catalogs.

content/ returns findings as a code and parameters (content/findings.py); the words are the bot's
(CONTENT_PROBLEMS in bot/texts/en/content_checks.py and its translations). File paths and field names
stay as written in the files, since they are what the operator has to find and fix.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.texts.catalog import Texts
from content import Problem


def worded_problem(problem: Problem, t: Texts) -> str:
    """Return one report line, `file:field: reason`, with the reason in the reader's language."""
    wording = t.CONTENT_PROBLEMS.get(problem.code) if problem.code else None
    params = dict(problem.params)
    if wording is None:  # a finding this bot has no words for yet: the validator's English
        reason = problem.reason
    else:
        count = params.get("count", 0)
        text = wording(int(count) if isinstance(count, int) else 0) if callable(wording) else wording
        reason = str(text).format(**params)
    marker = t.CONTENT_WARNING if problem.severity == "warning" else ""
    return f"{problem.file}:{problem.field}: {marker}{reason}"


def worded_report(problems: Iterable[Problem], t: Texts) -> str:
    """Return the report, one worded problem a line."""
    return "\n".join(worded_problem(problem, t) for problem in problems)
