"""Reports that fit the data: real collections of three languages and spans (German, 27 months; English
#eaw18, one day; twarc2 #brexit and #kpop pages, minutes), unicode hashtags, empty variants, refused
parameters, raw files given as --data, and an interrupted render that a later one finishes."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest
from test_reports_support import hostile_corpus

from kit import reports
from kit.cli import main as kit_main
from kit.schema import from_records

pytestmark = pytest.mark.xdist_group("reports")

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "notebooks" / "report.ipynb"


def _import(raw: Path, out: Path) -> Path:
    from kit.ingest import import_tweets

    if not raw.is_file():
        pytest.skip(f"{raw} not found")
    import_tweets([raw], out)
    return out


@pytest.fixture(scope="module")
def tables(shared_fixtures: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The real collections, imported once for the module (each with its NAME.import.json)."""
    folder = tmp_path_factory.mktemp("real")
    return {
        "de": _import(shared_fixtures / "IchbinHanna" / "FristIstFrust.jsonl.xz", folder / "frististfrust.parquet"),
        "en": _import(shared_fixtures / "hydrator-TweetParser" / "Fri-Mar-23.tweets.csv", folder / "eaw18.parquet"),
        "brexit": _import(shared_fixtures / "twarc-csv" / "test-data" / "brexit.jsonl", folder / "brexit.parquet"),
        "kpop": _import(shared_fixtures / "twarc-csv" / "test-data" / "kpop.jsonl", folder / "kpop.parquet"),
    }


# --- no kernel --------------------------------------------------------------------------------
def test_hashtags_of_any_script_select_by_the_tag_and_name_the_folder_by_a_slug() -> None:
    tags = ["#Féminisme", "#מטו", "#ЯЖеМать", "#잇츠라이브", "#日本", "#🔥"]
    variants = reports.variants_from_options(hashtags=tags, data_path="d.parquet")
    assert [v.parameters["hashtags"] for v in variants] == [
        ["féminisme"],
        ["מטו"],
        ["яжемать"],
        ["잇츠라이브"],
        ["日本"],
        ["🔥"],
    ]
    assert [v.name for v in variants] == ["féminisme", "מטו", "яжемать", "잇츠라이브", "日本", "tag-90a7d26b"]
    for v in variants:
        assert reports.check_variant_name(v.name) == v.name
    decomposed = "fe\u0301minisme"  # the same word, NFD: one folder name, in NFC
    assert reports.slug("#" + decomposed) == "féminisme"
    assert reports.slug("#a.b/../c") == "a-b-c"


def test_an_invalid_bin_or_time_zone_is_refused_before_any_kernel(tmp_path: Path) -> None:
    data = hostile_corpus(tmp_path / "t.parquet")
    with pytest.raises(ValueError, match="parameter 'every': unknown time bin 'fortnight'"):
        reports.resolve_variants([reports.Variant("a", {"every": "fortnight"})], REPORT, default_data=data)
    with pytest.raises(ValueError, match="parameter 'tz': unknown time zone"):
        reports.resolve_variants([reports.Variant("a", {"tz": "Mars/Olympus"})], REPORT, default_data=data)
    ok, _ = reports.resolve_variants(
        [reports.Variant("a", {"every": "6h"}), reports.Variant("b", {"every": ""})], REPORT, default_data=data
    )
    assert [v.parameters["every"] for v in ok] == ["6h", ""]
    assert kit_main(["render", "--data", str(data), "-p", "every=fortnight", "--out", str(tmp_path / "r")]) == 2
    assert not (tmp_path / "r").exists()


