"""English strings for onboarding, settings, privacy and general replies.

Telegram HTML: every user-supplied value must be escaped by the caller.
"""

# The bot's profile: the description on its empty chat (up to 512 characters) and the short one on its
# profile page and in shared links (up to 120), set per language at start-up.
BOT_DESCRIPTION = (
    "Migraine Companion helps people who live with migraine: short lessons with their sources, a headache "
    "diary with statistics and a report for your doctor, and reminders for check-ins and medicines. "
    "It educates; it does not diagnose or replace your doctor. In an emergency, call your local emergency number."
)
BOT_SHORT_DESCRIPTION = "Lessons, a headache diary and reminders for people who live with migraine."

WELCOME = (
    "👋 <b>Welcome to Migraine Companion.</b>\n\n"
    "I help you learn about migraine in short lessons, keep a headache diary, "
    "and remind you about check-ins and medicines."
)
DISCLAIMER = (
    "<b>Please read this first</b>\n\n"
    "I give general education for adults. I do not diagnose, and I do not replace your doctor, nurse or pharmacist. "
    "I never tell anyone what dose to take.\n\n"
    "🚨 In an emergency, call <b>{emergency}</b> (or your local emergency number) straight away."
)
CONTINUE = "Continue"
CONSENT_ASK = (
    "<b>May I store your health diary?</b>\n\n"
    "If you agree, I store what you log: headaches, medicines, check-ins and questionnaire answers. "
    "I use them only to show you your own statistics and reports. Nobody else sees them.\n\n"
    "You can export or delete everything at any time (/export, /delete), and read /privacy for details.\n\n"
    "If you say no, you can still read every lesson."
)
CONSENT_YES = "✅ I agree"
CONSENT_NO = "No thanks"
CONSENT_GIVEN = "Thank you. Your diary is switched on."
CONSENT_DECLINED = (
    "That's fine. I won't store any health data. You can still read all the lessons, "
    "and you can change your mind in /settings."
)
CONSENT_NEEDED = (
    "To keep a diary I need your permission to store health data. Nothing is stored until you agree."
)
TIMEZONE_ASK = (
    "<b>Which time zone are you in?</b>\n"
    "Pick one, type your city (for example <i>Lyon</i>), or share your location."
)
TIMEZONE_LOCATION = (
    "Next, your time zone, so reminders come at the right local time. 📍 On a phone, the quickest way is the "
    "<b>Share location</b> button below: I only use it to work out your time zone and never store it."
)
BTN_SHARE_LOCATION = "📍 Share location"
TIMEZONE_LOCATION_UNKNOWN = (
    "I couldn't find a time zone for that place. Please pick one above or type your city."
)
LOCATION_NOT_NEEDED = (
    "I only use a location to set your time zone, and I didn't keep this one. "
    "To change your time zone, open /settings."
)
TIMEZONE_ALREADY_SET = "Your time zone is already {zone}. To change it, open /settings and tap “Change time zone”."
TIMEZONE_OTHER = "🌍 Type a city or zone"
TIMEZONE_TYPE = (
    "Type your city (for example <i>Lyon</i> or <i>Portland, Oregon</i>) or a zone name such as "
    "<code>America/Chicago</code>."
)
TIMEZONE_SET = "Time zone set to <b>{zone}</b>. Your local time is {local_time}."
TIMEZONE_UNKNOWN = (
    "I don't know the time zone “{text}”. Try a big city near you, such as <i>Berlin</i>, "
    "or a zone name such as <code>Europe/Berlin</code>."
)
TIMEZONE_MATCHES = "Did you mean one of these?"
ONBOARDED = (
    "✅ <b>You're all set.</b>\n\nTry /lessons to start learning, or /help to see everything I can do."
)
WELCOME_BACK = "Welcome back! /help shows everything I can do."
ONBOARDING_RESUMED = "Welcome back! You have answered the consent question already; one step is left: your time zone."
# Pop-ups (at most 200 characters) for onboarding buttons pressed on an old message.
CONSENT_ALREADY_ANSWERED = "You have answered this already. One step is left: your time zone, below."
OLD_WELCOME_BUTTON = "This button is from an earlier message: you are all set already. /help shows everything I can do."
OLD_CONSENT_BUTTON_ON = (
    "You answered this question earlier: your diary is on. Nothing changed. To switch it off, open /settings."
)
OLD_CONSENT_BUTTON_OFF = (
    "You answered this question earlier: your diary is off. Nothing changed. To switch it on, open /settings."
)

HELP_HEADER = "<b>What I can do</b>\n"
HELP_FOOTER = (
    "\n🚨 If you have a sudden severe headache, weakness, trouble speaking or a fever with a stiff neck, "
    "call <b>{emergency}</b> (or your local emergency number) now."
)
OPERATOR_HELP = "\n\n<b>Operator commands</b>\n{commands}"

