"""English for what the lesson validator finds, as /reload shows it to an operator (content/findings.py).

One text per finding code; its {fields} are the finding's parameters (values from the files, already
quoted where the command line quotes them). A ``Plural`` is chosen by the ``count`` parameter. Plain
text: the report is escaped as a whole and shown in <pre>.
"""

from bot.texts.plural import Plural

CONTENT_WARNING = "warning: "
CONTENT_PROBLEMS = {
    "no_lessons_for_language": "no lessons for language {lang}",
    "no_language_folder": "no language folder with a {modules_file} or lessons",
    "no_lesson_files": "no lesson files (*.md)",
    "cannot_read": "cannot be read",
    "not_utf8": "is not valid UTF-8",
    "modules_not_list": "must be a non-empty list under 'modules:'",
    "not_unique": "{value} is not unique",
    "no_opening_fence": "the file must start with a '---' line",
    "no_closing_fence": "no closing '---' line",
    "yaml": "invalid YAML: {detail}",
    "yaml_at_line": "invalid YAML at line {line}: {detail}",
    "front_matter_not_mapping": "must be a YAML mapping of field: value",
    "text_before_steps": "text before the first '## ' step heading",
    "step_heading_empty": "the step heading is empty",
    "step_heading_tags": "the step heading is plain text (the bot formats it); remove the tags",
    "step_no_text": "the step has no text",
    "other_heading": "only '## ' headings are supported, found {found}",
    "markdown_bold": "Markdown '**bold**' is shown literally; use <b>...</b>",
    "markdown_link": 'Markdown [text](link) is shown literally; use <a href="...">text</a>',
    "unlinked_mention": "{mention} names a lesson without a button; write [[lesson-id|words]]",
    "link_malformed": "the lesson link near {near} must look like [[lesson-id|words]]",
    "missing": "required field is missing",
    "unknown_field": "unknown field (check the spelling)",
    "empty": "must not be empty",
    "too_few_items": "too few items: {count}, at least {minimum} needed",
    "too_many_items": "too many items: {count}, at most {maximum} allowed",
    "not_slug": "{value} is not a lowercase slug (a-z, 0-9 and single hyphens, at most {maximum} characters)",
    "not_integer": "must be a whole number",
    "not_positive": "must be a number above zero",
    "not_text": "must be text",
    "not_boolean": "must be true or false",
    "not_date": "must be a date such as 2026-01-31",
    "not_list": "must be a list",
    "not_mapping": "must be a mapping of field: value",
    "not_allowed_value": "is not one of the allowed values",
    "invalid": "{detail}",
    "tag_unsupported": "the tag <{tag}> is not in Telegram's HTML subset",
    "tag_unclosed": "<{tag}> is never closed",
    "entity_unsupported": "the entity &{entity}; is not supported by Telegram; type the character itself",
    "bare_angle": "a bare '<' in the text near {near}; write &lt; or rephrase",
    "close_unopened": "</{tag}> closes a tag that was never opened",
    "close_mismatch": "</{tag}> found where </{expected}> was expected (tags must nest)",
    "tag_no_attributes": "<{tag}> takes no attributes",
    "link_attribute": "<a> takes only href, not {attribute}",
    "link_no_href": "<a> needs an href",
    "link_scheme": "<a href={href}> must start with {schemes}",
    "step_count": Plural(
        "{count} step ('## ' headings); a lesson needs {minimum} to {maximum}",
        "{count} steps ('## ' headings); a lesson needs {minimum} to {maximum}",
    ),
    "too_many_words": Plural(
        "{count} word of lesson text, at most {maximum} (about a two-minute read)",
        "{count} words of lesson text, at most {maximum} (about a two-minute read)",
    ),
    "names_a_dose": "names an amount ({amount}); lessons never give doses, so leave it out",
    "step_too_long": "{length} UTF-16 units, limit {limit} (title + text + {footer} for the footer)",
    "too_long": "{length} UTF-16 units, limit {limit}",
    "source_year_future": "{year} is in the future",
    "related_to_itself": "a lesson cannot be related to itself",
    "links_to_itself": "a lesson cannot link to itself",
    "review_in_future": "{reviewed} is in the future (today is {today})",
    "review_expired": "{reviewed} is more than {years} years ago; review the lesson",
    "review_expires_soon": Plural(
        "the review expires on {expires} (in {count} day); re-check the lesson",
        "the review expires on {expires} (in {count} days); re-check the lesson",
    ),
    "correct_count": Plural(
        "{count} option is marked correct: true; exactly 1 must be",
        "{count} options are marked correct: true; exactly 1 must be",
    ),
    "explanation_verdict": "starts with {verdict}; the bot already says whether the answer is right",
    "answer_position": (
        "the right answer is option {position} in {count} of {total} quizzes ({share}%); "
        "at most {maximum} may share a position, so move some"
    ),
    "id_not_file_name": "{lesson_id} does not match the file name {file_name}",
    "id_used_twice": Plural("{lesson_id} is used by {count} lesson", "{lesson_id} is used by {count} lessons"),
    "unknown_module": "unknown module {module} (known: {known})",
    "unknown_module_none": "unknown module {module} (no module is defined)",
    "evidence_required": "evidence is required because module {module} is about treatment",
    "related_unknown": "no lesson with id {lesson_id}",
    "link_unknown": "[[{target}|...]] links to no lesson with id {lesson_id}",
    "order_taken": "order {order} in module {module} is also used by {owner}",
    "parity_missing": "the English lesson {lesson_id} has no translation into {lang}",
    "parity_extra": "{lesson_id} is not an English lesson; a lesson in {lang} must translate one",
    "parity_module": "module {module}, but the English lesson is in {source_module}",
    "parity_order": "order {order}, but the English lesson has {source_order}",
    "parity_step_count": Plural(
        "{count} step, but the English lesson has {source_count}",
        "{count} steps, but the English lesson has {source_count}",
    ),
    "parity_quiz_missing": "no quiz, but the English lesson has one",
    "parity_quiz_extra": "a quiz the English lesson does not have",
    "parity_option_count": Plural(
        "{count} quiz option, but the English lesson has {source_count}",
        "{count} quiz options, but the English lesson has {source_count}",
    ),
    "parity_answer_position": "the right answer is option {position}, but the English lesson's is {source_position}",
    "parity_evidence_missing": "no evidence label, but the English lesson has {source_level}",
    "parity_evidence_extra": "evidence label {level}, but the English lesson has none",
    "parity_evidence_level": "evidence label {level}, but the English lesson has {source_level}",
    "parity_source_count": Plural(
        "{count} source, but the English lesson has {source_count}",
        "{count} sources, but the English lesson has {source_count}",
    ),
    "parity_source": "{source}, but the English lesson has {source_source}",
    "parity_review_date": "reviewed {reviewed}, but the English lesson {source_reviewed}; copy its review",
    "parity_no_source_hash": (
        "no source_hash: run python -m content stamp {lang}/{lesson_id} once the translation matches the English"
    ),
    "parity_stale": (
        "stale translation: the English lesson changed after it was translated (source_hash {recorded}, now "
        "{current}); until the translation is updated and stamped (python -m content stamp {lang}/{lesson_id}), "
        "its readers keep the old text"
    ),
}
