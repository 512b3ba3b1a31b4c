"""Word lists and sentence templates of the synthetic #YesAllWomen corpus.

Each planted theme has its own templates and slot vocabularies (the content words that make it
recoverable); all themes share the framing words of the hashtag ("because", "women", "every", ...)
and the openers/tails below, so telling themes apart is a real test. ``{slot}`` in a template is
filled from the theme's slots first, then from :data:`COMMON_SLOTS`.

The words are written for the kit, modelled on the public reporting of May 2014; no real tweet is
reproduced and every account name is invented.
"""

from __future__ import annotations

#: Planted communities (index = community code), their share of accounts and what they are.
COMMUNITIES: tuple[str, ...] = ("supporters", "counter", "allies", "media", "policy", "international")
COMMUNITY_SHARE: tuple[float, ...] = (0.34, 0.16, 0.14, 0.08, 0.12, 0.16)

#: Planted themes (index = theme code); ``noise`` is off-theme content.
THEMES: tuple[str, ...] = (
    "harassment",
    "safety",
    "entitlement",
    "rape_culture",
    "workplace",
    "guns",
    "mental_health",
    "mens_support",
    "notallmen",
    "media_coverage",
    "mourning",
    "online_abuse",
    "noise",
)

#: P(theme | community) for English tweets; rows follow COMMUNITIES, columns THEMES (rows sum to 1).
THEME_GIVEN_COMMUNITY: tuple[tuple[float, ...], ...] = (
    # har  saf  ent  rape work guns ment  men  nam media mourn abuse noise
    (0.17, 0.15, 0.14, 0.13, 0.10, 0.02, 0.02, 0.02, 0.01, 0.02, 0.05, 0.09, 0.08),  # supporters
    (0.01, 0.01, 0.04, 0.02, 0.01, 0.03, 0.16, 0.02, 0.58, 0.02, 0.01, 0.03, 0.06),  # counter
    (0.06, 0.04, 0.08, 0.08, 0.04, 0.03, 0.02, 0.52, 0.03, 0.01, 0.03, 0.01, 0.05),  # allies
    (0.02, 0.01, 0.03, 0.02, 0.02, 0.08, 0.06, 0.01, 0.01, 0.45, 0.22, 0.03, 0.04),  # media
    (0.01, 0.03, 0.03, 0.03, 0.02, 0.40, 0.30, 0.01, 0.02, 0.05, 0.06, 0.00, 0.04),  # policy
    (0.20, 0.18, 0.08, 0.14, 0.08, 0.02, 0.02, 0.03, 0.01, 0.04, 0.10, 0.02, 0.08),  # international
)

#: Share of an ``international`` account's own tweets written in another language, and the mix.
FOREIGN_SHARE: float = 0.36
FOREIGN_LANGS: tuple[str, ...] = ("es", "fr", "pt", "de", "it")
FOREIGN_LANG_P: tuple[float, ...] = (0.36, 0.2, 0.22, 0.14, 0.08)
#: Themes that foreign-language tweets are written about (see FOREIGN).
FOREIGN_THEMES: tuple[str, ...] = ("harassment", "safety", "rape_culture", "mourning")

COMMON_SLOTS: dict[str, list[str]] = {
    "women": ["women", "girls", "women", "every woman", "women and girls"],
    "us": ["women", "us", "girls", "most women", "every woman I know"],
    "day": ["day", "Tuesday", "morning", "week", "commute"],
    "n": ["two", "three", "four", "five", "six"],
    "age": ["11", "12", "13", "14", "15", "16"],
}

#: Openers put before the first sentence (``""`` = none); shared by all themes.
OPENERS: list[str] = [
    "",
    "",
    "",
    "",
    "",
    "This.",
    "So true:",
    "Honestly,",
    "Reminder:",
    "Sad but true:",
    "Yep.",
    "Can't stop reading these.",
    "Real talk:",
    "Ugh.",
    "Said it before:",
    "Every. Single. Day.",
]
#: Tails put after the last sentence; shared by all themes.
TAILS: list[str] = [
    "",
    "",
    "",
    "",
    "",
    "Enough.",
    "It's exhausting.",
    "Still.",
    "This has to change.",
    "Speak up.",
    "Please read.",
    "And it's 2014.",
    "Think about that.",
    "Not okay.",
    "Listen.",
]

EMOJI: list[str] = [
    "\U0001f494",
    "\U0001f64f",
    "\U0001f621",
    "\u270a",
    "\U0001f4aa",
    "\U0001f622",
    "\U0001f44f",
    "\U0001f64c",
    "\U0001f60d",
    "\U0001f629",
    "\U0001f612",
    "\U0001f499",
    "\U0001f615",
    "<3",
]

