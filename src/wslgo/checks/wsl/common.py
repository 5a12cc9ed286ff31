"""What the WSL checks share: the not-WSL skip, restart commands, and the ``.wslconfig`` lookups."""

from __future__ import annotations

from wslgo.checks.model import Finding, skipped
from wslgo.evidence.model import Evidence
from wslgo.facts.wsl import (
    DEFAULT,
    WslconfigState,
    distro_name,
    wsl_kind,
    wslconfig_state,
)
from wslgo.i18n import M
from wslgo.wslconf import schema
from wslgo.wslconf.reader import ConfigReading, Problem

GIB = 1024**3
SHUTDOWN = "wsl.exe --shutdown"
WSL_CONF_LABEL = "/etc/wsl.conf"
NOT_WSL = M("Skipped: not running under WSL.")


def not_wsl(evidence: Evidence, *, wsl2_only: bool = False) -> Finding | None:
    """The ``skipped`` finding for a WSL-only check on a machine that is not WSL (or unknown)."""
    kind = wsl_kind(evidence)
    if kind is None:
        return skipped(
            M("Skipped: the evidence does not say whether this is WSL (no kernel release recorded).")
        )
    if kind == "none":
        return skipped(NOT_WSL)
    if wsl2_only and kind == "wsl1":
        return skipped(
            M("Skipped: this distro runs under WSL1, which has no VM (the setting applies to WSL2).")
        )
    return None


def terminate(evidence: Evidence) -> str:
    return f"wsl.exe --terminate {distro_name(evidence)}"


def problem_fix(reading: ConfigReading, problem: Problem) -> str:
    where = reading.where(problem.line)
    editor = "sudo nano /etc/wsl.conf" if reading.kind == "wsl.conf" else M("edit {path}", path=reading.label)
    line = problem.line
    if problem.kind == "invalid-line" or (problem.kind == "encoding" and problem.line):
        return M(
            "{editor}: make line {line} a `#` comment or a valid `key=value` ({where})",
            editor=editor,
            line=line,
            where=where,
        )
    if problem.kind == "encoding":
        return M("save {path} as UTF-8 without a byte-order mark", path=reading.label)
    if problem.kind == "duplicate":
        return M(
            "{editor}: delete line {line} (WSL uses line {other})",
            editor=editor,
            line=line,
            other=problem.other_line,
        )
    if problem.kind in ("removed-key", "unknown-key", "unknown-section"):
        return M("{editor}: delete or correct line {line}", editor=editor, line=line)
    return M("{editor}: correct the value on line {line}", editor=editor, line=line)


def wslconfig_for_check(evidence: Evidence) -> tuple[WslconfigState | None, Finding | None]:
    state = wslconfig_state(evidence)
    if state is None:
        return None, skipped(
            M(
                "Skipped: the Windows profile is unknown (`cmd.exe /c echo %USERPROFILE%` did not run and no "
                "/mnt/c/Users/*/.wslconfig was found)."
            )
        )
    if state.reading is None and not state.known:
        return state, skipped(not_collected(state.path))
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
        return None, DEFAULT
    setting = reading.setting(key)
    if setting is None:
        return None, DEFAULT
    if schema.effective(reading, key) != setting.value:
        return None, M("default, because {where} is invalid", where=reading.where(setting.line))
    return setting.value, reading.where(setting.line)


def not_collected(path: str) -> str:
    """The ``skipped`` message for a file the evidence does not hold."""
    return M("Skipped: {path} was not collected.", path=path)
