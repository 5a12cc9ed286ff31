"""TOOL001–TOOL006 from `go version -m` of a real binary built here, PATH records and git config."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import cmd, make_evidence
from tests.unit.checks.gohelpers import built_tool, go_evidence, statuses
from wslgo.checks.model import Status
from wslgo.checks.tools import (
    dlv_installed,
    docker,
    git_setup,
    golangci_installed,
    gopls_current,
    vscode_remote,
)

__all__ = ["built_tool"]  # the session fixture, imported so pytest finds it

GOPLS = "/home/al/go/bin/gopls"


def _version_m(built: tuple[Path, str], binary: str, go_version: str | None = None) -> str:
    """The real `go version -m` text, re-labelled with the tool's path (and, for an old build, its Go)."""
    path, text = built
    text = text.replace(str(path), binary)
    if go_version:
        rest = text.split("\n", 1)[1]
        text = f"{binary}: {go_version}\n{rest}"
    return text


def test_tool001_gopls(go_binary: Path, built_tool: tuple[Path, str]) -> None:
    current = go_evidence(
        go_binary,
        paths={GOPLS: "file"},
        commands=[cmd("go", "version", "-m", GOPLS, stdout=_version_m(built_tool, GOPLS))],
    )
    (finding,) = gopls_current(current)
    assert finding.status is Status.OK and "built with go1." in finding.message
    old = go_evidence(
        go_binary,
        paths={GOPLS: "file"},
        commands=[cmd("go", "version", "-m", GOPLS, stdout=_version_m(built_tool, GOPLS, "go1.21.5"))],
    )
    (finding,) = gopls_current(old)
    assert (
        finding.status is Status.WARNING and "go1.21.5" in finding.message and finding.fixable_by == "tools"
    )
    (finding,) = gopls_current(go_evidence(go_binary, paths={GOPLS: "missing"}))
    assert finding.status is Status.WARNING and finding.fix == "wslgo tools install gopls"
    assert statuses(gopls_current(make_evidence(env={"HOME": "/home/al"}))) == ["skipped"]


def test_tool002_tool003_informational(go_binary: Path, built_tool: tuple[Path, str]) -> None:
    (finding,) = dlv_installed(go_evidence(go_binary))
    assert finding.status is Status.INFO and finding.fix == "wslgo tools install dlv"
    lint = "/usr/local/bin/golangci-lint"
    gomod = {"/home/al/project/go.mod": "module example.com/x\n\ngo 1.27\n"}
    old_lint = go_evidence(
        go_binary,
        files=gomod,
        paths={lint: "file"},
        commands=[cmd("go", "version", "-m", lint, stdout=_version_m(built_tool, lint, "go1.23.4"))],
    )
    (finding,) = golangci_installed(old_lint)
    assert finding.status is Status.WARNING and "~/project/go.mod:3" in finding.message
    ok_lint = go_evidence(
        go_binary,
        files=gomod,
        paths={lint: "file"},
        commands=[cmd("go", "version", "-m", lint, stdout=_version_m(built_tool, lint))],
    )
    assert statuses(golangci_installed(ok_lint)) == ["ok"]
    assert statuses(dlv_installed(make_evidence(env={"HOME": "/home/al"}))) == ["skipped"]


def test_tool004_vscode(go_binary: Path) -> None:
    evidence = go_evidence(
        go_binary,
        paths={
            "/home/al/.vscode-server": "dir",
            "/home/al/.vscode-server/extensions/golang.go-0.42.1": "dir",
        },
    )
    (finding,) = vscode_remote(evidence)
    assert finding.status is Status.INFO and "golang.go-0.42.1" in finding.message and finding.fix is None
    (finding,) = vscode_remote(go_evidence(go_binary, paths={"/home/al/.vscode-server": "missing"}))
    assert finding.fix is not None and "golang.go" in finding.fix
    assert statuses(vscode_remote(make_evidence(env={}))) == ["skipped"]


def test_tool005_git(go_binary: Path) -> None:
    wsl = {"/proc/sys/kernel/osrelease": "5.15.133.1-microsoft-standard-WSL2\n"}
    evidence = go_evidence(
        go_binary,
        files={**wsl, "/home/al/.gitconfig": "[user]\n\tname = Al\n[core]\n\tautocrlf = true\n"},
        paths={"/usr/bin/git": "file"},
        commands=[cmd("git", "config", "--get", "core.autocrlf", stdout="true\n")],
    )
    (finding,) = git_setup(evidence)
    assert (
        finding.status is Status.WARNING
        and "~/.gitconfig:4" in finding.message
        and "inside WSL" in finding.message
    )
    windows_only = go_evidence(
        go_binary,
        env={"PATH": "/usr/bin:/mnt/c/Program Files/Git/cmd"},
        files=wsl,
        paths={"/usr/bin/git": "missing", "/mnt/c/Program Files/Git/cmd/git.exe": "file"},
        commands=[cmd("git", "config", "--get", "core.autocrlf", rc=None, error="not-found")],
    )
    (finding,) = git_setup(windows_only)
    assert finding.status is Status.WARNING and "git.exe" in finding.message
    healthy = go_evidence(
        go_binary,
        files=wsl,
        paths={"/usr/bin/git": "file"},
        commands=[cmd("git", "config", "--get", "core.autocrlf", stdout="input\n")],
    )
    assert statuses(git_setup(healthy)) == ["ok"]
    assert statuses(git_setup(make_evidence(env={}))) == ["skipped"]


def test_tool006_docker(go_binary: Path) -> None:
    evidence = go_evidence(
        go_binary,
        paths={"/usr/bin/docker": "file", "/var/run/docker.sock": "socket", "/mnt/wsl/docker-desktop": "dir"},
    )
    (finding,) = docker(evidence)
    assert finding.status is Status.INFO and "Docker Desktop" in finding.message and finding.fix is None
    no_daemon = go_evidence(go_binary, paths={"/usr/bin/docker": "file", "/var/run/docker.sock": "missing"})
    (finding,) = docker(no_daemon)
    assert finding.fix is not None
    assert statuses(docker(make_evidence(env={}))) == ["skipped"]
