"""``kit summary``: print the key figures of a selection (text, or JSON with ``--json``); exit 1 when nothing matches."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kit.cli import options
from kit.cli.commands._analysis import handler

if TYPE_CHECKING:
    from kit.selection import Selection


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``kit summary`` to the command parser."""
    p = sub.add_parser("summary", help="print the key figures of a selection")
    options.data(p)
    options.selection(p)
    p.add_argument("--top", type=int, default=10, help="rows in top lists")
    options.privacy(p)
    p.set_defaults(func=handler("summary", "cli_summary"))


def _scan(path: str) -> Any:  # -> pl.LazyFrame
    import polars as pl

    target = Path(path)
    if not target.is_file():
        raise FileNotFoundError(
            f"no canonical table at {path!r}: import raw files first with "
            "`kit import RAW... --out data/processed/NAME.parquet`"
        )
    return pl.scan_parquet(target)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def _num(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def _format_top(title: str, rows: list[dict[str, Any]], label: str, count: str) -> list[str]:
    lines = [f"{title}:"]
    if not rows:
        return lines + ["  (none)"]
    width = max(len(str(r[label])) for r in rows)
    for i, r in enumerate(rows, 1):
        lines.append(f"  {i:>2}. {str(r[label]):<{width}}  {r[count]:>8,}  {_pct(r['share'])}")
    return lines


def format_summary(figures: dict[str, Any]) -> str:
    """The summary dict as readable text (what ``kit summary`` prints)."""
    f = figures
    conc = f["concentration"]
    lines = [
        f"Selection: {f['selection']}",
        f"Tweets: {f['tweets']:,}   Accounts: {f['accounts']:,}",
        f"Span: {f['start'] or '–'} → {f['end'] or '–'} ({_num(f['span_hours'])} h)",
        f"Peak ({f['peak_every']}): {f['peak_time'] or '–'} with {f['peak_tweets'] or 0:,} tweets",
        f"Half-life after the peak: {_num(f['half_life_hours'])} h   "
        f"Share in the first 24 h: {_pct(f['share_first_24h'])}",
        "Kinds: " + ", ".join(f"{k['kind']} {_pct(k['share'])}" for k in f["kinds"]),
        f"Concentration: top 1% of accounts sent {_pct(conc['top1_share'])}, top 10% sent "
        f"{_pct(conc['top10_share'])}; Gini {_num(conc['gini'], 3)}",
        "",
    ]
    lines += _format_top("Top hashtags", f["top_hashtags"], "hashtag", "tweets") + [""]
    if f["co_hashtags"]:
        lines += _format_top("Top co-hashtags", f["co_hashtags"], "hashtag", "tweets") + [""]
    lines += _format_top("Most active accounts", f["top_accounts"], "account", "tweets") + [""]
    lines += _format_top("Most retweeted accounts", f["top_retweeted"], "account", "retweets") + [""]
    lines += _format_top("Most mentioned accounts", f["top_mentioned"], "account", "mentions") + [""]
    lines += _format_top("Top linked domains", f["top_domains"], "domain", "tweets") + [""]
    lines += _format_top("Languages", f["languages"], "lang", "tweets")
    if f["pseudonyms"]:
        lines += ["", "Accounts below the follower threshold are shown under pseudonyms (--no-pseudonyms to show all)."]
    return "\n".join(lines)


def cli_summary(args: Any, selection: Selection) -> int:
    """``kit summary``: print the key figures of a selection (text, or JSON with ``--json``).

    Exit status 1 when no tweet matches (the figures, all empty, are still printed for scripts).
    """
    import json
    import sys

    from kit.describe.overview import summary

    lf = selection.apply(_scan(args.data))
    figures = summary(
        lf, selection=selection, top=args.top, pseudonyms=not args.no_pseudonyms, threshold=args.follower_threshold
    )
    print(json.dumps(figures, indent=2, ensure_ascii=False) if args.json else format_summary(figures))
    if figures["tweets"] == 0:
        print(f"kit summary: no tweets match ({selection.describe()})", file=sys.stderr)
        return 1
    return 0
