"""``wslgo setup``/``undo`` end to end on real files: the guide's mistakes, --root trees, bad input, real go."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from wslgo.cli.main import main

pytestmark = pytest.mark.integration

GUIDE_BASHRC = (
    b"# ~/.bashrc\n"
    b"export GOPATH=/mnt/d/go-workspace\n"
    b"export GOSUMDB=sum.golang.org+https://sum.golang.org\n"
    b"export GOPROXY=https://goproxy.cn,https://mirrors.aliyun.com/goproxy/,direct\n"
    b"export PATH=$PATH:/usr/local/go/bin\n"
    b"export PATH=$PATH:/usr/local/go/bin\n"
)
GUIDE_WSLCONFIG = b"[wsl2]\r\n; limit the VM\r\nmemory=64GB # more than the host\r\nswap=0\r\n"


def _tree(tmp_path: Path) -> tuple[Path, Path, Path]:
    root = tmp_path / "distro"
    (root / "etc").mkdir(parents=True)
    home = root / "home" / "al"
    home.mkdir(parents=True)
    windows = tmp_path / "win"
    windows.mkdir()
    (home / ".bashrc").write_bytes(GUIDE_BASHRC)
    (root / "etc" / "wsl.conf").write_bytes(b"[automount]\nenabled = true\n")
    (windows / ".wslconfig").write_bytes(GUIDE_WSLCONFIG)
    return root, home, windows


def _snapshot(*dirs: Path) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for base in dirs:
        for path in sorted(base.rglob("*")):
            if path.is_file():
                out[str(path)] = path.read_bytes()
    return out


def test_guide_snippets_corrected_shown_and_undone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, home, windows = _tree(tmp_path)
    before = _snapshot(root, windows)
    args = [
        "setup",
        "--root",
        str(root),
        "--windows-home",
        str(windows),
        "--memory",
        "32GB",
        "--processors",
        "8",
    ]
    assert main([*args, "--dry-run"]) == 0
    diff = capsys.readouterr().out
    assert "+# wslgo: export GOSUMDB=sum.golang.org+https://sum.golang.org" in diff
    assert "-export GOSUMDB=sum.golang.org+https://sum.golang.org" in diff
    assert "+GOSUMDB=sum.golang.org" in diff and "--- /dev/null" in diff
    assert "+memory=24GB # more than the host" in diff and "; limit the VM" in diff
    assert _snapshot(root, windows) == before

    assert main([*args, "--yes"]) == 0
    out = capsys.readouterr().out
    assert "wsl.exe --shutdown" in out and "wsl.exe --terminate" in out
    bashrc = (home / ".bashrc").read_text()
    assert "# wslgo: export GOPATH=/mnt/d/go-workspace" in bashrc
    assert bashrc.splitlines().count("# wslgo: export PATH=$PATH:/usr/local/go/bin") == 2
    assert (
        bashrc.count('_wslgo_path_add "/usr/local/go/bin" last') == 1 and bashrc.count("# >>> wslgo >>>") == 1
    )
    goenv = (home / ".config" / "go" / "env").read_text()
    assert (
        goenv
        == "GOPROXY=https://goproxy.cn|https://mirrors.aliyun.com/goproxy/|direct\nGOSUMDB=sum.golang.org\n"
    )
    wslconfig = (windows / ".wslconfig").read_bytes()
    assert wslconfig.startswith(b"[wsl2]\r\n; limit the VM\r\nmemory=24GB # more than the host\r\nswap=0\r\n")
    assert b"processors=6\r\n" in wslconfig and b"\n" not in wslconfig.replace(b"\r\n", b"")

    assert main([*args, "--dry-run"]) == 0
    assert "Nothing to change" in capsys.readouterr().out

    assert main(["undo"]) == 0
    assert _snapshot(root, windows) == before


def test_bad_input_binary_and_malformed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, home, windows = _tree(tmp_path)
    (windows / ".wslconfig").write_bytes(b"\x00\x01MZ\x90binary")
    (root / "etc" / "wsl.conf").write_bytes(b"[automount\nenabled true\n[boot]\n")
    code = main(["setup", "--root", str(root), "--windows-home", str(windows), "--memory", "16GB", "--yes"])
    captured = capsys.readouterr().out
    assert code == 1
    assert f"refused: {windows / '.wslconfig'}: left untouched: not a text file" in captured
    assert (windows / ".wslconfig").read_bytes() == b"\x00\x01MZ\x90binary"
    conf = (root / "etc" / "wsl.conf").read_bytes()
    assert conf.startswith(b"[automount\nenabled true\n[boot]\n")  # rejected lines kept verbatim
    assert b"systemd=true" in conf
    assert main(["setup", "--home", str(tmp_path / "nope")]) == 2
    assert "--home" in capsys.readouterr().err
    assert main(["setup", "bogus-step", "--home", str(home)]) == 2


def test_real_go_reads_the_go_env_file_we_wrote(tmp_path: Path, go_binary: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / ".bashrc").write_text("export GOPROXY=https://a.example,https://b.example,direct\n")
    assert main(["setup", "go-env", "proxy", "--home", str(home), "--yes"]) == 0
    env = dict(os.environ, GOENV=str(home / ".config" / "go" / "env"), HOME=str(home))
    for name in ("GOPROXY", "GOSUMDB", "GOFLAGS"):
        env.pop(name, None)
    result = subprocess.run(
        [str(go_binary), "env", "GOPROXY"], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "http://127.0.0.1:3000|https://a.example|https://b.example|direct"


def test_sourcing_the_block_twice_keeps_path_unique(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / ".bashrc").write_text("export PATH=$PATH:/usr/local/go/bin\n")
    sdk = tmp_path / "wh" / "sdk" / "current" / "bin"
    sdk.mkdir(parents=True)
    assert main(["setup", "shell", "--home", str(home), "--yes"]) == 0
    probe = f'. "{home}/.bashrc"; . "{home}/.bashrc"; echo "$PATH"'
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "WSLGO_HOME": str(tmp_path / "wh")}
    result = subprocess.run(
        ["bash", "--norc", "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    entries = result.stdout.strip().split(":")
    assert entries[0] == str(sdk) and len(entries) == len(set(entries))
