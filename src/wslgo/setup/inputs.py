"""``SetupInputs`` from doctor's evidence (pure): the live machine, a bundle, or ``doctor --fix``."""

from __future__ import annotations

import json
import posixpath

from wslgo.evidence.model import Evidence
from wslgo.setup.model import HostFacts, SetupInputs, Target

POWERSHELL_HOST_ARGV: tuple[str, ...] = (
    "powershell.exe",
    "-NoProfile",
    "-NonInteractive",
    "-Command",
    "Get-CimInstance Win32_ComputerSystem | Select-Object TotalPhysicalMemory,NumberOfLogicalProcessors "
    "| ConvertTo-Json",
)


def host_from_evidence(evidence: Evidence) -> HostFacts:
    """RAM and logical CPUs of the Windows host from the powershell.exe core command, when it ran."""
    result = evidence.command(*POWERSHELL_HOST_ARGV)
    if result is None or not result.ok:
        return HostFacts()
    try:
        data = json.loads(result.stdout.strip().lstrip("\ufeff"))
    except ValueError:
        return HostFacts()
    if isinstance(data, list) and data:
        data = data[0]
    if not isinstance(data, dict):
        return HostFacts()
    ram = data.get("TotalPhysicalMemory")
    cpus = data.get("NumberOfLogicalProcessors")
    return HostFacts(
        ram_bytes=int(ram) if isinstance(ram, int | float | str) and str(ram).isdigit() else None,
        logical_cpus=int(cpus) if isinstance(cpus, int | str) and str(cpus).isdigit() else None,
        source="powershell.exe",
    )


def go_env_from_evidence(evidence: Evidence) -> dict[str, str]:
    result = evidence.command("go", "env", "-json")
    if result is None or not result.ok:
        return {}
    try:
        data = json.loads(result.stdout)
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def windows_home_from_evidence(evidence: Evidence) -> str | None:
    """``%USERPROFILE%`` translated by ``wslpath``, else the directory of a collected ``.wslconfig``."""
    profile = evidence.command("cmd.exe", "/c", "echo %USERPROFILE%")
    if profile is not None and profile.ok and profile.stdout.strip():
        converted = evidence.command("wslpath", "-u", profile.stdout.strip())
        if converted is not None and converted.ok and converted.stdout.strip().startswith("/"):
            return converted.stdout.strip()
    for path in sorted(evidence.files):
        if path.startswith("/mnt/") and path.endswith("/.wslconfig"):
            return posixpath.dirname(path)
    return None


def windows_tools_shadow(evidence: Evidence) -> bool:
    """Doctor's WSL016 condition: a Windows go/git/gcc on a /mnt drive comes before the Linux one on PATH."""
    for name in ("go", "git", "gcc"):
        windows = [path for path in evidence.which_all(f"{name}.exe") if path.startswith("/mnt/")]
        if not windows:
            continue
        linux = evidence.which_all(name)
        if not linux:
            return True
        dirs = evidence.path_dirs()
        first_windows = dirs.index(posixpath.dirname(windows[0]))
        first_linux = dirs.index(posixpath.dirname(linux[0]))
        if first_windows < first_linux:
            return True
    return False


def _goenv_path(evidence: Evidence, go_env: dict[str, str], home: str) -> str:
    explicit = evidence.env.get("GOENV") or go_env.get("GOENV")
    if explicit == "off":
        return ""
    if explicit:
        return explicit
    config = evidence.env.get("XDG_CONFIG_HOME") or posixpath.join(home, ".config")
    return posixpath.join(config, "go", "env")


def inputs_from_evidence(evidence: Evidence) -> SetupInputs:
    home = evidence.home or "/root"
    go_env = go_env_from_evidence(evidence)
    target = Target(
        root="/",
        home=home,
        windows_home=windows_home_from_evidence(evidence),
        wsl_conf="/etc/wsl.conf",
        goenv=_goenv_path(evidence, go_env, home),
        distro=evidence.env.get("WSL_DISTRO_NAME") or None,
    )
    candidates = [target.wsl_conf, target.goenv, *target.rc_paths()]
    if target.wslconfig:
        candidates.append(target.wslconfig)
    needs_root: set[str] = set()
    unreadable: dict[str, str] = {}
    uid = evidence.meta.host.uid
    for path in candidates:
        if not path:
            continue
        info = evidence.path(path)
        if info is not None and info.error:
            unreadable[path] = info.error
        if (info is not None and info.writable is False) or (
            path.startswith("/etc/") and uid not in (None, 0) and (info is None or info.writable is None)
        ):
            needs_root.add(path)
    return SetupInputs(
        target=target,
        files={path: data for path, data in evidence.files.items() if path in candidates},
        unreadable=unreadable,
        needs_root=frozenset(needs_root),
        env=dict(evidence.env),
        go_env=go_env,
        host=host_from_evidence(evidence),
        windows_tools_shadow=windows_tools_shadow(evidence),
    )
