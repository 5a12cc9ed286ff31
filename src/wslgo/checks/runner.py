"""Run checks over evidence. A crashing check becomes an error finding, never a crash (STYLE habit 5)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from wslgo.checks.model import Check, CheckResult, Finding, Status

if TYPE_CHECKING:
    from wslgo.evidence.model import Evidence


def run_checks(evidence: Evidence, checks: Iterable[Check], *, offline: bool = False) -> list[CheckResult]:
    """Every finding of every check, ordered by check ID (stable, as the JSON schema promises)."""
    results: list[CheckResult] = []
    for item in sorted(checks, key=lambda c: c.id):
        if item.needs_network and (offline or evidence.meta.offline):
            results.append(
                CheckResult(item, Finding(Status.SKIPPED, "Skipped: --offline (needs the network)."))
            )
            continue
        try:
            findings = item.run(evidence)
        except Exception as exc:  # a check bug must not stop doctor
            findings = [
                Finding(
                    Status.ERROR,
                    f"Check {item.id} crashed: {type(exc).__name__}: {exc}. Please report this with "
                    "`wslgo capture` attached.",
                )
            ]
        if not findings:
            findings = [Finding(Status.ERROR, f"Check {item.id} returned no finding (a bug in wslgo).")]
        results.extend(CheckResult(item, finding) for finding in findings)
    return results
