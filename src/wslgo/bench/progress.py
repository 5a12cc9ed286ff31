"""Progress while a bench runs: a rich bar on a terminal, one plain line per step otherwise, or nothing.

Benchmarks run for minutes on a slow ``/mnt/c``; a silent terminal looks hung. Plain lines (not a bar)
when stderr is a pipe or a CI log, so logs stay readable; ``--quiet`` silences both (SPEC §1).
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import IO, TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress


class ProgressReporter(Protocol):
    def begin(self, description: str) -> None:
        """A step starts (shown at once: a cold build can take a minute)."""

    def done(self) -> None:
        """The step started last has finished."""

    def note(self, message: str) -> None:
        """A remark that is not a step (a skipped candidate directory)."""

    def __enter__(self) -> ProgressReporter: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...


class QuietProgress:
    def begin(self, description: str) -> None:
        pass

    def done(self) -> None:
        pass

    def note(self, message: str) -> None:
        pass

    def __enter__(self) -> QuietProgress:
        return self

    def __exit__(self, *args: object) -> None:
        pass


class PlainProgress:
    """``[3/24] fs /tmp: create (repeat 1/3)`` lines on a stream (stderr by default)."""

    def __init__(self, total: int, stream: IO[str] | None = None) -> None:
        self.total = total
        self.started = 0
        self.stream = stream or sys.stderr

    def begin(self, description: str) -> None:
        self.started += 1
        print(f"[{self.started}/{self.total}] {description}", file=self.stream, flush=True)

    def done(self) -> None:
        pass

    def note(self, message: str) -> None:
        print(message, file=self.stream, flush=True)

    def __enter__(self) -> PlainProgress:
        return self

    def __exit__(self, *args: object) -> None:
        pass


class RichProgress:
    """One rich bar over all steps, its description naming the step running now."""

    def __init__(self, total: int, console: Console) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.console = console
        self.progress: Progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self.task = self.progress.add_task("bench", total=total)

    def begin(self, description: str) -> None:
        self.progress.update(self.task, description=description)

    def done(self) -> None:
        self.progress.advance(self.task)

    def note(self, message: str) -> None:
        self.progress.console.print(message)

    def __enter__(self) -> RichProgress:
        self.progress.start()
        return self

    def __exit__(self, *args: object) -> None:
        self.progress.stop()


def make_progress(total: int, *, quiet: bool, console: Console) -> ProgressReporter:
    """The right reporter for where stderr goes: ``console`` is the stderr console."""
    if quiet:
        return QuietProgress()
    if console.is_terminal:
        return RichProgress(total, console)
    return PlainProgress(total, console.file)