# --- themes ---------------------------------------------------------------------------------------------
THEME_TEXT: dict[str, dict[str, list[str]]] = {
    "harassment": {
        "_": [
            "Because I was {act} {place} by {who} when I was {age}.",
            "Because being {act} {place} is just a normal {day} for {us}.",
            "Because {who} {act2} me {place} and everyone told me to {reaction}.",
            "Because I have been {act} {place} more times than I can count.",
            "Because strangers comment on {body} {place} and expect me to {reaction}.",
            "Because catcalling is not a compliment. I was {act} {place} again today.",
            "Because I was {age} the first time {who} {act2} me {place}.",
            "Because street harassment starts when girls are {age} and nobody calls it harassment.",
            "Because {who} whistled and shouted about {body} {place} and I just had to keep walking.",
        ],
        "act": ["catcalled", "whistled at", "honked at", "followed", "groped", "stared at", "grabbed", "yelled at"],
        "act2": ["catcalled", "followed", "grabbed", "groped", "whistled at", "cornered", "honked at", "leered at"],
        "place": [
            "on the bus",
            "on the subway",
            "at the bus stop",
            "walking to work",
            "at the gym",
            "at the grocery store",
            "on my way home",
            "at a gas station",
            "in a parking lot",
            "at the train station",
            "on the sidewalk",
            "outside my school",
        ],
        "who": [
            "a stranger",
            "a grown man",
            "a random guy",
            "some dude",
            "a man twice my age",
            "a group of guys",
            "a construction worker",
            "a guy in a truck",
        ],
        "body": ["my body", "my legs", "my chest", "my shorts", "my skirt", "my butt"],
        "reaction": ["smile", "say thank you", "take it as a compliment", "ignore it", "laugh it off"],
    },
    "safety": {
        "_": [
            "Because I {precaution} every time I walk {dark}.",
            "Because my mom taught me to {precaution} before she taught me to drive.",
            "Because I feel {fear} walking to my car {dark} and that is considered normal.",
            "Because every woman I know has a plan for when she has to walk {dark}.",
            "Because we learn to {precaution} and {precaution} just to feel safe.",
            "Because I am {fear} of elevators, stairwells and parking garages {dark}.",
            "Because staying safe is a full time job: {precaution}, {precaution}, pray.",
            "Because I still {precaution} when I jog {dark}, and I am {fear} anyway.",
        ],
        "precaution": [
            "hold my keys between my fingers",
            "text my friends when I get home",
            "check the back seat of my car",
            "pretend to be on the phone",
            "park under a streetlight",
            "share my location",
            "carry pepper spray",
            "never walk alone",
            "lock my doors immediately",
            "cross the street when a man walks behind me",
            "watch my drink at parties",
        ],
        "dark": [
            "at night",
            "after dark",
            "alone at night",
            "late at night",
            "home from work",
            "through the parking lot",
            "on a dark street",
        ],
        "fear": ["afraid", "scared", "terrified", "nervous", "on edge", "anxious"],
    },
    "entitlement": {
        "_": [
            "Because when I {reject} {outcome}.",
            "Because it is safer to say I have a boyfriend than to say I'm not interested.",
            "Because the word friendzone implies women owe men sex for being nice.",
            "Because so called nice guys treat kindness like coins you put in a machine until sex falls out.",
            "Because I {reject} at a bar and {outcome}.",
            "Because no one is entitled to a woman's body, attention or time. Rejection is not an insult.",
            "Because men feel entitled to our {thing} and punish us when we {reject}.",
            "Because I gave a fake number so that {outcome2} wouldn't happen again.",
            "Because 'I have a boyfriend' is respected more than 'no' and {outcome}.",
        ],
        "reject": [
            "said no",
            "turned him down",
            "rejected him",
            "didn't give him my number",
            "ignored his messages",
            "said I wasn't interested",
            "declined a date",
        ],
        "outcome": [
            "he called me a bitch",
            "he threatened me",
            "he followed me home",
            "he screamed at me",
            "he spread rumors about me",
            "he got angry",
            "he punched the wall",
            "he called me a tease",
        ],
        "outcome2": ["the angry texts", "the insults", "the screaming", "his stalking"],
        "thing": ["attention", "bodies", "time", "smiles", "phone numbers"],
    },
    "rape_culture": {
        "_": [
            "Because the first question a survivor hears is '{blame}?'",
            "Because {stat} women will be sexually assaulted and we teach girls not to get raped instead of teaching boys not to rape.",
            "Because victim blaming is the reason most assaults at {where} are never reported.",
            "Because my rapist still walks free and I was told to stay quiet.",
            "Because consent is not complicated, yet rape jokes are still funny to some.",
            "Because survivors at {where} are asked '{blame}?' instead of being believed.",
            "Because I was assaulted at {where} and nobody believed me.",
            "Because rape culture means the survivor is on trial, not the rapist.",
        ],
        "blame": [
            "what were you wearing",
            "were you drunk",
            "why didn't you fight back",
            "why did you go to his room",
            "why didn't you report it",
            "did you lead him on",
        ],
        "stat": ["1 in 5", "one in six", "1 in 4"],
        "where": ["college", "campus", "high school", "the military", "a party", "a frat party"],
    },
    "workplace": {
        "_": [
            "Because as a {job} I get {issue} {colleague}.",
            "Because women still earn 77 cents on the dollar and I get {issue} {colleague}.",
            "Because in my job interview they asked if I plan to have kids. They never ask the men.",
            "Because a client asked to speak to a real {job}, meaning a man.",
            "Because I am a {job} and customers assume {colleague} is in charge.",
            "Because my boss commented on my outfit in a meeting and HR called it a joke.",
            "Because the pay gap, the promotion gap & the boys club at the office are real.",
            "Because I'm a {job} and still get {issue} {colleague} in every meeting.",
        ],
        "job": [
            "engineer",
            "nurse",
            "lawyer",
            "programmer",
            "waitress",
            "scientist",
            "manager",
            "doctor",
            "teacher",
            "CEO",
            "professor",
            "pilot",
        ],
        "issue": [
            "paid less than",
            "interrupted by",
            "passed over for promotion in favor of",
            "talked over by",
            "asked to take notes instead of",
            "credited less than",
        ],
        "colleague": [
            "my male coworker",
            "a less qualified man",
            "the new guy",
            "my junior colleague",
            "my male boss",
            "a male intern",
        ],
    },
    "guns": {
        "_": [
            "He legally bought {n} semi-automatic handguns and hundreds of rounds of ammunition. {ask}",
            "The NRA cares more about gun rights than about dead students. {ask}",
            "Another mass shooting, more thoughts & prayers, and no gun legislation from Congress. {ask}",
            "Domestic abusers can still buy a firearm in most states. {ask}",
            "Gun violence and misogyny are linked: most mass shooters have a history of hurting women. {ask}",
            "Every mass shooting ends with Congress saying 'not now'. {ask}",
            "A country where a troubled man can buy {n} pistols legally has a gun problem. {ask}",
        ],
        "ask": [
            "Background checks now.",
            "Pass universal background checks.",
            "Call your senator.",
            "Gun control saves lives.",
            "Enough with the NRA.",
            "Restraining orders should mean no guns.",
            "Stop the shootings.",
        ],
    },
    "mental_health": {
        "_": [
            "Calling him mentally ill lets everyone ignore the misogyny in his manifesto.",
            "Mental illness did not write a {pages} page manifesto full of hatred. {stigma}",
            "Most people with {condition} are never violent. {stigma}",
            "His therapists and parents warned police. The mental health system failed. {stigma}",
            "He saw therapists for years. We need mental health care and to talk about {condition} honestly.",
            "Deputies did a welfare check and found him polite. Mental health services need funding.",
            "This was about mental illness, not gender. {stigma}",
            "The killer was a sick young man with {condition}; psychiatric treatment is the issue here.",
        ],
        "pages": ["107", "140", "100-plus"],
        "condition": ["Asperger's", "depression", "anxiety", "a mental illness", "autism", "a psychiatric diagnosis"],
        "stigma": [
            "Don't stigmatize the mentally ill.",
            "Fund psychiatric care.",
            "Stigma keeps people from treatment.",
            "Stop blaming diagnoses.",
            "Therapy should be affordable.",
            "Mental health matters.",
        ],
    },
    "mens_support": {
        "_": [
            "Men: listen to the women in your life. Read these tweets and believe them.",
            "As a man I had no idea how often my {relation} deals with this. Reading and listening.",
            "Guys, our job is to call out our friends when they {bad}, not to defend ourselves.",
            "To every man saying not all men: yes, but enough men. Listen, learn, do better.",
            "I'm a dad of {n} daughters and this hashtag broke my heart. We have to raise better sons.",
            "Fellow men, stop asking for credit for being decent. Just speak up when a buddy {bad}.",
            "Reading these as a man is uncomfortable. Good. Sit with it, listen, and be an ally.",
            "Asked my {relation} about this hashtag and learned more in ten minutes than in ten years. Men, ask.",
        ],
        "relation": ["wife", "sister", "girlfriend", "mom", "daughter", "best friend", "coworker"],
        "bad": ["catcall", "make rape jokes", "grope someone", "talk about women like objects", "won't take no"],
    },
    "notallmen": {
        "_": [
            "Not all men are like that. Stop generalizing and blaming every man for one killer.",
            "{defend} so why am I being treated like a criminal? {complaint}",
            "This hashtag is {accuse}. Good guys exist too.",
            "Feminists want to demonize all men. I'm tired of being stereotyped. {complaint}",
            "Men get assaulted too, where is our hashtag? {complaint}",
            "Stop painting every man as a rapist. Most of us are decent innocent guys.",
            "Women do it too. Equality means men's issues matter as well. {complaint}",
            "Lumping all men together is {accuse}. Judge individuals, not genders.",
            "{defend}. Don't generalize. {complaint}",
        ],
        "defend": [
            "I'm a good guy",
            "I respect women",
            "I've never hurt anyone",
            "I treat women well",
            "I hold doors open",
            "I was raised right",
        ],
        "accuse": [
            "man hating",
            "misandry",
            "feminist propaganda",
            "sexism against men",
            "collective guilt",
            "reverse sexism",
        ],
        "complaint": [
            "Double standards.",
            "Stop the misandry.",
            "Men are victims too.",
            "So unfair to men.",
            "Not every guy.",
            "Feminazis won't admit it.",
        ],
    },
    "media_coverage": {
        "_": [
            "How {tag} became a global conversation about misogyny, via {outlet}",
            "The hashtag has now been used over {count} times. Our analysis:",
            "Why {tag} matters: a columnist on the viral hashtag after the Isla Vista killings",
            "Trending worldwide: the story behind the hashtag, reported by {outlet}",
            "Live coverage: reactions to the shooting and the online movement",
            "Op-ed: what the viral hashtag reveals about everyday sexism",
            "Read: women explain why they tweeted {tag}, in their own words ({outlet})",
            "Analysis: {count} tweets in four days. Inside the hashtag that went viral",
        ],
        "count": ["1 million", "1.2 million", "500,000", "250,000", "a million"],
        "outlet": ["The Daily Ledger", "Metro Desk", "the Chronicle", "Women's Wire", "News Hour", "Pacific Post"],
    },
    "mourning": {
        "_": [
            "Thousands gathered at the {place} vigil tonight for the six victims.",
            "Rest in peace to the victims of Isla Vista. Our hearts are with their families.",
            "Candlelight vigil at {place} for the students killed in Isla Vista.",
            "'Not one more.' A grieving father's words at the memorial.",
            "Praying for Santa Barbara, the students and their families tonight.",
            "The campus is in mourning. Classes cancelled, memorial {when}.",
            "Six students, six families grieving. Remember the victims, not the killer.",
            "Flowers and candles outside the deli in Isla Vista {when}. So much grief.",
        ],
        "place": ["UCSB", "Storke Plaza", "Anisq'Oyo Park", "the UCSB campus", "Santa Barbara"],
        "when": ["today", "on Tuesday", "this afternoon", "tomorrow"],
    },
    "online_abuse": {
        "_": [
            "Because women tweeting this hashtag are getting {abuse} right now for speaking up.",
            "Because the replies to this hashtag are full of {abuse}, which proves the point.",
            "Because I got {abuse} in my mentions for sharing my story.",
            "Because speaking up online as a woman means trolls, doxxing and {abuse}.",
            "Because my mentions turned into a flood of trolls calling me ugly and fat.",
            "Because reporting {abuse} to Twitter gets an automated reply and nothing else.",
            "Because I had to block {num} accounts today for telling my story.",
        ],
        "abuse": [
            "rape threats",
            "death threats",
            "abuse from trolls",
            "sexist slurs",
            "doxxing threats",
            "hateful replies",
        ],
        "num": ["50", "a hundred", "dozens of", "30", "200"],
    },
    "noise": {
        "_": [
            "Follow me and I'll follow back!",
            "Check out my new {thing}!",
            "Happy Memorial Day weekend everyone!",
            "Who's watching the game tonight? Let's go {team}!",
            "Just finished {show}, can't believe that ending",
            "Best {food} in town, highly recommend",
            "Win a free {prize}! Retweet to enter",
            "Good morning! Coffee first, then everything else",
            "Summer sale starts now, 30% off everything",
        ],
        "thing": ["video", "mixtape", "blog post", "playlist", "song", "vlog"],
        "team": ["Spurs", "Heat", "Thunder", "Pacers", "Rangers", "Kings"],
        "show": ["Game of Thrones", "Mad Men", "Fargo", "Orphan Black", "the season finale"],
        "food": ["tacos", "pizza", "burgers", "brunch", "cupcakes"],
        "prize": ["iPad", "gift card", "pair of headphones", "phone case"],
    },
}

