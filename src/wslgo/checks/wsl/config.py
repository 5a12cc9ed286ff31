"""WSL010–WSL011: WSL's reading of ``/etc/wsl.conf`` and ``.wslconfig``.

The files are read by ``wslgo.wslconf.reader``, which follows WSL's own parser, so doctor reports what WSL
actually does with a file, not what an INI library would make of it.
"""

from __future__ import annotations

from wslgo.checks.model import Finding, error, ok, skipped, warning
from wslgo.checks.registry import check
from wslgo.checks.wsl.common import (
    SHUTDOWN,
    not_collected,
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
from wslgo.i18n import N_, Joined, M
from wslgo.wslconf.reader import ConfigReading


def _restart(reading: ConfigReading, evidence: Evidence) -> str:
    return terminate(evidence) if reading.kind == "wsl.conf" else SHUTDOWN


@check("WSL010", N_("WSL's reading of /etc/wsl.conf"))
def wsl_conf_syntax(evidence: Evidence) -> list[Finding]:
    if (finding := not_wsl(evidence)) is not None:
        return [finding]
    reading = read_wsl_conf(evidence)
    if reading is None:
        if wsl_conf_known_absent(evidence):
            return [ok(M("No /etc/wsl.conf: WSL uses its defaults."))]
        return [skipped(not_collected("/etc/wsl.conf"))]
    findings: list[Finding] = []
    for problem in reading.problems:
        if reading.stopped_at is not None and problem.line == reading.stopped_at:
            ignored = (
                Joined([M("{key} (line {line})", key=s.name, line=s.line) for s in reading.skipped], ", ")
                if reading.skipped
                else M("no settings")
            )
            findings.append(
                error(
                    M(
                        "{problem}. Ignored because of it: {ignored}.",
                        problem=problem.message,
                        ignored=ignored,
                    ),
                    fix=then(problem_fix(reading, problem), terminate(evidence)),
                )
            )
        else:
            findings.append(
                warning(
                    M("{problem}.", problem=problem.message),
                    fix=then(problem_fix(reading, problem), _restart(reading, evidence)),
                )
            )
    if not findings:
        count = len(reading.settings)
        findings.append(
            ok(
                M(
                    "{path}: {count} setting(s), all read by WSL without a warning.",
                    path="/etc/wsl.conf",
                    count=count,
                )
            )
        )
    return findings


def then(fix: str, restart: str) -> str:
    """``<edit>, then <restart command>``: a config fix followed by what makes WSL read it again."""
    return M("{fix}, then {restart}", fix=fix, restart=restart)


@check("WSL011", N_("WSL's reading of .wslconfig"))
def wslconfig_syntax(evidence: Evidence) -> list[Finding]:
    if (finding := not_wsl(evidence)) is not None:
        return [finding]
    state, finding = wslconfig_for_check(evidence)
    if finding is not None:
        return [finding]
    assert state is not None
    if state.reading is None:
        return [
            ok(
                M(
                    "No {path} (found by {found_by}): WSL uses its defaults.",
                    path=state.path,
                    found_by=state.found_by,
                )
            )
        ]
    reading = state.reading
    findings = [
        warning(
            M("{problem} (WSL skips this line and reads on).", problem=problem.message)
            if problem.kind == "invalid-line"
            else M("{problem}.", problem=problem.message),
            fix=then(problem_fix(reading, problem), SHUTDOWN),
        )
        for problem in reading.problems
    ]
    if not findings:
        findings.append(
            ok(
                M(
                    "{path}: {count} setting(s), all read by WSL without a warning.",
                    path=state.path,
                    count=len(reading.settings),
                )
            )
        )
    return findings
