"""Render the synthetic corpus as Bluesky Jetstream events or Mastodon statuses (same planted truth).

- **Bluesky** (``fmt="bluesky"``): Jetstream v1 JSON lines in posting order: an ``identity`` event
  (with the handle) before each account's first commit, then ``commit`` ``create`` events of
  ``app.bsky.feed.post`` (text as typed, hashtag/mention/link facets with UTF-8 byte offsets,
  ``reply`` refs, ``app.bsky.embed.record`` quotes) and ``app.bsky.feed.repost`` (only the
  ``subject``, as on the real network). ``time_us`` is 250 ms after ``createdAt``.
- **Mastodon** (``fmt="mastodon"``): Status entities, one per line, as a collecting instance
  (``mastodon.social``) returns them: HTML ``content``, local accounts with a bare ``acct``, remote
  ones ``user@host``, boosts wrapping the original in ``reblog``, replies by local ids.

Ids take the platform's form (:func:`platform_ids`): the truth file holds the same planted truth
with its id columns in that form, so that it joins the imported table on ``tweet_id``.

Examples
--------
>>> did_for("1234")
'did:plc:gezdgnaaaaaaaaaaaaaaaaaa'
>>> bsky_handle("Ann_B")
'ann-b.bsky.social'
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterator
from typing import Any

import polars as pl

from kit.sample.render import Corpus
from kit.sample.structure import QUOTE, REPLY, RETWEET
from kit.sample.text import HASHTAG_RE, MENTION_RE, TCO_RE

PLATFORM_FORMATS: tuple[str, ...] = ("bluesky", "mastodon")
#: Mastodon instances of the synthetic accounts; the collection is made from the first.
INSTANCES: tuple[str, ...] = ("mastodon.social", "kolektiva.social", "mstdn.jp", "chaos.social", "todon.eu")
_TOKEN = "|".join(f"(?:{r.pattern})" for r in (HASHTAG_RE, MENTION_RE, TCO_RE))
_INDEX_DELAY_US = 250_000


def did_for(user_id: str) -> str:
    """A stable ``did:plc:`` of 24 base32 characters for a synthetic account id."""
    return "did:plc:" + base64.b32encode(user_id.encode()[:15].ljust(15, b"\0")).decode().lower()[:24]


def bsky_handle(handle: str) -> str:
    """A synthetic account's Bluesky handle (a domain: lower-case, ``_`` → ``-``)."""
    return handle.lower().replace("_", "-") + ".bsky.social"


def _rkey(tweet_id: str) -> str:
    """A 13-character record key from a tweet id (sortable like a TID)."""
    n = int(tweet_id)
    alphabet = "234567abcdefghijklmnopqrstuvwxyz"
    out = []
    for _ in range(13):
        out.append(alphabet[n & 31])
        n >>= 5
    return "".join(reversed(out))


