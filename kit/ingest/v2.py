"""Twitter API v2 (twarc2 response pages and flattened tweets) → raw rows.

A page holds ``data`` (a list, or one object for stream and single-tweet lookups), ``includes``
(``users``, ``tweets``, ...), ``errors`` (references that could not be expanded — they never make
the page invalid) and ``meta``/``__twarc``. A retweet's own ``text`` is ``RT @x: `` plus a cut
copy; its full text and entities come from the original in ``includes.tweets`` (flattened files:
inline in ``referenced_tweets``). ``note_tweet.text`` (posts over 280 characters) wins over ``text``.

Examples
--------
>>> page = {"data": [{"id": "2", "text": "RT @a: cut…", "author_id": "9",
...                   "referenced_tweets": [{"type": "retweeted", "id": "1"}]}],
...         "includes": {"tweets": [{"id": "1", "text": "full #Tag", "author_id": "8",
...                                  "entities": {"hashtags": [{"tag": "Tag"}]}}],
...                      "users": [{"id": "8", "username": "a"}, {"id": "9", "username": "b"}]}}
>>> r = page_rows(page, "f.jsonl", 1)[0]
>>> r[6], r[13], r[20]
('full #Tag', 'a', 'Tag')
"""

from __future__ import annotations

from typing import Any

from kit.ingest.rows import LIST_SEP as _SEP
from kit.ingest.rows import rt_username

_EMPTY: dict[str, Any] = {}


def tweet_row(
    d: dict[str, Any], users: dict[str, Any], tweets: dict[str, Any], fmt: str, source_file: str, line: int
) -> tuple:
    """One v2 tweet (page item or flattened line) → a raw row.

    ``users``/``tweets`` index the page's includes by id (empty for flattened tweets, which carry
    ``author``, ``in_reply_to_user`` and ``referenced_tweets[].{text, author, ...}`` inline).
    """
    author = d.get("author") or users.get(d.get("author_id")) or _EMPTY
    rt = qt = None
    rt_id = qt_id = reply_id = None
    refs = d.get("referenced_tweets")
    if refs:
        for ref in refs:
            kind = ref.get("type")
            if kind == "retweeted":
                rt_id = ref.get("id")
                rt = ref if "text" in ref else tweets.get(rt_id)
            elif kind == "quoted":
                qt_id = ref.get("id")
                qt = ref if "text" in ref else tweets.get(qt_id)
            elif kind == "replied_to":
                reply_id = ref.get("id")
    src = rt if rt is not None else d
    note = src.get("note_tweet")
    if note and note.get("text"):
        text = note["text"]
        ents = note.get("entities") or src.get("entities") or _EMPTY
    else:
        text = src.get("text")
        ents = src.get("entities") or _EMPTY
    truncated = rt_id is not None and rt is None and bool(text) and text.endswith("…")
    hashtags = _SEP.join([h["tag"] for h in ents.get("hashtags") or ()])
    mentions = _SEP.join([m["username"] for m in ents.get("mentions") or ()])
    urls = _SEP.join([u.get("expanded_url") or u.get("url") or "" for u in ents.get("urls") or ()])
    if rt_id is not None:
        if rt is not None:
            rt_author_id = rt.get("author_id") or (rt.get("author") or _EMPTY).get("id")
            rt_user = rt.get("author") or users.get(rt_author_id) or _EMPTY
            rt_name = rt_user.get("username")
        else:
            rt_author_id = rt_name = None
        if rt_name is None:
            rt_name = rt_username(d.get("text"))
            if rt_name and rt_author_id is None:
                for m in (d.get("entities") or _EMPTY).get("mentions") or ():
                    if m.get("username") == rt_name:
                        rt_author_id = m.get("id")
                        break
    else:
        rt_author_id = rt_name = None
    if qt is not None:
        qt_author_id = qt.get("author_id") or (qt.get("author") or _EMPTY).get("id")
        qt_name = (qt.get("author") or users.get(qt_author_id) or _EMPTY).get("username")
    else:
        qt_author_id = qt_name = None
    reply_user_id = d.get("in_reply_to_user_id")
    if reply_user_id is not None:
        reply_name = (d.get("in_reply_to_user") or users.get(reply_user_id) or _EMPTY).get("username")
    else:
        reply_name = None
    metrics = src.get("public_metrics") or d.get("public_metrics") or _EMPTY  # a retweet: the original's
    return (
        d.get("id"),
        d.get("created_at"),
        d.get("author_id") or author.get("id"),
        author.get("username"),
        author.get("name"),
        (author.get("public_metrics") or _EMPTY).get("followers_count"),
        text,
        d.get("lang"),
        rt_id is not None,
        qt_id is not None,
        reply_id is not None,
        rt_id,
        rt_author_id,
        rt_name,
        qt_id,
        qt_author_id,
        qt_name,
        reply_id,
        reply_user_id,
        reply_name,
        hashtags,
        mentions,
        urls,
        metrics.get("retweet_count"),
        metrics.get("like_count"),
        metrics.get("reply_count"),
        metrics.get("quote_count"),
        truncated,
        fmt,
        source_file,
        line,
    )


def includes_index(page: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The page's included users and tweets, each indexed by id."""
    inc = page.get("includes") or _EMPTY
    users = {u["id"]: u for u in inc.get("users") or () if "id" in u}
    tweets = {t["id"]: t for t in inc.get("tweets") or () if "id" in t}
    return users, tweets


def page_rows(page: dict[str, Any], source_file: str, line: int) -> list[tuple]:
    """All tweets of one v2 response page as raw rows."""
    data = page.get("data")
    if isinstance(data, dict):
        data = [data]
    users, tweets = includes_index(page)
    return [tweet_row(d, users, tweets, "v2", source_file, line) for d in data or ()]


def page_kind(page: dict[str, Any]) -> str:
    """What a v2 page's ``data`` holds: ``tweets``, ``counts``, ``users``, ``lists`` or ``empty``."""
    data = page.get("data")
    first = data if isinstance(data, dict) else (data[0] if data else None)
    if not isinstance(first, dict):
        return "empty"
    return item_kind(first)


def item_kind(item: dict[str, Any]) -> str:
    """What one v2 object is: ``tweets``, ``counts``, ``users``, ``lists`` or ``unknown``."""
    if "text" in item:
        return "tweets"
    if "tweet_count" in item and "start" in item:
        return "counts"
    if "username" in item:
        return "users"
    if "owner_id" in item or "member_count" in item or "follower_count" in item:
        return "lists"
    return "unknown"


def is_flat_tweet(obj: dict[str, Any]) -> bool:
    """A flattened v2 tweet: ``id`` + ``text`` + a v2 marker, and no v1 ``user``/``id_str``."""
    if "text" not in obj or "id" not in obj or "user" in obj or "id_str" in obj or "account" in obj:
        return False  # ("account": a Mastodon status, whose ``text`` is its source in some responses)
    if isinstance(obj["id"], str):
        return True
    return any(k in obj for k in ("author_id", "edit_history_tweet_ids", "author", "__twarc", "public_metrics"))
