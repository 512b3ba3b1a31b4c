"""``kit compare`` handler. PLACEHOLDER until the describe split lands: the split moves ``cli_compare``
here from :mod:`kit.describe` (then it should take ``(args, selection)`` and apply the selection, so that
``--tweet-kind``/``--account``/``--platform`` count); until then this adapts the current one."""

from __future__ import annotations

from typing import Any


def cli_compare(args: Any, selection: Any) -> int:
    """``kit compare``: the current :func:`kit.describe.cli_compare`, which applies dates and languages only."""
    from kit.describe import cli_compare as describe_compare
    from kit.errors import UsageError

    if selection.kinds or selection.accounts or selection.platforms:
        raise UsageError("kit compare does not apply --tweet-kind/--account/--platform yet")
    return describe_compare(args)


__all__ = ["cli_compare"]
