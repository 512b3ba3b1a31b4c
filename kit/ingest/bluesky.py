"""Bluesky (AT Protocol) → raw rows: Jetstream commit events and XRPC PostViews.

Shapes, each recognised by its keys (:func:`kind_of`):

- **Jetstream events** ``{"did", "time_us", "kind": "commit"|"identity"|"account", ...}``: a
  ``commit`` ``create``/``update`` of ``app.bsky.feed.post`` is a post, of ``app.bsky.feed.repost``
  a repost (its record holds only the ``subject``: text and hashtags unknown, ``is_truncated``);
  a ``delete`` of either names the at-uri to drop under ``--apply-deletions``; other collections
  (likes, follows, profiles, other lexicons) are counted as non-post records, ``identity`` and
  ``account`` events as notices (an ``identity`` event's ``handle`` names later rows of that DID).
- **PostViews** ``{"uri", "cid", "author", "record", ...}`` (``searchPosts`` → ``posts``,
  ``getPosts``, bare arrays) and **feed items** ``{"post", "reason"?, "reply"?}``
  (``getAuthorFeed``/``getTimeline`` → ``feed``): a ``reasonRepost`` makes the item a repost by
  ``reason.by`` (id: ``reason.uri``, or ``at://BY/app.bsky.feed.repost/SUBJECTDID:SUBJECTRKEY``
  for items from before 2025-05 that have none); ``reply.root``/``reply.parent`` and quoted
  records are context, not rows.

Mapping: ``tweet_id`` the at-uri, ``author_id`` the DID, ``author_username`` the handle (the DID
when unknown or ``handle.invalid``), ``text`` the record's text as typed (not HTML), hashtags from
``app.bsky.richtext.facet#tag`` features plus the record's ``tags``, mentions from mention facets
(the handle as written, cut from the text by **UTF-8 byte** offsets), URLs from link facets and
``embed.external``, quotes from ``app.bsky.embed.record``/``recordWithMedia`` embeds of a post,
``indexed_at`` from ``time_us``/``indexedAt``.

Examples
--------
>>> event = {"did": "did:plc:a", "time_us": 1700000000000000, "kind": "commit", "commit": {
...     "operation": "create", "collection": "app.bsky.feed.post", "rkey": "3k",
...     "record": {"text": "é #Tag @b.bsky.social", "createdAt": "2023-11-14T22:13:20Z", "langs": ["fr"],
...                "facets": [{"index": {"byteStart": 3, "byteEnd": 7},
...                            "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "Tag"}]},
...                           {"index": {"byteStart": 8, "byteEnd": 22},
...                            "features": [{"$type": "app.bsky.richtext.facet#mention", "did": "did:plc:b"}]}]}}}
>>> row, extras = commit_row(event, {}, "f.jsonl", 1)
>>> row[0], row[20], row[21], extras["indexed_at"][:19]
('at://did:plc:a/app.bsky.feed.post/3k', 'Tag', 'b.bsky.social', '2023-11-14T22:13:20')
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from kit.ingest.rows import LIST_SEP as _SEP

POST = "app.bsky.feed.post"
REPOST = "app.bsky.feed.repost"
_TAG = "app.bsky.richtext.facet#tag"
_MENTION = "app.bsky.richtext.facet#mention"
_LINK = "app.bsky.richtext.facet#link"
_REASON_REPOST = "app.bsky.feed.defs#reasonRepost"
_EMPTY: dict[str, Any] = {}


def kind_of(obj: dict[str, Any]) -> str | None:
    """``jetstream``, ``view`` (a PostView), ``feed-item``, ``response`` (``posts``/``feed`` list) or ``None``."""
    if "did" in obj and "time_us" in obj and obj.get("kind") in ("commit", "identity", "account"):
        return "jetstream"
    if "uri" in obj and isinstance(obj.get("record"), dict) and isinstance(obj.get("author"), dict):
        return "view"
    post = obj.get("post")
    if isinstance(post, dict) and isinstance(post.get("record"), dict):
        return "feed-item"
    if isinstance(obj.get("posts"), list) or (isinstance(obj.get("feed"), list) and "cursor" in obj):
        return "response"
    if isinstance(obj.get("feed"), list) and all(isinstance(i, dict) and "post" in i for i in obj["feed"][:3]):
        return "response"
    return None


def did_of(uri: Any) -> str | None:
    """The DID (authority) of an at-uri: ``at://did:plc:x/app.bsky.feed.post/3k`` → ``did:plc:x``."""
    if isinstance(uri, str) and uri.startswith("at://"):
        return uri[5:].split("/", 1)[0] or None
    return None


def collection_of(uri: Any) -> str | None:
    """The collection of an at-uri (``app.bsky.feed.post``...), else ``None``."""
    if isinstance(uri, str) and uri.startswith("at://"):
        parts = uri[5:].split("/")
        return parts[1] if len(parts) > 1 else None
    return None


