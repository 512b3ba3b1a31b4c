"""The ``kit`` command: thin argument parsing that calls the modules; no logic of its own.

Sub-commands (each owns one ``_add_<name>`` function below, which registers its parser and sets
``func`` to a small handler):

- ``kit import``   raw tweet files → canonical Parquet table (+ import report)
- ``kit sample``   the synthetic #YesAllWomen corpus with planted truth
- ``kit summary``  key figures of a selection
- ``kit compare``  distinguishing words of two hashtags
- ``kit network``  retweet/mention/reply/quote/hashtag network with communities → GEXF/GraphML/CSV
- ``kit topics``   BERTopic on the whole collection → topics.parquet + assignments.parquet
- ``kit render``   batch-render report variants with papermill

Heavy libraries are imported inside handlers, so ``kit --help`` starts fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def _add_selection_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by every command that reads a selection of the canonical table."""
    group = parser.add_argument_group("selection")
    group.add_argument("--hashtag", action="append", default=[], metavar="TAG",
                       help="keep tweets with this hashtag (repeatable; case-insensitive, '#' optional)")
    group.add_argument("--match", choices=("any", "all"), default="any", help="with several --hashtag: any-of or all-of")
    group.add_argument("--start", default=None, help="inclusive start (ISO date or datetime)")
    group.add_argument("--end", default=None, help="inclusive end (a bare date includes that whole day)")
    group.add_argument("--tz", default="UTC", help="time zone of naive --start/--end (IANA name; default UTC)")
    group.add_argument("--lang", action="append", default=[], help="keep this language code (repeatable)")
    group.add_argument("--lang-source", dest="lang_source", choices=("platform", "detected", "either"),
                       default="platform", help="--lang matches the platform's 'lang' (default), the language "
                       "detected from the text (py3langid), or either")
    group.add_argument("--tweet-kind", dest="tweet_kind", action="append", default=[],
                       choices=("original", "retweet", "quote", "reply"), help="keep this kind of tweet (repeatable)")
    group.add_argument("--account", action="append", default=[], help="keep tweets by this account (repeatable)")


def selection_from_args(args: argparse.Namespace):  # -> kit.selection.Selection
    """Build a :class:`kit.selection.Selection` from parsed selection options."""
    from kit.selection import Selection

    return Selection(hashtags=tuple(args.hashtag), match=args.match, start=args.start, end=args.end, tz=args.tz,
                     langs=tuple(args.lang), lang_source=getattr(args, "lang_source", "platform"),
                     kinds=tuple(args.tweet_kind), accounts=tuple(args.account))


# --- kit import -------------------------------------------------------------------------------
def _add_import(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="import raw tweet files into one canonical Parquet table",
                       description="Read tweet files of any supported format (sniffed, never by name) "
                                   "into one deduplicated canonical table.")
    p.add_argument("paths", nargs="+", help="files, folders or glob patterns (.gz read transparently)")
    p.add_argument("--out", required=True, help="output Parquet path, e.g. data/processed/NAME.parquet")
    p.add_argument("--strict", action="store_true", help="fail on the first skipped record instead of counting it")
    p.add_argument("--apply-deletions", action="store_true",
                   help="drop tweets named by stream delete notices or v2 compliance records in the inputs")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")
    p.add_argument("--json", action="store_true", help="print the import report as JSON")
    p.set_defaults(func=_cmd_import)


def _cmd_import(args: argparse.Namespace) -> int:
    from kit.ingest.workers import prestart

    prestart(args.paths)  # large inputs: start the workers while this process loads its libraries
    from kit.ingest import cli_import

    return cli_import(args)


