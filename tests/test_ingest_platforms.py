"""Bluesky and Mastodon import: real fixtures checked against a small independent reading of the files,
byte-offset facets, Mastodon HTML, boosts, deletes, a mixed-platform collection, selection by platform."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import orjson
import polars as pl
import pytest

import kit
from kit.ingest.mastodon import html_to_text
from kit.schema import validate
from tests.conftest import SHARED_FIXTURES

BSKY = "bluesky"
MASTO = "mastodon"
JETSTREAM = "bluesky/jetstream/internal/corpus/testdata/expected_v1.jsonl"
GOLDEN = "bluesky/jetstream/internal/subscribe/testdata/golden_v1.jsonl"
TWITWI = "bluesky/twitwi/test/resources/bluesky-posts.json"
FIREHOSE = "bluesky/twitwi/test/resources/bluesky-firehose-posts.json"
HYDRATED = "bluesky/twitwi/test/resources/bluesky-hydrated-firehose-posts.json"
DART = "bluesky/atproto.dart/packages/bluesky/test/src/services/suite/app/bsky/feed/"
CASSETTES = "mastodon/Mastodon.py/cassette-bodies/"
M4J = "mastodon/mastodon4j/mastodon4j/src/test/assets/"
TAG = "app.bsky.richtext.facet#tag"


def _fixture(rel: str) -> Path:
    if not (SHARED_FIXTURES / rel).exists():
        pytest.skip(f"shared fixture {rel} not found under {SHARED_FIXTURES} (set KIT_SHARED_FIXTURES)")
    return SHARED_FIXTURES / rel


def _read(rel: str, tmp_path: Path, **kw: object) -> tuple[pl.DataFrame, dict]:
    out = tmp_path / (Path(rel).stem + ".parquet")
    report = kit.import_tweets([_fixture(rel)], out, **kw)
    return validate(pl.read_parquet(out)), report.to_dict()


# --- an independent reading (stdlib only, following PLATFORMS.md's counting rules) --------------------------
def _records(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    return doc if isinstance(doc, list) else [doc]


def _norm(tag: str) -> str:
    return tag.strip().lstrip("#").strip().lower()


def _bsky_expected(path: Path) -> dict[str, dict]:
    """at-uri → {text, tags, repost} of every post and repost row the file holds."""
    rows: dict[str, dict] = {}

    def post(view: dict) -> None:
        rec = view["record"]
        tags = [
            _norm(f["tag"])
            for facet in rec.get("facets") or []
            for f in facet.get("features") or []
            if f.get("$type") == TAG and isinstance(f.get("tag"), str) and _norm(f["tag"])
        ]
        tags += [_norm(t) for t in rec.get("tags") or [] if _norm(t)]
        rows.setdefault(view["uri"], {"text": rec.get("text") or "", "tags": sorted(set(tags)), "repost": False})

    for obj in _records(path):
        items = obj.get("posts") or obj.get("feed") or [obj]
        for item in items:
            if item.get("kind") == "commit":
                c = item["commit"]
                if c["operation"] in ("create", "update") and c["collection"] == "app.bsky.feed.post":
                    post({"uri": f"at://{item['did']}/{c['collection']}/{c['rkey']}", "record": c["record"]})
                elif c["operation"] == "create" and c["collection"] == "app.bsky.feed.repost":
                    rows[f"at://{item['did']}/{c['collection']}/{c['rkey']}"] = {"text": "", "tags": [], "repost": True}
            elif "record" in item:
                post(item)
            elif "post" in item:
                reason = item.get("reason") or {}
                if reason.get("$type") == "app.bsky.feed.defs#reasonRepost":
                    p = item["post"]
                    uid = reason.get("uri") or (
                        f"at://{reason['by']['did']}/app.bsky.feed.repost/"
                        f"{p['uri'].split('/')[2]}:{p['uri'].rsplit('/', 1)[-1]}"
                    )
                    rows[uid] = {"text": p["record"].get("text") or "", "repost": True, "tags": []}
                else:
                    post(item["post"])
    return rows


@pytest.mark.parametrize(
    "rel, n_rows, n_reposts",
    [
        (JETSTREAM, 32, 15),
        (GOLDEN, 2, 1),
        (TWITWI, 119, 2),
        (FIREHOSE, 9, 0),
        (HYDRATED, 9, 0),
        (DART + "getAuthorFeed.json", 25, 2),
        (DART + "getTimeline.json", 200, 3),
        (DART + "searchPosts.json", 1, 0),
    ],
)
def test_bluesky_fixtures_match_an_independent_reading(rel: str, n_rows: int, n_reposts: int, tmp_path: Path) -> None:
    table, report = _read(rel, tmp_path)
    expected = _bsky_expected(_fixture(rel))
    assert table.height == len(expected) == n_rows and int(table["is_retweet"].sum()) == n_reposts
    assert set(table["platform"]) == {"bluesky"} and table["content_warning"].null_count() == table.height
    assert not report["skipped"]
    got = {r["tweet_id"]: r for r in table.iter_rows(named=True)}
    assert set(got) == set(expected)
    for uri, want in expected.items():
        row = got[uri]
        assert row["text"] == want["text"], uri
        assert row["is_retweet"] == want["repost"]
        if not want["repost"]:
            assert sorted(set(row["hashtags"])) == want["tags"], uri
            assert row["author_id"] == uri.split("/")[2]


def test_jetstream_events_notices_and_deletes(tmp_path: Path) -> None:
    table, report = _read(JETSTREAM, tmp_path, apply_deletions=True)
    assert report["notices"]["bluesky identity"] == 1 and report["notices"]["bluesky account"] == 1
    assert report["notices"]["bluesky delete"] == 1 and report["non_tweet"]["bluesky like"] == 105
    assert report["non_tweet"]["bluesky follow"] == 6
    # the one post delete names a post not in the file: nothing removed, the id counted
    assert report["deletion_ids"] == 1 and report["deletions_applied"] == 0 and table.height == 32
    assert sorted(t for tags in table["hashtags"] for t in tags) == [
        "balanwonderworldoc",
        "howtotellaitoshutup",
        "indierebellion",
        "talesatwonderworld",
    ]
    # a link whose text is shortened: the URL is the facet's full uri
    link = table.filter(pl.col("text") == "www.youtube.com/watch?v=V5lD...").row(0, named=True)
    assert link["urls"] == ["https://www.youtube.com/watch?v=V5lDo-jw8mA"] and link["lang"] == "en"
    # handles are not in commits: the DID stands in; index time kept beside the client time
    assert (table["author_username"] == table["author_id"]).all()
    assert table["indexed_at"].null_count() == 0 and table["indexed_at"].dt.year().unique().to_list() == [2026]
    # reposts: only the subject (its original is not in the file): text unknown, flagged truncated
    reposts = table.filter("is_retweet")
    assert reposts.height == 15 and reposts["is_truncated"].all() and (reposts["text"] == "").all()
    assert reposts["retweeted_id"].str.contains("/app.bsky.feed.post/").all()
    assert (reposts["retweeted_author_id"] == reposts["retweeted_id"].str.extract(r"^at://([^/]+)/")).all()


def test_jetstream_delete_applied_and_reposts_filled(tmp_path: Path) -> None:
    """A collection holding a post, a repost of it and a delete of another post."""
    did, other = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", "did:plc:bbbbbbbbbbbbbbbbbbbbbbbb"
    post = {
        "did": did,
        "time_us": 1_716_000_000_000_000,
        "kind": "commit",
        "commit": {
            "operation": "create",
            "collection": "app.bsky.feed.post",
            "rkey": "3kaaaaaaaaaa2",
            "record": {
                "text": "Café ☕ #Tag1 @b.test",
                "createdAt": "2024-05-18T02:40:00+02:00",
                "tags": ["Extra"],
                "facets": [
                    {"index": {"byteStart": 10, "byteEnd": 15}, "features": [{"$type": TAG, "tag": "Tag1"}]},
                    {
                        "index": {"byteStart": 16, "byteEnd": 23},
                        "features": [{"$type": "app.bsky.richtext.facet#mention", "did": other}],
                    },
                ],
            },
        },
    }
    repost = {
        "did": other,
        "time_us": 1_716_000_100_000_000,
        "kind": "commit",
        "commit": {
            "operation": "create",
            "collection": "app.bsky.feed.repost",
            "rkey": "3kbbbbbbbbbb2",
            "record": {
                "subject": {"uri": f"at://{did}/app.bsky.feed.post/3kaaaaaaaaaa2", "cid": "x"},
                "createdAt": "2024-05-18T01:00:00Z",
            },
        },
    }
    gone = {
        "did": did,
        "time_us": 1_716_000_200_000_000,
        "kind": "commit",
        "commit": {
            "operation": "create",
            "collection": "app.bsky.feed.post",
            "rkey": "3kcccccccccc2",
            "record": {"text": "oops", "createdAt": "2030-01-01T00:00:00Z"},
        },
    }
    delete = {
        "did": did,
        "time_us": 1_716_000_300_000_000,
        "kind": "commit",
        "commit": {"operation": "delete", "collection": "app.bsky.feed.post", "rkey": "3kcccccccccc2"},
    }
    ident = {
        "did": did,
        "time_us": 1_715_000_000_000_000,
        "kind": "identity",
        "identity": {"did": did, "handle": "alice.example.com"},
    }
    src = tmp_path / "js.jsonl"
    src.write_bytes(b"\n".join(orjson.dumps(o) for o in (ident, post, repost, gone, delete)) + b"\n")
    kept = kit.read_tweets([src])
    assert kept.height == 3
    rep = kit.import_tweets([src], tmp_path / "all.parquet")
    assert any("plausible created_at" in k and v == 1 for k, v in rep.missing.items())  # 2030 > index time
    table = kit.read_tweets([src], apply_deletions=True)
    assert table.height == 2 and "oops" not in table["text"].to_list()
    original = table.filter(~pl.col("is_retweet")).row(0, named=True)
    # byte offsets after "é" and "☕" (2 and 3 bytes): the mention is cut right; the record's tags added
    assert original["hashtags"] == ["tag1", "extra"] and original["mentions"] == ["b.test"]
    assert original["author_username"] == "alice.example.com"  # from the identity event
    assert original["created_at"].isoformat() == "2024-05-18T00:40:00+00:00"
    filled = table.filter("is_retweet").row(0, named=True)
    assert filled["text"] == original["text"] and filled["hashtags"] == ["tag1", "extra"]
    assert filled["retweeted_username"] == "alice.example.com" and not filled["is_truncated"]
    assert filled["author_username"] == other  # no identity event: the DID


def test_bluesky_views_quotes_replies_and_odd_records(tmp_path: Path) -> None:
    table, _ = _read(TWITWI, tmp_path)
    # quotes of posts only: 4 embeds point at a feed generator, a list, a starter pack, a profile
    assert int(table["is_quote"].sum()) == 21 and int(table["is_reply"].sum()) == 17
    assert table.filter("is_quote")["quoted_id"].str.contains("/app.bsky.feed.post/").all()
    # year-0000 createdAt: the post is kept, its time unusable (null, counted in the report)
    zero = table.filter(pl.col("tweet_id").str.ends_with("/3kbpuogc6fz2o"))
    assert zero.height == 1 and zero["created_at"].to_list() == [None] and zero["indexed_at"].to_list() == [None]
    # handle.invalid → the DID
    assert not table["author_username"].str.contains("handle.invalid").any()
    assert table.filter(pl.col("author_username").str.starts_with("did:")).height == 2
    # facet tags with a leading space, punctuation and a record tag with spaces
    tags = set(table["hashtags"].explode().drop_nulls())
    assert {"sinradio", "e,", "(artist)", "vídeo da tv"} <= tags
    # mentions: handles cut by UTF-8 byte offsets, with dots
    row = table.filter(pl.col("text").str.starts_with("#ESR #HCERES Appel intersyndical")).row(0, named=True)
    assert row["mentions"][:3] == ["cgtfercsup.bsky.social", "ferc-cgt.bsky.social", "cgt.fr"]
    # the hydrated firehose posts are the same ids as the raw firehose events: 9 rows for both files
    both = kit.read_tweets([_fixture(FIREHOSE), _fixture(HYDRATED)])
    assert both.height == 9 and set(both["source_format"]) == {"bluesky-view"}  # the view is more complete


def test_feed_reposts_get_stable_ids_and_the_original_text(tmp_path: Path) -> None:
    table, _ = _read(DART + "getAuthorFeed.json", tmp_path)
    feed = json.loads(_fixture(DART + "getAuthorFeed.json").read_text())["feed"]
    item = next(i for i in feed if "reason" in i)
    by, post = item["reason"]["by"], item["post"]
    rid = f"at://{by['did']}/app.bsky.feed.repost/{post['author']['did']}:{post['uri'].rsplit('/', 1)[-1]}"
    row = table.filter(pl.col("tweet_id") == rid).row(0, named=True)
    assert row["is_retweet"] and row["retweeted_id"] == post["uri"] and row["author_username"] == by["handle"]
    assert row["text"] == post["record"]["text"] and row["retweet_count"] == post["repostCount"]
    assert row["retweeted_username"] == post["author"]["handle"]
    # reply context (root/parent PostViews) is not rows; the parent's handle names the reply
    replies = table.filter("is_reply")
    assert replies.height == 20 and replies["in_reply_to_username"].null_count() == 0


# --- Mastodon -------------------------------------------------------------------------------------------
class _Plain(__import__("html.parser", fromlist=["HTMLParser"]).HTMLParser):
    """Independent HTML → text: block boundaries by tag, data joined."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.out.append("\n")
        elif tag == "p" and self.out:
            self.out.append("\n\n")

    def handle_data(self, data):
        self.out.append(data)

    def handle_entityref(self, name):
        self.out.append(html.unescape(f"&{name};"))

    def handle_charref(self, name):
        self.out.append(html.unescape(f"&#{name};"))


