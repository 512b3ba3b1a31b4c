"""Networks: hand-checked edge weights and filters, Leiden, centralities, slices, exports, CLI, charts,
and recovery of the synthetic corpus's planted communities."""

from __future__ import annotations

import json

import networkx as nx
import numpy as np
import polars as pl
import pytest
from sklearn.metrics import normalized_mutual_info_score

from kit import networks as kn
from kit.cli import main
from kit.privacy import pseudonym
from kit.schema import from_records
from kit.selection import Selection

SALT = "test-salt"


def _tweet(i: int, author: str, *, day: int = 24, followers: int = 10, **extra: object) -> dict:
    handle = extra.pop("handle", f"U{author.upper()}")
    return {
        "tweet_id": str(i),
        "author_id": author,
        "author_username": handle,
        "author_followers": followers,
        "text": extra.pop("text", "t"),
        "created_at": f"2014-05-{day:02d}T12:00:00Z",
        **extra,
    }


def _rt(i: int, author: str, target: str, **extra: object) -> dict:
    return _tweet(
        i,
        author,
        is_retweet=True,
        retweeted_id=f"o{target}",
        retweeted_author_id=target,
        retweeted_username=f"U{target.upper()}",
        mentions=[f"u{target}"],
        **extra,
    )


@pytest.fixture()
def small() -> pl.DataFrame:
    """A hand-made table: retweets, mentions, replies, quotes and hashtags with known counts."""
    rows = [
        _rt(1, "a", "b", hashtags=["yesallwomen"]),
        _rt(2, "a", "b", hashtags=["yesallwomen"]),
        _rt(3, "a", "b", hashtags=["yesallwomen"]),
        _rt(4, "c", "b", hashtags=["yesallwomen"]),
        _rt(5, "b", "a", day=25, hashtags=["yesallwomen"]),
        _rt(6, "a", "a"),  # a self-retweet
        _tweet(
            7,
            "a",
            text="hi @UB @nobody @ub",
            mentions=["ub", "nobody", "ub"],
            hashtags=["YesAllWomen".lower(), "notallmen"],
        ),
        _tweet(
            8,
            "c",
            text="@UA yes",
            is_reply=True,
            in_reply_to_id="7",
            in_reply_to_user_id="a",
            in_reply_to_username="UA",
            mentions=["ua"],
            hashtags=["notallmen", "yesallwomen", "notallmen"],
        ),
        _tweet(
            9,
            "c",
            text="reply to self",
            is_reply=True,
            in_reply_to_id="8",
            in_reply_to_user_id="c",
            in_reply_to_username="UC",
        ),
        _tweet(
            10,
            "d",
            text="look",
            is_quote=True,
            quoted_id="7",
            quoted_author_id="a",
            quoted_username="UA",
            hashtags=["notallmen"],
        ),
        _tweet(11, "b", followers=50_000, handle="UB", day=26, hashtags=["yesallwomen", "notallmen"]),
    ]
    return from_records(rows)


# --- edge tables ---------------------------------------------------------------------------------
def test_retweet_edges_are_counted_and_directed(small: pl.DataFrame) -> None:
    assert kn.edge_table(small, "retweet").rows() == [("a", "b", 3), ("b", "a", 1), ("c", "b", 1)]
    with_loops = kn.edge_table(small, "retweet", self_loops=True)
    assert ("a", "a", 1) in with_loops.rows()
    assert kn.edge_table(small, "retweet", min_weight=2).rows() == [("a", "b", 3)]


def test_mention_edges_resolve_handles_and_skip_retweets(small: pl.DataFrame) -> None:
    # tweet 7 mentions ub twice (counted once), and an unknown handle; tweet 8 mentions ua.
    # The retweets' inherited "RT @..." mentions are not the retweeter's words: left out by default.
    assert kn.edge_table(small, "mention").rows() == [("a", "@nobody", 1), ("a", "b", 1), ("c", "a", 1)]
    with_rts = dict(((s, t), w) for s, t, w in kn.edge_table(small, "mention", include_retweets=True).rows())
    assert with_rts[("a", "b")] == 1 + 3 and with_rts[("c", "b")] == 1