SETTINGS = (
    "<b>Settings</b>\n\n"
    "Time zone: <b>{zone}</b>\n"
    "Language: <b>{language}</b>\n"
    "Health diary consent: <b>{consent}</b>\n"
    "Lesson update announcements: <b>{updates}</b>"
)
TIMEZONE_NOT_SET = "not set"
SETTING_ON = "on"
SETTING_OFF = "off"
CONSENT_STATE_GIVEN = "given"
CONSENT_STATE_NONE = "not given"
BTN_CHANGE_TIMEZONE = "🌍 Change time zone"
BTN_LANGUAGE = "🗣 Language"
BTN_GIVE_CONSENT = "✅ Allow diary storage"
BTN_WITHDRAW_CONSENT = "Withdraw consent"
BTN_UPDATES_ON = "🔔 Announce lesson updates"
BTN_UPDATES_OFF = "🔕 Stop update announcements"
LANGUAGE_ASK = "Choose a language. More languages are coming."
LANGUAGE_SET = "Language set to <b>{language}</b>."
CONSENT_WITHDRAW_ASK = (
    "<b>Withdraw your consent to health data?</b>\n\n"
    "I will stop storing and using health data: no new diary entries, and your medication, check-in and "
    "\"did it help?\" reminders are switched off. Lessons and lesson reminders carry on.\n\n"
    "Next you can choose to delete the diary you have kept so far, or keep it."
)
BTN_WITHDRAW_CONFIRM = "Yes, withdraw consent"
BTN_KEEP_CONSENT = "No, keep my diary on"
CONSENT_KEPT = "Nothing changed: your diary stays on."
CONSENT_WITHDRAWN = (
    "Consent withdrawn. I store no new health data, and your medication, check-in and follow-up "
    "reminders are off.\n\n"
    "<b>What about the diary you kept so far?</b> I can delete it now (headaches, medicines, check-ins, "
    "questionnaires and those reminders), or keep it until you /delete it or allow the diary again."
)
BTN_DELETE_DIARY = "🗑 Delete my diary now"
BTN_KEEP_DIARY = "Keep it"
DIARY_ERASED = (
    "Your diary has been deleted. Your settings and lesson progress are still here; /delete erases everything."
)
DIARY_KEPT = "Your diary is kept, unused, until you /delete it or allow the diary again in /settings."
UPDATES_CHANGED = "Lesson update announcements are now <b>{state}</b>."

PRIVACY = (
    "<b>Your privacy</b>\n\n"
    "<b>What I store, and why.</b>\n"
    "• To run the bot for you (what you asked for): your Telegram id, language, time zone, settings, "
    "and which lessons you have read with your quiz answers. This is not health data.\n"
    "• Only with your explicit consent: your headache diary, medicines, check-ins, questionnaire answers "
    "and medication reminders, to show you your own statistics, reminders and reports. Withdraw it in "
    "/settings: I then stop storing and using health data, switch those reminders off, and offer to "
    "delete the diary at once.\n"
    "• For your safety, even without consent: when a message of yours looks like an emergency, I note "
    "which kind of warning sign it was and when (never your words), so the operator can check that the "
    "safety net works. It goes with /delete.\n"
    "• If you try an operator command: a record of the attempt (the command, never your words) is kept "
    "under a pseudonym, not your id, for {audit_days} days, even after /delete, so operators' actions "
    "stay accountable.\n\n"
    "<b>Who runs this bot.</b> {operator} They run the database your data is kept in, so they are "
    "responsible for it. Your diary is shown only to you; they do not read diaries, and your data is never "
    "sold or shared.\n\n"
    "<b>How long.</b> Until you delete it. If you stop using the bot, your data stays until you send "
    "/delete.\n\n"
    "<b>Your rights.</b> /export sends you a copy of everything. /delete erases everything, for good "
    "(except the pseudonymous record above). /settings lets you withdraw consent at any time.\n\n"
    "Logs never contain what you write, and name you only by a pseudonym."
)
PRIVACY_OPERATOR = "This copy of Migraine Companion is run by <b>{name}</b>{contact}."
PRIVACY_OPERATOR_CONTACT = " (contact: {contact})"
PRIVACY_OPERATOR_UNNAMED = (
    "Whoever set up this copy of Migraine Companion runs it; they have not given their name here, so ask "
    "whoever gave you the link."
)
EXPORT_CAPTION = "Here is everything I store about you: one JSON file and a CSV per table."
EXPORT_NOTHING = "I don't store anything about you yet."
# README.txt inside the /export archive, in the user's language.
EXPORT_README = (
    "Migraine Companion: everything stored about you on {moment} (UTC).\n"
    "\n"
    "export.json holds all of it in one file. Each CSV file holds one table, one row per line, and opens in "
    "any spreadsheet.\n"
    "Column names and coded values (such as simple_analgesic) are the ones the bot stores, in English. "
    "Times are in UTC, written as 2026-11-21T09:30:00+00:00; pain is 0 to 10.\n"
    "\n"
    "The files:\n"
    "{files}"
)
EXPORT_README_FILE = "• {file}: {about}"
EXPORT_TABLES = {
    "users": "your settings: language, time zone, emergency number, consent, and whether you get lesson news",
    "attacks": "your headache diary: start and end, worst pain, symptoms, triggers, aura, impact and notes",
    "medication_intakes": "the doses you logged: medicine, kind, time and how well it helped",
    "medicines": "your list of medicines",
    "personal_triggers": "triggers you added to the list yourself",
    "checkins": "daily check-ins: the worst headache of each day, 0 for a headache-free day",
    "daily_factors": "the daily factors you answered (such as sleep, stress or your period)",
    "factor_choices": "which daily factors you chose to track",
    "midas_results": "your MIDAS questionnaires: the answers, the score and the grade",
    "lesson_progress": "the lessons you opened and finished, with your quiz answers",
    "schedules": "your reminders and when each is next due",
    "deliveries": "the reminders sent to you",
    "reminder_prefs": "your reminder settings: quiet hours and pauses",
    "broadcast_deliveries": "the announcements sent to you",
    "safety_events": "the safety checks that fired: codes only, never your words",
    "dialogs": "the question the bot is waiting for you to answer, if any",
    "audit_log": "a record of actions on your account (such as an export), never message text",
    "action_budgets": "when you may next use an action that is limited in how often it runs (such as /export)",
}
DELETE_ASK = (
    "<b>Delete all your data?</b>\n\n"
    "This erases your settings, diary, reminders and lesson progress for good. "
    "It cannot be undone once you press the button."
)
BTN_DELETE_CONFIRM = "🗑 Yes, delete everything"
BTN_CANCEL = "Cancel"
DELETE_DONE = "All your data has been deleted. Send /start if you ever want to come back."
DELETE_CANCELLED = "Nothing was deleted."

