"""A fast, seeded clusterer for BERTopic: Leiden communities of the k-nearest-neighbour graph.

Tweets form a continuous cloud in embedding space: PCA + HDBSCAN finds one giant cluster, and UMAP
+ HDBSCAN (BERTopic's default) costs minutes of numba compiling and fitting. The kit links each text
to its ``n_neighbors`` most similar texts (exact cosine, chunked matrix products) and finds the
communities of that graph with the Leiden algorithm (igraph's built-in implementation, seeded) — the
approach of single-cell genomics for the same problem. Communities smaller than ``min_cluster_size``
become outliers (-1). On the synthetic corpus it recovers the planted themes far better per second than
UMAP + HDBSCAN (see ``benchmarks/results/topics.json``).

Examples
--------
>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> centers = np.eye(8)[:3] * 5
>>> X = np.vstack([c + rng.normal(size=(60, 8)) for c in centers])
>>> labels = KnnLeiden(n_neighbors=10, min_cluster_size=20).fit(X).labels_
>>> len(set(labels[:60])), len(set(labels.tolist()))
(1, 3)
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import numpy as np


def _chunk_neighbours(Z: np.ndarray, start: int, chunk: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` nearest rows of ``Z`` to rows ``start:start+chunk`` (self excluded), by similarity then index."""
    n = len(Z)
    S = Z[start : start + chunk] @ Z.T
    m = S.shape[0]
    S[np.arange(m), np.arange(m) + start] = -np.inf
    kth = np.partition(S, n - k, axis=1)[:, n - k]  # values only: half the time of argpartition
    rows, cols = np.nonzero(S >= kth[:, None])
    vals = S[rows, cols]
    order = np.lexsort((cols, -vals, rows))  # by row, then similarity, ties by index: deterministic
    rows, cols, vals = rows[order], cols[order], vals[order]
    take = (np.searchsorted(rows, np.arange(m))[:, None] + np.arange(k)).ravel()
    return cols[take].reshape(m, k), vals[take].reshape(m, k)


def knn_cosine(X: np.ndarray, k: int, *, chunk: int = 1024) -> tuple[np.ndarray, np.ndarray]:
    """Exact k nearest neighbours by cosine similarity (self excluded): ``(indices, similarities)``.

    Each row's neighbours are ordered by similarity, ties by index. Chunks of rows run on a thread per
    core, each with a single-threaded BLAS (2.0 → 1.0 s for 12,000 texts on 2 cores).

    >>> idx, sim = knn_cosine(np.array([[1.0, 0], [0.9, 0.1], [0, 1]]), 1)
    >>> idx.ravel().tolist()
    [1, 0, 1]
    """
    from concurrent.futures import ThreadPoolExecutor

    from threadpoolctl import threadpool_limits

    Z = np.nan_to_num(np.asarray(X, dtype=np.float32))
    Z = Z / np.maximum(np.linalg.norm(Z, axis=1, keepdims=True), 1e-12)
    n = len(Z)
    k = max(1, min(k, n - 1))
    idx = np.empty((n, k), dtype=np.int64)
    sim = np.empty((n, k), dtype=np.float32)
    starts = range(0, n, chunk)
    workers = max(1, min(len(starts), os.cpu_count() or 1, 8))
    with threadpool_limits(limits=1, user_api="blas"), ThreadPoolExecutor(workers) as pool:
        for start, (i, s) in zip(starts, pool.map(lambda st: _chunk_neighbours(Z, st, chunk, k), starts)):
            idx[start : start + len(i)] = i
            sim[start : start + len(i)] = s
    return idx, sim


def knn_graph(idx: np.ndarray, sim: np.ndarray) -> Any:
    """The undirected igraph graph of a kNN table: one edge per linked pair, weighted by its similarity.

    >>> g = knn_graph(np.array([[1], [0], [1]]), np.array([[0.9], [0.9], [0.5]]))
    >>> g.get_edgelist(), g.es["weight"]
    ([(0, 1), (1, 2)], [0.9, 0.5])
    """
    import igraph as ig

    n = len(idx)
    graph = ig.Graph(n=n, edges=np.column_stack([np.repeat(np.arange(n), idx.shape[1]), idx.ravel()]), directed=False)
    graph.es["weight"] = np.clip(sim.ravel(), 1e-6, None).astype(float).tolist()
    return graph.simplify(combine_edges="max")  # each pair once, with its larger similarity


