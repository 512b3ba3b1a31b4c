"""How notebooks show things: :class:`Note` in place of an empty result, escaped
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
        return (
            f'<div style="border-left:4px solid {colour};padding:.4em .8em;background:#f6f8fa">'
            f"{html.escape(self.text)}</div>"
        )

    def _repr_markdown_(self) -> str:
        return html.escape(self.text)

    def __repr__(self) -> str:
        return self.text


def is_empty(value: Any) -> bool:
    """Whether ``value`` has nothing to show: a :class:`Note`, or a frame without rows.

    >>> import polars as pl
    >>> is_empty(pl.DataFrame({"a": []})), is_empty(pl.DataFrame({"a": [1]})), is_empty(Note("none"))
    (True, False, True)
    """
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
        if is_empty(value):
            return Note("No tweets in this selection: nothing to show here.")
    try:
        return func(*args, **kwargs)
    except ValueError as exc:
        return Note(f"Not computed: {exc}", kind="warning")


def chart(builder: Any, data: Any, **kwargs: Any) -> Any:
    """``builder(data, **kwargs)`` (a tuple ``data`` is unpacked) shown as a :class:`Figure` with alt text
    and a caption, or a :class:`Note` when there is nothing to draw."""
    parts = data if isinstance(data, tuple) else (data,)
    if any(is_empty(p) for p in parts[:1]):
        return parts[0] if isinstance(parts[0], Note) else Note("Nothing to draw for this selection.")
    drawn = attempt(builder, *parts, **kwargs)
    if isinstance(drawn, Note) or not hasattr(drawn, "to_dict"):
        return drawn
    return Figure(drawn, alt_text(drawn, parts[0]))


def _fmt_value(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if hasattr(value, "strftime"):
        return value.strftime("%d %b %Y %H:%M").replace(" 00:00", "")
    return "–" if value is None else str(value)


def alt_text(drawn: Any, frame: Any) -> str:
    """What a chart shows, in one or two sentences: its kind and title, what it plots, its extremes.

    Written from the chart's spec and the aggregated frame it was drawn from; used as the ``alt`` of
    the chart's image and as its caption.

    >>> import polars as pl
    >>> from kit.charts import explore
    >>> frame = pl.DataFrame({"hashtag": ["a", "b"], "tweets": [3, 1]})
    >>> alt_text(explore.top_bars(frame, title="Top hashtags"), frame)
    'Bar chart "Top hashtags": 2 rows of tweets by hashtag; largest a (3), b (1).'
    """
    import polars as pl

    spec = drawn.to_dict()
    layers = spec.get("layer") or [spec]
    mark = next((lay.get("mark") for lay in reversed(layers) if lay.get("mark")), None)
    mark_type = (mark.get("type") if isinstance(mark, dict) else mark) or "chart"
    kind = {
        "bar": "Bar chart",
        "line": "Line chart",
        "area": "Stacked area chart",
        "rect": "Heatmap",
        "point": "Network picture",
        "circle": "Network picture",
    }.get(str(mark_type), "Chart")
    title = spec.get("title")
    subtitle = title.get("subtitle") if isinstance(title, dict) else None  # how the data were shaped: said last
    title = title.get("text") if isinstance(title, dict) else title
    head = f'{kind} "{title}"' if title else kind
    if subtitle:
        return _with_note(alt_text(drawn.properties(title=title), frame), subtitle)
    if not isinstance(frame, pl.DataFrame) or frame.height == 0:
        return head + "."
    time_col = next((c for c in ("time", "period") if c in frame.columns), None)
    value = next((c for c in ("tweets", "share_of_tweets", "z", "count", "size") if c in frame.columns), None)
    value = value or next((c for c, t in frame.schema.items() if t.is_integer() and c != "followers"), None)
    value = value or next((c for c, t in frame.schema.items() if t.is_numeric()), None)
    if time_col and value:
        per_bin = frame.group_by(time_col).agg(pl.col(value).sum()).sort(time_col)
        top = per_bin.sort(value, descending=True).row(0, named=True)
        return (
            f"{head}: {value.replace('_', ' ')} per time bin from {_fmt_value(per_bin[time_col].min())} to "
            f"{_fmt_value(per_bin[time_col].max())} ({per_bin.height:,} bins); highest "
            f"{_fmt_value(top[value])} at {_fmt_value(top[time_col])}."
        )
    label = next((c for c, t in frame.schema.items() if t == pl.String), None)
    if label and value:
        best = frame.sort(value, descending=True).head(3)
        tops = ", ".join(f"{_fmt_value(r[label])} ({_fmt_value(r[value])})" for r in best.iter_rows(named=True))
        return (
            f"{head}: {frame.height:,} rows of {value.replace('_', ' ')} by {label.replace('_', ' ')}; largest {tops}."
        )
    return f"{head}: {frame.height:,} rows."


def _with_note(sentence: str, note: str | list[str]) -> str:
    """``sentence`` followed by a chart's subtitle line(s)."""
    lines = [note] if isinstance(note, str) else list(note)
    return " ".join([sentence, *(str(line) for line in lines if line)])


@dataclasses.dataclass(frozen=True)
class Figure:
    """A chart shown as an image with alt text and a caption (the report page draws ``<figure>``).

    The image is whatever the active Altair renderer makes (SVG in reports); the alt text travels in
    the output's metadata (``kit_chart``), which the report template writes as the image's ``alt``.
    """

    chart: Any
    alt: str

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Any:
        bundle = self.chart._repr_mimebundle_(include, exclude)
        data, meta = bundle if isinstance(bundle, tuple) else (bundle, {})
        data = {**(data or {}), "text/plain": self.alt}
        return data, {**(meta or {}), "kit_chart": {"alt": self.alt}}

    def to_dict(self) -> Any:
        return self.chart.to_dict()


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
    title: str = ""  # shown as the table's caption

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
        rows = "".join(
            "<tr>" + "".join(f"<td>{e(self._cell(v))}</td>" for v in row) + "</tr>" for row in self.frame.iter_rows()
        )
        more = (
            f'<tr><td colspan="{len(self.frame.columns)}">… and {self.omitted:,} more row(s)</td></tr>'
            if self.omitted
            else ""
        )
        caption = f"<caption>{e(self.title)}</caption>" if self.title else ""
        return f'<table class="kit-table">{caption}<thead><tr>{head}</tr></thead><tbody>{rows}{more}</tbody></table>'

    def __repr__(self) -> str:
        return repr(self.frame)


def table(
    data: Any, *, digits: int = 3, columns: Sequence[str] | None = None, rows: int | None = None, title: str = ""
) -> Any:
    """A frame for display as a plain, escaped HTML :class:`Table` (optionally a subset of columns, and
    at most ``rows`` rows with a line counting the rest; ``title`` is its caption); a :class:`Note`
    when there are no rows.

    >>> import polars as pl
    >>> table(pl.DataFrame({"a": [1, 2, 3]}), rows=2).omitted
    1
    """
    import polars as pl

    if isinstance(data, Note):
        return data
    if isinstance(data, Table):
        return dataclasses.replace(data, title=title or data.title)
    if not isinstance(data, pl.DataFrame):
        return data
    if data.height == 0:
        return Note("No rows for this selection.")
    frame = data.select(columns) if columns else data
    omitted = max(frame.height - rows, 0) if rows else 0
    return Table(frame.head(rows) if rows else frame, digits=digits, omitted=omitted, title=title)
