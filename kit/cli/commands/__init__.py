"""One module per ``kit`` command; each has ``register(sub)``, which adds its parser and sets ``func``
to a handler ``(args, console) -> exit status``. Handlers import heavy libraries inside, so that
``kit --help`` starts fast.

To add a command: write ``kit/cli/commands/NAME.py`` with ``register``, compose its flags from
:mod:`kit.cli.options`, print only through the :class:`kit.cli.console.Console` it is given, raise
:mod:`kit.errors` for failures, and list it in :data:`COMMANDS`.
"""

from __future__ import annotations

import argparse
import importlib

#: Command modules, in the order ``kit --help`` lists them.
COMMANDS: tuple[str, ...] = (
    "import_",
    "sample",
    "summary",
    "compare",
    "network",
    "topics",
    "affect",
    "validate",
    "render",
    "notebooks",
)


def register_all(sub: argparse._SubParsersAction) -> None:
    """Add every command's parser to ``sub``."""
    for name in COMMANDS:
        importlib.import_module(f"kit.cli.commands.{name}").register(sub)


__all__ = ["COMMANDS", "register_all"]