class PlatformCorpus:
    """Platform-shaped views of a :class:`kit.sample.render.Corpus`."""

    def __init__(self, corpus: Corpus, fmt: str) -> None:
        self.c = corpus
        self.fmt = fmt

    # -- ids -----------------------------------------------------------------------------------
    def account_id(self, a: int) -> str:
        c = self.c
        if self.fmt == "bluesky":
            return did_for(c.user_ids[a])
        return f"https://{INSTANCES[a % len(INSTANCES)]}/@{c.handles[a]}"

    def username(self, a: int) -> str:
        if self.fmt == "bluesky":
            return bsky_handle(self.c.handles[a])
        return f"{self.c.handles[a]}@{INSTANCES[a % len(INSTANCES)]}"

    def post_id(self, i: int) -> str:
        c = self.c
        a = c.author[i]
        if self.fmt == "bluesky":
            collection = "app.bsky.feed.repost" if c.kind[i] == RETWEET else "app.bsky.feed.post"
            return f"at://{self.account_id(a)}/{collection}/{_rkey(c.ids[i])}"
        tail = "/activity" if c.kind[i] == RETWEET else ""
        return f"https://{INSTANCES[a % len(INSTANCES)]}/users/{c.handles[a]}/statuses/{c.ids[i]}{tail}"

    # -- text ----------------------------------------------------------------------------------
    def _pieces(self, j: int) -> list[tuple[str, str, str | int | None]]:
        """The own text of ``j`` as ``(kind, shown text, value)`` pieces: ``text``, ``tag``, ``mention``, ``link``."""
        own = self.c.own[j]
        assert own is not None
        known = {self.c.handles[m].lower(): m for m in own.mentions}
        links = dict(own.urls)
        pieces: list[tuple[str, str, str | int | None]] = []
        pos = 0
        text = own.text
        import re

        for m in re.finditer(_TOKEN, text):
            token = m.group(0)
            if m.start() > pos:
                pieces.append(("text", text[pos : m.start()], None))
            if token.startswith("#"):
                pieces.append(("tag", token, token[1:]))
            elif token.startswith("@") and token[1:].lower() in known:
                pieces.append(("mention", token, known[token[1:].lower()]))
            elif token in links:
                pieces.append(("link", token, links[token]))
            else:
                pieces.append(("text", token, None))
            pos = m.end()
        if pos < len(text):
            pieces.append(("text", text[pos:], None))
        return pieces

    def bsky_record_text(self, j: int) -> tuple[str, list[dict[str, Any]]]:
        """Text and facets (UTF-8 byte offsets) of post ``j``."""
        out: list[str] = []
        facets: list[dict[str, Any]] = []
        nbytes = 0
        for kind, shown, value in self._pieces(j):
            if kind == "mention":
                shown = "@" + self.username(int(value))  # type: ignore[arg-type]
                feature = {"$type": "app.bsky.richtext.facet#mention", "did": self.account_id(int(value))}  # type: ignore[arg-type]
            elif kind == "link":
                bare = str(value).split("://", 1)[-1]
                shown = bare if len(bare) <= 30 else bare[:27] + "..."
                feature = {"$type": "app.bsky.richtext.facet#link", "uri": value}
            elif kind == "tag":
                feature = {"$type": "app.bsky.richtext.facet#tag", "tag": value}
            size = len(shown.encode("utf-8"))
            if kind != "text":
                facets.append(
                    {
                        "$type": "app.bsky.richtext.facet",
                        "features": [feature],
                        "index": {"byteStart": nbytes, "byteEnd": nbytes + size},
                    }
                )
            out.append(shown)
            nbytes += size
        return "".join(out), facets

    def mastodon_html(self, j: int) -> str:
        """The HTML ``content`` of status ``j``."""
        parts: list[str] = []
        for kind, shown, value in self._pieces(j):
            if kind == "tag":
                parts.append(
                    f'<a href="https://{INSTANCES[0]}/tags/{str(value).lower()}" class="mention hashtag" '
                    f'rel="tag">#<span>{html.escape(str(value))}</span></a>'
                )
            elif kind == "mention":
                a = int(value)  # type: ignore[arg-type]
                parts.append(
                    f'<span class="h-card" translate="no"><a href="{self.account_id(a)}" '
                    f'class="u-url mention">@<span>{html.escape(self.c.handles[a])}</span></a></span>'
                )
            elif kind == "link":
                scheme, _, rest = str(value).partition("://")
                parts.append(
                    f'<a href="{html.escape(str(value))}" target="_blank" rel="nofollow noopener">'
                    f'<span class="invisible">{scheme}://</span><span class="ellipsis">'
                    f'{html.escape(rest[:30])}</span><span class="invisible">{html.escape(rest[30:])}'
                    f"</span></a>"
                )
            else:
                parts.append(html.escape(shown, quote=False).replace("\n", "<br />"))
        return "<p>" + "".join(parts) + "</p>"

    # -- Bluesky -------------------------------------------------------------------------------
    def jetstream_events(self) -> Iterator[dict[str, Any]]:
        """Jetstream v1 events in posting order (an ``identity`` event before an account's first commit)."""
        c = self.c
        seen: set[int] = set()
        for i in range(c.s.n_tweets):
            a = c.author[i]
            did = self.account_id(a)
            time_us = int(c.s.ms[i]) * 1000 + _INDEX_DELAY_US
            if a not in seen:
                seen.add(a)
                yield {
                    "did": did,
                    "time_us": time_us - 1,
                    "kind": "identity",
                    "identity": {"did": did, "handle": self.username(a), "seq": i, "time": c.iso[i]},
                }
            kind = c.kind[i]
            created = c.iso[i]
            if kind == RETWEET:
                record: dict[str, Any] = {
                    "$type": "app.bsky.feed.repost",
                    "createdAt": created,
                    "subject": {"cid": "bafyrei" + _rkey(c.ids[c.target[i]]), "uri": self.post_id(c.target[i])},
                }
                collection = "app.bsky.feed.repost"
            else:
                text, facets = self.bsky_record_text(i)
                record = {"$type": "app.bsky.feed.post", "createdAt": created, "langs": [c.lang_of(i)], "text": text}
                if facets:
                    record["facets"] = facets
                if kind == REPLY:
                    ref = {"cid": "bafyrei" + _rkey(c.ids[c.target[i]]), "uri": self.post_id(c.target[i])}
                    record["reply"] = {"parent": ref, "root": ref}
                elif kind == QUOTE:
                    record["embed"] = {
                        "$type": "app.bsky.embed.record",
                        "record": {"cid": "bafyrei" + _rkey(c.ids[c.target[i]]), "uri": self.post_id(c.target[i])},
                    }
                collection = "app.bsky.feed.post"
            yield {
                "did": did,
                "time_us": time_us,
                "kind": "commit",
                "commit": {
                    "rev": _rkey(c.ids[i]),
                    "operation": "create",
                    "collection": collection,
                    "rkey": self.post_id(i).rsplit("/", 1)[-1],
                    "record": record,
                    "cid": "bafyrei" + _rkey(c.ids[i]),
                },
            }

    # -- Mastodon ------------------------------------------------------------------------------
    def _account(self, a: int) -> dict[str, Any]:
        c = self.c
        instance = INSTANCES[a % len(INSTANCES)]
        return {
            "id": c.user_ids[a],
            "username": c.handles[a],
            "acct": c.handles[a] if instance == INSTANCES[0] else f"{c.handles[a]}@{instance}",
            "display_name": c.names[a],
            "url": self.account_id(a),
            "uri": f"https://{instance}/users/{c.handles[a]}",
            "followers_count": int(c.s.followers[a]),
        }

    def status(self, i: int) -> dict[str, Any]:
        """Status ``i`` as the collecting instance returns it."""
        c = self.c
        a = c.author[i]
        kind = c.kind[i]
        out: dict[str, Any] = {
            "id": c.ids[i],
            "created_at": c.iso[i],
            "in_reply_to_id": None,
            "in_reply_to_account_id": None,
            "sensitive": False,
            "spoiler_text": "",
            "visibility": "public",
            "language": c.lang_of(i),
            "uri": self.post_id(i),
            "url": f"{self.account_id(a)}/{c.ids[i]}",
            "replies_count": c.reply_count[i],
            "reblogs_count": c.retweet_count[i],
            "favourites_count": c.like_count[i],
            "edited_at": None,
            "content": "",
            "reblog": None,
            "account": self._account(a),
            "media_attachments": [],
            "mentions": [],
            "tags": [],
            "emojis": [],
            "card": None,
            "poll": None,
        }
        if kind == RETWEET:
            out["reblog"] = self.status(c.target[i])
            out["reblogs_count"] = out["reblog"]["reblogs_count"]
            return out
        own = c.own[i]
        assert own is not None
        out["content"] = self.mastodon_html(i)
        out["tags"] = [{"name": t, "url": f"https://{INSTANCES[0]}/tags/{t}"} for t in own.hashtags]
        out["mentions"] = [
            {"id": c.user_ids[m], "username": c.handles[m], "acct": self._account(m)["acct"], "url": self.account_id(m)}
            for m in own.mentions
        ]
        if kind == REPLY:
            j = c.target[i]
            out["in_reply_to_id"] = c.ids[j]
            out["in_reply_to_account_id"] = c.user_ids[c.author[j]]
        elif kind == QUOTE:
            out["quote"] = {"state": "accepted", "quoted_status": self.status(c.target[i])}
        return out

    def statuses(self) -> Iterator[dict[str, Any]]:
        """Statuses in posting order, one per line."""
        for i in range(self.c.s.n_tweets):
            yield self.status(i)

    def objects(self) -> Iterator[dict[str, Any]]:
        """The raw records of this platform's format."""
        return self.jetstream_events() if self.fmt == "bluesky" else self.statuses()

    # -- truth ---------------------------------------------------------------------------------
    def truth(self, truth: pl.DataFrame) -> pl.DataFrame:
        """The planted truth with its id columns in this platform's form."""
        c = self.c
        posts = dict(zip(c.ids, (self.post_id(i) for i in range(c.s.n_tweets)), strict=True))
        accounts = {c.user_ids[a]: (self.account_id(a), self.username(a)) for a in set(c.author.tolist())}
        ids = {k: v[0] for k, v in accounts.items()}
        names = {k: v[1] for k, v in accounts.items()}
        return truth.with_columns(
            *(
                pl.col(col).replace_strict(posts, default=None, return_dtype=pl.String)
                for col in ("tweet_id", "retweeted_id", "quoted_id", "in_reply_to_id")
            ),
            pl.col("author_id").replace_strict(ids, return_dtype=pl.String),
            pl.col("author_id").replace_strict(names, return_dtype=pl.String).alias("author_username"),
            pl.lit(self.fmt).alias("platform"),
        )
