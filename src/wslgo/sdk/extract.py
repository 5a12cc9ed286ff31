"""Safe extraction of a Go SDK archive: every member must stay under the archive's top-level ``go/``.

Why our own filter instead of ``tarfile``'s: the rules are narrower than "data": only regular files,
directories and links are allowed, everything must live under ``go/``, links may not point outside
``go/`` and no member may be written *through* a link (the classic "symlink, then file below it"
escape). The archive is validated member by member as it streams; the first bad member aborts the
whole extraction, and the caller throws the temp directory away.
"""

from __future__ import annotations

import gzip
import io
import os
import posixpath
import queue
import tarfile
import threading
import zlib
from pathlib import Path
from typing import Protocol

from wslgo.errors import WslgoError
from wslgo.sdk.progress import NoProgress, ProgressSink

TOP = "go"
_COPY_BLOCK = 1 << 20


class UnsafeArchiveError(WslgoError):
    """The archive tries to write outside ``go/`` or contains a forbidden member type."""


def _normalize(name: str) -> str | None:
    """``./go//bin/`` → ``go/bin``; ``None`` for absolute names and names containing ``..``."""
    if name.startswith("/"):
        return None
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


def _inside_top(name: str) -> bool:
    return name == TOP or name.startswith(TOP + "/")


def check_member(member: tarfile.TarInfo, archive: str, links: frozenset[str] | set[str]) -> str:
    """Validate one member; return its normalized name or raise ``UnsafeArchiveError`` (one line)."""
    name = _normalize(member.name)
    if name is None or not _inside_top(name):
        raise UnsafeArchiveError(f"{archive}: member {member.name!r} is outside the top-level '{TOP}/'")
    if name == TOP and not member.isdir():
        raise UnsafeArchiveError(f"{archive}: top-level {member.name!r} is not a directory")
    if name in links:
        raise UnsafeArchiveError(f"{archive}: member {member.name!r} replaces a link of the same name")
    parent = posixpath.dirname(name)
    while parent:
        if parent in links:
            raise UnsafeArchiveError(f"{archive}: member {member.name!r} would be written through a link")
        parent = posixpath.dirname(parent)
    if member.isreg() or member.isdir():
        return name
    if member.issym():
        target: str = member.linkname
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(name), target))
        if target.startswith("/") or not _inside_top(resolved):
            raise UnsafeArchiveError(
                f"{archive}: symlink {member.name!r} -> {target!r} points outside the top-level '{TOP}/'"
            )
        return name
    if member.islnk():
        link_target = _normalize(member.linkname)
        if link_target is None or not _inside_top(link_target):
            raise UnsafeArchiveError(
                f"{archive}: hard link {member.name!r} -> {member.linkname!r} points outside '{TOP}/'"
            )
        return name
    kind = "device" if member.ischr() or member.isblk() else "fifo" if member.isfifo() else "special"
    raise UnsafeArchiveError(f"{archive}: member {member.name!r} is a {kind} file; SDK archives have none")


