"""Mastodon → raw rows: REST Status entities and streaming events.

Shapes (:func:`kind_of`): a Status (``id``, ``uri``, ``account``, ``content``) in an array (tag,
public, home and account timelines), a JSON line or a search result ``{"statuses": [...]}`` (the
v1.1 search wrapper's route); streaming events as WebSocket messages ``{"stream", "event",
"payload"}`` (the payload a JSON *string*) or Server-Sent Events (:func:`sse_events`, read by
:meth:`kit.ingest.jsonfmt.JsonFile.read_sse`). ``update`` and ``status.update`` carry statuses; ``delete`` carries the
collecting instance's local ``id`` (mapped to the status's ``uri`` through the ids seen in the
same file); ``notification`` and other events are notices.

Mapping: ``tweet_id`` the federation ``uri`` (the local ``id`` differs on every server),
``author_id`` the account ``url``, ``author_username`` the ``acct`` as ``user@instance`` (a local
account's instance is the host of its ``url``), ``text`` the HTML ``content`` as plain text
(:func:`html_to_text`), ``content_warning`` the ``spoiler_text``; a boost (non-null ``reblog``) is
``is_retweet`` with its text, tags, mentions and counts from the original; hashtags ``tags[].name``;
mentions the ``mentions[].acct`` (instance added); URLs the links of the content that are not
mentions or hashtags.

Examples
--------
>>> html_to_text('<p>a &amp;lt; b<br />c</p><p>#<span>d</span> <a href="https://x.org/p"><span '
...              'class="invisible">https://</span><span class="ellipsis">x.org/</span></a></p>')
'a &lt; b\\nc\\n\\n#d https://x.org/'
>>> full_acct({"acct": "ann", "url": "https://mstdn.jp/@ann"})
'ann@mstdn.jp'
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from kit.ingest.rows import LIST_SEP as _SEP

_EMPTY: dict[str, Any] = {}
#: Streaming events that carry a timeline status.
STATUS_EVENTS = ("update", "status.update")


def kind_of(obj: dict[str, Any]) -> str | None:
    """``status``, ``event`` (a streaming message) or ``None``."""
    if "uri" in obj and "content" in obj and isinstance(obj.get("account"), dict):
        return "status"
    if "event" in obj and "payload" in obj and isinstance(obj.get("event"), str):
        return "event"
    return None


class _Text(HTMLParser):
    """Status HTML → plain text: ``<br>`` a newline, paragraphs apart by a blank line, entities
    unescaped once, every span's text kept (a link's hidden ``https://`` and tail are text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self.paragraphs = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "p":
            if self.paragraphs:
                self.parts.append("\n\n")
            self.paragraphs += 1
        elif tag == "a":
            values = dict(attrs)
            classes = (values.get("class") or "").split()
            href = values.get("href")
            if href and "mention" not in classes and "hashtag" not in classes and values.get("rel") != "tag":
                self.links.append(href)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _parse(html: str) -> _Text:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return parser


def html_to_text(html: str | None) -> str:
    """A status's HTML ``content`` as plain text (see :class:`_Text`); ``""`` for none."""
    if not html:
        return ""
    return "".join(_parse(html).parts).strip()


def host_of(url: Any) -> str | None:
    """The host (with port, if any) of a URL."""
    if isinstance(url, str) and url:
        return urlsplit(url).netloc or None
    return None


def full_acct(account: dict[str, Any]) -> str | None:
    """``user@instance``: the ``acct``, with the host of the account's ``url`` added for a local account."""
    acct = account.get("acct") or account.get("username")
    if not isinstance(acct, str) or not acct:
        return None
    if "@" in acct:
        return acct
    host = host_of(account.get("url")) or host_of(account.get("uri"))
    return f"{acct}@{host}" if host else acct


def _account_id(account: dict[str, Any]) -> Any:
    return account.get("url") or account.get("uri") or account.get("id")


