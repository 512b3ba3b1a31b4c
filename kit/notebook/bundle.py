"""The notebooks that come with the kit, copied into a project (``kit notebooks copy DIR``).

A project's copies are its own: the researcher edits them, so a copy never overwrites a file that
differs from the kit's unless asked (``force``); files already identical are left alone.

Examples
--------
>>> files = bundled_files()
>>> "report.ipynb" in files and "workshop/solutions/01-first-look-solutions.ipynb" in files
True
"""

from __future__ import annotations

import dataclasses
import filecmp
import os
import shutil
from pathlib import Path

from kit import config
from kit.cache import atomic_path, write_text_atomic
from kit.errors import KitError

#: What is copied from the kit's notebook folder (the numbered notebooks, the report, the workshop).
PATTERNS: tuple[str, ...] = ("*.ipynb", "workshop/*.ipynb", "workshop/*.md", "workshop/solutions/*.ipynb")


MARKER_TEXT = (
    "# hashtag-kit project: kit commands and notebooks run anywhere below this folder keep their data/,\n"
    "# reports/ and .kit-salt here (made by `kit notebooks copy`; $KIT_HOME overrides).\n"
)


@dataclasses.dataclass(frozen=True)
class CopyResult:
    """What :func:`copy_notebooks` did; paths relative to ``folder`` (the project's ``notebooks/``)."""

    folder: Path
    copied: tuple[str, ...]
    unchanged: tuple[str, ...]
    overwritten: tuple[str, ...]


def bundled_files() -> dict[str, Path]:
    """The kit's notebook files by relative path (``"report.ipynb"``, ``"workshop/README.md"``, ...)."""
    source = config.bundled_notebooks()
    return {p.relative_to(source).as_posix(): p for pattern in PATTERNS for p in sorted(source.glob(pattern))}


def copy_notebooks(project: str | os.PathLike[str], *, force: bool = False) -> CopyResult:
    """Copy the kit's notebooks and workshop into ``project/notebooks/``, and mark ``project`` as the
    project root (:data:`kit.config.PROJECT_MARKER`), so that the notebooks, which run in their own
    folders, read and write the project's ``data/``, ``reports/`` and ``.kit-salt``.

    Parameters
    ----------
    project
        The project folder (created if missing); the notebooks go to its ``notebooks/``.
    force
        Overwrite copies that differ from the kit's (the researcher's edits are lost).

    Returns
    -------
    CopyResult
        The files copied, left as they were (identical) and overwritten.

    Raises
    ------
    KitError
        When a copy differs from the kit's and ``force`` is not set; nothing is written then.
    """
    root = Path(project).expanduser()
    for part in (root, root / "notebooks"):
        if part.exists() and not part.is_dir():
            raise KitError(f"{part} is a file, not a folder; give a project folder (new or existing), e.g. myproject")
    folder = root / "notebooks"
    files = bundled_files()
    if not files:
        raise KitError(f"no notebooks found in {config.bundled_notebooks()}; reinstall hashtag-kit")
    unchanged = [
        rel for rel, src in files.items() if (folder / rel).is_file() and filecmp.cmp(src, folder / rel, shallow=False)
    ]
    changed = [rel for rel in files if (folder / rel).exists() and rel not in unchanged]
    if changed and not force:
        shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
        raise KitError(
            f"{len(changed)} notebook(s) in {folder} differ from the kit's ({shown}); nothing was copied. "
            "Keep your edits by copying into another folder, or pass --force to overwrite them"
        )
    marker = Path(project).expanduser() / config.PROJECT_MARKER
    if not marker.is_file():
        write_text_atomic(marker, MARKER_TEXT)
    copied = []
    for rel, src in files.items():
        if rel in unchanged:
            continue
        with atomic_path(folder / rel, suffix=Path(rel).suffix + ".tmp") as tmp:
            shutil.copyfile(src, tmp)
        copied.append(rel)
    return CopyResult(
        folder=folder,
        copied=tuple(r for r in copied if r not in changed),
        unchanged=tuple(unchanged),
        overwritten=tuple(r for r in copied if r in changed),
    )


__all__ = ["MARKER_TEXT", "PATTERNS", "CopyResult", "bundled_files", "copy_notebooks"]
