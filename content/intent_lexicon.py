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

# Spanish as typed in Spain and Latin America, folded: no accents, "ñ" is "n" ("migraña" is "migrana"). Spanish
# says "me duele la cabeza" far more often than it names a headache, and the first person is in the verb, so
# the head phrases are also experience phrases: "me duele la cabeza, ¿qué tomo?" is the writer's own headache.
_SPANISH_HEAD_PHRASES = (
    "me duele la cabeza", "me duele mucho la cabeza", "me duele muchisimo la cabeza",
    "me duele bastante la cabeza", "me duele un monton la cabeza", "me duele horrores la cabeza",
    "me duele tanto la cabeza", "me duele demasiado la cabeza", "me duele toda la cabeza",
    "me duele media cabeza", "la cabeza me duele", "me esta doliendo la cabeza", "me empieza a doler la cabeza",
    "me empezo a doler la cabeza", "me mata la cabeza", "me esta matando la cabeza",
    "la cabeza me esta matando", "me va a estallar la cabeza", "la cabeza me va a estallar",
    "me estalla la cabeza", "me explota la cabeza", "me revienta la cabeza", "me late la cabeza",
    "me palpita la cabeza", "me retumba la cabeza", "me pesa la cabeza", "me duelen las sienes",
    "me laten las sienes",
)

SPANISH = IntentLexicon(
    greetings=frozenset(
        {
            "hola", "holaa", "holi", "holis", "ola", "buenas", "wenas", "muy buenas", "buenos dias", "buen dia",
            "buenas tardes", "buenas noches", "hey", "ey", "saludos", "que tal", "hola que tal", "que hay",
            "hello", "hi", "hola hola", "que onda",
        }
    ),
    greeting_tails=frozenset(
        {
            "bot", "a todos", "amigo", "amiga", "de nuevo", "otra vez", "que tal", "que tal estas", "como estas",
            "como esta", "como esta usted", "como va", "como vas", "como te va", "que hay", "encantado",
            "encantada", "que onda",
        }
    ),
    thanks=frozenset(
        {
            "gracias", "graciass", "grax", "grcs", "muchas gracias", "mil gracias", "muchisimas gracias",
            "gracias de verdad", "muchas gracias de verdad", "gracias mil", "te lo agradezco", "se lo agradezco",
            "te agradezco", "se agradece", "agradecido", "agradecida", "gracias por la ayuda",
            "gracias por tu ayuda", "gracias por todo", "gracias a ti", "gracias amigo", "me ayuda",
            "me ha ayudado", "me ayudo", "me sirve", "me sirvio", "muy util", "thanks",
        }
    ),
    acks=frozenset(
        {
            "ok", "okey", "oki", "okay", "k", "vale", "vale vale", "ah vale", "ah ok", "de acuerdo", "entendido",
            "entendida", "entiendo", "perfecto", "perfecta", "genial", "bien", "muy bien", "si", "sip", "claro",
            "claro que si", "listo", "lista", "ya veo", "ya", "bueno", "va", "dale", "estupendo", "guay",
            "chevere", "excelente", "super", "no", "nop", "correcto", "exacto", "anotado", "hecho", "buenisimo",
        }
    ),
    chat_fillers=frozenset(
        {"ok", "vale", "genial", "perfecto", "bueno", "pues", "ah", "oh", "bien", "muy bien", "super", "claro"}
    ),
    greeting_emoji=ENGLISH.greeting_emoji,
    thanks_emoji=ENGLISH.thanks_emoji,
    ack_emoji=ENGLISH.ack_emoji,
    headache_nouns=frozenset(
        {
            "migrana", "jaqueca", "dolor de cabeza", "dolorazo de cabeza", "cefalea", "aura", "migrania",
            "crisis de migrana", "ataque de migrana", "dolor en la cabeza",
        }
    ),
    headache_plurals=frozenset({"migranas", "jaquecas", "dolores de cabeza", "cefaleas", "auras", "crisis"}),
    typo_targets=("migrana", "jaqueca", "cefalea"),
    head_phrases=_SPANISH_HEAD_PHRASES,
    headache_emoji=ENGLISH.headache_emoji,
    log_verbs=frozenset(
        {
            "registrar", "registra", "registrame", "registralo", "registrala", "anotar", "anota", "anotame",
            "anotalo", "anotala", "apuntar", "apunta", "apuntame", "apuntalo", "apuntala", "guardar", "guarda",
            "agregar", "agrega", "anadir", "anade", "meter", "mete", "registro",
        }
    ),
    experience_phrases=(
        "tengo migrana", "tengo jaqueca", "tengo dolor de cabeza", "tengo aura", "tengo el aura", "tengo un",
        "tengo una", "estoy con", "ando con", "sigo con", "me dio", "me ha dado", "me esta dando", "me da",
        "me esta empezando", "me empieza", "me empezo", "me vino", "me ha venido", "me viene", "tuve", "he tenido",
        "me desperte con", "me levante con", "me acoste con", "mi migrana", "mi jaqueca", "mi dolor de cabeza",
        "mi aura", "creo que tengo", "estoy teniendo", "dolor de cabeza tengo", "migrana tengo", "jaqueca tengo",
        *_SPANISH_HEAD_PHRASES,
    ),
    recent_markers=(
        "ahora", "ahora mismo", "ahorita", "en este momento", "hoy", "esta manana", "esta tarde", "esta noche",
        "anoche", "ayer", "otra vez", "de nuevo", "volvio", "ha vuelto", "vuelve", "empezo", "empieza",
        "empezando", "comenzo", "comienza", "desde esta manana", "desde ayer", "desde anoche", "desde el mediodia",
        "desde que me desperte", "hace un rato", "hace una hora", "hace media hora", "minutos", "horas",
        "todo el dia", "sigo", "sigue", "todavia", "aun", "no puedo hacer nada", "no puedo trabajar",
        "no me deja", "en la cama", "acostada", "acostado", "a oscuras", "me desperte", "me levante",
        "al despertar",
    ),
    statement_words=frozenset(
        {
            "uf", "uff", "ay", "ayy", "ugh", "puf", "buf", "otra", "otro", "vez", "de", "nuevo", "una", "un", "la",
            "el", "mi", "que", "horrible", "terrible", "fuerte", "tremenda", "tremendo", "menuda", "menudo", "hoy",
            "ahora", "ya", "mal", "muy", "tan", "fatal", "ayuda", "por", "favor", "dios", "mio", "madre", "mia",
            "vaya", "brutal", "horrorosa", "horroroso", "dia", "empezo", "socorro",
        }
    ),
    other_people=(
        "mi madre", "mi mama", "mi padre", "mi papa", "mi hijo", "mi hija", "mis hijos", "mi bebe", "mi nino",
        "mi nina", "mi esposa", "mi esposo", "mi marido", "mi mujer", "mi pareja", "mi novio", "mi novia",
        "mi amigo", "mi amiga", "mi hermana", "mi hermano", "mi abuela", "mi abuelo", "mi companero",
        "mi companera", "ella", "ellos", "ellas", "alguien", "gente", "personas", "pacientes", "los ninos",
        "ninos", "le duele", "les duele",
    ),
    negations=(
        "sin migrana", "sin jaqueca", "sin dolor de cabeza", "no tengo migrana", "no tengo jaqueca",
        "no tengo dolor de cabeza", "no me duele", "no he tenido", "no tuve", "nada de migrana", "no es migrana",
        "no es una migrana", "ni migrana", "sin aura", "libre de migrana",
    ),
    habitual=frozenset(
        {
            "siempre", "cada", "todos", "todas", "normalmente", "frecuencia", "suelo", "suele", "suelen",
            "frecuentemente", "frecuente", "veces", "anos", "meses", "nunca", "cronica", "cronico", "seguido",
        }
    ),
    question_starts=frozenset(
        {
            "que", "como", "por", "porque", "cual", "cuales", "cuando", "donde", "quien", "cuanto", "cuanta",
            "cuantos", "cuantas", "es", "son", "puedo", "puede", "pueden", "hay", "debo", "deberia", "sirve",
            "explicame", "explica", "hablame", "dime", "cuentame", "info", "informacion",
        }
    ),
)

