"""Pseudonyms for accounts in report output.

Researchers work under ethics protocols: accounts below a follower threshold are shown under a
stable pseudonym (a keyed BLAKE2 hash of the lower-cased handle with a project salt); prominent
accounts keep their handle. The same salt always gives the same pseudonym, so tables and charts of
one project agree; a different salt gives unrelated pseudonyms.

The project salt is read from ``$KIT_SALT`` or the file ``<root>/.kit-salt`` (created with random
bytes on first use, readable by its owner only, and never committed). Pseudonyms are only as private
as that salt: anyone holding it can hash candidate handles and match them.

Every CSV the kit writes for people to open in a spreadsheet goes through :func:`spreadsheet_safe`
(cells that a spreadsheet would run as a formula are neutralised).

Examples
--------
>>> pseudonym("SomeUser", salt="s") == pseudonym("someuser", salt="s")
True
>>> pseudonym("someuser", salt="s").startswith("user_")
True
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import tempfile
from pathlib import Path

import polars as pl

from kit import config
from kit.cache import atomic_path
from kit.text import normalize_account


def project_salt() -> str:
    """The project's salt: ``$KIT_SALT``, else ``<root>/.kit-salt`` (created on first use)."""
    env = os.environ.get("KIT_SALT")
    if env:
        return env
    path = config.project_root() / ".kit-salt"
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    salt = secrets.token_hex(16)
    _write_private(path, salt + "\n")
    return salt


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically as a file only its owner can read (mode 0600): the
    temporary file is created 0600 and renamed, so the secret is never readable by others, not even
    for a moment. An existing file (another process was first) is kept."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.link(tmp, path)  # fails if the file appeared meanwhile: the first salt wins
    except FileExistsError:
        pass
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def pseudonym(handle: str, *, salt: str | None = None) -> str:
    """The pseudonym of one handle (case-insensitive): ``user_`` and 10 hex characters."""
    key = (salt if salt is not None else project_salt()).encode("utf-8")
    if not key:
        raise ValueError(
            "an empty salt gives no protection (anyone could hash candidate handles): set $KIT_SALT "
            "or leave salt=None to use the project salt in .kit-salt"
        )
    if len(key) > 64:  # BLAKE2b keys hold at most 64 bytes: digest longer salts rather than cut them
        key = hashlib.blake2b(key, digest_size=64).digest()
    digest = hashlib.blake2b(normalize_account(handle).encode("utf-8"), key=key, digest_size=5)
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
        expr = pl.when(~hidden(column, followers, threshold)).then(pl.col(column)).otherwise(hashed)
    else:
        expr = hashed
    return frame.with_columns(expr.alias(column))


def hidden(column: str, followers: str, threshold: int) -> pl.Expr:
    """Whether the account in ``column`` is shown under a pseudonym: decided once per account (by
    its handle, case-insensitively), from its highest follower count in the frame, so one account
    never appears both as a handle and as a pseudonym in one output. Unknown counts count as 0.

    Examples
    --------
    >>> df = pl.DataFrame({"h": ["Ann", "ann", "bob"], "f": [6000, 10, 10]})
    >>> df.select(hidden("h", "f", 5000)).to_series().to_list()
    [False, False, True]
    """
    return pl.col(followers).fill_null(0).max().over(pl.col(column).str.to_lowercase()) < threshold


#: Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with every text cell that starts like a formula (``=``, ``+``, ``-``, ``@``, tab or
    carriage return) prefixed with a single quote, so Excel, LibreOffice or Google Sheets show it as
    text instead of running it (OWASP CSV injection). Numbers and other columns are unchanged.

    Examples
    --------
    >>> spreadsheet_safe(pl.DataFrame({"t": ["=HYPERLINK(1)", "@ann hi", "ok", None]}))["t"].to_list()
    ["'=HYPERLINK(1)", "'@ann hi", 'ok', None]
    """
    pattern = "^[" + "".join("\\" + c if c in "-" else c for c in FORMULA_START) + "]"
    texts = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(
        pl.when(pl.col(name).str.contains(pattern)).then(pl.lit("'") + pl.col(name)).otherwise(pl.col(name)).alias(name)
        for name in texts
    )


def write_csv_safe(frame: pl.DataFrame, path: str | os.PathLike[str], **kwargs: object) -> Path:
    """Write ``frame`` as a spreadsheet-safe CSV (:func:`spreadsheet_safe`), atomically; ``kwargs``
    go to :meth:`polars.DataFrame.write_csv`. Use it for every CSV meant to be opened by people."""
    with atomic_path(path) as tmp:
        spreadsheet_safe(frame).write_csv(tmp, **kwargs)  # type: ignore[arg-type]
    return Path(path)


def pseudonym_map(
    handles: list[str],
    followers: list[int | None] | None = None,
    *,
    threshold: int = config.DEFAULT_FOLLOWER_THRESHOLD,
    salt: str | None = None,
    enabled: bool = True,
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


__all__ = [
    "hidden",
    "project_salt",
    "pseudonym",
    "pseudonymize",
    "pseudonym_map",
    "spreadsheet_safe",
    "write_csv_safe",
    "Path",
]
