"""Shared text rules: the tweet token, stop words per language, and each text's detected language.

One home for what every text analysis (topic words, distinguishing words) must agree on:

- :data:`TOKEN_PATTERN` — a word token of a tweet (letters first, no numbers, no ``_`` edges);
- :func:`stop_words` — stop words of one or more languages: scikit-learn's English list (stopwords-iso's
  English list also drops content words such as "men", "work", "world") and the stopwords-iso lists
  (package ``stopwordsiso``, 58 languages) for the others, plus Twitter's own filler tokens;
- :func:`detect_languages` — the language of each text by py3langid (a naive-Bayes model shipped in its
  wheel, no download), restricted to the languages Twitter labels; each distinct text is classified
  once per process;
- :func:`collection_languages` — the languages making up a meaningful share of a collection (whose stop
  words a mixed collection gets);
- the tweet patterns (hashtag, @mention with ``@`` or fullwidth ``＠``, URL, a retweet's ``RT @user:``),
  :func:`strip_tweet_noise` (the text an embedding or a lexicon reads) and :func:`normalize_tag` /
  :func:`normalize_account` (how a tag or handle is compared): every stage imports them from here.

Examples
--------
>>> "die" in stop_words(["de"]), "die" in stop_words(["en"])
(True, False)
>>> detect_languages(["Befristete Verträge machen die Wissenschaft kaputt", "Thank you all for coming today!"])
['de', 'en']
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import polars as pl

#: A word token (scikit-learn ``token_pattern``): starts with a letter, ends with a letter or digit, no ``_`` edges.
TOKEN_PATTERN = r"(?u)\b[^\W\d_][\w']*[^\W_]\b"

#: Twitter tokens and fillers that never name a topic, in any language (lower case).
TWITTER_STOP_WORDS: frozenset[str] = frozenset(
    {
        "rt",
        "amp",
        "via",
        "gt",
        "lt",
        "http",
        "https",
        "co",
        "t",
        "s",
        "don",
        "im",
        "just",
        "don't",
        "doesn't",
        "didn't",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
        "can't",
        "couldn't",
        "won't",
        "wouldn't",
        "shouldn't",
        "haven't",
        "hasn't",
        "hadn't",
        "i'm",
        "i've",
        "i'll",
        "i'd",
        "you're",
        "you've",
        "you'll",
        "you'd",
        "he's",
        "she's",
        "it's",
        "we're",
        "we've",
        "they're",
        "they've",
        "that's",
        "there's",
        "what's",
        "let's",
        "dont",
        "doesnt",
        "didnt",
        "isnt",
        "cant",
        "wont",
        "u",
        "ur",
        "lol",
        "omg",
        "thanks",
        "thank",
        "really",
        "yes",
        "yeah",
        "oh",
        "ok",
        "okay",
        "gonna",
        "wanna",
        "got",
        "pls",
        "please",
    }
)

#: Languages Twitter labels tweets with (ISO 639-1); detection chooses among these.
TWITTER_LANGS: tuple[str, ...] = (
    "am",
    "ar",
    "bg",
    "bn",
    "ca",
    "cs",
    "cy",
    "da",
    "de",
    "el",
    "en",
    "es",
    "et",
    "eu",
    "fa",
    "fi",
    "fr",
    "gu",
    "he",
    "hi",
    "ht",
    "hu",
    "hy",
    "id",
    "is",
    "it",
    "ja",
    "ka",
    "km",
    "kn",
    "ko",
    "lo",
    "lt",
    "lv",
    "ml",
    "mr",
    "ms",
    "my",
    "ne",
    "nl",
    "no",
    "or",
    "pa",
    "pl",
    "ps",
    "pt",
    "ro",
    "ru",
    "si",
    "sk",
    "sl",
    "sr",
    "sv",
    "ta",
    "te",
    "th",
    "tl",
    "tr",
    "uk",
    "ur",
    "vi",
    "zh",
)
#: Below this many letters (after removing URLs, mentions and ``#``) a text's language is ``und``.
MIN_LETTERS = 12
#: A language whose share of a collection's texts reaches this contributes its stop words.
LANGUAGE_SHARE = 0.05


# --- tweet patterns and tag / handle normalisation ---------------------------------------------------
# Pattern strings are written for both Python's ``re`` and polars (Rust ``regex``: no look-behind) unless
# their comment says otherwise; compiled forms are given where Python code uses them.

#: A hashtag in free text (for sources without entities): ``#`` or fullwidth ``＃`` then word characters,
#: at least one of them not a digit (Twitter's rule), not preceded by a word character, ``&`` or ``/``.
#: Group 1 is the tag. Python and polars.
HASHTAG_RE = r"(?:^|[^\w&/])[#＃](\w*[^\W\d]\w*)"
#: An @-mention in free text (``@`` or fullwidth ``＠``, 1–15 word characters, not after a word character
#: or ``@``). Group 1 is the handle. Python and polars.
MENTION_RE = r"(?:^|[^\w@])[@＠](\w{1,15})"
#: A retweet's own prefix exactly as Twitter writes it, ``RT @user: `` (group 1: the handle); ingest uses it
#: to tell a retweet's text from its original's, so it is strict (unlike :data:`RT_LEAD_RE`). Python and polars.
RT_PREFIX_RE = r"^RT @(\w{1,15}): ?"
#: A leading ``RT @user:`` as cleaning removes it: lenient about spaces (hand-made and archived texts).
RT_LEAD_RE = r"^RT\s+@\w{1,15}:\s*"
#: A URL in free text (match case-insensitively: :data:`URL`, or prefix ``(?i)`` in polars): with a scheme,
#: ``www.``, or a bare domain with a path, as Bluesky shows a link in a post's text (``time.com/11404...``).
URL_RE = r"https?://\S+|www\.\S+|\b(?:[a-z0-9-]+\.)+[a-z]{2,}/\S*"
#: A stand-alone @mention to remove from a text, whatever the platform: a Twitter ``@user``, a Bluesky
#: ``@name.bsky.social`` or domain handle, a Mastodon ``@user@instance.social`` — so that no handle leaves
#: ``bsky``/``social`` fragments behind (Python only: look-behind; polars uses
#: ``str.replace_all(MENTION_STRIP_POLARS, "$1 ")``, the same rule).
MENTION_STRIP_RE = r"(?<![\w@])@\w[\w-]*(?:\.[\w-]+)*(?:@\w[\w-]*(?:\.[\w-]+)*)?"
#: :data:`MENTION_STRIP_RE` for polars: group 1 keeps the character before the mention.
MENTION_STRIP_POLARS = r"(^|[^\w@])@\w[\w-]*(?:\.[\w-]+)*(?:@\w[\w-]*(?:\.[\w-]+)*)?"
#: A word of a word count (polars): letters, digits or ``_``, with an optional leading ``#`` so that hashtags
#: are counted as ``#tag`` — unlike :data:`TOKEN_PATTERN` (topic words, which never hold a ``#``) on purpose.
WORD_COUNT_TOKEN_RE = r"#?[\p{L}\p{N}_]+(?:'[\p{L}]+)*"
#: Any ``@word`` (``@`` or ``＠``; group 1 the sign, group 2 the handle), even inside a word or longer than
#: 15 characters: broader than :data:`MENTION_RE` on purpose, for masking handles, where hiding too much
#: is the safe side.
AT_WORD_RE = r"([@＠])(\w+)"

HASHTAG = re.compile(HASHTAG_RE)
MENTION = re.compile(MENTION_RE)
RT_PREFIX = re.compile(RT_PREFIX_RE)
RT_LEAD = re.compile(RT_LEAD_RE)
URL = re.compile(URL_RE, re.IGNORECASE)
MENTION_STRIP = re.compile(MENTION_STRIP_RE)
AT_WORD = re.compile(AT_WORD_RE)
_SPACE = re.compile(r"\s+")


def strip_tweet_noise(text: str | None) -> str:
    """A text without what carries no meaning for a reader model: a leading ``RT @x:``, URLs, @mentions,
    extra spaces (hashtags are kept).

    >>> strip_tweet_noise("RT @amy: Women   speak up @bob https://t.co/x #YesAllWomen")
    'Women speak up #YesAllWomen'
    """
    text = RT_LEAD.sub("", text or "")
    text = MENTION_STRIP.sub(" ", URL.sub(" ", text))
    return _SPACE.sub(" ", text).strip()


def normalize_tag(tag: str) -> str:
    """Lower-case a hashtag and strip a leading ``#`` (or fullwidth ``＃``).

    >>> normalize_tag("#YesAllWomen"), normalize_tag(" ＃MeToo")
    ('yesallwomen', 'metoo')
    """
    return tag.strip().lstrip("#＃").casefold()


def normalize_account(name: str) -> str:
    """Lower-case an account handle and strip a leading ``@`` (or fullwidth ``＠``).

    >>> normalize_account("@AmyS"), normalize_account("＠amys ")
    ('amys', 'amys')
    """
    return name.strip().lstrip("@＠").casefold()


# --- language detection (private) -------------------------------------------------------------------
#: What detection ignores: URLs, @mentions and a leading ``RT @x:`` (case-insensitive).
_STRIP = re.compile("|".join((URL_RE, MENTION_STRIP_RE, RT_LEAD_RE)), re.IGNORECASE)
_CACHE: dict[str, str] = {}
_CACHE_MAX = 2_000_000


# --- stop words ---------------------------------------------------------------------------------
@functools.cache
def _english_stop_words() -> frozenset[str]:
    """scikit-learn's English list, read from its module file without importing all of scikit-learn (~1 s)."""
    import importlib.util

    spec = importlib.util.find_spec("sklearn")
    if spec is not None and spec.origin:
        path = Path(spec.origin).parent / "feature_extraction" / "_stop_words.py"
        file_spec = importlib.util.spec_from_file_location("_kit_sklearn_stop_words", path)
        if path.is_file() and file_spec is not None and file_spec.loader is not None:
            module = importlib.util.module_from_spec(file_spec)
            try:
                file_spec.loader.exec_module(module)
                return frozenset(module.ENGLISH_STOP_WORDS)
            except Exception:  # a changed layout: fall back to the regular import
                pass
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


