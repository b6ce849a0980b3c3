"""English strings for the doctor's report PDF (bot/reports/doctor_report.py): every word printed on it.

Written for a clinician: ICHD-3 and MIDAS terms, no Telegram HTML. Dates, months, numbers, percentages
and durations come from CLDR in the report's language; patient-facing names (effects, aura kinds, daily
factors) are the diary's own texts.
"""

from bot.texts.plural import Plural

REPORT_TITLE = "Headache diary report"
REPORT_SUBTITLE = "{start} – {end} (calendar months: {months}) · generated {today} · time zone {tz}"
REPORT_PATIENT_NAME = "Name"
REPORT_PATIENT_BIRTH = "Date of birth"
REPORT_PATIENT_NOTE = "Filled in by hand by the patient; the app does not store it."
REPORT_FOOTER = "Patient-recorded diary; not a diagnosis · page {page} of {pages}"

# The months at a glance.
REPORT_GLANCE = "The months at a glance"
REPORT_GLANCE_COLUMNS = ("Month", "Recorded", "Headache days", "Migraine-like", "Attacks", "Acute med. days")
REPORT_TOTAL = "Total"
# Under the table when a month of the report has nothing recorded: its counts are "–", its bar "No data".
REPORT_NO_DATA_NOTE = "–: nothing recorded that month. That is not the same as a month without headaches."
REPORT_SUMMARY = Plural(
    "{attacks} attack; average peak pain {peak}/10. Days unable to function: {unable}; limited: {limited}.",
    "{attacks} attacks; average peak pain {peak}/10. Days unable to function: {unable}; limited: {limited}.",
)
REPORT_DEFINITIONS = (
    "Headache day: any headache that local day. Migraine-like day (van der Arend/Terwindt): headache ≥30 min with "
    "2 features and an associated symptom, aura 5–60 min, or migraine-specific acute medication on a headache day."
)

# Acute medication against the overuse limits.
REPORT_MEDICATION = "Acute medication days per month against ICHD-3 overuse limits"
REPORT_MEDICATION_CLASS = "Class (medicines)"
REPORT_LIMIT = "Limit"
REPORT_SEVERAL_CLASSES = "Several classes together"
REPORT_LIMITS_NOTE = (
    "Red: at or over the limit (days in the calendar month). Medication-overuse headache (ICHD-3 8.2) also "
    "requires headache on ≥15 days a month and overuse for >3 months. No ICHD-3 limit for gepants, ditans. "
    "Preventive medicines are not counted here."
)
REPORT_NO_MEDICATION = "No acute medication recorded."
REPORT_MED_CLASSES = {
    "simple_analgesic": "Simple analgesics",
    "combination": "Combination analgesics",
    "triptan": "Triptans",
    "ergot": "Ergots",
    "opioid": "Opioids",
    "gepant": "Gepants",
    "ditan": "Ditans",
    "other": "Other",
    "preventive": "Preventives",
}

# What works, and the regular (preventive) medicines.
REPORT_WORKS = "What works: 2-hour follow-up per medicine"
REPORT_WORKS_COLUMNS = ("Medicine", "Doses", "Pain gone", "Better", "No help", "Not rated", "Max days/month")
REPORT_REGULAR = "Regular (preventive) medicines and adherence"
REPORT_REGULAR_COLUMNS = ("Medicine", "Doses confirmed taken", "Adherence")
REPORT_REGULAR_NONE = "No preventive medicine listed and no medication reminders set up."
REPORT_REGULAR_PAUSED = "{name} (reminder off)"
REPORT_REGULAR_PAUSED_UNTIL = "{name} (reminders paused until {day})"
REPORT_REGULAR_PAUSED_ALL = "{name} (reminders paused)"
REPORT_REGULAR_NO_REMINDER = "no reminder set up"

# MIDAS.
REPORT_MIDAS = "MIDAS (disability, last 3 months)"
REPORT_MIDAS_NONE = "MIDAS not completed yet."
REPORT_MIDAS_ITEMS = (
    "1. Days of work or school missed",
    "2. Days work or school productivity halved",
    "3. Days no household work done",
    "4. Days household productivity halved",
    "5. Days family, social or leisure activities missed",
    "A. Headache days",
    "B. Average pain (0–10)",
)
REPORT_MIDAS_SCORE = "Score {score}, grade {grade} ({severity}), {day}"
REPORT_SEVERITY = {"little_or_none": "little or none", "mild": "mild", "moderate": "moderate", "severe": "severe"}
REPORT_MIDAS_TREND = "Trend"
REPORT_MIDAS_ITEM_COLUMNS = ("Item (last 3 months)", "Answer")
REPORT_MIDAS_COLUMNS = ("Completed", "Score", "Grade")

# Menstrual pattern and daily factors.
REPORT_MENSTRUAL = "Menstrual pattern (ICHD-3 appendix A1.1: attacks day −2 to +3 in ≥2 of 3 cycles)"
REPORT_MENSTRUAL_MET = "Attacks began in the window in {hit} of the last 3 cycles: pattern met ({kind})."
REPORT_MENSTRUAL_PURE = "only in the windows"
REPORT_MENSTRUAL_RELATED = Plural("{other} attack at other times too", "{other} attacks at other times too")
REPORT_MENSTRUAL_NOT_MET = "Attacks began in the window in {hit} of the last 3 cycles: pattern not met."
REPORT_MENSTRUAL_WAIT = Plural(
    "Period days recorded for {cycles} complete cycle; the rule needs 3.",
    "Period days recorded for {cycles} complete cycles; the rule needs 3.",
)
REPORT_MENSTRUAL_COLUMNS = ("Day 1 of period", "Window", "Attacks begun in window")
REPORT_FACTORS = "Daily factors: attack days against attack-free days (odds ratio, 95% CI)"
REPORT_FACTORS_COLUMNS = ("Factor", "Attack on days with", "Attack on days without", "Odds ratio (95% CI)")
REPORT_FACTORS_WAIT = (
    "Shown after 60 recorded days and 8 attacks in the last 12 months "
    "(so far: {days} of 60 recorded days, {attacks} of 8 attacks)."
)
REPORT_FACTORS_FEW = "too few days"
REPORT_FACTORS_NOTE = "Association in a patient's diary, not causation; sample odds ratio with Woolf interval (scipy)."

# The attack list.
REPORT_ATTACKS = (
    "Attacks ({count}) and auras without headache ({auras}); {letter} = migraine-like, see the definition above"
)
REPORT_MIGRAINE_LETTER = "M"
REPORT_ATTACK_COLUMNS = ("Start", "Duration", "Peak", "Aura", "Medicines (time → effect at 2 h)")
REPORT_ONGOING = "ongoing"
REPORT_NO_ATTACKS = "No attacks recorded in this period."
REPORT_NOT_RATED = "not rated"
