"""Typed decoding of the two shapes that make up nearly every large collection: v2 response pages
(and flattened v2 tweets) and v1.1 statuses, one per line.

:mod:`orjson` turns every line into Python dicts holding *every* field of the API's response
(user profiles, annotations, context, edit history...), most of which the canonical table never
reads. Here :mod:`msgspec` decodes each line straight into small typed structs holding only the
fields the readers use, skipping the rest inside its C parser: fewer objects, less work, and rows
built by attribute access instead of chains of ``dict.get``.

The fast path is an *optimisation only*: the structs accept a strict subset of inputs whose
meaning is unambiguous (required fields present, every value of the expected type), and the row
builders repeat, field for field, the rules of :func:`kit.ingest.v2.tweet_row` and
:func:`kit.ingest.v1.status_row`. Any line outside that subset — a stream notice, a page of users,
a tweet with an odd value, an unparseable line — raises inside the decoder and goes down the
general route (``orjson`` + the record dispatcher) unchanged. ``tests/test_ingest_fast.py`` imports
every real fixture both ways and compares the tables. ``KIT_FAST_JSON=0`` turns it off.

Examples
--------
>>> line = (b'{"data": [{"id": "2", "text": "hi #Tag", "author_id": "9", '
...         b'"entities": {"hashtags": [{"tag": "Tag"}]}}], '
...         b'"includes": {"users": [{"id": "9", "username": "b"}]}}')
>>> kind, value = FastLines().decode(line, "page")
>>> rows = page_rows(value, "f.jsonl", 1)
>>> rows[0][0], rows[0][3], rows[0][20]
('2', 'b', 'Tag')
"""

from __future__ import annotations

import os
from typing import Any

import msgspec
from msgspec import UNSET, Raw, Struct, UnsetType

from kit.ingest.rows import LIST_SEP as _SEP
from kit.ingest.rows import rt_username
from kit.ingest.v1 import is_status
from kit.ingest.v2 import is_flat_tweet
from kit.text import HASHTAG as _HASHTAG
from kit.text import MENTION as _MENTION

# -- v2 ----------------------------------------------------------------------------------------


class _Keys(Struct, gc=False):
    """A struct whose fields default to UNSET: falsy when none of them was in the JSON, like the empty
    dict the general route would have read (``x or y`` then takes ``y`` the same way)."""

    def __bool__(self) -> bool:
        return any(getattr(self, name) is not UNSET for name in self.__struct_fields__)


class _Tag(Struct, gc=False):
    tag: str


class _Mention(Struct, gc=False):
    username: str
    id: Any = None


class _Url(Struct, gc=False):
    url: Any = None
    expanded_url: Any = None


class _Entities(_Keys, gc=False):
    """v2 ``entities``."""

    hashtags: list[_Tag] | None | UnsetType = UNSET
    mentions: list[_Mention] | None | UnsetType = UNSET
    urls: list[_Url] | None | UnsetType = UNSET
    cashtags: Raw | UnsetType = UNSET
    annotations: Raw | UnsetType = UNSET


class _UserMetrics(Struct, gc=False):
    followers_count: Any = None


class _Metrics(_Keys, gc=False):
    """A tweet's ``public_metrics``."""

    retweet_count: Any = UNSET
    like_count: Any = UNSET
    reply_count: Any = UNSET
    quote_count: Any = UNSET
    impression_count: Any = UNSET
    bookmark_count: Any = UNSET


class _User(Struct, gc=False):
    id: str
    username: Any = None
    name: Any = None
    public_metrics: _UserMetrics | None = None


class _Note(Struct, gc=False):
    text: Any = None
    entities: _Entities | None = None


class _Ref(Struct, gc=False):
    """A ``referenced_tweets`` item: ``{type, id}`` in pages; the whole tweet inline when flattened."""

    type: Any = None
    id: Any = None
    text: str | None | UnsetType = UNSET
    author_id: Any = None
    author: _User | None = None
    entities: _Entities | None = None
    note_tweet: _Note | None = None
    public_metrics: _Metrics | None = None


class _Tweet(Struct, gc=False):
    id: str
    text: str
    created_at: Any = None
    author_id: Any = None
    lang: Any = None
    author: _User | None = None
    entities: _Entities | None = None
    note_tweet: _Note | None = None
    referenced_tweets: list[_Ref] | None = None
    public_metrics: _Metrics | None = None
    in_reply_to_user_id: Any = None
    in_reply_to_user: _User | None = None


class _FlatTweet(_Tweet, gc=False):
    """A flattened v2 tweet line; the v1 markers and ``data`` must be absent (see ``is_flat_tweet``)."""

    user: Raw | UnsetType = UNSET
    id_str: Raw | UnsetType = UNSET
    data: Raw | UnsetType = UNSET


