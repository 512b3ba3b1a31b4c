"""Helpers shared by the report, notebook and browser tests (no tests here).

``hostile_corpus`` writes a small canonical table whose tweets carry hostile markup in every field
that can reach a report (text, hashtag, handle, display name, linked domain); a script that runs
would set ``window.__kit_xss``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from kit import reports
from kit.schema import from_records

SCRIPT = "<script>window.__kit_xss=1</script>"
IMG = "<img src=x onerror=window.__kit_xss=2>"
HOSTILE_TAG = "<script>window.__kit_xss=3</script>"
HOSTILE_HANDLE = "<img src=x onerror=window.__kit_xss=4>"
HOSTILE_URL = "http://<img src=x onerror=window.__kit_xss=5>/x"

WORDS_A = ["women", "safety", "fear", "harassment", "street", "everyday", "deserve", "respect", "walk", "night"]
WORDS_B = ["men", "generalize", "unfair", "blame", "innocent", "stereotype", "good", "guys", "sexist", "all"]


def hostile_corpus(path: Path, n: int = 360, seed: int = 1) -> Path:
    """Write a canonical table of ``n`` tweets (two hashtags, retweets, hostile markup) to ``path``."""
    rng = random.Random(seed)
    t0 = dt.datetime(2014, 5, 24, tzinfo=dt.UTC)
    users = [f"user{i}" for i in range(30)] + [HOSTILE_HANDLE]
    stars = users[:4] + [HOSTILE_HANDLE]
    records: list[dict[str, Any]] = []
    for i in range(n):
        tag = "yesallwomen" if i % 3 else "notallmen"
        words = WORDS_A if tag == "yesallwomen" else WORDS_B
        text = " ".join(rng.choice(words) for _ in range(9)) + f" #{tag}"
        tags = [tag]
        urls: list[str] = []
        if i % 9 == 0:
            text = f"{SCRIPT} {IMG} " + text
            tags.append(HOSTILE_TAG)
            urls.append(HOSTILE_URL)
        if i % 5 == 0:
            tags.append("islavista")
        author = users[i % len(users)] if i % 11 else HOSTILE_HANDLE
        retweet = i % 4 == 0 and i > 8
        target = stars[i % len(stars)]
        records.append(
            {
                "tweet_id": str(10_000 + i),
                "created_at": t0 + dt.timedelta(minutes=23 * i + (i % 7) * 3),
                "author_id": f"id-{users.index(author)}",
                "author_username": author,
                "author_name": f"Name {IMG}",
                "author_followers": 50_000 if author in stars else rng.choice([10, 300]),
                "text": (f"RT @{target}: " if retweet else "") + text,
                "lang": "en",
                "is_retweet": retweet,
                "retweeted_username": target if retweet else None,
                "retweeted_author_id": f"id-{users.index(target)}" if retweet else None,
                "retweeted_id": str(9_000 + i % 20) if retweet else None,
                "hashtags": tags,
                "mentions": [target.lower()] if retweet else [],
                "urls": urls,
            }
        )
    from_records(records).write_parquet(path)
    return path


def tiny_notebook(path: Path) -> Path:
    """A small parameterized notebook: prints its parameters, fails on request, draws one SVG chart."""
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells = [
        new_code_cell("from kit import reports\nimport polars as pl"),
        new_code_cell(
            'data_path: str = ""  # a table\nhashtags: list[str] = []  # tags\nseed: int = 42  # seed\n'
            'fail: bool = False  # fail on purpose\nlabel: str = "x"  # a label',
            metadata={"tags": ["parameters"]},
        ),
        new_code_cell("print(sorted(hashtags), seed, label)"),
        new_code_cell("assert not fail, 'failed on request'"),
        new_code_cell("reports.table(pl.DataFrame({'label': [label], 'seed': [seed]}))"),
    ]
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"tiny-{i}"
    nbformat.write(nb, str(path))
    return path


def shared_hostile_render(base: Path) -> Path:
    """The report notebook rendered once per test session for the hostile corpus: variants ``all``,
    ``empty`` (a date range without tweets) and ``broken`` (a corrupt data file). Returns the reports folder.

    Shared by the report and browser tests, across xdist workers too (file lock in the session's temp root).
    """
    import fcntl

    root = base.parent if base.name.startswith("popen-gw") else base
    folder = root / "shared-hostile-report"
    out = folder / "reports"
    with open(root / ".shared-hostile-report.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "DONE").is_file():
            folder.mkdir(parents=True, exist_ok=True)
            data = hostile_corpus(folder / "hostile.parquet")
            corrupt = folder / "corrupt.parquet"
            corrupt.write_bytes(b"PAR1 this is not a parquet file PAR1")
            summary = render_report(
                out,
                data,
                {
                    "all": {},
                    "empty": {"start": "2015-01-01", "end": "2015-01-31"},
                    "broken": {"data_path": str(corrupt)},
                },
                force=True,
            )
            statuses = {m["variant"]: m["status"] for m in summary.manifests}
            assert statuses == {"all": "ok", "empty": "empty", "broken": "failed"}, summary.manifests
            (folder / "DONE").write_text("rendered\n")
    return out


def render_report(
    out: Path,
    data: Path,
    variants: Mapping[str, Mapping[str, Any]],
    *,
    workers: int = 2,
    force: bool = False,
    topics: bool = False,
    **kwargs: Any,
) -> reports.RenderSummary:
    """Render the real report notebook for ``variants`` (name → parameters) of ``data``."""
    chosen = [reports.Variant(name, {"topics": topics, **params}) for name, params in variants.items()]
    return reports.render_variants(
        chosen, out_dir=out, workers=workers, force=force, progress=False, default_data=data, **kwargs
    )
