"""The import report: what was read, written, merged, skipped and why — printed and saved as JSON.

Examples
--------
>>> rep = ImportReport()
>>> rep.skip("a.jsonl", 3, "unparseable JSON", b'{"id": ')
>>> rep.skipped
{'unparseable JSON': 1}
>>> rep.to_dict()["skipped_records"][0]["line"]
3
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kit.errors import IngestError  # noqa: F401  (re-exported: the kit's error family)

#: At most this many skipped records are listed one by one (all are counted).
MAX_LISTED = 500


#: What each kind of non-tweet input is, for the report.
NON_TWEET_HELP: dict[str, str] = {
    "counts": "twarc2 counts output (tweet counts per time bucket), not tweets",
    "users": "user profiles (twarc2 users/followers/following), not tweets",
    "lists": "Twitter lists metadata (twarc2 lists), not tweets",
    "compliance": "v2 compliance records (use --apply-deletions to drop the tweets they name)",
    "ids": "a tweet-ID list: hydrate it first (e.g. `twarc2 hydrate ids.txt tweets.jsonl`), then import the result",
    "includes": (
        "the includes of a v2 request (users, tweets, places), e.g. academictwitteR's users_<id>.json: "
        "read together with the data_<id>.json beside it"
    ),
    "empty": "an empty file",
    "parquet": "a Parquet file (already a table? read it with polars)",
    "binary": "a binary file that is not tweet data",
    "text": "plain text that is neither JSON, CSV nor an ID list",
    "unknown-json": "JSON that holds no tweets in any known shape",
    "unknown-csv": "a CSV whose header matches no known tweet export",
}


#: What each repair does, as the report words it.
REPAIRS: dict[str, str] = {
    "rounded ids nulled": "ids rounded by a JavaScript number (JSON.parse) were nulled: they name other tweets",
    "rounded ids recovered": "ids rounded by a JavaScript number were replaced by the exact ids of the *_str column",
    "float ids nulled": "ids written as floating-point numbers were nulled: they no longer identify tweets",
    "float tweet ids refused": "tweets whose own id is written as a floating-point number were skipped",
    "rt prefix stripped": "retweet texts lost their 'RT @user: ' prefix (a retweet's text is its original's)",
    "truncated retweets flagged": "retweets hold only a cut text (full text not in the file): is_truncated",
    "header typo reweet_id": "Hydrator's pre-2020 header typo 'reweet_id' was read as retweet_id",
}


@dataclass
class FileReport:
    """What one input file held."""

    path: str
    kind: str = "tweets"  # tweets | non-tweet | refused
    formats: dict[str, int] = field(default_factory=dict)
    lines: int = 0
    tweets: int = 0
    skipped: int = 0
    non_tweet: dict[str, int] = field(default_factory=dict)
    notices: dict[str, int] = field(default_factory=dict)
    note: str | None = None


@dataclass
class ImportReport:
    """Counts of one import; ``to_dict()`` is what ``NAME.import.json`` holds."""

    out: str | None = None
    files: list[FileReport] = field(default_factory=list)
    lines_read: int = 0
    records_read: int = 0
    tweets_read: int = 0
    tweets_written: int = 0
    duplicates_merged: int = 0
    deletions_applied: int = 0
    deletion_ids: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    skipped_records: list[dict[str, Any]] = field(default_factory=list)
    non_tweet: dict[str, int] = field(default_factory=dict)
    non_tweet_files: dict[str, str] = field(default_factory=dict)
    notices: dict[str, int] = field(default_factory=dict)
    page_errors: dict[str, int] = field(default_factory=dict)
    referenced_only: int = 0
    truncated: int = 0
    missing: dict[str, int] = field(default_factory=dict)
    #: Repairs by kind (see :data:`REPAIRS`), in total and per file and column in ``repaired``.
    repairs: dict[str, int] = field(default_factory=dict)
    repaired: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def skip(self, path: str, line: int | None, reason: str, excerpt: bytes | str | None = None) -> None:
        """Count one skipped record (and list it, up to :data:`MAX_LISTED`)."""
        self.skipped[reason] = self.skipped.get(reason, 0) + 1
        if len(self.skipped_records) < MAX_LISTED:
            if isinstance(excerpt, bytes):
                excerpt = excerpt[:120].decode("utf-8", "replace")
            elif isinstance(excerpt, str):
                excerpt = excerpt[:120]
            self.skipped_records.append({"file": path, "line": line, "reason": reason, "excerpt": excerpt})

    def repair(self, kind: str, path: str | None, column: str | None, n: int, example: str | None = None) -> None:
        """Count ``n`` values repaired (``kind``: a key of :data:`REPAIRS`) in ``column`` of ``path``."""
        if not n:
            return
        self.repairs[kind] = self.repairs.get(kind, 0) + n
        for entry in self.repaired:
            if (entry["repair"], entry["file"], entry["column"]) == (kind, path, column):
                entry["count"] += n
                return
        self.repaired.append({"repair": kind, "file": path, "column": column, "count": n, "example": example})

    def repair_warnings(self) -> list[str]:
        """One warning per repaired file and column (id repairs only; the others are summed)."""
        out = []
        for e in self.repaired:
            if e["column"] is None:
                continue
            example = f" (e.g. {e['example']!r})" if e["example"] else ""
            out.append(f"{e['file']}: column {e['column']!r}: {e['count']:,} {REPAIRS[e['repair']]}{example}")
        return out

    def non_tweet_file(self, path: str, kind: str) -> None:
        """Name a file that holds no tweets, by kind."""
        self.non_tweet_files[path] = kind

    @property
    def skipped_total(self) -> int:
        """All skipped records."""
        return sum(self.skipped.values())

    def add_counts(self, target: dict[str, int], counts: Counter[str] | dict[str, int]) -> None:
        """Add ``counts`` into one of the report's count dicts."""
        for key, value in counts.items():
            target[key] = target.get(key, 0) + value

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        doc = dataclasses.asdict(self)
        doc["skipped_total"] = self.skipped_total
        return doc


