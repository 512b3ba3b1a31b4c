"""Finding input files and recognising them by content (never by name).

``expand_paths`` turns files, folders and glob patterns into a sorted list of files;
``open_bytes`` opens one transparently decompressed (gzip, bz2, xz — by magic bytes), with a
UTF-8 byte-order mark removed and UTF-16 text re-encoded as UTF-8; ``sniff`` tells JSON from CSV,
ID lists, empty files and binaries by looking at the first bytes.

Examples
--------
>>> sniff_head(b'{"data": []}')
'json'
>>> sniff_head(b"tweet_id\\r\\n1234567\\r\\n")
'ids'
>>> sniff_head(b"id,text\\n1,hi\\n")
'csv'
"""

from __future__ import annotations

import bz2
import glob
import io
import lzma
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

try:  # ISA-L's inflate (same stream format, same API) decompresses gzip ~3x faster than zlib
    from isal import isal_zlib as _inflate_lib
except ImportError:  # pragma: no cover - isal is a declared dependency; zlib is the fallback
    _inflate_lib = zlib  # type: ignore[assignment]

#: What a damaged compressed stream raises (zlib's error, or ISA-L's).
DECOMPRESS_ERRORS: tuple[type[Exception], ...] = tuple({zlib.error, _inflate_lib.error})

