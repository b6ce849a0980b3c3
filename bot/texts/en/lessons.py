"""English strings for lessons, quizzes, progress and /ask.

Lesson content itself comes from content/lessons/en/; these are only the frame around it.
Telegram HTML: lesson titles, sources and quiz texts are plain text and escaped by the caller.
"""

LESSONS_MENU = (
    "📚 <b>Lessons</b>\n\nShort lessons about migraine in adults, each with its sources. Pick a topic."
)
LESSONS_ALL_READ = "🎉 You have read every lesson. Pick any topic to read one again."
MODULE_LABEL = "{title} · {done}/{total}"
MODULE_MENU = "<b>{title}</b>\n\nPick a lesson. ✅ means you have read it."
LESSON_LABEL = "{title}"
LESSON_LABEL_DONE = "✅ {title}"
LESSON_LABEL_STARTED = "▶️ {title}"
LESSON_NOT_FOUND = "I couldn't find that lesson. Here are all the lessons."

STEP_HEADER = "📖 <b>{title}</b> · {position}/{total}"
STEP_TITLE = "<b>{title}</b>"
SOURCE = "{name} ({year})"
SOURCE_UNDATED = "{name}"
SOURCES_AND_MORE = "{first} and {count} more"
FOOTER_SOURCES = "Sources: {sources}"
FOOTER_EVIDENCE = "Evidence: {level} — {why}"
FOOTER_EVIDENCE_SHORT = "Evidence: {level}"
FOOTER_REVIEWED = "Reviewed: {date}, {by}"
EVIDENCE_FIRST_STEP = "<i>Evidence: {level}</i>"
# The grades of content.models.EVIDENCE_LEVELS in the reader's words.
EVIDENCE_LEVELS = {
    "level-a": "established (Level A)",
    "level-b": "probably effective (Level B)",
    "level-c": "possibly effective (Level C)",
    "limited": "limited",
    "experimental": "experimental",
    "expert-opinion": "expert opinion",
}
LESSON_UPDATED = "This lesson was updated, here is the current one."
LESSON_UPDATED_NOTE = "🔄 <i>This lesson was updated, here is the current one.</i>"

TAKEAWAYS_HEADER = "📖 <b>{title}</b> · key points"
TAKEAWAY = "• {text}"
LESSON_FINISHED = "✅ You finished this lesson."
QUIZ_HEADER = "📝 <b>Quiz</b> · {title}"
QUIZ_RIGHT = "✅ <b>Right.</b>"
QUIZ_WRONG = "❌ <b>Not quite.</b> The answer is: <i>{answer}</i>"
QUIZ_YOUR_ANSWER = "Your answer: {answer}"
WHAT_NEXT = "What would you like to read next?"

PROGRESS_HEADER = "📊 <b>Your lessons</b>"
PROGRESS_MODULE = "{mark} {title}: {done} of {total} read"
PROGRESS_QUIZZES = "Quizzes: {right} of {answered} answered right."
PROGRESS_NONE = "You haven't opened a lesson yet. /lessons shows them all."

ASK_USAGE = (
    "Ask me a question after /ask, for example <code>/ask what is aura</code>. You can also just type your question."
)
ASK_RESULTS = "These lessons may answer your question:"
ASK_NOTHING = (
    "I couldn't find a lesson about that. Try other words, browse all the lessons with /lessons, "
    "or see /help for everything I can do.\n\n"
    "I can't answer personal medical questions: please ask your doctor, nurse or pharmacist."
)
# After ASK_NOTHING: whatever the message was (another language, a sign the screen did not know), the number, and
# `{crisis}`: the country's crisis line (safety.CRISIS_LINE, after a space) where one is known, else empty.
ASK_NOTHING_URGENT = (
    "\n\n🚨 If you feel very unwell, or you are thinking of harming yourself, call <b>{emergency}</b>{local} "
    "now.{crisis}"
)
# Before the lessons for a question about a medicine the user takes (content/medicine_questions.py): the bot
# educates, it never judges a side effect or gives a dose. Whether it causes a symptom: tell the prescriber.
MEDICINE_SIDE_EFFECT = (
    "💊 If you think a medicine you take is causing this, tell the doctor who prescribed it. Don't stop it or "
    "change how you take it on your own without advice."
)
# A mood change (low, depressed, irritable) named beside the medicine: worth telling soon, not at the next review,
# and the emergency number should thoughts of self-harm come (`{emergency}`, `{local}` as in safety.py).
MEDICINE_MOOD = (
    "Tell them about changes in mood soon, not only at your next review. If you have thoughts of harming "
    "yourself, call <b>{emergency}</b>{local} now."
)
# How much to take.
MEDICINE_DOSE = (
    "💊 I can't advise on doses: your doctor or pharmacist can. The leaflet that comes with the medicine gives "
    "the usual dose and the maximum."
)

BTN_BACK = "⬅️ Back"
BTN_NEXT = "Next ➡️"
BTN_KEY_POINTS = "Key points ➡️"
BTN_QUIZ = "📝 Take the quiz"
BTN_ALL_LESSONS = "📚 All lessons"
BTN_URGENT = "🚨 Urgent warning signs"
BTN_CONTINUE = "▶️ Continue where I left off"
BTN_START_FIRST = "▶️ Start with the first lesson"
BTN_PROGRESS = "📊 My progress"
BTN_RELATED = "📖 {title}"
BTN_NEXT_LESSON = "➡️ Next: {title}"
BTN_SEE_LESSON = "👉 See: {title}"

LESSONS_COMMANDS = [
    ("lessons", "Short lessons about migraine"),
    ("progress", "Lessons you have read"),
    ("ask", "Ask a question, get the right lesson"),
]
