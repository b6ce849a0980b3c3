"""Words that tell what a free-text message is for, per language. Data only; matching is in intents.py.

Phrases are written folded, the way content.normalize.fold_text leaves a message: lowercase words, no
apostrophes ("i've" is "ive"), no punctuation. A language is added by adding a lexicon here; nothing in
the matching code names an English word.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class IntentLexicon:
    """The words of one language that the intent classifier looks for."""

    # Everyday chat: the whole message is one of these (a greeting may be followed by a tail).
    greetings: frozenset[str]
    greeting_tails: frozenset[str]
    thanks: frozenset[str]
    acks: frozenset[str]
    # Words that may sit around thanks or an acknowledgement without changing it ("ok thanks", "great, thanks").
    chat_fillers: frozenset[str]
    greeting_emoji: frozenset[str]
    thanks_emoji: frozenset[str]
    ack_emoji: frozenset[str]
    # A headache now or lately.
    headache_nouns: frozenset[str]  # singular: "a migraine"
    headache_plurals: frozenset[str]  # "migraines" alone usually means migraine in general
    # Long headache words whose typos ("migriane", "headahce") still count.
    typo_targets: tuple[str, ...]
    head_phrases: tuple[str, ...]  # "my head is killing me"
    headache_emoji: frozenset[str]
    log_verbs: frozenset[str]
    # "I have a ...", "my migraine": the headache is the writer's own.
    experience_phrases: tuple[str, ...]
    # Words that put the headache in the here and now (or in a recent, loggable past).
    recent_markers: tuple[str, ...]
    # Words that may stand next to a headache word in a bare statement ("ugh, another headache").
    statement_words: frozenset[str]
    other_people: tuple[str, ...]
    negations: tuple[str, ...]
    habitual: frozenset[str]
    question_starts: frozenset[str]
    # Longest message, in words, that counts as a bare statement ("migraine again", "ugh headache").
    short_statement_words: int = 4


ENGLISH = IntentLexicon(
    greetings=frozenset(
        {
            "hi", "hello", "hey", "hiya", "heya", "howdy", "yo", "hallo", "helo", "hullo", "greetings",
            "good morning", "good afternoon", "good evening", "good day", "morning", "evening", "afternoon",
            "hi there", "hello there", "hey there", "sup", "whats up", "wassup", "hii", "heyy", "helloo", "yoo",
            "hey hey",
        }
    ),
    greeting_tails=frozenset(
        {
            "there", "bot", "friend", "again", "everyone", "all", "how are you", "how are you doing",
            "hows it going", "how is it going", "how r u", "how are u", "whats up", "nice to meet you",
        }
    ),
    thanks=frozenset(
        {
            "thanks", "thank you", "thank u", "thanx", "thnx", "thx", "ty", "tysm", "cheers", "many thanks",
            "thanks a lot", "thanks so much", "thank you so much", "thank you very much", "thanks very much",
            "much appreciated", "appreciate it", "i appreciate it", "thanks that helps", "that helps",
            "that helped", "thats helpful", "very helpful", "thanks for the help", "thank you for your help",
        }
    ),
    acks=frozenset(
        {
            "ok", "okay", "okey", "okie", "k", "kk", "got it", "cool", "sure", "alright", "all right", "right",
            "great", "fine", "perfect", "nice", "good", "sounds good", "understood", "noted", "will do", "i see",
            "yes", "yep", "yeah", "no", "nope", "awesome", "lovely", "brilliant", "ok cool", "ok great",
        }
    ),
    chat_fillers=frozenset({"ok", "okay", "great", "cool", "perfect", "nice", "lovely", "awesome", "oh", "so"}),
    greeting_emoji=frozenset({"👋", "🙋", "🙋\u200d♀️", "🙋\u200d♂️"}),
    thanks_emoji=frozenset({"🙏", "❤", "❤️", "💜", "💙", "💚", "🥰", "😊", "🤗"}),
    ack_emoji=frozenset({"👍", "👌", "🆗", "✅", "👍🏻", "👍🏼", "👍🏽", "👍🏾", "👍🏿"}),
    headache_nouns=frozenset(
        {
            "headache", "head ache", "migraine", "migrane", "migrain", "migranie", "megrim", "headach", "hedache",
            "headace", "aura", "migraine attack", "head pain", "bad head", "sore head",
        }
    ),
    headache_plurals=frozenset({"headaches", "migraines", "migranes", "auras", "attacks", "head aches"}),
    typo_targets=("migraine", "headache"),
    head_phrases=(
        "my head hurts", "my head is killing me", "head is killing me", "my head is pounding", "head is pounding",
        "my head is throbbing", "head is throbbing", "my head is splitting", "head is splitting", "my head aches",
        "my head is aching", "head is aching", "my head is sore", "my head is bad", "pain in my head",
        "temples are throbbing", "my head feels like", "head feels heavy", "my head is exploding",
    ),
    headache_emoji=frozenset({"🤕", "🤯", "😖", "😣", "😫", "😩"}),
    log_verbs=frozenset({"log", "record", "track", "note", "add", "save", "write", "enter", "logging"}),
    experience_phrases=(
        "i have a", "i have an", "ive got", "i got a", "got a", "got an", "im having", "i am having", "having a",
        "having an", "i had a", "ive had a", "had a", "im getting", "getting a", "getting an", "i feel a",
        "feeling a", "woke up with", "my migraine", "my headache", "my aura", "i think a", "i think its a",
        "i think im getting", "i am getting",
    ),
    recent_markers=(
        "now", "right now", "currently", "today", "tonight", "this morning", "this afternoon", "this evening",
        "again", "started", "starting", "starts", "began", "begun", "beginning", "coming on", "came on",
        "kicking in", "kicked in", "building up", "since", "woke up", "all day", "still", "yesterday",
        "last night", "ago", "earlier", "at the moment", "atm", "rn", "came back", "is back", "cant do anything",
        "cant function", "cant work", "in bed", "off work", "in the dark",
    ),
    statement_words=frozenset(
        {
            "ugh", "argh", "omg", "oh", "no", "again", "another", "bad", "terrible", "awful", "horrible",
            "huge", "massive", "big", "killer", "nasty", "so", "such", "a", "an", "the", "today", "now", "day",
            "started", "really", "very", "help", "please", "sigh", "hurts", "ouch", "ow",
        }
    ),
    other_people=(
        "my mum", "my mom", "my mother", "my dad", "my father", "my son", "my daughter", "my wife", "my husband",
        "my partner", "my friend", "my sister", "my brother", "my child", "my kid", "my kids", "my children",
        "my boyfriend", "my girlfriend", "my grandma", "my grandmother", "my colleague", "she", "he", "they",
        "her", "his", "someone", "somebody", "people", "children", "kids", "patients",
    ),
    negations=(
        "no headache", "no migraine", "not a headache", "not a migraine", "without a headache", "headache free",
        "migraine free", "no head pain", "havent had", "didnt have", "dont have", "no attack", "no aura",
    ),
    habitual=frozenset({"every", "always", "usually", "often", "sometimes", "normally", "years", "months", "ever"}),
    question_starts=frozenset(
        {
            "what", "whats", "how", "hows", "why", "which", "when", "where", "who", "is", "are", "can", "could",
            "should", "does", "do", "did", "will", "would", "tell", "explain", "any", "info", "information",
        }
    ),
)

LEXICONS: dict[str, IntentLexicon] = {"en": ENGLISH}
