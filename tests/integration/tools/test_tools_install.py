"""``wslgo tools`` end to end: the real go command installs a fixture tool from a file:// proxy."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.integration.tools.conftest import ToolEnv
from wslgo.cli.main import main

pytestmark = pytest.mark.integration


def _args(go_binary: Path, env: ToolEnv, *names: str) -> list[str]:
    return [*names, "--go", str(go_binary), "--catalog", str(env.catalog), "--gobin", str(env.gobin)]


def test_install_picks_newest_release_the_active_go_builds(
    go_binary: Path, tool_env: ToolEnv, capsys: pytest.CaptureFixture[str]
) -> None:
    tool_env.write_catalog([("v1.0.0", "1.21"), ("v1.0.1", "1.21"), ("v1.1.0", "1.99")])
    code = main(["tools", "install", *_args(go_binary, tool_env, "fixturetool")])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "fixturetool v1.0.1 (built with go1.27" in out.out
    binary = tool_env.gobin / "fixturetool"
    ran = subprocess.run([str(binary)], capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "fixturetool v1.0.1"

    code = main(["tools", "list", "--format", "json", *_args(go_binary, tool_env)])
    listing = json.loads(capsys.readouterr().out)
    assert code == 0
    row = next(r for r in listing["tools"] if r["name"] == "fixturetool")
    assert row["installed"] == "v1.0.1"
    assert row["built_with"].startswith("go1.27")
    assert row["recommended"] == "v1.0.1"
    assert listing["schema_version"] == 1


def test_update_reinstalls_an_older_version(
    go_binary: Path, tool_env: ToolEnv, capsys: pytest.CaptureFixture[str]
) -> None:
    tool_env.write_catalog([("v1.0.0", "1.21"), ("v1.0.1", "1.21")])
    assert main(["tools", "install", *_args(go_binary, tool_env, "fixturetool@v1.0.0")]) == 0
    capsys.readouterr()
    assert main(["tools", "update", *_args(go_binary, tool_env, "fixturetool")]) == 0
    assert "fixturetool v1.0.1" in capsys.readouterr().out
    assert main(["tools", "update", *_args(go_binary, tool_env, "fixturetool")]) == 0
    assert "is current" in capsys.readouterr().out


def test_known_version_too_new_for_the_active_go_is_refused_before_running(
    go_binary: Path, tool_env: ToolEnv, capsys: pytest.CaptureFixture[str]
) -> None:
    tool_env.write_catalog([("v1.0.0", "1.21"), ("v1.1.0", "1.99")])
    code = main(["tools", "install", *_args(go_binary, tool_env, "fixturetool@v1.1.0")])
    err = capsys.readouterr().err
    assert code == 2
    assert "fixturetool@v1.1.0 needs Go 1.99 or newer" in err
    assert not tool_env.gobin.exists()


def test_unlisted_version_the_go_command_refuses_reports_its_minimum(
    go_binary: Path, tool_env: ToolEnv, capsys: pytest.CaptureFixture[str]
) -> None:
    tool_env.write_catalog([("v1.0.0", "1.21")])
    code = main(["tools", "install", *_args(go_binary, tool_env, "fixturetool@v1.1.0")])
    err = capsys.readouterr().err
    assert code == 2
    assert "needs Go 1.99 or newer" in err
    assert not (tool_env.gobin / "fixturetool").exists()


def test_unknown_tool_names_the_known_ones(
    go_binary: Path, tool_env: ToolEnv, capsys: pytest.CaptureFixture[str]
) -> None:
    tool_env.write_catalog([("v1.0.0", "1.21")])
    code = main(["tools", "install", *_args(go_binary, tool_env, "fixturetool", "gopls-ng")])
    err = capsys.readouterr().err
    assert code == 2
    assert "unknown tool 'gopls-ng'" in err
    assert "dlv, fixturetool, golangci-lint, gopls, staticcheck" in err
    assert not tool_env.gobin.exists()
