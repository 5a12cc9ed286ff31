"""``wslgo doctor --policy`` end to end: replayed bundles, the live machine with the real go, SARIF for CI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
BUNDLES = REPO / "tests" / "bundles"
SPEC_POLICY = REPO / "tests" / "data" / "policy" / "wslgo.toml"

pytestmark = pytest.mark.integration


def wslgo(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wslgo", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A project with the SPEC policy at its root and a nested package directory."""
    root = tmp_path / "repo"
    (root / "cmd" / "app").mkdir(parents=True)
    shutil.copy(SPEC_POLICY, root / "wslgo.toml")
    (root / "go.mod").write_text("module example.com/repo\n\ngo 1.26\n", encoding="utf-8")
    return root


def pol(report: dict[str, object]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for entry in report["checks"]:  # type: ignore[attr-defined]
        if entry["id"].startswith("POL"):
            found.setdefault(entry["id"], []).append(entry["status"])
    return found


def test_bare_policy_is_found_upwards_and_its_fail_on_applies(repo: Path) -> None:
    bundle = BUNDLES / "wsl2-ubuntu-healthy"
    proc = wslgo(["doctor", "--from", str(bundle), "--policy", "--format", "json"], cwd=repo / "cmd" / "app")
    report = json.loads(proc.stdout)
    assert pol(report) == {
        "POL001": ["ok"],
        "POL002": ["error", "error"],
        "POL003": ["ok", "ok", "error"],
        "POL004": ["ok", "ok"],
    }
    assert proc.returncode == 1
    assert all(e["category"] == "policy" for e in report["checks"] if e["id"].startswith("POL"))
    assert any(f"{repo / 'wslgo.toml'}:4" in e["message"] for e in report["checks"])


def test_policy_fail_on_is_the_default_and_the_flag_wins(repo: Path, tmp_path: Path) -> None:
    """[doctor] fail-on = "warning": a warning alone fails doctor; --fail-on on the command line wins."""
    policy = tmp_path / "warn-only.toml"
    policy.write_text('[doctor]\nfail-on = "warning"\n', encoding="utf-8")
    bundle = str(BUNDLES / "linux-plain")
    # Plain Debian's worst finding without POL checks is a warning (TOOL001: gopls is not installed).
    plain = wslgo(["doctor", "--from", bundle, "--format", "json"], cwd=repo)
    statuses = {e["status"] for e in json.loads(plain.stdout)["checks"]}
    assert "error" not in statuses and "warning" in statuses and plain.returncode == 0
    assert wslgo(["doctor", "--from", bundle, "--policy", str(policy)], cwd=repo).returncode == 1
    overridden = wslgo(["doctor", "--from", bundle, "--policy", str(policy), "--fail-on", "error"], cwd=repo)
    assert overridden.returncode == 0, overridden.stdout


def test_a_policy_with_a_typo_is_one_line_and_exit_2(repo: Path) -> None:
    text = (repo / "wslgo.toml").read_text(encoding="utf-8").replace("fail-on", "fail_on")
    (repo / "wslgo.toml").write_text(text, encoding="utf-8")
    proc = wslgo(["doctor", "--from", str(BUNDLES / "linux-plain"), "--policy"], cwd=repo)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == (
        f"wslgo: {repo / 'wslgo.toml'}:9: unknown key 'doctor.fail_on' (did you mean 'fail-on'?); "
        "expected one of: fail-on, require-ok\n"
    )


def test_policy_errors_without_a_file(tmp_path: Path) -> None:
    proc = wslgo(["doctor", "--from", str(BUNDLES / "linux-plain"), "--policy"], cwd=tmp_path)
    assert proc.returncode == 2 and "--policy: no wslgo.toml in" in proc.stderr
    assert "Traceback" not in proc.stderr
    only = wslgo(["doctor", "--from", str(BUNDLES / "linux-plain"), "--only", "POL"], cwd=tmp_path)
    assert only.returncode == 2 and "no check ID starts with 'POL'" in only.stderr


def test_only_selects_policy_checks(repo: Path) -> None:
    proc = wslgo(
        [
            "doctor",
            "--from",
            str(BUNDLES / "wsl2-windows-go-wins"),
            "--policy",
            "--only",
            "POL001",
            "--format",
            "json",
        ],
        cwd=repo,
    )
    report = json.loads(proc.stdout)
    assert [(e["id"], e["status"], e["fix"]) for e in report["checks"]] == [
        ("POL001", "error", "wslgo go install 1.27")
    ]


def test_sarif_for_code_scanning_locates_every_result_in_the_repository(repo: Path) -> None:
    """Code scanning rejects results without a location; the policy file anchors those that name none."""
    proc = wslgo(
        [
            "doctor",
            "--from",
            str(BUNDLES / "wsl2-guide-verbatim"),
            "--policy",
            "--format",
            "sarif",
            "-o",
            "out.sarif",
        ],
        cwd=repo,
    )
    assert proc.returncode == 1, proc.stderr
    sarif = json.loads((repo / "out.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert {"POL001", "POL002", "POL003", "POL004"} <= set(rule_ids)
    assert run["results"]
    for result in run["results"]:
        [location] = result["locations"]
        physical = location["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        assert not uri.startswith("/") and ".." not in uri, uri
        assert physical["region"]["startLine"] >= 1
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    pol002 = [r for r in run["results"] if r["ruleId"] == "POL002"]
    assert {r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in pol002} == {4, 5}
    assert all(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "wslgo.toml" for r in pol002
    )


def test_live_doctor_compares_with_what_the_real_go_reports(
    repo: Path, go_binary: Path, tmp_path: Path
) -> None:
    """The policy's GOPROXY written differently (bare host, spaces) is the same list to the go command."""
    (repo / "wslgo.toml").write_text(
        '[env]\nGOPROXY = "https://goproxy.cn|direct"\nGOPRIVATE = "git.corp.example/*"\n', encoding="utf-8"
    )
    env = dict(os.environ)
    env.update(
        PATH=f"{go_binary.parent}:/usr/bin:/bin",
        GOENV=str(tmp_path / "goenv"),
        GOCACHE=str(tmp_path / "gocache"),
        GOPATH=str(tmp_path / "gopath"),
        GOPROXY="goproxy.cn | direct",
        GOPRIVATE="git.corp.example/*/,,git.corp.example/*",
    )
    proc = wslgo(
        ["doctor", "--policy", "--offline", "--only", "POL002", "--format", "json"], cwd=repo, env=env
    )
    report = json.loads(proc.stdout)
    assert [e["status"] for e in report["checks"]] == ["ok", "ok"], report["checks"]
    assert proc.returncode == 0
    env["GOPROXY"] = "https://goproxy.cn,direct"
    proc = wslgo(
        ["doctor", "--policy", "--offline", "--only", "POL002", "--format", "json"], cwd=repo, env=env
    )
    first = json.loads(proc.stdout)["checks"][0]
    assert first["status"] == "error" and "env GOPROXY" in first["message"] and proc.returncode == 1


def test_fix_with_a_policy_plans_its_values(repo: Path) -> None:
    """doctor --fix --policy from a bundle: the plan writes the policy's [env] values (dry run)."""
    proc = wslgo(["doctor", "--from", str(BUNDLES / "wsl2-ubuntu-healthy"), "--policy", "--fix"], cwd=repo)
    assert "+GOPROXY=http://127.0.0.1:3000|https://goproxy.cn|direct" in proc.stdout
    assert "+GOPRIVATE=git.corp.example/*" in proc.stdout
    assert "wslgo tools install golangci-lint" in proc.stdout
