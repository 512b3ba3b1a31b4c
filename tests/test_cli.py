"""The ``kit`` command starts fast and documents every sub-command."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kit.cli import build_parser

COMMANDS = ("import", "sample", "summary", "compare", "network", "topics", "render")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_subcommand_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args([command, "--help"])
    assert exit_info.value.code == 0
    assert command in capsys.readouterr().out


def test_import_kit_loads_no_heavy_library() -> None:
    code = (
        "import sys, kit, kit.cli; kit.cli.build_parser();"
        "heavy = [m for m in ('torch', 'bertopic', 'umap', 'sentence_transformers', 'papermill', 'igraph') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"heavy modules imported at start-up: {out.stdout.strip()}"


def test_unknown_subcommand_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(["frobnicate"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
