"""English strings for the headache diary: logging, details, medicines, check-ins and /diary.

Telegram HTML: every user-supplied value must be escaped by the caller.
"""

from bot.texts.plural import Plural

LOG_BUTTON = "🤕 Log headache"
LOG_KEYBOARD_READY = "Tap <b>🤕 Log headache</b> below whenever a headache starts. It takes three taps."
DIARY_CONSENT_NEEDED = (
    "To keep a headache diary I need your permission to store health data: headaches, medicines, "
    "check-ins and questionnaire answers. Only you see them, and /export or /delete work at any time. "
    "Nothing is stored until you agree."
)
BTN_ALLOW_DIARY = "✅ Allow diary storage"

# Two flows at once.
FLOW_NAMES = {
    "log": "logging a headache",
    "midas": "the MIDAS questionnaire",
    "onboarding": "setting up",
    "timezone": "changing your time zone",
    "delete": "deleting your data",
    "safety": "a safety question",
}
FLOW_OTHER = "another step"
BUSY = "You're in the middle of {current}. Carry on with it, or cancel it and start {new}?"
BTN_BUSY_CONTINUE = "Continue"
BTN_BUSY_CANCEL = "Cancel it and start"
BUSY_CARRY_ON = "OK, carry on where you left off."

# The log flow.
START_ASK = "<b>When did this headache start?</b>"
START_ASK_DAY = "<b>When did the headache on {day} start?</b>"
BTN_NOW = "Now"
BTN_HOUR_AGO = "1 h ago"
BTN_EARLIER_TODAY = "Earlier today"
BTN_PICK_TIME = "Pick a time"
BTN_DIARY_CANCEL = "Cancel"
BTN_DIARY_BACK = "« Back"
DAY_PARTS = {"08": "Morning", "13": "Afternoon", "18": "Evening", "22": "Night"}
HOUR_ASK = "About what time did it start?"
TIME_TYPE = (
    "Type the time it started, for example <code>14:30</code>, <code>noon</code>, "
    "<code>yesterday 7pm</code>, <code>2 hours ago</code> or <code>last Tuesday morning</code>."
)
INTENSITY_ASK = (
    "<b>How bad is it at its worst?</b>\nPick a word, or a number from 1 (mild) to 10 (worst). "
    "“None” is for an aura without headache."
)
BTN_NO_PAIN = "None"
BTN_MILD = "Mild"
BTN_MODERATE = "Moderate"
BTN_SEVERE = "Severe"
INTENSITY_RANGE = "Please pick a number from 0 (none) to 10, or use the buttons."
LOG_CANCELLED = "OK, nothing was saved."
ONGOING_EXISTS = "You have a headache logged since {start} that is still going on."
BTN_LOG_ANOTHER = "Log another headache"
# A start inside an attack already logged: the same headache, or really a second one?
OVERLAP_ASK = "<b>This overlaps the headache logged from {start} to {end}.</b> Is it the same headache?"
OVERLAP_ASK_ONGOING = (
    "<b>This overlaps the headache logged since {start}, which is still going on.</b> Is it the same headache?"
)
BTN_SAME_HEADACHE = "It's the same headache"
BTN_SAVE_AS_NEW = "Save as a new one"
OVERLAP_SAME = "OK, nothing new was saved. You can add to the headache that started {start} below."
# Past attacks (copying a paper diary).
BTN_ANOTHER_DAY = "📅 Another day"
PICK_DAY = "<b>Which day did it start?</b> {month}"
END_ASK_PAST = "<b>How long did it last?</b> Pick a duration, or type when it ended."
# After a typed start on an earlier day ("2 hours ago" just after midnight, "yesterday 23:00").
END_ASK_STILL = "<b>Is it still going on?</b> If it has ended, pick how long it lasted or type when it ended."
DURATIONS = {30: "30 min", 60: "1 h", 120: "2 h", 240: "4 h", 480: "8 h", 720: "12 h", 1440: "1 day", 2880: "2 days",
             4320: "3 days"}  # fmt: skip
BTN_END_TYPE = "Type when it ended"
BTN_LOG_ANOTHER_PAST = "📅 Log another past headache"
DIARY_SAVED = "✅ Saved to your diary."
USE_BUTTONS = "Please use the buttons above, or send /cancel to stop."

