"""``wslgo doctor`` end to end: live on this machine with the real go, replayed from bundles, --fix + undo."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
BUNDLES = REPO / "tests" / "bundles"


@pytest.fixture
def live_env(go_binary: Path, tmp_path: Path) -> dict[str, str]:
    """An environment where the real go wins on PATH and Go state lives in tmp."""
    env = dict(os.environ)
    env["PATH"] = f"{go_binary.parent}:/usr/local/bin:/usr/bin:/bin"
    env["GOENV"] = str(tmp_path / "goenv")
    env["GOCACHE"] = str(tmp_path / "gocache")
    env["GOPATH"] = str(tmp_path / "gopath")
    return env


def wslgo(args: list[str], env: dict[str, str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wslgo", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_live_json_contract(live_env: dict[str, str], tmp_path: Path) -> None:
    proc = wslgo(["doctor", "--format", "json", "--offline", "--fail-on", "never"], live_env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["schema_version"] == 1
    assert report["environment"]["go_version"].startswith("go1.")
    assert report["environment"]["wsl"] == "none"  # this machine is plain Linux
    ids = [c["id"] for c in report["checks"]]
    assert ids == sorted(ids)
    statuses = {c["id"]: c["status"] for c in report["checks"]}
    assert statuses["WSL010"] == "skipped" and statuses["GO001"] == "ok" and statuses["NET001"] == "skipped"
    assert sum(report["summary"].values()) == len(report["checks"])


def test_capture_then_replay_equals_live(live_env: dict[str, str], tmp_path: Path) -> None:
    """SPEC §2: live doctor and replayed doctor on the same machine agree (timings aside)."""
    bundle = tmp_path / "machine.tar.gz"
    project = tmp_path / "project"  # the bundle must not land in the project doctor looks at
    project.mkdir()
    (project / "go.mod").write_text("module example.com/p\n\ngo 1.22\n", encoding="utf-8")
    captured = wslgo(["capture", "-o", str(bundle), "--offline"], live_env, cwd=project)
    assert captured.returncode == 0, captured.stderr
    live = wslgo(["doctor", "--format", "json", "--offline", "--fail-on", "never"], live_env, cwd=project)
    replay = wslgo(["doctor", "--format", "json", "--fail-on", "never", "--from", str(bundle)], live_env)
    assert live.returncode == replay.returncode == 0, replay.stderr
    live_report, replay_report = json.loads(live.stdout), json.loads(replay.stdout)
    for report in (live_report, replay_report):
        report["environment"].pop("captured")
        for entry in report["checks"]:
            if entry["id"] == "GO025":  # free disk space is a live reading: other processes write meanwhile
                entry["message"] = re.sub(r"[\d.]+ GiB free", "N GiB free", entry["message"])
    differing = [
        (a["id"], a["message"], b["message"])
        for a, b in zip(live_report["checks"], replay_report["checks"], strict=True)
        if a != b
    ]
    assert not differing
    assert replay_report == live_report


def test_fix_corrects_the_guides_gosumdb_and_undo_restores(live_env: dict[str, str], tmp_path: Path) -> None:
    goenv = Path(live_env["GOENV"])
    original = b"GOSUMDB=sum.golang.org+https://sum.golang.org\n"
    goenv.write_bytes(original)
    before = wslgo(["doctor", "--format", "json", "--offline", "--only", "GO011"], live_env, cwd=tmp_path)
    assert before.returncode == 1
    finding = json.loads(before.stdout)["checks"][0]
    assert finding["status"] == "error" and finding["fixable_by"] == "go-env"

    fixed = wslgo(["doctor", "--offline", "--only", "GO011", "--fix", "--yes"], live_env, cwd=tmp_path)
    assert "+GOSUMDB=sum.golang.org" in fixed.stdout + fixed.stderr
    assert goenv.read_bytes() != original
    after = wslgo(["doctor", "--format", "json", "--offline", "--only", "GO011"], live_env, cwd=tmp_path)
    assert after.returncode == 0 and json.loads(after.stdout)["checks"][0]["status"] == "ok"

    undone = wslgo(["undo"], live_env)
    assert undone.returncode == 0, undone.stderr
    assert goenv.read_bytes() == original


def test_fix_from_a_bundle_only_plans(live_env: dict[str, str], tmp_path: Path) -> None:
    proc = wslgo(
        ["doctor", "--from", str(BUNDLES / "wsl2-guide-verbatim"), "--fix", "--fail-on", "never"], live_env
    )
    assert proc.returncode == 0, proc.stderr
    assert "--- a/" in proc.stdout and "sum.golang.org" in proc.stdout
    assert not (Path(live_env["WSLGO_HOME"]) / "runs").exists()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["doctor", "--format", "yaml"], "--format 'yaml'"),
        (["doctor", "--fail-on", "sometimes"], "--fail-on 'sometimes'"),
        (["doctor", "--only", "XYZ9"], "'XYZ9'"),
        (["doctor", "--from", "/nonexistent/bundle.tar.gz"], "/nonexistent/bundle.tar.gz"),
        (["doctor", "--bogus"], "--bogus"),
    ],
)
def test_usage_errors_are_one_line_exit_2(live_env: dict[str, str], args: list[str], needle: str) -> None:
    proc = wslgo(args, live_env)
    assert proc.returncode == 2
    assert needle in proc.stderr and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


def test_malformed_bundle_is_one_line(live_env: dict[str, str], tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    (broken / "files").mkdir(parents=True)
    (broken / "meta.json").write_text("{not json", encoding="utf-8")
    proc = wslgo(["doctor", "--from", str(broken)], live_env)
    assert proc.returncode == 2 and "meta.json" in proc.stderr and proc.stderr.count("\n") == 1


@pytest.mark.parametrize("fmt", ["text", "markdown", "sarif", "junit"])
def test_every_format_renders_a_bundle(live_env: dict[str, str], fmt: str) -> None:
    proc = wslgo(["doctor", "--from", str(BUNDLES / "wsl2-guide-verbatim"), "--format", fmt], live_env)
    assert proc.returncode == 1  # the guide's GOSUMDB is an error
    assert "GO011" in proc.stdout
