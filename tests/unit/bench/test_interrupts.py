"""Ctrl-C at the worst instant leaves no scratch directory and no running child behind.

The SIGINT is real (``os.kill`` of this process); it is sent from inside ``mkdir`` and ``Popen`` so
that it lands exactly in the window that used to leak: after the directory or the child exists,
before the bench has recorded it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from wslgo.bench.buildbench import run_go
from wslgo.bench.tempdirs import ScratchArea


def test_ctrl_c_right_after_mkdir_leaves_no_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_mkdir = os.mkdir

    def mkdir_then_interrupt(path: Any, mode: int = 0o777, **kwargs: Any) -> None:
        real_mkdir(path, mode, **kwargs)
        os.kill(os.getpid(), signal.SIGINT)

    with pytest.raises(KeyboardInterrupt), ScratchArea() as scratch:
        monkeypatch.setattr(os, "mkdir", mkdir_then_interrupt)
        scratch.make(tmp_path, "run-")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_while_the_child_starts_kills_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pid_file = tmp_path / "child.pid"
    script = "import os, sys, time; open(sys.argv[1], 'w').write(str(os.getpid())); time.sleep(60)"
    real_execute_child = subprocess.Popen._execute_child  # type: ignore[attr-defined]

    def execute_child_then_interrupt(self: subprocess.Popen[bytes], *args: Any) -> None:
        real_execute_child(self, *args)
        os.kill(os.getpid(), signal.SIGINT)  # Popen has forked and exec'd, __init__ has not returned

    monkeypatch.setattr(subprocess.Popen, "_execute_child", execute_child_then_interrupt)
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        run_go([sys.executable, "-c", script, str(pid_file)], tmp_path, dict(os.environ), timeout=60)
    monkeypatch.undo()
    time.sleep(1.0)  # an orphaned child would have written its pid by now
    assert time.monotonic() - started < 30
    pid = int(pid_file.read_text()) if pid_file.exists() and pid_file.read_text() else None
    alive = pid is not None and _alive(pid)
    if pid is not None and alive:
        os.kill(pid, signal.SIGKILL)
    assert not alive, "the child outlived the interrupt"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
