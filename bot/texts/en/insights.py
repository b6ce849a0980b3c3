"""English strings for daily factors, insights (/insights) and the multi-page doctor's report."""

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
    "Choose what the daily check-in asks about, one tap each. After 60 days of check-ins and 8 attacks, "
    "/insights compares your attack days with attack-free days.\n\n"
    "Tracked now: {tracked}"
)
FACTORS_NONE = "none"
BTN_FACTOR_ON = "✅ {name}"
BTN_FACTOR_OFF = "▫️ {name}"
BTN_FACTORS_DONE = "Done"