def _plain(content: str) -> str:
    p = _Plain()
    p.feed(content)
    return "".join(p.out).strip()


def _statuses(path: Path) -> list[dict]:
    if path.suffix == ".sse":
        out = []
        for block in path.read_text().split("\n\n"):
            lines = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
            if lines.get("event") == "update":
                out.append(json.loads(lines["data"]))
        return out
    return _records(path)


@pytest.mark.parametrize(
    "rel, n_rows, n_boosts, n_tags",
    [
        (CASSETTES + "tag-timeline.page1.json", 10, 0, 10),
        (CASSETTES + "tag-timeline.page2.json", 10, 0, 10),
        (CASSETTES + "tag-timeline.page3.json", 10, 0, 10),
        (CASSETTES + "hashtag-timeline-hoot.json", 1, 0, 1),
        (CASSETTES + "public-timeline.json", 8, 0, 0),
        (CASSETTES + "home-timeline.json", 13, 0, 0),
        (CASSETTES + "account-statuses.json", 5, 0, 0),
        (CASSETTES + "status-responses.jsonl", 9, 7, 0),
        (CASSETTES + "streaming-user.sse", 2, 0, 0),
        (M4J + "tag.json", 20, 0, 43),
        (M4J + "public_timeline.json", 20, 0, 0),
    ],
)
def test_mastodon_fixtures_match_an_independent_reading(
    rel: str, n_rows: int, n_boosts: int, n_tags: int, tmp_path: Path
) -> None:
    table, report = _read(rel, tmp_path)
    statuses = _statuses(_fixture(rel))
    assert table.height == len({s["uri"] for s in statuses}) == n_rows and not report["skipped"]
    assert int(table["is_retweet"].sum()) == n_boosts and int(table["hashtags"].list.len().sum()) == n_tags
    assert set(table["platform"]) == {"mastodon"}
    got = {r["tweet_id"]: r for r in table.iter_rows(named=True)}
    for s in statuses:
        row = got[s["uri"]]
        src = s["reblog"] or s
        assert row["text"] == _plain(src["content"]), s["uri"]
        assert row["hashtags"] == list(dict.fromkeys(t["name"].lower() for t in src["tags"]))
        assert row["author_id"] == s["account"]["url"]
        acct = s["account"]["acct"]
        host = re.match(r"https?://([^/]+)", s["account"]["url"]).group(1)
        assert row["author_username"] == (acct if "@" in acct else f"{acct}@{host}")
        assert row["content_warning"] == (src["spoiler_text"] or None)
        assert row["is_retweet"] == (s["reblog"] is not None)
        if s["reblog"]:
            assert row["retweeted_id"] == s["reblog"]["uri"] and row["retweet_count"] == s["reblog"]["reblogs_count"]


