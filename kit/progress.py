"""The one shape of a progress report that library code accepts (it never draws bars or prints).

A *progress callback* is called as ``progress(done, total, what)``: ``done`` units finished so far,
``total`` the number expected (None when unknown) and ``what`` a short description of the current
step. Library functions take ``progress: Progress | None = None`` and call :func:`report`; the command
line (:mod:`kit.cli.console`) passes a callback that draws a bar on stderr.

Examples
--------
>>> seen = []
>>> report(lambda done, total, what: seen.append((done, total, what)), 1, 3, "embedding")
>>> report(None, 2, 3, "embedding")  # no callback: nothing happens
>>> seen
[(1, 3, 'embedding')]
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """``progress(done, total, what)``: ``done`` of ``total`` (None: unknown) units, doing ``what``."""

    def __call__(self, done: int, total: int | None, what: str) -> None: ...


def report(progress: Progress | None, done: int, total: int | None, what: str = "") -> None:
    """Call ``progress`` if there is one."""
    if progress is not None:
        progress(done, total, what)


__all__ = ["Progress", "report"]
