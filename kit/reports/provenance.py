"""Provenance recorded in every manifest: the kit's code hash, package versions, synthetic data."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable
from pathlib import Path

from kit.sample import is_synthetic  # re-exported: manifests record it

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


__all__ = ["MANIFEST_PACKAGES", "is_synthetic", "kit_code_hash", "package_versions"]
