"""The bench's scratch directories, removed on every way out, Ctrl-C included.

A benchmark that leaves 2,000 files in ``/mnt/c/Users/al/AppData/Local/Temp`` after an interrupt is worse
than no benchmark. Every directory the bench creates is made through one ``ScratchArea`` and removed in
its ``__exit__``; while removing, SIGINT is ignored so that an impatient second Ctrl-C cannot leave half
a tree behind.
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

SCRATCH_PREFIX = "wslgo-bench-"


class ScratchArea:
    """Creates scratch directories on demand and removes all of them on exit."""

    def __init__(self, prefix: str = SCRATCH_PREFIX) -> None:
        self.prefix = prefix
        self._dirs: list[Path] = []

    def make(self, parent: Path, label: str = "") -> Path:
        """A new empty directory inside ``parent`` (raises ``OSError`` when ``parent`` is not writable).

        Creating and recording the directory is one step as far as Ctrl-C is concerned: a
        KeyboardInterrupt raised between ``mkdir`` and the bookkeeping (it lands right after the
        system call returns) would leave a directory nobody knows to remove.
        """
        with sigint_deferred():
            path = Path(tempfile.mkdtemp(prefix=f"{self.prefix}{label}", dir=parent))
            self._dirs.append(path)
        return path

    def remove(self, path: Path) -> None:
        _remove_tree(path)
        if path in self._dirs:
            self._dirs.remove(path)

    def remove_all(self) -> None:
        for path in reversed(self._dirs):
            _remove_tree(path)
        self._dirs.clear()

    def __enter__(self) -> ScratchArea:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        in_main_thread = threading.current_thread() is threading.main_thread()
        previous: Any = signal.signal(signal.SIGINT, signal.SIG_IGN) if in_main_thread else None
        try:
            self.remove_all()
        finally:
            if in_main_thread:
                signal.signal(signal.SIGINT, previous)


@contextlib.contextmanager
def sigint_deferred() -> Iterator[None]:
    """Hold back SIGINT for the duration of the block, then deliver it to the previous handler.

    Only the main thread receives KeyboardInterrupt, so elsewhere there is nothing to defer; a handler
    installed outside Python (``getsignal`` is None) cannot be restored, so it is left alone.
    """
    previous: Any = signal.getsignal(signal.SIGINT)
    if previous is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[tuple[int, FrameType | None]] = []
    signal.signal(signal.SIGINT, lambda signum, frame: caught.append((signum, frame)))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught and callable(previous):
            previous(*caught[0])


def _remove_tree(path: Path) -> None:
    """``rm -rf`` that also copes with read-only directories (the module cache makes them)."""

    def make_writable_and_retry(func: Any, failed_path: str, _exc_info: Any) -> None:
        try:
            failed = Path(failed_path)
            failed.parent.chmod(failed.parent.stat().st_mode | stat.S_IWUSR | stat.S_IXUSR)
            if failed.is_dir() and not failed.is_symlink():
                failed.chmod(failed.stat().st_mode | stat.S_IWUSR | stat.S_IXUSR)
            func(failed_path)
        except OSError:
            pass  # best effort: what cannot be removed is left, never raised over the real error

    if path.exists():
        shutil.rmtree(path, onerror=make_writable_and_retry)
