"""Render the synthetic corpus as real API payloads: v1.1 statuses (twarc 1.x) or twarc2 v2 pages.

Shapes follow the real formats documented in ``shared/fixtures/FORMATS.md``: HTML-escaped text,
retweets with the truncated ``RT @user: …`` text and the original in ``retweeted_status`` (v1.1) or
``includes.tweets`` (v2), entities only for what is visible, compat-mode extended tweets
(``truncated: true`` + ``extended_tweet``) in v1.1, string ids in v2 and ``*_str`` twins in v1.1.

Examples
--------
>>> escape("R&B <3")
'R&amp;B &lt;3'
"""

from __future__ import annotations

import array
import datetime as dt
import functools
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from kit.sample import vocab
from kit.sample.structure import QUOTE, REPLY, RETWEET, Structure
from kit.sample.text import HASHTAG_RE, MENTION_RE, TCO_RE, OwnText

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_UTC = dt.UTC
ELLIPSIS = "\u2026"
PAGE_SIZE = 100
TWARC2_URL = (
    "https://api.twitter.com/2/tweets/search/all?expansions=author_id%2Cin_reply_to_user_id%2C"
    "referenced_tweets.id%2Creferenced_tweets.id.author_id%2Centities.mentions.username"
    "&tweet.fields=author_id%2Cconversation_id%2Ccreated_at%2Centities%2Cid%2Cin_reply_to_user_id%2C"
    "lang%2Cpublic_metrics%2Ctext%2Cpossibly_sensitive%2Creferenced_tweets%2Creply_settings%2Csource"
    "&user.fields=created_at%2Cdescription%2Cid%2Clocation%2Cname%2Cprotected%2Cpublic_metrics%2C"
    "username%2Cverified&start_time=2014-05-24T00%3A00%3A00%2B00%3A00&end_time=2014-07-01T00%3A00%3A00"
    "%2B00%3A00&query=%23YesAllWomen+OR+%23NotAllMen&max_results=100"
)