def test_reply_quote_and_hashtag_edges(small: pl.DataFrame) -> None:
    assert kn.edge_table(small, "reply").rows() == [("c", "a", 1)]  # the self-reply is dropped
    assert kn.edge_table(small, "reply", self_loops=True).rows() == [("c", "a", 1), ("c", "c", 1)]
    assert kn.edge_table(small, "quote").rows() == [("d", "a", 1)]
    # tweets 7, 8 (tag repeated: counted once) and 11 carry both tags
    assert kn.edge_table(small, "hashtag").rows() == [("notallmen", "yesallwomen", 3)]


def test_selection_and_bad_kind(small: pl.DataFrame) -> None:
    day24 = Selection(end="2014-05-24")
    assert kn.edge_table(small, "retweet", day24).rows() == [("a", "b", 3), ("c", "b", 1)]
    with pytest.raises(ValueError, match="unknown network kind"):
        kn.edge_table(small, "follow")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="canonical column"):
        kn.edge_table(small.drop("mentions"), "mention")


def test_node_table_attributes(small: pl.DataFrame) -> None:
    edges = kn.edge_table(small, "mention")
    nodes = kn.node_table(small, edges, "mention")
    assert nodes["id"].to_list() == ["@nobody", "a", "b", "c"]
    row = {r["id"]: r for r in nodes.to_dicts()}
    assert row["b"]["username"] == "UB" and row["b"]["followers"] == 50_000  # latest count on its own tweets
    assert row["a"]["tweets"] == 5 and row["@nobody"]["username"] == "nobody" and row["@nobody"]["followers"] is None


# --- graphs and filters --------------------------------------------------------------------------
def _edges(rows: list[tuple[str, str, int]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"source": pl.String, "target": pl.String, "weight": pl.Int64}, orient="row")


def test_filters() -> None:
    g = kn.build_graph(
        _edges([("a", "b", 5), ("b", "c", 1), ("c", "a", 2), ("x", "y", 1), ("y", "z", 4), ("q", "r", 1)])
    )
    assert sorted(kn.filter_graph(g, min_weight=2).vs["name"]) == ["a", "b", "c", "y", "z"]
    assert sorted(kn.filter_graph(g, largest_component=True).vs["name"]) in (["a", "b", "c"], ["x", "y", "z"])
    assert sorted(kn.filter_graph(g, min_weight=2, largest_component=True).vs["name"]) == ["a", "b", "c"]
    # total degree: a, b, c and y have 2; x, z, q, r have 1
    assert sorted(kn.filter_graph(g, min_degree=2).vs["name"]) == ["a", "b", "c"]  # y is left isolated, so dropped
    # weighted strength: a 7, b 6, y 5, z 4, c 3
    assert sorted(kn.filter_graph(g, top=4).vs["name"]) == ["a", "b", "y", "z"]
    assert g.vcount() == 8 and g.ecount() == 6  # the input graph is untouched


def _two_camps() -> pl.DataFrame:
    rows = []
    for camp in ("p", "q"):
        members = [f"{camp}{i}" for i in range(5)]
        rows += [(s, t, 2) for s in members for t in members if s != t]
    rows.append(("p0", "q0", 1))
    return _edges(rows)


def test_leiden_finds_planted_camps_and_modularity_matches_networkx() -> None:
    g = kn.build_graph(_two_camps())
    membership, q = kn.leiden(g)
    names = g.vs["name"]
    camps = {name[0]: membership[i] for i, name in enumerate(names)}
    assert len(set(membership)) == 2 and camps["p"] != camps["q"]
    assert all(membership[i] == camps[n[0]] for i, n in enumerate(names))
    und = nx.Graph()
    for s, t, w in _two_camps().iter_rows():
        if und.has_edge(s, t):
            und[s][t]["weight"] += w
        else:
            und.add_edge(s, t, weight=w)
    parts = [{n for i, n in enumerate(names) if membership[i] == c} for c in (0, 1)]
    assert q == pytest.approx(nx.community.modularity(und, parts, weight="weight"))
    # a higher resolution splits further
    assert len(set(kn.leiden(g, resolution=5.0)[0])) > 2
    # per-community table: 20 directed edges of weight 2 inside each camp, one of weight 1 across
    table = kn.community_table(kn.network_from_edges(_two_camps()), pseudonyms=False)
    assert table.select("nodes", "internal_weight").rows() == [(5, 40), (5, 40)]
    assert table["internal_share"].to_list() == pytest.approx([40 / 41, 40 / 41])
    assert table["share"].to_list() == [0.5, 0.5] and all(len(t) == 5 for t in table["top_accounts"])


