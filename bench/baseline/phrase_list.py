"""Red-flag phrases (English), from SNNOOP10 and the red-flags lesson. Data only; matching is in redflags.py.

Write phrases the way people type them; they are folded like the message (lowercase, no apostrophes,
"can't"/"unable to" become "cannot"), so "can't speak" is written "cannot speak".
Phrases of four letters or fewer must match exactly; longer ones tolerate a typo or two.
A stiff neck, pregnancy or a number of days mean little alone: those flags need two concepts together.
"""

from __future__ import annotations

# A flag fires when any one of these phrases appears in the message.
PHRASES: dict[str, tuple[str, ...]] = {
    "worst_ever": (
        "worst headache of my life", "worst headache in my life", "worst headache ever", "worst ever headache",
        "worst headache i have ever had", "worst headache ive ever had", "worst pain of my life",
        "worst pain ive ever had", "worst pain i have ever had", "worst pain ever in my head",
        "worst migraine of my life", "worst head pain of my life",
    ),
    "thunderclap": (
        "thunderclap", "thunder clap", "came on in seconds", "came on within seconds", "came on in a second",
        "came on within a minute", "peaked within a minute", "peaked in seconds", "reached its peak in seconds",
        "sudden severe headache", "suddenly a severe headache", "sudden explosive headache", "explosive headache",
        "like being hit on the back of the head", "like being hit with a bat", "like something burst in my head",
        "like a bomb went off in my head", "sudden and severe headache", "went from nothing to the worst",
    ),
    "one_sided_weakness": (
        "weakness on one side", "weak on one side", "one side of my body is weak", "one side of my body went weak",
        "one side went weak", "one sided weakness", "numbness on one side", "numb on one side",
        "one side of my face is numb", "one side of my body is numb", "one side went numb", "half my face is numb",
        "half of my body is numb", "half my body went numb", "my face is drooping", "face drooping", "face droop",
        "drooping face", "my face dropped", "my arm went weak", "my arm is weak", "my leg went weak",
        "my leg is weak", "cannot lift my arm", "cannot move my arm", "cannot move my leg", "cannot feel my arm",
        "paralysed on one side", "paralyzed on one side", "weakness in my arm", "weakness in my leg",
        "weakness in one arm", "weakness in one leg", "arm and leg went weak",
    ),
    "speech": (
        "slurred speech", "slurring my words", "slurring words", "speech is slurred", "speech was slurred",
        "words are slurred", "cannot speak", "cannot talk", "cannot get my words out", "cannot get words out",
        "trouble speaking", "difficulty speaking", "struggling to speak", "problems speaking", "garbled speech",
        "speech is garbled", "lost my speech", "lost the ability to speak", "words come out wrong",
        "cannot understand what people are saying", "talking nonsense",
    ),
    "vision_loss": (
        "lost my vision", "lost vision", "loss of vision", "vision loss", "lost my sight", "lost the sight",
        "went blind", "gone blind", "going blind", "blind in one eye", "cannot see out of one eye",
        "cannot see out of my eye", "cannot see anything", "vision went black", "vision blacked out",
        "vision has gone", "curtain over my eye", "sudden loss of sight",
    ),
    "double_vision": ("double vision", "seeing double", "seeing two of everything"),
    "confusion": (
        "feel confused", "feeling confused", "felt confused", "became confused", "becoming confused",
        "suddenly confused", "sudden confusion", "confused and drowsy", "drowsy and confused",
        "confused and sleepy", "seems confused", "is confused and", "disoriented", "disorientated",
        "dont know where i am", "didnt know where i was", "cannot wake him", "cannot wake her",
        "cannot wake them", "wont wake up", "passed out", "lost consciousness", "fainted", "blacked out",
    ),
    "seizure": (
        "had a seizure", "having a seizure", "having seizures", "had a fit", "having a fit", "convulsion",
        "convulsing",
    ),
    "head_injury": (
        "head injury", "injured my head", "hit my head", "banged my head", "bumped my head", "knocked my head",
        "hit on the head", "hit in the head", "blow to the head", "bang on the head", "fell and hit",
        "concussion", "after a fall", "since my fall", "since i fell", "after i fell", "car accident", "whiplash",
    ),
    "cannot_keep_fluids": (
        "cannot keep water down", "cannot keep fluids down", "cannot keep anything down", "cannot keep drinks down",
        "cannot stop vomiting", "cannot stop being sick", "vomiting for hours", "been sick all day",
    ),
    "painful_red_eye": ("painful red eye", "red painful eye", "red and painful eye", "eye is red and painful"),
}

HEADACHE = (
    "headache", "head ache", "migraine", "head pain", "head hurts", "head is pounding", "pain in my head",
    "attack",
)

# A flag fires when a phrase from each group appears anywhere in the message.
TOGETHER: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "fever_stiff_neck": (
        ("fever", "feverish", "high temperature", "running a temperature", "temperature of 38",
         "temperature of 39", "temperature of 40", "hot and shivery", "chills"),
        ("stiff neck", "neck stiffness", "neck is stiff", "neck feels stiff", "stiffness in my neck",
         "cannot bend my neck", "cannot touch my chin to my chest", "rigid neck", "neck is rigid"),
    ),
    "pregnancy": (
        ("pregnant", "pregnancy", "expecting a baby", "gave birth", "given birth", "giving birth",
         "had a baby", "had my baby", "after childbirth", "postpartum", "post partum", "since the birth",
         "c section"),
        HEADACHE,
    ),
}

# A match followed by one of these words is about something else: "can't speak to my GP",
# "confused about my tablets".
UNLESS_FOLLOWED_BY: dict[str, frozenset[str]] = {
    "speech": frozenset({"to", "with", "about", "for", "english", "up"}),
    "confusion": frozenset({"about", "by", "with", "why", "how", "whether", "if", "as", "over", "which", "what"}),
}

# Duration needs numbers, so it is a regular expression over folded text, plus a headache word.
OVER_72_HOURS = (
    r"\b(?:(?:more than|over|longer than|for|lasted|lasting|lasts|been going for|going on for)\s+"
    r"(?:(?:[3-9]|[1-9][0-9]|three|four|five|six|seven|eight|nine|ten|several|a few)\s+(?:whole\s+)?days"
    r"|(?:a|one|two|2)\s+weeks?|72\s+(?:hours|hrs|h)))"
    r"|\bstatus migrainosus\b"
)
