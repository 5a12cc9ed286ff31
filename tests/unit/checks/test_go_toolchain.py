"""GO001–GO006: which go runs, its version, its installs and GOROOT."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import cmd
from tests.unit.checks.gohelpers import GO_BIN, LINUX_PATH, go_evidence, statuses
from wslgo.checks.go.toolchain import (
    go_installs,
    go_not_windows,
    go_on_path,
    go_version_supported,
    goroot_matches,
    goroot_not_on_mnt,
)
from wslgo.checks.model import Status
from wslgo.evidence.model import PathInfo

WIN_GO_DIR = "/mnt/c/Program Files/Go/bin"
MOUNTS_WSL2 = (
    "/dev/sdc / ext4 rw,relatime,discard,errors=remount-ro,data=ordered 0 0\n"
    "C:\\134 /mnt/c 9p rw,noatime,dirsync,aname=drvfs;path=C:\\134;uid=1000;gid=1000;symlinkroot=/mnt/,mmap,"
    "access=client,msize=65536,trans=fd,rfd=5,wfd=5 0 0\n"
    "D:\\134 /mnt/d 9p rw,noatime,dirsync,aname=drvfs;path=D:\\134;uid=1000;gid=1000;symlinkroot=/mnt/,mmap,"
    "access=client,msize=65536,trans=fd,rfd=5,wfd=5 0 0\n"
    "none /mnt/wsl tmpfs rw,relatime 0 0\n"
)


def test_go001_ok_error_and_shell_fix(go_binary: Path) -> None:
    assert statuses(go_on_path(go_evidence(go_binary))) == ["ok"]
    missing = go_evidence(
        go_binary,
        env={"PATH": "/usr/bin:/bin"},
        commands=[cmd("go", "version", rc=None, error="not-found")],
    )
    (finding,) = go_on_path(missing)
    assert finding.status is Status.ERROR and "a Go SDK exists at /usr/local/go/bin/go" in finding.message
    assert finding.fixable_by == "shell"
    bare = go_evidence(go_binary, paths={GO_BIN: "missing"}, env={"PATH": "/usr/bin:/bin"})
    (finding,) = go_on_path(bare)
    assert finding.status is Status.ERROR and finding.fix == "wslgo go install stable"


def test_go001_skipped_without_path(go_binary: Path) -> None:
    from tests.helpers import make_evidence

    assert statuses(go_on_path(make_evidence(env={"HOME": "/home/al"}))) == ["skipped"]


def test_go002_windows_go_first(go_binary: Path) -> None:
    # The winning `go` is a symlink to a Windows go.exe (e.g. made by a helper script).
    evidence = go_evidence(
        go_binary,
        env={"PATH": "/home/al/bin:" + LINUX_PATH},
        paths={"/home/al/bin/go": PathInfo(kind="symlink", target=f"{WIN_GO_DIR}/go.exe", mode="0777")},
        commands=[cmd("go", "version", stdout="go version go1.22.2 windows/amd64\n")],
    )
    (finding,) = go_not_windows(evidence)
    assert finding.status is Status.ERROR and "go.exe" in finding.message


def test_go002_go_version_says_windows(go_binary: Path) -> None:
    evidence = go_evidence(
        go_binary, commands=[cmd("go", "version", stdout="go version go1.22.2 windows/amd64\n")]
    )
    (finding,) = go_not_windows(evidence)
    assert finding.status is Status.ERROR and "windows/amd64" in finding.message


def test_go002_alias_in_bashrc(go_binary: Path) -> None:
    evidence = go_evidence(go_binary, files={"/home/al/.bashrc": "alias go='go.exe'\n"})
    (finding,) = go_not_windows(evidence)
    assert (
        finding.status is Status.ERROR and "~/.bashrc:1" in finding.message and finding.fixable_by == "shell"
    )


def test_go002_only_go_exe_is_info_and_linux_is_ok(go_binary: Path) -> None:
    only_exe = go_evidence(
        go_binary,
        env={"PATH": f"/usr/bin:{WIN_GO_DIR}"},
        paths={GO_BIN: "missing", f"{WIN_GO_DIR}/go.exe": "file"},
    )
    (finding,) = go_not_windows(only_exe)
    assert finding.status is Status.INFO and "only as go.exe" in finding.message
    (finding,) = go_not_windows(go_evidence(go_binary))
    assert finding.status is Status.OK and GO_BIN in finding.message


def test_go003_versions(go_binary: Path) -> None:
    def status(version: str, created: str | None = None) -> Status:
        out = f"go version {version} linux/amd64"
        return go_version_supported(go_evidence(go_binary, version=out, created=created))[0].status

    assert status("go1.27.3") is Status.OK  # evidence "now" is 2026-11-01: newest lines 1.27 and 1.26
    assert status("go1.26.5") is Status.OK
    assert status("go1.25.1") is Status.WARNING
    assert status("go1.18.4") is Status.ERROR  # corpus 38's go version
    assert status("go1.25.1", created="2025-12-01T00:00:00+00:00") is Status.OK


def test_go003_index_adds_newer_line(go_binary: Path) -> None:
    index = '[{"version": "go1.28.1", "stable": true, "files": []}, {"version": "go1.27.3", "stable": true}]'
    evidence = go_evidence(
        go_binary,
        version="go version go1.26.5 linux/amd64",
        env={"WSLGO_HOME": "/home/al/.local/share/wslgo"},
        files={"/home/al/.local/share/wslgo/go-index.json": index},
    )
    (finding,) = go_version_supported(evidence)
    assert finding.status is Status.WARNING and "go1.28" in finding.message


def test_go003_skipped_without_go(go_binary: Path) -> None:
    from tests.helpers import make_evidence

    evidence = make_evidence(
        env={"PATH": "/usr/bin"}, commands=[cmd("go", "version", rc=None, error="not-found")]
    )
    assert statuses(go_version_supported(evidence)) == ["skipped"]


def test_go004_two_installs_on_path(go_binary: Path) -> None:
    evidence = go_evidence(
        go_binary,
        env={"PATH": "/usr/lib/go-1.22/bin:" + LINUX_PATH},
        paths={"/usr/lib/go-1.22/bin/go": "file"},
    )
    (finding,) = go_installs(evidence)
    assert finding.status is Status.WARNING
    assert "/usr/lib/go-1.22/bin/go wins" in finding.message and GO_BIN in finding.message
    assert statuses(go_installs(go_evidence(go_binary))) == ["ok"]
    off_path = go_evidence(go_binary, paths={"/home/al/sdk/go1.21.0/bin/go": "file"})
    assert statuses(go_installs(off_path)) == ["info"]


def test_go005_goroot_mismatch(go_binary: Path) -> None:
    real_root = str(go_binary.parent.parent)  # an existing GOROOT, so the real go accepts it
    evidence = go_evidence(
        go_binary, env={"GOROOT": real_root}, files={"/home/al/.bashrc": f"export GOROOT={real_root}\n"}
    )
    (finding,) = goroot_matches(evidence)
    assert finding.status is Status.ERROR and GO_BIN in finding.message
    assert finding.fix is not None and "~/.bashrc:1" in finding.fix and finding.fixable_by == "go-env"
    same = go_evidence(
        go_binary,
        env={"GOROOT": real_root, "PATH": f"{real_root}/bin:/usr/bin"},
        paths={f"{real_root}/bin/go": "file"},
    )
    assert statuses(goroot_matches(same)) == ["ok"]
    assert statuses(goroot_matches(go_evidence(go_binary))) == ["ok"]


def test_go006_goroot_on_mnt(go_binary: Path) -> None:
    # A go on /mnt/c can be so slow that `go env -json` times out: GOROOT then comes from its location.
    evidence = go_evidence(
        go_binary,
        env={"PATH": "/mnt/c/go/bin:/usr/bin"},
        paths={"/mnt/c/go/bin/go": "file"},
        files={"/proc/self/mounts": MOUNTS_WSL2},
        commands=[cmd("go", "env", "-json", rc=None, error="timeout")],
    )
    (finding,) = goroot_not_on_mnt(evidence)
    assert finding.status is Status.WARNING and "/mnt/c (9p)" in finding.message
    assert statuses(goroot_not_on_mnt(go_evidence(go_binary))) == ["ok"]
    from tests.helpers import make_evidence

    assert statuses(goroot_not_on_mnt(make_evidence(env={"PATH": "/usr/bin"}))) == ["skipped"]
