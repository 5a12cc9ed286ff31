"""Progress for long operations (SPEC §1), one protocol for all of them: a rich bar on a terminal, plain
lines in a pipe or CI log, nothing with ``--quiet``.

Two kinds of work report through it. A transfer counts bytes (an SDK download, an extraction):
``start(label, total_bytes)``, then ``advance(n)`` per chunk. A run of steps counts steps (a benchmark
alternating its candidates): ``start(label, total_steps, unit="steps")``, then ``step(description)``
when each begins (a cold build can take a minute, so the user sees what runs at once) and ``advance()``
when it ends. ``note`` is a remark that is not progress (a skipped directory). Library code only calls
these methods; which implementation is used is decided once, at the CLI edge (``progress_for``).
"""

from __future__ import annotations

import sys
from typing import IO, TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress as RichBar
    from rich.progress import TaskID

Unit = Literal["bytes", "steps"]


class Progress(Protocol):
    def start(self, label: str, total: int | None, completed: int = 0, *, unit: Unit = "bytes") -> None:
        """Work begins: ``total`` bytes or steps (``None``: unknown), ``completed`` of them done already."""

    def step(self, description: str) -> None:
        """A step of a ``unit="steps"`` run begins."""

    def advance(self, amount: int = 1) -> None:
        """``amount`` more bytes, or one more finished step."""

    def note(self, message: str) -> None:
        """A remark that is not progress."""

    def finish(self) -> None:
        """The work started last is over (also after an error: the terminal gets its line back)."""


class NoProgress:
    """``--quiet``: nothing at all."""

    def start(self, label: str, total: int | None, completed: int = 0, *, unit: Unit = "bytes") -> None:
        return None

    def step(self, description: str) -> None:
        return None

    def advance(self, amount: int = 1) -> None:
        return None

    def note(self, message: str) -> None:
        return None

    def finish(self) -> None:
        return None


def _megabytes(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB"


class PlainProgress:
    """Not a terminal: a transfer writes one line at start, one per 25 %, one at the end; a run of steps
    writes ``[3/24] description`` as each step begins."""

    def __init__(self, stream: IO[str] | None = None, step_percent: int = 25) -> None:
        self._stream = stream or sys.stderr
        self._step = step_percent
        self._label = ""
        self._unit: Unit = "bytes"
        self._total: int | None = None
        self._done = 0
        self._steps_begun = 0
        self._next_percent = step_percent

    def start(self, label: str, total: int | None, completed: int = 0, *, unit: Unit = "bytes") -> None:
        self._label, self._total, self._done, self._unit = label, total, completed, unit
        self._steps_begun = completed
        if unit == "steps":
            return
        resumed = f", resuming at {_megabytes(completed)}" if completed else ""
        size = f" ({_megabytes(total)}{resumed})" if total else ""
        self._write(f"{label}{size}")
        self._next_percent = self._step
        if total:
            while self._next_percent <= completed * 100 // total:
                self._next_percent += self._step

    def step(self, description: str) -> None:
        self._steps_begun += 1
        total = f"/{self._total}" if self._total else ""
        self._write(f"[{self._steps_begun}{total}] {description}")

    def advance(self, amount: int = 1) -> None:
        self._done += amount
        if self._unit == "steps" or not self._total:
            return
        percent = self._done * 100 // self._total
        if percent >= self._next_percent and percent < 100:
            self._write(f"{self._label}: {percent}% ({_megabytes(self._done)} of {_megabytes(self._total)})")
            while self._next_percent <= percent:
                self._next_percent += self._step

    def note(self, message: str) -> None:
        self._write(message)

    def finish(self) -> None:
        if self._unit == "bytes" and self._label:
            self._write(f"{self._label}: done ({_megabytes(self._done)})")
        self._label = ""

    def _write(self, line: str) -> None:
        print(line, file=self._stream, flush=True)


class RichProgress:
    """A terminal: bytes, speed and ETA for a transfer; steps done of all and the time for a run of steps.
    Transient, so the terminal keeps only the result lines."""

    def __init__(self, console: Console) -> None:
        self._console = console
        self._bar: RichBar | None = None
        self._task: TaskID | None = None

    def start(self, label: str, total: int | None, completed: int = 0, *, unit: Unit = "bytes") -> None:
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            MofNCompleteColumn,
            Progress,
            ProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )

        self.finish()
        columns: tuple[ProgressColumn, ...]
        if unit == "steps":
            columns = (
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
            )
        else:
            columns = (
                TextColumn("{task.description}"),
                BarColumn(),
                DownloadColumn(),
                TransferSpeedColumn(),
                TimeRemainingColumn(),
            )
        self._bar = Progress(*columns, console=self._console, transient=True)
        self._bar.start()
        self._task = self._bar.add_task(label, total=total, completed=completed)

    def step(self, description: str) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, description=description)

    def advance(self, amount: int = 1) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.advance(self._task, amount)

    def note(self, message: str) -> None:
        (self._bar.console if self._bar is not None else self._console).print(message)

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
            self._task = None


def progress_for(quiet: bool, console: Console) -> Progress:
    """The progress the CLI should use: none with --quiet, a bar on a terminal, plain lines otherwise.
    ``console`` is the stderr console."""
    if quiet:
        return NoProgress()
    if console.is_terminal:
        return RichProgress(console)
    return PlainProgress(console.file)
