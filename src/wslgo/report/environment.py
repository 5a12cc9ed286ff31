"""The "environment" block of a report: a few facts a reader of a pasted report needs first."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wslgo.evidence.model import Evidence


def _os_release(evidence: Evidence) -> dict[str, str]:
    text = evidence.text("/etc/os-release") or evidence.text("/usr/lib/os-release") or ""
    values: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip():
            values[key.strip()] = value.strip().strip('"').strip("'")
    return values


def _wsl_kind(evidence: Evidence) -> str | None:
    try:
        from wslgo.checks.wslfacts import wsl_kind
    except ImportError:  # the WSL facts module is part of the checks package; absent only in partial builds
        return None
    return wsl_kind(evidence)


def describe_environment(evidence: Evidence) -> dict[str, Any]:
    """wsl kind, distro, kernel, Go version and target, arch — ``None`` where unknown."""
    release = _os_release(evidence)
    kernel = (evidence.text("/proc/sys/kernel/osrelease") or "").strip() or None
    go_version = go_target = None
    version = evidence.command("go", "version")
    if version is not None and version.ok:
        match = re.match(r"go version (\S+)(?: (\S+))?", version.stdout.strip())
        if match:
            go_version, go_target = match.group(1), match.group(2)
    go_env: dict[str, Any] = {}
    env_cmd = evidence.command("go", "env", "-json")
    if env_cmd is not None and env_cmd.ok:
        try:
            parsed = json.loads(env_cmd.stdout)
            go_env = parsed if isinstance(parsed, dict) else {}
        except ValueError:
            go_env = {}
    return {
        "wsl": _wsl_kind(evidence),
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
