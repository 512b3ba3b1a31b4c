"""Shared test fixtures: the real-format fixtures beside the clone, and a small synthetic corpus."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("KIT_SALT", "test-salt")

ROOT = Path(__file__).resolve().parent.parent
SHARED_FIXTURES = Path(os.environ.get("KIT_SHARED_FIXTURES", ROOT.parent / "shared" / "fixtures"))


@pytest.fixture(scope="session")
def shared_fixtures() -> Path:
    """``../shared/fixtures`` (real tweet files from public projects); skips where absent."""
    if not SHARED_FIXTURES.is_dir():
        pytest.skip(f"real-format fixtures not found at {SHARED_FIXTURES} (set KIT_SHARED_FIXTURES)")
    return SHARED_FIXTURES


@pytest.fixture(scope="module")
def topic_cache(tmp_path_factory: pytest.TempPathFactory):
    """A private cache folder for embeddings and topic models (per test module); the distilled model is shared."""
    from kit import config

    shared_models = config.cache_dir("models")
    shared_models.mkdir(parents=True, exist_ok=True)
    root = tmp_path_factory.mktemp("kit-cache")
    (root / "models").symlink_to(shared_models, target_is_directory=True)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KIT_CACHE_DIR", str(root))
        mp.setenv("HF_HUB_OFFLINE", "1")
        yield root


@dataclass(frozen=True)
class SyntheticCorpus:
    """A small synthetic #YesAllWomen corpus: raw file, planted truth and canonical table."""

    raw: Path
    truth_path: Path
    parquet: Path
    tweets: pl.DataFrame
    truth: pl.DataFrame


def _make_corpus(folder: Path, n_tweets: int, seed: int, fmt: str) -> SyntheticCorpus:
    from kit.ingest import import_tweets
    from kit.sample import generate_sample

    result = generate_sample(n_tweets, seed=seed, fmt=fmt, out=folder / f"yaw-{fmt}.jsonl.gz")
    parquet = folder / f"yaw-{fmt}.parquet"
    import_tweets([result.raw_path], parquet)
    return SyntheticCorpus(
        raw=result.raw_path,
        truth_path=result.truth_path,
        parquet=parquet,
        tweets=pl.read_parquet(parquet),
        truth=pl.read_parquet(result.truth_path),
    )


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> SyntheticCorpus:
    """4,000 synthetic tweets in v2 format (seed 7), imported."""
    return _make_corpus(tmp_path_factory.mktemp("synthetic"), 4_000, 7, "v2")


@pytest.fixture(scope="session")
def synthetic_bluesky(tmp_path_factory: pytest.TempPathFactory) -> SyntheticCorpus:
    """The same 4,000 synthetic tweets as Bluesky Jetstream events (seed 7), imported."""
    return _make_corpus(tmp_path_factory.mktemp("synthetic_bluesky"), 4_000, 7, "bluesky")


@pytest.fixture(scope="session")
def synthetic_mastodon(tmp_path_factory: pytest.TempPathFactory) -> SyntheticCorpus:
    """The same 4,000 synthetic tweets as Mastodon statuses (seed 7), imported."""
    return _make_corpus(tmp_path_factory.mktemp("synthetic_mastodon"), 4_000, 7, "mastodon")


@pytest.fixture(scope="session")
def synthetic_v1(tmp_path_factory: pytest.TempPathFactory) -> SyntheticCorpus:
    """4,000 synthetic tweets in v1.1 format (seed 7), imported."""
    return _make_corpus(tmp_path_factory.mktemp("synthetic_v1"), 4_000, 7, "v1")


@pytest.fixture(scope="module")
def fx(shared_fixtures: Path):
    """Read a real fixture by its path under ``shared/fixtures`` (memoised per test module)."""
    cache: dict[str, pl.DataFrame] = {}

    def read(rel: str) -> pl.DataFrame:
        if rel not in cache:
            from kit.ingest import read_tweets

            cache[rel] = read_tweets(shared_fixtures / rel)
        return cache[rel]

    return read


@pytest.fixture
def kit_logger():
    """The ``kit`` logger without the handlers other tests (a CLI run) left on it, restored afterwards."""
    kit_log = logging.getLogger("kit")
    saved = (list(kit_log.handlers), kit_log.level, kit_log.propagate)
    kit_log.handlers[:] = []
    kit_log.propagate = True  # to the root logger, where caplog listens
    try:
        yield kit_log
    finally:
        kit_log.handlers[:] = saved[0]
        kit_log.setLevel(saved[1])
        kit_log.propagate = saved[2]
