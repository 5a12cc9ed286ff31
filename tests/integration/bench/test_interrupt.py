"""Ctrl-C during a bench: exit 130, every scratch directory gone, no go process left writing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.integration.bench.conftest import scratch_left

pytestmark = pytest.mark.integration


def _start(args: list[str], tmpdir: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, TMPDIR=str(tmpdir), PYTHONUNBUFFERED="1")
    return subprocess.Popen(
        [sys.executable, "-m", "wslgo", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _wait_for_line(proc: subprocess.Popen[str], needle: str, timeout: float = 60) -> str:
    assert proc.stderr is not None
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        seen.append(line)
        if needle in line:
            return line
    proc.kill()
    raise AssertionError(f"never saw {needle!r} on stderr: {''.join(seen)}")


def _interrupt(proc: subprocess.Popen[str]) -> tuple[int, str]:
    proc.send_signal(signal.SIGINT)
    assert proc.stderr is not None
    rest = proc.stderr.read()
    return proc.wait(timeout=60), rest


def test_ctrl_c_during_fs_bench_cleans_up(tmp_path: Path) -> None:
    target, tmpdir = tmp_path / "target", tmp_path / "tmp"
    target.mkdir()
    tmpdir.mkdir()
    proc = _start(["bench", "fs", "--dirs", str(target), "--files", "400", "--repeat", "1000"], tmpdir)
    _wait_for_line(proc, "[9/")  # well inside the measuring loop
    assert scratch_left(target)  # the bench's files exist right now
    rc, rest = _interrupt(proc)
    assert rc == 130
    assert "Traceback" not in rest
    assert scratch_left(target, tmpdir) == []


def test_ctrl_c_during_go_build_kills_go_and_cleans_up(tmp_path: Path, go_binary: Path) -> None:
    cache, tmpdir = tmp_path / "cache", tmp_path / "tmp"
    cache.mkdir()
    tmpdir.mkdir()
    args = [
        "bench",
        "build",
        "--packages",
        "4",
        "--cache-dirs",
        str(cache),
        "--repeat",
        "3",
        "--go",
        str(go_binary),
    ]
    proc = _start(args, tmpdir)
    _wait_for_line(proc, "cold (repeat 1/3)")
    time.sleep(1.0)  # the cold build (compiling the standard library) is running now
    assert scratch_left(cache) and scratch_left(tmpdir)
    rc, rest = _interrupt(proc)
    assert rc == 130, rest
    assert "Traceback" not in rest
    assert scratch_left(cache, tmpdir) == []
    leftover = subprocess.run(["pgrep", "-f", str(tmpdir)], capture_output=True, text=True).stdout.split()
    assert leftover == []
