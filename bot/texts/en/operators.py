"""English strings for operators: broadcasts, their progress, and content reloads.

Telegram HTML: every value that comes from a user, a file or Telegram must be escaped by the caller.
"""

from bot.texts.plural import Plural

BC_COMPOSE_ASK = (
    "<b>New broadcast</b>\n\n"
    "Send the message: text with Telegram HTML (<code>&lt;b&gt;</code>, <code>&lt;i&gt;</code>, "
    "<code>&lt;a href=…&gt;</code>), a photo with a caption, or forward a message to copy it as it is.\n"
    "I'll send you a preview first."
)
BC_COMPOSE_INVALID = "Telegram refused that message: <code>{error}</code>\nFix it and send it again."
BC_COMPOSE_UNSUPPORTED = "Send text, a photo with a caption, or forward a message."
BC_PREVIEW_DONE = "☝️ That's the preview. <b>Who should receive it?</b>"
BC_BTN_AUDIENCE_ALL = "Everyone active"
BC_BTN_AUDIENCE_SUBSCRIBED = "Subscribed to updates"
BC_BTN_AUDIENCE_LANGUAGE = "By language"
BC_BTN_AUDIENCE_REMINDER = "With a reminder"
BC_BTN_AUDIENCE_RECENT = "Active recently"
BC_BTN_DISCARD = "✖ Discard"
BC_LANGUAGE_PICK = "Which language?"
BC_REMINDER_PICK = "Users with which kind of reminder?"
# The reminder kinds an audience can name, as the picker's buttons and as the audience in a sentence.
BC_REMINDER_KINDS = {
    "checkin": "Daily check-in",
    "medication": "Medication reminder",
    "lesson_drip": "Lesson drip",
}
BC_AUDIENCE_REMINDERS = {
    "checkin": "users with the daily check-in on",
    "medication": "users with a medication reminder",
    "lesson_drip": "users with the lesson drip on",
}
BC_DAYS_ASK = "Users active in the last how many days? Pick one or type a number."
BC_DAYS_INVALID = "Please type a number of days between 1 and 3650."
BC_AUDIENCE_EMPTY = "Nobody is in this audience right now: {audience}.\n<b>Who should receive it?</b>"
BC_WHEN_ASK = Plural(
    "<b>{count}</b> recipient: {audience}.\nSend now, or schedule it?",
    "<b>{count}</b> recipients: {audience}.\nSend now, or schedule it?",
)
BC_BTN_SEND_NOW = "Send now"
BC_BTN_SCHEDULE = "🕒 Schedule"
BC_AT_ASK = (
    "When should it go out? Your time zone is <b>{zone}</b>.\n"
    "Type a date and time such as <code>{example}</code>, or a delay such as <code>in 2h</code> or "
    "<code>in 30m</code>."
)
BC_AT_INVALID = "I couldn't read that time. Try <code>{example}</code> or <code>in 2h</code>."
BC_AT_PAST = "That time has already passed. Pick a time in the future."
BC_CONFIRM = (
    "<b>Ready to send?</b>\n\nAudience: {audience}\nRecipients: <b>{count}</b>\nWhen: {when}\nQuiet hours: {quiet}"
)
BC_WHEN_NOW = "now"
BC_QUIET_RESPECTED = "respected (people in their quiet hours get it when those end)"
BC_QUIET_IGNORED = "🚨 ignored: urgent safety notice, delivered at once"
BC_BTN_CONFIRM = "✅ Send"
BC_BTN_IGNORE_QUIET = "🚨 Urgent: ignore quiet hours"
BC_BTN_RESPECT_QUIET = "Respect quiet hours"
BC_DISCARDED = "Broadcast discarded. Nothing was sent."
BC_PREPARING = "⏳ Preparing the broadcast…"
BC_ALREADY_CONFIRMED = "This broadcast was already confirmed (a second tap on Send); it is sent once. See /broadcasts."
BC_SCHEDULED = Plural(
    "🕒 Broadcast #{id} to {count} recipient is scheduled for {when}.",
    "🕒 Broadcast #{id} to {count} recipients is scheduled for {when}.",
)

BC_AUDIENCE_ALL = "everyone active"
BC_AUDIENCE_SUBSCRIBED = "users subscribed to updates"
BC_AUDIENCE_LANGUAGE = "users who read the bot in {language}"
BC_AUDIENCE_SUBSCRIBED_IN = "users subscribed to updates who read the bot in {languages}"
BC_AUDIENCE_RECENT = Plural("users active in the last {value} day", "users active in the last {value} days")