# Russian, folded: lowercase, "ё" is "е". Phrases are matched as whole words, so the cases a word takes in a
# sentence are listed ("мигрень", "мигренью", "головную боль"). "Болит голова" needs no "у меня": said
# without an owner it is the writer's own, so the head phrases are experience phrases too, as in Spanish.
_RUSSIAN_HEAD_PHRASES = (
    "болит голова", "голова болит", "болит башка", "башка болит", "раскалывается голова", "голова раскалывается",
    "разламывается голова", "голова разламывается", "трещит голова", "голова трещит", "башка трещит",
    "трещит башка", "голова гудит", "гудит голова", "голова разрывается", "пульсирует голова",
    "голова пульсирует", "стучит в висках", "пульсирует в висках", "ломит голову", "голову ломит", "ломит виски",
    "болят виски", "болит висок", "разболелась голова", "голова разболелась", "заболела голова",
    "голова заболела", "болела голова", "голова болела", "голова просто раскалывается", "голова раскалывалась",
)

RUSSIAN = IntentLexicon(
    greetings=frozenset(
        {
            "привет", "приветик", "приветики", "прив", "здравствуйте", "здравствуй", "здрасте", "здрасьте",
            "добрый день", "доброе утро", "добрый вечер", "доброй ночи", "доброго утра", "доброго дня",
            "доброго вечера", "утро доброе", "день добрый", "вечер добрый", "хай", "хей", "салют", "приветствую",
            "привет привет", "ку", "hi", "hello",
        }
    ),
    greeting_tails=frozenset(
        {
            "бот", "ботик", "всем", "как дела", "как ты", "как вы", "как поживаешь", "как жизнь", "как сам",
            "снова", "еще раз", "друг", "дружище",
        }
    ),
    thanks=frozenset(
        {
            "спасибо", "спасибо большое", "большое спасибо", "огромное спасибо", "спасибо огромное", "спасибочки",
            "спасибки", "спс", "пасиб", "пасибо", "благодарю", "благодарю вас", "спасибо вам", "спасибо тебе",
            "спасибо за помощь", "спасибо за ответ", "спасибо за информацию", "помогло", "очень помогло",
            "полезно", "очень полезно", "мерси", "сенкс",
        }
    ),
    acks=frozenset(
        {
            "ок", "окей", "оке", "ok", "okay", "k", "кк", "хорошо", "ладно", "ну ладно", "лады", "понятно",
            "понятненько", "понял", "поняла", "ясно", "ясненько", "все понятно", "все ясно", "да", "ага", "угу",
            "нет", "отлично", "норм", "нормально", "договорились", "супер", "класс", "круто", "принято",
            "годится", "прекрасно", "замечательно",
        }
    ),
    chat_fillers=frozenset({"ок", "ok", "хорошо", "отлично", "ну", "о", "ой", "ага", "класс", "супер", "ладно"}),
    greeting_emoji=ENGLISH.greeting_emoji,
    thanks_emoji=ENGLISH.thanks_emoji,
    ack_emoji=ENGLISH.ack_emoji,
    headache_nouns=frozenset(
        {
            "мигрень", "мигрени", "мигренью", "мигрен", "мегрень", "головная боль", "головной боли",
            "головную боль", "головной болью", "боль в голове", "аура", "ауры", "ауру", "аурой",
            "приступ мигрени",
        }
    ),
    headache_plurals=frozenset({"мигрени", "мигренями", "головные боли", "головных болей", "ауры", "приступы"}),
    typo_targets=("мигрень",),
    head_phrases=_RUSSIAN_HEAD_PHRASES,
    headache_emoji=ENGLISH.headache_emoji,
    log_verbs=frozenset(
        {
            "записать", "запиши", "запишите", "записывай", "запишу", "отметь", "отметить", "отметьте",
            "отмечу", "зафиксировать", "зафиксируй", "добавь", "добавить", "сохрани", "сохранить", "внеси",
            "внести", "занеси", "занести", "запись",
        }
    ),
    experience_phrases=(
        "у меня", "меня мучает", "мучаюсь", "мучает", "накрыла", "накрыло", "накрыл", "проснулась с",
        "проснулся с", "лежу с", "моя мигрень", "мою мигрень", "мой приступ", "моя головная", "мою головную",
        "была мигрень", "был приступ", "была головная", "кажется начинается", "похоже начинается", "словила",
        "словил", *_RUSSIAN_HEAD_PHRASES,
    ),
    recent_markers=(
        "сейчас", "прямо сейчас", "сегодня", "с утра", "с самого утра", "утром", "сегодня утром", "днем",
        "вечером", "ночью", "вчера", "опять", "снова", "началась", "начался", "началось", "начинается",
        "начинает", "назад", "только что", "с обеда", "со вчерашнего", "с вечера", "с ночи", "весь день",
        "целый день", "все еще", "до сих пор", "вернулась", "вернулся", "проснулась", "проснулся",
        "не могу работать", "ничего не могу", "лежу", "в кровати", "в постели", "в темноте", "второй день",
    ),
    statement_words=frozenset(
        {
            "опять", "снова", "ох", "ах", "ой", "блин", "ужасная", "ужасный", "сильная", "сильный", "жуткая",
            "жуткий", "дикая", "адская", "страшная", "очередная", "очередной", "еще", "одна", "сегодня",
            "сейчас", "и", "вот", "ну", "уже", "помогите", "помоги", "пожалуйста", "очень", "такая", "так",
            "день", "приступ", "какая", "кошмар", "капец", "жесть",
        }
    ),
    other_people=(
        "у мамы", "у папы", "у мужа", "у жены", "у сына", "у дочки", "у дочери", "у ребенка", "у детей",
        "у подруги", "у друга", "у сестры", "у брата", "у бабушки", "у дедушки", "у коллеги", "у нее", "у него",
        "у них", "мама", "папа", "муж", "жена", "сын", "дочь", "дочка", "ребенок", "дети", "подруга",
        "кто то", "люди", "пациенты", "пациентов",
    ),
    negations=(
        "не болит голова", "голова не болит", "не болела голова", "голова не болела", "нет мигрени",
        "без мигрени", "без головной боли", "нет головной боли", "не было мигрени", "не мигрень", "не болит",
    ),
    habitual=frozenset(
        {
            "всегда", "каждый", "каждую", "каждое", "каждые", "обычно", "часто", "иногда", "постоянно",
            "регулярно", "лет", "годы", "года", "годами", "бывает", "бывают", "никогда", "хроническая",
        }
    ),
    question_starts=frozenset(
        {
            "что", "чем", "как", "какой", "какая", "какие", "каким", "почему", "зачем", "когда", "где", "кто",
            "сколько", "можно", "нужно", "стоит", "бывает", "бывают", "правда", "расскажи", "расскажите",
            "объясни", "объясните", "подскажи", "подскажите", "ли", "инфо", "информация",
        }
    ),
)

LEXICONS: dict[str, IntentLexicon] = {"en": ENGLISH, "es": SPANISH, "ru": RUSSIAN}
