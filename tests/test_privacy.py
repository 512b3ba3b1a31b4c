"""kit.privacy: stable keyed pseudonyms, the follower threshold, the salt, and turning it off."""

from __future__ import annotations

import hashlib
import re

import polars as pl
import pytest

from kit import privacy
from kit.privacy import project_salt, pseudonym, pseudonym_map, pseudonymize


def test_pseudonym_is_stable_case_and_at_insensitive() -> None:
    p = pseudonym("SomeUser", salt="s1")
    assert re.fullmatch(r"user_[0-9a-f]{10}", p)
    assert p == pseudonym("someuser", salt="s1") == pseudonym("@SOMEUSER ", salt="s1")
    assert p != pseudonym("someuser2", salt="s1")


def test_pseudonym_is_a_keyed_blake2_hash() -> None:
    expected = hashlib.blake2b(b"someuser", key=b"s1", digest_size=5).hexdigest()
    assert pseudonym("someuser", salt="s1") == "user_" + expected


def test_different_salts_give_unrelated_pseudonyms() -> None:
    assert pseudonym("someuser", salt="s1") != pseudonym("someuser", salt="s2")
    # salts longer than BLAKE2's 64-byte key are digested, not cut: a different tail still matters
    long_a, long_b = "x" * 64 + "a", "x" * 64 + "b"
    assert pseudonym("someuser", salt=long_a) != pseudonym("someuser", salt=long_b)


def test_empty_salt_is_refused() -> None:
    with pytest.raises(ValueError, match="empty salt"):
        pseudonym("someuser", salt="")


def test_project_salt_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIT_SALT", "from-env")
    assert project_salt() == "from-env"
    assert pseudonym("a") == pseudonym("a", salt="from-env")


def test_project_salt_file_created_once(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.delenv("KIT_SALT", raising=False)
    monkeypatch.setenv("KIT_HOME", str(tmp_path))
    first = project_salt()
    assert (tmp_path / ".kit-salt").read_text().strip() == first
    assert len(first) == 32
    assert project_salt() == first  # read back, not regenerated


def test_threshold_keeps_prominent_accounts() -> None:
    df = pl.DataFrame(
        {
            "author_username": ["Big", "edge", "small", "unknown", None],
            "author_followers": [10_000, 5_000, 4_999, None, 3],
        }
    )
    out = pseudonymize(df, salt="s", threshold=5_000)["author_username"].to_list()
    assert out[0] == "Big" and out[1] == "edge"  # at or above the threshold: unchanged
    assert out[2] == pseudonym("small", salt="s")
    assert out[3] == pseudonym("unknown", salt="s")  # unknown follower count: hidden
    assert out[4] is None


def test_pseudonymize_without_followers_hides_everyone() -> None:
    df = pl.DataFrame({"account": ["Big", "small"], "followers": [10**6, 1]})
    out = pseudonymize(df, "account", followers=None, salt="s")["account"].to_list()
    assert out == [pseudonym("Big", salt="s"), pseudonym("small", salt="s")]
    # a followers column that is absent also hides everyone
    assert pseudonymize(df.drop("followers"), "account", salt="s")["account"].to_list() == out


def test_pseudonymize_disabled_or_missing_column_is_identity() -> None:
    df = pl.DataFrame({"author_username": ["small"], "author_followers": [1]})
    assert pseudonymize(df, salt="s", enabled=False).equals(df)
    assert pseudonymize(df, "nope", salt="s").equals(df)
    assert pseudonymize(df.head(0), salt="s").height == 0


def test_pseudonymize_keeps_other_columns_and_row_order() -> None:
    df = pl.DataFrame({"author_username": ["b", "a", "b"], "author_followers": [1, 1, 1], "n": [1, 2, 3]})
    out = pseudonymize(df, salt="s")
    assert out["n"].to_list() == [1, 2, 3]
    names = out["author_username"].to_list()
    assert names[0] == names[2] != names[1]


def test_pseudonym_map_agrees_with_pseudonymize() -> None:
    mapping = pseudonym_map(["Big", "small", "nobody"], [9_000, 10, None], threshold=5_000, salt="s")
    assert mapping == {"Big": "Big", "small": pseudonym("small", salt="s"), "nobody": pseudonym("nobody", salt="s")}
    assert pseudonym_map(["small"], [1], enabled=False) == {"small": "small"}
    assert pseudonym_map(["small"], None, salt="s") == {"small": pseudonym("small", salt="s")}


def test_module_exports() -> None:
    assert {"pseudonym", "pseudonymize", "pseudonym_map", "project_salt"} <= set(privacy.__all__)
