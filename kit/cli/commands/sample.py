"""``kit sample``: the synthetic #YesAllWomen corpus with planted truth."""

from __future__ import annotations

import argparse

from kit import config
from kit.cli import options
from kit.cli.console import Console


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sample", help="generate the synthetic #YesAllWomen corpus with planted truth")
    p.add_argument(
        "--tweets", type=int, default=config.SAMPLE_TWEETS, help=f"number of tweets (default {config.SAMPLE_TWEETS})"
    )
    options.seed(p, "random seed (the bundled sample's by default)", default=config.SAMPLE_SEED)
    p.add_argument(
        "--format",
        dest="fmt",
        choices=("v1", "v2", "bluesky", "mastodon"),
        default="v2",
        help="raw format to write (bluesky: Jetstream events; mastodon: Status entities)",
    )
    options.out(p, "output path, e.g. data/raw/NAME.jsonl[.gz]")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, console: Console) -> int:
    """``kit sample``: generate a corpus; prints where it went. Returns the exit status."""
    from kit.errors import UsageError
    from kit.sample import generate_sample, truth_path_for

    try:
        with console.progress("generating") as progress:
            res = generate_sample(args.tweets, seed=args.seed, fmt=args.fmt, out=args.out, progress=progress)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    name = truth_path_for(res.raw_path).name.removesuffix(".truth.parquet")
    doc = {
        "raw_path": str(res.raw_path),
        "truth_path": str(res.truth_path),
        "format": res.fmt,
        "seed": res.seed,
        "tweets": res.n_tweets,
        "retweets": res.n_retweets,
        "accounts": res.n_users,
        "lines": res.n_lines,
    }
    console.emit(
        doc,
        f"wrote {res.n_tweets:,} SYNTHETIC tweets ({res.n_retweets:,} retweets, {res.n_users:,} "
        f"accounts, format {res.fmt}, seed {res.seed}) to {res.raw_path}\n"
        f"planted truth: {res.truth_path}",
    )
    console.note(f"next: kit import {res.raw_path} --out data/processed/{name}.parquet")
    return 0


def cli_sample(args: argparse.Namespace) -> int:
    """``kit sample`` from parsed arguments alone (the default console); returns the exit status."""
    from kit.cli import run_handler

    return run_handler(run, args)
