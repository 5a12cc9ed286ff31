"""``import`` and ``export``: moving objects between a module cache / proxy directory and the store.

Importing another distro's ``GOMODCACHE/cache/download`` (via /mnt/wsl or \\\\wsl$) is a copy, but a
checked one: zips are validated against their .mod exactly as on a fetch, so a half-written cache from
a crashed ``go`` cannot poison the shared store; ``list``, ``.mod`` and ``.info`` must have the shape the
go command writes (``objects``). The tree belongs to someone else, so nothing in it is followed: symlinks
and special files are skipped and reported, and each file is opened without following links and
validated from the copy that is then stored (``wslgo.safetree``), never re-read by name. Lists are
imported as already stale: they only describe what that distro happened to download, so they serve
only when every upstream fails.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from wslgo import safetree
from wslgo.fsutil import write_atomic
from wslgo.i18n import _
from wslgo.proxy.modpath import (
    EscapeError,
    Kind,
    ModuleRequest,
    is_canonical,
    parse_request,
)
from wslgo.proxy.modzip import MAX_GO_MOD_BYTES, MAX_ZIP_BYTES, ZipError, check_zip
from wslgo.proxy.objects import (
    MAX_SMALL_OBJECT_BYTES,
    ObjectError,
    check_declared_mod,
    check_info,
    check_version_list,
)
from wslgo.proxy.store import FileStore, S3Store, staging_prefix


@dataclass
class TransferReport:
    copied: int = 0
    already_present: int = 0
    bytes: int = 0
    rejected: list[str] = field(default_factory=list)
    #: Symlinks and special files in the imported tree, never read: ``(path, kind)``.
    skipped: list[tuple[str, safetree.Kind]] = field(default_factory=list)


def source_root(directory: Path) -> Path:
    """Accept a GOMODCACHE, its ``cache/download``, or a directory already in proxy layout.

    ``cache`` and ``download`` are entered only when they are real directories: a symlink there is
    skipped and reported like any other.
    """
    nested = directory / "cache" / "download"
    if all(p.is_dir() and not p.is_symlink() for p in (directory / "cache", nested)):
        return nested
    return directory


def _candidates(root: Path, report: TransferReport) -> Iterator[tuple[str, ModuleRequest]]:
    for entry in safetree.walk(root, prune=lambda directory: directory == "sumdb"):
        if entry.kind != "file":
            report.skipped.append((entry.relative, entry.kind))
            continue
        try:
            request = parse_request(entry.relative)
        except EscapeError:
            continue  # .lock, .ziphash, .partial, tmp files and the like
        if request.kind is Kind.LATEST or (request.version and not is_canonical(request.version)):
            continue
        yield entry.relative, request


#: Largest object of each kind read from a foreign tree (one byte more tells that it is too large).
_LIMITS = {
    Kind.MOD: MAX_GO_MOD_BYTES,
    Kind.INFO: MAX_SMALL_OBJECT_BYTES,
    Kind.LIST: MAX_SMALL_OBJECT_BYTES,
    Kind.ZIP: MAX_ZIP_BYTES,
}


def _read_small(root: Path, key: str, kind: Kind) -> bytes:
    with safetree.open_regular(root, key) as handle:
        data = handle.read(_LIMITS[kind] + 1)
    if len(data) > _LIMITS[kind]:
        raise ObjectError(f"larger than {_LIMITS[kind]} bytes")
    return data


def _stage_copy(root: Path, key: str, staging: Path) -> Path:
    """Copy the file into the store's staging directory; what is validated and stored is this copy."""
    fd, name = tempfile.mkstemp(dir=staging, prefix=staging_prefix("import"))
    staged = Path(name)
    try:
        with safetree.open_regular(root, key) as source, os.fdopen(fd, "wb") as target:
            copied = 0
            while block := source.read(1 << 20):
                copied += len(block)
                if copied > MAX_ZIP_BYTES:
                    raise ObjectError(f"larger than {MAX_ZIP_BYTES} bytes")
                target.write(block)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    return staged


def _import_one(root: Path, key: str, request: ModuleRequest, store: FileStore | S3Store) -> int:
    """Validate and store one object; returns its size."""
    if request.kind is Kind.ZIP:
        mod = store.read(ModuleRequest(request.module, request.version, Kind.MOD).key)
        if mod is None:
            raise ZipError("no .mod beside it")
        staged = _stage_copy(root, key, store.staging_dir())
        try:
            check_zip(staged, request.module, request.version, mod)
            size = staged.stat().st_size
            store.put_file(key, staged)
        finally:
            staged.unlink(missing_ok=True)
        return size
    data = _read_small(root, key, request.kind)
    if request.kind is Kind.MOD:
        check_declared_mod(data, request.module)
    elif request.kind is Kind.INFO:
        check_info(data, request.module, request.version)
    else:
        check_version_list(data)
    store.put_bytes(key, data, mtime=0.0 if request.kind is Kind.LIST else None)
    return len(data)


def import_tree(
    directory: Path, store: FileStore | S3Store, progress: Callable[[str], None] | None = None
) -> TransferReport:
    root = source_root(directory)
    report = TransferReport()
    order = {Kind.MOD: 0, Kind.INFO: 1, Kind.LIST: 2, Kind.ZIP: 3}
    for key, request in sorted(_candidates(root, report), key=lambda item: (order[item[1].kind], item[0])):
        if store.stat(key) is not None and request.kind is not Kind.LIST:
            report.already_present += 1
            continue
        try:
            size = _import_one(root, key, request, store)
        except safetree.NotRegularFile as exc:
            report.skipped.append((key, exc.kind))  # swapped for a link since the walk
            continue
        except (ValueError, OSError) as exc:
            report.rejected.append(f"{key}: {exc}")
            continue
        report.copied += 1
        report.bytes += size
        if progress is not None and report.copied % 200 == 0:
            progress(
                _(
                    "imported {count} objects ({megabytes} MB)",
                    count=report.copied,
                    megabytes=f"{report.bytes / 1e6:.1f}",
                )
            )
    return report


def export_tree(store: FileStore | S3Store, target: Path) -> TransferReport:
    """Write every object to ``target/<key>`` (proxy layout: ``GOPROXY=file://target`` works on it)."""
    report = TransferReport()
    for key in store.iter_keys():
        destination = target / key
        if destination.exists():
            report.already_present += 1
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        stream = store.open_stream(key)
        if stream is None:
            continue
        write_atomic(destination, stream)
        report.copied += 1
        report.bytes += destination.stat().st_size
    return report


@dataclass(frozen=True)
class StoreStats:
    modules: int
    versions: int
    zips: int
    objects: int
    bytes: int


def store_stats(store: FileStore | S3Store) -> StoreStats:
    modules: set[str] = set()
    versions: set[tuple[str, str]] = set()
    zips = objects = total = 0
    for key in store.iter_keys():
        try:
            request = parse_request(key)
        except EscapeError:
            continue
        objects += 1
        modules.add(request.module)
        if request.version:
            versions.add((request.module, request.version))
        if request.kind is Kind.ZIP:
            zips += 1
        info = store.stat(key)
        total += info.size if info else 0
    return StoreStats(len(modules), len(versions), zips, objects, total)