# Impossible or unreadable input.
TIME_UNREADABLE = (
    "I couldn't read that as a time. Try <code>14:30</code>, <code>yesterday 7pm</code>, "
    "<code>2 hours ago</code> or <code>last Tuesday morning</code>. A day needs a time of day too."
)
TIME_FUTURE = "That time is still to come. Please give a time in the past."
TIME_END_BEFORE_START = "That is before the headache started ({start}). Please give a later time."
TIME_TOO_LONG = (
    "That would make the headache longer than 14 days, which the diary can't hold. "
    "Please check the times; an attack longer than 3 days needs a doctor."
)
TEXT_TOO_LONG = "That is too long: please keep it under {limit} characters. Nothing was lost, try again."
TYPED_ENTRY_GONE = "That entry is no longer in your diary, so nothing was saved."
TEXT_EMPTY = "That was empty. Please type some text, or send /cancel to stop."

# Red-flag triage: one screen, one toggle per question.
TRIAGE_ASK = (
    "<b>Before I save it: does any of this apply?</b>\n"
    "Tap each one that does, then Done. If none does, tap “None of these”."
)
BTN_NONE_OF_THESE = "None of these"
BTN_TRIAGE_DONE = "Done"

# An attack and its details.
ONGOING = "still going on"
# A moment in the user's zone: {time} is "14:05", {day} is "Sat 21 Nov" (both formatted from CLDR).
MOMENT_TODAY = "today {time}"
MOMENT_YESTERDAY = "yesterday {time}"
MOMENT_ON_DAY = "{day} {time}"
ATTACK_SUMMARY = "<b>Headache {start}</b> – {end}\nWorst: {intensity}"
AURA_ONLY_SUMMARY = "<b>Aura without headache {start}</b> – {end}"
ENDED_AT = "ended {end} ({duration})"
INTENSITY_WORDS = {0: "none", 1: "mild", 4: "moderate", 7: "severe"}
BTN_ENDED = "It ended"
BTN_TOOK_MEDICINE = "💊 Took medicine"
BTN_ADD_DETAILS = "➕ Add details"
END_ASK = "<b>When did it end?</b>"
BTN_JUST_NOW = "Just now"
END_TYPE = "Type when it ended, for example <code>16:45</code> or <code>yesterday 23:30</code>."
DETAILS_MENU = "Add or change details. Everything is saved as you tap."
BTN_TIMES = "🕑 Times"
BTN_INTENSITY = "📈 Worst pain"
BTN_SYMPTOMS = "🤢 Symptoms"
BTN_TRIGGERS = "⚡ Triggers"
BTN_PHASES = "✨ Aura & phases"
BTN_IMPACT = "🏠 Impact"
BTN_MEDICINE = "💊 Medicine"
BTN_NOTE = "📝 Note"
BTN_FINISHED = "✔️ Finished"
BTN_CHANGE_START = "Change start"
BTN_CHANGE_END = "Change end"
BTN_STILL_GOING = "Still going on"
BTN_ADD_OWN_TRIGGER = "➕ Add your own"
TIMES_MENU = "Which time do you want to change?"
SYMPTOMS_ASK = "Tap everything you noticed:"
TRIGGERS_ASK = "Possible triggers (tap to mark):"
PHASES_ASK = "Phases you noticed. Aura: tick every kind you had and how long it lasted."
IMPACT_ASK = "How much did it affect what you wanted to do?"
NOTE_ASK = "Type your note (up to {limit} characters)."
TRIGGER_TYPE = "Type your own trigger (up to {limit} characters)."
NOTE_SAVED = "📝 Note saved."
OTHER_SYMPTOM_ASK = "What else did you notice? Describe it in a few words (up to {limit} characters), or tap Skip."
OTHER_TRIGGER_ASK = "What do you think set it off? Describe it in a few words (up to {limit} characters), or tap Skip."
BTN_SKIP_OTHER = "Skip"
OTHER_SAVED = "Noted: “{words}”."
OTHER_WITH_WORDS = "{label} ({words})"
TRIGGER_ADDED = "Added “{name}” to your triggers."
SYMPTOMS = {
    "nausea": "Nausea",
    "vomiting": "Vomiting",
    "photophobia": "Light sensitivity",
    "phonophobia": "Sound sensitivity",
    "vertigo": "Vertigo or dizziness",
    "neck_pain": "Neck pain",
    "other": "Other",
}
FEATURES = {"one_sided": "One-sided", "throbbing": "Throbbing", "worse_with_activity": "Worse when moving"}
TRIGGERS = {
    "stress": "Stress",
    "poor_sleep": "Poor sleep",
    "missed_meal": "Missed meal",
    "alcohol": "Alcohol",
    "menstruation": "Menstruation",
    "weather": "Weather",
    "caffeine_change": "Caffeine change",
    "screen_time": "Screen time",
    "dehydration": "Not drinking enough",
    "bright_light": "Bright light",
    "smells": "Strong smells",
    "exertion": "Exertion",
    "other": "Other",
}
PHASES = {"prodrome": "Warning signs before (prodrome)", "aura": "Aura", "postdrome": "Hangover after (postdrome)"}
# The ICHD-3 aura kinds; an aura may have several.
AURA_KINDS = {
    "visual": "Visual",
    "sensory": "Sensory",
    "speech": "Speech",
    "motor": "Weakness (motor)",
    "brainstem": "Brainstem",
    "retinal": "One eye (retinal)",
}
AURA_ONLY_KEEPS_AURA = (
    "This entry is an aura without headache. To untick the aura, first set the worst pain above None."
)
AURA_MINUTES = {3: "< 5 min", 15: "5–30 min", 45: "30–60 min", 90: "> 60 min"}
IMPACTS = {"normal": "Carried on as normal", "limited": "Limited", "unable": "Unable to function"}
IMPACT_NOT_RECORDED = "not recorded"
EFFECTS = {"none": "No help", "some": "Some help", "good": "Good help", "complete": "Pain gone"}

