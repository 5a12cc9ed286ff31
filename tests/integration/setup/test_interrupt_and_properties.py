"""Crash safety (SIGKILL between files) and the apply → undo property over generated rc/INI files."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wslgo.edit.apply import apply_plan, list_runs, undo
from wslgo.setup.api import DEFAULT_STEPS, plan_inputs
from wslgo.setup.model import SetupOptions
from wslgo.setup.reader import read_target

pytestmark = pytest.mark.integration

GIB = 1024**3
ALL_STEPS = ["shell", "go-env", "go-cache", "proxy", "wsl-conf", "wslconfig"]


def _make_tree(
    base: Path, bashrc: bytes, wsl_conf: bytes | None, wslconfig: bytes | None
) -> tuple[Path, Path]:
    (base / "etc").mkdir(parents=True)
    home = base / "home" / "al"
    home.mkdir(parents=True)
    (home / ".bashrc").write_bytes(bashrc)
    if wsl_conf is not None:
        (base / "etc" / "wsl.conf").write_bytes(wsl_conf)
    windows = base / "win"
    windows.mkdir()
    if wslconfig is not None:
        (windows / ".wslconfig").write_bytes(wslconfig)
    return home, windows


def _snapshot(base: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(base.rglob("*")) if p.is_file()}


def test_sigkill_between_files_leaves_old_or_new_and_undo_restores(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    _home, windows = _make_tree(
        tree,
        b"export GOSUMDB=sum.golang.org+https://sum.golang.org\n",
        b"[automount]\nenabled=true\n",
        b"[wsl2]\r\nmemory=64GB\r\n",
    )
    before = _snapshot(tree)
    inputs = read_target(root=tree, windows_home=windows)
    plan = plan_inputs(inputs, DEFAULT_STEPS, SetupOptions(host_memory=32 * GIB, host_processors=8))
    after = {edit.path: edit.after for edit in plan.edits}
    assert len(after) == 4
    env = dict(os.environ, WSLGO_TEST_PAUSE_AFTER_FILE="2")
    args = [
        "--root",
        str(tree),
        "--windows-home",
        str(windows),
        "--memory",
        "32GB",
        "--processors",
        "8",
        "--yes",
    ]
    process = subprocess.Popen(
        [sys.executable, "-m", "wslgo", "setup", *args],
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
    )
    assert process.stderr is not None
    line = process.stderr.readline().decode()
    assert "paused after file 2" in line
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)

    now = _snapshot(tree)
    changed = [path for path in before if now.get(path) != before[path]] + [p for p in now if p not in before]
    assert len(changed) == 2
    for path in changed:
        assert now[path] == after[path], f"{path} is neither old nor new"
    for path, data in before.items():
        assert now.get(path) in (data, after.get(path))
    runs = list_runs()
    assert len(runs) == 1 and not runs[0].finished and runs[0].files_written == 2
    result = undo()
    assert result.complete
    assert _snapshot(tree) == before


rc_lines = st.sampled_from(
    [
        "export PATH=$PATH:/usr/local/go/bin",
        "export PATH=$PATH:$(go env GOPATH)/bin",
        "export GOPATH=/mnt/d/go-workspace",
        "export GOCACHE=/mnt/c/cache",
        "export GOSUMDB=sum.golang.org+https://sum.golang.org",
        "export GOPROXY=https://goproxy.cn,https://proxy.golang.org,direct",
        "export GOPROXY=https://proxy.golang.org,direct",
        "# comment",
        "",
        "alias ll='ls -l'",
        "if [ -f ~/.aliases ]; then . ~/.aliases; fi",
    ]
)
ini_lines = st.sampled_from(
    [
        "[wsl2]",
        "[experimental]",
        "[boot]",
        "[automount]",
        "[interop]",
        "memory=8GB",
        "memory=128GB",
        "processors=64",
        "systemd=true",
        "autoMemoryReclaim=disabled",
        'options = "metadata,umask=22"',
        "; semicolon comment",
        "# hash comment",
        "swap=0 # inline",
        "broken line",
        "[unclosed",
        "",
    ]
)


def _missing_in_order(kept: list[bytes], current: list[bytes]) -> list[bytes]:
    """Lines of ``kept`` not found, in order, in ``current``; a line that is not found consumes nothing."""
    missing: list[bytes] = []
    position = 0
    for line in kept:
        found = next((index for index in range(position, len(current)) if line in current[index]), None)
        if found is None:
            missing.append(line)
        else:
            position = found + 1
    return missing


def _join(lines: list[str], newline: str, final: bool) -> bytes:
    return (newline.join(lines) + (newline if final and lines else "")).encode()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rc=st.lists(rc_lines, max_size=8),
    conf=st.none() | st.lists(ini_lines, max_size=8),
    wslconfig=st.none() | st.lists(ini_lines, max_size=8),
    newline=st.sampled_from(["\n", "\r\n"]),
    final=st.booleans(),
    steps=st.lists(st.sampled_from(ALL_STEPS), min_size=1, max_size=6, unique=True),
)
def test_apply_undo_byte_identical_and_idempotent(
    rc: list[str],
    conf: list[str] | None,
    wslconfig: list[str] | None,
    newline: str,
    final: bool,
    steps: list[str],
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        state = base / "state"
        tree = base / "tree"
        _home, windows = _make_tree(
            tree,
            _join(rc, "\n", final),
            None if conf is None else _join(conf, "\n", final),
            None if wslconfig is None else _join(wslconfig, newline, final),
        )
        before = _snapshot(tree)
        options = SetupOptions(host_memory=32 * GIB, host_processors=16)
        plan = plan_inputs(read_target(root=tree, windows_home=windows), steps, options)
        record = apply_plan(plan, home=state)
        assert not record.refused
        second = plan_inputs(read_target(root=tree, windows_home=windows), steps, options)
        assert second.is_empty
        # Lines setup did not mean to change are still there, in order.
        for path, original in before.items():
            current = Path(path).read_bytes()
            kept = [line for line in original.splitlines() if line.strip()]
            missing = _missing_in_order(kept, current.splitlines())
            assert len(missing) <= 3, (path, missing)
        if record.written:
            assert undo(home=state).complete
        assert _snapshot(tree) == before
