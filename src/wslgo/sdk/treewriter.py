"""Create the files and directories of one extraction on a few threads.

Why threads: an SDK has ~12,000 files and ~1,400 directories, and creating an inode is kernel work
that dominates the install (on a busy ext4 each ``open(O_CREAT)`` costs from 50 µs to over 500 µs of
system time). ``tar`` creates them one after another; the system calls here release the GIL, so a few
threads keep both cores creating inodes while the main thread parses and filters the archive.

The safety rules stay with the caller, which validates every member in archive order before handing it
over; this module only writes, and only in ways that cannot be redirected: files are created with
``O_CREAT|O_EXCL|O_NOFOLLOW`` (never following or replacing anything) and with their final mode, and a
missing parent directory is created on the spot (``mkdir -p``) because the directory member may still be
queued on another thread. Anything that must see every earlier member on disk (links) calls ``wait()``
first. The first error stops all later work and is raised in the caller's thread by the next call;
``close()`` returns only when no thread can touch the file system any more.
"""

# ruff: noqa: PTH101, PTH102, PTH103, PTH120
# (os.* on str paths on purpose: a pathlib object per member costs more than the system call it wraps.)
from __future__ import annotations

import os
import queue
import stat
import threading
from collections.abc import Sequence

THREADS = 4
#: Inflated bytes waiting to be written (views into the inflated blocks keep those alive).
MAX_PENDING_BYTES = 64 << 20
DIRECTORY_MODE = 0o755
_FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
_IOV_MAX = 1024

#: (path, mode, mtime, data); ``mode`` is None for a directory.
_Job = tuple[str, int | None, float, Sequence[memoryview]]


def _make_parents(path: str) -> None:
    os.makedirs(os.path.dirname(path), DIRECTORY_MODE, exist_ok=True)


def _write_all(fd: int, data: Sequence[memoryview]) -> None:
    pending = list(data)
    while pending:
        written = os.writev(fd, pending[:_IOV_MAX])
        if written <= 0:
            raise OSError(f"write to descriptor {fd} made no progress")
        while pending and written >= len(pending[0]):
            written -= len(pending[0])
            pending.pop(0)
        if written:
            pending[0] = pending[0][written:]


def write_file(path: str, mode: int, mtime: float, data: Sequence[memoryview], umask: int) -> None:
    """Create ``path`` (must not exist) with ``data``, ``mode`` and ``mtime``: open, write, close."""
    try:
        fd = os.open(path, _FILE_FLAGS, mode)
    except FileNotFoundError:
        _make_parents(path)
        fd = os.open(path, _FILE_FLAGS, mode)
    try:
        if data:
            _write_all(fd, data)
        if mode & umask:
            os.fchmod(fd, mode)  # the umask took bits the SDK needs (e.g. umask 077)
        os.utime(fd, (mtime, mtime))  # as tar does: the go command's caches key on file mtimes
    finally:
        os.close(fd)


def make_directory(path: str, umask: int) -> None:
    """``mkdir`` that accepts an existing directory (a parent made earlier for a file) but nothing else."""
    try:
        os.mkdir(path, DIRECTORY_MODE)
    except FileNotFoundError:
        os.makedirs(path, DIRECTORY_MODE, exist_ok=True)
    except FileExistsError:
        if not stat.S_ISDIR(os.lstat(path).st_mode):
            raise
    if DIRECTORY_MODE & umask:
        os.chmod(path, DIRECTORY_MODE)


class TreeWriter:
    """A pool of writer threads for one extraction; use as a context manager (leaving = ``close``)."""

    def __init__(
        self, umask: int, threads: int = THREADS, max_pending_bytes: int = MAX_PENDING_BYTES
    ) -> None:
        self._umask = umask
        self._max_pending_bytes = max_pending_bytes
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._state = threading.Condition()
        self._pending_jobs = 0
        self._pending_bytes = 0
        self._error: BaseException | None = None
        self._closed = False
        self._threads = [
            threading.Thread(target=self._work, name=f"tree-writer-{number}", daemon=True)
            for number in range(max(1, threads))
        ]
        for thread in self._threads:
            thread.start()

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            path, mode, mtime, data = job
            failure: BaseException | None = None
            if self._error is None and not self._closed:
                try:
                    if mode is None:
                        make_directory(path, self._umask)
                    else:
                        write_file(path, mode, mtime, data, self._umask)
                except BaseException as exc:
                    failure = exc
            with self._state:
                if failure is not None and self._error is None:
                    self._error = failure
                self._pending_jobs -= 1
                self._pending_bytes -= sum(len(view) for view in data)
                self._state.notify_all()

    def _submit(self, job: _Job, size: int) -> None:
        with self._state:
            while (
                self._error is None
                and self._pending_jobs
                and self._pending_bytes + size > self._max_pending_bytes
            ):
                self._state.wait()
            if self._error is not None:
                raise self._error
            self._pending_jobs += 1
            self._pending_bytes += size
        self._jobs.put(job)

    def directory(self, path: str) -> None:
        self._submit((path, None, 0.0, ()), 0)

    def file(self, path: str, mode: int, mtime: float, data: Sequence[memoryview]) -> None:
        self._submit((path, mode, mtime, data), sum(len(view) for view in data))

    def wait(self) -> None:
        """Return when everything handed over so far is on disk; raise the first error."""
        with self._state:
            while self._pending_jobs and self._error is None:
                self._state.wait()
            if self._error is not None:
                raise self._error

    def close(self) -> None:
        """Drop what is still queued and join the threads (after an error, Ctrl-C or the last member)."""
        self._closed = True
        for _ in self._threads:
            self._jobs.put(None)
        for thread in self._threads:
            thread.join()

    def __enter__(self) -> TreeWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