def test_centralities() -> None:
    star = kn.build_graph(_edges([(f"l{i}", "hub", i + 1) for i in range(6)]))
    cent = kn.centralities(star)
    hub = cent.filter(pl.col("id") == "hub").row(0, named=True)
    assert hub["in_degree"] == 6 and hub["in_strength"] == sum(range(1, 7))
    assert cent["pagerank"].sum() == pytest.approx(1.0) and cent["pagerank"].arg_max() == cent["id"].to_list().index(
        "hub"
    )
    # sampled betweenness: all sources = exact; a sample gives a scaled estimate that ranks like the exact one
    ba = nx.barabasi_albert_graph(400, 2, seed=3)
    g = kn.build_graph(_edges([(str(u), str(v), 1) for u, v in ba.edges]), directed=False)
    exact, is_exact = kn.betweenness(g)
    assert is_exact and exact == pytest.approx(kn.betweenness(g, samples=400)[0])
    approx, is_exact = kn.betweenness(g, samples=100, seed=1)
    assert not is_exact
    top_exact = set(np.argsort(exact)[-10:])
    assert len(top_exact & set(np.argsort(approx)[-10:])) >= 7
    assert sum(approx) == pytest.approx(sum(exact), rel=0.1)


# --- networks and summaries ----------------------------------------------------------------------
def test_network_summaries(small: pl.DataFrame) -> None:
    net = kn.network(small, "retweet")
    assert (net.n_nodes, net.n_edges) == (3, 3) and net.directed
    assert set(net.nodes.columns) >= {"id", "username", "community", "pagerank", "in_strength", "betweenness"}
    table = kn.community_table(net)
    assert table["nodes"].sum() == 3
    tags = kn.community_hashtags(net, small)
    # the network's accounts a, b, c posted 10 tweets (all but 10); 8 carry #yesallwomen, 3 #notallmen
    assert tags.group_by("hashtag").agg(pl.col("tweets").sum()).sort("hashtag").rows() == [
        ("notallmen", 3),
        ("yesallwomen", 8),
    ]
    assert tags.group_by("hashtag").agg(pl.col("hashtag_share").sum())["hashtag_share"].to_list() == pytest.approx(
        [1.0, 1.0]
    )
    assignments = pl.DataFrame(
        {"tweet_id": ["1", "2", "8", "10"], "topic": [3, 3, 5, 5], "label": ["x", "x", "y", "y"]}
    )
    topics = kn.community_topics(net, small, assignments)  # tweet 10's author d is not in the retweet network
    assert topics.select("topic", "label", "tweets").sort("topic").rows() == [(3, "x", 2), (5, "y", 1)]
    # a hashtag network's communities: the tweets carrying any of their tags
    tag_net = kn.network(small, "hashtag")
    assert tag_net.n_communities == 1
    assert kn.community_hashtags(tag_net, small).select("hashtag", "tweets").rows() == [
        ("yesallwomen", 8),
        ("notallmen", 4),
    ]


def test_pseudonyms_in_output(small: pl.DataFrame) -> None:
    net = kn.network(small, "retweet")
    shown = dict(zip(net.nodes["id"].to_list(), kn.shown_nodes(net, salt=SALT)["label"].to_list()))
    assert shown["b"] == "UB"  # 50,000 followers: a public account keeps its handle
    assert shown["a"] == pseudonym("UA", salt=SALT) and shown["c"] == pseudonym("UC", salt=SALT)
    assert set(kn.shown_nodes(net, pseudonyms=False)["label"]) == {"UA", "UB", "UC"}
    assert set(kn.top_accounts(net, salt=SALT)["label"]) == set(shown.values())


