"""``wslgo ci run`` under Ctrl-C, with a full temporary directory, and twice at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.integration.ci.conftest import Module

pytestmark = pytest.mark.integration


def _wslgo(go_binary: Path, module: Module, *args: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "wslgo",
        "ci",
        "run",
        "--project",
        str(module.root),
        "--go",
        str(go_binary),
        *args,
    ]


def _processes_with(marker: str) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if marker in command:
                found.append(command)
    return found


def test_ctrl_c_stops_the_step_and_its_children_and_cleans_up(
    go_module: Module, go_binary: Path, tmp_path: Path
) -> None:
    marker = f"sleep 3{os.getpid() % 10}7"
    go_module.write("go.mod", "module example.com/calc\n\ngo 1.27.3\n")
    go_module.workflow(f"on: push\njobs:\n  t:\n    steps:\n      - run: echo started; ({marker} & wait)\n")
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    process = subprocess.Popen(
        _wslgo(go_binary, go_module), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    deadline = time.monotonic() + 30
    while "started" not in process.stdout.readline():
        assert time.monotonic() < deadline
    while not _processes_with(marker):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=30)  # long before the step's sleep would end
    assert process.returncode == 130, err
    time.sleep(0.2)
    assert not _processes_with(marker)  # the step's whole process group went with it
    assert list(temp.iterdir()) == []  # the job's temp dir (scripts, GOPATH, GITHUB_ENV) is gone


@pytest.fixture
def full_tmpfs(tmp_path: Path) -> Path:
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        fd = os.open(mount_point / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(fd, b"x" * 4096):
                pass
        except OSError:
            pass
        finally:
            # One page stays free: enough for tempfile's probe and the first step's script, not more.
            os.ftruncate(fd, max(0, os.fstat(fd).st_size - 4096))
            os.close(fd)
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=False)


def test_full_temporary_directory_is_one_line_naming_the_file(
    go_module: Module, go_binary: Path, full_tmpfs: Path
) -> None:
    go_module.write("go.mod", "module example.com/calc\n\ngo 1.27.3\n")
    go_module.workflow("on: push\njobs:\n  t:\n    steps:\n      - run: echo one\n      - run: echo two\n")
    env = {**os.environ, "TMPDIR": str(full_tmpfs)}
    result = subprocess.run(
        _wslgo(go_binary, go_module), env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("wslgo:")]
    assert len(lines) == 1 and "No space left on device" in lines[0] and str(full_tmpfs) in lines[0]
    assert "Traceback" not in result.stderr and "one" in result.stdout
    assert [p.name for p in full_tmpfs.iterdir()] == ["filler"]  # the job's temp dir was removed


def test_two_runs_at_once_install_the_same_sdk_once_and_both_pass(
    go_module: Module, go_binary: Path, ci_mirror: object
) -> None:
    go_module.write("go.mod", "module example.com/calc\n\ngo 1.22\n")
    go_module.write("calc.go", "package calc\n\nfunc Add(a, b int) int { return a + b }\n")
    go_module.workflow(
        "on: push\njobs:\n  t:\n    steps:\n      - uses: actions/setup-go@v6\n        with:\n"
        "          go-version: '1.27.2'\n      - run: go version && go build ./...\n"
    )
    runs = [
        subprocess.Popen(
            _wslgo(go_binary, go_module), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    results = [(run.wait(timeout=600), *run.communicate()) for run in runs]
    for code, out, err in results:
        assert code == 0, out + err
        assert "go version go1.27.2 linux/amd64" in out
    sdk = Path(os.environ["WSLGO_HOME"]) / "sdk"
    assert sorted(p.name for p in sdk.iterdir() if not p.name.startswith(".lock")) == ["go1.27.2"]