# --- kit sample -------------------------------------------------------------------------------
def _add_sample(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sample", help="generate the synthetic #YesAllWomen corpus with planted truth")
    p.add_argument("--tweets", type=int, default=20_000, help="number of tweets (default 20000)")
    p.add_argument("--seed", type=int, default=2014, help="random seed (same seed, same bytes)")
    p.add_argument("--format", dest="fmt", choices=("v1", "v2"), default="v2", help="raw format to write")
    p.add_argument("--out", required=True, help="output path, e.g. data/raw/NAME.jsonl[.gz]")
    p.set_defaults(func=_cmd_sample)


def _cmd_sample(args: argparse.Namespace) -> int:
    from kit.sample import cli_sample

    return cli_sample(args)


# --- kit summary / compare --------------------------------------------------------------------
def _add_summary(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("summary", help="print the key figures of a selection")
    p.add_argument("data", help="canonical Parquet table")
    _add_selection_options(p)
    p.add_argument("--top", type=int, default=10, help="rows in top lists")
    p.add_argument("--no-pseudonyms", action="store_true", help="show every handle (private analysis only)")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(func=_cmd_summary)


def _cmd_summary(args: argparse.Namespace) -> int:
    from kit.describe import cli_summary

    return cli_summary(args, selection_from_args(args))


def _add_compare(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("compare", help="words that distinguish two hashtags (weighted log-odds)")
    p.add_argument("data", help="canonical Parquet table")
    p.add_argument("--a", required=True, help="first hashtag")
    p.add_argument("--b", required=True, help="second hashtag")
    p.add_argument("--top", type=int, default=15, help="words per side")
    p.add_argument("--exclusive", action="store_true", help="leave out tweets that carry both hashtags")
    p.add_argument("--lang", action="append", default=[], help="compare tweets in this language only (repeatable; "
                                                               "stop words are English)")
    p.add_argument("--start", default=None, help="inclusive start (ISO date or datetime)")
    p.add_argument("--end", default=None, help="inclusive end (a bare date includes that whole day)")
    p.add_argument("--tz", default="UTC", help="time zone of naive --start/--end (IANA name; default UTC)")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(func=_cmd_compare)


def _cmd_compare(args: argparse.Namespace) -> int:
    from kit.describe import cli_compare

    return cli_compare(args)


# --- kit network ------------------------------------------------------------------------------
def _add_network(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("network", help="build a network with communities and export it for Gephi")
    p.add_argument("data", help="canonical Parquet table")
    p.add_argument("--kind", choices=("retweet", "mention", "reply", "quote", "hashtag"), default="retweet")
    _add_selection_options(p)
    p.add_argument("--min-weight", type=int, default=1, help="drop edges lighter than this")
    p.add_argument("--min-degree", type=int, default=0, help="drop nodes of lower total degree")
    p.add_argument("--largest-component", action="store_true", help="keep the largest weakly connected component")
    p.add_argument("--top", type=int, default=None,
                   help="keep the N nodes of highest weighted degree (after --min-weight/--min-degree)")
    p.add_argument("--seed", type=int, default=42, help="seed of community detection")
    p.add_argument("--resolution", type=float, default=1.0, help="Leiden resolution (modularity)")
    p.add_argument("--leiden", choices=("igraph", "leidenalg"), default="igraph",
                   help="Leiden implementation: igraph's built-in (default, fast) or leidenalg (the reference)")
    p.add_argument("--no-pseudonyms", action="store_true", help="export real handles (private analysis only)")
    p.add_argument("--out", required=True, help="FILE.gexf, FILE.graphml or FILE.csv")
    p.set_defaults(func=_cmd_network)


def _cmd_network(args: argparse.Namespace) -> int:
    from kit.networks import cli_network

    return cli_network(args, selection_from_args(args))


# --- kit topics -------------------------------------------------------------------------------
def _add_topics(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("topics", help="fit BERTopic on a sample and assign every tweet")
    p.add_argument("data", help="canonical Parquet table")
    _add_selection_options(p)
    p.add_argument("--out", required=True, help="output folder (topics.parquet, assignments.parquet)")
    p.add_argument("--backend", default="model2vec", help="'model2vec' (fast, default), 'minilm', or a "
                                                           "sentence-transformers model name/path")
    p.add_argument("--sample-size", type=int, default=20_000, help="distinct texts to fit on (0 = all)")
    p.add_argument("--min-topic-size", type=int, default=None, help="smallest topic (default scales with sample)")
    p.add_argument("--nr-topics", default=None, help="reduce to this many topics, or 'auto'")
    p.add_argument("--reduce-outliers", action="store_true", help="reassign outliers to their nearest topic")
    p.add_argument("--seed-word", action="append", default=[], metavar="W1,W2,...",
                   help="a guided topic as comma-separated seed words (repeatable)")
    p.add_argument("--seed", type=int, default=42, help="random seed")
    p.set_defaults(func=_cmd_topics)


def _cmd_topics(args: argparse.Namespace) -> int:
    from kit.topics import cli_topics

    return cli_topics(args, selection_from_args(args))


# --- kit render -------------------------------------------------------------------------------
def _add_render(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("render", help="render report variants of the report notebook with papermill")
    p.add_argument("--data", default=None, help="canonical Parquet table (default: the bundled synthetic sample)")
    p.add_argument("--out", default=None, help="reports folder (default: reports/)")
    p.add_argument("--notebook", default=None, help="notebook to render (default: notebooks/report.ipynb)")
    p.add_argument("--hashtag", action="append", default=[], help="one variant per hashtag (repeatable)")
    p.add_argument("--start", default=None, help="start of the date range")
    p.add_argument("--end", default=None, help="end of the date range")
    p.add_argument("--period", choices=("day", "week"), default=None, help="one variant per day or week")
    p.add_argument("--variants", default=None, help="a reports.toml naming each variant and its parameters")
    p.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE",
                   help="set a notebook parameter for every variant (repeatable)")
    p.add_argument("--workers", type=int, default=None, help="parallel workers (default: the number of cores)")
    p.add_argument("--force", action="store_true", help="re-render variants that are up to date")
    p.add_argument("--show-code", action="store_true", help="keep code cells in the HTML reports")
    p.set_defaults(func=_cmd_render)


def _cmd_render(args: argparse.Namespace) -> int:
    from kit.reports import cli_render

    return cli_render(args)


def build_parser() -> argparse.ArgumentParser:
    """The full ``kit`` argument parser."""
    parser = argparse.ArgumentParser(prog="kit", description="hashtag-kit: from raw tweet files to reproducible reports.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for add in (_add_import, _add_sample, _add_summary, _add_compare, _add_network, _add_topics, _add_render):
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kit`` console script; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except (ValueError, FileNotFoundError, PermissionError) as exc:  # messages written for the user
        print(f"kit {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