#: Tokens a language's list lacks that never name a topic: German gender endings ("Lehrer*innen",
#: "Kolleg:innen") are split off by :data:`TOKEN_PATTERN` and otherwise top every German topic.
EXTRA_STOP_WORDS: dict[str, frozenset[str]] = {"de": frozenset({"innen", "in"})}


@functools.cache
def _language_stop_words(lang: str) -> frozenset[str]:
    if lang == "en":
        return _english_stop_words()
    import stopwordsiso

    listed = frozenset(w.lower() for w in stopwordsiso.stopwords(lang)) if stopwordsiso.has_lang(lang) else frozenset()
    return listed | EXTRA_STOP_WORDS.get(lang, frozenset())


def stop_words(langs: Iterable[str] | None = ("en",)) -> frozenset[str]:
    """Stop words of the languages ``langs`` (ISO 639-1), plus :data:`TWITTER_STOP_WORDS`.

    English uses scikit-learn's list; other languages the stopwords-iso list (none for a language it
    lacks, e.g. ``und``) and :data:`EXTRA_STOP_WORDS`. ``None`` means English.

    >>> {"und", "der", "innen"} <= stop_words(["de"]), "men" in stop_words(["en"]), "que" in stop_words(["en", "es"])
    (True, False, True)
    """
    words: set[str] = set(TWITTER_STOP_WORDS)
    for lang in ("en",) if langs is None else langs:
        words |= _language_stop_words(str(lang).lower())
    return frozenset(words)


