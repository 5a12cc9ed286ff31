"""Small helpers shared by the SDK integration tests."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from wslgo.cli.main import main


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--quiet", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def sdk_root() -> Path:
    return Path(os.environ["WSLGO_HOME"]) / "sdk"


def current_target() -> str | None:
    link = sdk_root() / "current"
    return os.readlink(link) if link.is_symlink() else None


def go_env(tmp: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("GOROOT", "GOFLAGS")}
    env.update(
        {
            "GOTOOLCHAIN": "local",
            "GOFLAGS": "-modcacherw",
            "GOCACHE": str(tmp / "gocache"),
            "GOMODCACHE": str(tmp / "gomodcache"),
            "GOPATH": str(tmp / "gopath"),
            "CGO_ENABLED": "0",
        }
    )
    return env


def go_version(go: Path, tmp: Path) -> str:
    result = subprocess.run([str(go), "version"], capture_output=True, text=True, env=go_env(tmp), check=True)
    return result.stdout.strip()


def leftovers() -> list[str]:
    """Hidden temp names an interrupted or failed install could leave behind."""
    root = sdk_root()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.name.startswith((".tmp-", ".trash-", ".current-")))


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every path under ``root`` with its size and mtime: 'exactly as before' made checkable."""
    state: dict[str, tuple[int, int]] = {}
    if not root.exists():
        return state
    for path in sorted(root.rglob("*")):
        if path.name == ".lock":
            continue
        info = path.lstat()
        state[str(path.relative_to(root))] = (info.st_size, info.st_mtime_ns)
    link = root / "current"
    if link.is_symlink():
        state["current->"] = (len(os.readlink(link)), 0)
        state["current->" + os.readlink(link)] = (0, 0)
    return state