def test_time_slices_and_persistence() -> None:
    rows, i = [], 0
    for day, camps in ((24, ("p", "q")), (25, ("p", "q")), (26, ("p", "r"))):
        for camp in camps:
            for s in range(4):
                for t in range(4):
                    if s != t:
                        i += 1
                        rows.append(_rt(i, f"{camp}{s}", f"{camp}{t}", day=day))
    rows.append(_rt(i + 1, "p0", "q0", day=24))
    frame = from_records(rows)
    slices = kn.slice_networks(frame, "retweet", every="day")
    assert [p.day for p in slices] == [24, 25, 26]
    pers = kn.community_persistence(slices)
    assert pers.height == 6 and pers["size"].to_list() == [4] * 6
    lineages = pers.group_by("lineage").agg(pl.len(), pl.col("period").min()).sort("lineage")
    # p and q persist from the 24th to the 25th, p on to the 26th; r is new on the 26th
    assert sorted(lineages["len"].to_list()) == [1, 2, 3]
    first = pers.filter(pl.col("period").dt.day() == 24)
    assert first["jaccard"].to_list() == [1.0, 1.0]
    weekly = kn.slice_networks(frame, "retweet", every="week")
    # weeks start on Monday: Sat 24 and Sun 25 May 2014 fall in the week of the 19th, Mon 26 in the next
    assert [p.day for p in weekly] == [19, 26]
    assert [n.n_nodes for n in weekly.values()] == [8, 8]


def test_persistence_on_shared_accounts() -> None:
    # day 24: camp p0-p3 (a clique); day 25: p0 and p1 again, and ten newcomers retweeting p0
    rows = [
        _rt(i, f"p{s}", f"p{t}", day=24)
        for i, (s, t) in enumerate((s, t) for s in range(4) for t in range(4) if s != t)
    ]
    rows += [_rt(100, "p1", "p0", day=25), _rt(101, "p0", "p1", day=25)]
    rows += [_rt(200 + k, f"n{k}", "p0", day=25) for k in range(10)]
    slices = kn.slice_networks(from_records(rows), "retweet")
    full = kn.community_persistence(slices)
    assert full["jaccard"][0] == pytest.approx(2 / (4 + 12 - 2)) and full["lineage"].n_unique() == 2
    shared = kn.community_persistence(slices, shared_only=True)
    assert shared["jaccard"][0] == 1.0 and shared["lineage"].n_unique() == 1


# --- export ----------------------------------------------------------------------------------
@pytest.mark.parametrize("suffix", [".gexf", ".graphml"])
def test_export_reads_back_with_networkx(tmp_path, small: pl.DataFrame, suffix: str) -> None:
    net = kn.network(small, "retweet")
    path = tmp_path / f"net{suffix}"
    assert kn.export_network(net, path, salt=SALT) == [path]
    g = nx.read_gexf(path) if suffix == ".gexf" else nx.read_graphml(path)
    assert g.is_directed() and g.number_of_nodes() == 3 and g.number_of_edges() == 3
    shown = kn.shown_nodes(net, salt=SALT)
    for row in shown.to_dicts():
        attrs = g.nodes[row["label"]]
        assert attrs["label"] == row["label"] and int(attrs["community"]) == row["community"]
        assert float(attrs["pagerank"]) == pytest.approx(row["pagerank"])
        assert int(attrs["followers"]) == row["followers"]
    a, b = shown.filter(pl.col("id") == "a")["label"][0], "UB"
    assert float(g[a][b]["weight"]) == 3
    text = path.read_text()
    assert '"UA"' not in text and ">UA<" not in text  # a small account's handle never reaches the file
    assert not list(tmp_path.glob(".*.tmp"))
    # private analysis: real ids and handles
    kn.export_network(net, path, pseudonyms=False)
    g = nx.read_gexf(path) if suffix == ".gexf" else nx.read_graphml(path)
    assert sorted(g.nodes) == ["a", "b", "c"] and g.nodes["a"]["label"] == "UA"


