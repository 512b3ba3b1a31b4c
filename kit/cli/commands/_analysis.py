"""Parsers of ``kit summary``, ``kit compare`` and ``kit network``, whose handlers live in
:mod:`kit.cli.commands.summary`, :mod:`kit.cli.commands.compare` and :mod:`kit.cli.commands.network`
(``cli_summary(args, selection)``, ``cli_compare(args, selection)``, ``cli_network(args, selection)``).
"""

from __future__ import annotations

import argparse
import contextlib
import io
from collections.abc import Callable

from kit import config
from kit.cli import options
from kit.cli.console import Console


def register_summary(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("summary", help="print the key figures of a selection")
    options.data(p)
    options.selection(p)
    p.add_argument("--top", type=int, default=10, help="rows in top lists")
    options.privacy(p)
    p.set_defaults(func=_handler("summary", "cli_summary"))


def register_compare(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("compare", help="words that distinguish two hashtags (weighted log-odds)")
    options.data(p)
    p.add_argument("--a", required=True, help="first hashtag")
    p.add_argument("--b", required=True, help="second hashtag")
    p.add_argument("--top", type=int, default=15, help="words per side")
    p.add_argument("--exclusive", action="store_true", help="leave out tweets that carry both hashtags")
    options.selection(p, hashtags=False)  # the sides are --a and --b; stop words are English
    p.set_defaults(func=_handler("compare", "cli_compare"))


def register_network(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("network", help="build a network with communities and export it for Gephi")
    options.data(p)
    p.add_argument("--kind", choices=("retweet", "mention", "reply", "quote", "hashtag"), default="retweet")
    options.selection(p)
    p.add_argument("--min-weight", type=int, default=1, help="drop edges lighter than this")
    p.add_argument("--min-degree", type=int, default=0, help="drop nodes of lower total degree")
    p.add_argument("--largest-component", action="store_true", help="keep the largest weakly connected component")
    p.add_argument("--top", type=int, default=None,
                   help="keep the N nodes of highest weighted degree (after --min-weight/--min-degree)")
    options.seed(p, "seed of community detection")
    p.add_argument("--resolution", type=float, default=1.0, help="Leiden resolution (modularity)")
    p.add_argument("--leiden", choices=("igraph", "leidenalg"), default="igraph",
                   help="Leiden implementation: igraph's built-in (default, fast) or leidenalg (the reference)")
    options.privacy(p)
    options.out(p, "FILE.gexf, FILE.graphml or FILE.csv")
    p.set_defaults(func=_handler("network", "cli_network"))


def _handler(module: str, name: str) -> Callable[[argparse.Namespace, Console], int]:
    """The handler ``name`` of ``kit.cli.commands.<module>``, called with the parsed selection; under
    ``-q`` its printed result is dropped (``--json`` output is kept)."""

    def run(args: argparse.Namespace, console: Console) -> int:
        import importlib

        handler = getattr(importlib.import_module(f"kit.cli.commands.{module}"), name)
        quiet = console.verbosity == 0 and not console.as_json
        with contextlib.redirect_stdout(io.StringIO()) if quiet else contextlib.nullcontext():
            return int(handler(args, options.selection_from_args(args)) or 0)

    return run
