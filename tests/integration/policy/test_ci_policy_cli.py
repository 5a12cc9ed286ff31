"""``wslgo ci init --policy`` then ``wslgo ci run --job policy``: the gate job runs the real doctor locally."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[3]
SPEC_POLICY = REPO / "tests" / "data" / "policy" / "wslgo.toml"

pytestmark = pytest.mark.integration


def test_init_then_run_the_policy_job_locally(tmp_path: Path, go_binary: Path) -> None:
    project = tmp_path / "hello"
    project.mkdir()
    # go.mod asks for the Go this machine has: the job's setup-go step then uses it (a version that is not
    # installed would be downloaded first, as on GitHub, and there is no network here).
    active = subprocess.run(
        [str(go_binary), "env", "GOVERSION"], capture_output=True, text=True, check=True
    ).stdout.strip()
    (project / "go.mod").write_text(
        f"module example.com/hello\n\ngo {active.removeprefix('go')}\n", encoding="utf-8"
    )
    shutil.copy(SPEC_POLICY, project / "wslgo.toml")
    scripts = Path(sys.executable).parent  # the venv's bin: holds the wslgo console script
    env = dict(os.environ)
    env.update(
        WSLGO_HOME=str(tmp_path / "wslgo-home"),
        PATH=f"{scripts}:{go_binary.parent}:/usr/bin:/bin",
        GOENV=str(tmp_path / "goenv"),
        GOCACHE=str(tmp_path / "gocache"),
        GOPATH=str(tmp_path / "gopath"),
    )

    def wslgo(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "wslgo", *args],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    init = wslgo("ci", "init", "--policy", "--yes")
    assert init.returncode == 0, init.stderr + init.stdout
    workflow = yaml.safe_load((project / ".github" / "workflows" / "go.yml").read_text(encoding="utf-8"))
    assert "policy" in workflow["jobs"]

    run = wslgo("ci", "run", "--job", "policy", "--go", str(go_binary))
    # This machine does not follow the SPEC policy (no team proxy in GOPROXY), so the gate fails the job...
    assert run.returncode != 0, run.stdout
    assert "first failure: policy / wslgo doctor --policy" in run.stdout
    # ...after writing the SARIF the upload step would send to code scanning.
    sarif = json.loads((project / "wslgo-doctor.sarif").read_text(encoding="utf-8"))
    results = sarif["runs"][0]["results"]
    assert any(r["ruleId"] == "POL002" for r in results)
    assert all(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "wslgo.toml"
        for r in results
        if r["ruleId"].startswith("POL")
    )