BC_PROGRESS = (
    "📣 <b>Broadcast #{id}</b>: {status}\n"
    "<code>{bar}</code> {percent}%\n"
    "Sent <b>{sent}</b> of {total} · blocked {blocked} · failed {failed}{waiting}\n"
    "{eta}"
)
# A waiting or start time later the same day carries a time ("23:00 CET"), another day a date and time
# ("21 Nov 2026, 13:00 CET"): two messages, as languages word them differently ("hasta las 23:00", "hasta el
# 21 de noviembre"). The time ones are counted by the hour, for "la 1:30" but "las 13:30" in Spanish.
BC_PROGRESS_WAITING = Plural(
    "\n{count} recipient waiting {until} (quiet hours or a retry)",
    "\n{count} recipients waiting {until} (quiet hours or a retry)",
)
BC_PROGRESS_WAITING_AT = Plural("until {until}", "until {until}")
BC_PROGRESS_WAITING_ON = "until {until}"
BC_PROGRESS_ETA = "About {duration} left."
BC_STATUS_NAMES = {
    "scheduled": "scheduled for {when}",
    "sending": "sending",
    "paused": "⏸ paused",
    "held": "✋ held: its author is no longer an operator. An operator who resumes it is told how it goes",
    "cancelled": "✖ cancelled",
    "stopped": "⛔ stopped",
    "done": "✅ done",
}
# A scheduled broadcast whose time has come (or one sent at once) before the worker's next round, since a time
# today ("13:00 CET") or since an earlier day's date and time.
BC_STATUS_STARTED_AT = Plural("under way since {when}", "under way since {when}")
BC_STATUS_STARTED_ON = "under way since {when}"
BC_BTN_PAUSE = "⏸ Pause"
BC_BTN_RESUME = "▶ Resume"
BC_BTN_CANCEL = "✖ Cancel broadcast"
BC_SUMMARY_DONE = (
    "✅ <b>Broadcast #{id} finished.</b>\nSent {sent} of {total}, blocked {blocked}, failed {failed}.{duplicates}"
)
BC_SUMMARY_DUPLICATES = "\nPossible duplicates after a restart: {count}."
BC_SUMMARY_STOPPED = (
    "⛔ <b>Broadcast #{id} stopped.</b> Telegram refused the content: <code>{error}</code>\n"
    "Sent {sent} of {total} before stopping. Fix the message and start a new /broadcast."
)
BC_CANCEL_ASK = Plural(
    "Cancel broadcast #{id}? {count} recipient has not got it yet and will not get it.",
    "Cancel broadcast #{id}? {count} recipients have not got it yet and will not get it.",
)
BC_BTN_CANCEL_YES = "✖ Yes, cancel it"
BC_BTN_CANCEL_NO = "Keep it"
BC_LIST_OPEN = "Tap a broadcast to see it and pause, resume or cancel it."

BC_LIST_HEADER = "<b>Recent broadcasts</b>"
BC_LIST_LINE = "#{id} · {created} · {status} · {sent}/{total} sent, {blocked} blocked, {failed} failed · {audience}"
BC_LIST_EMPTY = "No broadcasts yet. Start one with /broadcast."

# The command line (python -m bot broadcast) speaks English; plurals through the catalog all the same.
CLI_DRY_RUN = Plural(
    "dry run: {count} recipient ({audience}); nothing created",
    "dry run: {count} recipients ({audience}); nothing created",
)
CLI_NOBODY = "nobody is in this audience right now ({audience}): nothing created. Add --yes to create it anyway"
CLI_CREATED = Plural(
    "broadcast #{id}: {count} recipient ({audience}), sending from {when}; the running bot sends it. "
    "Follow it with: python -m bot broadcast status {id}",
    "broadcast #{id}: {count} recipients ({audience}), sending from {when}; the running bot sends it. "
    "Follow it with: python -m bot broadcast status {id}",
)

RELOAD_UNAVAILABLE = "Lessons are not loaded in this bot, so there is nothing to reload."
RELOAD_FAILED = Plural(
    "⚠️ <b>Nothing changed.</b> The content has {count} problem:\n<pre>{report}</pre>",
    "⚠️ <b>Nothing changed.</b> The content has {count} problems:\n<pre>{report}</pre>",
)
RELOAD_FAILED_DOCUMENT = Plural(
    "⚠️ Nothing changed. The content has {count} problem; the full report is attached.",
    "⚠️ Nothing changed. The content has {count} problems; the full report is attached.",
)
# Translations that have not caught up with an English change (content/parity.py): served as they are.
RELOAD_WARNINGS = Plural(
    "⚠️ {count} warning; the lessons are served as they are:\n<pre>{report}</pre>",
    "⚠️ {count} warnings; the lessons are served as they are:\n<pre>{report}</pre>",
)
RELOAD_WARNINGS_DOCUMENT = Plural(
    "⚠️ {count} warning; the lessons are served as they are. The report is attached.",
    "⚠️ {count} warnings; the lessons are served as they are. The report is attached.",
)
RELOAD_DONE = Plural(
    "✅ <b>Content reloaded:</b> {count} lesson.\n{changes}", "✅ <b>Content reloaded:</b> {count} lessons.\n{changes}"
)
RELOAD_NO_CHANGES = "No lesson was added or changed."
RELOAD_LANGUAGES = "Languages: {languages}."
RELOAD_OTHER_INSTANCES = (
    "Other instances of the bot switch to these lessons within 2 seconds. An instance whose lesson files "
    "differ keeps its old lessons and says so in its log."
)
RELOAD_NEW = "<b>New</b>:\n{lines}"
RELOAD_CHANGED = "<b>Changed</b>:\n{lines}"
# A lesson whose translation changed while the English file did not: announced to that language's readers only.
RELOAD_CHANGED_IN = "<b>New or changed in {language} only</b>:\n{lines}"
RELOAD_REMOVED = "<b>Removed</b>: {ids}"
RELOAD_LINE = "• {title} (<code>{id}</code>, {hash})"
BTN_ANNOUNCE = "📣 Announce to subscribers"
ANNOUNCE_TEXT = "📚 <b>New and updated lessons</b>\n\n{lines}\n\nTap a button below to read."
ANNOUNCE_LINE = "• {title}"
ANNOUNCE_BUTTON = "📖 {title}"
ANNOUNCE_GONE = "This announcement is no longer available. Run /reload again."

OPERATORS_COMMANDS = [
    ("broadcast", "Send an announcement"),
    ("broadcasts", "Recent broadcasts"),
    ("reload", "Reload lesson content"),
]
