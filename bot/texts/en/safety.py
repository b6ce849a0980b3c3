"""English strings for the safety net: urgent care by tier, the crisis path, follow-up questions.

Telegram HTML. `{emergency}` is the user's emergency number(s), already escaped and joined with EMERGENCY_OR.
`{local}` is LOCAL_NUMBER when the number is only the fallback for an unknown country, else empty.
"""

EMERGENCY_OR = " or "
LOCAL_NUMBER = " (or your local emergency number)"

# Emergency tier: call now. The first line stays the same for every urgent reply, so users learn it.
URGENT = (
    "🚨 <b>This could be serious. Please get urgent medical help now.</b>\n\n"
    "Call <b>{emergency}</b>{local} now, or go to the nearest emergency department. If you can, have "
    "someone stay with you, and don't drive yourself.\n\n"
    "A sudden severe headache, new weakness or numbness, trouble speaking or seeing, confusion, a fit or "
    "fainting, a fever with a stiff neck, a painful red eye, or a headache that gets worse after a head "
    "injury needs emergency care now, not a lesson."
)
# Same-day tier: a doctor today, the emergency number if it gets worse.
URGENT_SAME_DAY = (
    "⚠️ <b>Please see a doctor today.</b> If it gets worse, call <b>{emergency}</b>{local} now.\n\n"
    "What you describe should be checked the same day: call your doctor's surgery now and say it is "
    "urgent, or go to an urgent care centre.\n\n"
    "Call <b>{emergency}</b> straight away if you notice weakness, numbness, trouble speaking or seeing, "
    "confusion, a fit, or a fever with a stiff neck."
)

# The crisis path (suicidal thoughts, self-harm, overdose). Safe-messaging practice (WHO/IASP): calm and
# direct, no methods, help is available now, reach a person.
CRISIS = (
    "💙 <b>Thank you for telling me. You don't have to go through this alone.</b>\n\n"
    "If you might act on these thoughts, or you have already hurt yourself, call <b>{emergency}</b>{local} "
    "now or go to the nearest emergency department.{overdose}\n\n"
    "{line}"
    "You can find a free, confidential helpline in your country at "
    "<a href=\"https://{directory}\">{directory}</a>.\n\n"
    "{young_line}"
    "If you can, tell someone near you how you feel and ask them to stay with you. I'm a bot and can't "
    "call anyone for you, but the people at these numbers can help, right now."
)
CRISIS_OVERDOSE = (
    " If you have taken too much of a medicine, call now even if you feel fine: some, like paracetamol, "
    "do harm hours later."
)
CRISIS_LINE = "You can talk to someone now: call{text} <b>{number}</b> ({name}), free.\n\n"
CRISIS_LINE_TEXT = " or text"
# After a crisis line (CRISIS_LINE, CRISIS_LINE_YOUNG) whose languages do not include the user's: `{languages}` are
# the line's languages in the user's language ("Spanish", "English and Spanish"), as CLDR writes them.
CRISIS_LINE_LANGUAGE = "This line answers in {languages}."
# A line for children, teenagers and their parents (content/emergency.yaml, audience "young"), named after
# the directory so that it is never an adult's only line.
CRISIS_LINE_YOUNG = (
    "For children, teenagers and their parents there is also a free helpline: <b>{number}</b> ({name}).\n\n"
)

