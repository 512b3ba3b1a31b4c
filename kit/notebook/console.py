"""One console in a notebook: the kit's own log messages shown as plain lines, and progress drawn as one
bar per long step (the notebook's side of :mod:`kit.progress`; the command line's is :mod:`kit.cli.console`).

Examples
--------
>>> bar = ProgressBar("embedding")
>>> bar.text(300, 1200, "model2vec")
'embedding: 300 of 1,200 (25 %) model2vec'
"""

from __future__ import annotations

import html
import logging
import sys
import time
from typing import Any

#: Marks the handler :func:`show_kit_messages` adds, so that running set-up again replaces it.
_HANDLER_FLAG = "_kit_notebook"


class _NotebookHandler(logging.StreamHandler):
    """Writes to the current ``sys.stdout`` (the cell being run), never to a stream captured at set-up."""

    def emit(self, record: logging.LogRecord) -> None:
        # assigned, not setStream(): that flushes the previous stream, which may be closed by now
        # (a cell's or a test's captured output)
        self.stream = sys.stdout
        super().emit(record)


def show_kit_messages(level: int = logging.INFO) -> None:
    """Show the kit's own log messages (``kit.*`` at ``level``) in the notebook as ``kit: …`` lines.

    Third-party loggers keep their defaults (warnings only); calling it again changes nothing.
    """
    kit_log = logging.getLogger("kit")
    for handler in list(kit_log.handlers):
        if getattr(handler, _HANDLER_FLAG, False):
            kit_log.removeHandler(handler)
    handler = _NotebookHandler(sys.stdout)
    setattr(handler, _HANDLER_FLAG, True)
    handler.setFormatter(logging.Formatter("kit: %(message)s"))
    kit_log.addHandler(handler)
    kit_log.setLevel(level)
    kit_log.propagate = False
    logging.getLogger("BERTopic").setLevel(logging.WARNING)


class ProgressBar:
    """A :class:`kit.progress.Progress` callback drawn in a notebook as one bar, updated in place.

    Pass it where a kit function takes ``progress=``; the bar appears at the first report and is
    redrawn at most every ``interval`` seconds, and always when the step completes. Outside a notebook
    (no IPython display) it draws nothing.
    """

    def __init__(self, label: str, *, interval: float = 0.5) -> None:
        self.label = label
        self.interval = interval
        self._handle: Any = None
        self._last = 0.0

    def text(self, done: int, total: int | None, what: str = "") -> str:
        """The bar as one line of text."""
        count = f"{done:,} of {total:,} ({100 * done / total:.0f} %)" if total else f"{done:,}"
        return f"{self.label}: {count}" + (f" {what}" if what and what != self.label else "")

    def _bundle(self, done: int, total: int | None, what: str) -> dict[str, str]:
        line = html.escape(self.text(done, total, what))
        bar = f'<progress value="{done}" max="{total}"></progress> ' if total else "<progress></progress> "
        return {"text/html": f'<div class="kit-progress">{bar}{line}</div>', "text/plain": self.text(done, total, what)}

    def __call__(self, done: int, total: int | None, what: str = "") -> None:
        now = time.monotonic()
        finished = total is not None and done >= total
        if self._handle is not None and not finished and now - self._last < self.interval:
            return
        self._last = now
        try:
            from IPython import get_ipython
            from IPython.display import display
        except ImportError:
            return
        if get_ipython() is None:
            return
        bundle = self._bundle(done, total, what)
        if self._handle is None:
            self._handle = display(bundle, raw=True, display_id=True)
        else:
            self._handle.update(bundle, raw=True)


def progress_bar(label: str) -> ProgressBar:
    """A notebook progress bar for one long step: ``corpus_topics(..., progress=notebook.progress_bar("topics"))``."""
    return ProgressBar(label)


__all__ = ["ProgressBar", "progress_bar", "show_kit_messages"]