# --- planted affect ----------------------------------------------------------------------------------------
#: English templates (indices into THEME_TEXT[theme]["_"]) that are first-person testimony: an account of
#: the writer's own experience ("Because I was followed...", "my boss commented on my outfit").
TESTIMONY_TEMPLATES: dict[str, frozenset[int]] = {
    "harassment": frozenset({0, 2, 3, 4, 5, 6, 8}),
    "safety": frozenset({0, 1, 2, 5, 7}),
    "entitlement": frozenset({0, 4, 7, 8}),
    "rape_culture": frozenset({3, 6}),
    "workplace": frozenset({0, 1, 2, 4, 5, 7}),
    "online_abuse": frozenset({2, 4, 6}),
}
#: The emotion each theme's own words carry (what a lexicon should find in its templates).
THEME_EMOTION: dict[str, str] = {
    "safety": "fear",
    "mourning": "sadness",
    "entitlement": "anger",
    "notallmen": "defensive",
    "online_abuse": "anger",
}
#: Feeling phrases added to English tweets (a separate random stream, so the rest of a text is unchanged).
#: The burst opens in fear and grief and turns to anger and empowerment; "negated" says "not scared anymore".
AFFECT_PHRASES: dict[str, list[str]] = {
    "fear": [
        "I felt scared for us all.",
        "I'm terrified for my sisters.",
        "I feel afraid and unsafe tonight.",
        "So scared for every girl out there.",
    ],
    "sadness": ["I felt sad all day.", "My heart is broken.", "So much grief tonight.", "I cried reading these."],
    "anger": ["I am furious.", "This makes me so angry.", "I'm livid and outraged.", "Angry. Just angry."],
    "empowerment": [
        "I feel empowered.",
        "We are strong and we will be heard.",
        "Proud of every brave woman speaking.",
        "Together we are powerful.",
    ],
    "negated": ["I'm not scared anymore.", "I am not afraid anymore.", "No longer afraid."],
    "defensive": [
        "I'm sick of being blamed.",
        "Stop attacking innocent men.",
        "Tired of being accused for nothing.",
        "Why should I apologize for what I never did?",
    ],
}
#: Share of English on-topic tweets given a feeling phrase; of #NotAllMen-theme tweets given a defensive one.
AFFECT_P: float = 0.4
DEFENSIVE_P: float = 0.5
#: Hours after the main onset over which the mood turns from (fear, grief) to (anger, empowerment).
AFFECT_TURN_HOURS: tuple[float, float] = (12.0, 48.0)
#: Late-phase mix: anger, empowerment, negated fear ("not scared anymore", planted as empowerment).
LATE_MIX: tuple[tuple[str, float], ...] = (("anger", 0.45), ("empowerment", 0.4), ("negated", 0.15))

