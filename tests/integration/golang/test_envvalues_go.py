"""``write_problem`` says what the real ``go env -w`` says: the policy loader refuses exactly what go refuses."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from wslgo.golang.envvalues import KNOWN_ENV, OS_ONLY_ENV, write_problem

CASES = [
    ("GOPROXY", "https://goproxy.cn|direct"),
    ("GOPRIVATE", "git.corp.example/*"),
    ("GOTOOLCHAIN", "local"),
    ("CGO_ENABLED", "1"),
    ("GO111MODULE", "on"),
    ("GO111MODULE", "yes"),
    ("GOPATH", "~/go"),
    ("GOPATH", "relative/path"),
    ("GOMODCACHE", "cache"),
    ("GOMODCACHE", "/abs/cache"),
    ("GOROOT", "/usr/local/go"),
    ("GOVERSION", "go1.27.3"),
    ("GOWORK", "off"),
    ("GOENV", "/tmp/env"),
    ("GOPROXYY", "off"),
    ("GOFLAGS", "-mod=mod"),
]


@pytest.mark.integration
@pytest.mark.parametrize(("name", "value"), CASES)
def test_write_problem_agrees_with_go_env_w(go_binary: Path, tmp_path: Path, name: str, value: str) -> None:
    env = dict(os.environ, GOENV=str(tmp_path / "env"), GOTOOLCHAIN="local")
    proc = subprocess.run(
        [str(go_binary), "env", "-w", f"{name}={value}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    problem = write_problem(name, value)
    assert (proc.returncode == 0) is (problem is None), (proc.stderr, problem)
    if problem is not None:
        # Same reason as the go command gives (its quoting of values aside).
        assert problem.split(":")[0].split(" '")[0].split(' "')[0] in proc.stderr, (proc.stderr, problem)


@pytest.mark.integration
def test_known_env_matches_this_go(go_binary: Path) -> None:
    """Every variable `go env -json` reports (minus computed ones) is one KNOWN_ENV lists."""
    import json

    proc = subprocess.run(
        [str(go_binary), "env", "-json"], capture_output=True, text=True, timeout=60, check=True
    )
    reported = set(json.loads(proc.stdout))
    computed = {"GOMOD", "GOVERSION", "GOTELEMETRY", "GOTELEMETRYDIR", "GOPACKAGESDRIVER"}
    assert reported - computed - OS_ONLY_ENV <= KNOWN_ENV
