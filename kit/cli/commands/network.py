"""``kit network`` handler. PLACEHOLDER until the networks split lands: the split moves ``cli_network``
here from :mod:`kit.networks`; until then this re-exports it."""

from kit.networks import cli_network

__all__ = ["cli_network"]
