"""Altair chart builders: a tidy (aggregated) frame in, an ``alt.Chart`` out; never saved or shown.

One module per family of analyses (``explore``, ``networks``, ``topics``), one house theme
(:mod:`kit.charts.theme`, enabled on import), and export helpers (:mod:`kit.charts.export`).
Charts hold aggregates only, never raw tweets.
"""

from __future__ import annotations

from kit.charts import theme

theme.enable()

__all__ = ["theme"]
