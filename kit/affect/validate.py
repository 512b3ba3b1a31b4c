"""Checking the scores against people: coded CSVs read back, agreement, labelled-set evaluation.

The loop: ``kit.describe.write_coding_sample`` exports tweets with empty code columns
(:data:`CODE_COLUMNS`); each coder fills a copy; :func:`read_coding` reads one or several copies
back and :func:`agreement` reports inter-coder agreement (Krippendorff's α over all coders, Cohen's
κ for each pair) and how well each automatic score matches the (majority) human code (AUC,
accuracy, per class).

Human codes: ``emotion`` one of :data:`kit.affect.lexicon.AFFECTS` or ``none``; ``testimony`` and
``call_to_action`` 1/0 (yes/no also read); ``sentiment`` ``negative``/``neutral``/``positive`` (or
-1/0/1). Empty cells are "not coded".

Examples
--------
>>> codes = pl.DataFrame({"tweet_id": ["1", "2", "1", "2"], "coder": ["a", "a", "b", "b"],
...                       "testimony": [1.0, 0.0, 1.0, 1.0]})
>>> round(cohen_kappa(codes, "testimony")["kappa"][0], 2)
0.0
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from kit.affect.lexicon import AFFECTS
from kit.describe import AFFECT_CODES

#: Code columns added to the coding sample (left empty for the coders).
CODE_COLUMNS: tuple[str, ...] = AFFECT_CODES
_BINARY = {"1": 1.0, "yes": 1.0, "y": 1.0, "true": 1.0, "x": 1.0, "0": 0.0, "no": 0.0, "n": 0.0, "false": 0.0}
_SENTIMENT = {
    "negative": -1.0,
    "neg": -1.0,
    "-1": -1.0,
    "neutral": 0.0,
    "neu": 0.0,
    "0": 0.0,
    "positive": 1.0,
    "pos": 1.0,
    "1": 1.0,
    "+1": 1.0,
}
#: VADER's customary cut-offs for negative / neutral / positive.
SENTIMENT_CUT: float = 0.05


def _parse(values: pl.Series, mapping: dict[str, float], what: str, path: Path) -> pl.Series:
    clean = values.cast(pl.String).str.strip_chars().str.to_lowercase()
    bad = clean.filter(clean.is_not_null() & (clean != "") & ~clean.is_in(list(mapping))).unique().to_list()
    if bad:
        raise ValueError(
            f"{path.name}: column {what} has codes {bad[:5]} that are not one of "
            f"{sorted(set(mapping))}; fix them or leave the cell empty"
        )
    return clean.replace_strict(mapping, default=None, return_dtype=pl.Float64)


def read_coding(paths: str | Path | Sequence[str | Path], *, coders: Sequence[str] | None = None) -> pl.DataFrame:
    """Read coded CSVs (one per coder) into one long frame.

    Parameters
    ----------
    paths
        The coded copies of a coding sample (``tweet_id`` plus any of :data:`CODE_COLUMNS`, with or
        without the ``code_`` prefix).
    coders
        Their names (default: each file's stem).

    Returns
    -------
    ``tweet_id``, ``coder``, ``sentiment`` (-1/0/1), ``emotion`` (string), ``testimony``,
    ``call_to_action`` (0/1); null where a cell was left empty.
    """
    files = [Path(paths)] if isinstance(paths, (str, Path)) else [Path(p) for p in paths]
    if not files:
        raise ValueError("give at least one coded CSV")
    names = list(coders) if coders is not None else [f.stem for f in files]
    if len(names) != len(files) or len(set(names)) != len(names):
        raise ValueError("give one distinct coder name per file (or leave them to the file names)")
    frames = []
    for path, coder in zip(files, names):
        if not path.is_file():
            raise FileNotFoundError(f"no such coded file: {path}")
        try:
            raw = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
        except pl.exceptions.PolarsError as exc:  # a Parquet table, a spreadsheet, a ragged file
            raise ValueError(
                f"{path.name} is not a coded CSV ({str(exc).splitlines()[0]}); give the CSV copies of the "
                "coding sample (write_coding_sample) that each coder filled in, saved as CSV"
            ) from exc
        raw = raw.rename({c: c.lstrip("\ufeff") for c in raw.columns})
        if "tweet_id" not in raw.columns:
            raise ValueError(f"{path.name}: no tweet_id column; code a copy of the file write_coding_sample made")
        col = {
            c.removeprefix("code_"): c
            for c in raw.columns
            if c.removeprefix("code_") in ("sentiment", "emotion", "testimony", "call_to_action")
        }
        if not col:
            raise ValueError(f"{path.name}: none of the code columns {list(CODE_COLUMNS)} is present")
        out = {"tweet_id": raw["tweet_id"], "coder": pl.Series([coder] * raw.height, dtype=pl.String)}
        out["sentiment"] = (
            _parse(raw[col["sentiment"]], _SENTIMENT, col["sentiment"], path)
            if "sentiment" in col
            else pl.Series([None] * raw.height, dtype=pl.Float64)
        )
        if "emotion" in col:
            emo = raw[col["emotion"]].str.strip_chars().str.to_lowercase().replace("", None)
            bad = emo.drop_nulls().filter(~emo.drop_nulls().is_in([*AFFECTS, "none"])).unique().to_list()
            if bad:
                raise ValueError(f"{path.name}: emotion codes {bad[:5]} are not one of {[*AFFECTS, 'none']}")
            out["emotion"] = emo
        else:
            out["emotion"] = pl.Series([None] * raw.height, dtype=pl.String)
        for name in ("testimony", "call_to_action"):
            out[name] = (
                _parse(raw[col[name]], _BINARY, col[name], path)
                if name in col
                else pl.Series([None] * raw.height, dtype=pl.Float64)
            )
        frames.append(pl.DataFrame(out))
    return pl.concat(frames)


def _wide(codes: pl.DataFrame, column: str) -> pl.DataFrame:
    return codes.filter(pl.col(column).is_not_null()).pivot(
        on="coder", index="tweet_id", values=column, aggregate_function="first"
    )


def krippendorff_alpha(codes: pl.DataFrame, column: str) -> float | None:
    """Krippendorff's α of one code over all coders (nominal; interval for sentiment). None if < 2 coders."""
    import krippendorff

    wide = _wide(codes, column)
    coders = [c for c in wide.columns if c != "tweet_id"]
    if len(coders) < 2 or wide.height < 2:
        return None
    if codes.schema[column] == pl.String:
        levels = {v: i for i, v in enumerate(sorted(codes[column].drop_nulls().unique().to_list()))}
        data = np.array(
            [[levels.get(v, np.nan) if v is not None else np.nan for v in wide[c].to_list()] for c in coders],
            dtype=float,
        )
    else:
        data = np.array([wide[c].to_numpy().astype(float) for c in coders])
    if len(np.unique(data[~np.isnan(data)])) < 2:
        return None
    level = "interval" if column == "sentiment" else "nominal"
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement=level))


