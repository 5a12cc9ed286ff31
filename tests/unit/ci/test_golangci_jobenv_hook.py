"""golangci-lint-action's choices, the fresh-runner job environment and the pre-push hook plan (pure)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wslgo.ci.golangci import (
    LintInputs,
    LintVersionError,
    config_argv,
    failure_detail,
    module_query,
    requested_version,
    run_argv,
)
from wslgo.ci.hook import CHAINED_NAME, MARKER, HookFiles, hook_script, is_ours, plan_hook
from wslgo.ci.jobenv import UserGo, clean_path, job_environment
from wslgo.golang.goenv import parse_env_file


@pytest.mark.parametrize(
    ("with_", "query"),
    [
        ({"version": "v2.1"}, "v2.1"),
        ({"version": "v2.4.0"}, "v2.4.0"),
        ({"version": "latest"}, "latest"),
        ({}, "latest"),
        ({"version": "abc123", "install-mode": "goinstall"}, "abc123"),
        ({"install-mode": "goinstall"}, "latest"),
    ],
)
def test_version_queries(with_: dict[str, str], query: str) -> None:
    inputs = LintInputs.from_with(with_)
    requested, _source = requested_version(inputs, None, None)
    assert module_query(inputs, requested) == query


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("v1.64.8", "golangci-lint v1 is not supported"),
        ("v2.0.2", "isn't supported: we support only v2.1 and later"),
        ("2.1", "expected format v1.2 or v1.2.3"),
    ],
)
def test_versions_the_action_refuses(version: str, message: str) -> None:
    inputs = LintInputs.from_with({"version": version})
    with pytest.raises(LintVersionError, match=message):
        module_query(inputs, requested_version(inputs, None, None)[0])


def test_version_from_gomod_tool_line_then_version_file() -> None:
    inputs = LintInputs.from_with({"version-file": ".golangci-lint-version"})
    gomod = "module m\n\ngo 1.25\n\ntool github.com/golangci/golangci-lint/v2/cmd/golangci-lint\n\nrequire github.com/golangci/golangci-lint/v2 v2.4.0 // indirect\n"
    assert requested_version(inputs, gomod, "2.6.2\n") == ("v2.4.0", "go.mod")
    assert requested_version(inputs, "module m\n", "2.6.2\n") == ("v2.6.2", ".golangci-lint-version")
    tool_versions = LintInputs.from_with({"version-file": ".tool-versions"})
    assert requested_version(tool_versions, None, "golangci-lint 2.5.0\n")[0] == "v2.5.0"
    with pytest.raises(LintVersionError, match="does not exist"):
        requested_version(inputs, None, None)


def test_run_and_config_arguments_like_the_action() -> None:
    inputs = LintInputs.from_with({"args": "--timeout=5m --config=.ci/lint.yml", "working-directory": "sub"})
    assert run_argv("gl", inputs) == ["gl", "run", "--path-mode=abs", "--timeout=5m", "--config=.ci/lint.yml"]
    assert config_argv("gl", inputs, "verify") == ["gl", "config", "verify", "--config=.ci/lint.yml"]
    plain = LintInputs.from_with({"args": "--path-mode=rel"})
    assert run_argv("gl", plain) == ["gl", "run", "--path-mode=rel"]
    assert str(failure_detail(1)) == "issues found"
    assert str(failure_detail(3)) == "golangci-lint exit with code 3"


USER = UserGo("/home/u/go", "/home/u/bin", "/home/u/go/pkg/mod", "/home/u/.config/go/env")


def test_job_environment_is_a_fresh_runner_with_the_users_network_settings(tmp_path: Path) -> None:
    base = {
        "PATH": "/home/u/go/bin:/usr/local/bin:/home/u/bin:/usr/bin",
        "HOME": "/home/u",
        "GOFLAGS": "-mod=mod",
        "GOTOOLCHAIN": "go1.27.3+auto",
        "GOROOT": "/old/go",
        "GOPROXY": "https://goproxy.cn,direct",
        "GIT_DIR": "/repo/.git",
    }
    env_file = parse_env_file(
        "GOPROXY=http://127.0.0.1:3000|direct\nGOFLAGS=-tags=dev\nCGO_ENABLED=0\nGOPRIVATE=corp.example\n"
    )
    result = job_environment(base, USER, env_file, job_gopath=tmp_path / "gp", job_goenv=tmp_path / "go.env")
    env = result.env
    assert env["PATH"] == "/usr/local/bin:/usr/bin"
    assert "GOFLAGS" not in env and "GOTOOLCHAIN" not in env and "GOROOT" not in env and "GIT_DIR" not in env
    assert env["GOPROXY"] == "https://goproxy.cn,direct" and env["HOME"] == "/home/u"
    assert env["GOPATH"] == str(tmp_path / "gp") and env["GOENV"] == str(tmp_path / "go.env")
    assert env["GOMODCACHE"] == "/home/u/go/pkg/mod"
    assert result.go_env_file == "GOPROXY=http://127.0.0.1:3000|direct\nGOPRIVATE=corp.example\n"
    notes = [str(note) for note in result.notes]
    assert any(n.startswith("GOFLAGS=-mod=mod from your environment is not passed") for n in notes)
    assert any(n.startswith("GOTOOLCHAIN=go1.27.3+auto from your environment") for n in notes)
    assert any(
        "CGO_ENABLED=0 from your Go env file /home/u/.config/go/env is not applied" in n for n in notes
    )
    assert not any("GOROOT" in n for n in notes)
    assert clean_path("/home/u/go/bin/:/x", USER) == "/x"


def test_hook_plan_new_update_refuse_and_chain(tmp_path: Path) -> None:
    command, args = ["/venv/bin/wslgo"], ["--job", "test"]
    (created,) = plan_hook(HookFiles(tmp_path, None), command, args, chain=False).edits
    assert created.path == str(tmp_path / "pre-push") and created.create_mode == 0o755
    assert (
        is_ours(created.after)
        and b'exec /venv/bin/wslgo ci run --project "$top" --job test </dev/null' in created.after
    )
    (updated,) = plan_hook(HookFiles(tmp_path, created.after), command, [], chain=False).edits
    assert updated.before == created.after and b"--job" not in updated.after
    theirs = b"#!/bin/sh\nexec lint-staged\n"
    refused = plan_hook(HookFiles(tmp_path, theirs, 0o700), command, args, chain=False)
    assert not refused.edits and "re-run with --chain" in refused.refusals[0]
    keep, hook = plan_hook(HookFiles(tmp_path, theirs, 0o700), command, args, chain=True).edits
    assert keep.path == str(tmp_path / CHAINED_NAME) and keep.before is None and keep.after == theirs
    assert keep.create_mode == 0o700
    assert hook.before == theirs and CHAINED_NAME.encode() in hook.after and MARKER.encode() in hook.after
    blocked = plan_hook(HookFiles(tmp_path, theirs, 0o700, chained=b"old"), command, args, chain=True)
    assert "exists already" in blocked.refusals[0]
    # Re-running install over a chaining hook keeps the chain.
    (again,) = plan_hook(
        HookFiles(tmp_path, hook.after, 0o755, chained=theirs), command, args, chain=False
    ).edits
    assert CHAINED_NAME.encode() in again.after
    assert hook_script(command, [], chained=False).startswith(b"#!/bin/sh\n" + MARKER.encode())