def test_mastodon_html_content_warning_and_boosts(tmp_path: Path) -> None:
    assert (
        html_to_text("<p>a<br>b<br />c</p><p>&amp;lt;tag&amp;gt; &quot;q&quot; &#39;s&#39; &lt;3</p>")
        == "a\nb\nc\n\n&lt;tag&gt; \"q\" 's' <3"
    )
    assert (
        html_to_text(
            '<p><a href="https://x.org/a/b" rel="nofollow"><span class="invisible">https://</span>'
            '<span class="ellipsis">x.org/a</span><span class="invisible">/b</span></a></p>'
        )
        == "https://x.org/a/b"
    )
    table, _ = _read(CASSETTES + "status-responses.jsonl", tmp_path)
    cw = table.filter(pl.col("content_warning").is_not_null()).row(0, named=True)
    assert cw["content_warning"] == "Content warning" and cw["text"] == "Toot!"
    boosts = table.filter("is_retweet")
    assert boosts["tweet_id"].str.ends_with("/activity").all() and (boosts["text"] != "").all()
    assert boosts["retweeted_username"].str.ends_with("@localhost:3000").all()
    # 2017 remote data: OStatus ids, mixed-case tags lower-cased, replies name the account replied to
    tag, _ = _read(M4J + "tag.json", tmp_path)
    assert tag["tweet_id"].str.starts_with("tag:").all() and tag["lang"].null_count() == 20
    assert "公式アカウント" in tag["hashtags"].explode().to_list()
    reply = tag.filter(pl.col("tweet_id") == "tag:mastodon.social,2017-04-21:objectId=3610569:objectType=Status")
    assert reply["in_reply_to_username"].to_list() == ["alexl@mstdn.io"]
    assert reply["mentions"].to_list() == [["alexl@mstdn.io", "deadsuperhero@social.nasqueron.org"]]
    public, _ = _read(M4J + "public_timeline.json", tmp_path)
    assert "iorin0225@mstdn.jp" in public["author_username"].to_list()  # a local account: instance from its url
    assert public["text"].str.contains("<br").sum() == 0 and public["text"].str.contains("\n").sum() > 0