def render(report: ImportReport) -> str:
    """The report as readable text (rich markup), for the terminal."""
    out: list[str] = []
    target = f" → [bold]{_e(report.out)}[/]" if report.out else ""
    out.append(f"[bold]Imported {report.tweets_written:,} tweets[/]{target} in {report.seconds:.1f} s")
    out.append(
        f"  {len(report.files)} file(s), {report.lines_read:,} lines, {report.tweets_read:,} tweet records, "
        f"{report.duplicates_merged:,} duplicates merged"
    )
    if report.deletion_ids:
        out.append(
            f"  deletions: {report.deletion_ids:,} ids named by delete notices/compliance records, "
            f"{report.deletions_applied:,} tweets removed"
        )
    for f in report.files:
        fmts = ", ".join(f"{k} {v:,}" for k, v in f.formats.items()) or "-"
        extra = f"; skipped {f.skipped:,}" if f.skipped else ""
        if f.kind == "tweets":
            out.append(f"  [green]✓[/] {_e(f.path)}: {f.tweets:,} tweets ({_e(fmts)}){extra}")
        else:
            out.append(f"  [yellow]•[/] {_e(f.path)}: no tweets — {_e(f.note or f.kind)}{extra}")
    if report.non_tweet:
        out.append("  non-tweet records: " + _e(", ".join(f"{k} {v:,}" for k, v in sorted(report.non_tweet.items()))))
    if report.notices:
        out.append("  stream notices: " + _e(", ".join(f"{k} {v:,}" for k, v in sorted(report.notices.items()))))
    if report.page_errors:
        total = sum(report.page_errors.values())
        kinds = ", ".join(f"{k} {v:,}" for k, v in sorted(report.page_errors.items()))
        out.append(f"  v2 page errors (unavailable references; their pages were kept): {total:,} ({_e(kinds)})")
    if report.referenced_only:
        out.append(
            f"  {report.referenced_only:,} included tweets (originals of retweets, quoted and replied-to "
            "tweets) gave retweets their full text; they are not rows unless collected themselves"
        )
    if report.truncated:
        out.append(
            f"  {report.truncated:,} tweets keep a truncated text (the full text was not in the data; "
            "column is_truncated)"
        )
    if report.repairs:
        out.append("  repairs: " + ", ".join(f"{k} {v:,}" for k, v in sorted(report.repairs.items())))
    for column, n in report.missing.items():
        out.append(f"  [yellow]{n:,} tweets have no {_e(column)}[/]")
    if report.skipped:
        out.append(f"  [red]skipped {report.skipped_total:,} record(s)[/]:")
        for reason, n in sorted(report.skipped.items(), key=lambda kv: -kv[1]):
            where = [f"{r['file']}:{r['line']}" for r in report.skipped_records if r["reason"] == reason]
            shown = ", ".join(where[:5]) + (" …" if len(where) > 5 or n > len(where) else "")
            out.append(f"    {_e(reason)}: {n:,} ({_e(shown)})")
    for warning in report.warnings:
        out.append(f"  [yellow]warning:[/] {_e(warning)}")
    return "\n".join(out)


def _e(text: object) -> str:
    """User text (file names, reasons, excerpts) made safe for rich markup: printed as written."""
    from rich.markup import escape

    return escape(str(text))