class _Includes(Struct, gc=False):
    users: list[_User] | None = None
    tweets: list[_Tweet] | None = None


class Page(Struct, gc=False):
    """A twarc2 response page whose ``data`` holds tweets (a list, or one tweet from a stream)."""

    data: list[_Tweet] | _Tweet
    includes: _Includes | None = None
    errors: list[Any] | None = None


def _given(value: Any) -> Any:
    """A field's value, ``None`` when it was absent (``dict.get``)."""
    return None if value is UNSET else value


_NO_USER = _User(id=None)  # type: ignore[arg-type]  # an absent user: every field None
_EMPTY: dict[str, Any] = {}
_NO_METRICS = _Metrics()


def tweet_row(
    d: _Tweet, users: dict[str, _User], tweets: dict[str, _Tweet], fmt: str, source_file: str, line: int
) -> tuple:
    """:func:`kit.ingest.v2.tweet_row` for a decoded struct (same rules, same row)."""
    author = d.author or users.get(d.author_id) or _NO_USER
    rt = qt = None
    rt_id = qt_id = reply_id = None
    refs = d.referenced_tweets
    if refs:
        for ref in refs:
            kind = ref.type
            if kind == "retweeted":
                rt_id = ref.id
                rt = ref if ref.text is not UNSET else tweets.get(rt_id)
            elif kind == "quoted":
                qt_id = ref.id
                qt = ref if ref.text is not UNSET else tweets.get(qt_id)
            elif kind == "replied_to":
                reply_id = ref.id
    src = rt if rt is not None else d
    note = src.note_tweet
    if note and note.text:
        text = note.text
        ents = note.entities or src.entities
    else:
        text = src.text
        ents = src.entities
    if ents is not None:  # an empty one (falsy) gives empty strings below
        hashtags = _SEP.join([h.tag for h in ents.hashtags]) if ents.hashtags else ""
        mentions = _SEP.join([m.username for m in ents.mentions]) if ents.mentions else ""
        urls = _SEP.join([u.expanded_url or u.url or "" for u in ents.urls]) if ents.urls else ""
    else:
        hashtags = mentions = urls = ""
    truncated = rt_id is not None and rt is None and bool(text) and text.endswith("…")
    if rt_id is not None:
        if rt is not None:
            rt_author_id = rt.author_id or (rt.author or _NO_USER).id
            rt_name = (rt.author or users.get(rt_author_id) or _NO_USER).username
        else:
            rt_author_id = rt_name = None
        if rt_name is None:
            rt_name = rt_username(d.text)
            if rt_name and rt_author_id is None and d.entities and d.entities.mentions:
                for m in d.entities.mentions:
                    if m.username == rt_name:
                        rt_author_id = m.id
                        break
    else:
        rt_author_id = rt_name = None
    if qt is not None:
        qt_author_id = qt.author_id or (qt.author or _NO_USER).id
        qt_name = (qt.author or users.get(qt_author_id) or _NO_USER).username
    else:
        qt_author_id = qt_name = None
    reply_user_id = d.in_reply_to_user_id
    if reply_user_id is not None:
        reply_name = (d.in_reply_to_user or users.get(reply_user_id) or _NO_USER).username
    else:
        reply_name = None
    metrics = src.public_metrics  # `src.public_metrics or d.public_metrics`, testing the common key first
    if metrics is None or (metrics.retweet_count is UNSET and not metrics):
        metrics = d.public_metrics or _NO_METRICS
    retweets, likes, replies, quotes = (
        metrics.retweet_count,
        metrics.like_count,
        metrics.reply_count,
        metrics.quote_count,
    )
    user_metrics = author.public_metrics
    return (
        d.id,
        d.created_at,
        d.author_id or author.id,
        author.username,
        author.name,
        user_metrics.followers_count if user_metrics is not None else None,
        text,
        d.lang,
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
        None if retweets is UNSET else retweets,
        None if likes is UNSET else likes,
        None if replies is UNSET else replies,
        None if quotes is UNSET else quotes,
        truncated,
        fmt,
        source_file,
        line,
    )


def page_rows(page: Page, source_file: str, line: int) -> list[tuple]:
    """All tweets of one decoded page as raw rows."""
    inc = page.includes
    users = {u.id: u for u in inc.users} if inc is not None and inc.users else {}
    tweets = {t.id: t for t in inc.tweets} if inc is not None and inc.tweets else {}
    data = page.data if type(page.data) is list else [page.data]
    return [tweet_row(d, users, tweets, "v2", source_file, line) for d in data]


