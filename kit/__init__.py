"""hashtag-kit: an open research kit for studying hashtag activism on Twitter/X.

The public API is re-exported here lazily (heavy modules load on first use, so ``import kit``
stays fast)::

    import kit
    tweets = kit.read_tweets(["data/raw/collection.jsonl.gz"])
    slice_ = kit.select(tweets, hashtags=["yesallwomen"], start="2014-05-24", end="2014-05-31")

Modules import downward only: ``schema``/``config``/``cache`` at the bottom, then ``ingest``,
``sample``, ``selection``, ``privacy``, the analyses (``describe``, ``networks``, ``topics``),
``charts``, and ``reports``/``cli`` at the top.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: public name -> "module:attribute"
_EXPORTS: dict[str, str] = {
    # schema and selection
    "SCHEMA": "kit.schema:SCHEMA",
    "validate": "kit.schema:validate",
    "Selection": "kit.selection:Selection",
    "select": "kit.selection:select",
    "pseudonymize": "kit.privacy:pseudonymize",
    # ingest
    "read_tweets": "kit.ingest:read_tweets",
    "import_tweets": "kit.ingest:import_tweets",
    "ImportReport": "kit.ingest:ImportReport",
    "IngestError": "kit.ingest:IngestError",
    # sample
    "generate_sample": "kit.sample:generate_sample",
    "ensure_sample": "kit.sample:ensure_sample",
    # describe (explore)
    "summary": "kit.describe:summary",
    "describe_all": "kit.describe:describe_all",
    "compare": "kit.describe:compare",
    "coding_sample": "kit.describe:coding_sample",
    "save_chart": "kit.charts.export:save",
    # networks
    "network": "kit.networks:network",
    "Network": "kit.networks:Network",
    "slice_networks": "kit.networks:slice_networks",
    "export_network": "kit.networks:export_network",
    # topics
    "TopicParams": "kit.topics.model:TopicParams",
    "TopicModel": "kit.topics.model:TopicModel",
    "fit_topics": "kit.topics.model:fit_topics",
    "fit_or_load": "kit.topics.model:fit_or_load",
    "embed_texts": "kit.topics.embed:embed_texts",
    # affect
    "score_affect": "kit.affect.score:score_affect",
    "affect_table": "kit.affect.score:affect_table",
    "affect_section": "kit.affect.tables:affect_section",
    "read_coding": "kit.affect.validate:read_coding",
    # reports
    "Variant": "kit.reports:Variant",
    "render_variants": "kit.reports:render_variants",
}

_SUBMODULES = (
    "schema",
    "config",
    "cache",
    "selection",
    "privacy",
    "ingest",
    "sample",
    "describe",
    "networks",
    "notebook",
    "topics",
    "affect",
    "charts",
    "reports",
    "cli",
)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        module_name, attr = _EXPORTS[name].split(":")
        value = getattr(importlib.import_module(module_name), attr)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        module = importlib.import_module(f"kit.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'kit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS, *_SUBMODULES])