def test_mastodon_stream_deletes_and_websocket_form(tmp_path: Path) -> None:
    table, report = _read(CASSETTES + "streaming-user.sse", tmp_path, apply_deletions=True)
    assert report["notices"]["mastodon notification"] == 2 and report["notices"]["mastodon delete"] == 1
    assert table.height == 1 and report["deletions_applied"] == 1  # local id 117024236332527350 → its uri
    # the same events as WebSocket messages (payload a JSON string), one per line
    lines = []
    for block in _fixture(CASSETTES + "streaming-user.sse").read_text().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if "event" in fields:
            lines.append(orjson.dumps({"stream": ["user"], "event": fields["event"], "payload": fields["data"]}))
    ws = tmp_path / "ws.jsonl"
    ws.write_bytes(b"\n".join(lines) + b"\n")
    assert kit.read_tweets([ws], apply_deletions=True)["tweet_id"].to_list() == table["tweet_id"].to_list()
    assert set(kit.read_tweets([ws])["source_format"]) == {"mastodon-stream"}


def test_mixed_platforms_split_and_select(tmp_path: Path, synthetic) -> None:
    table = kit.read_tweets([_fixture(JETSTREAM), _fixture(CASSETTES + "tag-timeline.page1.json"), synthetic.raw])
    counts = dict(table.group_by("platform").len().iter_rows())
    assert counts == {"bluesky": 32, "mastodon": 10, "twitter": 4_000}
    assert kit.select(table, platforms=["mastodon"]).height == 10
    assert kit.select(table, platforms=("bluesky", "Mastodon")).height == 42
    with pytest.raises(ValueError, match="unknown platform"):
        kit.select(table, platforms=["myspace"])
    from kit import describe

    summary = describe.summary(kit.select(table, platforms=["bluesky"]))
    assert summary["tweets"] == 32 and summary["share_retweets"] == pytest.approx(15 / 32)
    # twitter text is unescaped; Bluesky text kept as typed
    assert table.filter(pl.col("platform") == "twitter")["text"].str.contains("&amp;").sum() == 0