# --- language detection ---------------------------------------------------------------------------
@functools.cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
    ident.set_languages([lang for lang in TWITTER_LANGS if lang in set(ident.labels)])
    return ident


def _detect(text: str) -> str:
    cleaned = _STRIP.sub(" ", text).replace("#", " ")
    if sum(map(str.isalpha, cleaned)) < MIN_LETTERS:
        return "und"
    return str(_identifier().classify(cleaned)[0])


def detect_languages(texts: Sequence[str | None]) -> list[str]:
    """The detected language (ISO 639-1) of each text; ``und`` for texts too short to tell.

    URLs, @mentions, a leading ``RT @x:`` and ``#`` are removed first. Each distinct text is classified
    once per process (py3langid: about 10,000 texts a second on one core).

    >>> detect_languages(["La precariedad en la universidad es un problema de todos", "ok", None])
    ['es', 'und', 'und']
    """
    out: list[str] = []
    for text in texts:
        if not text:
            out.append("und")
            continue
        lang = _CACHE.get(text)
        if lang is None:
            if len(_CACHE) >= _CACHE_MAX:
                _CACHE.clear()
            lang = _CACHE[text] = _detect(text)
        out.append(lang)
    return out


def detected_language_expr(column: str = "text") -> pl.Expr:
    """A polars expression: the detected language of ``column`` (each distinct text classified once).

    >>> pl.DataFrame({"text": ["Das ist ein deutscher Satz über Hochschulen"]}).select(detected_language_expr())["text"].to_list()
    ['de']
    """

    def batch(texts: pl.Series) -> pl.Series:
        distinct = texts.unique()
        langs = pl.Series(detect_languages(distinct.to_list()), dtype=pl.String)
        return texts.replace_strict(distinct, langs, default="und", return_dtype=pl.String)

    return pl.col(column).map_batches(batch, return_dtype=pl.String)