BLOCK = 1 << 23
HEAD = 1 << 16
_ID_LINE = re.compile(rb'^\s*"?\d{1,20}"?\s*$')
_SSE_START = re.compile(rb"^(?::|event:|data:)")  # Server-Sent Events (a Mastodon streaming capture)
_ID_HEADER = re.compile(rb"^\s*\"?(tweet_?id|id|ids|status_id|id_str)\"?\s*$", re.I)


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files named by ``paths`` (files, folders searched recursively, glob patterns), sorted, unique.

    Hidden files (``.name``) inside folders are left out. Raises ``FileNotFoundError`` naming a
    path that matches nothing.
    """
    found: list[Path] = []
    for item in paths:
        text = os.fspath(item)
        path = Path(text).expanduser()
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif glob.has_magic(text):
            matches = sorted(Path(m) for m in glob.glob(os.path.expanduser(text), recursive=True))
            files = [m for m in matches if m.is_file()]
            if not files:
                raise FileNotFoundError(f"no file matches {text!r}")
            found.extend(files)
        else:
            raise FileNotFoundError(f"no such file or folder: {text!r}")
    unique: dict[str, Path] = {}
    for p in found:
        unique.setdefault(str(p.resolve()), p)
    return list(unique.values())


class GzipReader(io.RawIOBase):
    """Streaming gzip decompression that keeps everything before a cut.

    Unlike :mod:`gzip`, a stream that ends early (an interrupted collection or download) is not an
    error: the data decompressed so far is returned and :attr:`cut` is set. Concatenated gzip
    members are read one after another.
    """

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self._inflate = _inflate_lib.decompressobj(wbits=31)
        self._pending = memoryview(b"")
        self._done = False
        self.cut = False

    def readable(self) -> bool:
        return True

    def _fill(self) -> None:
        while not self._pending and not self._done:
            out = self._next_output()
            if out is not None:
                self._pending = memoryview(out)

    def _next_output(self) -> bytes | None:
        """Decompress the next block of input (``None`` at the end, setting :attr:`cut` if cut)."""
        compressed = self.raw.read(1 << 20)
        if not compressed:
            self._done = True
            self.cut = not self._inflate.eof
            if self.cut:
                note_cut(getattr(self.raw, "name", ""))
            return None
        out = self._inflate.decompress(compressed)
        while self._inflate.eof and self._inflate.unused_data:
            rest = self._inflate.unused_data
            self._inflate = _inflate_lib.decompressobj(wbits=31)
            out += self._inflate.decompress(rest)
        return out

    def chunks(self) -> Iterator[bytes]:
        """The decompressed data as it comes, block by block (no buffering copies)."""
        while not self._done:
            out = self._next_output()
            if out:
                yield out

    def readinto(self, buffer: Any) -> int:
        self._fill()
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n

    def close(self) -> None:
        self.raw.close()
        super().close()


#: Compressed inputs found cut short (their stream ended before its end marker), by absolute path.
_CUT: set[str] = set()


def note_cut(path: str | os.PathLike[str] | int) -> None:
    """Record that the compressed stream of ``path`` ended early (read up to the cut)."""
    if isinstance(path, (str, os.PathLike)) and os.fspath(path):
        _CUT.add(os.path.abspath(os.fspath(path)))


def take_cut(path: str | os.PathLike[str]) -> bool:
    """Whether ``path``'s compressed stream was found cut short since the last call (clears the mark).

    Examples
    --------
    >>> note_cut("x.jsonl.gz"); take_cut("x.jsonl.gz"), take_cut("x.jsonl.gz")
    (True, False)
    """
    key = os.path.abspath(os.fspath(path))
    found = key in _CUT
    _CUT.discard(key)
    return found


class CutTolerantReader(io.RawIOBase):
    """A bz2/xz stream that ends at a cut instead of raising ``EOFError`` (everything before the cut
    is kept; the cut is recorded with :func:`note_cut`, like :class:`GzipReader` does)."""

    def __init__(self, inner: BinaryIO, path: str | os.PathLike[str], raw: BinaryIO | None = None) -> None:
        self.inner = inner
        self.path = path
        self.raw = raw
        self.cut = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.cut:
            return 0
        try:
            data = self.inner.read1(len(buffer))  # type: ignore[attr-defined] # one step: nothing lost at a cut
        except EOFError:
            self.cut = True
            note_cut(self.path)
            return 0
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.inner.close()
        if self.raw is not None:
            self.raw.close()
        super().close()


class NotUtf16Error(ValueError):
    """A file starting with a UTF-16 byte-order mark whose content is not UTF-16 text."""


def _decompressed(path: str | os.PathLike[str]) -> BinaryIO:
    raw = open(path, "rb")
    magic = raw.read(6)
    raw.seek(0)
    if magic[:2] == b"\x1f\x8b":
        return io.BufferedReader(GzipReader(raw), buffer_size=1 << 20)
    if magic[:3] == b"BZh":
        return io.BufferedReader(CutTolerantReader(bz2.BZ2File(raw, "rb"), path, raw), buffer_size=1 << 20)
    if magic[:6] == b"\xfd7zXZ\x00":
        return io.BufferedReader(CutTolerantReader(lzma.LZMAFile(raw, "rb"), path, raw), buffer_size=1 << 20)
    return raw


def plain_start(path: str | os.PathLike[str]) -> int | None:
    """Where the content of an uncompressed UTF-8 file starts (0, or 3 after a byte-order mark);
    ``None`` for compressed or UTF-16 files, which can only be read from the beginning."""
    with open(path, "rb") as fh:
        magic = fh.read(6)
    if magic[:2] == b"\x1f\x8b" or magic[:3] == b"BZh" or magic[:6] == b"\xfd7zXZ\x00":
        return None
    if magic[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None
    return 3 if magic[:3] == b"\xef\xbb\xbf" else 0


def gzip_chunks(path: str | os.PathLike[str]) -> Iterator[bytes] | None:
    """The decompressed content of a gzip file (UTF-8, byte-order mark removed) in large chunks;
    ``None`` for any other file (read those with :func:`open_bytes`)."""
    with open(path, "rb") as fh:
        if fh.read(2) != b"\x1f\x8b":
            return None
    with _decompressed(path) as probe:
        start = read_block(probe, 4)
    if start[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None  # UTF-16: open_bytes re-encodes it
    return _gzip_chunks(path, skip=3 if start[:3] == b"\xef\xbb\xbf" else 0)


def _gzip_chunks(path: str | os.PathLike[str], skip: int) -> Iterator[bytes]:
    with open(path, "rb") as raw:
        reader = GzipReader(raw)
        for chunk in reader.chunks():
            if skip:
                chunk, skip = chunk[skip:], max(0, skip - len(chunk))
            if chunk:
                yield chunk


def open_bytes(path: str | os.PathLike[str]) -> BinaryIO:
    """Open ``path`` for binary reading, decompressing gzip/bz2/xz (by magic bytes, not name).

    A UTF-8 byte-order mark is skipped; UTF-16 text (with a BOM) is re-encoded as UTF-8.
    """
    with _decompressed(path) as probe:
        try:
            start = probe.read(4)
        except EOFError:
            start = b""
    fh = _decompressed(path)
    if start[:3] == b"\xef\xbb\xbf":
        fh.read(3)
    elif start[:2] in (b"\xff\xfe", b"\xfe\xff"):
        data = fh.read()
        fh.close()
        try:
            return io.BytesIO(data.decode("utf-16").encode("utf-8"))
        except UnicodeDecodeError as exc:
            raise NotUtf16Error(
                f"{os.fspath(path)}: starts with a UTF-16 byte-order mark (FF FE or FE FF) but is "
                f"not UTF-16 text ({exc.reason} at byte {exc.start}); skipped. Re-save it as UTF-8 "
                "(or UTF-16) text and import it again."
            ) from exc
    return fh


def read_head(path: str | os.PathLike[str], size: int = HEAD) -> bytes:
    """The first ``size`` bytes of the (decompressed, BOM-stripped) content."""
    with open_bytes(path) as fh:
        return fh.read(size)


def sniff_head(head: bytes) -> str:
    """What the content starting with ``head`` is.

    One of ``json``, ``csv``, ``ids``, ``sse``, ``empty``, ``parquet``, ``binary``, ``text``.
    """
    if head[:4] == b"PAR1":
        return "parquet"
    stripped = head.lstrip()
    if not stripped:
        return "empty"
    if looks_binary(head):
        return "binary"
    if stripped[:1] in (b"{", b"["):
        return "json"
    if _SSE_START.match(stripped):
        return "sse"
    lines = [ln for ln in head.split(b"\n")[:200] if ln.strip()]
    if len(head) >= HEAD and len(lines) > 1:
        lines = lines[:-1]  # the last line of a partial head may be cut
    body = lines[1:] if lines and _ID_HEADER.match(lines[0]) else lines
    if body and all(_ID_LINE.match(ln) for ln in body):
        return "ids"
    if not body and lines:
        return "ids"
    first = lines[0]
    if any(sep in first for sep in (b",", b";", b"\t")):
        return "csv"
    return "text"


def looks_binary(head: bytes, sample: int = 4096) -> bool:
    """Whether ``head`` is binary data rather than text: more than 5 % of its first ``sample`` bytes
    are control characters (NUL included; tab, newlines, form feed and escape are text). A stray
    NUL in a CSV cell is text with a flaw, not a binary file.

    Examples
    --------
    >>> looks_binary(b"id,text\\n" + b"1,hello world\\n" * 20 + b"2,he\\x00llo\\n"), looks_binary(bytes(range(256)))
    (False, True)
    """
    part = head[:sample]
    if not part:
        return False
    controls = sum(part.count(bytes([c])) for c in range(32) if c not in (9, 10, 12, 13, 27))
    return controls > len(part) * 0.05


def read_block(fh: BinaryIO, size: int) -> bytes:
    """``fh.read(size)``, treating a compressed stream that ends early (an interrupted download or
    collection) as the end of the data: what came before it is kept."""
    try:
        return fh.read(size)
    except EOFError:
        return b""


def iter_lines(fh: BinaryIO, block: int = BLOCK) -> Iterator[tuple[int, bytes, bool]]:
    """``(line_number, line, ended_with_newline)`` for each ``\\n``-terminated line (never splitting
    on U+2028 or other Unicode separators); a trailing ``\\r`` is kept (JSON treats it as space)."""
    lineno = 0
    rest = b""
    while True:
        blk = read_block(fh, block)
        if not blk:
            break
        if rest:
            blk = rest + blk
        parts = blk.split(b"\n")
        rest = parts.pop()
        for part in parts:
            lineno += 1
            yield lineno, part, True
    if rest:
        yield lineno + 1, rest, False