# Follow-up questions for a partial sign: one at a time, Yes or No.
POSSIBLE_INTRO = "Before I answer, one quick safety check."
POSSIBLE_PROGRESS = "({number} of {total})"
BTN_YES = "Yes"
BTN_NO = "No"
# Typed answers taken as Yes and No to the question just asked: words separated by "|", as people type
# them (case, accents and punctuation do not matter). Only clear ones: a hedge is not a "no".
SAFETY_TYPED_YES = "yes|y|yeah|yep|yup|yes it is|yes i do|yes i have"
SAFETY_TYPED_NO = "no|n|nope|nah|no it isnt|no i dont|no i havent"
# "No" to a question asked about earlier words (the user wrote since, or hours went by): it is not
# taken as an answer to how they are now. A "yes" to an old question still gets the urgent message.
SAFETY_QUESTION_OLD = (
    "That safety question was about what you wrote earlier, so I haven't taken your “no” any further. "
    "If you still feel unwell, tell me how it is now and I'll check again. If it gets worse or you are "
    "worried, call <b>{emergency}</b>{local}."
)
# After "no" to every question. The bot cannot clear anyone medically: it says what the answers suggest.
POSSIBLE_CLEARED = (
    "Thank you. From your answers, this does not sound like an emergency. If anything changes or gets "
    "worse, call <b>{emergency}</b>{local}."
)
# The pregnancy and postpartum questions: a new, different or severe headache then needs same-day
# assessment (fact sheet section 9), so even a "no" to each is worth telling the midwife or doctor.
POSSIBLE_CLEARED_PREGNANCY = (
    "Thank you. From your answers, this does not sound like an emergency. If you are pregnant or gave "
    "birth in the last 6 weeks, still tell your midwife or doctor about this headache, and ask to be seen "
    "the same day if it becomes severe or is new or different from your usual headaches.\n\n"
    "If your vision blurs or flashes, your face or hands swell, or it gets much worse, call "
    "<b>{emergency}</b>{local} now."
)
# "No" to the crisis question: no all-clear and no lessons (safe-messaging practice), only that it is fine
# to talk about such thoughts and where to turn if they come back.
CRISIS_ANSWERED_NO = (
    "💙 Thank you for answering. It's fine to talk about thoughts like these, here or with someone you "
    "trust.\n\n"
    "If such thoughts come back, or you ever feel you might harm yourself, call <b>{emergency}</b>{local} "
    "or go to the nearest emergency department.\n\n"
    "{line}"
    "You can also find a free, confidential helpline in your country at "
    "<a href=\"https://{directory}\">{directory}</a>.\n\n"
    "{young_line}"
)
# After CRISIS_ANSWERED_NO when the words that raised the question named a medicine the user takes.
CRISIS_ANSWERED_NO_MEDICINE = (
    "If your mood has changed since you started a medicine, tell the doctor who prescribed it. Don't stop it or "
    "change how you take it on your own without advice."
)
SAFETY_QUESTIONS = {
    "aura_different": "Is this aura different from your usual ones?",
    "aura_long": "Has it lasted more than an hour?",
    "weakness": "Is there any weakness (not only numbness or tingling)?",
    "severe": "Is the headache severe?",
    "different": "Is it new, or different from headaches you had before?",
    "vision_swelling": "Is your vision blurred or flashing, or are your face or hands newly swollen?",
    "peak_minute": "Did it reach its full strength within about a minute?",
    "worst_ever": "Is it the worst headache you have ever had?",
    "deficit": "Any new weakness, numbness, trouble speaking or trouble seeing?",
    "stiff_neck": "Is your neck stiff, so it hurts to bend your chin to your chest?",
    "confused_drowsy": "Are you confused, or much sleepier than usual?",
    "rash": "Is there a rash that does not fade when you press a glass on it?",
    "fever": "Do you have a fever, or feel hot and shivery?",
    "age_50": "Are you 50 or older?",
    "pregnant_postpartum": "Are you pregnant, or did you give birth in the last 6 weeks?",
    "weak_immune": "Do you have cancer, HIV, or take medicines that weaken the immune system?",
    "new_kind": "Is this a new kind of headache for you?",
    "jaw_scalp": "Does your jaw ache when you chew, or is your scalp tender to touch?",
    "pattern": "Have your headaches changed, or got steadily worse over days or weeks?",
    # The second opinion's questions (content/redflags/second_opinion.py): one per group, each covering the
    # group's signs, as the model is less sure of the sign than of the group. The crisis question is asked
    # plainly (safe-messaging practice: asking directly about suicide does not put the idea there).
    "model_sudden": (
        "Did this headache reach full strength within about a minute, start after a head injury, or start for "
        "the first time with coughing, straining, exercise or sex?"
    ),
    "model_deficit": (
        "Is something new happening: weakness, numbness, a drooping face, trouble speaking, seeing or walking, "
        "confusion, or a painful red eye (not an aura you already know)? Or have you had a fit or fainted?"
    ),
    "model_infection": (
        "Do you have a fever with a stiff neck (it hurts to bend your chin to your chest) or unusual "
        "drowsiness, a rash that does not fade when you press a glass on it, or vomiting so much you can't "
        "keep drinks down?"
    ),
    "model_pregnancy": (
        "Are you pregnant or did you give birth in the last 6 weeks, and is this headache severe or unlike "
        "your usual ones, is your vision blurred or flashing, or are your face or hands newly swollen?"
    ),
    "model_older": (
        "Has this headache lasted more than 3 days, or have your headaches got steadily worse over weeks? Or "
        "are you 50 or over, with a new kind of headache, jaw pain when chewing, or a tender scalp?"
    ),
    "model_crisis": (
        "Are you having thoughts of ending your life or of harming yourself? Or have you recently taken more "
        "of a medicine at once than is safe?"
    ),
}

