"""How report notebooks show things: :class:`Note` in place of an empty result, escaped
:class:`Table`, and :func:`attempt`/:func:`chart`, which turn an empty selection into a Note."""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Sequence
from typing import Any


@dataclasses.dataclass(frozen=True)
class Note:
    """A short message shown in place of a table or chart (e.g. an empty selection); falsy, escaped.

    >>> bool(Note("no tweets")), Note("<b>").text
    (False, '<b>')
    """

    text: str
    kind: str = "info"

    def __bool__(self) -> bool:
        return False

    @property
    def height(self) -> int:
        return 0

    def _repr_html_(self) -> str:
        colour = {"info": "#56B4E9", "warning": "#E69F00"}.get(self.kind, "#56B4E9")
        return (f'<div style="border-left:4px solid {colour};padding:.4em .8em;background:#f6f8fa">'
                f"{html.escape(self.text)}</div>")

    def _repr_markdown_(self) -> str:
        return html.escape(self.text)

    def __repr__(self) -> str:
        return self.text


def _is_empty(value: Any) -> bool:
    if isinstance(value, Note):
        return True
    height = getattr(value, "height", None)
    return isinstance(height, int) and height == 0 and hasattr(value, "columns")


def attempt(func: Any, *args: Any, **kwargs: Any) -> Any:
    """Call ``func(*args, **kwargs)`` unless an input is empty; a ``ValueError`` becomes a :class:`Note`.

    For report notebooks, where a variant may select no tweets: the section then says so instead of
    failing. Any other exception propagates (and the variant is reported as failed).

    >>> import polars as pl
    >>> attempt(len, pl.DataFrame({"a": []}))
    No tweets in this selection: nothing to show here.
    >>> attempt(int, "x").kind
    'warning'
    """
    for value in (*args, *kwargs.values()):
        if isinstance(value, Note):
            return value
        if _is_empty(value):
            return Note("No tweets in this selection: nothing to show here.")
    try:
        return func(*args, **kwargs)
    except ValueError as exc:
        return Note(f"Not computed: {exc}", kind="warning")


def chart(builder: Any, data: Any, **kwargs: Any) -> Any:
    """``builder(data, **kwargs)`` (a tuple ``data`` is unpacked), or a :class:`Note` when there is nothing to draw."""
    parts = data if isinstance(data, tuple) else (data,)
    if any(_is_empty(p) for p in parts[:1]):
        return parts[0] if isinstance(parts[0], Note) else Note("Nothing to draw for this selection.")
    return attempt(builder, *parts, **kwargs)


@dataclasses.dataclass(frozen=True)
class Table:
    """A frame shown as a plain HTML table: every cell escaped, floats rounded, lists joined.

    >>> import polars as pl
    >>> "&lt;b&gt;" in Table(pl.DataFrame({"a": ["<b>"]}))._repr_html_()
    True
    """

    frame: Any
    digits: int = 3
    omitted: int = 0  # rows left out (shown as a closing line)

    def _cell(self, value: Any) -> str:
        if value is None:
            return "–"
        if isinstance(value, float):
            return f"{value:,.{self.digits}f}"
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{value:,}"
        if isinstance(value, (list, tuple)):
            return ", ".join(str(v) for v in value)
        return str(value)

    def _repr_html_(self) -> str:
        e = html.escape
        head = "".join(f"<th>{e(str(c))}</th>" for c in self.frame.columns)
        rows = "".join("<tr>" + "".join(f"<td>{e(self._cell(v))}</td>" for v in row) + "</tr>"
                       for row in self.frame.iter_rows())
        more = (f'<tr><td colspan="{len(self.frame.columns)}">… and {self.omitted:,} more row(s)</td></tr>'
                if self.omitted else "")
        return (f'<table class="kit-table"><thead><tr>{head}</tr></thead><tbody>{rows}{more}</tbody></table>')

    def __repr__(self) -> str:
        return repr(self.frame)


def table(data: Any, *, digits: int = 3, columns: Sequence[str] | None = None, rows: int | None = None) -> Any:
    """A frame for display as a plain, escaped HTML :class:`Table` (optionally a subset of columns, and
    at most ``rows`` rows with a line counting the rest); a :class:`Note` when there are no rows.

    >>> import polars as pl
    >>> table(pl.DataFrame({"a": [1, 2, 3]}), rows=2).omitted
    1
    """
    import polars as pl

    if isinstance(data, Note):
        return data
    if not isinstance(data, pl.DataFrame):
        return data
    if data.height == 0:
        return Note("No rows for this selection.")
    frame = data.select(columns) if columns else data
    omitted = max(frame.height - rows, 0) if rows else 0
    return Table(frame.head(rows) if rows else frame, digits=digits, omitted=omitted)