#: Foreign-language templates: FOREIGN[lang][theme] = templates (no slots needed beyond COMMON).
FOREIGN: dict[str, dict[str, list[str]]] = {
    "es": {
        "harassment": [
            "Porque me acosaron en el {lugar} cuando tenía {age} años.",
            "Porque los piropos en la calle no son halagos, son acoso.",
            "Porque todos los días un desconocido me grita cosas en el {lugar}.",
        ],
        "safety": [
            "Porque tengo miedo de caminar sola de noche.",
            "Porque aviso a mis amigas cuando llego a casa, siempre.",
            "Porque llevo las llaves entre los dedos cuando vuelvo sola.",
        ],
        "rape_culture": [
            "Porque a la víctima le preguntan qué llevaba puesto.",
            "Porque nadie me creyó cuando denuncié la agresión.",
            "Porque seguimos enseñando a las niñas a cuidarse en vez de educar a los niños.",
        ],
        "mourning": [
            "Mi solidaridad con las familias de las víctimas de Isla Vista.",
            "Descansen en paz las víctimas de Santa Bárbara.",
            "Todas somos Isla Vista. Basta de violencia machista.",
        ],
        "lugar": ["autobús", "metro", "parque", "mercado"],
    },
    "fr": {
        "harassment": [
            "Parce que j'ai été harcelée dans le {lieu} à {age} ans.",
            "Parce que se faire siffler dans la rue n'est pas un compliment.",
            "Parce qu'un inconnu m'a suivie dans le {lieu} hier soir.",
        ],
        "safety": [
            "Parce que j'ai peur de rentrer seule le soir.",
            "Parce que j'envoie un texto à mes amies quand je suis rentrée.",
            "Parce que je fais semblant de téléphoner dans la rue la nuit.",
        ],
        "rape_culture": [
            "Parce qu'on demande aux victimes comment elles étaient habillées.",
            "Parce que personne ne m'a crue quand j'ai porté plainte.",
            "Parce que la culture du viol existe, même ici.",
        ],
        "mourning": [
            "Pensées pour les familles des victimes d'Isla Vista.",
            "Solidarité avec les étudiants de Santa Barbara.",
            "Reposez en paix. Plus jamais ça.",
        ],
        "lieu": ["métro", "bus", "train", "quartier"],
    },
    "pt": {
        "harassment": [
            "Porque fui assediada no {lugar} quando tinha {age} anos.",
            "Porque cantada na rua não é elogio, é assédio.",
            "Porque todo dia um estranho mexe comigo no {lugar}.",
        ],
        "safety": [
            "Porque tenho medo de andar sozinha à noite.",
            "Porque mando mensagem para as amigas quando chego em casa.",
            "Porque seguro as chaves entre os dedos quando volto sozinha.",
        ],
        "rape_culture": [
            "Porque perguntam à vítima que roupa ela usava.",
            "Porque ninguém acreditou em mim quando denunciei.",
            "Porque a cultura do estupro culpa a vítima.",
        ],
        "mourning": [
            "Força às famílias das vítimas de Isla Vista.",
            "Descansem em paz, vítimas de Santa Barbara.",
            "Nenhuma a menos. Chega de violência contra a mulher.",
        ],
        "lugar": ["ônibus", "metrô", "trem", "ponto de ônibus"],
    },
    "de": {
        "harassment": [
            "Weil ich mit {age} Jahren in der {ort} belästigt wurde.",
            "Weil Hinterherpfeifen kein Kompliment ist.",
            "Weil mir ein Fremder gestern in der {ort} gefolgt ist.",
        ],
        "safety": [
            "Weil ich nachts Angst habe, allein nach Hause zu gehen.",
            "Weil ich meinen Freundinnen schreibe, wenn ich zu Hause bin.",
            "Weil ich nachts so tue, als würde ich telefonieren.",
        ],
        "rape_culture": [
            "Weil Opfer gefragt werden, was sie anhatten.",
            "Weil mir niemand geglaubt hat, als ich Anzeige erstattet habe.",
            "Weil Vergewaltigungskultur auch hier existiert.",
        ],
        "mourning": [
            "Mein Mitgefühl gilt den Familien der Opfer in Isla Vista.",
            "Ruhet in Frieden, Opfer von Santa Barbara.",
            "Trauer um die Studierenden in Isla Vista.",
        ],
        "ort": ["U-Bahn", "Straßenbahn", "Stadt", "S-Bahn"],
    },
    "it": {
        "harassment": [
            "Perché sono stata molestata sull'{mezzo} a {age} anni.",
            "Perché i fischi per strada non sono complimenti.",
            "Perché ogni giorno uno sconosciuto mi segue sull'{mezzo}.",
        ],
        "safety": [
            "Perché ho paura di tornare a casa da sola la sera.",
            "Perché scrivo alle amiche quando arrivo a casa.",
            "Perché fingo di telefonare quando cammino da sola di notte.",
        ],
        "rape_culture": [
            "Perché chiedono alla vittima come era vestita.",
            "Perché nessuno mi ha creduto quando ho denunciato.",
            "Perché la cultura dello stupro colpevolizza le vittime.",
        ],
        "mourning": [
            "Vicinanza alle famiglie delle vittime di Isla Vista.",
            "Riposate in pace, vittime di Santa Barbara.",
            "Mai più. Basta violenza sulle donne.",
        ],
        "mezzo": ["autobus", "tram", "treno", "autobus notturno"],
    },
}

