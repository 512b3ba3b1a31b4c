"""Provenance recorded in every manifest: the kit's code hash, package versions, synthetic data."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kit import config

#: Packages whose versions go into every manifest.
MANIFEST_PACKAGES: tuple[str, ...] = (
    "polars", "altair", "vl-convert-python", "papermill", "nbconvert", "nbclient", "ipykernel", "jupyter_client",
    "bertopic", "sentence-transformers", "model2vec", "umap-learn", "hdbscan", "igraph", "leidenalg", "networkx",
    "numpy", "scikit-learn",
)


def kit_code_hash() -> str:
    """One hash over the kit's Python sources (a change of code makes reports out of date)."""
    root = Path(__file__).resolve().parent.parent  # the kit package
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(root.rglob("*.py")):
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def package_versions(names: Iterable[str] = MANIFEST_PACKAGES) -> dict[str, str | None]:
    """Installed versions of ``names`` (None where absent), plus Python and the kit."""
    from importlib import metadata

    import kit

    out: dict[str, str | None] = {"python": sys.version.split()[0], "hashtag-kit": kit.__version__}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


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
            doc = json.loads(sidecar.read_text(encoding="utf-8"))
            if isinstance(doc, dict) and doc.get("synthetic") is True:
                return True
            sources.extend(_strings_in(doc.get("files", doc.get("inputs", [])) if isinstance(doc, dict) else []))
    if not sources and path.is_file():
        with contextlib.suppress(Exception):
            import polars as pl

            sources = pl.scan_parquet(path).select(pl.col("source_file").unique()).collect()["source_file"].drop_nulls().to_list()
    from kit.sample import truth_path_for

    return any(truth_path_for(source).is_file() for source in sources[:1000])


def _strings_in(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings_in(v)] + [k for k in value if isinstance(k, str) and "/" in k]
    if isinstance(value, list):
        return [s for v in value for s in _strings_in(v)]
    return []
