"""What the validator found, as a code and its parameters, so each reader can word it in their language.

`content/` never speaks to an operator: `python -m content check` prints the English below (for the
maintainers), and the bot words the same code and parameters through its catalogs (bot/texts/en/content.py
and its translations), so an operator reads /reload's report in their own language. A parameter is a
value from the files (a name, a number, a snippet already quoted); words stay in the template.
"""

from __future__ import annotations

from dataclasses import dataclass

# code -> the English the command line prints. The bot's wording of a code may only use these {fields}.
REASONS: dict[str, str] = {
    # Folders and files.
    "no_lessons_for_language": "no lessons for language {lang}",
    "no_language_folder": "no language folder with a {modules_file} or lessons",
    "no_lesson_files": "no lesson files (*.md)",
    "cannot_read": "cannot be read",
    "not_utf8": "is not valid UTF-8",
    "modules_not_list": "must be a non-empty list under 'modules:'",
    "not_unique": "{value} is not unique",
    # The shape of a lesson file.
    "no_opening_fence": "file must start with a '---' line",
    "no_closing_fence": "no closing '---' line",
    "yaml": "invalid YAML: {detail}",
    "yaml_at_line": "invalid YAML at line {line}: {detail}",
    "front_matter_not_mapping": "must be a YAML mapping of field: value",
    "text_before_steps": "text before the first '## ' step heading",
    "step_heading_empty": "step heading is empty",
    "step_heading_tags": "step heading is plain text (the bot formats it); remove the tags",
    "step_no_text": "step has no text",
    "other_heading": "only '## ' headings are supported, found {found}",
    "markdown_bold": "Markdown '**bold**' is shown literally; use <b>...</b>",
    "markdown_link": 'Markdown [text](link) is shown literally; use <a href="...">text</a>',
    "unlinked_mention": "{mention} names a lesson without a button; write [[lesson-id|words]]",
    "link_malformed": "lesson link near {near} must look like [[lesson-id|words]]",
    # Front matter fields (pydantic's own message is the English where we have no better words).
    "missing": "required field is missing",
    "unknown_field": "unknown field (check the spelling)",
    "empty": "must not be empty",
    "too_few_items": "needs at least {minimum} item(s), found {count}",
    "too_many_items": "allows at most {maximum} item(s), found {count}",
    "not_slug": "{value} is not a lowercase slug (a-z, 0-9 and single hyphens, at most {maximum} chars)",
    "not_integer": "{detail}",
    "not_positive": "{detail}",
    "not_text": "{detail}",
    "not_boolean": "{detail}",
    "not_date": "{detail}",
    "not_list": "{detail}",
    "not_mapping": "{detail}",
    "not_allowed_value": "{detail}",
    "invalid": "{detail}",
    # Telegram's HTML subset.
    "tag_unsupported": "tag <{tag}> is not in Telegram's HTML subset",
    "tag_unclosed": "<{tag}> is never closed",
    "entity_unsupported": "entity &{entity}; is not supported by Telegram; type the character itself",
    "bare_angle": "bare '<' in text near {near}; write &lt; or rephrase",
    "close_unopened": "</{tag}> closes a tag that was never opened",
    "close_mismatch": "</{tag}> found where </{expected}> was expected (tags must nest)",
    "tag_no_attributes": "<{tag}> takes no attributes",
    "link_attribute": "<a> takes only href, not {attribute}",
    "link_no_href": "<a> needs an href",
    "link_scheme": "<a href={href}> must start with {schemes}",
    # Lesson rules.
    "step_count": "{count} steps ('## ' headings), need {minimum} to {maximum}",
    "too_many_words": "{count} words of lesson text, at most {maximum} (about a two-minute read)",
    "names_a_dose": "names an amount ({amount}); lessons never give doses, so leave it out",
    "step_too_long": "{length} UTF-16 units, limit {limit} (title + text + {footer} for the footer)",
    "too_long": "{length} UTF-16 units, limit {limit}",
    "source_year_future": "{year} is in the future",
    "related_to_itself": "a lesson cannot be related to itself",
    "links_to_itself": "a lesson cannot link to itself",
    "review_in_future": "{reviewed} is in the future (today is {today})",
    "review_expired": "{reviewed} is more than {years} years ago; review it",
    "review_expires_soon": "review expires on {expires} (in {count} days); re-check the lesson",
    "correct_count": "{count} options marked correct: true, need exactly 1",
    "explanation_verdict": "starts with {verdict}; the bot already says whether the answer is right",
    "answer_position": (
        "the right answer is option {position} in {count} of {total} quizzes ({share}%); "
        "at most {maximum} may share a position, so move some"
    ),
    # Between lessons.
    "id_not_file_name": "{lesson_id} does not match the file name {file_name}",
    "id_used_twice": "{lesson_id} is used by {count} lessons",
    "unknown_module": "unknown module {module} (known: {known})",
    "unknown_module_none": "unknown module {module} (known: none)",
    "evidence_required": "required because module {module} is about treatment",
    "related_unknown": "no lesson with id {lesson_id}",
    "link_unknown": "[[{target}|...]] links to no lesson with id {lesson_id}",
    "order_taken": "order {order} in module {module} is also used by {owner}",
    # A translation against its English source (content/parity.py); each names the lesson and the language.
    "parity_missing": "the English lesson {lesson_id} has no {lang} translation",
    "parity_extra": "{lesson_id} is not an English lesson; a {lang} lesson must translate one",
    "parity_module": "module {module}, the English lesson is in {source_module}",
    "parity_order": "order {order}, the English lesson has {source_order}",
    "parity_step_count": "{count} steps, the English lesson has {source_count}",
    "parity_quiz_missing": "no quiz, the English lesson has one",
    "parity_quiz_extra": "a quiz the English lesson does not have",
    "parity_option_count": "{count} quiz options, the English lesson has {source_count}",
    "parity_answer_position": "the right answer is option {position}, in the English lesson option {source_position}",
    "parity_evidence_missing": "no evidence label, the English lesson has {source_level}",
    "parity_evidence_extra": "evidence label {level}, the English lesson has none",
    "parity_evidence_level": "evidence label {level}, the English lesson has {source_level}",
    "parity_source_count": "{count} sources, the English lesson has {source_count}",
    "parity_source": "{source}, the English lesson has {source_source}",
    "parity_review_date": "reviewed {reviewed}, the English lesson {source_reviewed}; copy its review",
    "parity_no_source_hash": (
        "no source_hash: run python -m content stamp {lang}/{lesson_id} once the translation matches the English"
    ),
    "parity_stale": (
        "stale translation: the English lesson changed since it was translated (source_hash {recorded}, "
        "now {current}); update the translation, then run python -m content stamp {lang}/{lesson_id}"
    ),
}

Param = str | int


@dataclass(frozen=True, slots=True)
class Finding:
    """One reason a field is wrong: a code from REASONS and the values its wording needs."""

    code: str
    params: tuple[tuple[str, Param], ...] = ()

    def __str__(self) -> str:
        return REASONS[self.code].format(**dict(self.params))


def finding(code: str, **params: Param) -> Finding:
    """Return a finding, refusing a code without an English wording (a typo would hide a problem)."""
    if code not in REASONS:
        raise KeyError(f"no wording for finding {code!r}")
    return Finding(code, tuple(params.items()))
