"""Progress for long operations (SPEC §1): a rich bar on a TTY, plain lines otherwise, nothing with --quiet.

Downloads and extraction only call ``start``/``advance``/``finish`` on a ``ProgressSink``; which sink is used
is decided once, at the CLI edge.
"""

from __future__ import annotations

import sys
from typing import IO, TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID


class ProgressSink(Protocol):
    def start(self, label: str, total: int | None, completed: int = 0) -> None: ...

    def advance(self, amount: int) -> None: ...

    def finish(self) -> None: ...


class NoProgress:
    """--quiet: nothing at all."""

    def start(self, label: str, total: int | None, completed: int = 0) -> None:
        return None

    def advance(self, amount: int) -> None:
        return None

    def finish(self) -> None:
        return None


def _megabytes(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB"


class PlainProgress:
    """Not a TTY (CI logs, pipes): one line at start, one per 25 %, one at the end."""

    def __init__(self, stream: IO[str] | None = None, step_percent: int = 25) -> None:
        self._stream = stream or sys.stderr
        self._step = step_percent
        self._label = ""
        self._total: int | None = None
        self._done = 0
        self._next_percent = step_percent

    def start(self, label: str, total: int | None, completed: int = 0) -> None:
        self._label, self._total, self._done = label, total, completed
        resumed = f", resuming at {_megabytes(completed)}" if completed else ""
        size = f" ({_megabytes(total)}{resumed})" if total else ""
        self._write(f"{label}{size}")
        self._next_percent = self._step
        if total:
            while self._next_percent <= completed * 100 // total:
                self._next_percent += self._step

    def advance(self, amount: int) -> None:
        self._done += amount
        if not self._total:
            return
        percent = self._done * 100 // self._total
        if percent >= self._next_percent and percent < 100:
            self._write(f"{self._label}: {percent}% ({_megabytes(self._done)} of {_megabytes(self._total)})")
            while self._next_percent <= percent:
                self._next_percent += self._step

    def finish(self) -> None:
        self._write(f"{self._label}: done ({_megabytes(self._done)})")

    def _write(self, line: str) -> None:
        print(line, file=self._stream, flush=True)


class RichProgress:
    """A TTY: bytes, speed and ETA, transient so the terminal keeps only the result lines."""

    def __init__(self, console: Console) -> None:
        self._console = console
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def start(self, label: str, total: int | None, completed: int = 0) -> None:
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )

        self.finish()
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=self._console,
            transient=True,
        )
        self._progress.start()
        self._task = self._progress.add_task(label, total=total, completed=completed)

    def advance(self, amount: int) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, amount)

    def finish(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
            self._task = None


def progress_for(quiet: bool, console: Console) -> ProgressSink:
    """The sink the CLI should use: none with --quiet, a bar on a terminal, plain lines otherwise."""
    if quiet:
        return NoProgress()
    if console.is_terminal:
        return RichProgress(console)
    return PlainProgress(console.file)