# Medicines.
MEDICINE_ASK = "Which medicine did you take?"
MEDICINE_NONE_YET = "Your medicine list is empty. Add the medicines you use, then logging a dose is one tap."
BTN_REMOVE_DOSE = "🗑 {name}, {time}"
BTN_ADD_MEDICINE = "➕ Add a medicine"
MEDICINE_TYPE = "Type the medicine's name, for example <i>Sumatriptan 50 mg</i> (up to {limit} characters)."
MEDICINE_CLASS_ASK = "What kind of medicine is <b>{name}</b>?"
MED_CLASSES = {
    "simple_analgesic": "Simple painkiller / NSAID",
    "triptan": "Triptan",
    "gepant": "Gepant",
    "ditan": "Ditan",
    "ergot": "Ergot",
    "opioid": "Opioid",
    "combination": "Combination painkiller",
    "preventive": "Preventive (taken daily)",
    "other": "Other",
}
# The classes as they read inside a sentence ("you took triptans on 10 days").
MED_CLASSES_PLURAL = {
    "simple_analgesic": "simple painkillers or NSAIDs",
    "triptan": "triptans",
    "gepant": "gepants",
    "ditan": "ditans",
    "ergot": "ergots",
    "opioid": "opioids",
    "combination": "combination painkillers",
    "other": "other acute medicines",
    "preventive": "preventive medicines",
}
# The classes in brackets after a medicine's name, lower-case where the language writes them so
# ("Ibuprofen (simple painkiller or NSAID)").
MED_CLASS_NOUNS = {
    "simple_analgesic": "simple painkiller or NSAID",
    "triptan": "triptan",
    "gepant": "gepant",
    "ditan": "ditan",
    "ergot": "ergot",
    "opioid": "opioid",
    "combination": "combination painkiller",
    "other": "other acute medicine",
    "preventive": "preventive",
}
MEDICINE_MATCH = "<b>{name}</b> is {generic}: {kind} (ATC {atc}).\nIs that right? If not, choose the kind yourself."
MEDICINE_MATCH_CLOSE = (
    "Did you mean {generic}? That is {kind} (ATC {atc}).\nIf not, choose the kind of <b>{name}</b> yourself."
)
MEDICINE_NO_MATCH = "I don't know <b>{name}</b>. What kind of medicine is it? If you're not sure, pick Other."
BTN_MEDICINE_MATCH_YES = "✅ Yes, {generic}"
BTN_MEDICINE_CHOOSE_KIND = "Choose the kind myself"
# How a class reads after "is": "sumatriptan: a triptan". "nsaid" is the kind of the simple painkillers that
# are NSAIDs (content.medicines.MedicineEntry.kind); "simple_analgesic" then names paracetamol and metamizole.
MED_CLASS_ARTICLE = {
    "simple_analgesic": "a simple painkiller",
    "nsaid": "an NSAID, a simple painkiller",
    "triptan": "a triptan",
    "gepant": "a gepant",
    "ditan": "a ditan",
    "ergot": "an ergot",
    "opioid": "an opioid",
    "combination": "a combination painkiller",
    "other": "an acute medicine of another kind",
    "preventive": "a preventive, taken regularly to prevent attacks",
}
PREVENTIVE_NOT_A_DOSE = (
    "<b>{name}</b> is a preventive: it is on your list, but it is not logged as attack medicine and never "
    "counts towards medication overuse. To keep track of it, add a medication reminder in /reminders: "
    "each “Taken” you answer there counts towards how regularly you take it."
)
TAKEN_WHEN = "When did you take <b>{name}</b>?"
TAKEN_OFFSETS = {0: "At the start", 60: "1 h in", 120: "2 h in", 240: "4 h in"}
TAKEN_AT_START = "At the start ({time})"
DOSE_TIME_TYPE = (
    "Type when you took it, for example <code>14:30</code> (on the day the headache started) or "
    "<code>yesterday 23:00</code>."
)
DOSE_BEFORE_START = (
    "<b>{name}</b> taken {time} is before this headache started ({start}). Did you take it before the pain began?"
)
DOSE_AFTER_END = "<b>{name}</b> taken {time} is after this headache ended ({end}). Is that right?"
BTN_DOSE_KEEP_TIME = "Yes, {time}"
BTN_DOSE_OTHER_TIME = "Pick another time"
BTN_DOSE_TIME = "🕑 {time}"
DOSE_MOVED = "🕑 <b>{name}</b> moved to {time}."
INTAKE_LOGGED = "💊 Logged <b>{name}</b>, taken {time}."
INTAKE_FOLLOWUP = "I'll ask in 2 hours whether it helped."
BTN_BACK_TO_ENTRY = "« Back to the entry"