def _handle(handle: Any, did: Any) -> Any:
    return handle if isinstance(handle, str) and handle and handle != "handle.invalid" else did


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def facets(record: dict[str, Any]) -> tuple[list[str], list[str], list[str]]:
    """Hashtags (tag facets, then the record's ``tags``), mentioned handles and link URLs of a record.

    Facet offsets count UTF-8 bytes: the mention's handle is cut from the encoded text. A malformed
    facet or feature is passed over (the post is kept).
    """
    tags: list[str] = []
    mentions: list[str] = []
    urls: list[str] = []
    text = record.get("text")
    encoded = text.encode("utf-8") if isinstance(text, str) else b""
    for facet in record.get("facets") or ():
        if not isinstance(facet, dict):
            continue
        for feature in facet.get("features") or ():
            if not isinstance(feature, dict):
                continue
            kind = feature.get("$type")
            if kind == _TAG:
                tag = feature.get("tag")
                if isinstance(tag, str) and tag.strip().lstrip("#").strip():
                    tags.append(tag.strip().lstrip("#").strip())
            elif kind == _LINK:
                if isinstance(feature.get("uri"), str):
                    urls.append(feature["uri"])
            elif kind == _MENTION:
                mentions.append(_mention(encoded, facet.get("index"), feature.get("did")))
    for tag in record.get("tags") or ():
        if isinstance(tag, str) and tag.strip().lstrip("#").strip():
            tags.append(tag.strip().lstrip("#").strip())
    embed = record.get("embed")
    if isinstance(embed, dict):
        media = embed.get("media")
        external = embed.get("external") or (media.get("external") if isinstance(media, dict) else None)
        if isinstance(external, dict) and isinstance(external.get("uri"), str) and external["uri"] not in urls:
            urls.append(external["uri"])
    return tags, [m for m in mentions if m], urls


def _mention(encoded: bytes, index: Any, did: Any) -> str | None:
    """The handle a mention facet covers (``@`` stripped), cut by byte offsets; its DID if the cut fails."""
    if isinstance(index, dict):
        start, end = index.get("byteStart"), index.get("byteEnd")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(encoded):
            try:
                handle = encoded[start:end].decode("utf-8").strip().lstrip("@")
            except UnicodeDecodeError:
                handle = ""
            if handle and " " not in handle:
                return handle
    return did if isinstance(did, str) else None


def quoted_uri(embed: Any) -> str | None:
    """The at-uri of the *post* a record embeds (``app.bsky.embed.record`` or ``recordWithMedia``);
    ``None`` when it embeds nothing, or a feed generator, list, starter pack or profile."""
    if not isinstance(embed, dict):
        return None
    kind = embed.get("$type")
    ref = embed.get("record")
    if isinstance(kind, str) and kind.startswith("app.bsky.embed.recordWithMedia") and isinstance(ref, dict):
        ref = ref.get("record")
    elif not (isinstance(kind, str) and kind.startswith("app.bsky.embed.record")):
        return None
    uri = ref.get("uri") if isinstance(ref, dict) else None
    return uri if collection_of(uri) == POST else None


def _quoted_handle(view_embed: Any, uri: str) -> str | None:
    """The quoted post's author handle from a PostView's hydrated embed (``...#viewRecord``)."""
    if not isinstance(view_embed, dict):
        return None
    rec = view_embed.get("record")
    if isinstance(rec, dict) and "record" in rec and "author" not in rec:  # recordWithMedia#view
        rec = rec.get("record")
    if isinstance(rec, dict) and rec.get("uri") == uri:
        author = rec.get("author") or _EMPTY
        return _handle(author.get("handle"), author.get("did"))
    return None


def record_row(
    uri: str,
    did: str,
    handle: Any,
    name: Any,
    record: dict[str, Any],
    *,
    fmt: str,
    source_file: str,
    line: int,
    counts: dict[str, Any] = _EMPTY,
    view_embed: Any = None,
    parent_handle: Any = None,
) -> tuple:
    """A post record (Jetstream or inside a PostView) → a raw row."""
    tags, mentions, urls = facets(record)
    langs = record.get("langs")
    lang = langs[0] if isinstance(langs, list) and langs and isinstance(langs[0], str) else None
    quoted = quoted_uri(record.get("embed"))
    reply = record.get("reply")
    parent = reply.get("parent") if isinstance(reply, dict) else None
    parent_uri = parent.get("uri") if isinstance(parent, dict) else None
    parent_did = did_of(parent_uri)
    text = record.get("text")
    return (
        uri,
        _text(record.get("createdAt")),
        did,
        _handle(handle, did),
        _text(name),
        None,
        text if isinstance(text, str) else "",
        lang,
        False,
        quoted is not None,
        parent_uri is not None,
        None,
        None,
        None,
        quoted,
        did_of(quoted),
        (_quoted_handle(view_embed, quoted) or did_of(quoted)) if quoted else None,
        parent_uri,
        parent_did,
        _handle(parent_handle, parent_did) if parent_uri else None,
        _SEP.join(tags),
        _SEP.join(mentions),
        _SEP.join(urls),
        counts.get("repostCount"),
        counts.get("likeCount"),
        counts.get("replyCount"),
        counts.get("quoteCount"),
        False,
        fmt,
        source_file,
        line,
    )


