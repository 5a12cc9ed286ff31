"""The verified, atomic install: resolve → download (resumable, hashed) → extract (filtered) into a temp
dir beside the target → run its ``bin/go version`` → rename into place → optionally switch ``current``.

The only visible effects happen in the last two renames, after everything was verified; every failure
before that (bad hash, truncated or malicious archive, wrong version, disk full, Ctrl-C) removes the temp
dir and leaves the installed SDKs and the active one exactly as they were.

Why extraction waits for the whole download and its sha256 instead of overlapping with it: from the local
mirror the download is ~0.3 s of a several-second install (creating ~12,000 files is the cost), so the
overlap would buy little, while unverified bytes would reach the inflater and the disk (a hostile mirror
could send a gzip bomb that fills the disk before the hash mismatch is known). The order stays: size and
sha256 first, then extraction.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from wslgo.errors import WslgoError
from wslgo.golang.version import GoVersion, parse_go_version_output
from wslgo.process import run_command
from wslgo.progress import NoProgress, Progress
from wslgo.sdk.download import Expected, RetryPolicy, download_verified
from wslgo.sdk.extract import extract_go_archive
from wslgo.sdk.index import GoRelease
from wslgo.sdk.store import SdkStore, exchange_paths

DEFAULT_SYSTEM_GOROOT = Path("/usr/local/go")
VERSION_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class InstallResult:
    version: GoVersion
    path: Path
    #: False when the SDK was already installed and nothing was downloaded.
    installed: bool
    activated: bool


def verify_toolchain(goroot: Path, expected: GoVersion, goos: str, goarch: str) -> None:
    """Run ``goroot/bin/go version`` and insist it reports ``expected`` for this host's platform.

    The environment is scrubbed: a stray GOROOT would make the binary describe another tree, and
    ``GOTOOLCHAIN=local`` stops it from switching to (and downloading) some other toolchain.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("GOROOT", "GOTOOLCHAIN", "GOFLAGS", "GOENV", "GOPATH")
    }
    env.update({"GOTOOLCHAIN": "local", "GOENV": "off"})
    binary = goroot / "bin" / "go"
    result = run_command([str(binary), "version"], timeout=VERSION_TIMEOUT_S, cwd=str(goroot), env=env)
    if result.error or result.rc != 0:
        detail = result.error or f"exit {result.rc}: {(result.stderr or result.stdout).strip()[:200]}"
        raise WslgoError(f"{binary} version failed ({detail}); nothing was installed")
    reported = parse_go_version_output(result.stdout)
    if reported is None or reported.version != expected:
        raw = reported.raw_version if reported else result.stdout.strip()[:100]
        raise WslgoError(f"the archive's go reports {raw!r}, expected {expected.tag}; nothing was installed")
    if (reported.goos, reported.goarch) != (goos, goarch):
        raise WslgoError(
            f"the archive's go is built for {reported.goos}/{reported.goarch}, this host is {goos}/{goarch}"
        )


def _space_error(exc: OSError, where: Path) -> WslgoError:
    if exc.errno == errno.ENOSPC:
        return WslgoError(f"no space left on device while writing {where}; nothing was installed")
    return WslgoError(f"{exc.filename or where}: {exc.strerror or exc}; nothing was installed")


def extract_and_verify(
    archive: Path, temp_dir: Path, version: GoVersion, goos: str, goarch: str, progress: Progress
) -> Path:
    """Extract into ``temp_dir`` and verify; return the ``go`` tree inside it.

    An archive that is refused (unsafe or damaged members, a ``go`` that is not the expected version or
    platform) is deleted from ``downloads/``: it matched the index's sha256, so keeping it would only make
    the next install reuse it and fail the same way. An environment failure (disk full) keeps it.
    """
    try:
        tree = extract_go_archive(archive, temp_dir, progress)
    except OSError as exc:
        raise _space_error(exc, temp_dir) from None
    except WslgoError:
        archive.unlink(missing_ok=True)
        raise
    try:
        verify_toolchain(tree, version, goos, goarch)
    except WslgoError:
        archive.unlink(missing_ok=True)
        raise
    return tree


