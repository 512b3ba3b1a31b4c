"""The packages split out of ``kit/describe.py`` and ``kit/networks.py`` keep their public names, and the
modules of ``kit`` import downward only (no cycles, counting imports inside functions)."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

KIT = Path(__file__).resolve().parents[1] / "kit"

# Public names of kit/describe.py before the split (its __all__ plus the constants it defined); the
# command-line handlers moved to kit.cli.commands.
DESCRIBE_NAMES = {
    "ACCOUNT_MEASURES",
    "AFFECT_CODES",
    "EXTRA_STOP_WORDS",
    "Frame",
    "GRANULARITIES",
    "accounts_over_time",
    "co_hashtags",
    "coding_sample",
    "compare",
    "compare_volume",
    "concentration",
    "describe_all",
    "distinguishing_words",
    "gini",
    "granularity",
    "hashtag_pairs",
    "kinds",
    "languages",
    "life_cycle",
    "life_cycle_curves",
    "log_odds",
    "lorenz",
    "materialize",
    "original_share",
    "stop_words",
    "summary",
    "top_accounts",
    "top_domains",
    "top_hashtags",
    "top_mentioned",
    "volume",
    "word_counts",
    "write_coding_sample",
}
DESCRIBE_MOVED = {
    "cli_summary": "kit.cli.commands.summary",
    "format_summary": "kit.cli.commands.summary",
    "cli_compare": "kit.cli.commands.compare",
}

# The same for kit/networks.py.
NETWORKS_NAMES = {
    "ACCOUNT_KINDS",
    "BETWEENNESS_SAMPLES",
    "EXACT_BETWEENNESS_MAX",
    "FrameLike",
    "KINDS",
    "Kind",
    "NEEDED_COLUMNS",
    "Network",
    "betweenness",
    "build_graph",
    "centralities",
    "community_hashtags",
    "community_persistence",
    "community_table",
    "community_topics",
    "edge_table",
    "export_network",
    "filter_graph",
    "leiden",
    "network",
    "network_from_edges",
    "network_layout",
    "node_table",
    "shown_nodes",
    "slice_networks",
    "to_networkx",
    "top_accounts",
    "undirected_projection",
}
NETWORKS_MOVED = {"cli_network": "kit.cli.commands.network"}


@pytest.mark.parametrize(
    ("package", "names", "moved"),
    [("kit.describe", DESCRIBE_NAMES, DESCRIBE_MOVED), ("kit.networks", NETWORKS_NAMES, NETWORKS_MOVED)],
)
def test_public_names_unchanged(package: str, names: set[str], moved: dict[str, str]) -> None:
    module = importlib.import_module(package)
    assert set(module.__all__) == names
    for name in names:
        assert getattr(module, name) is not None, name
        assert not isinstance(getattr(module, name), type(module)), f"{package}.{name} is a module, not the API name"
    for name, home in moved.items():
        assert not hasattr(module, name)
        assert callable(getattr(importlib.import_module(home), name))


def _module_name(path: Path) -> str:
    parts = path.relative_to(KIT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _kit_imports(path: Path, name: str) -> set[str]:
    """Modules of ``kit`` that ``path`` imports anywhere (top level or inside functions)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    [*package.split(".")[: len(package.split(".")) - node.level + 1], *filter(None, [base])]
                )
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)  # `from kit import describe` names a module
    return {m for m in found if m == "kit" or m.startswith("kit.")}


def test_split_packages_import_downward_only() -> None:
    modules = {_module_name(p): p for p in KIT.rglob("*.py")}
    graph = {m: {i for i in _kit_imports(p, m) if i in modules and i != m} for m, p in modules.items()}
    roots = [m for m in modules if m.startswith(("kit.describe", "kit.networks", "kit.cli.commands", "kit.notebook"))]
    # a package may import its own submodules from __init__ (re-exports); a submodule must not import its
    # package's __init__ or a sibling that imports it back
    for root in roots:
        stack, path = [(root, iter(sorted(graph[root])))], [root]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                continue
            if child == "kit":
                continue
            assert child not in path, f"import cycle: {' -> '.join([*path, child])}"
            if child.startswith(("kit.describe", "kit.networks", "kit.cli.commands", "kit.notebook")):
                stack.append((child, iter(sorted(graph[child]))))
                path.append(child)