# Follow-up and check-in answers (the scheduler sends the questions).
FOLLOWUP_ASK = "It's been 2 hours since you took <b>{name}</b> at {time}. Did it help?"
FOLLOWUP_NOW = "Did it help?"
FOLLOWUP_THANKS = "Thanks, noted for <b>{name}</b>: {effect}."
CHECKIN_ASK = "<b>Daily check-in for {day}</b>\nDid you have a headache?"
BTN_NO_HEADACHE = "😊 No headache"
BTN_HAD_HEADACHE = "🤕 Yes, log it"
CHECKIN_NONE_SAVED = "😊 Noted: no headache on {day}. Headache-free days count too."
CHECKIN_HAS_ATTACK = "You already logged a headache on {day}; it stays in your diary."

# /diary.
DIARY_HEADER = "<b>Your recent headaches</b>\nTap one to see, change or delete it."
DIARY_EMPTY = "Your diary is empty. Tap <b>🤕 Log headache</b> or send /log when a headache starts."
DIARY_ROW = "{start} · {intensity}/10{ongoing}"
BTN_OLDER = "Older »"
BTN_NEWER = "« Newer"
BTN_DIARY_EDIT = "✏️ Change details"
BTN_DIARY_DELETE = "🗑 Delete"
BTN_DELETE_YES = "🗑 Yes, delete it"
BTN_DIARY_KEEP = "Keep it"
DIARY_DELETE_ASK = "Delete this headache{meds} for good? This cannot be undone."
DELETE_MEDS = Plural(" and its {count} medicine entry", " and its {count} medicine entries")
DIARY_DELETED = "Deleted."
MIDAS_DUE = "📋 It's time for a MIDAS questionnaire (every 3 months): /midas"
DETAIL_LINES = {
    "symptoms": "Symptoms: {value}",
    "triggers": "Triggers: {value}",
    "phases": "Phases: {value}",
    "impact": "Impact: {value}",
    "medicines": "Medicines: {value}",
    "note": "Note: {value}",
}

DIARY_COMMANDS = [
    ("log", "Log a headache"),
    ("diary", "See and change your diary"),
    ("stats", "Your headache statistics"),
    ("insights", "What goes with your attacks, what works"),
    ("report", "A PDF report for your doctor (1 to 12 months)"),
    ("midas", "MIDAS disability questionnaire"),
]
