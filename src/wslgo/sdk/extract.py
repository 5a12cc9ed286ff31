"""Safe extraction of a Go SDK archive: every member must stay under the archive's top-level ``go/``.

Why our own filter instead of ``tarfile``'s: the rules are narrower than "data": only regular files,
directories and links are allowed, everything must live under ``go/``, links may not point outside
``go/`` and no member may be written *through* a link (the classic "symlink, then file below it"
escape). The archive is validated member by member, in archive order, in one thread as it streams;
the first bad member aborts the whole extraction, and the caller throws the temp directory away.

Where the time goes, and so the shape of this module: ``tar -xzf`` of an SDK is dominated by creating
~12,000 inodes (kernel time), then by inflating. Inflating runs on its own thread in 1 MiB blocks
(``inflate``), files are created on a few writer threads with their final mode and mtime in one
``open``/``writev``/``futimens``/``close`` each (``treewriter``), and this thread only parses headers
and applies the filter. Links are rare in SDKs; before creating one, the writers are drained so the
link sees exactly the members before it, as in a sequential extraction.
"""

from __future__ import annotations

import os
import posixpath
import tarfile
from pathlib import Path

from wslgo.errors import WslgoError
from wslgo.progress import NoProgress, Progress
from wslgo.sdk.inflate import CorruptStreamError, InflatingReader
from wslgo.sdk.treewriter import DIRECTORY_MODE, THREADS, TreeWriter

TOP = "go"


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
    parent = posixpath.dirname(name) if links else ""  # (no links yet: nothing to write through)
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


def extract_go_archive(
    archive: Path, into: Path, progress: Progress | None = None, threads: int = THREADS
) -> Path:
    """Extract ``archive`` into the existing empty directory ``into``; return ``into/go``.

    Members are validated one by one in archive order in this thread; regular files and directories
    are then created by a ``TreeWriter`` pool, links here after the pool has caught up (see
    treewriter.py). On any error the partially written tree stays for the caller to delete (it owns
    ``into``); when this function returns or raises, no thread is writing into it any more.
    """
    sink = progress or NoProgress()
    label = archive.name
    links: set[str] = set()
    seen_top = False
    root = os.fspath(into.resolve())
    umask = _current_umask()
    sink.start(f"extracting {label}", archive.stat().st_size)
    try:
        with (
            InflatingReader(archive) as stream,
            TreeWriter(umask, threads) as writer,
            tarfile.TarFile(fileobj=stream, mode="r") as tar,  # type: ignore[arg-type]  # read-only
        ):
            reported = 0
            for member in tar:
                name = check_member(member, label, links)
                seen_top = True
                target = f"{root}/{name}"
                if member.isreg():
                    if member.sparse is not None:
                        raise UnsafeArchiveError(f"{label}: member {member.name!r} is a sparse file")
                    if stream.tell() != member.offset_data:
                        raise WslgoError(f"{label}: not a valid .tar.gz archive (misplaced data)")
                    data = stream.read_views(member.size)
                    if sum(len(view) for view in data) != member.size:
                        raise WslgoError(f"{label}: not a valid .tar.gz archive (member data ends early)")
                    writer.file(target, 0o755 if member.mode & 0o111 else 0o644, member.mtime, data)
                elif member.isdir():
                    writer.directory(target)
                else:
                    writer.wait()  # a link must see every earlier member on disk
                    _make_link(member, Path(target), root, label)
                    links.add(name)
                if stream.compressed_position != reported:
                    sink.advance(stream.compressed_position - reported)
                    reported = stream.compressed_position
            stream.drain()  # read to the end of the gzip stream so that its CRC-32 is verified
            writer.wait()
    except (FileExistsError, NotADirectoryError) as exc:
        where = os.fspath(exc.filename or "")
        shown = where[len(root) + 1 :] if where.startswith(root + "/") else where
        raise UnsafeArchiveError(f"{label}: member {shown!r} appears twice or clashes with another") from None
    except (tarfile.TarError, CorruptStreamError, OSError) as exc:
        if isinstance(exc, OSError) and exc.errno is not None:
            raise  # a real I/O failure (disk full, permissions): the caller reports it
        raise WslgoError(f"{label}: not a valid .tar.gz archive ({exc})") from None
    finally:
        sink.finish()
    tree = Path(root) / TOP
    if not seen_top or not tree.is_dir():
        raise UnsafeArchiveError(f"{label}: has no top-level '{TOP}/' directory")
    return tree


def _make_link(member: tarfile.TarInfo, target: Path, root: str, label: str) -> None:
    """Create a symlink or hard link member (already validated by ``check_member``)."""
    target.parent.mkdir(DIRECTORY_MODE, parents=True, exist_ok=True)
    if member.issym():
        target.symlink_to(member.linkname)
        return
    source = Path(root) / (_normalize(member.linkname) or "")
    if not source.is_file() or source.is_symlink():
        raise UnsafeArchiveError(
            f"{label}: hard link {member.name!r} -> {member.linkname!r} has no earlier file"
        )
    os.link(source, target, follow_symlinks=False)


def _current_umask() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return umask
