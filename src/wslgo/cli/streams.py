"""Standard output and error that fail as one line, never as a traceback (SPEC §11 "Every error is one line").

Three things used to end in "internal error" (exit 3) or an interpreter complaint, whatever the command:

* stdout closed (``wslgo doctor >&-``) — ``sys.stdout`` is ``None``;
* stdout failing (``> /dev/full``, a disk that fills while a report is written) — ``OSError`` from deep
  inside ``print``, rich or click, and again from the interpreter's final flush (exit 120);
* an encoding that cannot hold a character (``PYTHONIOENCODING=ascii`` with ``⌈`` or ``→`` in a plan).

``guarded_streams`` replaces ``sys.stdout``/``sys.stderr`` for the duration of a command with text streams
over a small binary guard. A write error on stdout becomes ``OutputError`` (exit 1, "cannot write to
standard output: …") wherever it happens; a closed pipe stays ``BrokenPipeError`` so the error boundary
can end quietly (``wslgo --help | head -1``). Characters the encoding lacks get an ASCII stand-in
(``⌈`` → ``ceil(``, ``→`` → ``->``, anything else ``?``). Errors writing to stderr are swallowed: there is
nowhere left to report them, and the exit status still tells.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import io
import os
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from wslgo.errors import WslgoError

FALLBACK_ERRORS = "wslgo-ascii-fallback"

#: ASCII stand-ins for the typographic characters wslgo prints (plans, reports, progress).
ASCII_STAND_INS = {
    "⌈": "ceil(",
    "⌉": ")",
    "×": "x",
    "−": "-",
    "–": "-",
    "—": "-",
    "→": "->",
    "←": "<-",
    "…": "...",
    "✓": "ok",
    "✗": "x",
    "·": "-",
    "µ": "u",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "≥": ">=",
    "≤": "<=",
}


def _ascii_fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    piece = error.object[error.start : error.end]
    return "".join(ASCII_STAND_INS.get(char, "?") for char in piece), error.end


codecs.register_error(FALLBACK_ERRORS, _ascii_fallback)


class OutputError(WslgoError):
    """Standard output cannot be written (closed, full, I/O error): exit 1 with one line."""


def _output_error(exc: OSError | None) -> OutputError:
    from wslgo.i18n import _  # only on this error path: doctor's start-up does not pay for gettext

    if exc is None or exc.errno == errno.EBADF:
        return OutputError(_("cannot write to standard output: it is closed"))
    if exc.errno == errno.ENOSPC:
        return OutputError(_("cannot write to standard output: no space left on device"))
    return OutputError(_("cannot write to standard output: {error}", error=exc.strerror or exc))


class _GuardedOutput(io.RawIOBase):
    """A binary sink over the real stream's buffer that turns write failures into wslgo errors.

    ``target`` is ``None`` for a closed stream. For stdout (``swallow=False``) a failure raises
    ``OutputError`` (``BrokenPipeError`` is left alone: a reader that went away is not an error); for
    stderr (``swallow=True``) failures are dropped and later writes skipped.
    """

    def __init__(self, target: Any | None, *, swallow: bool) -> None:
        super().__init__()
        self._target = target
        self._swallow = swallow
        self._dead = target is None

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        size = len(memoryview(data))
        if self._dead:
            if self._swallow:
                return size
            raise _output_error(None)
        assert self._target is not None
        try:
            self._target.write(bytes(data))
            self._target.flush()
        except BrokenPipeError:
            if self._swallow:
                self._dead = True
                return size
            raise
        except OSError as exc:
            if self._swallow:
                self._dead = True
                return size
            raise _output_error(exc) from None
        return size

    def fileno(self) -> int:
        if self._target is None:
            raise io.UnsupportedOperation("standard output is closed")
        return int(self._target.fileno())

    def isatty(self) -> bool:
        try:
            return bool(self._target is not None and self._target.isatty())
        except (OSError, ValueError):
            return False

    def abandon(self) -> None:
        """Drop whatever is written from now on (the stream is known to be broken, or the command ended)."""
        self._dead = True
        self._swallow = True

    def close(self) -> None:  # never close the real stream underneath
        super().close()


def _wrap(stream: TextIO | None, *, swallow: bool) -> tuple[io.TextIOWrapper, _GuardedOutput] | None:
    """A text stream like ``stream`` but guarded; ``None`` when ``stream`` has no binary buffer to guard."""
    if stream is None:
        encoding, errors, line_buffering, buffer = "utf-8", "strict", False, None
    else:
        buffer = getattr(stream, "buffer", None)
        if buffer is None:
            return None
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
        encoding = stream.encoding or "utf-8"
        errors = stream.errors or "strict"
        line_buffering = bool(getattr(stream, "line_buffering", False))
    if codecs.lookup(encoding).name not in ("utf-8", "utf-16", "utf-32"):
        errors = FALLBACK_ERRORS
    guard = _GuardedOutput(buffer, swallow=swallow)
    text = io.TextIOWrapper(
        io.BufferedWriter(guard),
        encoding=encoding,
        errors=errors,
        line_buffering=line_buffering,
        write_through=True,
    )
    return text, guard


class StreamGuard:
    """What ``guarded_streams`` yields: the error boundary tells it when stdout turned out to be broken."""

    def __init__(self, original_stdout: TextIO | None, guard: _GuardedOutput | None) -> None:
        self._original = original_stdout
        self._guard = guard

    def discard_stdout(self) -> None:
        """Stop writing to stdout: drop what is still buffered, and when stdout is the process's real one,
        point file descriptor 1 at ``/dev/null`` so that the interpreter's final flush (and any child
        process) does not fail on it again (a second error, or exit status 120)."""
        if self._guard is not None:
            self._guard.abandon()
        real = sys.__stdout__
        if real is None or self._original is not real:
            return
        with contextlib.suppress(OSError, ValueError):
            null = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(null, real.fileno())
            finally:
                os.close(null)


def _plug_closed_descriptors() -> None:
    """Open ``/dev/null`` on a closed fd 1 or 2, so no file wslgo opens later lands on it by accident."""
    for fd in (1, 2):
        try:
            os.fstat(fd)
        except OSError:
            with contextlib.suppress(OSError):
                opened = os.open(os.devnull, os.O_WRONLY)
                if opened != fd:
                    os.dup2(opened, fd)
                    os.close(opened)


@contextlib.contextmanager
def guarded_streams() -> Iterator[StreamGuard]:
    """Guard ``sys.stdout`` and ``sys.stderr`` while the block runs (restored after, output flushed)."""
    original_out, original_err = sys.stdout, sys.stderr
    if original_out is None or original_err is None:
        _plug_closed_descriptors()
    wrapped_out = _wrap(original_out, swallow=False)
    wrapped_err = _wrap(original_err, swallow=True)
    if wrapped_out is not None:
        sys.stdout = wrapped_out[0]
    if wrapped_err is not None:
        sys.stderr = wrapped_err[0]
    try:
        yield StreamGuard(original_out, wrapped_out[1] if wrapped_out else None)
    finally:
        for wrapped in (wrapped_out, wrapped_err):
            if wrapped is None:
                continue
            text, guard = wrapped
            with contextlib.suppress(Exception):
                text.flush()
            guard.abandon()  # whatever is left (after a failure) is dropped, never retried at exit
            with contextlib.suppress(Exception):
                text.detach()
        sys.stdout, sys.stderr = original_out, original_err
