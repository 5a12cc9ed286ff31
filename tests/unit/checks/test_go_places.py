"""GO020–GO026, GO030, GO040: where GOPATH/GOCACHE/GOMODCACHE and the project live, rc files, cgo."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import cmd, make_evidence
from tests.unit.checks.gohelpers import go_evidence, statuses
from tests.unit.checks.test_go_toolchain import MOUNTS_WSL2
from wslgo.checks.go.cgo import cgo_compiler
from wslgo.checks.go.places import (
    caches_writable,
    gobin_on_path,
    gocache_on_mnt,
    gocache_space,
    gomodcache_on_mnt,
    gopath_on_mnt,
    project_on_mnt,
)
from wslgo.checks.go.shell import shell_rc_duplicates
from wslgo.checks.model import Status
from wslgo.evidence.model import PathInfo

NO_GO = make_evidence(
    env={"PATH": "/usr/bin"}, commands=[cmd("go", "env", "-json", rc=None, error="not-found")]
)


def test_go020_guide_gopath_on_mnt_d(go_binary: Path) -> None:
    evidence = go_evidence(
        go_binary, envfile="GOPATH=/mnt/d/go-workspace\n", files={"/proc/self/mounts": MOUNTS_WSL2}
    )
    (finding,) = gopath_on_mnt(evidence)
    assert finding.status is Status.WARNING and "~/.config/go/env:1" in finding.message
    assert finding.fix == "go env -w GOPATH=/home/al/go" and finding.fixable_by == "go-cache"
    assert statuses(gopath_on_mnt(go_evidence(go_binary))) == ["ok"]
    assert statuses(gopath_on_mnt(NO_GO)) == ["skipped"]


def test_go020_symlinked_home_go(go_binary: Path) -> None:
    evidence = go_evidence(go_binary, paths={"/home/al/go": PathInfo(kind="symlink", target="/mnt/d/go")})
    (finding,) = gopath_on_mnt(evidence)
    assert finding.status is Status.WARNING and "via symlink to /mnt/d/go" in finding.message


def test_go021_gocache_on_mnt_c_is_error(go_binary: Path) -> None:
    evidence = go_evidence(go_binary, env={"GOCACHE": "/mnt/c/gocache"})
    (finding,) = gocache_on_mnt(evidence)
    # Set only in the environment: setup has no file to change, so doctor offers no setup step.
    assert finding.status is Status.ERROR and finding.fixable_by is None
    exported = go_evidence(
        go_binary,
        env={"GOCACHE": "/mnt/c/gocache"},
        files={"/home/al/.bashrc": "export GOCACHE=/mnt/c/gocache\n"},
    )
    (finding,) = gocache_on_mnt(exported)
    assert finding.status is Status.ERROR and finding.fixable_by == "go-cache"
    assert statuses(gocache_on_mnt(go_evidence(go_binary))) == ["ok"]


def test_go022_gomodcache(go_binary: Path) -> None:
    evidence = go_evidence(go_binary, env={"GOMODCACHE": "/mnt/c/mods"})
    assert statuses(gomodcache_on_mnt(evidence)) == ["warning"]
    assert statuses(gomodcache_on_mnt(go_evidence(go_binary))) == ["ok"]


def test_go023_project_on_mnt(go_binary: Path) -> None:
    # Corpus 21: the working directory was /mnt/c/Users/EBN KHALDON/… (note the space).
    evidence = go_evidence(
        go_binary, cwd="/mnt/c/Users/EBN KHALDON/src/app", files={"/proc/self/mounts": MOUNTS_WSL2}
    )
    (finding,) = project_on_mnt(evidence)
    assert finding.status is Status.WARNING and "'/mnt/c/Users/EBN KHALDON/src/app'" in (finding.fix or "")
    assert statuses(project_on_mnt(go_evidence(go_binary))) == ["ok"]
    assert statuses(project_on_mnt(make_evidence(cwd=None))) == ["skipped"]


def test_go024_gobin_not_on_path(go_binary: Path) -> None:
    evidence = go_evidence(go_binary, env={"PATH": "/usr/local/go/bin:/usr/bin:/bin"})
    (finding,) = gobin_on_path(evidence)
    assert (
        finding.status is Status.WARNING
        and "/home/al/go/bin" in finding.message
        and finding.fixable_by == "shell"
    )
    assert statuses(gobin_on_path(go_evidence(go_binary))) == ["ok"]
    assert statuses(gobin_on_path(NO_GO)) == ["skipped"]


def test_go025_free_space(go_binary: Path) -> None:
    low = go_evidence(
        go_binary, paths={"/home/al/.cache/go-build": {"kind": "dir", "free_bytes": 1_000_000_000}}
    )
    assert statuses(gocache_space(low)) == ["warning"]
    plenty = go_evidence(go_binary, paths={"/home/al/.cache": {"kind": "dir", "free_bytes": 50 * 1024**3}})
    assert statuses(gocache_space(plenty)) == ["ok"]
    assert statuses(gocache_space(go_evidence(go_binary))) == ["skipped"]


def test_go026_root_owned_cache(go_binary: Path) -> None:
    evidence = go_evidence(
        go_binary,
        paths={
            "/home/al/.cache/go-build": {
                "kind": "dir",
                "uid": 0,
                "gid": 0,
                "writable": False,
                "mode": "0755",
            },
            "/home/al/go/pkg/mod": {"kind": "dir", "uid": 1000, "gid": 1000, "writable": True},
        },
    )
    (finding,) = caches_writable(evidence)
    assert finding.status is Status.ERROR
    assert finding.fix == "sudo chown -R al:al /home/al/.cache/go-build"
    healthy = go_evidence(
        go_binary,
        paths={
            "/home/al/.cache/go-build": {"kind": "dir", "uid": 1000, "writable": True},
            "/home/al/go/pkg/mod": {"kind": "missing"},
        },
    )
    assert statuses(caches_writable(healthy)) == ["ok"]
    assert statuses(caches_writable(go_evidence(go_binary))) == ["skipped"]


GUIDE_BASHRC = """# ~/.bashrc
export PATH=$PATH:/usr/local/go/bin
export GOPATH=$HOME/go
export PATH=$PATH:/usr/local/go/bin
"""


def test_go030_guide_echo_twice(go_binary: Path) -> None:
    evidence = go_evidence(
        go_binary,
        files={"/home/al/.bashrc": GUIDE_BASHRC, "/home/al/.profile": "export GOPATH=/mnt/d/go-workspace\n"},
    )
    findings = shell_rc_duplicates(evidence)
    assert statuses(findings) == ["warning", "warning"]
    assert "~/.bashrc:2, ~/.bashrc:4" in findings[0].message and findings[0].fixable_by == "shell"
    assert "GOPATH" in findings[1].message and "~/.profile:1" in findings[1].message
    clean = go_evidence(go_binary, files={"/home/al/.bashrc": "export PATH=$PATH:/usr/local/go/bin\n"})
    assert statuses(shell_rc_duplicates(clean)) == ["ok"]
    assert statuses(shell_rc_duplicates(go_evidence(go_binary))) == ["skipped"]


def test_go040_cgo(go_binary: Path) -> None:
    # The real go reports CGO_ENABLED=0 when its PATH has no gcc: the /nonexistent PATH below.
    from tests.unit.checks.gohelpers import GO_BIN, real_go_env

    no_cc_json = real_go_env(go_binary, path="/nonexistent")
    no_gcc = make_evidence(
        env={"HOME": "/home/al", "PATH": "/usr/local/go/bin:/usr/bin"},
        paths={GO_BIN: "file", "/usr/bin/gcc": "missing"},
        commands=[cmd("go", "env", "-json", stdout=no_cc_json)],
    )
    (finding,) = cgo_compiler(no_gcc)
    assert finding.status is Status.INFO and "-race" in finding.message
    forced = make_evidence(
        env={"HOME": "/home/al", "PATH": "/usr/local/go/bin:/usr/bin", "CGO_ENABLED": "1"},
        paths={GO_BIN: "file", "/usr/bin/gcc": "missing"},
        commands=[
            cmd(
                "go", "env", "-json", stdout=real_go_env(go_binary, {"CGO_ENABLED": "1"}, path="/nonexistent")
            )
        ],
    )
    (finding,) = cgo_compiler(forced)
    assert finding.status is Status.WARNING and "env CGO_ENABLED" in finding.message
    assert statuses(cgo_compiler(go_evidence(go_binary))) == ["ok"]
    assert statuses(cgo_compiler(NO_GO)) == ["skipped"]
