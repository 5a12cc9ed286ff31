from __future__ import annotations

from pathlib import Path

import pytest

from wslgo.ci.generate import golangci_version, workflow_text
from wslgo.ci.plan import plan_run
from wslgo.ci.race import race_problems, uses_race
from wslgo.ci.runner import read_key_values
from wslgo.ci.setup_go import GoRequest
from wslgo.ci.toolchain import GoProvider, LocalGo, StepProblem
from wslgo.ci.workflow import parse_workflow
from wslgo.errors import WslgoError
from wslgo.golang.gomod import parse_gomod
from wslgo.golang.version import GoVersion
from wslgo.progress import Progress
from wslgo.sdk.index import GoFile, GoRelease
from wslgo.sdk.store import SdkStore


def local(version: str) -> LocalGo:
    parsed = GoVersion.parse(version)
    assert parsed is not None
    return LocalGo(parsed, Path(f"/sdk/go{version}/bin/go"))


def _release(version: str) -> GoRelease:
    file = GoFile(f"go{version}.linux-amd64.tar.gz", "linux", "amd64", f"go{version}", "0" * 64, 1, "archive")
    parsed = GoVersion.parse(version)
    assert parsed is not None
    return GoRelease(parsed, True, (file,))


def _provider(tmp_path: Path, *, install: bool, index: tuple[GoRelease, ...] | None) -> GoProvider:
    store = SdkStore(tmp_path / "sdk")
    for version in ("1.26.1", "1.26.4"):
        binary = store.path_of(GoVersion.parse(version)) / "bin" / "go"  # type: ignore[arg-type]
        binary.parent.mkdir(parents=True)
        binary.write_text("#!/bin/sh\n")

    def load() -> tuple[GoRelease, ...]:
        if index is None:
            raise WslgoError("cannot fetch the Go release index (offline)")
        return index

    def install_release(release: GoRelease, _progress: Progress) -> Path:
        target = store.path_of(release.version)
        (target / "bin").mkdir(parents=True)
        (target / "bin" / "go").write_text("#!/bin/sh\n")
        return target

    return GoProvider(
        local("1.27.3"),
        store,
        install_missing=install,
        load_releases=load,
        install_release=install_release,
        goos="linux",
        goarch="amd64",
    )


def test_go_provider_prefers_local_then_installs_never_substitutes(tmp_path: Path) -> None:
    index = (_release("1.27.3"), _release("1.26.5"), _release("1.25.2"))
    provider = _provider(tmp_path, install=True, index=index)
    chosen, why = provider.provide(GoRequest("1.26", "go-version"))
    assert str(chosen.version) == "1.26.4" and "is on this machine" in why  # local first, like tc.find
    latest, why = provider.provide(GoRequest("1.26", "go-version", check_latest=True))
    assert str(latest.version) == "1.26.5" and "installed into" in why
    assert str(provider.provide(GoRequest("stable", "go-version"))[0].version) == "1.27.3"
    oldstable, _ = provider.provide(GoRequest("oldstable", "go-version"))
    assert str(oldstable.version) == "1.26.5"
    with pytest.raises(StepProblem, match=r"Unable to find Go version '1\.30'"):
        provider.provide(GoRequest("1.30", "go-version"))

    strict = _provider(tmp_path / "b", install=False, index=index)
    with pytest.raises(
        StepProblem, match=r"go1.25.2 is needed and not installed .*wslgo go install 1.25.2 --no-use"
    ):
        strict.provide(GoRequest("1.25", "go.mod (go line)"))
    offline = _provider(tmp_path / "c", install=True, index=None)
    assert str(offline.provide(GoRequest("1.26.1", "go-version"))[0].version) == "1.26.1"
    with pytest.raises(
        StepProblem, match=r"cannot resolve '1.26.2' without the Go release index .*1.26.2 --no-use"
    ):
        offline.provide(GoRequest("1.26.2", "go-version"))


def test_github_env_file_format(tmp_path: Path) -> None:
    path = tmp_path / "env"
    path.write_text("A=1\nB=x=y\nMULTI<<EOF\nline1\nline2\nEOF\nC=3\n")
    assert read_key_values(path) == {"A": "1", "B": "x=y", "MULTI": "line1\nline2", "C": "3"}


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
    assert setup.with_ == {
        "go-version": "${{ matrix.go-version }}",
        "go-version-file": "${{ matrix.go-version-file }}",
        "cache": True,
        "cache-dependency-path": "go.sum",
    }
    (planned, lint) = plan_run(workflow, None, {})
    assert [dict(e.values) for e in planned.entries] == [
        {"go-version-file": "go.mod"},
        {"go-version": "stable"},
    ]
    assert test.fail_fast is False and len(lint.entries) == 1
    assert workflow.on == {"push": {"branches": ["main"]}, "pull_request": None}
    assert golangci_version(gomod) == "v2.6"
    assert workflow_text(gomod, has_gosum=True) == text
    from wslgo.policy.ci_job import with_policy_job

    extended = parse_workflow(with_policy_job(text, "wslgo.toml"), "go.yml")
    assert [job.id for job in extended.jobs] == ["test", "lint", "policy"]
    assert [item.job.id for item in plan_run(extended, None, {})] == ["test", "lint", "policy"]
