"""``bench fs``: time create / stat / read / delete of a Go-build-shaped file set in each directory.

What is measured, exactly (so numbers from two machines mean the same thing):

- create: ``mkdir`` of the subdirectories, then per file ``open(O_CREAT|O_EXCL)``, ``write``, ``close``.
  No ``fsync`` by default: the go command does not fsync build-cache entries either, so the default
  measures what a build pays (the page cache on ext4, a 9P round trip per call on ``/mnt/c``). With
  ``fsync=True`` each file is ``fsync``-ed before ``close``, which measures durable writes instead.
- stat: ``stat`` of every file.
- read: ``open``, ``read`` to the end, ``close`` of every file. Caches are not dropped (that needs root,
  and a warm build reads files it just wrote): on ext4 this is a page-cache read, on ``/mnt/c`` every
  call still crosses 9P to the Windows host.
- delete: ``unlink`` of every file, then ``rmdir`` of the subdirectories.

Each sample is the wall time of one operation over all files of one fresh scratch directory. Repeats are
interleaved across directories (repeat 1 of every directory, then repeat 2, …) so that a slow period of
the machine does not land on one directory only.
"""

# The timed loops call os.* on str paths on purpose: pathlib's per-call object overhead would be measured
# as file-system time, and on ext4 it is of the same order as the system calls themselves.
# ruff: noqa: PTH102, PTH106, PTH108, PTH116, PTH118

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path
from types import MappingProxyType

from wslgo.bench.fsplan import FilePlan
from wslgo.bench.model import Measurement
from wslgo.bench.tempdirs import ScratchArea
from wslgo.errors import WslgoError
from wslgo.progress import Progress

FS_OPERATIONS = ("create", "stat", "read", "delete")


def fs_step_count(targets: Sequence[Path], repeat: int) -> int:
    return len(targets) * repeat * len(FS_OPERATIONS)


def run_fs_bench(
    targets: Sequence[Path],
    plan: FilePlan,
    *,
    repeat: int,
    fsync: bool,
    scratch: ScratchArea,
    progress: Progress,
) -> list[Measurement]:
    """Measure every target ``repeat`` times; one ``Measurement`` per (target, operation)."""
    samples: dict[tuple[str, str], list[float]] = {
        (str(target), operation): [] for target in targets for operation in FS_OPERATIONS
    }
    for round_index in range(repeat):
        for target in targets:
            workdir = scratch.make(target, "fs-")
            for operation in FS_OPERATIONS:
                progress.step(f"fs {target}: {operation} (repeat {round_index + 1}/{repeat})")
                elapsed = _timed_operation(operation, workdir, plan, fsync)
                samples[(str(target), operation)].append(elapsed)
                progress.advance()
            scratch.remove(workdir)
    params = MappingProxyType(
        {"files": len(plan.files), "bytes": plan.total_bytes, "fsync": fsync, "repeat": repeat}
    )
    return [
        Measurement(suite="fs", target=target, operation=operation, samples=tuple(values), params=params)
        for (target, operation), values in samples.items()
    ]


def _timed_operation(operation: str, workdir: Path, plan: FilePlan, fsync: bool) -> float:
    paths = [os.path.join(workdir, planned.relpath) for planned in plan.files]
    started = time.perf_counter()
    if operation == "create":
        for subdir in plan.subdirs:
            os.mkdir(os.path.join(workdir, subdir))
        for path, planned in zip(paths, plan.files, strict=True):
            _write_file(path, plan.content(planned), fsync)
    elif operation == "stat":
        for path in paths:
            os.stat(path)
    elif operation == "read":
        for path, planned in zip(paths, plan.files, strict=True):
            size = _read_file(path)
            if size != planned.size:
                raise WslgoError(
                    f"{path}: read {size} bytes back, wrote {planned.size}; the file system lost data"
                )
    elif operation == "delete":
        for path in paths:
            os.unlink(path)
        for subdir in plan.subdirs:
            os.rmdir(os.path.join(workdir, subdir))
    else:
        raise ValueError(f"unknown fs operation {operation!r}")
    return time.perf_counter() - started


def _write_file(path: str, content: bytes, fsync: bool) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        view = memoryview(content)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        if fsync:
            os.fsync(fd)
    finally:
        os.close(fd)


def _read_file(path: str) -> int:
    fd = os.open(path, os.O_RDONLY)
    try:
        total = 0
        while chunk := os.read(fd, 65536):
            total += len(chunk)
        return total
    finally:
        os.close(fd)
