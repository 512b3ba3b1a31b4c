"""The kit's BERTopic wrapper: fit on a seeded sample of distinct texts, assign every tweet, cache.

Why not ``BERTopic()`` as it comes: its default embeds every tweet with a transformer and runs UMAP
and HDBSCAN over all of them, which takes hours and tens of GB at 1.2 million tweets and is not
reproducible without care. The kit instead

1. cleans each text (URLs, @mentions, ``RT @x:`` removed) and keeps each *distinct* text once;
2. embeds the distinct texts with a cached backend (:mod:`kit.topics.embed`);
3. fits BERTopic on a seeded, representative sample of distinct texts (``sample_size``; 0 = all)
   with explicit seeded components: no dimension reduction, and as clusterer Leiden communities of
   the cosine nearest-neighbour graph (:mod:`kit.topics.cluster`; its resolution is raised while one
   community holds more than ``max_topic_share`` of the texts, then the more coherent of two resolutions
   is kept, :mod:`kit.topics.coherence`; PCA or seeded UMAP, HDBSCAN or k-means remain options), a
   tweet-aware ``CountVectorizer`` (query hashtags and the collection's languages' stop words removed, 1–2-grams, document-level ``min_df``/``max_df``) and BERTopic's c-TF-IDF, its
   average topic length counted over every token as BERTopic does (:func:`token_count`);
4. assigns every distinct text to the topic whose embedding (the mean of its documents) is most
   similar, keeping -1 for texts less similar than the sample's own outlier share implies (or none,
   with ``reduce_outliers``); each tweet gets its text's topic.

The fitted model (BERTopic's safetensors serialization) and the kit's tables are saved under
``data/cache/topics/<key>`` where ``key`` hashes the data and every parameter, so report variants
share one corpus-wide model: :func:`fit_or_load`.

Examples
--------
>>> from kit.topics.model import TopicParams
>>> TopicParams(sample_size=5000).resolved_min_topic_size(5000)
25
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
import os
import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from kit import config
from kit.cache import atomic_dir, cache_key, write_json_atomic, write_parquet_atomic
from kit.extras import require
from kit.progress import Progress
from kit.selection import normalize_tag
from kit.text import TOKEN_PATTERN, detect_languages, language_shares, main_languages, stop_words
from kit.topics.embed import Embedder, as_embedder, clean_for_embedding, embed_texts

log = logging.getLogger(__name__)

#: Hashtags carried by at least this share of tweets are treated as the collection's query terms.
QUERY_TAG_SHARE = 0.05
#: Bump when the fitting code changes in a way that changes results (invalidates cached models).
MODEL_VERSION = 7
#: Default cap on the largest community's share of the fitted texts (see :class:`kit.topics.cluster.KnnLeiden`).
#: 0.2, not 0.25: on TweetEval's 12k varied English tweets 0.25 stops at 30 topics (largest 21 %, NPMI 0.024),
#: 0.2 at 45 (largest 12 %, NPMI 0.084); the synthetic corpus (largest theme 14-15 %) is unaffected.
MAX_TOPIC_SHARE = 0.2
#: A fit detects the language of a seeded sample of this many of its texts for the collection's main
#: languages (a language of 5 % is estimated within about ±1.4 points) instead of every text (py3langid: about
#: 10,000 texts a second, 1.2 s of a 12,000-text fit).
LANGUAGE_SAMPLE = 1000
#: Texts per topic whose language is detected for the topic's ``lang`` (all of a smaller topic).
TOPIC_LANGUAGE_SAMPLE = 30


@dataclasses.dataclass(frozen=True)
class TopicParams:
    """Every parameter that changes a topic model (hashed into its cache key).

    Parameters
    ----------
    backend
        Embedding backend: ``"model2vec"`` (fast), ``"minilm"``, or a sentence-transformers model.
    sample_size
        Distinct texts to fit on (seeded sample); 0 fits on all of them.
    min_topic_size
        The smallest topic (smaller Leiden communities, or HDBSCAN clusters, become outliers); default
        ``max(10, sample // 200)``.
    nr_topics
        Merge down to this many topics (Ward clustering of their c-TF-IDF, see :func:`merge_groups`),
        ``"auto"`` (BERTopic's own reduction), or None.
    reduce_outliers
        Give every tweet its nearest topic (no -1).
    seed_words
        Guided topics: one tuple of seed words per topic.
    merge
        Groups of topic ids to merge after fitting (ids as in an unmerged fit with these params).
    query_hashtags
        Hashtags removed from topic words; None infers them (tags on >= 5% of tweets).
    reducer
        ``"none"`` (default: cluster the embeddings themselves), ``"pca"`` or ``"umap"`` (seeded, slower).
    n_components
        Dimensions after reduction (PCA, UMAP).
    clusterer
        ``"leiden"`` (default: Leiden communities of the cosine kNN graph, see :mod:`kit.topics.cluster`;
        finds the number of topics), ``"hdbscan"`` (BERTopic's usual choice, best after UMAP) or
        ``"kmeans"`` (``n_clusters``).
    n_neighbors
        Neighbours per text in the kNN graph (``leiden``).
    resolution
        Leiden resolution: lower gives fewer, larger topics; None scales it with the number of fitted
        texts (:func:`kit.topics.cluster.auto_resolution`, calibrated on the synthetic corpus).
    max_topic_share
        ``leiden``: while the largest community holds more than this share of the fitted texts, the
        resolution is raised by √2 steps (real tweets: one giant community otherwise); None or 1 disables it.
    resolution_candidates
        ``leiden``, where ``max_topic_share`` had to raise the resolution: how many resolutions under the cap
        (the first ones, in steps of √2) are compared; the one whose topic words are most coherent (NPMI over
        the fitted texts, :mod:`kit.topics.coherence`) is kept. 1 keeps the first. Which granularity reads
        best differs between collections (German campaign tweets: fewer, broader topics; TweetEval's varied
        English: finer ones).
    langs
        Languages whose stop words leave the topic words (ISO 639-1); None detects them: every
        language of at least 5% of the fitted texts (:func:`kit.text.main_languages`).
    n_clusters
        Clusters for k-means.
    min_df, max_df
        Vocabulary limits over the *sample's documents* (counts or shares).
    ngram_max
        Longest n-gram in topic words.
    top_n_words
        Words kept per topic.
    reduce_frequent_words
        c-TF-IDF's square-root damping of frequent words (BERTopic's ``reduce_frequent_words``). Off by
        default: it ranks rarer words first, which lowered NPMI coherence by 0.014-0.03 on TweetEval and
        German tweets (+0.006 on #eaw18) for more diverse words (``benchmarks/results/topics_real.json``).
    seed
        Seed of sampling, reduction and clustering.
    """

    backend: str = "model2vec"
    sample_size: int = config.TOPIC_SAMPLE_SIZE
    min_topic_size: int | None = None
    nr_topics: int | str | None = None
    reduce_outliers: bool = False
    seed_words: tuple[tuple[str, ...], ...] = ()
    merge: tuple[tuple[int, ...], ...] = ()
    query_hashtags: tuple[str, ...] | None = None
    reducer: str = "none"
    n_components: int = 5
    clusterer: str = "leiden"
    n_neighbors: int = 15
    resolution: float | None = None
    max_topic_share: float | None = MAX_TOPIC_SHARE
    resolution_candidates: int = 2
    langs: tuple[str, ...] | None = None
    n_clusters: int | None = None
    min_df: int | float = 3
    max_df: float = 0.5
    ngram_max: int = 2
    top_n_words: int = 10
    reduce_frequent_words: bool = False
    seed: int = config.DEFAULT_SEED

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(
            self,
            "seed_words",
            tuple(tuple(w.strip().lower() for w in group if w.strip()) for group in self.seed_words if group),
        )
        set_(self, "merge", tuple(tuple(int(t) for t in group) for group in self.merge))
        if self.langs is not None:
            set_(self, "langs", tuple(sorted({str(lang).strip().lower() for lang in self.langs if str(lang).strip()})))
        if self.query_hashtags is not None:
            set_(self, "query_hashtags", tuple(sorted({normalize_tag(t) for t in self.query_hashtags if t})))
        if isinstance(self.nr_topics, str) and self.nr_topics != "auto":
            if not self.nr_topics.strip().isdigit():
                raise ValueError(f"nr_topics must be a whole number or 'auto', not {self.nr_topics!r}")
            set_(self, "nr_topics", int(self.nr_topics))
        if self.sample_size < 0:
            raise ValueError("sample_size must be >= 0 (0 fits on every distinct text)")
        if self.min_topic_size is not None and self.min_topic_size < 2:
            raise ValueError("min_topic_size must be at least 2")
        if self.reducer not in ("pca", "umap", "none"):
            raise ValueError(f"reducer must be 'pca', 'umap' or 'none', not {self.reducer!r}")
        if self.clusterer not in ("leiden", "hdbscan", "kmeans"):
            raise ValueError(f"clusterer must be 'leiden', 'hdbscan' or 'kmeans', not {self.clusterer!r}")
        if self.resolution_candidates < 1:
            raise ValueError("resolution_candidates must be at least 1")
        if self.clusterer == "kmeans" and not self.n_clusters:
            raise ValueError("clusterer='kmeans' needs n_clusters (the number of topics)")

    def resolved_min_topic_size(self, n_docs: int) -> int:
        """The minimum topic size used for ``n_docs`` fitted documents."""
        return self.min_topic_size or max(10, n_docs // 200)

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form (cache keys, manifests)."""
        return dataclasses.asdict(self)


# --- documents --------------------------------------------------------------------------------------
def infer_query_hashtags(frame: pl.DataFrame, share: float = QUERY_TAG_SHARE) -> tuple[str, ...]:
    """Hashtags on at least ``share`` of the tweets: the collection's query terms.

    >>> from kit.schema import from_records
    >>> df = from_records([{"tweet_id": str(i), "text": "x", "hashtags": ["yesallwomen"] + (["rare"] if i == 0 else [])}
    ...                    for i in range(40)])
    >>> infer_query_hashtags(df)
    ('yesallwomen',)
    """
    if frame.height == 0 or "hashtags" not in frame.columns:
        return ()
    counts = (
        frame.select(pl.col("hashtags").list.unique().alias("tag")).explode("tag").drop_nulls().group_by("tag").len()
    )
    keep = counts.filter(pl.col("len") >= share * frame.height)["tag"].to_list()
    return tuple(sorted(normalize_tag(t) for t in keep))


def documents(frame: pl.DataFrame) -> pl.DataFrame:
    """Each tweet's cleaned text (``tweet_id``, ``doc``), in ``tweet_id`` order.

    A retweet carries its original's text, so it shares the original's document (each distinct text
    is cleaned once).
    """
    if "tweet_id" not in frame.columns or "text" not in frame.columns:
        raise ValueError(
            "topic modelling needs the canonical columns 'tweet_id' and 'text'; import the data with `kit import` first"
        )
    texts = frame["text"].fill_null("").to_list()
    cleaned = {t: clean_for_embedding(t) for t in dict.fromkeys(texts)}
    return pl.DataFrame(
        {"tweet_id": frame["tweet_id"], "doc": [cleaned[t] for t in texts]},
        schema={"tweet_id": pl.String, "doc": pl.String},
    ).sort("tweet_id")


def distinct_documents(docs: pl.DataFrame) -> pl.DataFrame:
    """Distinct documents with their tweet counts, in a stable order (by content hash).

    Empty documents (a tweet of only URLs/mentions) are left out: they get topic -1.
    """
    distinct = docs.filter(pl.col("doc") != "").group_by("doc").len("tweets")
    keys = [hashlib.blake2b(d.encode("utf-8"), digest_size=16).hexdigest() for d in distinct["doc"].to_list()]
    return distinct.with_columns(pl.Series("key", keys)).sort("key").drop("key")


def sample_indices(n: int, size: int, seed: int) -> np.ndarray:
    """Seeded sample of ``size`` row positions out of ``n`` (all when ``size`` is 0 or >= n), sorted.

    >>> sample_indices(10, 3, 42).tolist() == sample_indices(10, 3, 42).tolist()
    True
    """
    if size <= 0 or size >= n:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, size=size, replace=False))


def data_fingerprint(docs: pl.DataFrame) -> str:
    """A hash of the tweets' ids and cleaned texts (``tweet_id`` order), for cache keys."""
    h = hashlib.blake2b(digest_size=16)
    for chunk in docs.iter_slices(200_000):
        h.update("\x1f".join(chunk["tweet_id"].to_list()).encode("utf-8"))
        h.update(b"\x1e")
        h.update("\x1f".join(chunk["doc"].to_list()).encode("utf-8"))
    return h.hexdigest()


def _prepare_environment() -> None:
    """Before BERTopic loads (it imports UMAP, hence numba): offline models, a persistent numba cache."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("NUMBA_CACHE_DIR", str(config.cache_dir("numba")))


# --- components -------------------------------------------------------------------------------------
def build_vectorizer(
    sample_docs: Sequence[str],
    params: TopicParams,
    query_tags: Sequence[str],
    langs: Sequence[str] = ("en",),
    *,
    return_matrix: bool = False,
) -> Any:
    """A tweet-aware ``CountVectorizer`` whose vocabulary is limited over the sample's *documents*.

    BERTopic fits its vectorizer on one joined document per topic, where ``min_df``/``max_df`` would
    count topics, not tweets; the kit fits the vocabulary on the tweets first and hands BERTopic a
    vectorizer with that fixed vocabulary. Stop words are those of every language in ``langs``
    (:func:`kit.text.stop_words`) plus the query hashtags. With ``return_matrix``, also the documents'
    term counts over that vocabulary (``(vectorizer, matrix)``), counted once while fitting it.
    """
    from sklearn.feature_extraction.text import CountVectorizer

    stop = sorted(stop_words(langs) | {t.lower() for t in query_tags})
    kwargs = {
        "stop_words": stop,
        "ngram_range": (1, params.ngram_max),
        "token_pattern": TOKEN_PATTERN,
        "lowercase": True,
    }
    n = len(sample_docs)
    min_df = params.min_df if isinstance(params.min_df, float) or n >= 10 * params.min_df else 1
    try:
        probe = CountVectorizer(min_df=min_df, max_df=params.max_df, **kwargs)
        matrix = probe.fit_transform(sample_docs)
    except ValueError:  # no word survives the limits on a tiny sample
        probe = CountVectorizer(min_df=1, max_df=1.0, **kwargs)
        matrix = probe.fit_transform(sample_docs)
    vocabulary = {w: i for i, w in enumerate(sorted(probe.vocabulary_))}  # scikit-learn's column order too
    vectorizer = CountVectorizer(vocabulary=vocabulary, **kwargs)
    return (vectorizer, matrix.tocsr()) if return_matrix else vectorizer


def build_components(
    params: TopicParams, n_docs: int, score: Callable[[np.ndarray], float] | None = None
) -> tuple[Any, Any]:
    """The seeded dimensionality reduction and clustering models (``score``: the Leiden clusterer's coherence
    measure of a candidate partition, see :class:`kit.topics.cluster.KnnLeiden`)."""
    n_components = max(2, min(params.n_components, n_docs - 1))
    if params.reducer == "pca":
        from sklearn.decomposition import PCA

        reducer: Any = PCA(n_components=n_components, svd_solver="full", random_state=params.seed)
    elif params.reducer == "umap":
        from umap import UMAP

        reducer = UMAP(
            n_neighbors=10,
            n_components=n_components,
            min_dist=0.0,
            metric="cosine",
            random_state=params.seed,
            low_memory=True,
            n_jobs=1,
        )
    else:
        from bertopic.dimensionality import BaseDimensionalityReduction

        reducer = BaseDimensionalityReduction()
    if params.clusterer == "leiden":
        from kit.topics.cluster import KnnLeiden, auto_resolution

        clusterer: Any = KnnLeiden(
            n_neighbors=params.n_neighbors,
            resolution=params.resolution or auto_resolution(n_docs),
            min_cluster_size=params.resolved_min_topic_size(n_docs),
            seed=params.seed,
            max_share=params.max_topic_share,
            candidates=params.resolution_candidates,
            score=score,
        )
    elif params.clusterer == "kmeans":
        from sklearn.cluster import KMeans

        clusterer = KMeans(n_clusters=int(params.n_clusters or 10), n_init=3, random_state=params.seed)
    else:
        from hdbscan import HDBSCAN

        clusterer = HDBSCAN(
            min_cluster_size=params.resolved_min_topic_size(n_docs),
            metric="euclidean",
            cluster_selection_method="eom",
            prediction_data=False,
            core_dist_n_jobs=1,
        )
    return reducer, clusterer


def token_count(docs: Sequence[str]) -> int:
    """Every word token of ``docs`` (the kit's token pattern, stop words included).

    BERTopic's c-TF-IDF weighs a word by ``log(1 + A / f)``, ``A`` the average number of counted
    tokens per topic. It counts every token; the kit's vocabulary leaves out stop words (about half of a
    tweet's tokens), which halves ``A`` and so ranks rare words above a topic's common ones. The kit's
    c-TF-IDF takes ``A`` from this count instead, restoring BERTopic's weighting over its vocabulary.

    >>> token_count(["the cat and the dog", "RT 2 dogs"])
    7
    """
    pattern = re.compile(TOKEN_PATTERN)
    return sum(len(pattern.findall(d)) for d in docs)


class _ContentTfidf:
    """BERTopic's ``ClassTfidfTransformer`` with the average topic length over ``tokens`` (see :func:`token_count`)."""

    def __new__(cls, tokens: int = 0, reduce_frequent_words: bool = False) -> Any:  # subclass lazily
        import scipy.sparse as sp
        from bertopic.vectorizers import ClassTfidfTransformer

        class ContentTfidf(ClassTfidfTransformer):
            def __init__(self, tokens: int = 0, reduce_frequent_words: bool = False) -> None:
                super().__init__(reduce_frequent_words=reduce_frequent_words)
                self.tokens = tokens

            def fit(self, X: Any, multiplier: np.ndarray | None = None) -> Any:
                X = sp.csr_matrix(X)
                df = np.asarray(X.sum(axis=0)).ravel()
                average = max(int(self.tokens / X.shape[0]), int(X.sum(axis=1).mean()))
                idf = np.log(average / df + 1)
                if multiplier is not None:
                    idf = idf * multiplier
                n_features = X.shape[1]
                self._idf_diag = sp.diags(
                    idf, offsets=0, shape=(n_features, n_features), format="csr", dtype=np.float64
                )
                return self

        return ContentTfidf(tokens, reduce_frequent_words)


class _CachedBackend:
    """A BERTopic embedding backend calling the kit's cached embedder (for seed words, find_topics)."""

    def __new__(cls, embedder: Embedder) -> Any:  # build a BaseEmbedder subclass lazily
        from bertopic.backend import BaseEmbedder

        class KitBackend(BaseEmbedder):
            def __init__(self, inner: Embedder) -> None:
                super().__init__()
                self.inner = inner

            def embed(self, documents: list[str], verbose: bool = False) -> np.ndarray:
                return embed_texts(list(documents), self.inner, progress=verbose, clean=False)

        return KitBackend(embedder)


def merge_groups(model: Any, nr_topics: int) -> list[list[int]]:
    """Groups of topics to merge so that ``nr_topics`` remain: Ward clustering of their c-TF-IDF rows.

    BERTopic's own reduction (average-linkage on c-TF-IDF) tends to pour most tweets into one topic
    when every tweet shares the hashtag's framing words; Ward keeps merged topics balanced. The rows are
    square-rooted before the Ward step (a Hellinger-style distance between the topics' word profiles), so
    that words every topic uses (framing, feelings) do not decide the merges: on the 4,000-tweet synthetic
    corpus, 8 topics recover the planted themes with NMI 0.67 and a largest topic of 30 % (0.64 and 46 %
    on the raw rows, since topic words are no longer frequency-damped).
    """
    from sklearn.cluster import AgglomerativeClustering

    ids = sorted(t for t in model.get_topics() if t != -1)
    if nr_topics < 1 or len(ids) <= nr_topics:
        return []
    rows = np.sqrt(np.asarray(model.c_tf_idf_[np.array(ids) + int(model._outliers)].todense(), dtype=np.float64))
    rows /= np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
    labels = AgglomerativeClustering(n_clusters=nr_topics, linkage="ward").fit_predict(rows)
    groups = [[t for t, g in zip(ids, labels) if g == label] for label in sorted(set(labels.tolist()))]
    return [g for g in groups if len(g) > 1]


def sampled_topic_languages(
    topics: Sequence[int] | np.ndarray, docs: Sequence[str], per_topic: int = TOPIC_LANGUAGE_SAMPLE, seed: int = 0
) -> dict[int, tuple[str, float]]:
    """:func:`topic_languages` from a seeded sample of at most ``per_topic`` texts of each topic.

    >>> sampled_topic_languages([0, 0, 1], ["Wir sind viele und wir sind laut", "Das ist ein deutscher Satz", "ok"])
    {0: ('de', 1.0), 1: ('und', 0.0)}
    """
    topics = np.asarray(topics)
    rng = np.random.default_rng(seed)
    picked: list[int] = []
    for topic in np.unique(topics):
        members = np.flatnonzero(topics == topic)
        if len(members) > per_topic:
            members = np.sort(rng.choice(members, size=per_topic, replace=False))
        picked.extend(members.tolist())
    picked.sort()
    return topic_languages(topics[picked], detect_languages([docs[i] for i in picked]))


def topic_languages(topics: Sequence[int] | np.ndarray, langs: Sequence[str]) -> dict[int, tuple[str, float]]:
    """Each topic's most common language among its texts and that language's share (``und`` left out).

    >>> topic_languages([0, 0, 0, 1, -1], ["de", "de", "en", "und", "en"])
    {-1: ('en', 1.0), 0: ('de', 0.6667), 1: ('und', 0.0)}
    """
    by_topic: dict[int, list[str]] = {}
    for topic, lang in zip(np.asarray(topics).tolist(), langs):
        by_topic.setdefault(int(topic), []).append(lang)
    out = {}
    for topic in sorted(by_topic):
        shares = language_shares(by_topic[topic])
        out[topic] = shares[0] if shares else ("und", 0.0)
    return out


def readable_label(words: Sequence[str], n: int = 3) -> str:
    """A short label from a topic's top words: a bigram absorbs the unigrams it contains.

    >>> readable_label(["mental", "health", "mental health", "stigma", "illness"])
    'mental health, stigma, illness'
    >>> readable_label(["gun", "nra", "gun control", "shooting"])
    'gun control, nra, shooting'
    """
    chosen: list[str] = []
    for word in list(words)[:10]:
        tokens = word.split()
        if not tokens:
            continue
        if len(tokens) > 1:
            parts = [c for c in chosen if len(c.split()) == 1 and c in tokens]
            if parts:  # the bigram replaces the unigrams it contains, in the first one's place
                at = chosen.index(parts[0])
                chosen = [c for c in chosen if c not in parts]
                chosen.insert(at, word)
                continue
        covered = {t for c in chosen for t in c.split()}
        if set(tokens) <= covered:
            continue
        if len(chosen) < n:
            chosen.append(word)
    return ", ".join(chosen[:n]) if chosen else "(no words)"


# --- the model --------------------------------------------------------------------------------------
class TopicModel:
    """A fitted BERTopic model plus what the kit needs to assign new texts reproducibly.

    Attributes
    ----------
    bertopic
        The fitted :class:`bertopic.BERTopic`.
    params
        The :class:`TopicParams` it was fitted with.
    threshold
        Minimum cosine similarity to a topic embedding for a text not to be an outlier (-inf with
        ``reduce_outliers``).
    query_hashtags
        The hashtags left out of topic words.
    languages
        The languages whose stop words were left out of topic words.
    topic_languages
        ``topic -> (language, share)``: the most common detected language of each topic's fitted texts (a
        seeded sample of up to :data:`TOPIC_LANGUAGE_SAMPLE` per topic).
    """

    def __init__(
        self,
        bertopic: Any,
        params: TopicParams,
        threshold: float,
        query_hashtags: Sequence[str],
        languages: Sequence[str] = ("en",),
        topic_languages: dict[int, tuple[str, float]] | None = None,
    ) -> None:
        self.bertopic = bertopic
        self.params = params
        self.threshold = float(threshold)
        self.query_hashtags = tuple(query_hashtags)
        self.languages = tuple(languages)
        self.topic_languages = dict(topic_languages or {})

    # fitting ----------------------------------------------------------------------------------------
    @classmethod
    def fit(
        cls,
        docs: Sequence[str],
        embeddings: np.ndarray,
        params: TopicParams,
        query_hashtags: Sequence[str] = (),
        *,
        verbose: bool = False,
    ) -> tuple[TopicModel, np.ndarray]:
        """Fit on ``docs`` (the sample) with their ``embeddings``; return the model and the docs' topics."""
        _prepare_environment()
        from bertopic import BERTopic

        docs = list(docs)
        if len(docs) < 3:
            raise ValueError(f"too few distinct texts to model topics ({len(docs)}); select more tweets")
        embedder = as_embedder(params.backend)
        if params.langs:
            languages: Sequence[str] = params.langs
        else:
            picked = sample_indices(len(docs), LANGUAGE_SAMPLE, params.seed)
            languages = main_languages(detect_languages([docs[i] for i in picked]))
        vectorizer, doc_term = build_vectorizer(docs, params, query_hashtags, languages, return_matrix=True)
        tokens = token_count(docs)
        ctfidf = _ContentTfidf(tokens, params.reduce_frequent_words)
        from kit.topics.coherence import partition_coherence

        score = functools.partial(partition_coherence, doc_term=doc_term, tokens=tokens)
        reducer, clusterer = build_components(params, len(docs), score)
        model = BERTopic(
            embedding_model=_CachedBackend(embedder),
            umap_model=reducer,
            hdbscan_model=clusterer,
            vectorizer_model=vectorizer,
            ctfidf_model=ctfidf,
            top_n_words=params.top_n_words,
            min_topic_size=params.resolved_min_topic_size(len(docs)),
            nr_topics="auto" if params.nr_topics == "auto" else None,
            seed_topic_list=[list(g) for g in params.seed_words] or None,
            calculate_probabilities=False,
            verbose=verbose,
        )
        np.random.seed(params.seed)
        topics, _ = model.fit_transform(docs, embeddings=np.array(embeddings, dtype=np.float32, copy=True))
        if params.merge:
            model.merge_topics(docs, [list(g) for g in params.merge])
            topics = list(model.topics_)
        if isinstance(params.nr_topics, int):
            groups = merge_groups(model, params.nr_topics)
            if groups:
                model.merge_topics(docs, groups)
                topics = list(model.topics_)
        topics_arr = np.asarray(topics, dtype=np.int64)
        kit_model = cls(model, params, -np.inf, query_hashtags, languages)
        best, sims = kit_model._nearest(embeddings)
        outliers = topics_arr == -1
        if params.reduce_outliers and outliers.any() and (~outliers).any():
            topics_arr = np.where(outliers, best, topics_arr)
            model.update_topics(
                docs,
                topics=topics_arr.tolist(),
                top_n_words=params.top_n_words,
                vectorizer_model=vectorizer,
                ctfidf_model=ctfidf,
            )
        elif not params.reduce_outliers and outliers.any() and (~outliers).any():
            # Non-sample texts below this similarity become outliers: the sample's outlier share is kept.
            kit_model.threshold = float(np.quantile(sims, outliers.mean()))
        kit_model.topic_languages = sampled_topic_languages(topics_arr, docs, seed=params.seed)
        model.set_topic_labels(
            {
                t: ("outliers" if t == -1 else readable_label([w for w, _ in model.get_topic(t) or []]))
                for t in sorted(model.get_topics())
            }
        )
        return kit_model, topics_arr

    def _topic_ids(self) -> np.ndarray:
        ids = sorted(self.bertopic.get_topics())
        return np.array([t for t in ids if t != -1], dtype=np.int64)

    def _nearest(self, embeddings: np.ndarray, batch: int = 100_000) -> tuple[np.ndarray, np.ndarray]:
        """Nearest topic (by cosine to topic embeddings) and its similarity, for each row."""
        ids = self._topic_ids()
        if not len(ids):
            return np.full(len(embeddings), -1, dtype=np.int64), np.zeros(len(embeddings), dtype=np.float32)
        topic_vecs = np.asarray(self.bertopic.topic_embeddings_, dtype=np.float32)
        offset = int(self.bertopic._outliers)
        topic_vecs = topic_vecs[ids + offset]
        topic_vecs = topic_vecs / np.maximum(np.linalg.norm(topic_vecs, axis=1, keepdims=True), 1e-12)
        best = np.empty(len(embeddings), dtype=np.int64)
        sims = np.empty(len(embeddings), dtype=np.float32)
        for start in range(0, len(embeddings), batch):
            chunk = np.asarray(embeddings[start : start + batch], dtype=np.float32)
            chunk = chunk / np.maximum(np.linalg.norm(chunk, axis=1, keepdims=True), 1e-12)
            s = chunk @ topic_vecs.T
            arg = s.argmax(axis=1)
            best[start : start + batch] = ids[arg]
            sims[start : start + batch] = s[np.arange(len(chunk)), arg]
        return best, sims

    def assign(self, embeddings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Topic of each embedded text (-1 below :attr:`threshold`) and its similarity."""
        best, sims = self._nearest(embeddings)
        return np.where(sims >= self.threshold, best, -1), sims

    # tables -----------------------------------------------------------------------------------------
    def topic_info(self) -> pl.DataFrame:
        """``topic``, ``label``, ``words`` (list), ``fit_size`` (documents in the fitted sample), ``representative`` (list)."""
        info = self.bertopic.get_topic_info()
        custom = self.bertopic.custom_labels_ or []
        offset = int(self.bertopic._outliers)
        rows = []
        for topic in info["Topic"].tolist():
            words = [w for w, _ in (self.bertopic.get_topic(topic) or []) if w]
            label = "outliers" if topic == -1 else (custom[topic + offset] if custom else ", ".join(words[:3]))
            reps = (self.bertopic.representative_docs_ or {}).get(topic, []) or []
            lang, lang_share = self.topic_languages.get(int(topic), ("und", 0.0))
            rows.append(
                {
                    "topic": int(topic),
                    "label": label,
                    "words": words,
                    "fit_size": int(info.loc[info["Topic"] == topic, "Count"].iloc[0]),
                    "lang": lang,
                    "lang_share": float(lang_share),
                    "representative": [str(r) for r in reps],
                }
            )
        return pl.DataFrame(
            rows,
            schema={
                "topic": pl.Int64,
                "label": pl.String,
                "words": pl.List(pl.String),
                "fit_size": pl.Int64,
                "lang": pl.String,
                "lang_share": pl.Float64,
                "representative": pl.List(pl.String),
            },
        )

    # persistence ------------------------------------------------------------------------------------
    def save(self, folder: str | os.PathLike[str], tables: dict[str, pl.DataFrame] | None = None) -> Path:
        """Save BERTopic (safetensors), the kit's state and ``tables`` (``name -> frame``, as Parquet) into ``folder``.

        Everything is written into a temporary folder beside ``folder`` and renamed into place in one
        step, so a reader never sees half a model; if another process saved the same key first, its
        (identical) folder is kept.
        """
        target = Path(folder)
        with atomic_dir(target) as tmp:
            embedder = as_embedder(self.params.backend)
            self.bertopic.save(
                tmp / "bertopic", serialization="safetensors", save_ctfidf=True, save_embedding_model=embedder.path
            )
            write_json_atomic(
                tmp / "kit_model.json",
                {
                    "version": MODEL_VERSION,
                    "params": self.params.to_dict(),
                    "threshold": self.threshold,
                    "query_hashtags": list(self.query_hashtags),
                    "languages": list(self.languages),
                    "topic_languages": {str(t): list(v) for t, v in self.topic_languages.items()},
                },
            )
            for name, frame in (tables or {}).items():
                write_parquet_atomic(frame, tmp / f"{name}.parquet")
        return target

    @classmethod
    def load(cls, folder: str | os.PathLike[str]) -> TopicModel:
        """Load a model written by :meth:`save` (no refit; the embedder loads only when needed)."""
        _prepare_environment()
        from bertopic import BERTopic

        folder = Path(folder)
        meta_path = folder / "kit_model.json"
        if not meta_path.is_file():
            raise FileNotFoundError(f"no saved topic model in {folder} (kit_model.json missing)")
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        raw = dict(meta["params"])
        raw["seed_words"] = tuple(tuple(g) for g in raw.get("seed_words", ()))
        raw["merge"] = tuple(tuple(g) for g in raw.get("merge", ()))
        for name in ("query_hashtags", "langs"):
            if raw.get(name) is not None:
                raw[name] = tuple(raw[name])
        params = TopicParams(**raw)
        model = BERTopic.load(str(folder / "bertopic"), embedding_model=_CachedBackend(as_embedder(params.backend)))
        threshold = meta["threshold"]
        return cls(
            model,
            params,
            -np.inf if threshold is None else threshold,
            meta.get("query_hashtags", ()),
            meta.get("languages", ("en",)),
            {int(t): (str(v[0]), float(v[1])) for t, v in meta.get("topic_languages", {}).items()},
        )


# --- the whole pipeline -----------------------------------------------------------------------------
@dataclasses.dataclass
class TopicResult:
    """A fitted (or loaded) model with its tables.

    Attributes
    ----------
    model
        The :class:`TopicModel`.
    topics
        ``topic``, ``label``, ``words``, ``size`` (tweets), ``share``, ``fit_size``, ``lang`` (the
        topic's main detected language), ``lang_share`` (its share of the topic's fitted texts),
        ``representative``.
    assignments
        ``tweet_id``, ``topic`` (-1: outlier), ``similarity`` to the topic embedding.
    key
        The cache key (data + parameters).
    folder
        Where it is cached (None when not cached).
    timings
        Seconds spent per stage (``prepare``, ``embed``, ``fit``, ``assign``, or ``load``).
    """

    model: TopicModel
    topics: pl.DataFrame
    assignments: pl.DataFrame
    key: str
    folder: Path | None = None
    timings: dict[str, float] = dataclasses.field(default_factory=dict)


def _topic_table(model: TopicModel, assignments: pl.DataFrame) -> pl.DataFrame:
    sizes = assignments.group_by("topic").len("size")
    total = max(assignments.height, 1)
    return (
        model.topic_info()
        .join(sizes, on="topic", how="left")
        .with_columns(pl.col("size").fill_null(0).cast(pl.Int64))
        .with_columns((pl.col("size") / total).alias("share"))
        .select("topic", "label", "words", "size", "share", "fit_size", "lang", "lang_share", "representative")
        .sort("topic")
    )


def topics_key(docs: pl.DataFrame, params: TopicParams, model_id: str) -> str:
    """The cache key of a topic model: the data's fingerprint, every parameter and the embedding model."""
    return cache_key("topics", MODEL_VERSION, data=data_fingerprint(docs), params=params.to_dict(), model=model_id)


def fit_topics(
    frame: pl.DataFrame,
    params: TopicParams | None = None,
    *,
    progress: Progress | None = None,
    embedder: Embedder | None = None,
) -> TopicResult:
    """Fit a topic model on a canonical frame (no model cache; embeddings are cached).

    Parameters
    ----------
    frame
        Canonical tweets (at least ``tweet_id``, ``text``, ``hashtags``).
    params
        :class:`TopicParams` (defaults: model2vec, Leiden on the kNN graph, 20,000-text sample).
    progress
        A :class:`kit.progress.Progress` callback for the embedding step (None: silent).
    embedder
        An :class:`~kit.topics.embed.Embedder` to reuse (its ``n_encoded`` counts model calls).

    Examples
    --------
    >>> result = fit_topics(tweets, TopicParams(sample_size=5000))  # doctest: +SKIP
    >>> result.topics.select("topic", "label", "size").head(3)  # doctest: +SKIP
    """
    require("topics", "the topic model")
    params = params or TopicParams()
    embedder = embedder or Embedder(params.backend)
    started = time.perf_counter()
    docs = documents(frame)
    key = topics_key(docs, params, embedder.model_id)
    prepared = time.perf_counter() - started
    result = _fit(frame, docs, params, embedder, progress, key)
    result.timings = {"prepare": round(prepared, 3), **result.timings}
    return result


def _fit(
    frame: pl.DataFrame,
    docs: pl.DataFrame,
    params: TopicParams,
    embedder: Embedder,
    progress: Progress | None,
    key: str,
) -> TopicResult:
    clock = time.perf_counter()
    timings: dict[str, float] = {}

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = round(now - clock, 3)
        clock = now

    query = params.query_hashtags if params.query_hashtags is not None else infer_query_hashtags(frame)
    distinct = distinct_documents(docs)
    texts = distinct["doc"].to_list()
    if len(texts) < 3:
        raise ValueError(f"only {len(texts)} distinct tweet text(s) in this selection; topics need more")
    lap("distinct")
    vectors = embed_texts(texts, embedder, progress=progress, clean=False)
    lap("embed")
    picked = sample_indices(len(texts), params.sample_size, params.seed)
    log.info("fitting topics on %d of %d distinct texts", len(picked), len(texts))
    model, fitted = TopicModel.fit([texts[i] for i in picked], vectors[picked], params, query, verbose=False)
    lap("fit")
    topics, sims = model.assign(vectors)
    topics[picked] = fitted  # the sample keeps the model's own labels
    per_doc = pl.DataFrame(
        {"doc": texts, "topic": topics, "similarity": sims},
        schema={"doc": pl.String, "topic": pl.Int64, "similarity": pl.Float32},
    )
    assignments = (
        docs.join(per_doc, on="doc", how="left")
        .with_columns(pl.col("topic").fill_null(-1), pl.col("similarity").fill_null(0.0))
        .select("tweet_id", "topic", "similarity")
        .sort("tweet_id")
    )
    table = _topic_table(model, assignments)
    lap("assign")
    return TopicResult(model=model, topics=table, assignments=assignments, key=key, timings=timings)


def fit_or_load(
    frame: pl.DataFrame,
    params: TopicParams | None = None,
    *,
    progress: Progress | None = None,
    cache: bool = True,
    embedder: Embedder | None = None,
) -> TopicResult:
    """Load the cached model for this data and these parameters, or fit and cache it.

    The cache folder ``data/cache/topics/<key>/`` holds ``bertopic/`` (safetensors), ``kit_model.json``,
    ``topics.parquet`` and ``assignments.parquet``. Report variants that select from one corpus-wide
    table can call this with the whole table and filter the assignments, so topics stay comparable.
    """
    require("topics", "the topic model")
    params = params or TopicParams()
    embedder = embedder or Embedder(params.backend)
    started = time.perf_counter()
    docs = documents(frame)
    key = topics_key(docs, params, embedder.model_id)
    prepared = round(time.perf_counter() - started, 3)
    folder = config.cache_dir("topics", key)
    if cache and (folder / "assignments.parquet").is_file() and (folder / "kit_model.json").is_file():
        log.info("loading cached topic model %s", key)
        result = TopicResult(
            model=TopicModel.load(folder),
            topics=pl.read_parquet(folder / "topics.parquet"),
            assignments=pl.read_parquet(folder / "assignments.parquet"),
            key=key,
            folder=folder,
        )
        result.timings = {"prepare": prepared, "load": round(time.perf_counter() - started - prepared, 3)}
        return result
    result = _fit(frame, docs, params, embedder, progress, key)
    result.timings = {"prepare": prepared, **result.timings}
    if cache:
        result.model.save(folder, {"topics": result.topics, "assignments": result.assignments})
        result.folder = folder
    return result


def parse_seed_words(values: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    """Parse ``["w1,w2", "w3 w4"]`` (comma or space separated) into seed-word groups.

    >>> parse_seed_words(["harassment, street", "men fear"])
    (('harassment', 'street'), ('men', 'fear'))
    """
    groups = []
    for value in values:
        words = tuple(w for w in re.split(r"[,\s]+", value.strip().lower()) if w)
        if words:
            groups.append(words)
    return tuple(groups)
