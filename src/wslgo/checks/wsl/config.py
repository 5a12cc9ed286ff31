"""WSL010–WSL011: WSL's reading of ``/etc/wsl.conf`` and ``.wslconfig``.

The files are read by ``wslgo.wslconf.reader``, which follows WSL's own parser, so doctor reports what WSL
actually does with a file, not what an INI library would make of it.
"""

from __future__ import annotations

from wslgo.checks.model import Finding, error, ok, skipped, warning
from wslgo.checks.registry import check
from wslgo.checks.wsl.common import (
    SHUTDOWN,
    not_wsl,
    problem_fix,
    terminate,
    wslconfig_for_check,
)
from wslgo.evidence.model import Evidence
from wslgo.facts.wsl import (
    read_wsl_conf,
    wsl_conf_known_absent,
)
from wslgo.wslconf.reader import ConfigReading


def _restart(reading: ConfigReading, evidence: Evidence) -> str:
    return terminate(evidence) if reading.kind == "wsl.conf" else SHUTDOWN


@check("WSL010", "WSL's reading of /etc/wsl.conf")
def wsl_conf_syntax(evidence: Evidence) -> list[Finding]:
    if (finding := not_wsl(evidence)) is not None:
        return [finding]
    reading = read_wsl_conf(evidence)
    if reading is None:
        if wsl_conf_known_absent(evidence):
            return [ok("No /etc/wsl.conf: WSL uses its defaults.")]
        return [skipped("Skipped: /etc/wsl.conf was not collected.")]
    findings: list[Finding] = []
    for problem in reading.problems:
        if reading.stopped_at is not None and problem.line == reading.stopped_at:
            ignored = ", ".join(f"{s.name} (line {s.line})" for s in reading.skipped) or "no settings"
            findings.append(
                error(
                    f"{problem.message}. Ignored because of it: {ignored}.",
                    fix=f"{problem_fix(reading, problem)}, then {terminate(evidence)}",
                )
            )
        else:
            findings.append(
                warning(
                    problem.message + ".",
                    fix=f"{problem_fix(reading, problem)}, then {_restart(reading, evidence)}",
                )
            )
    if not findings:
        count = len(reading.settings)
        findings.append(ok(f"/etc/wsl.conf: {count} setting(s), all read by WSL without a warning."))
    return findings


@check("WSL011", "WSL's reading of .wslconfig")
def wslconfig_syntax(evidence: Evidence) -> list[Finding]:
    if (finding := not_wsl(evidence)) is not None:
        return [finding]
    state, finding = wslconfig_for_check(evidence)
    if finding is not None:
        return [finding]
    assert state is not None
    if state.reading is None:
        return [ok(f"No {state.path} (found by {state.found_by}): WSL uses its defaults.")]
    reading = state.reading
    findings = [
        warning(
            problem.message
            + (" (WSL skips this line and reads on)." if problem.kind == "invalid-line" else "."),
            fix=f"{problem_fix(reading, problem)}, then {SHUTDOWN}",
        )
        for problem in reading.problems
    ]
    if not findings:
        findings.append(
            ok(f"{state.path}: {len(reading.settings)} setting(s), all read by WSL without a warning.")
        )
    return findings