def with_detected_language(frame: pl.DataFrame | pl.LazyFrame, *, name: str = "lang_detected") -> Any:
    """``frame`` with a ``lang_detected`` column (kept as it is when the column already exists).

    >>> from kit.schema import from_records
    >>> with_detected_language(from_records([{"tweet_id": "1", "text": "Wir sind viele und wir sind laut"}]))["lang_detected"].to_list()
    ['de']
    """
    columns = frame.collect_schema().names() if isinstance(frame, pl.LazyFrame) else frame.columns
    if name in columns:
        return frame
    return frame.with_columns(detected_language_expr("text").alias(name))


def language_shares(langs: Iterable[str | None]) -> list[tuple[str, float]]:
    """Each language's share of ``langs`` (``und`` and missing values left out), largest first.

    >>> language_shares(["de", "de", "en", "und", None])
    [('de', 0.6667), ('en', 0.3333)]
    """
    counts = Counter(lang for lang in langs if lang and lang != "und")
    total = sum(counts.values())
    return [(lang, round(n / total, 4)) for lang, n in counts.most_common()] if total else []


def main_languages(langs: Iterable[str | None], *, min_share: float = LANGUAGE_SHARE) -> tuple[str, ...]:
    """The languages making up at least ``min_share`` of ``langs`` (at least the most common one), sorted.

    >>> main_languages(["de"] * 90 + ["en"] * 8 + ["fr"] * 2)
    ('de', 'en')
    >>> main_languages([])
    ('en',)
    """
    shares = language_shares(langs)
    if not shares:
        return ("en",)
    return tuple(sorted({shares[0][0]} | {lang for lang, share in shares if share >= min_share}))


def collection_languages(
    frame: pl.DataFrame | pl.LazyFrame, *, sample: int = 3000, seed: int = 0, min_share: float = LANGUAGE_SHARE
) -> tuple[str, ...]:
    """The main languages of a collection's distinct texts (``lang_detected`` if present, else detected on a sample).

    >>> from kit.schema import from_records
    >>> collection_languages(from_records([{"tweet_id": str(i), "text": t} for i, t in
    ...     enumerate(["Wir fordern Dauerstellen für Daueraufgaben", "Die Befristung muss ein Ende haben"])]))
    ('de',)
    """
    lf = frame.lazy()
    if "lang_detected" in lf.collect_schema().names():
        return main_languages(lf.select("lang_detected").collect()["lang_detected"].to_list(), min_share=min_share)
    texts = lf.select(pl.col("text").drop_nulls().unique(maintain_order=True)).collect()["text"]
    if texts.len() > sample:
        texts = texts.sample(sample, seed=seed)
    return main_languages(detect_languages(texts.to_list()), min_share=min_share)


__all__ = [
    "AT_WORD",
    "AT_WORD_RE",
    "HASHTAG",
    "HASHTAG_RE",
    "LANGUAGE_SHARE",
    "MENTION",
    "MENTION_RE",
    "MENTION_STRIP",
    "MENTION_STRIP_POLARS",
    "MENTION_STRIP_RE",
    "MIN_LETTERS",
    "RT_LEAD",
    "RT_LEAD_RE",
    "RT_PREFIX",
    "RT_PREFIX_RE",
    "TOKEN_PATTERN",
    "TWITTER_LANGS",
    "TWITTER_STOP_WORDS",
    "URL",
    "URL_RE",
    "WORD_COUNT_TOKEN_RE",
    "collection_languages",
    "detect_languages",
    "detected_language_expr",
    "language_shares",
    "main_languages",
    "normalize_account",
    "normalize_tag",
    "stop_words",
    "strip_tweet_noise",
    "with_detected_language",
]
