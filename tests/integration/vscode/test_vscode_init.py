"""``wslgo vscode init`` through the CLI: diff, apply via the journaled engine, undo to the exact bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from wslgo.cli.main import main
from wslgo.edit.apply import undo
from wslgo.edit.jsonc import parse_jsonc

pytestmark = pytest.mark.integration

SETTINGS = b'{\n  // keep me\n  "editor.rulers": [100],\n}\n'


def test_init_applies_and_undo_restores(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "go.mod").write_text("module example.com/app\n\ngo 1.22\n")
    (tmp_path / "main.go").write_text("package main\n\nfunc main() {}\n")
    vscode = tmp_path / ".vscode"
    vscode.mkdir()
    (vscode / "settings.json").write_bytes(SETTINGS)

    assert main(["vscode", "init", "--project", str(tmp_path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "+++ b/" in out and '+  "go.toolsManagement.autoUpdate": true,' in out
    assert not (vscode / "launch.json").exists()
    assert (vscode / "settings.json").read_bytes() == SETTINGS

    assert main(["vscode", "init", "--project", str(tmp_path), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "undo with 'wslgo undo" in out
    launch = parse_jsonc((vscode / "launch.json").read_text())
    assert launch["configurations"][0]["program"] == "${workspaceFolder}"
    settings_text = (vscode / "settings.json").read_text()
    assert "// keep me" in settings_text and parse_jsonc(settings_text)["editor.rulers"] == [100]

    assert main(["vscode", "init", "--project", str(tmp_path), "--yes"]) == 0
    assert "nothing to change" in capsys.readouterr().out

    result = undo()
    assert not result.refused
    assert (vscode / "settings.json").read_bytes() == SETTINGS
    assert not (vscode / "launch.json").exists()


def test_invalid_jsonc_exits_2_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vscode = tmp_path / ".vscode"
    vscode.mkdir()
    broken = b'{\n  "go.lintTool": "golangci-lint"\n  "x": 1\n}\n'
    (vscode / "settings.json").write_bytes(broken)
    assert main(["vscode", "init", "--project", str(tmp_path), "--yes"]) == 2
    err = capsys.readouterr().err
    assert "settings.json:3:3: invalid JSONC" in err
    assert (vscode / "settings.json").read_bytes() == broken
    assert not (vscode / "launch.json").exists()
