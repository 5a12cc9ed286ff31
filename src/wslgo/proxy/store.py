"""Where cached objects live: a directory in the module-cache layout, or S3-compatible object storage.

Keys are paths relative to ``cache/download`` (``golang.org/x/text/@v/v0.3.0.zip``), so the file-system
store IS a module cache download directory: ``GOPROXY=file://<root>/cache/download`` works without the
server, and importing another distro's ``GOMODCACHE/cache/download`` is a copy.

Writes are atomic: data is staged in ``<root>/tmp`` (same file system), fsynced, then renamed into place;
a crash leaves at most an orphan in ``tmp/`` (cleared on start), never a partial object under its name.
See ``FileStore.put_file`` for why the directory is not fsynced after each rename.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit


@dataclass(frozen=True)
class ObjectInfo:
    size: int
    #: Seconds since the epoch when the object was written (list/@latest freshness).
    mtime: float


class Store(Protocol):
    """The operations the proxy needs; implementations must make ``put_*`` atomic."""

    description: str

    def stat(self, key: str) -> ObjectInfo | None: ...
    def read(self, key: str) -> bytes | None: ...
    def local_path(self, key: str) -> Path | None: ...
    def open_stream(self, key: str) -> Iterator[bytes] | None: ...
    def put_bytes(self, key: str, data: bytes, mtime: float | None = None) -> None: ...
    def put_file(self, key: str, staged: Path, *, synced: bool = False) -> None: ...
    def sync_dirs(self) -> int: ...
    def staging_dir(self) -> Path: ...
    def iter_keys(self) -> Iterator[str]: ...


def _check_key(key: str) -> None:
    parts = key.split("/")
    if not key or key.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"unsafe store key {key!r}")


def fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def staging_prefix(kind: str) -> str:
    """``<kind>-<pid>-``: every staged file or directory names the process writing it (``clear_staging``)."""
    return f"{kind}-{os.getpid()}-"


def _writer_alive(name: str) -> bool:
    """Whether the process named in a staged entry (``kind-pid-…``) is another one that still runs."""
    fields = name.split("-", 2)
    if len(fields) < 3 or not fields[1].isdigit():
        return False
    pid = int(fields[1])
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class FileStore:
    """``<root>/cache/download/<key>``; staging in ``<root>/tmp``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.download_dir = root / "cache" / "download"
        self.description = str(root)
        self.download_dir.mkdir(parents=True, exist_ok=True)
        self._staging = root / "tmp"
        self._staging.mkdir(parents=True, exist_ok=True)
        #: Directories known to exist (saves a mkdir per write); renamed into since the last sync_dirs.
        self._known_dirs: set[Path] = set()
        self._unsynced_dirs: set[Path] = set()

    def clear_staging(self) -> int:
        """Remove orphans of an interrupted fetch (a kill -9 leaves them here, never in the cache).

        Another proxy may serve the same store right now (a foreground ``proxy serve`` beside the daemon,
        a restart while the old process still flushes): its staged files carry its pid
        (``staging_prefix``) and stay while that process lives, or its writes would fail.
        """
        removed = 0
        for leftover in self._staging.iterdir():
            if _writer_alive(leftover.name):
                continue
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)
            removed += 1
        return removed

    def _path(self, key: str) -> Path:
        _check_key(key)
        return self.download_dir / key

    def stat(self, key: str) -> ObjectInfo | None:
        try:
            result = self._path(key).stat()
        except (FileNotFoundError, NotADirectoryError):
            return None
        return ObjectInfo(result.st_size, result.st_mtime)

    def read(self, key: str) -> bytes | None:
        try:
            return self._path(key).read_bytes()
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            return None

    def local_path(self, key: str) -> Path | None:
        return self._path(key)

    def open_stream(self, key: str) -> Iterator[bytes] | None:
        path = self._path(key)
        if not path.is_file():
            return None
        return _iter_file(path)

    def staging_dir(self) -> Path:
        return self._staging

    def put_bytes(self, key: str, data: bytes, mtime: float | None = None) -> None:
        """Store ``data`` under ``key``: staged, fsynced, renamed (blocks on the disk: call from a thread)."""
        target = self._path(key)
        fd, name = tempfile.mkstemp(dir=self._staging, prefix=staging_prefix("put"))
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fchmod(fd, 0o644)
            if mtime is not None:
                os.utime(fd, (mtime, mtime))
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            Path(name).unlink(missing_ok=True)
            raise
        os.close(fd)
        self._rename_into_place(Path(name), target)

    def put_file(self, key: str, staged: Path, *, synced: bool = False) -> None:
        """Move a fully written, validated file from the staging directory to ``key``.

        Durability: the file's data is fsynced BEFORE the rename (``synced=True`` when the caller
        already did it on the same descriptor), so a name under ``cache/download`` always points at
        complete, durable bytes. The directory is NOT fsynced after each rename: that would only make
        the rename itself durable, i.e. decide whether a crash (power loss, ``wsl --shutdown`` of a
        busy VM) keeps the new entry or loses it. For a cache, losing an entry means fetching it again;
        rename(2) is atomic with or without the directory fsync, so no crash can expose a partial or
        unvalidated object. A per-object directory fsync costs a second journal commit per object
        (measured: about half of every miss); ``sync_dirs`` does it in one batch at shutdown instead.
        """
        target = self._path(key)
        if not synced:
            fd = os.open(staged, os.O_RDONLY | os.O_CLOEXEC)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        staged.chmod(0o644)
        self._rename_into_place(staged, target)

    def _rename_into_place(self, staged: Path, target: Path) -> None:
        parent = target.parent
        if parent not in self._known_dirs:
            parent.mkdir(parents=True, exist_ok=True)
        try:
            staged.replace(target)
        except FileNotFoundError:
            if not staged.exists():
                raise
            # The directory went away behind our back (someone cleaned the store): make it again.
            parent.mkdir(parents=True, exist_ok=True)
            staged.replace(target)
        self._known_dirs.add(parent)
        self._unsynced_dirs.add(parent)

    def sync_dirs(self) -> int:
        """fsync every directory that received an object since the last call (batched durability)."""
        directories, self._unsynced_dirs = self._unsynced_dirs, set()
        for directory in directories:
            fsync_dir(directory)
        return len(directories)

    def iter_keys(self) -> Iterator[str]:
        for dirpath, dirnames, filenames in os.walk(self.download_dir):
            dirnames.sort()
            for filename in sorted(filenames):
                full = Path(dirpath) / filename
                yield full.relative_to(self.download_dir).as_posix()