# The emergency number in /settings, onboarding and the help.
SETTINGS_EMERGENCY = "Emergency number: <b>{emergency}</b> ({source})"
EMERGENCY_SOURCE_COUNTRY = "for {country}"
EMERGENCY_SOURCE_USER = "set by you"
EMERGENCY_SOURCE_FALLBACK = "default, time zone unknown"
BTN_EMERGENCY = "🚨 Emergency number"
EMERGENCY_ASK = (
    "<b>Which number do you call for an ambulance where you are?</b>\n"
    "Now: <b>{emergency}</b>. Type the number (two numbers can be separated by “or”), or use the number "
    "for your time zone."
)
BTN_EMERGENCY_AUTO = "Use my time zone's number"
EMERGENCY_SET = "Your emergency number is now <b>{emergency}</b>."
EMERGENCY_INVALID = "That doesn't look like a phone number. Type digits only, for example <code>112</code>."
EMERGENCY_FOR_ZONE = "🚨 Your emergency number: <b>{emergency}</b>. You can change it in /settings."

# The diary's red-flag screen before a first or severe attack is saved (sections 6 and 9), one toggle
# each. The keys are the codes recorded in safety events.
TRIAGE_QUESTIONS = {
    "thunderclap": "It came on suddenly, reaching full strength within a minute",
    "new_deficit": "New weakness, numbness, trouble speaking, or loss of vision",
    "confusion": "Confusion, or being unusually drowsy",
    "fever_stiff_neck": "Fever with a stiff neck",
    "vertigo": "Vertigo with double vision, or I can't walk",
    "aura_atypical": "An aura lasting over 60 minutes, or one that began suddenly",
    "head_injury": "It began after a head injury",
    "pregnancy": "I'm pregnant or gave birth in the last 6 weeks",
    "new_after_50": "It's a new kind of headache and I'm 50 or over",
    "jaw_scalp": "I'm 50 or over and my jaw hurts when I chew, or my scalp is tender",
    "changed_pattern": "My headaches have changed, or get steadily worse",
    "exertion_posture": "It started with coughing, straining, exercise or sex, or changes when I stand up or lie down",
    "weak_immune": "I have cancer, HIV or a weakened immune system",
    "red_eye": "A painful red eye",
    "over_72h": "It has lasted longer than 72 hours",
    "cannot_drink": "Vomiting so much I can't keep drinks down",
}
TRIAGE_CODES = tuple(TRIAGE_QUESTIONS)
# For someone whose usual aura has numbness or speech trouble, the deficit question asks about a change.
TRIAGE_DEFICIT_USUAL_AURA = (
    "Weakness or loss of vision, or numbness or speech trouble different from your usual aura"
)