def _time_us(value: Any) -> str | None:
    if isinstance(value, int) and value > 0:
        return datetime.fromtimestamp(value / 1_000_000, UTC).isoformat()
    return None


def commit_row(
    event: dict[str, Any], handles: dict[str, str], source_file: str, line: int
) -> tuple[tuple, dict[str, Any]] | None:
    """A Jetstream ``create``/``update`` commit of a post or repost → ``(raw row, extras)``; else ``None``."""
    commit = event["commit"]
    collection = commit.get("collection")
    record = commit.get("record")
    if collection not in (POST, REPOST) or not isinstance(record, dict):
        return None
    did = event["did"]
    uri = f"at://{did}/{collection}/{commit['rkey']}"
    extras = {"indexed_at": _time_us(event.get("time_us"))}
    handle = handles.get(did)
    if collection == POST:
        return record_row(
            uri, did, handle, None, record, fmt="bluesky-jetstream", source_file=source_file, line=line
        ), extras
    subject = (record.get("subject") or _EMPTY).get("uri")
    subject_did = did_of(subject)
    row = (
        uri,
        _text(record.get("createdAt")),
        did,
        _handle(handle, did),
        None,
        None,
        "",
        None,
        True,
        False,
        False,
        subject,
        subject_did,
        _handle(handles.get(subject_did or ""), subject_did),
        None,
        None,
        None,
        None,
        None,
        None,
        "",
        "",
        "",
        None,
        None,
        None,
        None,
        True,
        "bluesky-jetstream",
        source_file,
        line,
    )
    return row, extras


def view_row(
    view: dict[str, Any], source_file: str, line: int, parent_handle: Any = None
) -> tuple[tuple, dict[str, Any]]:
    """A PostView → ``(raw row, extras)``."""
    author = view.get("author") or _EMPTY
    did = author.get("did") or did_of(view["uri"])
    row = record_row(
        view["uri"],
        did,
        author.get("handle"),
        author.get("displayName"),
        view["record"],
        fmt="bluesky-view",
        source_file=source_file,
        line=line,
        counts=view,
        view_embed=view.get("embed"),
        parent_handle=parent_handle,
    )
    return row, {"indexed_at": _text(view.get("indexedAt"))}


def repost_row(item: dict[str, Any], source_file: str, line: int) -> tuple[tuple, dict[str, Any]]:
    """A feed item with a ``reasonRepost`` → the repost's ``(raw row, extras)`` (text, tags and counts
    are the original's, as for a Twitter retweet)."""
    post = item["post"]
    reason = item["reason"]
    by = reason.get("by") or _EMPTY
    by_did = by.get("did")
    subject = post["uri"]
    sub_did = did_of(subject)
    uri = reason.get("uri")
    if not isinstance(uri, str):
        uri = f"at://{by_did}/{REPOST}/{sub_did}:{subject.rsplit('/', 1)[-1]}"
    original, _ = view_row(post, source_file, line)
    author = post.get("author") or _EMPTY
    row = (
        uri,
        _text(reason.get("indexedAt")),
        by_did,
        _handle(by.get("handle"), by_did),
        _text(by.get("displayName")),
        None,
        original[6],
        original[7],
        True,
        False,
        False,
        subject,
        sub_did,
        _handle(author.get("handle"), sub_did),
        None,
        None,
        None,
        None,
        None,
        None,
        *original[20:27],
        False,
        "bluesky-view",
        source_file,
        line,
    )
    return row, {"indexed_at": _text(reason.get("indexedAt"))}


def feed_item_rows(item: dict[str, Any], source_file: str, line: int) -> list[tuple[tuple, dict[str, Any]]]:
    """A feed item (``{"post", "reason"?, "reply"?}``) → its row: the post, or the repost of it."""
    reason = item.get("reason")
    if isinstance(reason, dict) and reason.get("$type") == _REASON_REPOST:
        return [repost_row(item, source_file, line)]
    reply = item.get("reply")
    parent = reply.get("parent") if isinstance(reply, dict) else None
    parent_handle = (parent.get("author") or _EMPTY).get("handle") if isinstance(parent, dict) else None
    return [view_row(item["post"], source_file, line, parent_handle)]


def deleted_uri(event: dict[str, Any]) -> str | None:
    """The at-uri a Jetstream ``delete`` of a post or repost names, else ``None``."""
    commit = event.get("commit") or _EMPTY
    if commit.get("operation") == "delete" and commit.get("collection") in (POST, REPOST):
        return f"at://{event['did']}/{commit['collection']}/{commit['rkey']}"
    return None
