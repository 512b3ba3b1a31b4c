"""Command-line handlers moved out of the analysis modules (temporary home; they belong under ``kit/cli/commands/``).

Each module holds one command's handler and its text formatting: :mod:`.summary` (``kit summary``),
:mod:`.compare` (``kit compare``), :mod:`.network` (``kit network``). Only :mod:`kit.cli` imports them.
"""
