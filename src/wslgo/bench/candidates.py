"""Default directories to measure: the Linux home, ``/tmp``, and a Windows temp dir under ``/mnt/c``.

The three answer the question users actually have: "is my ext4 home fast, and how much slower is the
Windows drive?" On the Windows side the user's own ``%TEMP%`` is preferred (the place Windows tools
write to, with the user's antivirus exclusions), found by scanning ``/mnt/c/Users/*/AppData/Local/Temp``
without starting ``cmd.exe``; ``C:\\Windows\\Temp`` is the fallback when no profile's temp is writable.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

#: Profile directories that are not a person's.
NON_USER_PROFILES = frozenset(
    {"public", "default", "default user", "all users", "defaultapppool", "wdagutilityaccount"}
)


def choose_windows_temp(
    profile_temps: Sequence[tuple[str, bool]],
    linux_user: str | None,
    windows_temp_writable: bool,
    windows_root: str,
) -> str | None:
    """Pick the Windows temp dir (pure). ``profile_temps``: ``(<root>/Users/<name>/AppData/Local/Temp,
    writable)`` pairs. A writable profile whose name equals the Linux user wins, then the only writable
    profile, then ``<root>/Windows/Temp``."""
    writable = [
        path for path, ok in profile_temps if ok and _profile_name(path).lower() not in NON_USER_PROFILES
    ]
    if linux_user:
        for path in writable:
            if _profile_name(path).lower() == linux_user.lower():
                return path
    if len(writable) == 1:
        return writable[0]
    if windows_temp_writable:
        return f"{windows_root.rstrip('/')}/Windows/Temp"
    return writable[0] if writable else None


def _profile_name(temp_path: str) -> str:
    # <root>/Users/<name>/AppData/Local/Temp
    parts = temp_path.rstrip("/").split("/")
    return parts[-4] if len(parts) >= 4 else ""


def find_windows_temp(windows_root: Path = Path("/mnt/c"), linux_user: str | None = None) -> Path | None:
    """The Windows temp dir under ``windows_root`` when that drive is mounted, else None."""
    if not windows_root.is_dir():
        return None
    profile_temps: list[tuple[str, bool]] = []
    users = windows_root / "Users"
    try:
        entries = sorted(users.iterdir()) if users.is_dir() else []
    except OSError:
        entries = []
    for entry in entries:
        temp = entry / "AppData" / "Local" / "Temp"
        try:
            if temp.is_dir():
                profile_temps.append((str(temp), os.access(temp, os.W_OK | os.X_OK)))
        except OSError:
            continue
    windows_temp = windows_root / "Windows" / "Temp"
    chosen = choose_windows_temp(
        profile_temps,
        linux_user if linux_user is not None else os.environ.get("USER"),
        windows_temp.is_dir() and os.access(windows_temp, os.W_OK | os.X_OK),
        str(windows_root),
    )
    return Path(chosen) if chosen else None


def default_candidates(windows_root: Path = Path("/mnt/c")) -> list[Path]:
    """Home, ``/tmp`` and the Windows temp dir, without duplicates (home may be ``/tmp`` in a container)."""
    found = [Path.home(), Path("/tmp")]
    windows_temp = find_windows_temp(windows_root)
    if windows_temp is not None:
        found.append(windows_temp)
    unique: dict[str, Path] = {}
    for path in found:
        unique.setdefault(os.path.realpath(path), path)
    return list(unique.values())


def parse_dir_list(value: str, option: str) -> list[Path]:
    """``A,B,…`` from the command line into existing, writable directories (``UsageError`` otherwise)."""
    from wslgo.errors import UsageError

    dirs = [Path(part.strip()).expanduser() for part in value.split(",") if part.strip()]
    if not dirs:
        raise UsageError(f"{option} {value!r}: expected a comma-separated list of directories")
    for directory in dirs:
        if not directory.is_dir():
            raise UsageError(f"{option}: {directory} is not an existing directory")
        if not os.access(directory, os.W_OK | os.X_OK):
            raise UsageError(f"{option}: {directory} is not writable by you")
    return [directory.absolute() for directory in dirs]
