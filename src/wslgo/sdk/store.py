"""The ``WSLGO_HOME/sdk`` layout: ``go1.X.Y/`` trees, the ``current`` symlink, and atomic changes to both.

Every change is a rename: a new SDK appears under its final name in one ``rename(2)``, ``current`` is
switched by renaming a freshly made symlink over it, and removal first renames the tree to a hidden
``.trash-*`` name. So at every instant each visible name is either the old complete state or the new one.
Hidden leftovers of a killed process (``.tmp-*``, ``.trash-*``, ``.current-*``) are swept under the lock.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from wslgo.errors import WslgoError
from wslgo.fsutil import symlink_atomic
from wslgo.golang.version import GoVersion

CURRENT = "current"
LOCK = ".lock"
TEMP_PREFIXES = (".tmp-", ".trash-", ".current-")


@dataclass(frozen=True)
class InstalledSdk:
    version: GoVersion
    path: Path


def exchange_paths(first: Path, second: Path) -> bool:
    """Atomically swap two paths (Linux ``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    if result != 0:
        errno = ctypes.get_errno()
        if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: the file system cannot exchange
            return False
        raise OSError(errno, os.strerror(errno), str(first))
    return True


@dataclass(frozen=True)
class SdkStore:
    root: Path

    def path_of(self, version: GoVersion) -> Path:
        return self.root / version.tag

    def installed(self) -> list[InstalledSdk]:
        """Installed SDKs, newest first (only complete trees: hidden temp names never parse)."""
        if not self.root.is_dir():
            return []
        found = []
        for entry in self.root.iterdir():
            if not entry.name.startswith("go") or entry.is_symlink() or not entry.is_dir():
                continue
            version = GoVersion.parse(entry.name)
            if version is not None and version.tag == entry.name:
                found.append(InstalledSdk(version, entry))
        return sorted(found, key=lambda sdk: sdk.version, reverse=True)

    def versions(self) -> list[GoVersion]:
        return [sdk.version for sdk in self.installed()]

    def current(self) -> GoVersion | None:
        """The active SDK (what ``current`` points at), or None when unset or dangling."""
        link = self.root / CURRENT
        try:
            target = str(link.readlink())
        except OSError:
            return None
        version = GoVersion.parse(Path(target).name)
        if version is None or not (self.root / version.tag).is_dir():
            return None
        return version

    def activate(self, version: GoVersion) -> None:
        """Point ``current`` at ``version``: a new symlink renamed over the old one (atomic)."""
        if not self.path_of(version).is_dir():
            raise WslgoError(f"{version.tag} is not installed in {self.root}")
        symlink_atomic(self.root / CURRENT, version.tag)

    def deactivate(self) -> None:
        (self.root / CURRENT).unlink(missing_ok=True)

    def make_temp_dir(self, label: str) -> Path:
        """An empty hidden directory beside the SDKs: same file system, so the final rename is atomic."""
        self.root.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".tmp-{label}-", dir=self.root))

    def place(self, tree: Path, version: GoVersion, replace: bool = False) -> Path:
        """Rename the verified ``tree`` to ``sdk/go1.X.Y``; with ``replace`` swap out an existing one."""
        final = self.path_of(version)
        if not final.exists():
            tree.rename(final)
            return final
        if not replace:
            raise WslgoError(f"{version.tag} is already installed in {final}")
        if exchange_paths(tree, final):
            shutil.rmtree(tree, ignore_errors=True)  # ``tree`` now holds the old SDK
            return final
        trash = self.root / f".trash-{version.tag}-{os.urandom(4).hex()}"
        final.rename(trash)
        try:
            tree.rename(final)
        except BaseException:
            trash.rename(final)
            raise
        shutil.rmtree(trash, ignore_errors=True)
        return final

    def remove(self, version: GoVersion) -> None:
        """Hide the tree under a ``.trash-*`` name in one rename, then delete it."""
        final = self.path_of(version)
        if not final.is_dir():
            raise WslgoError(f"{version.tag} is not installed in {self.root}")
        trash = self.root / f".trash-{version.tag}-{os.urandom(4).hex()}"
        final.rename(trash)
        shutil.rmtree(trash, ignore_errors=True)

    def sweep(self) -> list[Path]:
        """Delete leftovers of interrupted runs; call only while holding ``lock()``."""
        removed: list[Path] = []
        if not self.root.is_dir():
            return removed
        for entry in self.root.iterdir():
            if entry.name.startswith(TEMP_PREFIXES):
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)
                removed.append(entry)
        return removed

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Serialize changes to the store between wslgo processes (an advisory ``flock``)."""
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.root / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)
