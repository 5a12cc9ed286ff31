"""Reading a directory tree that someone else controls: no symlink followed, no special file opened.

Two readers take trees from elsewhere: ``doctor --from DIR`` (a bundle directory from an issue) and
``proxy import DIR`` (another distro's module cache, reached through /mnt/wsl or \\\\wsl$). A symlink
there must not make wslgo read — and then store or serve — a file outside the tree, and a FIFO or device
must not hang or disturb the reader. Checking with ``lstat`` and then calling ``open`` leaves a window in
which the name can be swapped for a link, so files are opened component by component with
``O_NOFOLLOW`` relative to the directory above (``openat``), and the opened descriptor is checked with
``fstat``: what is read is exactly what was judged.

Side effects: reads the file system only.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

Kind = Literal["file", "symlink", "special", "unreadable"]

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
#: O_NONBLOCK: a FIFO swapped in after the check must not block the open.
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


@dataclass(frozen=True)
class Entry:
    """One non-directory name in the tree (a symlink to a directory is a ``symlink`` entry too)."""

    relative: str
    kind: Kind


class NotRegularFile(OSError):
    """The name is (now) a symlink or a special file; ``kind`` says which."""

    def __init__(self, relative: str, kind: Kind) -> None:
        super().__init__(f"{relative}: {kind}")
        self.relative = relative
        self.kind = kind


def kind_of(mode: int) -> Kind:
    if stat.S_ISLNK(mode):
        return "symlink"
    return "file" if stat.S_ISREG(mode) else "special"


def walk(root: Path, prune: Callable[[str], bool] | None = None) -> Iterator[Entry]:
    """Every non-directory entry under ``root``, in name order, never descending through a symlink.

    Iterative and holding one directory descriptor at a time, so a tree nested thousands deep costs
    neither recursion nor descriptors. Each directory is opened component by component from ``root``
    with ``O_NOFOLLOW`` (a directory swapped for a link after it was listed is reported as a link,
    not entered); an unreadable one is reported as ``unreadable``. ``prune(relative_dir)`` returning
    True skips a directory. ``root`` itself is the caller's choice and may be reached through a link.
    """
    pending = [""]
    while pending:
        directory = pending.pop()
        try:
            fd = _open_directory(root, directory)
        except NotRegularFile as exc:
            yield Entry(exc.relative, exc.kind)
            continue
        except FileNotFoundError:
            continue  # removed while walking
        except PermissionError:
            yield Entry(directory, "unreadable")
            continue
        prefix = directory + "/" if directory else ""
        subdirectories: list[str] = []
        try:
            with os.scandir(fd) as listing:
                names = sorted(entry.name for entry in listing)
            for name in names:
                try:
                    mode = os.stat(name, dir_fd=fd, follow_symlinks=False).st_mode
                except FileNotFoundError:
                    continue
                if stat.S_ISDIR(mode):
                    if prune is None or not prune(prefix + name):
                        subdirectories.append(prefix + name)
                else:
                    yield Entry(prefix + name, kind_of(mode))
        except PermissionError:
            yield Entry(directory, "unreadable")
        finally:
            os.close(fd)
        pending.extend(reversed(subdirectories))


def _open_directory(root: Path, relative: str) -> int:
    """A descriptor of ``root/relative``, opened without following a link in ``relative``."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    if not relative:
        return fd
    parts = relative.split("/")
    try:
        for index, part in enumerate(parts):
            try:
                next_fd = os.open(part, _DIR_FLAGS, dir_fd=fd)
            except OSError as exc:
                _raise_not_regular(fd, part, "/".join(parts[: index + 1]), exc)
                raise
            os.close(fd)
            fd = next_fd
    except BaseException:
        os.close(fd)
        raise
    return fd


def open_regular(root: Path, relative: str) -> BinaryIO:
    """Open ``root/relative`` for reading only if no component is a symlink and it is a regular file.

    Raises ``NotRegularFile`` when a component or the file is a symlink or a special file at the time
    of the open, ``OSError`` for the rest (missing, permissions).
    """
    parts = relative.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise ValueError(f"{relative!r} is not a plain relative path")
    fd = _open_directory(root, "/".join(parts[:-1]))
    try:
        try:
            file_fd = os.open(parts[-1], _FILE_FLAGS, dir_fd=fd)
        except OSError as exc:
            _raise_not_regular(fd, parts[-1], relative, exc)
            raise
    finally:
        os.close(fd)
    mode = os.fstat(file_fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(file_fd)
        raise NotRegularFile(relative, kind_of(mode))
    os.set_blocking(file_fd, True)
    return os.fdopen(file_fd, "rb")


def _raise_not_regular(dir_fd: int, name: str, relative: str, exc: OSError) -> None:
    """Turn ELOOP/ENOTDIR from an ``O_NOFOLLOW`` open into ``NotRegularFile`` when ``name`` is a link."""
    try:
        mode = os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode
    except OSError:
        return
    if stat.S_ISLNK(mode) or not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
        raise NotRegularFile(relative, kind_of(mode)) from exc
