"""kit.cache: content-hash keys and atomic writes."""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl
import pytest

from kit import cache


def test_cache_key_is_stable_and_parameter_sensitive() -> None:
    assert cache.cache_key("embed", model="a", n=1) == cache.cache_key("embed", n=1, model="a")
    assert cache.cache_key("embed", model="a", n=1) != cache.cache_key("embed", model="a", n=2)
    assert cache.cache_key("x", tags={"b", "a"}) == cache.cache_key("x", tags={"a", "b"})
    assert cache.cache_key("x", path=Path("/a")) == cache.cache_key("x", path="/a")


def test_file_hash_follows_content_not_name(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"
    a.write_text("same")
    b.write_text("same")
    c.write_text("other")
    assert cache.file_hash(a) == cache.file_hash(b) != cache.file_hash(c)
    assert cache.files_hash([a, c]) == cache.files_hash([c, a])


def test_atomic_write_replaces_only_on_success(tmp_path: Path) -> None:
    target = tmp_path / "table.parquet"
    good = pl.DataFrame({"x": [1, 2, 3]})
    cache.write_parquet_atomic(good, target)
    with pytest.raises(RuntimeError), cache.atomic_path(target) as tmp:
        tmp.write_bytes(b"half-written garbage")
        raise RuntimeError("interrupted")
    assert pl.read_parquet(target).equals(good)
    assert [p.name for p in tmp_path.iterdir()] == ["table.parquet"], "temporary file left behind"


def test_write_json_atomic_creates_folders(tmp_path: Path) -> None:
    path = cache.write_json_atomic(tmp_path / "deep" / "m.json", {"b": 1, "a": [1, 2]})
    assert path.read_text(encoding="utf-8").startswith("{")
    assert not any(name.endswith(".tmp") for name in os.listdir(path.parent))


def test_atomic_write_gives_normal_permissions(tmp_path: Path) -> None:
    path = cache.write_text_atomic(tmp_path / "export.gexf", "<gexf/>")
    mask = os.umask(0)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask


def test_atomic_dir_replaces_the_whole_folder_only_on_success(tmp_path: Path) -> None:
    target = tmp_path / "model"
    with cache.atomic_dir(target) as tmp:
        (tmp / "weights.bin").write_bytes(b"v1")
        (tmp / "config.json").write_text("{}")
    assert sorted(p.name for p in target.iterdir()) == ["config.json", "weights.bin"]
    with pytest.raises(RuntimeError), cache.atomic_dir(target) as tmp:
        (tmp / "weights.bin").write_bytes(b"half")
        raise RuntimeError("interrupted")
    assert (target / "weights.bin").read_bytes() == b"v1"
    with cache.atomic_dir(target) as tmp:
        (tmp / "weights.bin").write_bytes(b"v2")
    assert [p.name for p in target.iterdir()] == ["weights.bin"] and (target / "weights.bin").read_bytes() == b"v2"
    assert [p.name for p in tmp_path.iterdir()] == ["model"], "temporary folder left behind"