def page_into(page: Page, appenders: tuple[Any, ...], source_file: str, line: int) -> int:
    """Append the rows of one decoded page column by column (see :attr:`kit.ingest.sink.Sink.appenders`);
    returns how many. Appending to 31 column lists costs less than building row tuples and
    transposing them afterwards. All rows are built before the first is appended: a malformed
    tweet raises with the columns untouched."""
    rows = page_rows(page, source_file, line)
    (
        a0,
        a1,
        a2,
        a3,
        a4,
        a5,
        a6,
        a7,
        a8,
        a9,
        a10,
        a11,
        a12,
        a13,
        a14,
        a15,
        a16,
        a17,
        a18,
        a19,
        a20,
        a21,
        a22,
        a23,
        a24,
        a25,
        a26,
        a27,
        a28,
        a29,
        a30,
    ) = appenders
    for (
        x0,
        x1,
        x2,
        x3,
        x4,
        x5,
        x6,
        x7,
        x8,
        x9,
        x10,
        x11,
        x12,
        x13,
        x14,
        x15,
        x16,
        x17,
        x18,
        x19,
        x20,
        x21,
        x22,
        x23,
        x24,
        x25,
        x26,
        x27,
        x28,
        x29,
        x30,
    ) in rows:
        a0(x0)
        a1(x1)
        a2(x2)
        a3(x3)
        a4(x4)
        a5(x5)
        a6(x6)
        a7(x7)
        a8(x8)
        a9(x9)
        a10(x10)
        a11(x11)
        a12(x12)
        a13(x13)
        a14(x14)
        a15(x15)
        a16(x16)
        a17(x17)
        a18(x18)
        a19(x19)
        a20(x20)
        a21(x21)
        a22(x22)
        a23(x23)
        a24(x24)
        a25(x25)
        a26(x26)
        a27(x27)
        a28(x28)
        a29(x29)
        a30(x30)
    return len(rows)


def flat_row(d: _FlatTweet, source_file: str, line: int) -> tuple:
    """One flattened v2 tweet line as a raw row."""
    return tweet_row(d, _EMPTY, _EMPTY, "v2-flat", source_file, line)  # type: ignore[arg-type]


# -- v1.1 --------------------------------------------------------------------------------------


class _V1Tag(Struct, gc=False):
    text: str


class _V1Mention(Struct, gc=False):
    screen_name: str


class _V1Entities(_Keys, gc=False):
    """v1.1 ``entities``."""

    hashtags: list[_V1Tag] | None | UnsetType = UNSET
    user_mentions: list[_V1Mention] | None | UnsetType = UNSET
    urls: list[_Url] | None | UnsetType = UNSET
    symbols: Raw | UnsetType = UNSET
    media: Raw | UnsetType = UNSET


class _V1User(Struct, gc=False):
    id: int | str | None = None
    id_str: Any = None
    screen_name: Any = None
    name: Any = None
    followers_count: Any = None


class _Extended(Struct, gc=False):
    full_text: str
    entities: _V1Entities | None = None


class _Metadata(Struct, gc=False):
    iso_language_code: Any = None


class Status(Struct, gc=False):
    """A v1.1 status (REST compat/extended, streaming); ``created_at`` required, ``data`` absent."""

    created_at: str
    id: int | str | None = None
    id_str: Any = UNSET
    text: str | None | UnsetType = UNSET
    full_text: str | None | UnsetType = UNSET
    truncated: Any = None
    user: _V1User | None | UnsetType = UNSET
    entities: _V1Entities | None = None
    extended_tweet: _Extended | None = None
    retweeted_status: Status | None = None
    quoted_status: Status | None = None
    quoted_status_id: int | str | None = None
    quoted_status_id_str: Any = None
    is_quote_status: Any = None
    in_reply_to_status_id: int | str | None = None
    in_reply_to_status_id_str: Any = None
    in_reply_to_user_id: int | str | None = None
    in_reply_to_user_id_str: Any = None
    in_reply_to_screen_name: Any = None
    lang: Any = None
    metadata: _Metadata | None = None
    retweet_count: Any = None
    favorite_count: Any = None
    reply_count: Any = None
    quote_count: Any = None
    data: Raw | UnsetType = UNSET


def _is_status(t: Status) -> bool:
    """:func:`kit.ingest.v1.is_status` on the struct (and no ``data``, which the dispatcher tests first)."""
    if t.data is not UNSET or (t.text is UNSET and t.full_text is UNSET):
        return False
    return t.user is not UNSET or t.id_str is not UNSET or _v1_date(t.created_at)


def _sid(value: Any, twin: Any) -> str | None:
    """``_str`` twin if truthy, else the number as a string (``kit.ingest.v1._id``)."""
    if twin:
        return twin
    return None if value is None else str(value)


_NO_V1USER = _V1User()