# --- hashtags --------------------------------------------------------------------------------------------
#: Case variants of the two main tags and their weights (most people type the canonical form).
YESALLWOMEN_VARIANTS: tuple[tuple[str, float], ...] = (
    ("YesAllWomen", 0.78),
    ("yesallwomen", 0.12),
    ("Yesallwomen", 0.04),
    ("YESALLWOMEN", 0.02),
    ("YesallWomen", 0.02),
    ("yesAllWomen", 0.02),
)
NOTALLMEN_VARIANTS: tuple[tuple[str, float], ...] = (
    ("NotAllMen", 0.76),
    ("notallmen", 0.14),
    ("Notallmen", 0.06),
    ("NOTALLMEN", 0.04),
)

#: P(#YesAllWomen), P(#NotAllMen), P(#YesAllMen) by community (at least one of the first two is forced).
MAIN_TAG_P: dict[str, tuple[float, float, float]] = {
    "supporters": (0.99, 0.03, 0.01),
    "counter": (0.45, 0.75, 0.12),
    "allies": (0.97, 0.10, 0.05),
    "media": (0.98, 0.02, 0.0),
    "policy": (0.95, 0.02, 0.0),
    "international": (0.99, 0.01, 0.0),
}

#: Co-tags by theme: (tag, probability).
CO_TAGS: dict[str, tuple[tuple[str, float], ...]] = {
    "harassment": (("EverydaySexism", 0.12), ("StreetHarassment", 0.05), ("feminism", 0.03)),
    "safety": (("EverydaySexism", 0.05), ("feminism", 0.03)),
    "entitlement": (("ElliotRodger", 0.05), ("EverydaySexism", 0.04)),
    "rape_culture": (("RapeCulture", 0.15), ("EverydaySexism", 0.05), ("feminism", 0.04)),
    "workplace": (("EverydaySexism", 0.15), ("PayGap", 0.06)),
    "guns": (("GunControl", 0.3), ("IslaVista", 0.2), ("NRA", 0.08)),
    "mental_health": (("MentalHealth", 0.25), ("IslaVista", 0.15), ("ElliotRodger", 0.06)),
    "mens_support": (("feminism", 0.05),),
    "notallmen": (("MRA", 0.03), ("feminism", 0.02)),
    "media_coverage": (("IslaVista", 0.15), ("ElliotRodger", 0.12)),
    "mourning": (("IslaVista", 0.35), ("UCSB", 0.2), ("SantaBarbara", 0.08)),
    "online_abuse": (("EverydaySexism", 0.05),),
    "noise": (
        ("MemorialDay", 0.2),
        ("GameOfThrones", 0.1),
        ("NBAPlayoffs", 0.1),
        ("TFIOS", 0.08),
        ("teamfollowback", 0.12),
    ),
}

