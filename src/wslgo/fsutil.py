"""The write primitives every wslgo writer shares: atomic replace, exclusive create, directory fsync, a lock.

Each one exists because a plain ``open(path, "w")`` loses data in a way a user notices: a crash or a full
disk leaves half a file, a second run of wslgo interleaves its edits with the first, a symlinked dotfile is
replaced by a plain file, an existing bundle is overwritten. Keeping them here, once, means every writer
(the setup engine, capture, reports, caches) gets the same guarantees and the same tests:

* ``write_atomic`` writes a temp file in the target's directory, fsyncs it, re-checks the target just
  before the rename when asked (``Precondition``), renames, and fsyncs the directory. The target is
  either the old or the new file, never a mix; on any error the temp file is removed.
* ``symlink_atomic`` swaps a symlink the same way (the SDK store's ``current``, undo's restored links).
* ``create_exclusive`` is ``write_atomic`` for a file that must not exist yet: the finished temp file is
  hard-linked into place, which fails if anything appeared there meanwhile (no silent overwrite).
* ``exclusive_lock`` is an advisory ``flock`` on a file; a second process waits (and is told who holds
  it), or gives up after a timeout. The kernel drops the lock when its holder dies: no stale locks.

Errors are ``OSError`` (with ``filename`` set to the path the caller named) or the two types below; the
callers turn them into one-line messages.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import secrets
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "LockHolder",
    "LockTimeout",
    "Precondition",
    "PreconditionFailed",
    "create_exclusive",
    "exclusive_lock",
    "fsync_directory",
    "sha256_file",
    "symlink_atomic",
    "write_atomic",
]

TEMP_MARK = ".wslgo-"


class PreconditionFailed(Exception):
    """The target changed between the caller's check and the rename; nothing was written."""

    def __init__(self, path: Path, found_sha256: str | None) -> None:
        super().__init__(f"{path}: changed while it was being written")
        self.path = path
        self.found_sha256 = found_sha256


@dataclass(frozen=True)
class Precondition:
    """What the target must hold right before the rename: these bytes' sha256, or nothing (``None``)."""

    sha256: str | None


def sha256_file(path: Path) -> str | None:
    """The sha256 of ``path``'s bytes (links followed), ``None`` when it does not exist."""
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except FileNotFoundError:
        return None


def fsync_directory(directory: Path) -> None:
    """Make a rename in ``directory`` durable; file systems that cannot fsync a directory are ignored."""
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _temp_beside(path: Path) -> Path:
    return path.parent / f".{path.name}{TEMP_MARK}{secrets.token_hex(4)}.tmp"


def _write_temp(path: Path, data: bytes | Iterable[bytes], mode: int, owner: tuple[int, int] | None) -> Path:
    """A fsynced temp file beside ``path`` holding ``data`` (bytes, or chunks for a large file that need
    not fit in memory); errors name ``path``, not the temp file."""
    temp = _temp_beside(path)
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes | bytearray | memoryview):
                handle.write(data)
            else:
                for chunk in data:
                    handle.write(chunk)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            if owner is not None and owner != (os.geteuid(), os.getegid()):
                with contextlib.suppress(PermissionError):
                    os.fchown(handle.fileno(), *owner)
            os.fsync(handle.fileno())
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return temp


def write_atomic(
    path: Path,
    data: bytes | Iterable[bytes],
    *,
    mode: int = 0o644,
    owner: tuple[int, int] | None = None,
    precondition: Precondition | None = None,
) -> None:
    """Replace ``path`` with ``data`` atomically (temp file, fsync, rename, directory fsync). ``data`` may
    be an iterable of chunks (a module zip streamed from a store).

    ``path`` must not be a symlink the caller wants to keep: the rename replaces the link itself (callers
    that edit through links resolve them first). With ``precondition``, the target's bytes are hashed
    again just before the rename and ``PreconditionFailed`` is raised (nothing written) if they are not
    the expected ones: the window for another writer shrinks from the whole plan/apply to the rename.
    """
    temp = _write_temp(path, data, mode, owner)
    try:
        if precondition is not None:
            found = sha256_file(path)
            if found != precondition.sha256:
                raise PreconditionFailed(path, found)
        try:
            temp.replace(path)
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, str(path)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    fsync_directory(path.parent)


def symlink_atomic(path: Path, target: str) -> None:
    """Make ``path`` the symlink ``target`` in one rename (a new link beside it, renamed over the old name,
    directory fsynced): a reader sees the old link or the new one, never none."""
    temp = path.parent / f".{path.name}{TEMP_MARK}{secrets.token_hex(4)}.link"
    temp.symlink_to(target)
    try:
        temp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    fsync_directory(path.parent)


def create_exclusive(path: Path, data: bytes, *, mode: int = 0o644) -> None:
    """Create ``path`` holding ``data``; ``FileExistsError`` if it exists (or appears) — never overwrites.

    The file is complete before it becomes visible (hard link of a fsynced temp file), so a reader or a
    crash never sees half of it. File systems without hard links fall back to ``O_EXCL`` creation.
    """
    temp = _write_temp(path, data, mode, None)
    try:
        try:
            os.link(temp, path)
        except FileExistsError:
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP):
                raise OSError(exc.errno, exc.strerror, str(path)) from None
            _create_with_o_excl(path, data, mode)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    fsync_directory(path.parent)


def _create_with_o_excl(path: Path, data: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise


# -- the lock ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LockHolder:
    """Who holds a lock, as its holder wrote it into the lock file (best effort: may be empty)."""

    pid: int | None
    command: str


class LockTimeout(Exception):
    """The lock was still held after the timeout."""

    def __init__(self, path: Path, holder: LockHolder, waited_s: float) -> None:
        super().__init__(f"{path}: still locked after {waited_s:.0f} s")
        self.path = path
        self.holder = holder
        self.waited_s = waited_s


def _read_holder(fd: int) -> LockHolder:
    try:
        raw = os.pread(fd, 4096, 0).decode("utf-8", "replace")
    except OSError:
        raw = ""
    pid_text, _, command = raw.strip().partition(" ")
    return LockHolder(int(pid_text) if pid_text.isdigit() else None, command.strip())


def _write_holder(fd: int, command: str) -> None:
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {command}\n".encode(), 0)


@contextlib.contextmanager
def exclusive_lock(
    path: Path,
    *,
    command: str,
    timeout_s: float,
    on_wait: Callable[[LockHolder], None] | None = None,
    poll_s: float = 0.05,
) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``path`` (created if missing; its directory must exist).

    When another process holds it, ``on_wait`` is called once with the holder (so the user learns why
    nothing happens), then the lock is polled until it is free or ``timeout_s`` passed (``LockTimeout``).
    The holder's pid and ``command`` are written into the file for the next waiter's message.
    """
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        started = time.monotonic()
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = _read_holder(fd)
                waited = time.monotonic() - started
                if waited >= timeout_s:
                    raise LockTimeout(path, holder, waited) from None
                if not told and on_wait is not None:
                    on_wait(holder)
                    told = True
                time.sleep(poll_s)
        _write_holder(fd, command)
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # closing the descriptor releases the flock
