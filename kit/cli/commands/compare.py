"""``kit compare``: print the words that distinguish two hashtags (text, or JSON with ``--json``)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from kit.cli import options
from kit.cli.commands._analysis import handler
from kit.cli.commands.summary import _scan

if TYPE_CHECKING:
    from kit.selection import Selection


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``kit compare`` to the command parser."""
    p = sub.add_parser("compare", help="words that distinguish two hashtags (weighted log-odds)")
    options.data(p)
    p.add_argument("--a", required=True, help="first hashtag")
    p.add_argument("--b", required=True, help="second hashtag")
    p.add_argument("--top", type=int, default=15, help="words per side")
    p.add_argument("--exclusive", action="store_true", help="leave out tweets that carry both hashtags")
    options.selection(p, hashtags=False)  # the sides are --a and --b; stop words are English
    p.set_defaults(func=handler("compare", "cli_compare"))


def cli_compare(args: Any, selection: Selection) -> int:
    """``kit compare``: print the words that distinguish two hashtags (text, or JSON with ``--json``).

    ``selection`` (dates, languages, kinds, accounts, platforms; its hashtags are ``--a`` and ``--b``)
    narrows both sides alike.
    """
    import json

    import polars as pl

    from kit.describe.overview import _records
    from kit.describe.words import compare
    from kit.selection import normalize_tag

    result = compare(
        selection.apply(_scan(args.data)), args.a, args.b, n=args.top, exclusive=getattr(args, "exclusive", False)
    )
    words, vol = result["words"], result["volume"]
    labels = [f"#{normalize_tag(args.a)}", f"#{normalize_tag(args.b)}"]
    totals = {label: int(vol.filter(pl.col("selection") == label)["tweets"].sum()) for label in labels}
    if args.json:
        doc = {
            "a": labels[0],
            "b": labels[1],
            "tweets": totals,
            "words": {label: _records(words.filter(pl.col("side") == label).drop("side")) for label in labels},
            "volume": _records(vol),
        }
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return 0
    lines = [
        f"{labels[0]}: {totals[labels[0]]:,} tweets   {labels[1]}: {totals[labels[1]]:,} tweets",
        "Distinguishing words (weighted log-odds, informative Dirichlet prior; |z| > 1.96 ≈ p < .05)",
        f"Counts in parentheses: {labels[0]} vs {labels[1]}",
        "",
    ]
    for label, sign in zip(labels, (1, -1)):
        side = words.filter(pl.col("side") == label).sort("z", descending=sign > 0)
        lines.append(f"More typical of {label}:")
        if side.height == 0:
            lines.append("  (none)")
        for i, r in enumerate(side.iter_rows(named=True), 1):
            lines.append(f"  {i:>2}. {r['word']:<20} z = {r['z']:+6.2f}   ({r['count_a']:,} vs {r['count_b']:,})")
        lines.append("")
    print("\n".join(lines).rstrip())
    return 0
