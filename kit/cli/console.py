"""The one output channel of the ``kit`` command.

Results go to **stdout** (plain text, a rich renderable, or JSON with ``--json``); notes, progress and
errors go to **stderr**. Text given by the user or read from data is always printed as text, never as
rich markup. Verbosity: 0 (``-q``: errors only, and the ``--json`` result), 1 (default: notes and
progress), 2 (``-v``: also the kit's own log messages at INFO, and DEBUG for ``kit.*``).
Library code never prints: it logs with ``logging.getLogger(__name__)`` and reports progress
through the callback :meth:`Console.progress` makes (see :mod:`kit.progress`).

Examples
--------
>>> Console("summary", verbosity=0).result("not shown: quiet")
>>> Console("summary").result("a result")
a result
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from collections.abc import Iterator
from typing import Any

from kit.progress import Progress


class Console:
    """Where a command's output goes; one per command run."""

    def __init__(self, command: str, *, verbosity: int = 1, as_json: bool = False) -> None:
        self.command = command
        self.verbosity = verbosity
        self.as_json = as_json

    # --- results: stdout -------------------------------------------------------------------------
    def result(self, text: str) -> None:
        """A plain-text result (skipped under ``-q``)."""
        if self.verbosity > 0:
            sys.stdout.write(text + "\n")
            sys.stdout.flush()

    def result_json(self, doc: Any) -> None:
        """A JSON result (always printed: ``--json`` asked for it)."""
        sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False, default=str) + "\n")
        sys.stdout.flush()

    def emit(self, doc: Any, text: str | None) -> None:
        """The result: ``doc`` as JSON under ``--json``, else ``text`` (None: no text form)."""
        if self.as_json:
            self.result_json(doc)
        elif text is not None:
            self.result(text)

    def renderable(self, thing: Any) -> None:
        """A rich renderable (a table, styled text built with :class:`rich.text.Text`) on stdout."""
        if self.verbosity > 0:
            from rich.console import Console as RichConsole

            RichConsole(highlight=False, soft_wrap=True).print(thing)

    # --- notes, errors, progress: stderr -----------------------------------------------------------
    def note(self, text: str) -> None:
        """A note for the person at the terminal (skipped under ``-q``)."""
        if self.verbosity > 0:
            sys.stderr.write(text + "\n")
            sys.stderr.flush()

    def error(self, text: str, *, label: str = "error") -> None:
        """``kit CMD: LABEL: text`` on stderr, always."""
        sys.stderr.write(f"kit {self.command}: {label}: {text}\n")
        sys.stderr.flush()

    @contextlib.contextmanager
    def progress(self, label: str) -> Iterator[Progress]:
        """A progress callback for library code: a bar on stderr (a terminal, not ``-q``), else silent.

        >>> with Console("x", verbosity=0).progress("rendering") as step:
        ...     step(1, 2, "a")
        """
        if self.verbosity == 0 or not sys.stderr.isatty():
            yield _silent
            return
        from rich.console import Console as RichConsole
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bar

        columns = (
            TextColumn(label, markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[what]}", markup=False),
        )
        with Bar(*columns, console=RichConsole(stderr=True), transient=False) as bar:
            task = bar.add_task(label, total=None, what="")

            def step(done: int, total: int | None, what: str) -> None:
                bar.update(task, completed=done, total=total, what=what)

            yield step

    # --- logging -----------------------------------------------------------------------------------
    def configure_logging(self) -> None:
        """Show the kit's log messages on stderr: warnings (``-q``: errors), INFO by default, DEBUG with ``-v``."""
        level = {0: logging.ERROR, 1: logging.INFO}.get(self.verbosity, logging.DEBUG)
        kit_log = logging.getLogger("kit")
        for handler in list(kit_log.handlers):
            if getattr(handler, "_kit_console", False):
                kit_log.removeHandler(handler)
        handler = logging.StreamHandler(sys.stderr)
        handler._kit_console = True  # type: ignore[attr-defined]
        handler.setFormatter(logging.Formatter(f"kit {self.command}: %(message)s"))
        kit_log.addHandler(handler)
        kit_log.setLevel(level)
        kit_log.propagate = False
        logging.getLogger("BERTopic").setLevel(logging.WARNING if self.verbosity < 2 else logging.INFO)


def _silent(done: int, total: int | None, what: str) -> None:
    """A progress callback that shows nothing."""


__all__ = ["Console"]
