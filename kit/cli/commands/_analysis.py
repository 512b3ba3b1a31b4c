"""The adapter shared by ``kit summary``, ``kit compare`` and ``kit network``, whose handlers take
``(args, selection)`` and print their result (``cli_summary``, ``cli_compare``, ``cli_network``).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from collections.abc import Callable

from kit.cli import options
from kit.cli.console import Console


def handler(module: str, name: str, *, progress: str = "") -> Callable[[argparse.Namespace, Console], int]:
    """The handler ``name`` of ``kit.cli.commands.<module>``, called with the parsed selection; under
    ``-q`` its printed result is dropped (``--json`` output is kept). With a ``progress`` label the
    handler also gets ``progress=`` (a :mod:`kit.progress` callback drawing the console's bar)."""

    def run(args: argparse.Namespace, console: Console) -> int:
        import importlib

        handler = getattr(importlib.import_module(f"kit.cli.commands.{module}"), name)
        quiet = console.verbosity == 0 and not console.as_json
        selection = options.selection_from_args(args)
        if not progress:
            with contextlib.redirect_stdout(io.StringIO()) if quiet else contextlib.nullcontext():
                return int(handler(args, selection) or 0)
        # the result is printed once the bar is finished, not interleaved with its redraws
        printed = io.StringIO()
        try:
            with contextlib.redirect_stdout(printed), console.progress(progress) as bar:
                return int(handler(args, selection, progress=bar) or 0)
        finally:
            if not quiet:
                sys.stdout.write(printed.getvalue())

    return run