# --- people ----------------------------------------------------------------------------------------------
FIRST_NAMES: list[str] = [
    "Emma",
    "Olivia",
    "Sophia",
    "Ava",
    "Mia",
    "Emily",
    "Abigail",
    "Madison",
    "Chloe",
    "Ella",
    "Hannah",
    "Grace",
    "Sarah",
    "Jessica",
    "Ashley",
    "Lauren",
    "Megan",
    "Rachel",
    "Amanda",
    "Nicole",
    "Kayla",
    "Brittany",
    "Taylor",
    "Jasmine",
    "Maria",
    "Laura",
    "Julia",
    "Anna",
    "Katie",
    "Molly",
    "Jenna",
    "Alexis",
    "Danielle",
    "Vanessa",
    "Michael",
    "Chris",
    "Matt",
    "Josh",
    "David",
    "James",
    "Ryan",
    "John",
    "Daniel",
    "Tyler",
    "Andrew",
    "Kevin",
    "Brandon",
    "Justin",
    "Eric",
    "Adam",
    "Nick",
    "Jake",
    "Sam",
    "Alex",
    "Jordan",
    "Luis",
    "Carlos",
    "Lucia",
    "Camille",
    "Léa",
    "Inès",
    "Beatriz",
    "Ana",
    "Lena",
    "Sofia",
    "Giulia",
    "Priya",
    "Aisha",
    "Mei",
    "Nadia",
]
LAST_NAMES: list[str] = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Miller",
    "Davis",
    "Garcia",
    "Rodriguez",
    "Wilson",
    "Martinez",
    "Anderson",
    "Taylor",
    "Thomas",
    "Moore",
    "Martin",
    "Jackson",
    "Thompson",
    "White",
    "Lopez",
    "Lee",
    "Harris",
    "Clark",
    "Lewis",
    "Walker",
    "Hall",
    "Allen",
    "Young",
    "King",
    "Wright",
    "Scott",
    "Green",
    "Baker",
    "Adams",
    "Nelson",
    "Hill",
    "Campbell",
    "Mitchell",
    "Roberts",
    "Carter",
    "Phillips",
    "Evans",
    "Dubois",
    "Moreau",
    "Silva",
    "Santos",
    "Müller",
    "Schmidt",
    "Rossi",
    "Bianchi",
    "Fernández",
    "Patel",
]
HANDLE_WORDS: list[str] = [
    "sunny",
    "blue",
    "wild",
    "little",
    "coffee",
    "book",
    "star",
    "moon",
    "city",
    "rose",
    "lazy",
    "happy",
    "real",
    "the",
    "just",
    "its",
    "mrs",
    "mr",
    "miss",
    "dr",
    "lady",
    "gurl",
    "boy",
    "dude",
    "queen",
    "nerd",
    "geek",
    "writer",
    "runner",
    "mama",
    "papa",
    "ink",
    "pixel",
    "salty",
    "sweet",
    "quiet",
    "loud",
    "brave",
]
#: Prominent accounts by community: news outlets, writers, campaigners. Invented names, kept clear of real
#: people's and organisations' handles, since the corpus puts words in their mouths.
HUB_HANDLES: dict[str, list[str]] = {
    "media": [
        "DailyLedgerNews",
        "MetroDeskNews",
        "ChronicleWomen",
        "WomensWireMag",
        "NewsHourLive",
        "PacificPostNews",
        "TheStoryDesk",
        "CultureBeatMag",
        "GenderDeskDaily",
        "WireFeminist",
        "NightlyNewsTV",
        "OpEdDaily",
        "ReporterJaneK",
        "ColumnistRuth",
        "BreakingNowUS",
        "CampusDaily",
    ],
    "supporters": [
        "FemVoicesAnn",
        "SaraWritesLoud",
        "TheKatyHolloway",
        "LornaBaileyX",
        "FeministaJune_",
        "WritingWhileFem",
        "ProChoiceMel",
        "JaneDoeWrites",
        "KiraSpeaksUp",
        "MaggieWritesToo",
    ],
    "counter": [
        "MensRightsHub",
        "PlainTruthGuy",
        "VoiceOfBlokes",
        "NotAllMenUSA",
        "DudeDefender",
        "EqualismNow",
        "MenMatterToo",
        "MaleVoices",
        "SanityForMen",
    ],
    "allies": ["DadOfDaughters", "GuysListenUp", "AllyAndrew", "FeministDude", "MenCanDoBetter", "BroAllyClub"],
    "policy": ["GunSenseNow", "MomsForSafety_", "MindMattersOrg", "SafeStreetsPAC", "PsychWatchdog", "PolicyWonkAnn"],
    "international": ["MujeresYa", "FeministesFR", "GrupoMulheres", "FrauenStimme", "DonneInRete", "GlobalSisters"],
}
DESCRIPTIONS: dict[str, list[str]] = {
    "supporters": [
        "Feminist. Writer. Coffee addict.",
        "she/her | survivor | speaking up",
        "Reader, runner, feminist",
        "Intersectional feminist",
        "grad student, cat person, angry about everything",
        "",
    ],
    "counter": [
        "Equality for everyone. Free speech.",
        "Men's rights advocate",
        "Dad. Gym. No PC nonsense.",
        "Truth over feelings",
        "Gamer, engineer, skeptic",
        "",
    ],
    "allies": [
        "Husband, father of two girls",
        "Trying to be a better man",
        "Teacher. Ally. Dad.",
        "He/him. Listening.",
        "Coach and proud dad",
        "",
    ],
    "media": [
        "News, analysis and opinion",
        "Reporter covering gender and politics",
        "Breaking news and live updates",
        "Columnist. Views my own.",
        "Culture and society desk",
        "",
    ],
    "policy": [
        "Gun safety advocate",
        "Mental health policy nerd",
        "Campaigning for safer communities",
        "Public health researcher",
        "Moms for common-sense gun laws",
        "",
    ],
    "international": [
        "Feminista",
        "Féministe et fière",
        "Feminista, estudante",
        "Feministin aus Berlin",
        "Femminista",
        "",
    ],
}
LOCATIONS: dict[str, list[str]] = {
    "supporters": ["Brooklyn, NY", "Los Angeles, CA", "Chicago", "Seattle, WA", "Austin, TX", "Portland, OR", ""],
    "counter": ["Texas", "Ohio", "Florida", "London", "Toronto", ""],
    "allies": ["Denver, CO", "Boston", "Minneapolis", "San Diego", ""],
    "media": ["New York, NY", "Washington, DC", "London", "Los Angeles"],
    "policy": ["Washington, DC", "Santa Barbara, CA", "Sacramento", ""],
    "international": ["Madrid", "Paris", "São Paulo", "Berlin", "Roma", "Buenos Aires", "Lisboa", "México"],
}
SOURCES: tuple[tuple[str, str], ...] = (
    ("Twitter for iPhone", "http://twitter.com/download/iphone"),
    ("Twitter for Android", "http://twitter.com/download/android"),
    ("Twitter Web Client", "http://twitter.com"),
    ("TweetDeck", "https://about.twitter.com/products/tweetdeck"),
    ("Hootsuite", "http://www.hootsuite.com"),
    ("Twitter for iPad", "http://twitter.com/#!/download/ipad"),
)

