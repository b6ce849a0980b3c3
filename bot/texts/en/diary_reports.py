"""English strings for the diary's /stats, /report and the MIDAS questionnaire.

Telegram HTML: every user-supplied value must be escaped by the caller.
"""

from bot.texts.plural import Plural

# /stats and /report.
STATS_PERIOD_DAYS = Plural(
    "<b>Your last {days} day</b> ({start} – {end})", "<b>Your last {days} days</b> ({start} – {end})"
)
STATS_PERIOD_MONTH = "<b>{month}</b>"
STATS_PERIOD_YEAR = "<b>Your last 12 months</b> ({start} – {end})"
STATS_LINES = (
    "Headache days: <b>{headache}</b>{d_headache}\n"
    "Migraine-like days: <b>{migraine}</b>{d_migraine}\n"
    "Attacks: <b>{attacks}</b>{d_attacks} · average worst pain <b>{peak}</b>{d_peak}\n"
    "Days unable to function: <b>{unable}</b>{d_unable} · limited: <b>{limited}</b>"
)
STATS_NO_PEAK = "–"
STATS_DELTA = Plural(" ({sign}{value} vs the {days} day before)", " ({sign}{value} vs the {days} days before)")
STATS_AURA_ONLY = (
    "Auras without headache: <b>{count}</b> (migraine-like days when they lasted 5–60 minutes; never headache days)"
)
STATS_IMPACT_UNKNOWN = "Impact not recorded for {count} of these attacks; they are left out of the impact counts."
STATS_MEDICATION = "Days with acute medication: <b>{days}</b>{delta}"
STATS_MED_CLASS = "  · {name}: {days}"
STATS_PREVENTIVE = Plural(
    "Preventive medicine taken on {days} day (not counted as acute medication)",
    "Preventive medicine taken on {days} days (not counted as acute medication)",
)
STATS_TRIGGERS = "Most common triggers: {items}"
STATS_OVERUSE = Plural(
    "⚠️ In {month} you took {what} on {days} day. Taking acute medicines this often can itself cause "
    "more headaches (medication-overuse headache). Please talk to your clinician about it; don't stop or "
    "change a medicine on your own.",
    "⚠️ In {month} you took {what} on {days} days. Taking acute medicines this often can itself cause "
    "more headaches (medication-overuse headache). Please talk to your clinician about it; don't stop or "
    "change a medicine on your own.",
)
STATS_SEVERAL_CLASSES = "acute medicines of several kinds"
STATS_CHRONIC = (
    "ℹ️ For 3 months in a row you had headaches on 15 or more days. That pattern is worth talking "
    "through with your clinician."
)
STATS_GAP = (
    "📝 Only {percent}% of these days have an entry. Days without one are not counted as headache-free: "
    "answer the daily check-in, even on good days."
)
STATS_EMPTY = "Nothing logged in this period yet."
BTN_30_DAYS = "30 days"
BTN_90_DAYS = "90 days"
BTN_12_MONTHS = "12 months"
STATS_CHART_CAPTION = "{period}: daily worst pain, headache days and medication days by kind."
STATS_CHART_CAPTION_YEAR = "{period}: headache days and medication days by kind, per month."
STATS_BAD_ARGUMENT = "Use /stats, /stats 90, /stats year or /stats 2026-10 (a month)."

# MIDAS.
MIDAS_INTRO = (
    "<b>MIDAS: how much do headaches affect your life?</b>\n"
    "7 questions about the <b>last 3 months</b>. Tap a number or type one."
)
MIDAS_QUESTIONS = (
    "On how many days did you miss work or school because of your headaches?",
    "On how many days was your productivity at work or school cut by half or more? "
    "(Don't count days you already counted as missed.)",
    "On how many days did you not do household work because of your headaches?",
    "On how many days was your productivity in household work cut by half or more? "
    "(Don't count days you did no household work.)",
    "On how many days did you miss family, social or leisure activities because of your headaches?",
    "On how many days did you have a headache? (Not scored.)",
    "On a scale of 0–10, how painful were these headaches on average? (Not scored.)",
)
MIDAS_PROGRESS = "Question {number} of 7"
MIDAS_FROM_DIARY = Plural(
    "📒 Your diary shows <b>{days}</b> headache day in the last 3 months.",
    "📒 Your diary shows <b>{days}</b> headache days in the last 3 months.",
)
MIDAS_DIARY_PARTIAL = " It has entries for {covered} of those 90 days, so the true number may be higher."
BTN_MIDAS_FROM_DIARY = "✓ {days} (from my diary)"
MIDAS_NUMBER_DAYS = "Please type a whole number of days from 0 to 90."
MIDAS_NUMBER_PAIN = "Please type a whole number from 0 to 10."
MIDAS_PAIR = "Together with your previous answer that is more than the 90 days of 3 months. Please check."
MIDAS_RESULT = "<b>Your MIDAS score: {score}</b> (grade {grade})\n{explanation}"
MIDAS_GRADES = {
    "I": "Grade I: little or no disability from headaches.",
    "II": "Grade II: mild disability.",
    "III": "Grade III: moderate disability.",
    "IV": "Grade IV: severe disability.",
}
MIDAS_FOOTER = (
    "The score adds up the days in questions 1–5. It helps you and your clinician see how much headaches "
    "affect your life and whether treatment helps. It is not a diagnosis. Your result is on /report."
)
MIDAS_CANCELLED = "MIDAS cancelled; nothing was saved."

# The /stats chart and the chart in the doctor's PDF (bot/reports/wording.py): every word drawn on them, by
# field of bot/reports/charts.ChartLabels. Month and weekday names come from CLDR.
CHART_LABELS = {
    "bars_title": "Headache days per month",
    "headache_days": "Headache days",
    "migraine_days": "Migraine-like days",
    "medication": "Medication",
    "no_entry": "No entry",
    "pain_scale": "Pain 0–10",
    "no_data": "No data",
    "weekly_title": "Headache days per week",
    "medication_title": "Medication days by kind",
}
