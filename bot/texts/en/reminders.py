"""English strings for /reminders and for the reminder messages the scheduler sends.

Telegram HTML: medicine names and other user values must be escaped by the caller.
"""

REMINDERS_COMMANDS = [("reminders", "Check-in, medicine reminders, quiet hours")]

# /reminders menu.
REM_TITLE = "⏰ <b>Your reminders</b>"
REM_CHECKIN_ON = "📝 Daily check-in: <b>{time}</b>"
REM_CHECKIN_OFF = "📝 Daily check-in: <b>off</b>"
REM_MEDS_NONE = "💊 Medication reminders: <b>none</b>"
REM_MEDS_HEADER = "💊 Medication reminders:"
REM_MED_LINE = "• <b>{name}</b> at {times}, {days}{state}"
REM_MED_ADHERENCE = "\n   taken {taken} of {total} this month"
REM_MED_OFF = " (off)"
REM_DRIP_ON = "📚 Lesson drip: a new lesson {every}, at {time}"
REM_DRIP_OFF = "📚 Lesson drip: <b>off</b>"
REM_QUIET_ON = "🌙 Quiet hours: <b>{start}–{end}</b>"
REM_QUIET_OFF = "🌙 Quiet hours: <b>off</b>"
REM_QUIET_NOTE = (
    "Check-ins, lessons and follow-ups wait until quiet hours end; medication reminders come at the time you set."
)
REM_PAUSED_NOTE = "⏸ <b>Everything is paused.</b> Tap Resume to get your reminders again."
REM_PAUSED_UNTIL_NOTE = "⏸ <b>Everything is paused until {day}.</b> Tap Resume to get your reminders back sooner."
REM_ZONE_NOTE = "Times are in your time zone, {zone} (change it in /settings)."

BTN_REM_CHECKIN_TIME = "📝 Check-in time"
BTN_REM_CHECKIN_OFF = "📝 Check-in off"
BTN_REM_CHECKIN_ON = "📝 Check-in on"
BTN_REM_MED_ADD = "💊 Add a medication reminder"
BTN_REM_MED_REMOVE = "🗑 {name}"
BTN_REM_MED_EDIT = "✏️ {name}"
BTN_REM_DRIP = "📚 Lesson drip"
BTN_REM_QUIET = "🌙 Quiet hours"
BTN_REM_PAUSE = "⏸ Pause everything"
BTN_REM_RESUME = "▶️ Resume"
BTN_REM_MENU = "« Reminders"

# A typed time of day the bot could not read; {text} is what the user typed (shortened), {example} TIME_EXAMPLE.
TIME_EXAMPLE = "Please send a time like 07:30, 19:05 or 7:30pm."
TIME_REFUSED = {
    "empty": "I didn't get a time. {example}",
    "too_long": "That's too long to be a time. {example}",
    "out_of_range": "“{text}” isn't a time of day (hours 0–23, minutes 00–59). {example}",
    "unrecognised": "I couldn't read “{text}” as a time. {example}",
}

