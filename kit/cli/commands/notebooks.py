"""``kit notebooks copy DIR``: the kit's notebooks and workshop, copied into a project folder."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path

from kit.cli.console import Console


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("notebooks", help="copy the kit's notebooks and workshop into a project folder")
    p.add_argument("action", choices=("copy",), help="copy: put the notebooks into DIR/notebooks/")
    p.add_argument("dir", metavar="DIR", help="project folder (created if missing; run kit commands from it)")
    p.add_argument("--force", action="store_true", help="overwrite copies that differ from the kit's (edits are lost)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, console: Console) -> int:
    """``kit notebooks copy DIR``: copy, print what was copied and what to run next. Returns the exit status."""
    from kit.notebook.bundle import copy_notebooks

    result = copy_notebooks(args.dir, force=args.force)
    doc = {
        "folder": str(result.folder),
        "copied": list(result.copied),
        "unchanged": list(result.unchanged),
        "overwritten": list(result.overwritten),
    }
    parts = [f"{len(result.copied)} copied"]
    if result.overwritten:
        parts.append(f"{len(result.overwritten)} overwritten")
    if result.unchanged:
        parts.append(f"{len(result.unchanged)} already up to date")
    console.emit(doc, f"notebooks in {result.folder}: {', '.join(parts)}")
    project = result.folder.parent
    cd = "" if project.resolve() == Path.cwd().resolve() else f"cd {shlex.quote(str(project))} && "
    console.note(
        f"next: {cd}jupyter lab notebooks/  (JupyterLab comes with pip install 'hashtag-kit[lab]'), "
        "or render the reports there: kit render"
    )
    return 0
