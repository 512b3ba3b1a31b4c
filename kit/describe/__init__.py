"""Descriptive analyses of a selection: how much, when, who, with which other hashtags, compared with what.

Every function takes a canonical frame, eager or lazy, already narrowed with :func:`kit.select`,
and returns a small tidy polars frame (or, for :func:`summary`, a JSON-ready dict). Work is done
with lazy polars (no Python loops over rows), so a whole set of analyses on a million tweets costs
a few scans of the Parquet file. Tables meant for a report show accounts below the follower
threshold under a stable pseudonym (:mod:`kit.privacy`); pass ``pseudonyms=False`` for private
analysis.

Modules (one concern each; everything public is re-exported here, so ``describe.volume(...)`` works)::

    timeline   volume, compare_volume, life_cycle, life_cycle_curves, granularity
    hashtags   top_hashtags, co_hashtags, hashtag_pairs
    accounts   top_accounts, top_mentioned, accounts_over_time, gini, concentration, lorenz
    tops       top_domains, languages, kinds, original_share
    words      stop_words, word_counts, log_odds, distinguishing_words, compare
    coding     coding_sample, write_coding_sample, AFFECT_CODES
    overview   materialize, describe_all, summary
    _frames    private helpers shared by the above

The command-line handlers (``kit summary``, ``kit compare``) live in :mod:`kit.cli.commands.summary` and :mod:`kit.cli.commands.compare`.

Examples
--------
>>> from kit.schema import from_records
>>> df = from_records([
...     {"tweet_id": "1", "text": "a #x #y", "hashtags": ["x", "y"], "created_at": "2014-05-24T10:05:00Z"},
...     {"tweet_id": "2", "text": "b #x", "hashtags": ["x"], "created_at": "2014-05-24T12:30:00Z"},
... ])
>>> volume(df, "hour", by_kind=False)["tweets"].to_list()
[1, 0, 1]
>>> top_hashtags(df, exclude=["x"])["hashtag"].to_list()
['y']
"""

from __future__ import annotations

from kit.describe._frames import Frame
from kit.describe.accounts import (
    ACCOUNT_MEASURES,
    accounts_over_time,
    concentration,
    gini,
    lorenz,
    top_accounts,
    top_mentioned,
)
from kit.describe.coding import AFFECT_CODES, coding_sample, write_coding_sample
from kit.describe.hashtags import co_hashtags, hashtag_pairs, top_hashtags
from kit.describe.overview import describe_all, materialize, summary
from kit.describe.timeline import GRANULARITIES, compare_volume, granularity, life_cycle, life_cycle_curves, volume
from kit.describe.tops import kinds, languages, original_share, top_domains
from kit.describe.words import EXTRA_STOP_WORDS, compare, distinguishing_words, log_odds, stop_words, word_counts

__all__ = [
    "ACCOUNT_MEASURES",
    "AFFECT_CODES",
    "EXTRA_STOP_WORDS",
    "Frame",
    "GRANULARITIES",
    "accounts_over_time",
    "co_hashtags",
    "coding_sample",
    "compare",
    "compare_volume",
    "concentration",
    "describe_all",
    "distinguishing_words",
    "gini",
    "granularity",
    "hashtag_pairs",
    "kinds",
    "languages",
    "life_cycle",
    "life_cycle_curves",
    "log_odds",
    "lorenz",
    "materialize",
    "original_share",
    "stop_words",
    "summary",
    "top_accounts",
    "top_domains",
    "top_hashtags",
    "top_mentioned",
    "volume",
    "word_counts",
    "write_coding_sample",
]
