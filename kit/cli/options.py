"""Every ``kit`` flag, declared once, as reusable groups (in the manner of twarc's ``command2.py`` decorators).

A command module adds the groups it needs to its parser: :func:`selection` (which tweets),
:func:`out` (where results go), :func:`seed`, :func:`privacy` and :func:`output` (``--json``,
``-q``, ``-v``; every command gets it, and ``--debug``, from :func:`common`). Defaults come from
:mod:`kit.config`, never literals. :func:`selection_from_args` turns the parsed selection group
into a :class:`kit.selection.Selection`.

Examples
--------
>>> import argparse
>>> p = argparse.ArgumentParser()
>>> selection(p); seed(p); common(p)
>>> args = p.parse_args(["--hashtag", "YesAllWomen", "--tweet-kind", "original", "-q"])
>>> selection_from_args(args).hashtags, args.seed == config.DEFAULT_SEED, args.verbosity
(('yesallwomen',), True, 0)
"""

from __future__ import annotations

import argparse

from kit import config

KINDS = ("original", "retweet", "quote", "reply")
PLATFORMS = ("twitter", "bluesky", "mastodon")
DEBUG_HELP = "on an error, show the full traceback (for bug reports; or set KIT_DEBUG=1)"


def data(parser: argparse.ArgumentParser) -> None:
    """The canonical table every analysis reads."""
    parser.add_argument("data", help="canonical Parquet table (written by `kit import`)")


def selection(parser: argparse.ArgumentParser, *, hashtags: bool = True) -> None:
    """Which tweets: hashtags, dates, languages, kinds, accounts, platforms. ``hashtags=False`` leaves
    out ``--hashtag``/``--match`` (for ``compare``, whose sides are its own hashtags)."""
    group = parser.add_argument_group("selection")
    if hashtags:
        group.add_argument(
            "--hashtag",
            action="append",
            default=[],
            metavar="TAG",
            help="keep tweets with this hashtag (repeatable; case-insensitive, '#' optional)",
        )
        group.add_argument(
            "--match", choices=("any", "all"), default="any", help="with several --hashtag: any-of or all-of"
        )
    group.add_argument("--start", default=None, help="inclusive start (ISO date or datetime)")
    group.add_argument("--end", default=None, help="inclusive end (a bare date includes that whole day)")
    group.add_argument("--tz", default="UTC", help="time zone of naive --start/--end (IANA name; default UTC)")
    group.add_argument("--lang", action="append", default=[], help="keep this language code (repeatable)")
    group.add_argument(
        "--lang-source",
        dest="lang_source",
        choices=("platform", "detected", "either"),
        default="platform",
        help="--lang matches the platform's 'lang' (default), the language "
        "detected from the text (py3langid), or either",
    )
    group.add_argument(
        "--tweet-kind",
        dest="tweet_kind",
        action="append",
        default=[],
        choices=KINDS,
        help="keep this kind of tweet (repeatable)",
    )
    group.add_argument("--account", action="append", default=[], help="keep tweets by this account (repeatable)")
    group.add_argument(
        "--platform", action="append", default=[], choices=PLATFORMS, help="keep posts of this platform (repeatable)"
    )


def selection_from_args(args: argparse.Namespace):  # -> kit.selection.Selection
    """Build a :class:`kit.selection.Selection` from parsed selection options."""
    from kit.selection import Selection

    return Selection(
        hashtags=tuple(getattr(args, "hashtag", ())),
        match=getattr(args, "match", "any"),
        start=args.start,
        end=args.end,
        tz=args.tz,
        langs=tuple(args.lang),
        lang_source=getattr(args, "lang_source", "platform"),
        kinds=tuple(args.tweet_kind),
        accounts=tuple(args.account),
        platforms=tuple(args.platform),
    )


def out(parser: argparse.ArgumentParser, help: str, *, required: bool = True) -> None:
    """Where the command writes its result."""
    parser.add_argument("--out", required=required, default=None, help=help)


def seed(parser: argparse.ArgumentParser, help: str = "random seed", *, default: int = config.DEFAULT_SEED) -> None:
    """The seed of every stochastic step (default :data:`kit.config.DEFAULT_SEED`)."""
    parser.add_argument("--seed", type=int, default=default, help=f"{help} (default {default}; same seed, same result)")


def privacy(parser: argparse.ArgumentParser) -> None:
    """Pseudonyms for accounts below a follower threshold (see :mod:`kit.privacy`)."""
    group = parser.add_argument_group("privacy")
    group.add_argument("--no-pseudonyms", action="store_true", help="show every handle (private analysis only)")
    group.add_argument(
        "--follower-threshold",
        type=int,
        default=config.DEFAULT_FOLLOWER_THRESHOLD,
        help="accounts with fewer followers are shown under pseudonyms "
        f"(default {config.DEFAULT_FOLLOWER_THRESHOLD:,})",
    )


def output(parser: argparse.ArgumentParser) -> None:
    """``--json``, ``-q/--quiet`` and ``-v/--verbose``: what goes to stdout and how much to stderr."""
    group = parser.add_argument_group("output")
    group.add_argument("--json", action="store_true", help="print the result as JSON on stdout (for scripts)")
    level = group.add_mutually_exclusive_group()
    level.add_argument(
        "-q",
        "--quiet",
        dest="verbosity",
        action="store_const",
        const=0,
        default=1,
        help="print nothing but errors (and the --json result)",
    )
    level.add_argument(
        "-v",
        "--verbose",
        dest="verbosity",
        action="store_const",
        const=2,
        help="also show the kit's detailed log messages on stderr",
    )


def debug(parser: argparse.ArgumentParser) -> None:
    """``--debug``: tracebacks for bug reports (before or after the command name)."""
    parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=DEBUG_HELP)


def common(parser: argparse.ArgumentParser) -> None:
    """What every command accepts: the output group and ``--debug``."""
    output(parser)
    debug(parser)


__all__ = ["common", "data", "debug", "out", "output", "privacy", "seed", "selection", "selection_from_args"]
