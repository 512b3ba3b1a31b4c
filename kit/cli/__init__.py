"""The ``kit`` command: argv, printing, progress and exit codes live here and nowhere else.

- :mod:`kit.cli.options`  — every flag, declared once, as groups the commands share;
- :mod:`kit.cli.console`  — the one output channel (results to stdout; notes, progress, errors to stderr);
- :mod:`kit.cli.commands` — one module per command (``register(sub)`` adds its parser and handler).

Exit status (one table for every command): **0** ok; **1** refused, empty or failed (a
:class:`kit.errors.KitError`, an OS error, anything unexpected); **2** usage (bad flags, or a
:class:`kit.errors.UsageError`/``ValueError`` about the arguments); **130** interrupted; **141** the
reader of stdout went away (``kit ... | head``: silent, as for any Unix tool); **143** terminated. Errors are one line, ``kit CMD: error: ...``, on stderr; ``--debug`` or ``KIT_DEBUG=1``
adds the traceback. Heavy libraries load inside the handlers, so ``kit --help`` starts fast.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import traceback
from collections.abc import Callable, Sequence

from kit.cli import options
from kit.cli.console import Console
from kit.cli.options import selection_from_args
from kit.errors import KitError

#: The exit statuses of the ``kit`` command.
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 0, 1, 2, 130, 141


def build_parser() -> argparse.ArgumentParser:
    """The full ``kit`` argument parser."""
    from kit import __version__
    from kit.cli.commands import register_all

    parser = argparse.ArgumentParser(
        prog="kit", description="hashtag-kit: from raw tweet files to reproducible reports."
    )
    parser.add_argument("--version", action="version", version=f"hashtag-kit {__version__}")
    options.debug(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    register_all(sub)
    for command in sub.choices.values():  # every command: --json/-q/-v and --debug (also after its name)
        options.common(command)
    return parser


def error_line(exc: BaseException) -> str:
    """One line saying what went wrong, for an error the command did not expect: the file it concerns
    (when known) and the reason, never a traceback.

    Examples
    --------
    >>> import errno
    >>> error_line(OSError(errno.ENOSPC, "No space left on device", "out.parquet"))
    'out.parquet: No space left on device'
    >>> error_line(RecursionError("maximum recursion depth exceeded"))
    'data nested too deeply to process (RecursionError: maximum recursion depth exceeded)'
    """
    if isinstance(exc, OSError) and exc.strerror:
        where = exc.filename if exc.filename is not None else None
        return f"{where}: {exc.strerror}" if where is not None else exc.strerror
    if isinstance(exc, RecursionError):
        return f"data nested too deeply to process (RecursionError: {exc})"
    if isinstance(exc, MemoryError):
        return "out of memory (MemoryError); try a smaller input or a machine with more memory"
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def exit_code(exc: BaseException) -> int:
    """The exit status for an error that ended a command (see the module docstring).

    >>> from kit.errors import IngestError, UsageError
    >>> exit_code(IngestError("x")), exit_code(UsageError("x")), exit_code(ValueError("x")), exit_code(OSError())
    (1, 2, 2, 1)
    """
    if isinstance(exc, KitError):
        return exc.exit_code
    if isinstance(exc, (ValueError, FileNotFoundError, PermissionError)):  # about the arguments given
        return EXIT_USAGE
    return EXIT_FAILED


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kit`` console script (and ``python -m kit``); returns the exit status."""
    args = build_parser().parse_args(argv)
    return run_handler(args.func, args)


def run_handler(handler: Callable[[argparse.Namespace, Console], int | None], args: argparse.Namespace) -> int:
    """Run one command handler through the error funnel; returns the exit status.

    Builds the :class:`Console` from the output options (defaults where ``args`` lacks them), configures
    logging, and turns any error into one line on stderr and a status of the exit-code table.
    """
    command = getattr(args, "command", None) or handler.__module__.rsplit(".", 1)[-1].rstrip("_")
    debug = getattr(args, "debug", False) or os.environ.get("KIT_DEBUG", "") not in ("", "0")
    console = Console(command, verbosity=getattr(args, "verbosity", 1), as_json=getattr(args, "json", False))
    console.configure_logging()
    try:
        status = int(handler(args, console) or 0)
        sys.stdout.flush()  # a reader gone away shows here, inside the funnel, not at interpreter exit
        return status
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `kit ... | head` stopped reading: not the kit's error, and nothing to say
        with contextlib.suppress(OSError, ValueError):  # no second error when Python flushes stdout at exit
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except Exception as exc:  # the error funnel: one line (the traceback with --debug)
        if debug:
            traceback.print_exc()
        if isinstance(exc, (KitError, ValueError, FileNotFoundError, PermissionError)):  # written for the user
            console.error(str(exc), label=getattr(exc, "label", "error"))
        else:
            hint = "" if debug else " (run again with --debug to see the traceback)"
            console.error(f"{error_line(exc)}{hint}")
        return exit_code(exc)


__all__ = ["build_parser", "error_line", "exit_code", "main", "run_handler", "selection_from_args"]