def test_a_raw_file_as_data_is_refused_at_once_with_the_import_command(
    shared_fixtures: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = shared_fixtures / "twarc-csv" / "test-data" / "brexit.jsonl"
    if not raw.is_file():
        pytest.skip(f"{raw} not found")
    assert kit_main(["render", "--data", str(raw), "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert (
        "is not a canonical table (Parquet)" in err
        and f"kit import {raw.resolve()} --out data/processed/brexit.parquet" in err
    )
    assert "Traceback" not in err and not (tmp_path / "r").exists()  # refused before any variant ran


def test_nearest_hashtags_and_comparison_from_the_data(tables: dict[str, Path]) -> None:
    corpus = pl.scan_parquet(tables["brexit"])
    assert reports.nearest_hashtags(corpus, ["brexitt"])[0] == "brexit"
    selection = reports.selection_from_parameters(["brexit"])
    tweets = corpus.filter(selection.predicate()).collect()
    pair = reports.comparison(corpus, selection, tweets)
    assert isinstance(pair, reports.Comparison)
    assert (pair.label_a, pair.label_b) == ("#brexit", "#johnsonout")  # its most frequent co-hashtag (23 tweets)
    assert "most frequent co-hashtag #johnsonout" in pair.reason
    words = reports.compare_words(pair, n=5)
    assert set(words["side"]) <= {"#brexit", "#johnsonout"}
    everything = reports.selection_from_parameters()
    left_out = reports.comparison(corpus, everything, corpus.collect())
    assert isinstance(left_out, reports.Note) and left_out.text.startswith("Comparison left out")
    assert "yesallwomen" not in left_out.text
    fixed = reports.comparison(corpus, everything, corpus.collect(), "brexit", "kpop")
    assert isinstance(fixed, reports.Note) or fixed.label_b == "#kpop"


def test_peak_on_the_edge_is_flagged_and_half_life_needs_an_observed_decay() -> None:
    t0 = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    rising = from_records(
        [
            {
                "tweet_id": str(i),
                "text": "x",
                "author_id": f"a{i % 7}",
                "hashtags": ["t"],
                "created_at": t0 + dt.timedelta(hours=h),
            }
            for i, h in enumerate(h for h in range(60) for _ in range(1 + h // 10))
        ]
    )
    figures = dict(reports.key_figures(rising, reports.selection_from_parameters(["t"]), every="hour").frame.rows())
    assert "the window may cut the burst" in figures["Peak"]
    assert figures["Half-life after the peak (hours)"].startswith("– (the decay is not observed")
    burst = from_records(
        [
            {"tweet_id": str(i), "text": "x", "author_id": "a", "created_at": t0 + dt.timedelta(hours=h)}
            for i, h in enumerate([0, 1, 2, 2, 2, 2, 2, 3, 3, 4, 5, 6, 7])
        ]
    )
    figures = dict(reports.key_figures(burst, every="hour").frame.rows())
    assert "cut the burst" not in figures["Peak"] and figures["Peak"].startswith("01 Jan 2020 02:00 UTC (5 tweets")
    assert figures["Half-life after the peak (hours)"] not in ("–", "None") and "None" not in str(figures)


def test_data_without_dates_or_authors_says_what_cannot_be_computed(tmp_path: Path) -> None:
    frame = from_records([{"tweet_id": str(i), "text": f"text {i} #tag", "hashtags": ["tag"]} for i in range(5)])
    path = tmp_path / "nodates.parquet"
    frame.write_parquet(path)
    html = reports.data_quality(path, frame).data
    assert "No tweet has a date (created_at)" in html and "No tweet names its author" in html
    assert "none beside the table (nodates.import.json)" in html
    figures = dict(reports.key_figures(frame).frame.rows())
    assert figures["Peak"] == "– (no tweet has a date)" and figures["Accounts"] == "– (no tweet names its author)"
    assert figures["First tweet"] == "–" and "None" not in str(figures)
    assert reports.time_bins(frame) == "1h"


def test_count_axes_have_integer_ticks_and_long_spans_show_the_year(tables: dict[str, Path]) -> None:
    from kit import describe
    from kit.charts import explore

    de = pl.read_parquet(tables["de"])
    bins = reports.time_bins(de)
    assert bins == "1w"  # 27 months: weeks
    vol = describe.volume(de, bins, by_kind=False)
    assert 50 <= vol.height <= 500
    spec = explore.timeline(vol).to_dict()
    assert spec["encoding"]["y"]["axis"]["tickMinStep"] == 1 and spec["encoding"]["x"]["axis"]["format"] == "%d %b %Y"
    brexit = pl.read_parquet(tables["brexit"])
    assert reports.time_bins(brexit) == "1m"
    small = explore.timeline(describe.volume(brexit, "1m", by_kind=False)).to_dict()
    assert small["encoding"]["y"]["axis"]["tickMinStep"] == 1 and "%Y" not in small["encoding"]["x"]["axis"]["format"]


# --- the report notebook on real collections (slow: one shared render) ---------------------------
def _svgs(page: str) -> list[str]:
    return [
        base64.b64decode(b).decode("utf-8") for b in re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", page)
    ]


def _text(page: str) -> str:
    page = re.sub(r"<style.*?</style>", " ", page, flags=re.S)
    page = re.sub(r"data:image/[^\"']+", "", page)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


@pytest.fixture(scope="module")
def rendered(tables: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> reports.RenderSummary:
    out = tmp_path_factory.mktemp("real-reports") / "reports"
    variants = [
        reports.Variant("de", {"data_path": str(tables["de"]), "hashtags": ["frististfrust"]}),
        reports.Variant("en", {"data_path": str(tables["en"]), "hashtags": ["eaw18"]}),
        reports.Variant("brexit", {"data_path": str(tables["brexit"])}),
        reports.Variant("typo", {"data_path": str(tables["brexit"]), "hashtags": ["brexitt"]}),
        *reports.variants_from_options(hashtags=["#잇츠라이브"], data_path=tables["kpop"]),
    ]
    variants = [reports.Variant(v.name, {**v.parameters, "topics": False}) for v in variants]
    return reports.render_variants(variants, out_dir=out, workers=2, progress=False)


@pytest.mark.slow
def test_real_collections_render_reports_that_fit_them(rendered: reports.RenderSummary) -> None:
    by = {m["variant"]: m for m in rendered.manifests}
    assert {n: m["status"] for n, m in by.items()} == {
        "de": "ok",
        "en": "ok",
        "brexit": "ok",
        "typo": "empty",
        "잇츠라이브": "ok",
    }, rendered.manifests
    pages = {n: (rendered.out_dir / n / "report.html").read_text(encoding="utf-8") for n in by}
    # bins from the span: weeks for 27 months, 15 minutes for one day, minutes for a few minutes
    assert [by[n]["figures"]["every"] for n in ("de", "en", "brexit")] == ["1w", "15m", "1m"]
    for name in ("de", "en", "brexit"):
        assert 1 <= len(by[name]["figures"]["timeline"]["time"]) <= 500
    # size budget, and the year on the axes of the 27-month report
    assert (rendered.out_dir / "de" / "report.html").stat().st_size <= 3_000_000
    timeline_svg = next(s for s in _svgs(pages["de"]) if "Tweets over time" in s)
    assert re.search(r">\d\d \w{3} 2020<", timeline_svg) and re.search(r">\d\d \w{3} 2021<", timeline_svg)
    for name in ("de", "en", "brexit", "잇츠라이브"):
        text = _text(pages[name])
        key = text[text.index("Key figures figure value") : text.index("3. Activity over time")]
        assert "None" not in key and "nan" not in key.lower()
        assert "yesallwomen" not in text and "notallmen" not in text  # no sample hashtag on real data
        assert "Contents 1. The data 2. Key figures" in text  # table of contents
        assert "Where the data come from and what they lack" in text
        alts = re.findall(r"<img alt=(['\"])(.*?)\1", pages[name])
        assert alts and all(a[1] and a[1] != "Chart (no description)" for a in alts)
    de_text = _text(pages["de"])
    assert "Languages (platform's lang) de 9" in de_text  # German, from the table
    assert "Comparing #frististfrust" in de_text and "most frequent co-hashtag #unbezahlt" in de_text
    assert "Tweets 14,408" in de_text  # thousands separators
    en_text = _text(pages["en"])
    assert "Comparing #eaw18" in en_text and "#webarchiving" in en_text
    assert "Comparison left out" in _text(pages["brexit"])  # all tweets: no selected hashtag
    typo = _text(pages["typo"])
    assert "No tweets match this selection" in typo and "Did you mean #brexit" in typo
    assert by["typo"]["figures"]["did_you_mean"][0] == "brexit"
    assert by["잇츠라이브"]["parameters"]["hashtags"] == ["잇츠라이브"] and by["잇츠라이브"]["figures"]["tweets"] == 21
    index = (rendered.out_dir / "index.html").read_text(encoding="utf-8")
    assert "did you mean #brexit" in index and '<tr class="empty">' in index
    assert '<td class="num">14,408</td>' in index and "small multiples" in index.lower()
    assert index.count("<tr class=") == 5


@pytest.mark.slow
def test_render_says_empty_and_exits_1_only_when_every_variant_is_empty(
    tables: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r"
    args = ["render", "--data", str(tables["brexit"]), "--out", str(out), "-p", "topics=false", "--workers", "1"]
    assert kit_main([*args, "--hashtag", "brexitt"]) == 1
    printed = capsys.readouterr().out
    assert "brexitt: empty — no tweet matches this selection (did you mean #brexit" in printed
    assert "every variant is empty" in printed
    manifest = json.loads((out / "brexitt" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "empty"
    assert kit_main([*args, "--hashtag", "brexitt", "--hashtag", "johnsonout"]) == 0
    printed = capsys.readouterr().out
    assert "brexitt: up to date" in printed and "johnsonout: ok" in printed


def _descendants(pid: int) -> list:
    import psutil

    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_stops_every_worker_and_a_later_render_finishes_the_job(tmp_path: Path) -> None:
    import psutil

    data = hostile_corpus(tmp_path / "t.parquet")
    out = tmp_path / "reports"
    cmd = [
        sys.executable,
        "-m",
        "kit.cli",
        "render",
        "--data",
        str(data),
        "--out",
        str(out),
        "--workers",
        "2",
        "--hashtag",
        "yesallwomen",
        "--hashtag",
        "notallmen",
        "--hashtag",
        "islavista",
        "-p",
        "topics=false",
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(cmd, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen: list[psutil.Process] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # wait until kernels are rendering
        seen = _descendants(proc.pid)
        if sum("ipykernel" in " ".join(p.cmdline()) for p in seen if p.is_running()) >= 1:
            break
        time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("no kernel started within 120 s")
    seen = _descendants(proc.pid)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted; workers stopped" in err and "Traceback" not in err
    gone, alive = psutil.wait_procs(seen, timeout=15)
    assert not alive, [p.cmdline() for p in alive]  # no worker or kernel keeps rendering
    again = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    statuses = {m.name: json.loads((m / "manifest.json").read_text())["status"] for m in out.iterdir() if m.is_dir()}
    assert statuses == {"yesallwomen": "ok", "notallmen": "ok", "islavista": "ok"}
    assert not list(out.rglob(".report.*.tmp*"))  # no temporary file left behind
    third = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert third.stdout.count("up to date") == 3, third.stdout