def test_cli_platform_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kit.cli import main

    out = tmp_path / "mix.parquet"
    kit.import_tweets([_fixture(JETSTREAM), _fixture(M4J + "tag.json")], out)
    assert main(["summary", str(out), "--platform", "mastodon", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["tweets"] == 20 and "platform mastodon" in figures["selection"]


@pytest.mark.slow
def test_kit_render_reports_a_bluesky_collection(
    synthetic_bluesky, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`kit render --data <bluesky table>`: the real report notebook on the planted corpus as Jetstream events."""
    from kit.cli import main

    out = tmp_path / "reports"
    assert (
        main(
            [
                "render",
                "--data",
                str(synthetic_bluesky.parquet),
                "--out",
                str(out),
                "--hashtag",
                "notallmen",
                "-p",
                "topics=false",
                "--workers",
                "1",
            ]
        )
        == 0
    ), capsys.readouterr()
    manifest = json.loads((out / "notallmen" / "manifest.json").read_text())
    assert manifest["status"] == "ok"
    page = (out / "notallmen" / "report.html").read_text()
    assert "<strong>Platform:</strong> Bluesky" in page and "These data are SYNTHETIC" in page
    assert page.count('src="data:image/svg+xml;base64,') >= 6
    selected = kit.select(synthetic_bluesky.tweets, hashtags=["notallmen"]).height
    assert selected > 100 and f"Tweets selected:</strong> {selected:,}" in page  # Jetstream reposts included
