"""Which texts the English lexicons can read: a thin gate over the shared detector :func:`kit.text.detect_languages`.

A text is read as English when at least a quarter of its word tokens are common English function
words (fast, no model); texts that fail this gate but have three or more words go to the shared
detector (py3langid among Twitter's languages); texts with fewer than three words (an emoji and a
hashtag) are scored (VADER reads emoji), which a detector could not decide.

Examples
--------
>>> is_english(["Because I was followed home #YesAllWomen", "Porque tengo miedo de caminar sola de noche.", "😢"])
[True, False, True]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kit.text import URL_RE, detect_languages

#: Function words that are English and rarely anything else.
ENGLISH_WORDS: frozenset[str] = frozenset(
    "the and is are was were you my your to of it that this for with be have has not but they we he she her his "
    "them at by from or what when who because just so all about an if do don't can will would should been being "
    "am our their i i'm me men women every how why there than then out up more one get got like know think "
    "still never always its it's after before over into only also even yes much many some any these those "
    "which while where here now today again too very really".split()
)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
#: What the function-word gate does not count as words: URLs and whole ``@handle``/``#tag`` tokens (a
#: hashtag is no sentence word here, unlike in kit.text's rules, which keep a tag's words).
_NOISE = re.compile(URL_RE + r"|[@#]\w+")
GATE: float = 0.25


def is_english(texts: Sequence[str | None]) -> list[bool]:
    """For each text, can the English lexicons read it? (``None`` or empty: False).

    The function-word gate runs vectorised in polars; only texts that fail it go to ``py3langid``.
    """
    import polars as pl

    series = pl.Series("t", list(texts), dtype=pl.String)
    words = series.str.replace_all(_NOISE.pattern, " ").str.to_lowercase().str.extract_all(_WORD.pattern)
    frame = pl.DataFrame(
        {
            "t": series,
            "n": words.list.len(),
            "hits": words.list.eval(pl.element().is_in(list(ENGLISH_WORDS)).sum()).list.first(),
        }
    )
    gate = frame.select(
        pl.when(pl.col("t").is_null() | (pl.col("t").str.strip_chars() == ""))
        .then(False)
        .when((pl.col("n") < 3) | (pl.col("hits") >= GATE * pl.col("n")))
        .then(True)
        .otherwise(None)
        .alias("ok")
    )["ok"]
    out = gate.to_list()
    undecided = gate.is_null().arg_true().to_list()
    for i, lang in zip(undecided, detect_languages([texts[i] for i in undecided]), strict=True):
        out[i] = lang == "en"
    return out