def cohen_kappa(codes: pl.DataFrame, column: str) -> pl.DataFrame:
    """Cohen's κ of one code for each pair of coders: ``coder_a``, ``coder_b``, ``n`` (both coded), ``kappa``."""
    from sklearn.metrics import cohen_kappa_score

    wide = _wide(codes, column)
    coders = [c for c in wide.columns if c != "tweet_id"]
    rows = []
    for a, b in itertools.combinations(coders, 2):
        both = wide.select(a, b).drop_nulls()
        labels = set(both[a].cast(pl.String).to_list()) | set(both[b].cast(pl.String).to_list())
        kappa = (
            float(cohen_kappa_score(both[a].cast(pl.String), both[b].cast(pl.String))) if len(labels) > 1 else None
        )  # one label only: kappa is undefined
        rows.append({"coder_a": a, "coder_b": b, "n": both.height, "kappa": kappa})
    return pl.DataFrame(rows, schema={"coder_a": pl.String, "coder_b": pl.String, "n": pl.Int64, "kappa": pl.Float64})


def consensus(codes: pl.DataFrame) -> pl.DataFrame:
    """One code per tweet: the majority over coders (ties: the first value in sorted order)."""
    aggs = [
        pl.col(c).drop_nulls().mode().sort().first().alias(c)
        for c in ("sentiment", "emotion", "testimony", "call_to_action")
    ]
    return codes.group_by("tweet_id").agg(aggs).sort("tweet_id")


def _binary_rows(truth: pl.Series, score: pl.Series, name: str, cut: float) -> dict[str, Any]:
    from sklearn.metrics import roc_auc_score

    y, s = truth.to_numpy().astype(int), score.to_numpy().astype(float)
    pred = (s >= cut).astype(int)
    auc = float(roc_auc_score(y, s)) if len(np.unique(y)) == 2 else None
    rows = {"measure": name, "n": len(y), "auc": auc, "accuracy": float((pred == y).mean())}
    for cls in (0, 1):
        sel = y == cls
        rows[f"recall_{cls}"] = float((pred[sel] == cls).mean()) if sel.any() else None
    return rows


