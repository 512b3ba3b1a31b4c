"""A synthetic #YesAllWomen corpus with planted truth: the kit's bundled default and its yardstick.

:func:`generate_sample` writes raw tweets in a real format (twarc2 v2 pages or twarc 1.x v1.1
statuses; gzip when the name ends in ``.gz``), byte-identical for a seed, and beside it
``NAME.truth.parquet``: one row per tweet with its planted ``theme``, its author's planted
``community`` and the planted hashtags and retweet structure. The data are SYNTHETIC: invented
accounts and texts shaped like the May–June 2014 collection (burst on 24–25 May, decaying tail,
a later #NotAllMen counter-wave, retweet cascades, homophilous communities, 12 themes + noise).

Examples
--------
>>> from kit.sample import generate_sample
>>> res = generate_sample(300, seed=1, out=Path(tmp) / "demo.jsonl.gz")  # doctest: +SKIP
>>> res.truth_path.name  # doctest: +SKIP
'demo.truth.parquet'
"""

from __future__ import annotations

import contextlib
import gzip
import os
import queue
import random
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from kit import config
from kit.cache import atomic_path, file_lock
from kit.progress import Progress, report

FORMATS: tuple[str, ...] = ("v1", "v2", "bluesky", "mastodon")
_BATCH_BYTES = 4 << 20
_PROGRESS_EVERY = 20_000  # tweets composed between two progress reports


@dataclass(frozen=True)
class SampleResult:
    """What :func:`generate_sample` wrote."""

    raw_path: Path
    truth_path: Path
    fmt: str
    seed: int
    n_tweets: int
    n_users: int
    n_retweets: int
    n_lines: int


def truth_path_for(raw: str | os.PathLike[str]) -> Path:
    """``NAME.truth.parquet`` beside a raw file ``NAME.jsonl[.gz]``.

    >>> truth_path_for("data/raw/x.jsonl.gz").as_posix()
    'data/raw/x.truth.parquet'
    """
    path = Path(raw)
    name = path.name
    for suffix in (".gz", ".jsonl", ".json", ".ndjson"):
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
    return path.with_name(f"{name}.truth.parquet")


class _Sink:
    """Writes byte chunks from a background thread (zlib releases the GIL, so gzip runs on a second core)."""

    def __init__(self, fh: BinaryIO) -> None:
        self.fh = fh
        self.q: queue.Queue[bytes | None] = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            while (chunk := self.q.get()) is not None:
                self.fh.write(chunk)
        except BaseException as exc:  # reported by close()
            self.error = exc
            while self.q.get() is not None:
                pass

    def write(self, chunk: bytes) -> None:
        if self.error is not None:
            raise self.error
        self.q.put(chunk)

    def close(self) -> None:
        self.q.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error


@contextlib.contextmanager
def _open_raw(tmp: Path, compress: bool) -> Iterator[BinaryIO]:
    with open(tmp, "wb") as fh:
        if compress:
            # no file name and mtime 0 in the header: the same seed gives the same bytes
            with gzip.GzipFile(filename="", mode="wb", fileobj=fh, compresslevel=6, mtime=0) as gz:
                yield gz  # type: ignore[misc]
        else:
            yield fh


def _write_lines(path: Path, objects: Iterable[Any]) -> int:
    """Serialise ``objects`` as JSON Lines into ``path`` atomically; returns the number of lines."""
    lines = 0
    with atomic_path(path) as tmp, _open_raw(tmp, path.name.endswith(".gz")) as fh:
        sink = _Sink(fh)
        buf: list[bytes] = []
        size = 0
        try:
            for obj in objects:
                line = orjson.dumps(obj)
                buf.append(line)
                size += len(line) + 1
                lines += 1
                if size >= _BATCH_BYTES:
                    sink.write(b"\n".join(buf) + b"\n")
                    buf, size = [], 0
            if buf:
                sink.write(b"\n".join(buf) + b"\n")
        finally:
            sink.close()
    return lines


