"""The kit's exceptions: one family at the bottom of the import graph (imports nothing of the kit).

Every error the kit raises *for the user* is a :class:`KitError`; its message says what went wrong
and how to fix it, and it may name the file, line and column concerned. The command line
(:mod:`kit.cli`) turns any of them into one line on stderr and the exit status :attr:`KitError.exit_code`
(1: refused, empty or failed; 2: the command was used wrongly). Classes that were ``ValueError``
subclasses before the family existed still are, so ``except ValueError`` keeps working.

Examples
--------
>>> err = IngestError("the file is a spreadsheet export", path="a.csv", line=3)
>>> str(err), err.where, err.exit_code
('the file is a spreadsheet export', 'a.csv:3', 1)
>>> isinstance(SchemaError("x"), ValueError), SchemaError.exit_code
(True, 2)
"""

from __future__ import annotations

import os


class KitError(Exception):
    """Base of the kit's errors: a message for the user, optionally where (file, line, column)."""

    #: Exit status of the ``kit`` command when this error ends it.
    exit_code: int = 1
    #: Word after ``kit CMD:`` in the one-line message.
    label: str = "error"

    def __init__(
        self,
        message: str = "",
        *,
        path: str | os.PathLike[str] | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.path = os.fspath(path) if path is not None else None
        self.line = line
        self.column = column

    @property
    def where(self) -> str | None:
        """``path[:line[:column]]`` where known, else None."""
        if self.path is None:
            return None
        parts = [self.path, *(str(n) for n in (self.line, self.column) if n is not None)]
        return ":".join(parts)


class UsageError(KitError, ValueError):
    """The command's arguments are wrong (an option value, a missing or unsuitable input): exit status 2."""

    exit_code = 2


class IngestError(KitError, ValueError):
    """Input that the kit refuses to import, or a skip under ``strict``; the message says how to fix it."""

    label = "refused"


class SchemaError(KitError, ValueError):
    """A frame does not follow the canonical schema; the message says which column and how."""

    exit_code = 2


class SelectionError(KitError, ValueError):
    """A selection holds no tweet (or cannot be built); the message says what to widen."""


class ReportError(KitError):
    """A report variant failed, or every variant was empty."""


class MissingExtraError(KitError, ImportError):
    """A part of the kit needs optional packages that are not installed; the message names the extra
    to install (``pip install 'hashtag-kit[topics]'``)."""


__all__ = ["KitError", "UsageError", "IngestError", "SchemaError", "SelectionError", "ReportError", "MissingExtraError"]
