"""Gnip Activity Streams (enterprise ``activity`` records: ``verb``/``actor``/``object``) → raw rows.

``verb: "post"`` is a tweet, ``verb: "share"`` a retweet whose ``object`` is the original activity;
the full text is ``long_object.body`` when the tweet is longer than 140 characters, else ``body``.
IDs are the tails of ``tag:search.twitter.com,2005:ID`` and ``id:twitter.com:ID``.

Examples
--------
>>> act = {"verb": "post", "id": "tag:search.twitter.com,2005:5", "body": "hi #A",
...        "postedTime": "2017-07-18T23:25:04.000Z", "actor": {"id": "id:twitter.com:9",
...        "preferredUsername": "u"}, "twitter_entities": {"hashtags": [{"text": "A"}]}}
>>> r = activity_row(act, "f.json", 1)
>>> r[0], r[2], r[20]
('5', '9', 'A')
"""

from __future__ import annotations

import re
from typing import Any

from kit.ingest.rows import LIST_SEP as _SEP

_EMPTY: dict[str, Any] = {}
_STATUS_ID = re.compile(r"/status(?:es)?/(\d+)")


def _tail(value: Any) -> str | None:
    """``'tag:search.twitter.com,2005:123'`` → ``'123'``."""
    if value is None:
        return None
    return str(value).rsplit(":", 1)[-1]


def _body_and_entities(act: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    long = act.get("long_object")
    if long and long.get("body"):
        return long["body"], long.get("twitter_entities") or act.get("twitter_entities") or _EMPTY
    return act.get("body"), act.get("twitter_entities") or _EMPTY


def activity_row(act: dict[str, Any], source_file: str, line: int) -> tuple:
    """One Gnip ``post``/``share`` activity → a raw row."""
    actor = act.get("actor") or _EMPTY
    is_share = act.get("verb") == "share"
    original = act.get("object") if is_share else None
    src = original if isinstance(original, dict) else act
    text, ents = _body_and_entities(src)
    if is_share and not isinstance(original, dict):
        truncated = bool(text) and text.endswith("…")
    else:
        truncated = False
    if is_share and isinstance(original, dict):
        o_actor = original.get("actor") or _EMPTY
        retweeted = (_tail(original.get("id")), _tail(o_actor.get("id")), o_actor.get("preferredUsername"))
    else:
        retweeted = (None, None, None)
    qt = act.get("twitter_quoted_status") if not is_share else None
    if isinstance(qt, dict):
        q_actor = qt.get("actor") or _EMPTY
        quoted = (_tail(qt.get("id")), _tail(q_actor.get("id")), q_actor.get("preferredUsername"))
    else:
        quoted = (None, None, None)
    reply_link = (act.get("inReplyTo") or _EMPTY).get("link") or ""
    match = _STATUS_ID.search(reply_link)
    reply_id = match.group(1) if match else None
    reply_name = reply_link.split("/")[3] if match and reply_link.count("/") >= 4 else None
    return (
        _tail(act.get("id")),
        act.get("postedTime"),
        _tail(actor.get("id")),
        actor.get("preferredUsername"),
        actor.get("displayName"),
        actor.get("followersCount"),
        text,
        act.get("twitter_lang"),
        is_share,
        quoted[0] is not None,
        reply_id is not None,
        retweeted[0],
        retweeted[1],
        retweeted[2],
        quoted[0],
        quoted[1],
        quoted[2],
        reply_id,
        None,
        reply_name,
        _SEP.join([h["text"] for h in ents.get("hashtags") or ()]),
        _SEP.join([m["screen_name"] for m in ents.get("user_mentions") or ()]),
        _SEP.join([u.get("expanded_url") or u.get("url") or "" for u in ents.get("urls") or ()]),
        src.get("retweetCount", act.get("retweetCount")),
        src.get("favoritesCount", act.get("favoritesCount")),
        None,
        None,
        truncated,
        "gnip",
        source_file,
        line,
    )


def is_activity(obj: dict[str, Any]) -> bool:
    """A Gnip Activity Streams record."""
    return "verb" in obj and ("actor" in obj or "object" in obj) and ("postedTime" in obj or "body" in obj)


def deleted_id(obj: dict[str, Any]) -> str | None:
    """The tweet id of a Gnip compliance ``delete`` activity, else ``None``."""
    if obj.get("verb") == "delete":
        target = obj.get("object") or _EMPTY
        return _tail(target.get("id") if isinstance(target, dict) else target)
    return None
