"""Report variants: parameters, parallel papermill runs, self-contained HTML, manifests and an index.

One parameterized notebook (``notebooks/report.ipynb``) is rendered once per *variant* (a name and
the notebook parameters it sets) into ``reports/<variant>/``:

- ``report.ipynb`` — the executed notebook;
- ``report.html`` — a self-contained page (code hidden by default) that opens offline: charts are
  inline SVG images, no script runs (a Content-Security-Policy forbids scripts and requests to any
  other host), and tweet text is escaped;
- ``manifest.json`` — parameters, input data hash, notebook and kit hashes, package versions, seed,
  timings, status, and on failure the failing cell and its error.

``reports/index.html`` lists every variant with its status and links.

Variants run in parallel worker processes. Each kernel talks to its worker over ZeroMQ *ipc*
sockets in a private temporary folder instead of TCP ports, so the well-known start-up race of
parallel papermill runs (two kernels picking the same free port, ``ZMQError: Address already in
use``; nteract/papermill#511, where the jupyter_client maintainers suggest exactly this) cannot
happen. A failing variant is recorded and does not stop the others; an up-to-date variant (same
notebook, data, parameters and kit version, status ok) is skipped unless ``force``.

Modules (imports go down this list only)
----------------------------------------
- :mod:`kit.reports.variants` — variant names, date periods, ``reports.toml``, the notebook's parameters;
- :mod:`kit.reports.provenance` — the kit's code hash, package versions, whether data are synthetic;
- :mod:`kit.reports.notebook` — the report's one-line sections (header, data quality, key figures, comparison);
- :mod:`kit.reports.html` — the self-contained report page and the index page;
- :mod:`kit.reports.topics` — the corpus-wide topic model shared by all variants;
- :mod:`kit.reports.affect` — the affect section (emotion, testimony, calls to action);
- :mod:`kit.reports.render` — parallel rendering, manifests, ``kit render``.

The helpers every notebook calls (set-up, opening the corpus, :class:`Note`, :func:`table`,
:func:`chart`) live in :mod:`kit.notebook`; they are re-exported here, so ``reports.table(...)`` works.

Examples
--------
>>> variants = variants_from_options(hashtags=["YesAllWomen", "notallmen"], data_path="t.parquet")
>>> [v.name for v in variants]
['yesallwomen', 'notallmen']
>>> variants[0].parameters["hashtags"]
['yesallwomen']
>>> check_variant_name("../etc")
Traceback (most recent call last):
...
ValueError: invalid variant name '../etc': use letters, digits, '-' and '_' (at most 80 characters, starting with a letter or digit)
"""

from __future__ import annotations

from kit.notebook.display import Figure, Note, Table, alt_text, attempt, chart, table
from kit.reports.html import CSP, export_html, selection_text, write_index
from kit.notebook.corpus import (
    import_figures,
    missing_values,
    nearest_hashtags,
    open_corpus,
    raw_files_or_sample,
    resolve_data_path,
    selection_from_parameters,
    time_bins,
)
from kit.reports.notebook import (
    Comparison,
    compare_volumes,
    compare_words,
    comparison,
    data_quality,
    header,
    key_figures,
    setup_notebook,
    variant_figures,
)
from kit.reports.provenance import MANIFEST_PACKAGES, is_synthetic, kit_code_hash, package_versions
from kit.reports.render import (
    RenderSummary,
    check_canonical_table,
    is_up_to_date,
    kernel_env,
    kernel_manager_class,
    kernel_transport,
    notebook_figures,
    render_one,
    render_variants,
    resolve_variants,
    warm_topic_models,
)
from kit.reports.topics import (
    TOPIC_COLUMNS,
    CorpusTopics,
    community_topics,
    corpus_topics,
    topic_shares,
    topics_over_time,
)
from kit.reports.affect import affect_coverage, affect_part, affect_section
from kit.reports.variants import (
    DEFAULT_HASHTAGS,
    Variant,
    check_parameters,
    check_variant_name,
    coerce_value,
    data_span,
    default_variants,
    load_variants_file,
    notebook_parameters,
    parse_param_options,
    period_windows,
    slug,
    variants_from_options,
)

__all__ = [
    "affect_coverage", "affect_part", "affect_section",
    "CSP", "DEFAULT_HASHTAGS", "MANIFEST_PACKAGES", "TOPIC_COLUMNS", "Comparison", "CorpusTopics", "Figure", "Note",
    "RenderSummary", "alt_text", "check_canonical_table", "comparison", "data_quality", "nearest_hashtags",
    "notebook_figures", "time_bins", "variant_figures",
    "Table", "Variant", "attempt", "chart", "check_parameters", "check_variant_name", "coerce_value",
    "community_topics", "compare_volumes", "compare_words", "corpus_topics", "data_span", "default_variants",
    "export_html", "header", "import_figures", "is_synthetic", "is_up_to_date", "kernel_env", "kernel_manager_class", "kernel_transport", "key_figures",
    "kit_code_hash", "load_variants_file", "missing_values", "notebook_parameters", "open_corpus",
    "package_versions", "parse_param_options", "period_windows", "raw_files_or_sample", "render_one",
    "render_variants", "resolve_data_path", "resolve_variants", "selection_from_parameters", "setup_notebook",
    "slug", "table", "selection_text", "topic_shares", "topics_over_time", "variants_from_options",
    "warm_topic_models", "write_index",
]
