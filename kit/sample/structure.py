"""The vectorised skeleton of the synthetic corpus: accounts, who tweets what kind of tweet, when, about what.

Everything here is drawn with one ``numpy.random.default_rng(seed)`` in a fixed order, so the
skeleton (and hence the corpus) is a pure function of ``(n_tweets, seed)``.

Examples
--------
>>> s = build_structure(500, seed=1)
>>> s.n_tweets, bool((s.ms[1:] >= s.ms[:-1]).all())
(500, True)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from kit.sample import vocab

#: Kinds of tweet (codes in :attr:`Structure.kind`).
ORIGINAL, RETWEET, QUOTE, REPLY = 0, 1, 2, 3
KIND_NAMES: tuple[str, ...] = ("original", "retweet", "quote", "reply")

TWITTER_EPOCH_MS = 1288834974657
_H = 3_600_000  # one hour in ms


def _ms(year: int, month: int, day: int, hour: int = 0) -> int:
    return int(dt.datetime(year, month, day, hour, tzinfo=dt.UTC).timestamp() * 1000)


#: The collection window and the two waves.
START_MS = _ms(2014, 5, 24, 12)
END_MS = _ms(2014, 7, 1)
MAIN_ONSET_MS = _ms(2014, 5, 24, 15)
COUNTER_ONSET_MS = _ms(2014, 5, 25, 20)
#: Hour (UTC) of the daily peak: evening in the Americas.
DIURNAL_PEAK_UTC = 2.0
DIURNAL_DEPTH = 0.6


@dataclass(frozen=True)
class Structure:
    """Accounts and tweets as parallel arrays (tweets sorted by time)."""

    # accounts
    user_comm: np.ndarray  # int8 community code
    user_hub: np.ndarray  # bool: prominent account
    user_id: np.ndarray  # int64
    user_created_s: np.ndarray  # int64 epoch seconds
    followers: np.ndarray  # int64
    following: np.ndarray  # int64
    statuses: np.ndarray  # int64
    listed: np.ndarray  # int64
    # tweets
    ms: np.ndarray  # int64 epoch milliseconds
    tweet_id: np.ndarray  # int64 snowflake
    author: np.ndarray  # int32 account index
    kind: np.ndarray  # int8
    target: np.ndarray  # int32 index of the retweeted/quoted/replied tweet, -1 for originals
    theme: np.ndarray  # int8 theme code
    lang: np.ndarray  # int8: 0 = en, k = FOREIGN_LANGS[k - 1]
    mention_cand: np.ndarray  # int32 (n, 2) accounts a tweet may mention
    retweet_count: np.ndarray  # int64 (a retweet carries its original's)
    like_count: np.ndarray
    reply_count: np.ndarray
    quote_count: np.ndarray

    @property
    def n_tweets(self) -> int:
        return int(self.ms.shape[0])

    @property
    def n_users(self) -> int:
        return int(self.user_comm.shape[0])


def _diurnal_times(
    rng: np.random.Generator, n: int, onset: int, burst_share: float, shape: float, scale_h: float, tail_days: float
) -> np.ndarray:
    """``n`` times (ms): a gamma-shaped burst after ``onset`` plus a heavy (Lomax) tail, thinned by a day/night cycle."""
    out = np.empty(0, dtype=np.int64)
    while out.size < n:
        m = max(64, int((n - out.size) * 2.2))
        burst = rng.random(m) < burst_share
        hours = np.where(burst, rng.gamma(shape, scale_h, m), 6.0 + rng.pareto(1.1, m) * tail_days * 24.0)
        t = onset + (hours * _H).astype(np.int64)
        hour_of_day = (t % (24 * _H)) / _H
        accept = rng.random(m) * (1 + DIURNAL_DEPTH) < 1 + DIURNAL_DEPTH * np.cos(
            2 * np.pi * (hour_of_day - DIURNAL_PEAK_UTC) / 24
        )
        t = t[accept & (t < END_MS - 60_000)]
        out = np.concatenate([out, t])
    return out[:n]


def _delayed(rng: np.random.Generator, base: np.ndarray, median_min: float, sigma: float) -> np.ndarray:
    """``base`` plus a log-normal delay (wrapped so that nothing falls after the window)."""
    delay = (np.exp(rng.normal(np.log(median_min * 60_000), sigma, base.size))).astype(np.int64) + 5_000
    room = np.maximum(END_MS - 1_000 - base, 5_000)
    return base + 1_000 + delay % room


def _pick_weighted(rng: np.random.Generator, pool: np.ndarray, weight: np.ndarray, k: int) -> np.ndarray:
    """``k`` draws from ``pool`` with probability proportional to ``weight`` (inverse-CDF, vectorised)."""
    cdf = np.cumsum(weight, dtype=np.float64)
    pos = np.searchsorted(cdf, rng.random(k) * cdf[-1], side="right")
    return pool[np.minimum(pos, pool.size - 1)]


def _homophilous(
    rng: np.random.Generator,
    chooser_comm: np.ndarray,
    pool: np.ndarray,
    pool_comm: np.ndarray,
    weight: np.ndarray,
    p_same: float,
) -> np.ndarray:
    """For each chooser, an element of ``pool``: from its own community with probability ``p_same``."""
    out = _pick_weighted(rng, pool, weight, chooser_comm.size)
    same = rng.random(chooser_comm.size) < p_same
    for c in range(len(vocab.COMMUNITIES)):
        rows = np.flatnonzero(same & (chooser_comm == c))
        members = pool_comm == c
        if rows.size and members.any():
            out[rows] = _pick_weighted(rng, pool[members], weight[members], rows.size)
    return out


def _accounts(rng: np.random.Generator, n_users: int) -> dict[str, np.ndarray]:
    n_comm = len(vocab.COMMUNITIES)
    comm = rng.choice(n_comm, n_users, p=np.asarray(vocab.COMMUNITY_SHARE)).astype(np.int8)
    comm[: 3 * n_comm] = np.repeat(np.arange(n_comm), 3)  # every community exists, even in tiny samples
    hub = np.zeros(n_users, dtype=bool)
    for c, name in enumerate(vocab.COMMUNITIES):
        members = np.flatnonzero(comm == c)
        rate = 0.02 if name == "media" else 0.004
        k = min(members.size, max(2, int(round(members.size * rate))), len(vocab.HUB_HANDLES[name]) * 40)
        hub[rng.choice(members, k, replace=False)] = True
    is_media = comm == vocab.COMMUNITIES.index("media")
    followers = np.exp(rng.normal(5.0, 1.5, n_users))
    followers = np.where(hub, np.exp(rng.normal(np.where(is_media, 11.8, 10.3), 0.9)), followers)
    following = np.exp(rng.normal(5.6, 1.0, n_users))
    activity = np.minimum(rng.pareto(1.5, n_users) + 1.0, 300.0) * np.where(hub, 10.0, 1.0)
    statuses = np.exp(rng.normal(8.0, 1.4, n_users)) + activity * 50
    listed = followers * rng.uniform(0.002, 0.02, n_users)
    rt_prop = np.where(hub, 0.05, np.where(is_media, 0.42, 0.66))
    created = rng.uniform(_ms(2007, 3, 1), _ms(2014, 5, 20), n_users).astype(np.int64) // 1000
    # user ids grow with creation time (sequential before 2011, larger afterwards), made unique
    frac = (created - created.min()) / max(1, created.max() - created.min())
    ids = np.where(frac < 0.5, 1_000_000 + frac * 4.6e8, 2.4e8 + (frac - 0.5) * 4.8e9).astype(np.int64)
    ids = ids + rng.integers(0, 997, n_users)
    order = np.argsort(ids, kind="stable")
    steps = np.arange(n_users, dtype=np.int64)
    ids[order] = np.maximum.accumulate(ids[order] - steps) + steps  # strictly increasing, hence unique
    return {
        "comm": comm,
        "hub": hub,
        "followers": followers.astype(np.int64) + 1,
        "following": following.astype(np.int64),
        "statuses": statuses.astype(np.int64),
        "listed": listed.astype(np.int64),
        "activity": activity,
        "rt_prop": rt_prop,
        "created": created,
        "ids": ids,
    }


def _snowflakes(rng: np.random.Generator, ms: np.ndarray) -> np.ndarray:
    """Unique, time-ordered 2014 tweet ids: ``(ms - epoch) << 22 | worker/sequence bits``."""
    low = rng.integers(0, 1 << 22, ms.size, dtype=np.int64)
    ids = ((ms - TWITTER_EPOCH_MS) << 22) | low
    ids = np.sort(ids)  # ms is sorted, so sorting only reorders within one millisecond
    dup = np.flatnonzero(ids[1:] <= ids[:-1])
    while dup.size:
        ids[dup + 1] = ids[dup] + 1
        dup = np.flatnonzero(ids[1:] <= ids[:-1])
    return ids


def _draw_themes(rng: np.random.Generator, comm: np.ndarray) -> np.ndarray:
    theme = np.empty(comm.size, dtype=np.int8)
    for c in range(len(vocab.COMMUNITIES)):
        rows = np.flatnonzero(comm == c)
        theme[rows] = rng.choice(len(vocab.THEMES), rows.size, p=np.asarray(vocab.THEME_GIVEN_COMMUNITY[c]))
    return theme


def build_structure(n_tweets: int, *, seed: int) -> Structure:
    """Draw accounts and the skeleton of ``n_tweets`` tweets (sorted by time).

    Parameters
    ----------
    n_tweets
        Number of tweets (at least 1).
    seed
        Seed of ``numpy.random.default_rng``.
    """
    if n_tweets < 1:
        raise ValueError(f"n_tweets must be at least 1, got {n_tweets}")
    rng = np.random.default_rng(seed)
    n = int(n_tweets)
    acc = _accounts(rng, max(60, int(round(n * 0.3))))
    comm_u = acc["comm"]
    author = _pick_weighted(rng, np.arange(comm_u.size, dtype=np.int32), acc["activity"], n)
    u = rng.random(n)
    kind = np.where(u < acc["rt_prop"][author], RETWEET, ORIGINAL).astype(np.int8)
    v = rng.random(n)
    kind = np.where((kind == ORIGINAL) & (v < 0.14), QUOTE, kind)
    kind = np.where((kind == ORIGINAL) & (v >= 0.14) & (v < 0.40), REPLY, kind).astype(np.int8)
    kind[0] = ORIGINAL
    comm = comm_u[author]

    ms = np.zeros(n, dtype=np.int64)
    target = np.full(n, -1, dtype=np.int32)
    theme = _draw_themes(rng, comm)
    lang = np.zeros(n, dtype=np.int8)
    counter = vocab.COMMUNITIES.index("counter")
    intl = vocab.COMMUNITIES.index("international")

    # originals: the two waves
    orig = np.flatnonzero(kind == ORIGINAL)
    is_counter = comm[orig] == counter
    ms[orig[~is_counter]] = _diurnal_times(rng, int((~is_counter).sum()), MAIN_ONSET_MS, 0.68, 2.0, 7.0, 1.5)
    ms[orig[is_counter]] = _diurnal_times(rng, int(is_counter.sum()), COUNTER_ONSET_MS, 0.70, 2.2, 11.0, 2.0)

    followers = acc["followers"].astype(np.float64)
    virality = np.exp(rng.normal(0.0, 1.0, n))
    popularity = followers[author] ** 0.75 * virality

    # quotes and replies answer originals; theme partly follows the answered tweet
    qr = np.flatnonzero((kind == QUOTE) | (kind == REPLY))
    if qr.size:
        target[qr] = _homophilous(rng, comm[qr], orig.astype(np.int32), comm[orig], popularity[orig], 0.72)
        ms[qr] = _delayed(rng, ms[target[qr]], 45.0, 1.4)
        follow = rng.random(qr.size) < 0.3
        theme[qr[follow]] = theme[target[qr[follow]]]

    # foreign-language own tweets of the international community
    own = np.flatnonzero((kind != RETWEET) & (comm == intl))
    foreign = own[rng.random(own.size) < vocab.FOREIGN_SHARE]
    lang[foreign] = 1 + rng.choice(len(vocab.FOREIGN_LANGS), foreign.size, p=np.asarray(vocab.FOREIGN_LANG_P))
    theme[foreign] = np.asarray([vocab.THEMES.index(t) for t in vocab.FOREIGN_THEMES], dtype=np.int8)[
        rng.choice(len(vocab.FOREIGN_THEMES), foreign.size, p=[0.34, 0.3, 0.2, 0.16])
    ]

    # retweets: cascades on popular originals and quotes, mostly inside the community
    rts = np.flatnonzero(kind == RETWEET)
    pool = np.flatnonzero((kind == ORIGINAL) | (kind == QUOTE)).astype(np.int32)
    if rts.size:
        target[rts] = _homophilous(rng, comm[rts], pool, comm[pool], popularity[pool], 0.9)
        ms[rts] = _delayed(rng, ms[target[rts]], 25.0, 1.7)
        theme[rts] = theme[target[rts]]
        lang[rts] = lang[target[rts]]
        # nobody retweets themselves: hand such retweets to another member of the community
        selfish = rts[author[rts] == author[target[rts]]]
        for c in range(len(vocab.COMMUNITIES)):
            rows = selfish[comm[selfish] == c]
            if rows.size:
                members = np.flatnonzero(comm_u == c).astype(np.int32)
                author[rows] = rng.choice(members, rows.size)
        still = rts[author[rts] == author[target[rts]]]
        author[still] = (author[still] + 1) % comm_u.size

    # mentions: two candidates per tweet, accounts of the author's community, weighted by reach
    users = np.arange(comm_u.size, dtype=np.int32)
    mention_cand = np.stack(
        [_homophilous(rng, comm_u[author], users, comm_u, followers**0.6, 0.85) for _ in range(2)], axis=1
    )

    # sort by time and remap references
    ms = ms + rng.integers(0, 1000, n)
    order = np.argsort(ms, kind="stable")
    rank = np.empty(n, dtype=np.int32)
    rank[order] = np.arange(n, dtype=np.int32)
    ms, author, kind, theme, lang, mention_cand = (
        ms[order],
        author[order],
        kind[order],
        theme[order],
        lang[order],
        mention_cand[order],
    )
    target = target[order]
    target = np.where(target >= 0, rank[np.maximum(target, 0)], -1).astype(np.int32)
    tweet_id = _snowflakes(rng, ms)

    # metrics: counts inside the collection plus what the collection did not catch
    in_rt = np.bincount(target[kind == RETWEET], minlength=n)
    in_qt = np.bincount(target[kind == QUOTE], minlength=n)
    in_rp = np.bincount(target[kind == REPLY], minlength=n)
    retweet_count = in_rt + rng.poisson(in_rt * 0.6 + 0.2)
    like_count = (retweet_count * rng.uniform(0.8, 2.6, n)).astype(np.int64) + rng.poisson(0.8, n)
    rt_rows = kind == RETWEET
    retweet_count = np.where(rt_rows, retweet_count[np.maximum(target, 0)], retweet_count)
    like_count = np.where(rt_rows, 0, like_count)
    reply_count = np.where(rt_rows, 0, in_rp)
    quote_count = np.where(rt_rows, 0, in_qt)
    return Structure(
        user_comm=comm_u,
        user_hub=acc["hub"],
        user_id=acc["ids"],
        user_created_s=acc["created"],
        followers=acc["followers"],
        following=acc["following"],
        statuses=acc["statuses"],
        listed=acc["listed"],
        ms=ms,
        tweet_id=tweet_id,
        author=author,
        kind=kind,
        target=target,
        theme=theme,
        lang=lang,
        mention_cand=mention_cand,
        retweet_count=retweet_count.astype(np.int64),
        like_count=like_count.astype(np.int64),
        reply_count=reply_count.astype(np.int64),
        quote_count=quote_count.astype(np.int64),
    )