# Changing reminders.
REM_ASK_CHECKIN_TIME = (
    "At what time should I ask about your day?\n"
    "Send a time like <code>20:00</code>, <code>7:30</code> or <code>7pm</code>."
)
REM_CHECKIN_SET = "✅ I'll ask about your day every day at <b>{time}</b>."
REM_CHECKIN_DISABLED = "Daily check-in switched off."
REM_ASK_MED_NAME = "Which medicine should I remind you about? Type its name (up to {limit} characters)."
REM_ASK_MED_PICK = (
    "Which medicine should I remind you about? Tap one of yours, or type another name (up to {limit} characters)."
)
REM_MED_NAME_BAD = "Please type the medicine's name, up to {limit} characters."
REM_ASK_MED_TIMES = (
    "At what time should I remind you about <b>{name}</b>? Send one or more times separated by commas, "
    "for example <code>8:00, 20:00</code> or <code>7am, 7pm</code>."
)
REM_TOO_MANY_TIMES = "Up to {limit} times a day, please."
REM_ASK_MED_DAYS = "On which days? Tap a day to switch it on or off, then <b>Save</b>.\nNow: {days}."
REM_NO_DAYS = "Pick at least one day."
BTN_DAYS_ALL = "Every day"
BTN_DAYS_WEEKDAYS = "Mon–Fri"
BTN_DAYS_SAVE = "💾 Save"
REM_MED_SAVED = "✅ I'll remind you about <b>{name}</b> at {times}, {days}."
REM_MED_REMOVED = "Removed the reminder for <b>{name}</b>."
REM_MED_EDIT = "💊 <b>{name}</b> at {times}, {days}.\nWhat would you like to change?"
BTN_MED_EDIT_TIMES = "🕑 Times"
BTN_MED_EDIT_DAYS = "📅 Days"
BTN_MED_REMOVE = "🗑 Remove"
REM_ASK_MED_NEW_TIMES = (
    "New times for <b>{name}</b>? One or more, separated by commas, for example <code>8:00, 20:00</code>."
)
REM_MED_UPDATED = "✅ <b>{name}</b> now at {times}, {days}."
REM_MED_GONE = "That reminder is no longer there, so nothing was changed."
REM_TOO_MANY_MEDS = "You already have {limit} medication reminders. Remove one first."
REM_MED_CONSENT = (
    "A medication reminder stores the medicine's name, which is health data. "
    "Please allow diary storage first; you can withdraw it any time in /settings."
)
BTN_REM_ALLOW = "✅ Allow diary storage"
REM_ASK_DRIP = "How often would you like a new lesson? It comes at {time}."
BTN_DRIP_TIME = "🕙 Change the time ({time})"
REM_ASK_DRIP_TIME = (
    "At what time should new lessons come? Send a time like <code>10:00</code>, <code>7:30</code> or <code>7pm</code>."
)
REM_DRIP_TIME_SET = "✅ New lessons come at <b>{time}</b>."
DRIP_CHOICES = {1: "every day", 2: "every 2 days", 3: "every 3 days", 7: "every week"}
BTN_DRIP_OFF = "Off"
REM_DRIP_SET = "✅ A new lesson {every}, at {time}."
REM_DRIP_DISABLED = "Lesson drip switched off."
REM_ASK_QUIET_START = "When do your quiet hours start? For example <code>22:00</code>."
REM_ASK_QUIET_END = "And when do they end? For example <code>7:30</code>."
REM_QUIET_SAME = "Quiet hours can't start and end at the same time. When do they end?"
BTN_QUIET_OFF = "Turn quiet hours off"
REM_QUIET_SET = "✅ Quiet hours {start}–{end}."
REM_QUIET_DISABLED = "Quiet hours switched off."
REM_PAUSED = "⏸ All reminders paused."
REM_PAUSED_UNTIL = "⏸ All reminders paused until {day}; they come back on their own that morning."
REM_ASK_PAUSE = "Pause every reminder until when? They come back on their own at the start of that day."
PAUSE_FOR_DAYS = {1: "Until tomorrow", 3: "For 3 days", 7: "For a week", 14: "For 2 weeks"}
BTN_PAUSE_UNTIL_RESUMED = "Until I resume"
BTN_PAUSE_UNTIL_DATE = "📅 Until a date…"
REM_ASK_PAUSE_DATE = (
    "Until which day? For example <code>Friday</code>, <code>25 December</code> or <code>in 10 days</code>."
)
REM_PAUSE_DATE_BAD = (
    "I couldn't read that as a day between tomorrow and a year from now. "
    "Try <code>Friday</code> or <code>25 December</code>."
)
REM_PAUSE_ENDED = "▶️ Your pause is over: your reminders are back on. /reminders shows them."
REM_RESUMED = "▶️ Reminders resumed."
REM_EVERY_DAY = "every day"
REM_WEEKDAYS_ONLY = "Mon–Fri"

# Reminder messages (check-ins and follow-ups are the diary's: bot/diary/checkin.py).
REMINDER_MEDICATION = "💊 Time for <b>{name}</b> ({time})."
REMINDER_SNOOZED = "⏰ Reminder: <b>{name}</b> (due at {time})."
REMINDER_MEDICATION_LATE = (
    "\n<i>Sorry, this reminder is late: it was due at {time}. If you're not sure whether to take a late dose, "
    "check the leaflet or ask your pharmacist.</i>"
)
BTN_MED_TAKEN = "✅ Taken"
BTN_MED_SNOOZE_15 = "⏰ Snooze 15 min"
BTN_MED_SNOOZE_60 = "⏰ Snooze 1 h"
BTN_MED_SKIP = "Skip"
MED_TAKEN = "✅ <b>{name}</b> ({time}): taken."
MED_SKIPPED = "<b>{name}</b> ({time}): skipped."
MED_SNOOZED = "⏰ <b>{name}</b> ({time}): I'll remind you again at {again}."
MED_ALREADY = "Already noted."
MED_YOUR_MEDICINE = "your medicine"
REMINDER_LESSON_INTRO = "📚 <b>Your next lesson</b>"
REMINDER_DRIP_DONE = "🎓 You've opened every lesson, so I've switched the lesson drip off. /lessons has them all."