def extract_go_archive(archive: Path, into: Path, progress: ProgressSink | None = None) -> Path:
    """Extract ``archive`` into the existing empty directory ``into``; return ``into/go``.

    On any error the partially written tree stays for the caller to delete (it owns ``into``).
    """
    sink = progress or NoProgress()
    label = archive.name
    links: set[str] = set()
    seen_top = False
    root = into.resolve()
    umask = _current_umask()
    made: set[Path] = {root}  # directories known to exist: one mkdir per directory, not one per file
    sink.start(f"extracting {label}", archive.stat().st_size)
    try:
        # GzipFile, not tarfile's "r|gz": only GzipFile checks the trailer's CRC-32 and length. It runs
        # in a read-ahead thread (zlib releases the GIL), so inflating overlaps with creating files.
        with (
            open(archive, "rb") as raw,
            gzip.GzipFile(fileobj=raw, mode="rb") as inflating,
            _ReadAhead(inflating) as unzipped,
            tarfile.open(fileobj=unzipped, mode="r|") as tar,
        ):
            last_position = 0
            for member in tar:
                name = check_member(member, label, links)
                seen_top = True
                target = root / name
                if not member.isdir() and target.parent not in made:
                    _make_dirs(target.parent, made)
                if member.isdir():
                    if target not in made:
                        _make_dirs(target, made)
                    target.chmod(0o755)
                elif member.isreg():
                    _write_file(tar, member, target, umask)
                elif member.issym():
                    target.symlink_to(member.linkname)
                    links.add(name)
                else:  # hard link, validated above
                    source = root / (_normalize(member.linkname) or "")
                    if not source.is_file() or source.is_symlink():
                        raise UnsafeArchiveError(
                            f"{label}: hard link {member.name!r} -> {member.linkname!r} has no earlier file"
                        )
                    os.link(source, target)
                position = raw.tell()
                sink.advance(position - last_position)
                last_position = position
            while unzipped.read(_COPY_BLOCK):
                pass  # read to the end of the gzip stream so that its CRC-32 is verified
    except FileExistsError as exc:
        raise UnsafeArchiveError(f"{label}: member {exc.filename!r} appears twice") from None
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        if isinstance(exc, OSError) and exc.errno is not None:
            raise  # a real I/O failure (disk full, permissions): the caller reports it
        raise WslgoError(f"{label}: not a valid .tar.gz archive ({exc})") from None
    finally:
        sink.finish()
    if not seen_top or not (root / TOP).is_dir():
        raise UnsafeArchiveError(f"{label}: has no top-level '{TOP}/' directory")
    return root / TOP


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class _ReadAhead(io.RawIOBase):
    """A file-like reader fed by a thread that reads ``source`` ahead in blocks (bounded queue).

    Errors in the thread (a bad CRC, a truncated stream) are re-raised in the reader, unchanged.
    """

    def __init__(self, source: _Readable, block: int = _COPY_BLOCK, depth: int = 8) -> None:
        self._queue: queue.Queue[bytes | BaseException] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._buffer = bytearray()
        self._eof = False
        self._thread = threading.Thread(target=self._pump, args=(source, block), daemon=True)
        self._thread.start()

    def _pump(self, source: _Readable, block: int) -> None:
        while not self._stop.is_set():
            try:
                data: bytes | BaseException = source.read(block)
            except BaseException as exc:
                data = exc
            while not self._stop.is_set():
                try:
                    self._queue.put(data, timeout=0.1)
                    break
                except queue.Full:
                    continue
            if not isinstance(data, bytes) or not data:
                return

    def read(self, size: int = -1) -> bytes:
        while not self._eof and (size < 0 or len(self._buffer) < size):
            item = self._queue.get()
            if isinstance(item, BaseException):
                self._eof = True
                raise item
            if not item:
                self._eof = True
                break
            self._buffer += item
        if size < 0 or size >= len(self._buffer):
            data = bytes(self._buffer)
            self._buffer.clear()
            return data
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data

    def __enter__(self) -> _ReadAhead:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()


def _make_dirs(directory: Path, made: set[Path]) -> None:
    directory.mkdir(mode=0o755, parents=True, exist_ok=True)
    while directory not in made:
        made.add(directory)
        directory = directory.parent


def _write_file(tar: tarfile.TarFile, member: tarfile.TarInfo, target: Path, umask: int) -> None:
    source = tar.extractfile(member)
    if source is None:
        raise UnsafeArchiveError(f"member {member.name!r} has no data")
    mode = 0o755 if member.mode & 0o111 else 0o644
    # O_EXCL|O_NOFOLLOW: never follow or overwrite anything, even a link this archive created.
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
    try:
        # Plain os.write on the descriptor: a buffered file object costs extra syscalls per file,
        # and an SDK has ~12,000 files.
        while block := source.read(_COPY_BLOCK):
            view = memoryview(block)
            while view:
                view = view[os.write(fd, view) :]
        if mode & umask:
            os.fchmod(fd, mode)  # the umask took bits the SDK needs (e.g. umask 077)
        os.utime(fd, (member.mtime, member.mtime))
    finally:
        os.close(fd)


def _current_umask() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return umask
