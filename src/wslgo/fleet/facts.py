"""The facts a fleet report shows for each machine, read with doctor's own accessors.

The Go, distro, kernel and WSL kind come from the report's environment block (``report.environment``, the
same one ``doctor --format json`` prints); the WSL package version from ``wsl.exe --version`` through
WSL003's parser; who and where from the bundle's environment (``HOSTNAME``, or ``NAME`` which WSL sets to
the Windows host name) and ``meta.host.user``. Pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wslgo.evidence.model import Evidence
from wslgo.facts.wsl import parse_wsl_version_output
from wslgo.fleet.model import MachineFacts


def wsl_package_version(evidence: Evidence) -> str | None:
    result = evidence.command("wsl.exe", "--version")
    if result is None or not result.ok:
        return None
    versions = parse_wsl_version_output(result.stdout)
    return versions[0] if versions else None


def _text(value: Any) -> str | None:
    return str(value) if value else None


def machine_facts(evidence: Evidence, environment: Mapping[str, Any]) -> MachineFacts:
    env = evidence.env
    return MachineFacts(
        hostname=env.get("HOSTNAME") or env.get("NAME") or None,
        user=evidence.meta.host.user or env.get("USER") or None,
        distro_name=_text(environment.get("distro_name")),
        wsl=_text(environment.get("wsl")),
        wsl_version=wsl_package_version(evidence),
        distro=_text(environment.get("distro")),
        kernel=_text(environment.get("kernel")),
        go_version=_text(environment.get("go_version")),
        go_target=_text(environment.get("go_target")),
        arch=_text(environment.get("arch")),
        captured=_text(environment.get("captured")),
    )