def status_row(t: Status, source_file: str, line: int) -> tuple:
    """:func:`kit.ingest.v1.status_row` for a decoded struct (same rules, same row)."""
    user = t.user or _NO_V1USER
    rt = t.retweeted_status
    src = rt if rt is not None else t
    ext = src.extended_tweet
    truncated = False
    if ext is not None:
        text = ext.full_text or _given(src.text)
        ents = ext.entities or src.entities
    elif src.full_text is not UNSET:
        text = src.full_text
        ents = src.entities
    else:
        text = _given(src.text)
        ents = src.entities
        truncated = bool(src.truncated)
    if ents is not None:
        hashtags = _SEP.join([h.text for h in ents.hashtags]) if ents.hashtags else ""
        mentions = _SEP.join([m.screen_name for m in ents.user_mentions]) if ents.user_mentions else ""
        urls = _SEP.join([u.expanded_url or u.url or "" for u in ents.urls]) if ents.urls else ""
    else:
        hashtags = _SEP.join(_HASHTAG.findall(text or ""))
        mentions = _SEP.join(_MENTION.findall(text or ""))
        urls = ""
    if rt is not None:
        rt_user = rt.user or _NO_V1USER
        retweeted = (_sid(rt.id, rt.id_str), rt_user.id_str or _sid(rt_user.id, None), rt_user.screen_name)
        quoted = (None, None, None)
        is_quote = False
    else:
        retweeted = (None, None, None)
        qt = t.quoted_status
        quoted_id = t.quoted_status_id_str or (_sid(qt.id, qt.id_str) if qt is not None else None)
        if quoted_id is None and t.quoted_status_id is not None:
            quoted_id = str(t.quoted_status_id)
        qt_user = (qt.user or None) if qt is not None else None
        quoted = (
            quoted_id,
            (qt_user.id_str or _sid(qt_user.id, None)) if qt_user else None,
            qt_user.screen_name if qt_user else None,
        )
        is_quote = quoted_id is not None or bool(t.is_quote_status)
    reply_id = _sid(t.in_reply_to_status_id, t.in_reply_to_status_id_str)
    lang = t.lang or (t.metadata.iso_language_code if t.metadata is not None else None)
    return (
        _sid(t.id, t.id_str),
        t.created_at,
        (user.id_str or _sid(user.id, None)) if t.user else None,
        user.screen_name,
        user.name,
        user.followers_count,
        text,
        lang,
        rt is not None,
        is_quote,
        reply_id is not None,
        retweeted[0],
        retweeted[1],
        retweeted[2],
        quoted[0],
        quoted[1],
        quoted[2],
        reply_id,
        _sid(t.in_reply_to_user_id, t.in_reply_to_user_id_str),
        t.in_reply_to_screen_name,
        hashtags,
        mentions,
        urls,
        src.retweet_count,
        src.favorite_count,
        src.reply_count,
        src.quote_count,
        truncated,
        "v1",
        source_file,
        line,
    )


# -- the line router ---------------------------------------------------------------------------

_DECODERS = {
    "page": msgspec.json.Decoder(Page),
    "status": msgspec.json.Decoder(Status),
    "flat": msgspec.json.Decoder(_FlatTweet),
}
_FAILED = (msgspec.DecodeError, msgspec.ValidationError, RecursionError)  # too deep: the general route says so


def enabled() -> bool:
    """Whether the typed fast path is on (``KIT_FAST_JSON=0`` turns it off)."""
    return os.environ.get("KIT_FAST_JSON", "1").strip().lower() not in ("0", "false", "no", "off")


class FastLines:
    """Decodes lines of the kind seen last (state: that kind); ``None`` = take the general route."""

    def __init__(self) -> None:
        self.kind: str | None = "page"  # the commonest shape of a large file; a miss costs one decode

    def decode(self, line: bytes, kind: str | None = None) -> tuple[str, Any] | None:
        """``(kind, struct)`` when ``line`` is a clean record of ``kind`` (default: the last kind)."""
        kind = kind or self.kind
        if kind is None:
            return None
        try:
            value = _DECODERS[kind].decode(line)
        except _FAILED:
            return None
        if kind == "page":
            if type(value.data) is list and not value.data:
                return None  # an empty page: the general route counts it
        elif kind == "status":
            if not _is_status(value):
                return None
        elif value.user is not UNSET or value.id_str is not UNSET or value.data is not UNSET:
            return None
        elif _v1_date(value.created_at):
            return None  # is_status() would claim it first
        return kind, value

    def learn(self, obj: Any) -> None:
        """After a line took the general route: remember its kind if it is one of ours."""
        if type(obj) is not dict:
            return
        if "data" in obj:
            self.kind = "page"
        elif is_status(obj):
            self.kind = "status"
        elif is_flat_tweet(obj):
            self.kind = "flat"


def _v1_date(created: Any) -> bool:
    return isinstance(created, str) and len(created) == 30 and created[3] == " " and created[-4:].isdigit()
