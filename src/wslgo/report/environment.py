"""The "environment" block of a report: a few facts a reader of a pasted report needs first.

Every fact is read through the same accessors the checks use (``facts.wsl``, ``evidence.queries``), so the
block can never contradict a finding below it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wslgo.evidence.queries import GO_VERSION_ARGV, go_env_values
from wslgo.facts.wsl import os_release, wsl_kind
from wslgo.golang.version import parse_go_version_output

if TYPE_CHECKING:
    from wslgo.evidence.model import Evidence


def describe_environment(evidence: Evidence) -> dict[str, Any]:
    """wsl kind, distro, kernel, Go version and target, arch — ``None`` where unknown."""
    found = os_release(evidence)
    release = found[0] if found else {}
    kernel = (evidence.text("/proc/sys/kernel/osrelease") or "").strip() or None
    go_version = go_target = None
    version = evidence.command(*GO_VERSION_ARGV)
    if version is not None and version.ok:
        parsed = parse_go_version_output(version.stdout)
        if parsed is not None:
            go_version = parsed.raw_version
            go_target = f"{parsed.goos}/{parsed.goarch}" if parsed.goos and parsed.goarch else None
    go_env = go_env_values(evidence)
    return {
        "wsl": wsl_kind(evidence),
        "distro": release.get("PRETTY_NAME") or release.get("NAME"),
        "distro_name": evidence.env.get("WSL_DISTRO_NAME"),
        "kernel": kernel,
        "arch": evidence.meta.host.arch,
        "go_version": go_version,
        "go_target": go_target,
        "goroot": go_env.get("GOROOT"),
        "gocache": go_env.get("GOCACHE"),
        "captured": evidence.meta.created,
    }
