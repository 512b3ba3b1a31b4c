"""Helpers notebooks call in one line each: set-up, opening a corpus, the selection, notes, tables and charts.

Every notebook (the numbered ones, the workshop and the report) uses these; the report's own sections
(header, key figures, data quality, comparison, topics, affect) live in :mod:`kit.reports`, which also
re-exports these names so ``reports.table(...)`` keeps working.

- :mod:`kit.notebook.corpus` — :func:`setup_notebook`, :func:`open_data` (the table, hashtags from the data,
  the synthetic banner), :func:`open_corpus`, :func:`resolve_data_path`, :func:`selection_from_parameters`,
  :func:`time_bins`, :func:`nearest_hashtags`, import figures;
- :mod:`kit.notebook.console` — the kit's log messages and one progress bar per long step;
- :mod:`kit.notebook.display` — :class:`Note`, :class:`Table`, :func:`table`, :func:`attempt`, :func:`chart`.

Examples
--------
>>> from kit import notebook
>>> notebook.selection_from_parameters(["YesAllWomen"], "2014-05-24", "2014-05-31").describe()
'#yesallwomen; from 2014-05-24 to 2014-05-31 (UTC)'
"""

from __future__ import annotations

from kit.notebook.console import ProgressBar, progress_bar, show_kit_messages
from kit.notebook.corpus import (
    NotebookData,
    check_canonical_table,
    data_path_candidates,
    import_figures,
    missing_values,
    most_frequent_co_hashtag,
    most_frequent_hashtag,
    nearest_hashtags,
    open_corpus,
    open_data,
    raw_files_or_sample,
    resolve_data_path,
    selection_from_parameters,
    setup_notebook,
    time_bins,
)
from kit.notebook.display import Figure, Note, Table, alt_text, attempt, chart, synthetic_banner, table

__all__ = [
    "Figure",
    "Note",
    "NotebookData",
    "ProgressBar",
    "Table",
    "alt_text",
    "attempt",
    "chart",
    "check_canonical_table",
    "data_path_candidates",
    "import_figures",
    "missing_values",
    "most_frequent_co_hashtag",
    "most_frequent_hashtag",
    "nearest_hashtags",
    "open_corpus",
    "open_data",
    "progress_bar",
    "raw_files_or_sample",
    "resolve_data_path",
    "selection_from_parameters",
    "setup_notebook",
    "show_kit_messages",
    "synthetic_banner",
    "table",
    "time_bins",
]
