"""``wslgo setup tools|vscode`` and ``doctor --fix`` for TOOL findings, live with the real go."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration


@pytest.fixture
def live_env(go_binary: Path, tmp_path: Path) -> dict[str, str]:
    """The real go wins on PATH; no gopls/dlv/golangci-lint anywhere; Go state in tmp."""
    env = dict(os.environ)
    env["PATH"] = f"{go_binary.parent}:/usr/bin:/bin"
    env["GOENV"] = str(tmp_path / "goenv")
    env["GOCACHE"] = str(tmp_path / "gocache")
    env["GOPATH"] = str(tmp_path / "gopath")
    return env


def wslgo(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wslgo", *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_doctor_fix_prints_the_tools_install_command(live_env: dict[str, str], tmp_path: Path) -> None:
    report = wslgo(["doctor", "--offline", "--only", "TOOL001", "--format", "json"], live_env, tmp_path)
    (finding,) = json.loads(report.stdout)["checks"]
    assert finding["status"] == "warning" and finding["fixable_by"] == "tools", finding

    fixed = wslgo(["doctor", "--offline", "--only", "TOOL001", "--fix", "--yes"], live_env, tmp_path)
    assert fixed.returncode == 0, fixed.stderr
    assert "Fixing with `wslgo setup tools`" in fixed.stderr
    assert "1. wslgo tools install gopls dlv golangci-lint" in fixed.stdout
    assert "Not a file edit" not in fixed.stderr + fixed.stdout
    assert not (Path(live_env["WSLGO_HOME"]) / "runs").exists()  # nothing was written


def test_setup_vscode_writes_the_project_files_and_undo_removes_them(
    live_env: dict[str, str], tmp_path: Path
) -> None:
    project = tmp_path / "project"
    (project / "cmd" / "server").mkdir(parents=True)
    (project / "go.mod").write_text("module example.com/p\n\ngo 1.22\n")
    (project / "cmd" / "server" / "main.go").write_text("package main\n\nfunc main() {}\n")
    settings = project / ".vscode" / "settings.json"
    settings.parent.mkdir()
    settings.write_text('{\n  // keep me\n  "go.useLanguageServer": false\n}\n')
    original = settings.read_bytes()

    applied = wslgo(["setup", "vscode", "--yes"], live_env, project)
    assert applied.returncode == 0, applied.stderr
    launch = json.loads((project / ".vscode" / "launch.json").read_text())
    assert "Launch cmd/server" in [c["name"] for c in launch["configurations"]]
    text = settings.read_text()
    assert "// keep me" in text and '"go.useLanguageServer": false' in text and "autoUpdate" in text

    again = wslgo(["setup", "vscode", "--dry-run", "--project", str(project)], live_env, tmp_path)
    assert again.returncode == 0 and "Nothing to change" in again.stdout, again.stdout

    undone = wslgo(["undo"], live_env, tmp_path)
    assert undone.returncode == 0, undone.stderr
    assert settings.read_bytes() == original and not (project / ".vscode" / "launch.json").exists()


def test_setup_vscode_with_a_missing_project_is_one_line(live_env: dict[str, str], tmp_path: Path) -> None:
    proc = wslgo(["setup", "vscode", "--project", str(tmp_path / "nope")], live_env, tmp_path)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "--project" in proc.stderr
