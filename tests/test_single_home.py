"""One home for shared rules (issue 13): tweet patterns and tag/handle normalisation in kit.text, one
time-zone check (kit.timebins.check_tz), one chart-input check (kit.charts._input.check_input)."""

from __future__ import annotations

import ast
import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from kit import text, timebins

KIT = Path(__file__).resolve().parents[1] / "kit"

#: A string constant that is a hashtag / mention / URL / ``RT @x:`` pattern.
_LOOKS_LIKE_TWEET_RULE = re.compile(r"https\?://|www\\\.|@\\w|#\\w|\[#＃\]|\[@＠\]|\[@#\]|\^RT")
#: Patterns kept outside kit.text on purpose (each says why where it is defined).
_ALLOWED: dict[str, set[str]] = {
    # links to a tweet / a media display URL: tweet-link rules of ingest, not the URL rule of free text
    "ingest/rows.py": {"STATUS_LINK", "_MEDIA_DISPLAY"},
    # the sample generator's own plain grammar for the text it writes (see its comment)
    "sample/text.py": {"HASHTAG_RE", "MENTION_RE", "TCO_RE", "_LEAD"},
    # the affect function-word gate drops whole @handle/#tag tokens (built on kit.text.URL_RE)
    "affect/language.py": {"_NOISE"},
}


def _modules() -> list[Path]:
    return sorted(p for p in KIT.rglob("*.py") if p.name != "text.py" or p.parent != KIT)


def _assigned_names(tree: ast.AST) -> dict[int, str]:
    """Line number of each string constant -> the module-level name it is assigned to (if any)."""
    out: dict[int, str] = {}
    for node in getattr(tree, "body", []):
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            for sub in ast.walk(node):
                if isinstance(sub, ast.Constant) and names:
                    out[sub.lineno] = names[0]
    return out


def test_tweet_patterns_live_only_in_kit_text() -> None:
    strays = []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = _assigned_names(tree)
        rel = path.relative_to(KIT).as_posix()
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and len(node.value) < 200
                and _LOOKS_LIKE_TWEET_RULE.search(node.value)
                and names.get(node.lineno) not in _ALLOWED.get(rel, set())
            ):
                strays.append(f"{rel}:{node.lineno} {node.value!r}")
    assert strays == [], "tweet patterns belong in kit/text.py (import them from there): " + "; ".join(strays)


def test_kit_text_stays_at_the_bottom_and_light() -> None:
    tree = ast.parse((KIT / "text.py").read_text(encoding="utf-8"))
    top_level = {alias.name for node in tree.body if isinstance(node, ast.Import) for alias in node.names}
    top_level |= {node.module or "" for node in tree.body if isinstance(node, ast.ImportFrom)}
    assert not {m for m in top_level if m == "kit" or m.startswith("kit.")}
    code = (
        "import sys, kit.ingest.rows, kit.ingest.fast, kit.selection; "
        "print(sorted(m for m in ('py3langid', 'stopwordsiso', 'sklearn') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_tweet_rules_read_real_shapes() -> None:
    tweet = "RT @AmyS: Lehrer＊innen #YesAllWomen ＃MeToo #2014 a&#39;b ＠Bob https://t.co/x9 a@b.com"
    assert text.HASHTAG.findall(tweet) == ["YesAllWomen", "MeToo"]  # not the all-digit tag nor an entity
    assert text.MENTION.findall(tweet) == ["AmyS", "Bob"]  # not the e-mail address
    assert text.RT_PREFIX.match(tweet).group(1) == "AmyS"  # type: ignore[union-attr]
    assert text.strip_tweet_noise(tweet) == "Lehrer＊innen #YesAllWomen ＃MeToo #2014 a&#39;b ＠Bob a@b.com"
    # the polars forms agree with the Python ones
    series = pl.Series([tweet])
    assert series.str.extract_all(text.HASHTAG_RE).list.eval(
        pl.element().str.extract(text.HASHTAG_RE, 1)
    ).to_list() == [["YesAllWomen", "MeToo"]]
    assert series.str.replace_all(text.MENTION_STRIP_POLARS, "$1 ").to_list() == [text.MENTION_STRIP.sub(" ", tweet)]
    assert [text.normalize_tag(t) for t in ("#YesAllWomen", " ＃MeToo")] == ["yesallwomen", "metoo"]
    assert [text.normalize_account(a) for a in ("@AmyS", "＠amys ", "AMYS")] == ["amys"] * 3


def test_every_stage_uses_the_same_rules() -> None:
    from kit.affect.score import clean
    from kit.ingest.rows import HASHTAG_RE, MENTION_RE
    from kit.privacy import pseudonym
    from kit.selection import Selection, normalize_account, normalize_tag
    from kit.topics.embed import clean_for_embedding

    assert (HASHTAG_RE, MENTION_RE) == (text.HASHTAG_RE, text.MENTION_RE)
    assert (normalize_tag, normalize_account) == (text.normalize_tag, text.normalize_account)
    sample = "RT @amy: Women speak up @bob https://t.co/x #YesAllWomen"
    assert clean_for_embedding(sample) == clean(sample) == "Women speak up #YesAllWomen"
    assert Selection(accounts=["＠AmyS"]).accounts == ("amys",)
    assert pseudonym("＠AmyS", salt="s") == pseudonym("amys", salt="s")


def test_one_time_zone_check() -> None:
    assert timebins.check_tz("Europe/Berlin") == "Europe/Berlin"
    with pytest.raises(ValueError, match=r"^unknown time zone 'Mars/Olympus': use an IANA name"):
        timebins.check_tz("Mars/Olympus")
    hits = [p.relative_to(KIT).as_posix() for p in _modules() if "unknown time zone" in p.read_text(encoding="utf-8")]
    assert hits == ["timebins.py"]
    from kit.selection import Selection

    with pytest.raises(ValueError, match="unknown time zone 'Nowhere/X'"):
        Selection(tz="Nowhere/X")


def test_one_chart_input_check() -> None:
    from kit.charts import affect, explore, networks, topics
    from kit.charts._input import check_input

    for module in (explore, networks, topics, affect):
        assert module.check_input is check_input, module.__name__
        source = Path(module.__file__).read_text(encoding="utf-8")  # type: ignore[arg-type]
        assert "needs column" not in source and "lacks column" not in source, module.__name__
    persistence = pl.DataFrame({"period": [dt.datetime(2014, 5, 24)], "lineage": [1], "size": [3]})
    with pytest.raises(TypeError, match="community_sizes_chart takes an eager polars DataFrame"):
        networks.community_sizes_chart(persistence.lazy())  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"community_sizes_chart needs column\(s\) \['size'\]"):
        networks.community_sizes_chart(persistence.drop("size"))
    with pytest.raises(ValueError, match="never raw tweets"):
        explore.top_bars(pl.DataFrame({"hashtag": ["a"], "tweets": [1], "text": ["a tweet"]}))
    table = pl.DataFrame({"topic": [0], "label": ["walk, night"], "size": [4], "representative": [["a tweet"]]})
    assert "a tweet" not in str(topics.topic_sizes(table).to_dict())
