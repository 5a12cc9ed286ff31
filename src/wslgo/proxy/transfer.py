"""``import`` and ``export``: moving objects between a module cache / proxy directory and the store.

Importing another distro's ``GOMODCACHE/cache/download`` (via /mnt/wsl or \\\\wsl$) is a copy, but a
checked one: zips are validated against their .mod exactly as on a fetch, so a half-written cache from
a crashed ``go`` cannot poison the shared store. Lists are imported as already stale: they only
describe what that distro happened to download, so they serve only when every upstream fails.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from wslgo.fsutil import write_atomic
from wslgo.proxy.modpath import (
    EscapeError,
    Kind,
    ModuleRequest,
    is_canonical,
    major_matches_path,
    parse_request,
)
from wslgo.proxy.modzip import ZipError, check_mod, check_zip
from wslgo.proxy.store import FileStore, S3Store, staging_prefix


@dataclass
class TransferReport:
    copied: int = 0
    already_present: int = 0
    bytes: int = 0
    rejected: list[str] = field(default_factory=list)


def source_root(directory: Path) -> Path:
    """Accept a GOMODCACHE, its ``cache/download``, or a directory already in proxy layout."""
    nested = directory / "cache" / "download"
    return nested if nested.is_dir() else directory


def _candidates(root: Path) -> Iterator[tuple[str, ModuleRequest]]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "sumdb" or Path(dirpath) != root)
        for filename in sorted(filenames):
            key = (Path(dirpath) / filename).relative_to(root).as_posix()
            try:
                request = parse_request(key)
            except EscapeError:
                continue  # .lock, .ziphash, .partial, tmp files and the like
            if request.kind is Kind.LATEST or (request.version and not is_canonical(request.version)):
                continue
            yield key, request


def import_tree(
    directory: Path, store: FileStore | S3Store, progress: Callable[[str], None] | None = None
) -> TransferReport:
    root = source_root(directory)
    report = TransferReport()
    order = {Kind.MOD: 0, Kind.INFO: 1, Kind.LIST: 2, Kind.ZIP: 3}
    for key, request in sorted(_candidates(root), key=lambda item: (order[item[1].kind], item[0])):
        if store.stat(key) is not None and request.kind is not Kind.LIST:
            report.already_present += 1
            continue
        path = root / key
        try:
            if request.kind is Kind.ZIP:
                mod = store.read(ModuleRequest(request.module, request.version, Kind.MOD).key)
                if mod is None:
                    raise ZipError("no .mod beside it")
                check_zip(path, request.module, request.version, mod)
                fd, name = tempfile.mkstemp(dir=store.staging_dir(), prefix=staging_prefix("import"))
                os.close(fd)
                shutil.copyfile(path, name)
                store.put_file(key, Path(name))
                Path(name).unlink(missing_ok=True)
            else:
                data = path.read_bytes()
                if request.kind is Kind.MOD:
                    check_mod(data)
                elif request.kind is Kind.INFO:
                    info = json.loads(data)
                    if not isinstance(info, dict) or not isinstance(info.get("Version"), str):
                        raise ZipError("info is not a JSON object with a Version")
                    if info["Version"] != request.version and major_matches_path(
                        request.module, request.version
                    ):
                        raise ZipError(f"info names {info['Version']!r}, expected {request.version!r}")
                store.put_bytes(key, data, mtime=0.0 if request.kind is Kind.LIST else None)
        except (ZipError, ValueError, OSError) as exc:
            report.rejected.append(f"{key}: {exc}")
            continue
        report.copied += 1
        report.bytes += path.stat().st_size
        if progress is not None and report.copied % 200 == 0:
            progress(f"imported {report.copied} objects ({report.bytes / 1e6:.1f} MB)")
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