def escape(text: str) -> str:
    """HTML-escape ``&``, ``<`` and ``>`` as the Twitter API does."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def iso_time(ms: int) -> str:
    """``2014-05-24T21:32:11.000Z`` (v2 style; milliseconds always ``.000``)."""
    return dt.datetime.fromtimestamp(ms // 1000, _UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def classic_time(seconds: int) -> str:
    """``Sat May 24 21:32:11 +0000 2014`` (v1.1 style, locale-independent)."""
    t = dt.datetime.fromtimestamp(seconds, _UTC)
    return f"{_DAYS[t.weekday()]} {_MONTHS[t.month - 1]} {t.day:02d} {t:%H:%M:%S} +0000 {t.year}"


def _display_url(expanded: str) -> str:
    bare = expanded.split("://", 1)[-1]
    bare = bare[4:] if bare.startswith("www.") else bare
    return bare if len(bare) <= 26 else bare[:25] + ELLIPSIS


def _ints(values: np.ndarray, code: str = "i") -> array.array:
    """A numpy integer array as a compact ``array.array`` (indexing gives plain Python ints)."""
    out = array.array(code)
    out.frombytes(values.astype(np.int32 if code == "i" else np.int64).tobytes())
    return out


@dataclass(frozen=True)
class Entities:
    """Entities found in an (escaped) text: offsets are code points in that text."""

    hashtags: list[tuple[int, int, str]]
    mentions: list[tuple[int, int, int]]  # start, end, account index
    urls: list[tuple[int, int, str, str]]  # start, end, t.co, expanded


class Corpus:
    """The skeleton plus names and texts; renders tweets on demand."""

    def __init__(
        self, s: Structure, handles: Sequence[str], names: Sequence[str], own: Sequence[OwnText | None], seed: int
    ) -> None:
        self.s = s
        self.handles = handles
        self.names = names
        self.own = own
        self.seed = seed
        self.ids = [str(x) for x in s.tweet_id.tolist()]
        self.user_ids = [str(x) for x in s.user_id.tolist()]
        # compact int arrays (4-8 bytes an entry instead of a Python int object each)
        self.author = _ints(s.author)
        self.kind = _ints(s.kind)
        self.target = _ints(s.target)
        self._iso: list[str] | None = None
        self._classic: list[str] | None = None
        self.lang = ["en", *vocab.FOREIGN_LANGS]
        self.lang_code = _ints(s.lang)
        self.retweet_count, self.reply_count = _ints(s.retweet_count, "q"), _ints(s.reply_count, "q")
        self.like_count, self.quote_count = _ints(s.like_count, "q"), _ints(s.quote_count, "q")
        self.user_comm = _ints(s.user_comm)
        self.user_hub = s.user_hub.tolist()
        # the same originals, retweet texts and accounts recur page after page: keep the recent ones
        self.v2_user = functools.lru_cache(maxsize=1 << 14)(self._v2_user)  # type: ignore[method-assign]
        self.v1_user = functools.lru_cache(maxsize=1 << 14)(self._v1_user)  # type: ignore[method-assign]
        self.included_v2 = functools.lru_cache(maxsize=1 << 14)(self.v2_tweet)
        self.nested_v1 = functools.lru_cache(maxsize=1 << 14)(functools.partial(self.v1_status, nested=True))
        self.rt_view = functools.lru_cache(maxsize=1 << 15)(self._rt_view)

    @property
    def iso(self) -> list[str]:
        """Per tweet, ``created_at`` in v2 style (computed once, vectorised)."""
        if self._iso is None:
            secs = (self.s.ms // 1000).astype("datetime64[s]")
            self._iso = [t + ".000Z" for t in np.datetime_as_string(secs, unit="s").tolist()]
        return self._iso

    @property
    def classic(self) -> list[str]:
        """Per tweet, ``created_at`` in v1.1 style (computed once, vectorised)."""
        if self._classic is None:
            secs = self.s.ms // 1000
            dates = (secs // 86400).astype("datetime64[D]")
            weekday = ((secs // 86400) + 3) % 7  # 1970-01-01 was a Thursday
            months = dates.astype("datetime64[M]").astype(np.int64) % 12
            day = (dates - dates.astype("datetime64[M]")).astype(np.int64) + 1
            years = dates.astype("datetime64[Y]").astype(np.int64) + 1970
            sod = secs % 86400
            self._classic = [
                f"{_DAYS[w]} {_MONTHS[m]} {d:02d} {x // 3600:02d}:{x // 60 % 60:02d}:{x % 60:02d} +0000 {y}"
                for w, m, d, x, y in zip(weekday.tolist(), months.tolist(), day.tolist(), sod.tolist(), years.tolist())
            ]
        return self._classic

    # -- shared pieces -----------------------------------------------------------------------------
    def origin(self, i: int) -> int:
        """The tweet whose text ``i`` shows (its original for a retweet)."""
        return self.target[i] if self.kind[i] == RETWEET else i

    def lang_of(self, i: int) -> str:
        return self.lang[self.lang_code[i]]

    def source(self, i: int) -> tuple[str, str]:
        a = self.author[i]
        return vocab.SOURCES[(a * 7 + (i % 5 == 0)) % len(vocab.SOURCES)]

    def visible(self, i: int) -> tuple[str, bool]:
        """The tweet's own visible text, escaped, and whether it is cut (retweets: ``RT @x: …``)."""
        if self.kind[i] == RETWEET:
            return self.rt_view(self.target[i])[:2]
        return escape(self.own[i].text), False  # type: ignore[union-attr]

    def _rt_view(self, j: int) -> tuple[str, bool, Entities]:
        """Text, cut flag and entities of any retweet of ``j``."""
        full = f"RT @{self.handles[self.author[j]]}: {self.own[j].text}"  # type: ignore[union-attr]
        text, cut = (escape(full[:139].rstrip() + ELLIPSIS), True) if len(full) > 140 else (escape(full), False)
        return text, cut, self._entities(text, j, True, cut)

    def view(self, i: int) -> tuple[str, bool, Entities]:
        """Visible text, cut flag and entities of tweet ``i``."""
        if self.kind[i] == RETWEET:
            return self.rt_view(self.target[i])
        text = escape(self.own[i].text)  # type: ignore[union-attr]
        return text, False, self._entities(text, i, False, False)

    def entities(self, text: str, i: int, cut: bool) -> Entities:
        """Entities of ``text`` (own text of ``i`` or its retweet form); tokens cut by ``…`` are dropped."""
        j = self.origin(i)
        return self._entities(text, j, j != i, cut)

    def _entities(self, text: str, j: int, retweet_form: bool, cut: bool) -> Entities:
        own = self.own[j]
        assert own is not None
        known = {self.handles[m].lower(): m for m in own.mentions}
        if retweet_form:
            known[self.handles[self.author[j]].lower()] = self.author[j]
        links = dict(own.urls)
        last = len(text) - 1

        def whole(end: int) -> bool:
            return not (cut and end == last)

        hashtags = [(m.start(), m.end(), m.group(1)) for m in HASHTAG_RE.finditer(text) if whole(m.end())]
        mentions = [
            (m.start(), m.end(), known[m.group(1).lower()])
            for m in MENTION_RE.finditer(text)
            if whole(m.end()) and m.group(1).lower() in known
        ]
        urls = [
            (m.start(), m.end(), m.group(0), links[m.group(0)])
            for m in TCO_RE.finditer(text)
            if whole(m.end()) and m.group(0) in links
        ]
        return Entities(hashtags, mentions, urls)

    # -- v2 ----------------------------------------------------------------------------------------
    def _v2_user(self, a: int) -> dict[str, Any]:
        s = self.s
        comm = vocab.COMMUNITIES[self.user_comm[a]]
        descriptions, locations = vocab.DESCRIPTIONS[comm], vocab.LOCATIONS[comm]
        user: dict[str, Any] = {
            "id": self.user_ids[a],
            "name": self.names[a],
            "username": self.handles[a],
            "created_at": iso_time(int(s.user_created_s[a]) * 1000),
            "description": descriptions[(a * 31) % len(descriptions)],
            "location": locations[(a * 17) % len(locations)],
            "protected": False,
            "verified": self.user_hub[a],
            "profile_image_url": f"https://pbs.twimg.com/profile_images/{4_600_000_00 + a}/avatar_normal.jpeg",
            "public_metrics": {
                "followers_count": int(s.followers[a]),
                "following_count": int(s.following[a]),
                "tweet_count": int(s.statuses[a]),
                "listed_count": int(s.listed[a]),
            },
        }
        if not user["location"]:
            del user["location"]
        return user

    def v2_tweet(self, i: int) -> dict[str, Any]:
        kind = self.kind[i]
        text, cut, ent = self.view(i)
        tweet: dict[str, Any] = {
            "id": self.ids[i],
            "text": text,
            "created_at": self.iso[i],
            "author_id": self.user_ids[self.author[i]],
            "lang": self.lang_of(i),
        }
        entities: dict[str, Any] = {}
        if ent.hashtags:
            entities["hashtags"] = [{"start": a, "end": b, "tag": t} for a, b, t in ent.hashtags]
        if ent.mentions:
            entities["mentions"] = [
                {"start": a, "end": b, "username": self.handles[m], "id": self.user_ids[m]} for a, b, m in ent.mentions
            ]
        if ent.urls:
            entities["urls"] = [
                {"start": a, "end": b, "url": u, "expanded_url": x, "display_url": _display_url(x)}
                for a, b, u, x in ent.urls
            ]
        if entities:
            tweet["entities"] = entities
        conversation = self.ids[i]
        if kind == RETWEET:
            tweet["referenced_tweets"] = [{"type": "retweeted", "id": self.ids[self.target[i]]}]
        elif kind == QUOTE:
            tweet["referenced_tweets"] = [{"type": "quoted", "id": self.ids[self.target[i]]}]
        elif kind == REPLY:
            j = self.target[i]
            tweet["referenced_tweets"] = [{"type": "replied_to", "id": self.ids[j]}]
            tweet["in_reply_to_user_id"] = self.user_ids[self.author[j]]
            conversation = self.ids[j]
        tweet["conversation_id"] = conversation
        tweet["public_metrics"] = {
            "retweet_count": self.retweet_count[i],
            "reply_count": self.reply_count[i],
            "like_count": self.like_count[i],
            "quote_count": self.quote_count[i],
        }
        tweet["possibly_sensitive"] = False
        tweet["reply_settings"] = "everyone"
        tweet["source"] = self.source(i)[0]
        tweet["edit_history_tweet_ids"] = [self.ids[i]]
        return tweet

    def v2_page(self, rows: Sequence[int], page_no: int, last: bool) -> dict[str, Any]:
        """One twarc2 search page for tweets ``rows`` (newest first)."""
        included: dict[int, None] = {}
        users: dict[int, None] = {}
        for i in rows:
            users[self.author[i]] = None
            if self.kind[i] != 0:
                included[self.target[i]] = None
        for j in included:
            users[self.author[j]] = None
        for i in (*rows, *included):
            own = self.own[self.origin(i)]
            for m in own.mentions:  # type: ignore[union-attr]
                users[m] = None
        page: dict[str, Any] = {
            "data": [self.v2_tweet(i) for i in rows],
            "includes": {"users": [self.v2_user(a) for a in users]},
        }
        if included:
            page["includes"]["tweets"] = [self.included_v2(j) for j in included]
        meta: dict[str, Any] = {
            "newest_id": self.ids[rows[0]],
            "oldest_id": self.ids[rows[-1]],
            "result_count": len(rows),
        }
        if not last:
            token = hashlib.blake2b(f"{self.seed}:{page_no}".encode(), digest_size=20).hexdigest()
            meta["next_token"] = token[:45]
        page["meta"] = meta
        retrieved = dt.datetime(2022, 3, 14, 10, 21, 7, tzinfo=_UTC) + dt.timedelta(seconds=page_no // 3)
        page["__twarc"] = {"url": TWARC2_URL, "version": "2.12.0", "retrieved_at": retrieved.isoformat()}
        return page

    def v2_pages(self) -> Iterator[dict[str, Any]]:
        """twarc2 ``search --archive`` pages: newest tweets first, 100 per page."""
        order = list(range(self.s.n_tweets - 1, -1, -1))
        n_pages = (len(order) + PAGE_SIZE - 1) // PAGE_SIZE
        for p in range(n_pages):
            yield self.v2_page(order[p * PAGE_SIZE : (p + 1) * PAGE_SIZE], p, p == n_pages - 1)

    # -- v1.1 --------------------------------------------------------------------------------------
    def _v1_user(self, a: int) -> dict[str, Any]:
        s = self.s
        comm = vocab.COMMUNITIES[self.user_comm[a]]
        descriptions, locations = vocab.DESCRIPTIONS[comm], vocab.LOCATIONS[comm]
        return {
            "id": int(self.user_ids[a]),
            "id_str": self.user_ids[a],
            "name": self.names[a],
            "screen_name": self.handles[a],
            "location": locations[(a * 17) % len(locations)],
            "url": None,
            "description": descriptions[(a * 31) % len(descriptions)],
            "protected": False,
            "verified": self.user_hub[a],
            "followers_count": int(s.followers[a]),
            "friends_count": int(s.following[a]),
            "listed_count": int(s.listed[a]),
            "favourites_count": int(s.statuses[a] // 3),
            "statuses_count": int(s.statuses[a]),
            "created_at": classic_time(int(s.user_created_s[a])),
            "utc_offset": None,
            "time_zone": None,
            "geo_enabled": False,
            "lang": "en",
            "contributors_enabled": False,
            "is_translator": False,
            "profile_image_url_https": f"https://pbs.twimg.com/profile_images/{4_600_000_00 + a}/avatar_normal.jpeg",
            "default_profile": (a % 4 == 0),
            "default_profile_image": False,
            "following": None,
            "follow_request_sent": None,
            "notifications": None,
        }

    def _v1_entities(self, ent: Entities) -> dict[str, Any]:
        return {
            "hashtags": [{"text": t, "indices": [a, b]} for a, b, t in ent.hashtags],
            "symbols": [],
            "user_mentions": [
                {
                    "screen_name": self.handles[m],
                    "name": self.names[m],
                    "id": int(self.user_ids[m]),
                    "id_str": self.user_ids[m],
                    "indices": [a, b],
                }
                for a, b, m in ent.mentions
            ],
            "urls": [
                {"url": u, "expanded_url": x, "display_url": _display_url(x), "indices": [a, b]}
                for a, b, u, x in ent.urls
            ],
        }

    def v1_status(self, i: int, *, nested: bool = False) -> dict[str, Any]:
        """A v1.1 status as twarc 1.x writes it (streaming/compat mode)."""
        kind = self.kind[i]
        text, cut, ent = self.view(i)
        extended: dict[str, Any] | None = None
        if kind != RETWEET and len(self.own[i].text) > 140:  # type: ignore[union-attr]
            full = text
            raw = self.own[i].text  # type: ignore[union-attr]
            head = raw[:116]
            head = head[: head.rfind(" ")] if " " in head[40:] else head
            permalink = "https://t.co/" + hashlib.blake2b(self.ids[i].encode(), digest_size=8).hexdigest()[:10]
            text = escape(head.rstrip() + ELLIPSIS)
            ent = self.entities(text, i, True)
            ent.urls.append(
                (
                    len(text) + 1,
                    len(text) + 1 + len(permalink),
                    permalink,
                    f"https://twitter.com/i/web/status/{self.ids[i]}",
                )
            )
            text = f"{text} {permalink}"
            extended = {
                "full_text": full,
                "display_text_range": [0, len(full)],
                "entities": self._v1_entities(self.entities(full, i, False)),
            }
        name, href = self.source(i)
        status: dict[str, Any] = {
            "created_at": self.classic[i],
            "id": int(self.ids[i]),
            "id_str": self.ids[i],
            "text": text,
            "source": f'<a href="{href}" rel="nofollow">{name}</a>',
            "truncated": extended is not None,
            "in_reply_to_status_id": None,
            "in_reply_to_status_id_str": None,
            "in_reply_to_user_id": None,
            "in_reply_to_user_id_str": None,
            "in_reply_to_screen_name": None,
            "user": self.v1_user(self.author[i]),
            "geo": None,
            "coordinates": None,
            "place": None,
            "contributors": None,
        }
        if kind == REPLY:
            j = self.target[i]
            a = self.author[j]
            status.update(
                in_reply_to_status_id=int(self.ids[j]),
                in_reply_to_status_id_str=self.ids[j],
                in_reply_to_user_id=int(self.user_ids[a]),
                in_reply_to_user_id_str=self.user_ids[a],
                in_reply_to_screen_name=self.handles[a],
            )
        if kind == RETWEET and not nested:
            status["retweeted_status"] = self.nested_v1(self.target[i])
        status["is_quote_status"] = kind == QUOTE
        if kind == QUOTE:
            j = self.target[i]
            status["quoted_status_id"] = int(self.ids[j])
            status["quoted_status_id_str"] = self.ids[j]
            if not nested:
                status["quoted_status"] = self.nested_v1(j)
        if extended is not None:
            status["extended_tweet"] = extended
        status["retweet_count"] = self.retweet_count[i]
        status["favorite_count"] = self.like_count[i]
        status["entities"] = self._v1_entities(ent)
        status["favorited"] = False
        status["retweeted"] = False
        if ent.urls:
            status["possibly_sensitive"] = False
        status["filter_level"] = "low"
        status["lang"] = self.lang_of(i)
        if not nested:
            status["timestamp_ms"] = str(int(self.s.ms[i]))
        return status

    def v1_statuses(self) -> Iterator[dict[str, Any]]:
        """twarc 1.x ``filter`` output: one status per line, in the order they were posted."""
        for i in range(self.s.n_tweets):
            yield self.v1_status(i)


def planted_hashtags(own: Sequence[OwnText | None]) -> list[str]:
    """Per tweet, its own planted lower-cased hashtags joined by spaces (``""`` for a retweet)."""
    return [" ".join(o.hashtags) if o is not None else "" for o in own]