def test_export_csv_and_bad_suffix(tmp_path, small: pl.DataFrame) -> None:
    net = kn.network(small, "hashtag")
    written = kn.export_network(net, tmp_path / "tags.csv")
    assert [p.name for p in written] == ["tags.csv", "tags.nodes.csv"]
    edges = pl.read_csv(written[0])
    assert edges.rows() == [("notallmen", "yesallwomen", 3, "Undirected")]
    nodes = pl.read_csv(written[1])
    assert nodes.columns[:3] == ["Id", "Label", "community"] and set(nodes["Label"]) == {"#notallmen", "#yesallwomen"}
    with pytest.raises(ValueError, match=".gexf, .graphml or .csv"):
        kn.export_network(net, tmp_path / "tags.json")
    assert not (tmp_path / "tags.json").exists()


def test_cli_end_to_end(tmp_path, small: pl.DataFrame, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "t.parquet"
    small.write_parquet(data)
    out = tmp_path / "rt.gexf"
    assert main(["network", str(data), "--kind", "retweet", "--hashtag", "yesallwomen", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "3 nodes, 3 edges, 1 communities" in printed and "modularity" in printed and str(out) in printed
    g = nx.read_gexf(out)
    assert all("community" in attrs for _, attrs in g.nodes(data=True))
    assert main(["network", str(data), "--kind", "retweet", "--out", str(out), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)  # --json: the result as JSON, nothing else on stdout
    assert (doc["kind"], doc["nodes"], doc["edges"], doc["communities"]) == ("retweet", 3, 3, 1)
    assert doc["written"] == [str(out)] and doc["largest_communities"][0]["nodes"] == 3
    assert main(["network", str(data), "--out", str(tmp_path / "x.txt")]) == 2
    assert "must end in" in capsys.readouterr().err
    assert main(["network", str(tmp_path / "missing.parquet"), "--out", str(out)]) == 2
    assert main(["network", str(data), "--kind", "quote", "--min-weight", "5", "--out", str(tmp_path / "q.gexf")]) == 1
    assert not (tmp_path / "q.gexf").exists()


# --- charts ----------------------------------------------------------------------------------
def test_charts_hold_aggregates_with_pseudonyms(small: pl.DataFrame) -> None:
    from kit.charts import networks as charts

    net = kn.network(small, "retweet")
    nodes, edges = kn.network_layout(net, salt=SALT)
    assert nodes.height == 3 and edges.height == 2  # a<->b merged in the undirected picture
    again, _ = kn.network_layout(net, salt=SALT)
    assert nodes.equals(again)  # seeded layout
    specs = [
        charts.network_chart(nodes, edges).to_dict(),
        charts.top_accounts_chart(kn.top_accounts(net, salt=SALT)).to_dict(),
        charts.community_sizes_chart(kn.community_persistence(kn.slice_networks(small, "retweet"))).to_dict(),
    ]
    dumped = json.dumps(specs, default=str)
    assert "UA" not in dumped and pseudonym("UA", salt=SALT) in dumped and "UB" in dumped
    assert '"t"' not in dumped and "hi @UB" not in dumped  # no tweet text
    with pytest.raises(ValueError, match="network_layout"):
        charts.network_chart(nodes.drop("x"), edges)


# --- the synthetic corpus's planted communities ----------------------------------------------------
def _nmi(net: kn.Network, truth: pl.DataFrame) -> tuple[float, int]:
    planted = truth.select("author_id", "community").unique("author_id")
    joined = net.nodes.select(pl.col("id").alias("author_id"), pl.col("community").alias("found")).join(
        planted, on="author_id", how="inner"
    )
    return normalized_mutual_info_score(joined["community"].to_list(), joined["found"].to_list()), joined.height


def test_planted_communities_recovered(synthetic) -> None:
    net = kn.network(synthetic.tweets, "retweet", largest_component=True)
    score, matched = _nmi(net, synthetic.truth)
    assert matched >= 0.9 * net.n_nodes  # nodes are the truth file's accounts
    # measured 0.84 on this fixture (6 planted communities, 90% of retweets inside one's own community)
    assert score >= 0.7, f"NMI {score:.3f} of Leiden vs planted communities ({net.summary()})"
    assert net.modularity > 0.5
    # the five largest camps found are each one planted camp (the planted "media" accounts are
    # retweeted across camps by design, so they are not asked to form a pure camp)
    planted = synthetic.truth.select("author_id", "community").unique("author_id")
    purity = (
        net.nodes.select(pl.col("id").alias("author_id"), pl.col("community").alias("found"))
        .join(planted, on="author_id")
        .filter(pl.col("found") < 5)
        .group_by("found", "community")
        .len()
        .sort("found", "len", descending=[False, True])
        .group_by("found", maintain_order=True)
        .agg(pl.col("community").first(), pl.col("len").first() / pl.col("len").sum())
    )
    assert purity["community"].n_unique() == 5 and purity["len"].min() >= 0.8, purity
    # the bar is real: a random relabelling of the same accounts scores near zero
    shuffled = net.nodes.with_columns(pl.col("community").shuffle(seed=1))
    assert _nmi(kn.Network(**{**net.__dict__, "nodes": shuffled}), synthetic.truth)[0] < 0.2
    rerun = kn.network(synthetic.tweets, "retweet", largest_component=True)
    assert rerun.nodes["community"].to_list() == net.nodes["community"].to_list()
    assert rerun.modularity == net.modularity
    # leidenalg, the reference implementation: the same bar, seeded too, and close to the default
    ref = kn.network(synthetic.tweets, "retweet", largest_component=True, method="leidenalg")
    assert _nmi(ref, synthetic.truth)[0] >= 0.7 and ref.modularity == pytest.approx(net.modularity, abs=0.01)
    again = kn.network(synthetic.tweets, "retweet", largest_component=True, method="leidenalg")
    assert again.nodes["community"].to_list() == ref.nodes["community"].to_list()
    with pytest.raises(ValueError, match="unknown Leiden method"):
        kn.leiden(net.graph, method="louvain")  # type: ignore[arg-type]


def test_synthetic_cli_gexf_has_communities(tmp_path, synthetic) -> None:
    out = tmp_path / "rt.graphml"
    assert main(["network", str(synthetic.parquet), "--kind", "retweet", "--largest-component", "--out", str(out)]) == 0
    g = nx.read_graphml(out)
    assert g.number_of_nodes() > 20 and all("community" in a and "pagerank" in a for _, a in g.nodes(data=True))


@pytest.mark.parametrize("which", ["synthetic_bluesky", "synthetic_mastodon"])
def test_planted_communities_recovered_on_every_platform(which: str, synthetic, request: pytest.FixtureRequest) -> None:
    """The same planted corpus as Bluesky Jetstream events or Mastodon statuses: the same networks
    (DIDs / account URLs as nodes) and the same communities as from the v2 pages."""
    corpus = request.getfixturevalue(which)
    net = kn.network(corpus.tweets, "retweet", largest_component=True)
    score, matched = _nmi(net, corpus.truth)
    assert matched == net.n_nodes and score >= 0.7
    reference = kn.network(synthetic.tweets, "retweet", largest_component=True)
    assert (net.n_nodes, net.n_edges) == (reference.n_nodes, reference.n_edges)
    assert net.modularity == pytest.approx(reference.modularity, abs=0.02)
    for kind in ("mention", "reply", "quote"):
        mine, ref = kn.network(corpus.tweets, kind), kn.network(synthetic.tweets, kind)
        assert (mine.n_nodes, mine.n_edges) == (ref.n_nodes, ref.n_edges), kind
    # handles with dots (Bluesky) and `user@instance` (Mastodon) resolve to account ids as Twitter handles do
    unresolved = [
        kn.network(t, "mention").nodes.filter(pl.col("id").str.starts_with("@")).height
        for t in (corpus.tweets, synthetic.tweets)
    ]
    assert unresolved[0] == unresolved[1]
    assert (
        corpus.tweets["mentions"]
        .explode()
        .drop_nulls()
        .str.contains(r"\." if which == "synthetic_bluesky" else "@")
        .all()
    )


def test_network_build_reports_its_stages_in_order_and_the_result_is_unchanged() -> None:
    seen: list[tuple[int, int | None, str]] = []
    plain = kn.network_from_edges(_two_camps())
    told = kn.network_from_edges(_two_camps(), progress=lambda d, t, w: seen.append((d, t, w)))
    assert [d for d, _, _ in seen] == [1, 2, 3, 4] and {t for _, t, _ in seen} == {4}
    assert seen[1][2] == "communities of 10 accounts"
    assert told.nodes.equals(plain.nodes) and told.modularity == plain.modularity
