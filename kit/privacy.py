"""Pseudonyms for accounts in report output.

Researchers work under ethics protocols: accounts below a follower threshold are shown under a
stable pseudonym (a keyed BLAKE2 hash of the lower-cased handle with a project salt); prominent
accounts keep their handle. The same salt always gives the same pseudonym, so tables and charts of
one project agree; a different salt gives unrelated pseudonyms.

The project salt is read from ``$KIT_SALT`` or the file ``<root>/.kit-salt`` (created with random
bytes on first use and never committed).

Examples
--------
>>> pseudonym("SomeUser", salt="s") == pseudonym("someuser", salt="s")
True
>>> pseudonym("someuser", salt="s").startswith("user_")
True
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

import polars as pl

from kit import config
from kit.cache import write_text_atomic


def project_salt() -> str:
    """The project's salt: ``$KIT_SALT``, else ``<root>/.kit-salt`` (created on first use)."""
    env = os.environ.get("KIT_SALT")
    if env:
        return env
    path = config.project_root() / ".kit-salt"
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    salt = secrets.token_hex(16)
    write_text_atomic(path, salt + "\n")
    return salt


def pseudonym(handle: str, *, salt: str | None = None) -> str:
    """The pseudonym of one handle (case-insensitive): ``user_`` and 10 hex characters."""
    key = (salt if salt is not None else project_salt()).encode("utf-8")
    if not key:
        raise ValueError("an empty salt gives no protection (anyone could hash candidate handles): set $KIT_SALT "
                         "or leave salt=None to use the project salt in .kit-salt")
    if len(key) > 64:  # BLAKE2b keys hold at most 64 bytes: digest longer salts rather than cut them
        key = hashlib.blake2b(key, digest_size=64).digest()
    digest = hashlib.blake2b(handle.strip().lstrip("@").casefold().encode("utf-8"), key=key, digest_size=5)
    return "user_" + digest.hexdigest()


def pseudonymize(
    frame: pl.DataFrame,
    column: str = "author_username",
    *,
    followers: str | None = "author_followers",
    threshold: int = config.DEFAULT_FOLLOWER_THRESHOLD,
    salt: str | None = None,
    enabled: bool = True,
) -> pl.DataFrame:
    """Replace handles in ``column`` by pseudonyms, except for accounts at or above ``threshold``.

    Parameters
    ----------
    frame
        Any frame with a handle column.
    column
        The handle column to rewrite (in place).
    followers
        A column of follower counts; when None or absent, every handle is pseudonymized.
    threshold
        Accounts with at least this many followers keep their handle.
    salt
        The key; the project salt by default.
    enabled
        ``False`` returns ``frame`` unchanged (for private analysis).

    Examples
    --------
    >>> df = pl.DataFrame({"author_username": ["big", "small"], "author_followers": [10_000, 3]})
    >>> pseudonymize(df, salt="s", threshold=5000)["author_username"].to_list()[0]
    'big'
    """
    if not enabled or column not in frame.columns or frame.height == 0:
        return frame
    key = salt if salt is not None else project_salt()
    handles = frame[column].unique().drop_nulls().to_list()
    mapping = {h: pseudonym(h, salt=key) for h in handles}
    hashed = pl.col(column).replace_strict(mapping, default=None, return_dtype=pl.String)
    if followers and followers in frame.columns:
        keep = pl.col(followers).fill_null(0) >= threshold
        expr = pl.when(keep).then(pl.col(column)).otherwise(hashed)
    else:
        expr = hashed
    return frame.with_columns(expr.alias(column))


def pseudonym_map(
    handles: list[str], followers: list[int | None] | None = None, *, threshold: int = config.DEFAULT_FOLLOWER_THRESHOLD,
    salt: str | None = None, enabled: bool = True,
) -> dict[str, str]:
    """A handle → shown-name mapping (identity for prominent accounts or when disabled)."""
    key = salt if salt is not None else (project_salt() if enabled else "")
    out: dict[str, str] = {}
    for i, handle in enumerate(handles):
        count = followers[i] if followers is not None else None
        if not enabled or (count is not None and count >= threshold):
            out[handle] = handle
        else:
            out[handle] = pseudonym(handle, salt=key)
    return out


__all__ = ["project_salt", "pseudonym", "pseudonymize", "pseudonym_map", "Path"]
