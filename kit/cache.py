"""Content-hash keys, atomic writes and cache folders.

Every expensive step caches its result under ``data/cache/<stage>/<key>`` where the key is a hash
of the inputs' content and the step's parameters; every write goes to a temporary file in the
same folder and is renamed into place, so an interrupted run never leaves a half-written file.

Examples
--------
>>> key = cache_key("embed", model="minilm", texts_hash="abc")
>>> len(key)
32
>>> with atomic_path(Path(tmp) / "out.txt") as tmp_file:  # doctest: +SKIP
...     tmp_file.write_text("done")
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from filelock import FileLock

_CHUNK = 1 << 20


def file_hash(path: str | os.PathLike[str], *, algorithm: str = "blake2b") -> str:
    """Hash a file's bytes (streamed); returns a hex digest of 32 characters.

    >>> file_hash(__file__) == file_hash(__file__)
    True
    """
    h = hashlib.new(algorithm, digest_size=16) if algorithm == "blake2b" else hashlib.new(algorithm)
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def files_hash(paths: Iterable[str | os.PathLike[str]]) -> str:
    """One hash over several files' contents (order-independent)."""
    digests = sorted(file_hash(p) for p in paths)
    return hashlib.blake2b("\n".join(digests).encode(), digest_size=16).hexdigest()


def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_canonical(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return repr(value)


def cache_key(*parts: Any, **params: Any) -> str:
    """A stable 32-character key from positional parts and keyword parameters.

    >>> cache_key("a", n=1) == cache_key("a", n=1)
    True
    >>> cache_key("a", n=1) == cache_key("a", n=2)
    False
    """
    payload = json.dumps([_canonical(list(parts)), _canonical(params)], sort_keys=True, ensure_ascii=False)
    return hashlib.blake2b(payload.encode("utf-8"), digest_size=16).hexdigest()


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str], *, suffix: str = ".tmp") -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success rename it onto ``path``.

    On any exception the temporary file is removed and ``path`` is left as it was. ``suffix`` names
    the temporary file's ending, for writers that check it (papermill wants ``.ipynb``).
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if tmp.exists():  # mkstemp makes 0600 files: give the result the permissions of a normal write
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


@contextlib.contextmanager
def atomic_dir(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary folder beside ``path``; on success it replaces ``path`` as a whole.

    For outputs made of several files (a saved model, a distilled embedding model). On any exception
    the temporary folder is removed and ``path`` is left as it was. If another process renamed its
    own copy into place first, that copy is kept and this one dropped.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        yield tmp
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes 0700 folders
        if target.exists():
            shutil.rmtree(target, ignore_errors=True)
        try:
            os.replace(tmp, target)
        except OSError:  # another process renamed its copy into place meanwhile
            if not target.exists():
                raise
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


@contextlib.contextmanager
def file_lock(path: str | os.PathLike[str]) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if needed) across processes, on every platform.

    Used where several processes may build the same cached file at once (the bundled sample, a
    distilled model): the second waits, then finds the file made. ``filelock`` gives the same
    behaviour on Linux, macOS and Windows (``fcntl`` exists on none but the first two).

    >>> with file_lock(Path(tempfile.mkdtemp()) / ".lock"):
    ...     pass
    """
    lock = Path(path)
    lock.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(lock)):
        yield


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically and return the path."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def write_text_atomic(path: str | os.PathLike[str], text: str) -> Path:
    """Write UTF-8 ``text`` to ``path`` atomically and return the path."""
    return write_bytes_atomic(path, text.encode("utf-8"))


def write_json_atomic(path: str | os.PathLike[str], obj: Any) -> Path:
    """Write ``obj`` as indented JSON to ``path`` atomically and return the path."""
    return write_text_atomic(path, json.dumps(obj, indent=2, ensure_ascii=False, default=str) + "\n")


def write_parquet_atomic(frame: Any, path: str | os.PathLike[str], **kwargs: Any) -> Path:
    """Write a polars frame to Parquet atomically (zstd by default) and return the path."""
    kwargs.setdefault("compression", "zstd")
    with atomic_path(path) as tmp:
        frame.write_parquet(tmp, **kwargs)
    return Path(path)