def status_row(
    status: dict[str, Any],
    fmt: str,
    source_file: str,
    line: int,
    local_uris: dict[str, str],
    local_accounts: dict[str, tuple[Any, Any]] | None = None,
) -> tuple[tuple, dict[str, Any]]:
    """A Status entity → ``(raw row, extras)``. ``local_uris`` maps local status ids seen so far to
    uris and ``local_accounts`` local account ids to (url, ``user@instance``): replies name their
    parent and its account by local ids. This status's own ids are added to them."""
    account = status.get("account") or _EMPTY
    if local_accounts is not None and account.get("id") is not None:
        local_accounts.setdefault(str(account["id"]), (_account_id(account), full_acct(account)))
    reblog = status.get("reblog")
    src = reblog if isinstance(reblog, dict) else status
    parsed = _parse(src.get("content") or "")
    text = "".join(parsed.parts).strip()
    tags = [t["name"] for t in src.get("tags") or () if isinstance(t, dict) and isinstance(t.get("name"), str)]
    mentions = [full_acct(m) for m in src.get("mentions") or () if isinstance(m, dict)]
    mention_ids = {str(m.get("id")): m for m in src.get("mentions") or () if isinstance(m, dict)}
    urls = list(dict.fromkeys(parsed.links))
    if isinstance(reblog, dict):
        r_account = reblog.get("account") or _EMPTY
        retweeted = (reblog.get("uri"), _account_id(r_account), full_acct(r_account))
        local_uris.setdefault(str(reblog.get("id")), reblog.get("uri"))
    else:
        retweeted = (None, None, None)
    uri = status.get("uri")
    if status.get("id") is not None and uri:
        local_uris[str(status["id"])] = uri
    # replies: parent and its account are named by local ids; the parent's account is among the mentions
    parent = status.get("in_reply_to_id") if not isinstance(reblog, dict) else None
    reply = (None, None, None)
    if parent is not None:
        parent_account = str(status.get("in_reply_to_account_id"))
        target = account if parent_account == str(account.get("id")) else mention_ids.get(parent_account, _EMPTY)
        if target:
            reply = (local_uris.get(str(parent)), _account_id(target), full_acct(target))
        else:
            known = (local_accounts or _EMPTY).get(parent_account, (None, None))
            reply = (local_uris.get(str(parent)), *known)
    quote = status.get("quote")  # a boost of a quote post is a boost, not a quote (as for Twitter)
    q_status = quote.get("quoted_status") if isinstance(quote, dict) else None
    if isinstance(q_status, dict):
        q_account = q_status.get("account") or _EMPTY
        quoted = (q_status.get("uri"), _account_id(q_account), full_acct(q_account))
    else:
        quoted = (None, None, None)
    row = (
        uri,
        status.get("created_at"),
        _account_id(account),
        full_acct(account),
        account.get("display_name"),
        account.get("followers_count"),
        text,
        src.get("language"),
        isinstance(reblog, dict),
        quoted[0] is not None,
        parent is not None,
        *retweeted,
        *quoted,
        *reply,
        _SEP.join(tags),
        _SEP.join(m for m in mentions if m),
        _SEP.join(urls),
        src.get("reblogs_count"),
        src.get("favourites_count"),
        src.get("replies_count"),
        src.get("quotes_count"),
        False,
        fmt,
        source_file,
        line,
    )
    return row, {"content_warning": src.get("spoiler_text") or None}


def sse_events(lines: Iterator[tuple[int, bytes, bool]]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Server-Sent Events text → ``(line, {"event": NAME, "payload": DATA})`` per event, in the
    WebSocket message form (``:`` heartbeat lines and comments skipped)."""
    event: str | None = None
    data: list[str] = []
    start = 0
    for lineno, raw, _ended in lines:
        text = bytes(raw).decode("utf-8", "replace").rstrip("\r")
        if not text:
            if data or event:
                yield start, {"event": event or "message", "payload": "\n".join(data)}
            event, data = None, []
            continue
        if text.startswith(":"):
            continue
        field, _, value = text.partition(":")
        value = value.removeprefix(" ")
        if not (event or data):
            start = lineno
        if field == "event":
            event = value
        elif field == "data":
            data.append(value)
    if data or event:
        yield start, {"event": event or "message", "payload": "\n".join(data)}
