"""Safe extraction of a Go SDK archive: every member must stay under the archive's top-level ``go/``.

Why our own filter instead of ``tarfile``'s: the rules are narrower than "data": only regular files,
directories and links are allowed, everything must live under ``go/``, a symlink may not lead outside
``go/`` once the symlinks created before it are followed (``links``: a chain of links that each look
harmless can climb out), no member may be written *through* or over a symlink (the classic "symlink,
then file below it" escape), and a hard link must name an earlier file by a plain path that goes
through no symlink. The archive is validated member by member, in archive order, in one thread as it
streams; the first bad member aborts the whole extraction, and the caller throws the temp directory away.

Where the time goes, and so the shape of this module: ``tar -xzf`` of an SDK is dominated by creating
~12,000 inodes (kernel time), then by inflating. Inflating runs on its own thread in 1 MiB blocks
(``inflate``), files are created on a few writer threads with their final mode and mtime in one
``open``/``writev``/``futimens``/``close`` each (``treewriter``), and this thread only parses headers
and applies the filter. Links are rare in SDKs; before creating one, the writers are drained so the
link sees exactly the members before it, as in a sequential extraction.
"""

from __future__ import annotations

import os
import tarfile
from pathlib import Path

from wslgo.errors import WslgoError
from wslgo.i18n import N_, _
from wslgo.progress import NoProgress, Progress
from wslgo.sdk.inflate import CorruptStreamError, InflatingReader
from wslgo.sdk.links import MAX_LINKS, TOP, LinkTable, inside_top, normalize_member
from wslgo.sdk.treewriter import DIRECTORY_MODE, THREADS, TreeWriter


class UnsafeArchiveError(WslgoError):
    """The archive tries to write outside ``go/`` or contains a forbidden member type."""


def check_member(member: tarfile.TarInfo, archive: str, links: LinkTable) -> str:
    """Validate one member against the symlinks created before it; return its normalized name.

    Raises ``UnsafeArchiveError`` (one line) for a name outside ``go/``, a member written through or
    over a symlink, a symlink that leads (or makes an earlier one lead) outside ``go/``, a hard link
    that is not a plain earlier name under ``go/``, and every special file. Pure: the caller adds an
    accepted symlink to ``links`` once it exists on disk.
    """
    name = normalize_member(member.name)
    if name is None or not inside_top(name):
        raise UnsafeArchiveError(
            _(
                "{archive}: member {member!r} is outside the top-level 'go/'",
                archive=archive,
                member=member.name,
            )
        )
    if name == TOP and not member.isdir():
        raise UnsafeArchiveError(
            _("{archive}: top-level {member!r} is not a directory", archive=archive, member=member.name)
        )
    if name in links:
        raise UnsafeArchiveError(
            _(
                "{archive}: member {member!r} replaces a link of the same name",
                archive=archive,
                member=member.name,
            )
        )
    if links and links.through_link(name) is not None:
        raise UnsafeArchiveError(
            _(
                "{archive}: member {member!r} would be written through a link",
                archive=archive,
                member=member.name,
            )
        )
    if member.isreg() or member.isdir():
        return name
    if member.issym():
        _check_symlink(member, name, archive, links)
        return name
    if member.islnk():
        _check_hard_link(member, archive, links)
        return name
    if member.ischr() or member.isblk():
        message = N_("{archive}: member {member!r} is a device file; SDK archives have none")
    elif member.isfifo():
        message = N_("{archive}: member {member!r} is a fifo file; SDK archives have none")
    else:
        message = N_("{archive}: member {member!r} is a special file; SDK archives have none")
    raise UnsafeArchiveError(_(message, archive=archive, member=member.name))


def _check_symlink(member: tarfile.TarInfo, name: str, archive: str, links: LinkTable) -> None:
    if len(links) >= MAX_LINKS:
        raise UnsafeArchiveError(
            _(
                "{archive}: more than {limit} symlinks (official SDK archives have none)",
                archive=archive,
                limit=MAX_LINKS,
            )
        )
    escaping = links.escapes_with(name, member.linkname)
    if escaping == name:
        raise UnsafeArchiveError(
            _(
                "{archive}: symlink {member!r} -> {target!r} points outside the top-level 'go/'",
                archive=archive,
                member=member.name,
                target=member.linkname,
            )
        )
    if escaping is not None:
        raise UnsafeArchiveError(
            _(
                "{archive}: symlink {member!r} -> {target!r} makes the earlier link {earlier!r} "
                "point outside the top-level 'go/'",
                archive=archive,
                member=member.name,
                target=member.linkname,
                earlier=escaping,
            )
        )


def _check_hard_link(member: tarfile.TarInfo, archive: str, links: LinkTable) -> None:
    """A hard link names an earlier member by its plain path: no ``..``, no link on the way, not a link."""
    source = normalize_member(member.linkname)
    if source is None or not inside_top(source):
        raise UnsafeArchiveError(
            _(
                "{archive}: hard link {member!r} -> {target!r} points outside 'go/'",
                archive=archive,
                member=member.name,
                target=member.linkname,
            )
        )
    if source in links or links.through_link(source) is not None:
        raise UnsafeArchiveError(
            _(
                "{archive}: hard link {member!r} -> {target!r} goes through a symlink",
                archive=archive,
                member=member.name,
                target=member.linkname,
            )
        )


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
    links = LinkTable()
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
                    if member.issym():
                        links.add(name, member.linkname)
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
    source = Path(root) / (normalize_member(member.linkname) or "")
    if not source.is_file() or source.is_symlink():
        raise UnsafeArchiveError(
            f"{label}: hard link {member.name!r} -> {member.linkname!r} has no earlier file"
        )
    os.link(source, target, follow_symlinks=False)


def _current_umask() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return umask
