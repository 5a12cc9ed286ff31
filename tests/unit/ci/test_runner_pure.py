from __future__ import annotations

from pathlib import Path

import pytest

from wslgo.ci.generate import golangci_version, workflow_text
from wslgo.ci.race import race_problems, uses_race
from wslgo.ci.runner import LocalGo, _read_key_values, read_version_file, select_go
from wslgo.ci.workflow import parse_workflow
from wslgo.golang.gomod import parse_gomod
from wslgo.golang.version import GoVersion


def local(version: str) -> LocalGo:
    parsed = GoVersion.parse(version)
    assert parsed is not None
    return LocalGo(parsed, Path(f"/sdk/go{version}/bin/go"))


ACTIVE = local("1.27.3")
INSTALLED = [local("1.26.1"), local("1.26.4"), local("1.25.0")]


@pytest.mark.parametrize(
    ("request_", "chosen", "says"),
    [
        ("1.26", "1.26.4", "using go1.26.4"),
        ("1.26.x", "1.26.4", "using go1.26.4"),
        ("1.25.0", "1.25.0", "using go1.25.0"),
        ("go1.27.3", "1.27.3", "using go1.27.3"),
        ("1.24.2", "1.27.3", "go1.24.2 is not installed (install it with 'wslgo go install 1.24.2')"),
        ("1.30", "1.27.3", "is OLDER and may refuse it"),
        (">=1.22", "1.27.3", "is a range"),
        ("stable", "1.27.3", "active"),
        (None, "1.27.3", "active"),
    ],
)
def test_select_go(request_: str | None, chosen: str, says: str) -> None:
    sdk, sentence = select_go(request_, ACTIVE, INSTALLED)
    assert str(sdk.version) == chosen
    assert says in sentence


def test_version_file_prefers_toolchain(tmp_path: Path) -> None:
    gomod = tmp_path / "go.mod"
    gomod.write_text("module m\n\ngo 1.24.0\n\ntoolchain go1.26.1\n")
    assert read_version_file(gomod) == "1.26.1"
    gomod.write_text("module m\n\ngo 1.24.0\n")
    assert read_version_file(gomod) == "1.24.0"
    other = tmp_path / ".tool-versions"
    other.write_text("# pins\ngolang 1.26.2\n")
    assert read_version_file(other) == "1.26.2"


def test_github_env_file_format(tmp_path: Path) -> None:
    path = tmp_path / "env"
    path.write_text("A=1\nB=x=y\nMULTI<<EOF\nline1\nline2\nEOF\nC=3\n")
    assert _read_key_values(path) == {"A": "1", "B": "x=y", "MULTI": "line1\nline2", "C": "3"}


def test_race_detection_and_problems() -> None:
    assert uses_race(["set -e\ngo test -race -count=1 ./..."])
    assert not uses_race(["go test ./...  # -race later", "echo -race"])
    assert race_problems(cgo_enabled="1", explicit_cgo=None, cc="gcc", cc_found=True) == []
    (missing,) = race_problems(cgo_enabled="0", explicit_cgo=None, cc="gcc", cc_found=False)
    assert (
        "'gcc' (go env CC) is not on PATH" in missing.message and missing.fix == "sudo apt-get install -y gcc"
    )
    (disabled,) = race_problems(cgo_enabled="0", explicit_cgo=None, cc="gcc", cc_found=True)
    assert "CGO_ENABLED=1" in disabled.fix
    (workflow_off,) = race_problems(cgo_enabled="1", explicit_cgo="0", cc="gcc", cc_found=True)
    assert "workflow sets CGO_ENABLED=0" in workflow_off.message


def test_generated_workflow_round_trips_through_the_parser() -> None:
    gomod = parse_gomod("module example.com/m\n\ngo 1.24.2\n")
    text = workflow_text(gomod, has_gosum=True)
    workflow = parse_workflow(text, "go.yml")
    test = workflow.job("test")
    assert test is not None
    assert [s.run for s in test.steps if s.run] == ["go vet ./...", "go test -race ./..."]
    setup = test.steps[1]
    assert setup.with_ == {"go-version-file": "go.mod", "cache": True, "cache-dependency-path": "go.sum"}
    assert workflow.on == {"push": {"branches": ["main"]}, "pull_request": None}
    assert golangci_version(gomod) == "v2.6"
    assert workflow_text(gomod, has_gosum=True) == text