def _truth_frame(corpus: Any, handles: list[str]) -> Any:
    """The planted truth, one row per tweet (built column-wise from the skeleton's arrays)."""
    import numpy as np
    import polars as pl

    from kit.sample import vocab
    from kit.sample.render import planted_hashtags
    from kit.sample.structure import KIND_NAMES, QUOTE, REPLY, RETWEET

    s = corpus.s
    ids = pl.Series(s.tweet_id).cast(pl.String)
    ref = pl.Series(s.tweet_id[np.maximum(s.target, 0)]).cast(pl.String)

    def when(code: int) -> pl.Series:
        return pl.select(pl.when(pl.Series(s.kind == code)).then(ref).otherwise(None)).to_series()

    def named(codes: Any, names: tuple[str, ...]) -> pl.Series:
        return pl.Series(list(names), dtype=pl.String).gather(pl.Series(codes.astype(np.int64)))

    origin = np.where(s.kind == RETWEET, s.target, np.arange(s.n_tweets)).astype(np.int64)
    return pl.DataFrame(
        {
            "tweet_id": ids,
            "created_at": pl.Series(s.ms // 1000 * 1000, dtype=pl.Int64)
            .cast(pl.Datetime("ms", "UTC"))
            .cast(pl.Datetime("us", "UTC")),
            "author_id": pl.Series(s.user_id[s.author]).cast(pl.String),
            "author_username": pl.Series(handles, dtype=pl.String).gather(pl.Series(s.author.astype(np.int64))),
            "theme": named(s.theme, vocab.THEMES),
            "community": named(s.user_comm[s.author], vocab.COMMUNITIES),
            "kind": named(s.kind, KIND_NAMES),
            "lang": named(s.lang, ("en", *vocab.FOREIGN_LANGS)),
            "is_retweet": pl.Series(s.kind == RETWEET, dtype=pl.Boolean),
            "retweeted_id": when(RETWEET),
            "quoted_id": when(QUOTE),
            "in_reply_to_id": when(REPLY),
            "hashtags": pl.Series(planted_hashtags(corpus.own), dtype=pl.String)
            .gather(pl.Series(origin))
            .str.split(" ")
            .list.eval(pl.element().filter(pl.element() != "")),
            # planted affect (a retweet's is its original's; testimony is null for other languages)
            "emotion": pl.Series([o.emotion if o else None for o in corpus.own], dtype=pl.String).gather(
                pl.Series(origin)
            ),
            "negated": pl.Series([bool(o and o.negated) for o in corpus.own], dtype=pl.Boolean).gather(
                pl.Series(origin)
            ),
            "testimony": pl.Series(
                [o.testimony if o and s.lang[i] == 0 else None for i, o in enumerate(corpus.own)], dtype=pl.Boolean
            ).gather(pl.Series(origin)),
        }
    )


def build_corpus(n_tweets: int, *, seed: int, progress: Progress | None = None) -> Any:
    """The in-memory corpus (skeleton, names, texts) for ``(n_tweets, seed)``; see :mod:`kit.sample.render`.

    ``progress`` (see :mod:`kit.progress`) hears how many tweets have their text composed.
    """
    from kit.sample import vocab
    from kit.sample.render import Corpus, _ints
    from kit.sample.structure import MAIN_ONSET_MS, REPLY, RETWEET, build_structure
    from kit.sample.text import Composer, account_names, add_feeling

    s = build_structure(n_tweets, seed=seed)
    handles, names = account_names(s.user_comm, s.user_hub, seed)
    composer = Composer(handles, random.Random(seed * 1_000_003 + 11))
    feelings = random.Random(seed * 1_000_033 + 29)  # its own stream: the texts' other words stay as they were
    langs = ["en", *vocab.FOREIGN_LANGS]
    kind, target, author = s.kind.tolist(), _ints(s.target), _ints(s.author)
    theme, lang, user_comm, ms = s.theme.tolist(), s.lang.tolist(), s.user_comm.tolist(), s.ms.tolist()
    cand = s.mention_cand
    own: list[Any] = [None] * s.n_tweets
    for i in range(s.n_tweets):
        if not i % _PROGRESS_EVERY:
            report(progress, i, s.n_tweets, "composing texts")
        if kind[i] == RETWEET:
            continue
        reply_to = author[target[i]] if kind[i] == REPLY else None
        own[i] = composer.compose(
            theme=vocab.THEMES[theme[i]],
            lang=langs[lang[i]],
            community=vocab.COMMUNITIES[user_comm[author[i]]],
            mentions=(int(cand[i, 0]), int(cand[i, 1])),
            reply_to=reply_to,
        )
        if lang[i] == 0:
            own[i] = add_feeling(own[i], vocab.THEMES[theme[i]], (ms[i] - MAIN_ONSET_MS) / 3_600_000, feelings)
    report(progress, s.n_tweets, s.n_tweets, "composing texts")
    return Corpus(s, handles, names, own, seed), handles


def generate_sample(
    n_tweets: int, *, seed: int, fmt: str = "v2", out: str | os.PathLike[str], progress: Progress | None = None
) -> SampleResult:
    """Write a synthetic #YesAllWomen collection and its planted truth.

    Parameters
    ----------
    n_tweets
        Number of tweets in the collection (retweets included).
    seed
        Random seed: the same seed (and size and format) gives byte-identical files.
    fmt
        ``"v2"`` (twarc2 search pages, newest first), ``"v1"`` (twarc 1.x v1.1 statuses, one per line),
        ``"bluesky"`` (Jetstream events) or ``"mastodon"`` (Mastodon statuses, one per line); see
        :mod:`kit.sample.platforms`.
    out
        Raw output path, ``NAME.jsonl`` or ``NAME.jsonl.gz``; the truth goes to ``NAME.truth.parquet``.
    progress
        A :class:`kit.progress.Progress` callback told how many tweets have their text composed (the
        slow part); None: silent. It never changes what is written.

    Returns
    -------
    SampleResult
        Paths and counts.

    Notes
    -----
    The skeleton (accounts, kinds, times, cascades, themes) is drawn vectorised with
    ``numpy.random.default_rng(seed)``; texts are composed once per non-retweet; the raw file is
    streamed (gzip runs in a second thread) and written atomically, like the truth file. Memory
    grows with ``n_tweets`` (under 1 KB a tweet: 1.2 million tweets peak near 1.0 GB) and so
    does time (about 115-135 CPU-seconds for 1.2 million; see ``benchmarks/results/sample.json``).

    Examples
    --------
    >>> res = generate_sample(200, seed=3, fmt="v1", out=Path(tmp) / "s.jsonl")  # doctest: +SKIP
    >>> res.n_tweets  # doctest: +SKIP
    200
    """
    if fmt not in FORMATS:
        raise ValueError(
            f"unknown format {fmt!r}; use 'v1' (v1.1 statuses), 'v2' (twarc2 pages), "
            "'bluesky' (Jetstream events) or 'mastodon' (Mastodon statuses)"
        )
    if int(n_tweets) < 1:
        raise ValueError(f"n_tweets must be a positive number of tweets, got {n_tweets}")
    raw = Path(out)
    truth = truth_path_for(raw)
    corpus, handles = build_corpus(int(n_tweets), seed=int(seed), progress=progress)
    # the truth is written first (to a temporary file, renamed only once the raw file is in place)
    # so that its frame is freed before the raw file is rendered: peak memory is the larger, not the sum
    with atomic_path(truth) as truth_tmp:
        if fmt in ("v1", "v2"):
            _truth_frame(corpus, handles).write_parquet(truth_tmp, compression="zstd")
            objects = corpus.v2_pages() if fmt == "v2" else corpus.v1_statuses()
        else:  # the same planted truth, ids in the platform's form (kit.sample.platforms)
            from kit.sample.platforms import PlatformCorpus

            shaped = PlatformCorpus(corpus, fmt)
            shaped.truth(_truth_frame(corpus, handles)).write_parquet(truth_tmp, compression="zstd")
            objects = shaped.objects()
        n_lines = _write_lines(raw, objects)
    s = corpus.s
    return SampleResult(
        raw_path=raw,
        truth_path=truth,
        fmt=fmt,
        seed=int(seed),
        n_tweets=s.n_tweets,
        n_users=int(len(set(s.author.tolist()))),
        n_retweets=int((s.kind == 1).sum()),
        n_lines=n_lines,
    )


def ensure_sample() -> Path:
    """The bundled SYNTHETIC sample's canonical table, generated and imported on first use.

    Uses ``kit.config``: ``SAMPLE_TWEETS`` tweets with ``SAMPLE_SEED`` in v2 format at
    ``config.sample_raw_path()``, imported with :func:`kit.ingest.import_tweets` to
    ``config.sample_parquet_path()``. Safe when several processes ask at once (file lock);
    afterwards the existing table is reused.

    >>> ensure_sample().name  # doctest: +SKIP
    'sample.parquet'
    """
    parquet = config.sample_parquet_path()
    if parquet.exists():
        return parquet
    raw = config.sample_raw_path()
    with file_lock(parquet.parent / f".{parquet.name}.lock"):
        if parquet.exists():
            return parquet
        if not (raw.exists() and truth_path_for(raw).exists()):
            generate_sample(config.SAMPLE_TWEETS, seed=config.SAMPLE_SEED, fmt="v2", out=raw)
        from kit.ingest import import_tweets

        import_tweets([raw], parquet)
    return parquet


def is_synthetic(data_path: str | os.PathLike[str]) -> bool:
    """Whether a canonical table was made from the kit's synthetic generator.

    True for the bundled sample, and for any table whose import report names a raw file that has a
    planted-truth file (``NAME.truth.parquet``) beside it, or whose rows come from such a file.
    """
    path = Path(data_path).expanduser().resolve()
    with contextlib.suppress(OSError):
        if path == config.sample_parquet_path().resolve():
            return True
    sources: list[str] = []
    sidecar = path.with_suffix(".import.json")
    if sidecar.is_file():
        with contextlib.suppress(OSError, ValueError):
            doc = orjson.loads(sidecar.read_bytes())
            if isinstance(doc, dict) and doc.get("synthetic") is True:
                return True
            sources.extend(_strings_in(doc.get("files", doc.get("inputs", [])) if isinstance(doc, dict) else []))
    if not sources and path.is_file():
        with contextlib.suppress(Exception):
            import polars as pl

            sources = (
                pl.scan_parquet(path)
                .select(pl.col("source_file").unique())
                .collect()["source_file"]
                .drop_nulls()
                .to_list()
            )
    return any(truth_path_for(source).is_file() for source in sources[:1000])


def _strings_in(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings_in(v)] + [
            k for k in value if isinstance(k, str) and "/" in k
        ]
    if isinstance(value, list):
        return [s for v in value for s in _strings_in(v)]
    return []


__all__ = ["SampleResult", "build_corpus", "ensure_sample", "generate_sample", "is_synthetic", "truth_path_for"]