def _iter_file(path: Path, chunk: int = 1 << 16) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        while data := handle.read(chunk):
            yield data


class S3Store:
    """Objects in ``s3://bucket/prefix/<key>``: one shared cache for a team.

    A put uploads the fully validated staged file, so readers see either nothing or the whole object
    (S3 PUT is atomic per object).
    """

    def __init__(self, url: str, staging_root: Path, endpoint_url: str | None = None) -> None:
        import boto3  # type: ignore[import-untyped,unused-ignore]

        parts = urlsplit(url)
        if parts.scheme != "s3" or not parts.netloc:
            raise ValueError(f"storage URL {url!r} is not s3://bucket/prefix")
        self.bucket = parts.netloc
        self.prefix = parts.path.strip("/")
        self.description = url
        endpoint = endpoint_url or os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
        self._client: Any = boto3.client("s3", endpoint_url=endpoint)
        self._staging = staging_root / "tmp"
        self._staging.mkdir(parents=True, exist_ok=True)

    def _object_key(self, key: str) -> str:
        _check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def _missing(self, exc: Exception) -> bool:
        code = getattr(exc, "response", {}).get("Error", {}).get("Code", "")
        return str(code) in ("404", "NoSuchKey", "NotFound")

    def stat(self, key: str) -> ObjectInfo | None:
        try:
            head = self._client.head_object(Bucket=self.bucket, Key=self._object_key(key))
        except Exception as exc:
            if self._missing(exc):
                return None
            raise
        mtime = head.get("Metadata", {}).get("wslgo-mtime")
        written = float(mtime) if mtime else head["LastModified"].timestamp()
        return ObjectInfo(int(head["ContentLength"]), written)

    def read(self, key: str) -> bytes | None:
        try:
            response = self._client.get_object(Bucket=self.bucket, Key=self._object_key(key))
        except Exception as exc:
            if self._missing(exc):
                return None
            raise
        data: bytes = response["Body"].read()
        return data

    def local_path(self, key: str) -> Path | None:
        return None

    def open_stream(self, key: str) -> Iterator[bytes] | None:
        try:
            response = self._client.get_object(Bucket=self.bucket, Key=self._object_key(key))
        except Exception as exc:
            if self._missing(exc):
                return None
            raise
        body = response["Body"]
        return iter(lambda: body.read(1 << 16), b"")

    def staging_dir(self) -> Path:
        return self._staging

    def put_bytes(self, key: str, data: bytes, mtime: float | None = None) -> None:
        written = time.time() if mtime is None else mtime
        self._client.put_object(
            Bucket=self.bucket,
            Key=self._object_key(key),
            Body=data,
            Metadata={"wslgo-mtime": repr(written)},
        )

    def put_file(self, key: str, staged: Path, *, synced: bool = False) -> None:
        with open(staged, "rb") as handle:
            self._client.put_object(
                Bucket=self.bucket,
                Key=self._object_key(key),
                Body=handle,
                Metadata={"wslgo-mtime": repr(time.time())},
            )
        staged.unlink(missing_ok=True)

    def sync_dirs(self) -> int:
        """Nothing to do: an S3 PUT is durable when it returns."""
        return 0

    def iter_keys(self) -> Iterator[str]:
        paginator = self._client.get_paginator("list_objects_v2")
        start = f"{self.prefix}/" if self.prefix else ""
        for page in paginator.paginate(Bucket=self.bucket, Prefix=start):
            for item in page.get("Contents", []):
                yield str(item["Key"])[len(start) :]


def open_store(spec: str | None, default_root: Path) -> FileStore | S3Store:
    """``--storage`` value → store: empty → ``default_root``; ``s3://…`` → S3; else a directory."""
    if spec and spec.startswith("s3://"):
        return S3Store(spec, default_root)
    return FileStore(Path(spec).expanduser() if spec else default_root)
