"""Twitter API v1.1 statuses (REST compat/extended mode, streaming, 2009-era) → raw rows.

The full text and its entities come from, in order: the retweeted original (for a retweet), its
``extended_tweet`` (streaming/compat), ``full_text`` (REST extended mode), ``text`` (compat; a
``truncated`` compat status keeps ``is_truncated``). IDs come from the ``*_str`` twins; 2009-era
statuses lack them, and their numeric ids (parsed exactly by orjson, never via a float) are used.

Examples
--------
>>> r = status_row({"id": 1, "id_str": "1", "text": "hi #Yes", "created_at": "Sat May 24 18:02:00 +0000 2014",
...                 "entities": {"hashtags": [{"text": "Yes"}]}, "user": {"id_str": "9", "screen_name": "a"}},
...                "f.jsonl", 1)
>>> r[0], r[20]
('1', 'Yes')
"""

from __future__ import annotations

from typing import Any

from kit.ingest.rows import LIST_SEP as _SEP
from kit.text import HASHTAG as _HASHTAG
from kit.text import MENTION as _MENTION

_EMPTY: dict[str, Any] = {}


def _id(obj: dict[str, Any], key: str) -> str | None:
    """``obj[key + '_str']``, else the exact integer ``obj[key]`` as a string, else ``None``."""
    value = obj.get(key + "_str")
    if value:
        return value
    value = obj.get(key)
    return None if value is None else str(value)


def status_row(t: dict[str, Any], source_file: str, line: int) -> tuple:
    """One v1.1 status → a raw row (see :data:`kit.ingest.rows.RAW_FIELDS`)."""
    user = t.get("user") or _EMPTY
    rt = t.get("retweeted_status")
    src = rt if rt else t
    ext = src.get("extended_tweet")
    truncated = False
    if ext:
        text = ext.get("full_text") or src.get("text")
        ents = ext.get("entities") or src.get("entities")
    elif "full_text" in src:
        text = src["full_text"]
        ents = src.get("entities")
    else:
        text = src.get("text")
        ents = src.get("entities")
        truncated = bool(src.get("truncated"))
    if ents is not None:
        hashtags = _SEP.join([h["text"] for h in ents.get("hashtags") or ()])
        mentions = _SEP.join([m["screen_name"] for m in ents.get("user_mentions") or ()])
        urls = _SEP.join([u.get("expanded_url") or u.get("url") or "" for u in ents.get("urls") or ()])
    else:  # 2009-era statuses carry no entities: take them from the text
        hashtags = _SEP.join(_HASHTAG.findall(text or ""))
        mentions = _SEP.join(_MENTION.findall(text or ""))
        urls = ""
    if rt:
        rt_user = rt.get("user") or _EMPTY
        retweeted = (_id(rt, "id"), rt_user.get("id_str") or _id(rt_user, "id"), rt_user.get("screen_name"))
        quoted = (None, None, None)
        is_quote = False
    else:
        retweeted = (None, None, None)
        qt = t.get("quoted_status") or _EMPTY
        qt_user = qt.get("user") or _EMPTY
        quoted_id = t.get("quoted_status_id_str") or (_id(qt, "id") if qt else None)
        if quoted_id is None and t.get("quoted_status_id") is not None:
            quoted_id = str(t["quoted_status_id"])
        quoted = (
            quoted_id,
            qt_user.get("id_str") or _id(qt_user, "id") if qt_user else None,
            qt_user.get("screen_name"),
        )
        is_quote = quoted_id is not None or bool(t.get("is_quote_status"))
    reply_id = _id(t, "in_reply_to_status_id")
    lang = t.get("lang") or (t.get("metadata") or _EMPTY).get("iso_language_code")
    return (
        _id(t, "id"),
        t.get("created_at"),
        user.get("id_str") or _id(user, "id") if user else None,
        user.get("screen_name"),
        user.get("name"),
        user.get("followers_count"),
        text,
        lang,
        rt is not None and rt is not False,
        is_quote,
        reply_id is not None,
        retweeted[0],
        retweeted[1],
        retweeted[2],
        quoted[0],
        quoted[1],
        quoted[2],
        reply_id,
        _id(t, "in_reply_to_user_id"),
        t.get("in_reply_to_screen_name"),
        hashtags,
        mentions,
        urls,
        src.get("retweet_count"),
        src.get("favorite_count"),
        src.get("reply_count"),
        src.get("quote_count"),
        truncated,
        "v1",
        source_file,
        line,
    )


def is_status(obj: dict[str, Any]) -> bool:
    """A v1.1 status: ``text``/``full_text`` plus a v1 marker (``user``, ``id_str`` or a classic date)."""
    if "text" not in obj and "full_text" not in obj:
        return False
    if "user" in obj or "id_str" in obj:
        return True
    created = obj.get("created_at")
    return isinstance(created, str) and len(created) == 30 and created[3] == " " and created[-4:].isdigit()
