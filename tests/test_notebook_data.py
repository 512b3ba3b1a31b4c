"""What a notebook reads and shows, without a kernel: where ``data_path`` is looked for, the defaults taken
from the data, the chain from notebook 01, and the one console (the kit's messages, no third-party bars)."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import polars as pl
import pytest

from kit import config, notebook
from kit.schema import from_records

REAL = "twarc-network/test-data/tweets.jsonl"  # a real twarc2 collection: #blacklivesmatter (494 of 500 tweets)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project root (``KIT_HOME``) and, as in Jupyter, a working directory ``notebooks/`` inside it."""
    monkeypatch.setenv("KIT_HOME", str(tmp_path))
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "data" / "processed").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "notebooks")
    return tmp_path


@pytest.fixture(scope="module")
def real_table(shared_fixtures: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kit.ingest import import_tweets

    out = tmp_path_factory.mktemp("real") / "blm.parquet"
    import_tweets([shared_fixtures / REAL], out)
    return out


def _table(path: Path, rows: list[dict]) -> Path:
    from_records(rows).write_parquet(path)
    return path


def test_a_relative_data_path_starts_at_the_project_root_not_the_notebooks_folder(project: Path) -> None:
    table = _table(project / "data" / "processed" / "mine.parquet", [{"tweet_id": "1", "text": "a", "hashtags": ["x"]}])
    assert notebook.resolve_data_path("data/processed/mine.parquet") == table.resolve()
    assert notebook.resolve_data_path(str(table)) == table.resolve()  # absolute: as it is


def test_a_data_path_may_start_with_the_home_folder(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(project))
    table = _table(project / "t.parquet", [{"tweet_id": "1", "text": "a"}])
    assert notebook.resolve_data_path("~/t.parquet") == table.resolve()


def test_a_missing_table_names_every_path_tried_and_how_to_import(project: Path) -> None:
    with pytest.raises(FileNotFoundError) as caught:
        notebook.resolve_data_path("data/processed/ours.parquet")
    message = str(caught.value)
    assert str(project / "data" / "processed" / "ours.parquet") in message
    assert str(project / "notebooks" / "data" / "processed" / "ours.parquet") in message
    assert "`kit import RAW... --out data/processed/ours.parquet`" in message and "KIT_HOME" in message
    assert "\n" not in message  # one line


def test_a_raw_tweet_file_given_as_data_path_is_refused_with_the_import_command(
    shared_fixtures: Path, project: Path
) -> None:
    raw = project / "data" / "tweets.jsonl"
    shutil.copyfile(shared_fixtures / REAL, raw)
    with pytest.raises(ValueError) as caught:
        notebook.resolve_data_path("data/tweets.jsonl")
    assert str(caught.value) == (
        f"{raw} is not a canonical table (Parquet) but, by its content, raw data (tweets as JSON or CSV?); import it "
        f"first: `kit import {raw} --out data/processed/tweets.parquet`, then "
        "`data_path = data/processed/tweets.parquet`"
    )


def test_one_raw_path_given_as_a_string_is_one_path_not_its_characters(shared_fixtures: Path, project: Path) -> None:
    """``papermill 01-import.ipynb out.ipynb -p raw_paths data/raw/mine`` passes a string, not a list."""
    raw = project / "data" / "raw" / "blm"
    raw.mkdir(parents=True)
    shutil.copyfile(shared_fixtures / REAL, raw / "tweets.jsonl")
    assert notebook.raw_files_or_sample("data/raw/blm", n_tweets=10, seed=1) == [str(raw)]
    assert notebook.raw_files_or_sample(["data/raw/blm/tweets.jsonl"], n_tweets=10, seed=1) == [
        str(raw / "tweets.jsonl")
    ]
    with pytest.raises(FileNotFoundError, match=r"^raw file data/raw/nope not found \(tried "):
        notebook.raw_files_or_sample("data/raw/nope", n_tweets=10, seed=1)


def test_hashtag_and_counter_hashtag_come_from_the_data(real_table: Path) -> None:
    data = notebook.open_data(real_table, hashtags=[], counter="")
    assert (data.hashtags, data.counter, data.pair, data.synthetic) == (
        ["blacklivesmatter"],
        "itaaut",
        ("blacklivesmatter", "itaaut"),
        False,
    )
    assert data.lines[1:] == (
        "Hashtag: #blacklivesmatter, the most frequent of the data (494 tweets; set the hashtag parameter to choose).",
        "Counter-hashtag: #itaaut, the most frequent co-hashtag of #blacklivesmatter (together in 61 tweets; set "
        "the counter-hashtag parameter to choose).",
    )
    assert "SYNTHETIC" not in data._repr_html_()
    # given values are kept ('#' and case do not matter); None asks for nothing
    given = notebook.open_data(real_table, hashtags=["#KillTheBill"], counter="ToriesOut")
    assert (given.hashtags, given.counter, given.lines[1:]) == (["killthebill"], "toriesout", ())
    assert notebook.open_data(real_table).tags == []


def test_a_hashtag_the_data_lack_is_named_with_the_nearest_ones(real_table: Path) -> None:
    data = notebook.open_data(real_table, hashtags=["blacklivesmater"], counter="")
    assert data.lines[1].startswith(
        "No tweet in these data carries #blacklivesmater: the sections about it stay empty. Did you mean "
        "#blacklivesmatter"
    )
    assert data.counter == "" and data.pair is None and "comparison is skipped" in data.lines[2]


def test_a_default_hashtag_far_from_the_data_names_the_most_frequent_and_how_to_take_it(real_table: Path) -> None:
    """The workshop's #yesallwomen default on a real #BlackLivesMatter collection: say what to do instead."""
    data = notebook.open_data(real_table, hashtags=["yesallwomen"], counter="notallmen")
    assert data.lines[1] == (
        "No tweet in these data carries #yesallwomen, #notallmen: the sections about it stay empty. Did you mean "
        "#yemen? The most frequent hashtag of these data is #blacklivesmatter (494 tweets): leave the hashtag parameter empty to "
        "study the most frequent one. (Hashtags match without '#', in any case.)"
    )


def test_without_a_co_hashtag_the_comparison_is_skipped_with_a_reason(project: Path) -> None:
    table = _table(
        project / "data" / "processed" / "one.parquet",
        [{"tweet_id": str(i), "text": "#solo", "hashtags": ["solo"]} for i in range(3)],
    )
    data = notebook.open_data(table, hashtags=[], counter="")
    assert (data.hashtags, data.counter, data.tags, data.pair) == (["solo"], "", ["solo"], None)
    assert data.lines[-1] == (
        "Counter-hashtag: none — no other hashtag occurs with #solo, so the comparison is skipped "
        "(set the counter-hashtag parameter to compare)."
    )


def test_an_empty_data_path_reads_the_table_notebook_01_wrote(project: Path, real_table: Path) -> None:
    chained = config.notebook_import_path()
    assert chained == project / "data" / "processed" / "notebook-import.parquet"
    shutil.copyfile(real_table, chained)
    data = notebook.open_data("", hashtags=[])
    assert data.path == chained.resolve() and data.hashtags == ["blacklivesmatter"]
    assert data.lines[0] == f"Data: {chained.resolve()} — the table 01-import.ipynb wrote (data_path is empty)."
    assert pl.scan_parquet(chained).select(pl.len()).collect().item() == 500


def test_sample_data_open_with_the_synthetic_banner(synthetic) -> None:
    data = notebook.open_data(synthetic.parquet, hashtags=[], counter="")
    assert data.synthetic and data.hashtags == ["yesallwomen"]
    assert data._repr_html_().startswith(notebook.synthetic_banner())
    assert repr(data).startswith("These data are SYNTHETIC")


def test_setup_shows_the_kits_messages_once(kit_logger: logging.Logger, capsys: pytest.CaptureFixture[str]) -> None:
    notebook.show_kit_messages()
    notebook.show_kit_messages()  # a set-up cell run twice
    logging.getLogger("kit.topics.embed").info("distilling a model2vec static model (once)")
    logging.getLogger("kit.topics.embed").debug("not shown")
    assert capsys.readouterr().out == "kit: distilling a model2vec static model (once)\n"


def test_third_party_progress_bars_are_held_back_and_other_lines_logged(
    kit_logger: logging.Logger, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    import sys

    from tqdm import tqdm

    from kit.topics.embed import _quiet_stderr

    with caplog.at_level(logging.DEBUG, logger="kit.topics.embed"), _quiet_stderr():
        for _ in tqdm(range(3), desc="Encoding tokens", unit=" tokens", mininterval=0):
            pass
        sys.stderr.write("a warning from the library\n")
    assert capsys.readouterr().err == ""
    assert [r.getMessage() for r in caplog.records] == ["a warning from the library"]


def test_a_progress_bar_outside_a_notebook_draws_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    bar = notebook.progress_bar("Embedding texts")
    bar(0, 10, "embedding (model2vec)")
    bar(10, 10, "embedding (model2vec)")
    assert capsys.readouterr() == ("", "") and bar.text(10, 10) == "Embedding texts: 10 of 10 (100 %)"


def test_an_import_reports_progress_file_by_file(shared_fixtures: Path, tmp_path: Path) -> None:
    from kit.ingest import import_tweets

    seen: list[tuple[int, int | None, str]] = []
    files = [shared_fixtures / REAL, shared_fixtures / "twarc-csv" / "test-data" / "brexit.jsonl"]
    result = import_tweets(files, tmp_path / "two.parquet", progress=lambda *step: seen.append(step))
    assert seen == [(1, 2, "tweets.jsonl"), (2, 2, "brexit.jsonl")] and result.tweets_written == 600


def test_kit_messages_go_to_the_current_cell_even_when_an_earlier_ones_output_is_closed(
    kit_logger: logging.Logger, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import sys

    earlier, current = open(tmp_path / "earlier.txt", "w", encoding="utf-8"), sys.stdout
    sys.stdout = earlier  # the cell that ran the set-up
    try:
        notebook.show_kit_messages()
        logging.getLogger("kit.topics.embed").info("first")
    finally:
        sys.stdout = current
    earlier.close()  # that cell's output is gone (a finished cell, a test's captured stream)
    assert (tmp_path / "earlier.txt").read_text(encoding="utf-8") == "kit: first\n"
    logging.getLogger("kit.topics.embed").info("second")
    assert capsys.readouterr().out == "kit: second\n"
