"""What the WSL checks share: the not-WSL skip, restart commands, and the ``.wslconfig`` lookups."""

from __future__ import annotations

from wslgo.checks.model import Finding, skipped
from wslgo.evidence.model import Evidence
from wslgo.facts.wsl import (
    WslconfigState,
    distro_name,
    wsl_kind,
    wslconfig_state,
)
from wslgo.wslconf import schema
from wslgo.wslconf.reader import ConfigReading, Problem

GIB = 1024**3
SHUTDOWN = "wsl.exe --shutdown"
WSL_CONF_LABEL = "/etc/wsl.conf"


def not_wsl(evidence: Evidence, *, wsl2_only: bool = False) -> Finding | None:
    """The ``skipped`` finding for a WSL-only check on a machine that is not WSL (or unknown)."""
    kind = wsl_kind(evidence)
    if kind is None:
        return skipped("Skipped: the evidence does not say whether this is WSL (no kernel release recorded).")
    if kind == "none":
        return skipped("Skipped: not running under WSL.")
    if wsl2_only and kind == "wsl1":
        return skipped("Skipped: this distro runs under WSL1, which has no VM (the setting applies to WSL2).")
    return None


def terminate(evidence: Evidence) -> str:
    return f"wsl.exe --terminate {distro_name(evidence)}"


def problem_fix(reading: ConfigReading, problem: Problem) -> str:
    where = reading.where(problem.line)
    editor = "sudo nano /etc/wsl.conf" if reading.kind == "wsl.conf" else f"edit {reading.label}"
    if problem.kind == "invalid-line" or (problem.kind == "encoding" and problem.line):
        return f"{editor}: make line {problem.line} a `#` comment or a valid `key=value` ({where})"
    if problem.kind == "encoding":
        return f"save {reading.label} as UTF-8 without a byte-order mark"
    if problem.kind == "duplicate":
        return f"{editor}: delete line {problem.line} (WSL uses line {problem.other_line})"
    if problem.kind in ("removed-key", "unknown-key", "unknown-section"):
        return f"{editor}: delete or correct line {problem.line}"
    return f"{editor}: correct the value on line {problem.line}"


def wslconfig_for_check(evidence: Evidence) -> tuple[WslconfigState | None, Finding | None]:
    state = wslconfig_state(evidence)
    if state is None:
        return None, skipped(
            "Skipped: the Windows profile is unknown (`cmd.exe /c echo %USERPROFILE%` did not run and no "
            "/mnt/c/Users/*/.wslconfig was found)."
        )
    if state.reading is None and not state.known:
        return state, skipped(f"Skipped: {state.path} was not collected.")
    return state, None


def vm_wslconfig(evidence: Evidence) -> tuple[WslconfigState | None, Finding | None]:
    """The .wslconfig for a check of the VM's settings, or why there is none to check (``skipped``).

    An unread .wslconfig is not a default one: these checks never guess the settings it might hold.
    """
    if (finding := not_wsl(evidence, wsl2_only=True)) is not None:
        return None, finding
    return wslconfig_for_check(evidence)


def setting_source(reading: ConfigReading | None, key: str) -> tuple[str | None, str]:
    """The valid value the file sets for ``key`` and where, or ``(None, "default")``."""
    if reading is None:
        return None, "default"
    setting = reading.setting(key)
    if setting is None:
        return None, "default"
    if schema.effective(reading, key) != setting.value:
        return None, f"default, because {reading.where(setting.line)} is invalid"
    return setting.value, reading.where(setting.line)