def score_agreement(human: pl.DataFrame, scores: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """How each automatic score agrees with the human (consensus) codes.

    Returns ``{"binary": ...}`` (testimony and call_to_action: ``n``, ``auc``, ``accuracy``,
    ``recall_0``, ``recall_1`` at the 0.5 cut), ``{"sentiment": ...}`` (VADER cut at ±0.05: per class
    precision/recall/F1 and support, plus ``macro`` and ``accuracy`` rows) and ``{"emotion": ...}``
    (the dominant emotion against the coded one, same layout; tweets coded ``none`` included).
    """
    from sklearn.metrics import classification_report

    from kit.affect.tables import with_dominant

    joined = human.join(with_dominant(scores), on="tweet_id", how="inner", suffix="_score")
    rows = []
    for name in ("testimony", "call_to_action"):
        both = joined.select(pl.col(name), pl.col(f"{name}_score")).drop_nulls()
        if both.height:
            rows.append(_binary_rows(both[name], both[f"{name}_score"], name, 0.5))
    out = {"binary": pl.DataFrame(rows) if rows else pl.DataFrame()}

    def report(truth: list[str], pred: list[str]) -> pl.DataFrame:
        rep = classification_report(truth, pred, output_dict=True, zero_division=0)
        table = [
            {
                "class": k,
                "precision": v["precision"],
                "recall": v["recall"],
                "f1": v["f1-score"],
                "support": int(v["support"]),
            }
            for k, v in rep.items()
            if isinstance(v, dict) and k != "weighted avg"
        ]
        table.append(
            {
                "class": "accuracy",
                "precision": None,
                "recall": None,
                "f1": float(rep["accuracy"]),
                "support": len(truth),
            }
        )
        return pl.DataFrame(table).with_columns(pl.col("class").replace("macro avg", "macro"))

    sent = joined.select("sentiment", "sentiment_score").drop_nulls()
    if sent.height:
        label = {-1.0: "negative", 0.0: "neutral", 1.0: "positive"}
        pred = [
            ("positive" if v >= SENTIMENT_CUT else "negative" if v <= -SENTIMENT_CUT else "neutral")
            for v in sent["sentiment_score"].to_list()
        ]
        out["sentiment"] = report([label[v] for v in sent["sentiment"].to_list()], pred)
    emo = joined.select("emotion", "dominant").drop_nulls()
    if emo.height:
        out["emotion"] = report(emo["emotion"].to_list(), emo["dominant"].to_list())
    return out


def agreement(codes: pl.DataFrame, scores: pl.DataFrame | None = None) -> dict[str, pl.DataFrame]:
    """Inter-coder agreement per code (α, mean pairwise κ) and, given ``scores``, score–human agreement.

    Returns ``{"coders": code, coders, tweets, alpha, kappa_mean}`` plus, with scores, the tables of
    :func:`score_agreement` under ``binary``, ``sentiment`` and ``emotion``.
    """
    rows = []
    for column in ("sentiment", "emotion", "testimony", "call_to_action"):
        coded = codes.filter(pl.col(column).is_not_null())
        if coded.height == 0:
            continue
        kappas = cohen_kappa(codes, column)["kappa"].drop_nulls()
        rows.append(
            {
                "code": column,
                "coders": coded["coder"].n_unique(),
                "tweets": coded["tweet_id"].n_unique(),
                "alpha": krippendorff_alpha(codes, column),
                "kappa_mean": float(kappas.mean()) if kappas.len() else None,
            }
        )  # type: ignore[arg-type]
    out = {
        "coders": pl.DataFrame(
            rows,
            schema={
                "code": pl.String,
                "coders": pl.Int64,
                "tweets": pl.Int64,
                "alpha": pl.Float64,
                "kappa_mean": pl.Float64,
            },
        )
    }
    if scores is not None:
        out.update(score_agreement(consensus(codes), scores))
    return out


# --- labelled sets and the embedding classifier -------------------------------------------------------
def nrc_emotion_labels(
    scores: pl.DataFrame,
    labels: Sequence[str] = ("anger", "joy", "optimism", "sadness"),
    *,
    optimism: Sequence[str] = ("anticipation", "trust", "empowerment"),
) -> list[str]:
    """Map scores to TweetEval's four emotions (optimism = the sum of ``optimism`` columns); ties and
    tweets without an emotion word go to the first label."""
    cols = {
        lab: (pl.sum_horizontal([pl.col(c) for c in optimism]) if lab == "optimism" else pl.col(lab)) for lab in labels
    }
    values = scores.select([e.fill_null(0).alias(k) for k, e in cols.items()]).to_numpy()
    return [labels[i] for i in values.argmax(axis=1)]


def fit_embedding_classifier(
    texts: Sequence[str], labels: Sequence[Any], *, backend: str = "model2vec", c: float = 4.0, seed: int = 42
) -> Any:
    """Logistic regression on the cached sentence embeddings (:func:`kit.topics.embed.embed_texts`).

    Where a labelled set exists (your own coded tweets, or TweetEval), this usually beats the lexicons
    (see the README's Affect figures). Predict with :func:`predict_embedding_classifier`.
    """
    from sklearn.linear_model import LogisticRegression

    from kit.topics.embed import embed_texts

    x = embed_texts(list(texts), backend, progress=False)
    model = LogisticRegression(C=c, max_iter=5000, random_state=seed)
    model.fit(x, list(labels))
    model.backend_ = backend
    return model


def predict_embedding_classifier(model: Any, texts: Sequence[str]) -> list[Any]:
    """Labels for ``texts`` from a model of :func:`fit_embedding_classifier`."""
    from kit.topics.embed import embed_texts

    return list(model.predict(embed_texts(list(texts), model.backend_, progress=False)))
