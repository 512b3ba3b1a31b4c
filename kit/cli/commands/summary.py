"""``kit summary`` handler. PLACEHOLDER until the describe split lands: the split moves ``cli_summary``
(and ``format_summary``) here from :mod:`kit.describe`; until then this re-exports it."""

from kit.describe import cli_summary

__all__ = ["cli_summary"]
