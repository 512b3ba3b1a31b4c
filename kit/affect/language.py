"""Which texts the English lexicons can read: one small function, meant to be swapped for a shared detector.

A text is read as English when at least a quarter of its word tokens are common English function
words (fast, no model); texts that fail this gate but have three or more words go to ``py3langid``;
texts with fewer than three words (an emoji and a hashtag) are scored (VADER reads emoji).

Examples
--------
>>> is_english(["Because I was followed home #YesAllWomen", "Porque tengo miedo de caminar sola de noche.", "😢"])
[True, False, True]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: Function words that are English and rarely anything else.
ENGLISH_WORDS: frozenset[str] = frozenset(
    "the and is are was were you my your to of it that this for with be have has not but they we he she her his "
    "them at by from or what when who because just so all about an if do don't can will would should been being "
    "am our their i i'm me men women every how why there than then out up more one get got like know think "
    "still never always its it's after before over into only also even yes much many some any these those "
    "which while where here now today again too very really".split())
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_NOISE = re.compile(r"https?://\S+|[@#]\w+")
GATE: float = 0.25


def _langid(text: str) -> str:
    import py3langid

    return str(py3langid.classify(text)[0])


def is_english(texts: Sequence[str | None]) -> list[bool]:
    """For each text, can the English lexicons read it? (``None`` or empty: False)."""
    out: list[bool] = []
    for text in texts:
        if not text:
            out.append(False)
            continue
        words = _WORD.findall(_NOISE.sub(" ", text).lower())
        if len(words) < 3:
            out.append(True)
        elif sum(w in ENGLISH_WORDS for w in words) >= GATE * len(words):
            out.append(True)
        else:
            out.append(_langid(text) == "en")
    return out
