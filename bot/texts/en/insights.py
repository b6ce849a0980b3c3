"""English strings for daily factors, insights (/insights) and the multi-page doctor's report."""

from bot.texts.plural import Plural

# Daily factors on the check-in: button labels per factor, in the order of storage/factors.py VALUES.
FACTOR_BUTTONS = {
    "sleep": ("😴 Slept badly", "Slept OK", "Slept well"),
    "stress": ("Low stress", "Some stress", "😣 High stress"),
    "period": ("No period", "🩸 Period day", "🩸 Period began"),
    "caffeine": ("No caffeine", "☕ Caffeine"),
    "alcohol": ("No alcohol", "🍷 Alcohol"),
    "exercise": ("No exercise", "🏃 Exercise"),
}
FACTOR_NAMES = {
    "sleep": "Sleep",
    "stress": "Stress",
    "period": "Period (menstruation)",
    "caffeine": "Caffeine",
    "alcohol": "Alcohol",
    "exercise": "Exercise",
}
# What "exposed" means for each factor when attack days are compared with attack-free days.
FACTOR_EXPOSED = {
    "sleep": "poor sleep",
    "stress": "high stress",
    "period": "period days",
    "caffeine": "caffeine",
    "alcohol": "alcohol",
    "exercise": "exercise",
}
FACTOR_CHOSEN = "✓ "
CHECKIN_FACTORS_HINT = "Optional, one tap each: how was the day?"
CHECKIN_HEADACHE_DAY = "🤕 Headache on {day}: log it in the message below.\n" + CHECKIN_FACTORS_HINT
FACTOR_SAVED = "Saved"

# /settings → daily factors.
BTN_FACTORS = "🗓 Daily factors"
FACTORS_SETTINGS = (
    "<b>Daily factors</b>\n"
    "Choose what the daily check-in asks about, one tap each. After 60 recorded days (days with a check-in or "
    "an attack) and 8 attacks in the last 12 months, /insights compares your attack days with attack-free days.\n\n"
    "Tracked now: {tracked}"
)
FACTORS_NONE = "none"
BTN_FACTOR_ON = "✅ {name}"
BTN_FACTOR_OFF = "▫️ {name}"
BTN_FACTORS_DONE = "Done"

# /insights.
INSIGHTS_TITLE = "<b>🔎 What your diary shows</b>"
INSIGHTS_FACTORS_HEADING = "<b>What goes with your attacks</b>"
INSIGHTS_FACTORS_WAIT = (
    "After 60 recorded days (days with a check-in or an attack) and 8 attacks in the last 12 months I can "
    "compare your attack days with attack-free days. So far: {days} recorded days, {attacks} attacks."
)
INSIGHTS_FACTORS_NONE = "Choose daily factors in /settings → 🗓 Daily factors, and the check-in asks about them."
INSIGHTS_FACTOR_ROW = (
    "• <b>{name}</b>: an attack began on {a} of {exposed} days with it ({p_exposed}%) "
    "and on {c} of {unexposed} days without ({p_unexposed}%)."
)
INSIGHTS_FACTOR_LINKED = "Odds ratio {ratio} (95% CI {low}–{high}): <b>linked with</b> more attacks for you."
INSIGHTS_FACTOR_INVERSE = "Odds ratio {ratio} (95% CI {low}–{high}): linked with fewer attacks for you."
INSIGHTS_FACTOR_UNCLEAR = "Odds ratio {ratio} (95% CI {low}–{high}): no clear link so far."
INSIGHTS_FACTOR_FEW = "• <b>{name}</b>: not enough days with and without it yet ({exposed} with, {unexposed} without)."
INSIGHTS_FACTORS_NOTE = (
    "<i>Linked with is not the same as causes: factors travel together (poor sleep and stress, for example), "
    "and a diary cannot tell which comes first. Worth discussing with your clinician before you change anything.</i>"
)
INSIGHTS_PERIOD_HEADING = "<b>Periods and attacks</b>"
INSIGHTS_PERIOD_WAIT = Plural(
    "Period days are recorded for {cycles} complete cycle; the pattern needs 3. Keep tapping 🩸 on the check-in.",
    "Period days are recorded for {cycles} complete cycles; the pattern needs 3. Keep tapping 🩸 on the check-in.",
)
INSIGHTS_PERIOD_MET = (
    "Your attacks cluster around your period (day −2 to +3 in {hit} of 3 cycles): "
    "<b>worth discussing with your clinician</b>."
)
INSIGHTS_PERIOD_ONLY = "In those cycles they came only around your period."
INSIGHTS_PERIOD_OTHER = Plural(
    "You also had {other} attack at other times of the cycle.",
    "You also had {other} attacks at other times of the cycle.",
)
INSIGHTS_PERIOD_NOT_MET = (
    "In your last 3 cycles an attack began around your period (day −2 to +3) in {hit} of 3: "
    "no menstrual pattern by the usual rule (2 of 3)."
)
INSIGHTS_PERIOD_NOTE = "<i>A pattern in your diary, not a diagnosis.</i>"
INSIGHTS_MEDS_HEADING = "<b>What works for you</b> (since {start})"
INSIGHTS_MEDS_NONE = "No acute medicine logged in this time."
INSIGHTS_MED_ROW = Plural(
    "• <b>{name}</b> ({kind}): {doses} dose.",
    "• <b>{name}</b> ({kind}): {doses} doses.",
)
INSIGHTS_MED_RATED = (
    "2 hours later: pain gone {gone} of {rated} ({p_gone}%), better {better} of {rated}, no help {none} of {rated}."
)
INSIGHTS_MED_UNRATED = "{unrated} not rated."
INSIGHTS_MED_NO_RATINGS = "No 2-hour follow-up answered yet."
INSIGHTS_MED_DAYS_LIMIT = Plural(
    "Used on up to {days} day in a month; overuse limit for this kind: {limit} days a month.",
    "Used on up to {days} days in a month; overuse limit for this kind: {limit} days a month.",
)
INSIGHTS_MED_DAYS = Plural(
    "Used on up to {days} day in a month.",
    "Used on up to {days} days in a month.",
)
INSIGHTS_MED_OVER = Plural(
    "⚠️ At or over the limit in {months} month: worth raising with your clinician.",
    "⚠️ At or over the limit in {months} months: worth raising with your clinician.",
)

# /report: the doctor's report.
REPORT_CAPTION_MONTHS = Plural(
    "Your diary of the last month, to show your doctor. "
    "Write your name and date of birth on it by hand: I never store them.",
    "Your diary of the last {months} months, to show your doctor. "
    "Write your name and date of birth on it by hand: I never store them.",
)
REPORT_OTHER_PERIODS = "Other periods:"
BTN_REPORT_MONTHS = {1: "1 month", 3: "3 months", 6: "6 months", 12: "12 months"}
REPORT_BAD_ARGUMENT = "The report covers 1, 3, 6 or 12 months, for example /report 6."
