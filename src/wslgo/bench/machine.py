"""Facts about the machine a bench ran on, written into every report.

A number without its machine is useless in a comparison: ``/mnt/c`` on WSL1 and on WSL2 are different file
systems, and a 2-CPU VM builds differently from a 16-CPU one. The facts come from the evidence layer (the
same collector doctor uses, offline) and the shared WSL detection in ``facts.wsl``, so the bench and
doctor never disagree about what machine this is. Everything below ``gather_evidence`` is pure.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from wslgo.facts.wsl import Mount, mount_table, parse_os_release

if TYPE_CHECKING:
    from wslgo.evidence.model import Evidence


def filesystem_for(path: str, mounts: Sequence[Mount]) -> str | None:
    """The type of the file system holding ``path``: the longest matching mount point, the last mounted
    one winning among equals (a later mount hides an earlier one on the same point)."""
    normalized = posixpath.normpath(path)
    best: Mount | None = None
    best_length = -1
    for mount in mounts:
        point = mount.point.rstrip("/") or "/"
        inside = point == "/" or normalized == point or normalized.startswith(point + "/")
        if inside and len(point) >= best_length:
            best, best_length = mount, len(point)
    return best.fstype if best else None


def _distro_name(os_release_text: str) -> str | None:
    values = parse_os_release(os_release_text)
    return values.get("PRETTY_NAME") or values.get("NAME")


def memory_bytes(meminfo: str) -> int | None:
    match = re.search(r"^MemTotal:\s+(\d+)\s*kB", meminfo, re.MULTILINE)
    return int(match.group(1)) * 1024 if match else None


def cpu_count_from_cpuinfo(cpuinfo: str) -> int | None:
    count = len(re.findall(r"^processor\s*:", cpuinfo, re.MULTILINE))
    return count or None


def facts_from_evidence(
    evidence: Evidence,
    dirs: Sequence[str],
    *,
    go_version: str | None,
    resolved: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The ``machine`` object of a report (pure). ``resolved`` maps each directory to its real path
    (symlinks followed), which is what the mount table knows about."""
    from wslgo.facts.wsl import kernel_release, wsl_kind

    real = resolved or {}
    table = mount_table(evidence)
    mounts = table[0] if table else []
    release = kernel_release(evidence)
    os_release = evidence.text("/etc/os-release") or evidence.text("/usr/lib/os-release") or ""
    return {
        "source": "evidence",
        "kernel": release[0] if release else None,
        "distro": _distro_name(os_release),
        "wsl": wsl_kind(evidence) or "unknown",
        "arch": evidence.meta.host.arch,
        "cpus": cpu_count_from_cpuinfo(evidence.text("/proc/cpuinfo") or ""),
        "memory_bytes": memory_bytes(evidence.text("/proc/meminfo") or ""),
        "go_version": go_version,
        "filesystems": {
            directory: filesystem_for(real.get(directory, directory), mounts) for directory in dirs
        },
    }


def gather_evidence() -> Evidence:
    """The machine as the evidence collector sees it, offline (no network probes: a bench needs none)."""
    from wslgo.evidence.collect import collect

    return collect(offline=True)


def windows_drive(evidence: Evidence, letter: str = "c") -> str:
    """``/mnt/c`` or wherever ``[automount] root`` in /etc/wsl.conf puts drive ``letter``."""
    from wslgo.facts.wsl import automount_root

    return automount_root(evidence) + letter