#: The highest resolution the ``max_share`` rule raises to.
MAX_RESOLUTION = 4.0

#: The factor by which the ``max_share`` rule raises the resolution per step. Doubling made the final
#: resolution a coin flip between two values a factor 2 apart on real tweets (German: 10 or 28 topics by
#: seed); steps of √2 land closer to the cap (issue 14 measurements in the README).
RESOLUTION_STEP = 2**0.5


def auto_resolution(n: int) -> float:
    """Leiden resolution for ``n`` texts: ``0.1 * (9000 / n) ** 0.9``, within [0.01, 2].

    A kNN graph of few points has more edges across themes, so it needs a higher resolution to
    keep them apart; measured on the synthetic corpus (800 to 20,000 texts, best NMI at
    about 0.9, 0.5, 0.17, 0.1 and 0.05 for 800, 1,600, 5,000, 9,000 and 19,000 texts).

    >>> round(auto_resolution(9000), 3), round(auto_resolution(20000), 3)
    (0.1, 0.049)
    """
    return float(min(2.0, max(0.01, 0.1 * (9000 / max(n, 1)) ** 0.9)))


class KnnLeiden:
    """Leiden communities of the cosine kNN graph, with a scikit-learn-like ``fit`` / ``labels_``.

    Parameters
    ----------
    n_neighbors
        Neighbours per text in the graph.
    resolution
        Leiden (RB configuration) resolution: lower gives fewer, larger topics.
    min_cluster_size
        Communities smaller than this become outliers (-1).
    max_share
        If the largest community holds more than this share of the rows, the resolution is raised (probes
        double it, full runs then step by :data:`RESOLUTION_STEP`; up to :data:`MAX_RESOLUTION`) until it
        does not: real tweets form a continuous cloud in which a resolution calibrated on well-separated
        themes leaves one giant community. None: no limit.
    seed
        Seed of igraph's random steps (its generator is restored afterwards).
    n_iterations
        Leiden iterations per run (-1: until an iteration no longer improves the partition).
    candidates
        With a ``score``, where the cap raised the resolution: how many resolutions under the cap (the first
        ones, in steps of √2) are compared.
    score
        ``labels -> float``, higher is better (the topic model passes the NPMI of the words each candidate's
        topics would be labelled by, :func:`kit.topics.coherence.partition_coherence`). None: the cap's first
        resolution is kept.

    Attributes
    ----------
    labels_
        Community of each row, numbered by decreasing size; -1 for outliers.
    resolution_
        The resolution finally used.
    candidate_scores_
        ``resolution -> score`` of the compared candidates (empty when none were compared).

    Notes
    -----
    igraph's built-in Leiden (modularity with a resolution: the RB-configuration objective of ``leidenalg``)
    runs about 18 times faster than ``leidenalg`` on these graphs (0.07 vs 1.3 s on 12,000 texts) and its
    partitions score as high on that objective; the local optimum either lands in differs (README, issue 14).
    """

    def __init__(
        self,
        n_neighbors: int = 15,
        resolution: float = 0.1,
        min_cluster_size: int = 10,
        seed: int = 42,
        max_share: float | None = None,
        n_iterations: int = -1,
        candidates: int = 2,
        score: Callable[[np.ndarray], float] | None = None,
    ) -> None:
        self.n_neighbors = n_neighbors
        self.resolution = resolution
        self.min_cluster_size = min_cluster_size
        self.seed = seed
        self.max_share = max_share
        self.n_iterations = n_iterations
        self.candidates = candidates
        self.score = score
        self.candidate_scores_: dict[float, float] = {}
        self.labels_: np.ndarray = np.empty(0, dtype=np.int64)
        self.resolution_ = resolution

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """Parameters (scikit-learn convention)."""
        return {
            "n_neighbors": self.n_neighbors,
            "resolution": self.resolution,
            "min_cluster_size": self.min_cluster_size,
            "seed": self.seed,
            "max_share": self.max_share,
            "n_iterations": self.n_iterations,
            "candidates": self.candidates,
            "score": self.score,
        }

    def fit(self, X: np.ndarray, y: Any = None) -> KnnLeiden:
        """Cluster the rows of ``X`` (``y`` is accepted for BERTopic's guided mode and ignored)."""
        from kit.networks.communities import seeded_igraph

        n = len(X)
        if n < 2:
            self.labels_ = np.zeros(n, dtype=np.int64)
            return self
        graph = knn_graph(*knn_cosine(X, self.n_neighbors))
        with seeded_igraph(self.seed):
            self.resolution_, self.labels_ = self._search(graph, n)
        return self

    def _too_big(self, raw: np.ndarray, n: int) -> bool:
        return self.max_share is not None and np.bincount(raw).max() > self.max_share * n

    @staticmethod
    def _run(graph: Any, weights: list[float], resolution: float, n_iterations: int) -> np.ndarray:
        found = graph.community_leiden(
            objective_function="modularity",
            weights=weights,
            resolution=resolution,
            n_iterations=n_iterations,
        )
        return np.asarray(found.membership, dtype=np.int64)

    def _search(self, graph: Any, n: int) -> tuple[float, np.ndarray]:
        """The resolution and labels: the cap's first resolution, or the most coherent candidate.

        Probes (two Leiden iterations) double the resolution until the largest community is under the cap.
        From the point a step of √2 below the first passing probe, full runs then walk up in steps of √2,
        keeping the runs under the cap: the first one, or, with a ``score`` and only if the cap raised the
        resolution, the first :attr:`candidates`, of which the one whose topic words score highest wins (a
        resolution calibrated on separated themes that already meets the cap stands).
        """
        weights = graph.es["weight"]
        resolution = self.resolution
        below = None
        if self.max_share is not None:
            while self._too_big(self._run(graph, weights, resolution, 2), n) and resolution < MAX_RESOLUTION:
                below, resolution = resolution, min(MAX_RESOLUTION, resolution * 2)
        count = self.candidates if self.score is not None and below is not None else 1
        step = resolution if below is None else min(resolution, below * RESOLUTION_STEP)
        kept: list[tuple[float, np.ndarray]] = []
        while True:
            raw = self._run(graph, weights, step, self.n_iterations)
            if not self._too_big(raw, n):
                kept.append((step, raw))
            if len(kept) >= count or step >= MAX_RESOLUTION:
                break
            step = min(MAX_RESOLUTION, step * RESOLUTION_STEP)
        if not kept:  # nothing under the cap up to the highest resolution: keep the last run
            kept = [(step, raw)]
        labelled = [(r, self._labels(raw, n)) for r, raw in kept]
        if len(labelled) == 1 or self.score is None:
            return labelled[0]
        scores = [self.score(labels) for _, labels in labelled]
        self.candidate_scores_ = {round(r, 4): round(float(sc), 4) for (r, _), sc in zip(labelled, scores)}
        return labelled[int(np.nanargmax(scores)) if not np.isnan(scores).all() else 0]

    def _labels(self, raw: np.ndarray, n: int) -> np.ndarray:
        """Communities numbered by decreasing size (ties: smallest first member); small ones -1."""
        sizes = np.bincount(raw)
        first = np.full(len(sizes), n, dtype=np.int64)
        np.minimum.at(first, raw, np.arange(n))
        order = np.lexsort((first, -sizes))
        rank = np.empty(len(sizes), dtype=np.int64)
        rank[order] = np.arange(len(sizes))
        labels = rank[raw]
        labels[sizes[raw] < self.min_cluster_size] = -1
        return labels

    def fit_predict(self, X: np.ndarray, y: Any = None) -> np.ndarray:
        """Fit and return ``labels_``."""
        return self.fit(X, y).labels_
