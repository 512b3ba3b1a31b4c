"""One vocabulary of time bins (kit.timebins), accepted by every function that takes ``every``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from kit import describe, networks, timebins
from kit.topics import tables

ALL_BINS = [*timebins.NAMES, "15m", "6h", "2d", "1w"]


@pytest.fixture(scope="module")
def brexit(shared_fixtures: Path, tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    """The real twarc2 #brexit page (100 tweets over about an hour), imported."""
    from kit.ingest import import_tweets

    raw = shared_fixtures / "twarc-csv" / "test-data" / "brexit.jsonl"
    if not raw.is_file():
        pytest.skip(f"{raw} not found")
    out = tmp_path_factory.mktemp("brexit") / "brexit.parquet"
    import_tweets([raw], out)
    return pl.read_parquet(out)


@pytest.mark.parametrize("every", ALL_BINS)
def test_every_bin_name_works_in_every_function(brexit: pl.DataFrame, every: str) -> None:
    step = timebins.step(every)
    vol = describe.volume(brexit, every, by_kind=False)
    assert vol["tweets"].sum() == brexit.height
    assert vol["time"].dt.truncate(step).equals(vol["time"])
    lc = describe.life_cycle(brexit, ["brexit"], every=every).row(0, named=True)
    curves = describe.life_cycle_curves(brexit, ["brexit"], every=every)
    assert lc["hashtag"] == "brexit" and lc["peak_time"] in curves["time"].to_list()  # a bin start
    assert curves["tweets"].sum() == lc["tweets"] and curves["tweets"].max() == lc["peak_tweets"]
    both = describe.compare_volume(
        brexit.filter(pl.col("is_retweet")), brexit.filter(~pl.col("is_retweet")), labels=("rt", "other"), every=every
    )
    assert both["tweets"].sum() == brexit.height
    slices = networks.slice_networks(brexit, "retweet", every=every)
    assert sum(net.n_edges for net in slices.values()) >= 1
    assert all(start == pl.Series([start]).dt.truncate(step)[0] for start in slices)
    assignments = pl.DataFrame({"tweet_id": brexit["tweet_id"], "topic": [i % 3 for i in range(brexit.height)]})
    over_time = tables.topics_over_time(assignments, brexit, every=every)
    assert over_time["tweets"].sum() == brexit.height


@pytest.mark.parametrize("bad", ["fortnight", "hours", "0d", "1y", "", "15 m"])
def test_a_bad_bin_is_refused_in_one_line(bad: str, brexit: pl.DataFrame) -> None:
    for call in (
        lambda: describe.volume(brexit, bad),
        lambda: networks.slice_networks(brexit, every=bad),
        lambda: tables.topics_over_time(brexit.select("tweet_id", topic=pl.lit(0)), brexit, every=bad),
    ):
        with pytest.raises(ValueError, match="unknown time bin .*use minute, hour, day, week"):
            call()


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        (dt.timedelta(minutes=40), "1m"),  # less than 50 minutes: the finest bin
        (dt.timedelta(hours=1, minutes=5), "1m"),
        (dt.timedelta(days=3), "1h"),  # a burst: hours
        (dt.timedelta(days=70), "1d"),  # months: days
        (dt.timedelta(days=820), "1w"),  # 27 months: weeks
    ],
)
def test_span_based_default(span: dt.timedelta, expected: str) -> None:
    start = dt.datetime(2019, 6, 1)
    chosen = timebins.for_span(start, start + span)
    assert chosen == expected
    bins = span.total_seconds() / timebins.seconds(chosen)
    assert bins <= 500 and (bins >= 50 or chosen == "1m")


def test_span_default_on_real_german_collection(shared_fixtures: Path, tmp_path: Path) -> None:
    from kit.ingest import import_tweets

    raw = shared_fixtures / "IchbinHanna" / "IchBinJelena.jsonl.xz"
    if not raw.is_file():
        pytest.skip(f"{raw} not found")
    import_tweets([raw], tmp_path / "j.parquet")
    frame = pl.read_parquet(tmp_path / "j.parquet")
    lo, hi = frame["created_at"].min(), frame["created_at"].max()
    chosen = timebins.choose("", lo, hi)
    vol = describe.volume(frame, chosen, by_kind=False)
    assert 1 <= vol.height <= 500 and vol["tweets"].sum() == frame.height