@dataclass(frozen=True)
class Installer:
    """Everything an install needs from the outside, passed in (tests point it at a local mirror)."""

    client: httpx.Client
    store: SdkStore
    downloads: Path
    mirror: str
    goos: str
    goarch: str
    progress: Progress = field(default_factory=NoProgress)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    on_retry: Callable[[str], None] | None = None

    def fetch(self, release: GoRelease) -> Path:
        """Download and verify the release's archive for this host."""
        file = release.archive_for(self.goos, self.goarch)
        if file is None:
            raise WslgoError(
                f"{release.tag} has no {self.goos}/{self.goarch} archive in the Go release index"
            )
        if len(file.sha256) != 64:
            raise WslgoError(f"the index gives {file.filename} no sha256; refusing an unverifiable download")
        try:
            return download_verified(
                self.client,
                self.mirror + file.filename,
                self.downloads,
                Expected(file.filename, file.size, file.sha256),
                progress=self.progress,
                retry=self.retry,
                on_retry=self.on_retry,
            )
        except OSError as exc:
            raise _space_error(exc, self.downloads) from None

    def install(
        self, release: GoRelease, *, activate: bool, force: bool = False, activate_if_none: bool = True
    ) -> InstallResult:
        """Install into ``WSLGO_HOME/sdk/<tag>`` (no download if present, unless ``force``).

        The first SDK becomes the active one unless ``activate_if_none`` is false (``wslgo ci run``
        installs the SDK a workflow pins and must never change which Go the user's shell runs).
        """
        store = self.store
        with store.lock():
            store.sweep()
            final = store.path_of(release.version)
            if final.is_dir() and not force:
                activated = False
                if activate and store.current() != release.version:
                    store.activate(release.version)
                    activated = True
                return InstallResult(release.version, final, installed=False, activated=activated)
            archive = self.fetch(release)
            temp_dir = store.make_temp_dir(release.tag)
            try:
                tree = extract_and_verify(
                    archive, temp_dir, release.version, self.goos, self.goarch, self.progress
                )
                try:
                    final = store.place(tree, release.version, replace=force)
                except OSError as exc:
                    raise _space_error(exc, final) from None
            finally:
                shutil.rmtree(temp_dir, ignore_errors=True)
            activated = False
            if activate or (activate_if_none and store.current() is None):
                store.activate(release.version)
                activated = True
            archive.unlink(missing_ok=True)  # verified and unpacked: the archive is only dead weight now
            return InstallResult(release.version, final, installed=True, activated=activated)

    def install_system(self, release: GoRelease, target: Path = DEFAULT_SYSTEM_GOROOT) -> InstallResult:
        """Install into ``target`` (``/usr/local/go``) by the same safe path, swapping the old tree out.

        Never extracts over the existing tree: the new one is built and verified beside it, then the two
        are exchanged atomically (or, where the file system cannot, renamed with a rollback).
        """
        archive = self.fetch(release)
        target.parent.mkdir(parents=True, exist_ok=True)
        temp_dir = Path(tempfile.mkdtemp(prefix=".tmp-wslgo-go-", dir=target.parent))
        try:
            tree = extract_and_verify(
                archive, temp_dir, release.version, self.goos, self.goarch, self.progress
            )
            try:
                if not target.exists() and not target.is_symlink():
                    tree.rename(target)
                elif not exchange_paths(tree, target):
                    old = temp_dir / "old"
                    target.rename(old)
                    try:
                        tree.rename(target)
                    except BaseException:
                        old.rename(target)
                        raise
            except OSError as exc:
                raise _space_error(exc, target) from None
        finally:
            shutil.rmtree(temp_dir, ignore_errors=True)
        return InstallResult(release.version, target, installed=True, activated=False)
