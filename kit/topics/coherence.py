"""How coherent a partition's topic words are: document-level NPMI (Röder et al. 2015), for choosing granularity.

The kit's clusterer finds topics at a resolution; which resolution reads best differs between collections
(on real tweets: German campaign tweets read best in a few broad topics, TweetEval's varied English tweets in
more, finer ones — README, issue 14). Rather than one fixed rule, the clusterer scores a few candidate
partitions by the coherence of the words that would label them and keeps the best: the practice of choosing
the number of topics by coherence (Mimno et al. 2011; Röder et al. 2015).

- :func:`topic_words` — each topic's ``top_n`` words by the kit's c-TF-IDF over a document-term matrix;
- :func:`npmi` — mean NPMI of each topic's word pairs, co-occurrence counted per document;
- :func:`partition_coherence` — both, for one labelling of the documents (outliers, ``-1``, left out).

Examples
--------
>>> import numpy as np, scipy.sparse as sp
>>> X = sp.csr_matrix(np.array([[2, 1, 0, 0], [1, 2, 0, 0], [0, 0, 2, 1], [0, 0, 1, 2]]))
>>> partition_coherence(np.array([0, 0, 1, 1]), X, tokens=12, top_n=2)  # words that go together
1.0
>>> partition_coherence(np.array([0, 1, 0, 1]), X, tokens=12, top_n=2)  # a mixed partition
-1.0
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp


def topic_words(labels: np.ndarray, doc_term: sp.spmatrix, tokens: int, top_n: int = 10) -> list[list[int]]:
    """Column indices of each topic's ``top_n`` words (topics ``0..``; ``-1`` left out), best first.

    The words are ranked as the kit's topic model ranks them (BERTopic's c-TF-IDF with the average topic
    length over ``tokens``, :class:`kit.topics.model._ContentTfidf`), so a partition is scored on the words
    that would label it.

    >>> X = sp.csr_matrix(np.array([[2, 0, 1], [1, 0, 0], [0, 3, 1]]))
    >>> topic_words(np.array([0, 0, 1]), X, tokens=8, top_n=2)
    [[0, 2], [1, 2]]
    """
    from kit.topics.model import _ContentTfidf

    labels = np.asarray(labels)
    topics, rows = np.unique(labels, return_inverse=True)  # -1 stays a row, as in BERTopic's c-TF-IDF
    member = sp.csr_matrix((np.ones(len(labels)), (rows, np.arange(len(labels)))), shape=(len(topics), len(labels)))
    counts = sp.csr_matrix(member @ doc_term)
    with np.errstate(divide="ignore"):  # a word in no document (a fixed vocabulary): weight 0, never ranked
        weights = np.nan_to_num(_ContentTfidf(tokens).fit(counts).transform(counts).toarray(), posinf=0.0)
    out = []
    for topic, row in zip(topics.tolist(), weights):
        if topic < 0:
            continue
        positive = np.flatnonzero(row > 0)
        order = positive[np.lexsort((positive, -row[positive]))]
        out.append(order[:top_n].tolist())
    return out


def npmi(doc_term: sp.spmatrix, words: Sequence[Sequence[int]]) -> float:
    """Mean over topics of the mean NPMI of their word pairs, with co-occurrence counted per document.

    A pair that never co-occurs scores -1; topics with fewer than two words are left out (NaN if none has two).

    >>> X = sp.csr_matrix(np.array([[1, 1, 0], [1, 1, 0], [0, 0, 1], [0, 1, 1]]))
    >>> round(npmi(X, [[0, 1]]), 3), round(npmi(X, [[0, 2]]), 3)
    (0.415, -1.0)
    """
    words = [list(w) for w in words if len(w) >= 2]
    if not words:
        return float("nan")
    union = sorted({w for ws in words for w in ws})
    pos = {w: i for i, w in enumerate(union)}
    binary = sp.csc_matrix(doc_term)[:, union]
    binary.data = np.ones_like(binary.data, dtype=np.float64)
    n = doc_term.shape[0]
    together = (binary.T @ binary).toarray() / n
    alone = np.diag(together).copy()
    scores = []
    for ws in words:
        idx = np.array([pos[w] for w in ws])
        i, j = np.triu_indices(len(idx), k=1)
        p_ij = together[idx[i], idx[j]]
        p_i, p_j = alone[idx[i]], alone[idx[j]]
        with np.errstate(divide="ignore", invalid="ignore"):
            values = np.where(p_ij > 0, np.log(p_ij / (p_i * p_j)) / -np.log(p_ij), -1.0)
        values = np.where(p_ij >= 1.0, 1.0, values)  # a pair in every document: perfectly coherent
        scores.append(float(values.mean()))
    return float(np.mean(scores))


def partition_coherence(labels: np.ndarray, doc_term: sp.spmatrix, tokens: int, top_n: int = 10) -> float:
    """NPMI of the ``top_n`` words each topic of ``labels`` would be labelled by (see module docstring)."""
    return npmi(doc_term, topic_words(labels, doc_term, tokens, top_n))