UNKNOWN_COMMAND = "I don't know that command. /help lists everything I can do."
# /cancel ends whatever step is waiting for the user (bot/chat/general.py).
CANCEL_DONE = "Stopped. Anything you had already saved is kept."
CANCEL_NOTHING = "There is nothing to cancel: I'm not waiting for an answer from you."
FREE_TEXT = "I'm not sure what you mean. Try /lessons, /ask followed by a question, or /help."
STALE_BUTTON = "This button is no longer active."
TRY_AGAIN = "Sorry, something went wrong on my side. Please try again."
TOO_LONG = "That message is too long for me. Please keep it under {limit} characters."
OPERATORS_ONLY = "This command is for operators."
# Health talk happens only in a private chat (bot/chat/guard.py); nothing said in a group is kept.
GROUP_CHAT_NOTE = (
    "I only talk about health in a private chat, so nothing here is read or kept. "
    "Message me privately: {link}"
)
GROUP_CHAT_BUTTON = "💬 Message me privately"
GROUP_CHAT_PRESS = "I only work in a private chat with you. Message me privately."
EDITS_NOT_APPLIED = (
    "Edits are not applied: I read each message once, when you send it. "
    "If you meant something else, please send it again as a new message."
)

GENERAL_COMMANDS = [
    ("start", "Start or restart"),
    ("settings", "Time zone, language and consent"),
    ("language", "Change the language"),
    ("privacy", "What I store and why"),
    ("export", "Download all your data"),
    ("delete", "Erase all your data"),
    ("cancel", "Stop the current step"),
    ("help", "What I can do"),
]
GENERAL_OPERATOR_COMMANDS: list[tuple[str, str]] = []

# Free text outside any flow (bot/chat/conversation.py): chat, an offer to log, a bare time.
CHAT_HELLO = (
    "Hello! 👋 How can I help? Tap a button below, or just tell me, for example "
    "<i>I have a migraine</i> or <i>what is aura?</i>"
)
CHAT_THANKS = "You're welcome! 😊 I'm here whenever you need me."
CHAT_OK = "👍 Here's the menu, whenever you need it."
LOG_OFFER = (
    "I'm sorry you're in pain. 🤕 Would you like to log it? It takes three taps, and your diary helps "
    "you and your doctor see patterns."
)
LOG_OFFER_AND_LESSONS = "🤕 You can log this headache with one tap. These lessons may help too:"
BTN_LOG_IT = "🤕 Log it"
MOMENT_WHAT_FOR = "What is <b>{moment}</b> for?"
BTN_MOMENT_HEADACHE = "🤕 A headache started then"
BTN_MOMENT_REMINDER = "⏰ Set a reminder"
BTN_MOMENT_NEVER_MIND = "Never mind"
BTN_MENU_LOG = "🤕 Log a headache"
BTN_MENU_DIARY = "📔 My diary"
BTN_MENU_LESSONS = "📚 Lessons"
BTN_MENU_REMINDERS = "⏰ Reminders"
# Rate limits (bot/budgets.py, bot/fair_updates.py).
PLEASE_WAIT = "⏳ Please wait {seconds} s before asking for that again."
TOO_MANY_UPDATES = (
    "⏳ You sent a lot at once, so I skipped some of it. Please wait a moment, then send again what I missed."
)
