"""Project paths and defaults.

Nothing here has side effects at import: folders are created by the code that writes into them.

Examples
--------
>>> from kit import config
>>> config.processed_dir().name
'processed'
"""

from __future__ import annotations

import contextlib
import importlib.resources
import os
from pathlib import Path

#: Default random seed for every stochastic step (sampling, UMAP, Leiden, ...).
DEFAULT_SEED: int = 42

#: Accounts with fewer followers than this are shown under a pseudonym in report output.
DEFAULT_FOLLOWER_THRESHOLD: int = 5_000

#: Distinct texts a topic model is fitted on by default (0 = all); every tweet is then assigned.
TOPIC_SAMPLE_SIZE: int = 20_000

#: Name of the bundled synthetic sample (generated on first use).
SAMPLE_NAME: str = "sample"
SAMPLE_TWEETS: int = 20_000
SAMPLE_SEED: int = 2014


#: The file ``kit notebooks copy`` leaves in a project folder, so that its notebooks (run with their own
#: folder as working directory) find the project's data, reports and salt.
PROJECT_MARKER: str = ".kit-project"


def project_root() -> Path:
    """Return the project root: where data, caches, reports and the salt live.

    ``$KIT_HOME`` wins; otherwise the nearest parent of the working directory that is a checkout (a
    ``pyproject.toml`` naming ``hashtag-kit``) or a project made by ``kit notebooks copy`` (a
    :data:`PROJECT_MARKER` file); otherwise the working directory itself. Never the folder the ``kit``
    package is installed in (``site-packages``): nothing is written there, and pseudonyms do not change
    with the place the kit was installed.
    """
    env = os.environ.get("KIT_HOME")
    if env:
        return Path(env).expanduser().resolve()
    here = Path.cwd().resolve()
    return _checkout(here, marker=True) or here


def _checkout(start: Path, *, marker: bool = False) -> Path | None:
    """The nearest folder at or above ``start`` holding a ``pyproject.toml`` that names ``hashtag-kit``
    (or, with ``marker``, a :data:`PROJECT_MARKER` file)."""
    for folder in (start, *start.parents):
        if marker and (folder / PROJECT_MARKER).is_file():
            return folder
        pyproject = folder / "pyproject.toml"
        try:
            if pyproject.is_file() and 'name = "hashtag-kit"' in pyproject.read_text(encoding="utf-8"):
                return folder
        except (OSError, UnicodeDecodeError):
            continue
    return None


def data_dir() -> Path:
    """``<root>/data``."""
    return project_root() / "data"


def raw_dir() -> Path:
    """``<root>/data/raw``: what the researcher collected; never modified by the kit."""
    return data_dir() / "raw"


def processed_dir() -> Path:
    """``<root>/data/processed``: canonical tweet tables (Parquet) and their import reports."""
    return data_dir() / "processed"


def cache_dir(*parts: str) -> Path:
    """``<root>/data/cache/<parts...>`` (``$KIT_CACHE_DIR`` overrides the base)."""
    base = os.environ.get("KIT_CACHE_DIR")
    root = Path(base).expanduser() if base else data_dir() / "cache"
    return root.joinpath(*parts)


def reports_dir() -> Path:
    """``<root>/reports``: rendered report variants."""
    return project_root() / "reports"


def project_notebook(name: str) -> Path:
    """The notebook ``name`` a project uses: its own copy ``<root>/notebooks/NAME`` (made by ``kit
    notebooks copy``, perhaps edited) when there is one, else the one that comes with the kit
    (:func:`bundled_notebooks`), which is only read.

    >>> project_notebook("report.ipynb").name
    'report.ipynb'
    """
    own = project_root() / "notebooks" / name
    if own.is_file():
        return own
    with contextlib.suppress(FileNotFoundError):
        return bundled_notebooks(name)
    return own


def bundled_notebooks(name: str = "") -> Path:
    """The notebooks that come with the kit, or the file ``name`` among them (``"report.ipynb"``,
    ``"workshop/README.md"``): from ``notebooks/`` of the checkout the ``kit`` package runs from (an
    editable install, or ``PYTHONPATH``), else from the copy inside the installed package
    (``kit/_notebooks``, put there by ``setup.py``). Only read, never written.

    Raises FileNotFoundError naming the folders tried when neither holds ``name``.

    Examples
    --------
    >>> bundled_notebooks("report.ipynb").name
    'report.ipynb'
    """
    source = _checkout(Path(__file__).resolve().parent)
    tried = [source / "notebooks"] if source is not None else []
    tried.append(Path(str(importlib.resources.files("kit").joinpath("_notebooks"))))
    for folder in tried:
        if folder.is_dir() and (folder / name).exists():
            return folder / name if name else folder
    where = " or ".join(str(folder / name) for folder in tried)
    raise FileNotFoundError(f"{name or 'the notebooks'} not found in {where}; reinstall hashtag-kit")


def sample_raw_path() -> Path:
    """Where the bundled synthetic sample's raw file is generated."""
    return raw_dir() / f"{SAMPLE_NAME}.jsonl.gz"


def sample_parquet_path() -> Path:
    """Where the bundled synthetic sample's canonical table lives."""
    return processed_dir() / f"{SAMPLE_NAME}.parquet"


def notebook_import_path() -> Path:
    """Where ``notebooks/01-import.ipynb`` writes its table: the input of notebooks 02-05 when their
    ``data_path`` is empty (the bundled sample when it does not exist)."""
    return processed_dir() / "notebook-import.parquet"


def from_root(path: str | os.PathLike[str]) -> Path:
    """``path`` with ``~`` expanded; a relative path is taken from the project root.

    Notebooks run with the working directory ``notebooks/``, so ``data/processed/x.parquet``
    means ``<root>/data/processed/x.parquet`` wherever the code runs.

    >>> import os
    >>> from_root("data/x.parquet") == project_root() / "data" / "x.parquet", from_root("/tmp/x").as_posix()
    (True, '/tmp/x')
    """
    given = Path(path).expanduser()
    return given if given.is_absolute() else project_root() / given
