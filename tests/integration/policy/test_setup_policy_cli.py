"""``wslgo setup --policy`` on a real home directory: the real go then reads the policy's values; undo restores."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
SPEC_POLICY = REPO / "tests" / "data" / "policy" / "wslgo.toml"

pytestmark = pytest.mark.integration


def wslgo(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wslgo", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_setup_policy_apply_then_go_reads_it_then_undo(tmp_path: Path, go_binary: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    bashrc = b"# ~/.bashrc\nexport GOPROXY=https://goproxy.io,direct\nexport EDITOR=vim\n"
    (home / ".bashrc").write_bytes(bashrc)
    project = tmp_path / "project"
    (project / "sub").mkdir(parents=True)
    shutil.copy(SPEC_POLICY, project / "wslgo.toml")
    env = dict(os.environ, WSLGO_HOME=str(tmp_path / "wslgo-home"))

    proc = wslgo(["setup", "--policy", "--home", str(home), "--yes"], cwd=project / "sub", env=env)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    assert b"# wslgo: export GOPROXY=https://goproxy.io,direct" in (home / ".bashrc").read_bytes()

    # The real go command, reading that Go env file with no GOPROXY in the environment, ends up with the
    # policy's values.
    go_env = {k: v for k, v in os.environ.items() if k not in ("GOPROXY", "GOPRIVATE", "GOENV")}
    go_env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), GOTOOLCHAIN="local")
    out = subprocess.run(
        [str(go_binary), "env", "-json", "GOPROXY", "GOPRIVATE"],
        env=go_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert json.loads(out.stdout) == {
        "GOPROXY": "http://127.0.0.1:3000|https://goproxy.cn|direct",
        "GOPRIVATE": "git.corp.example/*",
    }

    # Second run: nothing to change.
    again = wslgo(["setup", "--policy", "--home", str(home), "--yes"], cwd=project, env=env)
    assert "Nothing to change" in again.stdout, again.stdout

    undone = wslgo(["undo"], cwd=project, env=env)
    assert undone.returncode == 0, undone.stderr + undone.stdout
    assert (home / ".bashrc").read_bytes() == bashrc
    assert not (home / ".config" / "go" / "env").exists()


def test_setup_policy_option_does_not_swallow_a_step_name(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(SPEC_POLICY, tmp_path / "wslgo.toml")
    env = dict(os.environ, WSLGO_HOME=str(tmp_path / "wslgo-home"))
    proc = wslgo(["setup", "--policy", "go-env", "--home", str(home), "--dry-run"], cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "+GOPRIVATE=git.corp.example/*" in proc.stdout
    assert "tools:" not in proc.stdout  # only the step named ran
    explicit = wslgo(
        ["setup", "--policy", str(tmp_path / "wslgo.toml"), "--home", str(home), "--dry-run"],
        cwd=home,
        env=env,
    )
    assert (
        explicit.returncode == 0
        and "+GOPROXY=http://127.0.0.1:3000|https://goproxy.cn|direct" in explicit.stdout
    )
