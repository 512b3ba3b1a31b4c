"""Helpers notebooks call in one line each: set-up, opening a corpus, the selection, notes, tables and charts.

Every notebook (the numbered ones, the workshop and the report) uses these; the report's own sections
(header, key figures, data quality, comparison, topics, affect) live in :mod:`kit.reports`, which also
re-exports these names so ``reports.table(...)`` keeps working.

- :mod:`kit.notebook.corpus` — :func:`setup_notebook`, :func:`open_corpus`, :func:`resolve_data_path`,
  :func:`selection_from_parameters`, :func:`time_bins`, :func:`nearest_hashtags`, import figures;
- :mod:`kit.notebook.display` — :class:`Note`, :class:`Table`, :func:`table`, :func:`attempt`, :func:`chart`.

Examples
--------
>>> from kit import notebook
>>> notebook.selection_from_parameters(["YesAllWomen"], "2014-05-24", "2014-05-31").describe()
'#yesallwomen; from 2014-05-24 to 2014-05-31 (UTC)'
"""

from __future__ import annotations

from kit.notebook.corpus import (
    import_figures,
    missing_values,
    nearest_hashtags,
    open_corpus,
    raw_files_or_sample,
    resolve_data_path,
    selection_from_parameters,
    setup_notebook,
    time_bins,
)
from kit.notebook.display import Figure, Note, Table, alt_text, attempt, chart, table

__all__ = [
    "Figure",
    "Note",
    "Table",
    "alt_text",
    "attempt",
    "chart",
    "import_figures",
    "missing_values",
    "nearest_hashtags",
    "open_corpus",
    "raw_files_or_sample",
    "resolve_data_path",
    "selection_from_parameters",
    "setup_notebook",
    "table",
    "time_bins",
]
