"""Shared facts about the WSL machine, derived from evidence, used by several check modules.

``wsl_kind`` is the one place that decides "is this WSL, and which version": the WSL-only checks and the
GO checks ask it instead of re-reading kernel strings, so every check agrees on the answer.

Detection follows WSL's own rule (microsoft/WSL ``src/linux/init/util.cpp`` ``UtilIsUtilityVm``): the WSL1
(lxcore) kernel release contains ``Microsoft`` with a capital M, the WSL2 VM kernel contains ``microsoft``.
A custom WSL2 kernel (``.wslconfig`` ``kernel=``) may contain neither, so the markers WSL's init creates
(``WSL_DISTRO_NAME``/``WSL_INTEROP``, ``/proc/sys/fs/binfmt_misc/WSLInterop``, ``/run/WSL``) also count.
"""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from wslgo.evidence.model import Evidence

WslKind = Literal["wsl2", "wsl1", "none"]

#: Paths WSL's init creates in every distro (WSL-FACTS §4.1).
WSL_MARKER_PATHS: tuple[str, ...] = (
    "/proc/sys/fs/binfmt_misc/WSLInterop",
    "/proc/sys/fs/binfmt_misc/WSLInterop-late",
    "/run/WSL",
)
WSL_MARKER_ENV: tuple[str, ...] = ("WSL_DISTRO_NAME", "WSL_INTEROP")

WSL_CONF = "/etc/wsl.conf"
DEFAULT_AUTOMOUNT_ROOT = "/mnt/"

_PROC_VERSION_RELEASE = re.compile(r"^Linux version (\S+)")


def kernel_release(evidence: Evidence) -> tuple[str, str] | None:
    """The kernel release string and where it came from (``/proc/sys/kernel/osrelease`` first)."""
    osrelease = evidence.text("/proc/sys/kernel/osrelease")
    if osrelease and osrelease.strip():
        return osrelease.strip(), "/proc/sys/kernel/osrelease"
    version = evidence.text("/proc/version")
    if version and version.strip():
        match = _PROC_VERSION_RELEASE.match(version.strip())
        return (match.group(1) if match else version.strip()), "/proc/version"
    return None


def wsl_markers(evidence: Evidence) -> list[str]:
    """Every WSL marker present, as human-readable sources (``env WSL_DISTRO_NAME``, a path)."""
    found = [f"env {name}" for name in WSL_MARKER_ENV if evidence.env.get(name)]
    found.extend(path for path in WSL_MARKER_PATHS if evidence.exists(path))
    return found


def _markers_known(evidence: Evidence) -> bool:
    """True when at least one marker path was recorded (present or known absent)."""
    return any(evidence.path(path) is not None for path in WSL_MARKER_PATHS)


def wsl_kind(evidence: Evidence) -> WslKind | None:
    """``"wsl2"``, ``"wsl1"``, ``"none"``, or ``None`` when the evidence cannot tell.

    The kernel release decides when it carries WSL's mark; otherwise any init marker means WSL2 with a
    custom kernel (WSL1 always runs Microsoft's lxcore kernel, whose release says ``Microsoft``).
    """
    release = kernel_release(evidence)
    if release is not None:
        text = release[0]
        if "Microsoft" in text:
            return "wsl1"
        if "microsoft" in text.lower():
            return "wsl2"
    if wsl_markers(evidence):
        return "wsl2"
    if release is not None or _markers_known(evidence):
        # A kernel without WSL's mark, or marker paths known absent, and no init marker: not WSL.
        return "none"
    return None


def is_wsl(evidence: Evidence) -> bool | None:
    """True on WSL1/WSL2, False when known not WSL, None when unknown."""
    kind = wsl_kind(evidence)
    return None if kind is None else kind != "none"


def automount_root(evidence: Evidence) -> str:
    """Where Windows drives are mounted: ``[automount] root`` of /etc/wsl.conf, default ``/mnt/``.

    WSL appends a trailing ``/`` when the value lacks one (``WslDistributionConfig.cpp``); so does this.
    """
    from wslgo.wslconf.reader import read_wsl_config

    data = evidence.file(WSL_CONF)
    if data is None:
        return DEFAULT_AUTOMOUNT_ROOT
    reading = read_wsl_config(data, "wsl.conf")
    setting = reading.settings.get("automount.root")
    if setting is None or not setting.value:
        return DEFAULT_AUTOMOUNT_ROOT
    root = setting.value
    return root if root.endswith("/") else root + "/"


def on_windows_drive(path: str, root: str = DEFAULT_AUTOMOUNT_ROOT) -> bool:
    """True when ``path`` lies on a DrvFs drive mount such as ``/mnt/c/...`` under ``root``."""
    normalized = posixpath.normpath(path)
    base = root.rstrip("/") or "/"
    if base == "/":
        rest = normalized.lstrip("/")
    elif normalized.startswith(base + "/"):
        rest = normalized[len(base) + 1 :]
    else:
        return False
    drive = rest.split("/", 1)[0]
    return len(drive) == 1 and drive.isalpha()


def windows_profile(evidence: Evidence) -> tuple[str, str] | None:
    """The Windows profile directory as a Linux path, and how it was found.

    First ``cmd.exe /c echo %USERPROFILE%`` then ``wslpath -u <that>`` (the collector's core commands);
    else the single ``/mnt/c/Users/*/.wslconfig`` the collector's glob found.
    """
    echo = evidence.command("cmd.exe", "/c", "echo %USERPROFILE%")
    if echo is not None and echo.ok:
        windows_path = echo.stdout.strip().splitlines()[-1].strip() if echo.stdout.strip() else ""
        if windows_path and "%" not in windows_path:
            converted = evidence.command("wslpath", "-u", windows_path)
            if converted is not None and converted.ok and converted.stdout.strip():
                return converted.stdout.strip().rstrip("/"), f"wslpath -u {windows_path}"
    candidates = sorted(
        path
        for path, info in evidence.paths_under("/mnt/c/Users")
        if path.endswith("/.wslconfig") and path.count("/") == 5 and info.exists
    )
    candidates.extend(
        path
        for path in sorted(evidence.files)
        if path.startswith("/mnt/c/Users/")
        and path.endswith("/.wslconfig")
        and path.count("/") == 5
        and path not in candidates
    )
    if len(candidates) == 1:
        return posixpath.dirname(candidates[0]), "the /mnt/c/Users/*/.wslconfig scan"
    return None


def wslconfig_path(evidence: Evidence) -> str | None:
    """The path of the Windows ``.wslconfig`` (it may not exist), or ``None`` when the profile is unknown."""
    profile = windows_profile(evidence)
    if profile is None:
        return None
    return posixpath.join(profile[0], ".wslconfig")