#: Real news domains with invented article paths (media links in 2014 collections look like this).
NEWS_URLS: tuple[str, ...] = (
    "http://www.huffingtonpost.com/2014/05/25/yesallwomen-hashtag_n_5388912.html",
    "http://www.theguardian.com/world/2014/may/25/yesallwomen-twitter-misogyny-isla-vista",
    "http://www.nytimes.com/2014/05/27/us/campaign-against-violence-toward-women-grows.html",
    "http://www.slate.com/blogs/xx_factor/2014/05/25/yesallwomen_hashtag_responds.html",
    "http://www.salon.com/2014/05/26/yesallwomen_what_the_hashtag_is_really_about/",
    "http://jezebel.com/yesallwomen-is-the-hashtag-everyone-should-be-reading-1581371092",
    "http://www.washingtonpost.com/news/style-blog/wp/2014/05/26/yesallwomen-hashtag/",
    "http://www.cnn.com/2014/05/27/living/yesallwomen-hashtag/",
    "http://www.latimes.com/local/lanow/la-me-ln-isla-vista-vigil-20140524-story.html",
    "http://time.com/114043/yesallwomen-hashtag-santa-barbara-shooting/",
    "http://www.buzzfeed.com/jessicatesta/yesallwomen-tweets",
    "http://www.bbc.co.uk/news/blogs-trending-27586264",
    "http://www.theatlantic.com/features/archive/2014/05/yesallwomen/371656/",
    "http://www.vox.com/2014/5/26/5752978/yesallwomen-notallmen-explained",
    "http://www.dailydot.com/lol/yesallwomen-notallmen-hashtag/",
    "http://www.npr.org/blogs/codeswitch/2014/05/28/yesallwomen-hashtag",
    "http://www.independent.co.uk/voices/comment/yesallwomen-a-hashtag-that-matters-9437034.html",
    "http://www.elpais.com/internacional/2014/05/26/actualidad/1401135020_isla_vista.html",
)
