"""All at once: the tables of one selection from one read (:func:`describe_all`) and the key figures (:func:`summary`)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any

import polars as pl

from kit import config
from kit.describe._frames import Frame, _lazy, _tags
from kit.describe.accounts import _authors, _concentration, _lorenz, _top_authors, top_accounts
from kit.describe.hashtags import _co_tags, _pairs, _tag_mask, _tag_rows, _top_tags
from kit.describe.timeline import life_cycle, volume
from kit.describe.tops import kinds, languages, top_domains
from kit.schema import SchemaError
from kit.selection import Selection

# The columns every analysis but the word comparison needs (text is by far the largest column).
_DESCRIBE_COLUMNS: tuple[str, ...] = (
    "created_at",
    "author_id",
    "author_username",
    "author_followers",
    "lang",
    "is_retweet",
    "is_quote",
    "is_reply",
    "retweeted_username",
    "quoted_username",
    "in_reply_to_username",
    "hashtags",
    "mentions",
    "urls",
)


# --- all at once -------------------------------------------------------------------------------
def materialize(frame: Frame, *, with_text: bool = False) -> pl.DataFrame:
    """Collect the columns the analyses need once (``text`` only if asked), to reuse across analyses."""
    lf = _lazy(frame)
    names = set(lf.collect_schema().names())
    cols = [*_DESCRIBE_COLUMNS, *(("text",) if with_text else ())]
    missing = [c for c in cols if c not in names]
    if missing:
        raise SchemaError(
            f"not a canonical tweet table: missing column(s) {missing}. Import raw files with "
            "`kit import` (or kit.read_tweets), or call kit.schema.conform(frame)"
        )
    return lf.select(cols).collect()


def describe_all(
    frame: Frame,
    *,
    tags: Selection | Iterable[str] | None = None,
    top: int = 10,
    every: str = "hour",
    pseudonyms: bool = True,
    threshold: int = config.DEFAULT_FOLLOWER_THRESHOLD,
    salt: str | None = None,
) -> dict[str, pl.DataFrame]:
    """Every descriptive table of one selection, from one read of the needed columns.

    Keys: ``volume``, ``life_cycle``, ``hashtags``, ``co_hashtags`` (empty without ``tags``),
    ``hashtag_pairs``, ``accounts``, ``retweeted``, ``mentioned``, ``concentration``, ``lorenz``,
    ``domains``, ``languages``, ``kinds``.
    """
    df = materialize(frame)
    authors = _authors(df)
    per_author = authors["tweets"].sort()
    tag_rows = _tag_rows(df)
    tag_list = _tags(tags)
    privacy = {"pseudonyms": pseudonyms, "threshold": threshold, "salt": salt}
    return {
        "volume": volume(df, every),
        "life_cycle": life_cycle(df, None, every=every),
        "hashtags": _top_tags(tag_rows, df.height, top, ()),
        "co_hashtags": (
            _co_tags(tag_rows, _tag_mask(df, tag_list), tag_list, top)
            if tag_list
            else _top_tags(tag_rows.head(0), 0, top, ())
        ),
        "hashtag_pairs": _pairs(tag_rows, _top_tags(tag_rows, df.height, min(top, 15), tag_list)),
        "accounts": _top_authors(df, authors, top, **privacy),
        "retweeted": top_accounts(df, "retweeted", top, **privacy),
        "mentioned": top_accounts(df, "mentioned", top, **privacy),
        "concentration": _concentration(per_author),
        "lorenz": _lorenz(per_author, 101),
        "domains": top_domains(df, top),
        "languages": languages(df, top),
        "kinds": kinds(df),
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _records(table: pl.DataFrame) -> list[dict[str, Any]]:
    return [{k: _jsonable(v) for k, v in row.items()} for row in table.to_dicts()]


def summary(
    frame: Frame,
    *,
    selection: Selection | None = None,
    top: int = 10,
    every: str = "hour",
    pseudonyms: bool = True,
    threshold: int = config.DEFAULT_FOLLOWER_THRESHOLD,
    salt: str | None = None,
) -> dict[str, Any]:
    """The key figures of a selection as a JSON-ready dict.

    ``frame`` should already be selected; ``selection`` (if given) names it and supplies the
    hashtags excluded from the co-hashtags. Keys: ``selection``, ``tweets``, ``accounts``, ``start``,
    ``end``, ``span_hours``, ``peak_time``, ``peak_tweets``, ``half_life_hours``, ``share_first_24h``,
    ``share_retweets``, ``share_original`` (not retweets), ``kinds``, ``concentration``,
    ``top_hashtags``, ``co_hashtags``, ``top_accounts``, ``top_retweeted``, ``top_mentioned``,
    ``top_domains``, ``languages``.
    """
    tables = describe_all(
        frame, tags=selection, top=top, every=every, pseudonyms=pseudonyms, threshold=threshold, salt=salt
    )
    cycle = tables["life_cycle"].to_dicts()
    life = cycle[0] if cycle else {}
    conc = tables["concentration"].to_dicts()[0]
    kinds_ = tables["kinds"]
    total = int(kinds_["tweets"].sum())
    share = dict(zip(kinds_["kind"].to_list(), kinds_["share"].to_list()))
    start, end = life.get("first_seen"), life.get("last_seen")
    return {
        "selection": selection.describe() if selection is not None else "all tweets",
        "tweets": total,
        "accounts": conc["accounts"],
        "start": _jsonable(start),
        "end": _jsonable(end),
        "span_hours": round((end - start).total_seconds() / 3600, 2) if start and end else None,
        "peak_time": _jsonable(life.get("peak_time")),
        "peak_tweets": life.get("peak_tweets"),
        "peak_every": every,
        "half_life_hours": life.get("half_life_hours"),
        "share_first_24h": life.get("share_first_24h"),
        "share_retweets": share.get("retweet"),
        "share_original": (1 - share["retweet"]) if total else None,
        "kinds": _records(kinds_),
        "concentration": {k: _jsonable(v) for k, v in conc.items()},
        "top_hashtags": _records(tables["hashtags"]),
        "co_hashtags": _records(tables["co_hashtags"]),
        "top_accounts": _records(tables["accounts"]),
        "top_retweeted": _records(tables["retweeted"]),
        "top_mentioned": _records(tables["mentioned"]),
        "top_domains": _records(tables["domains"]),
        "languages": _records(tables["languages"]),
        "pseudonyms": pseudonyms,
    }
