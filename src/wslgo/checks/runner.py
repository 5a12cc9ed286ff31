"""Run checks over evidence. A crashing check becomes an error finding, never a crash (STYLE habit 5)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from wslgo.checks.model import Check, CheckResult, Finding, Status
from wslgo.i18n import M

if TYPE_CHECKING:
    from wslgo.evidence.model import Evidence


def run_checks(evidence: Evidence, checks: Iterable[Check], *, offline: bool = False) -> list[CheckResult]:
    """Every finding of every check, ordered by check ID (stable, as the JSON schema promises)."""
    results: list[CheckResult] = []
    for item in sorted(checks, key=lambda c: c.id):
        if item.needs_network and (offline or evidence.meta.offline):
            results.append(
                CheckResult(item, Finding(Status.SKIPPED, M("Skipped: --offline (needs the network).")))
            )
            continue
        try:
            findings = item.run(evidence)
        except Exception as exc:  # a check bug must not stop doctor
            findings = [
                Finding(
                    Status.ERROR,
                    M(
                        "Check {id} crashed: {error}. Please report this with `wslgo capture` attached.",
                        id=item.id,
                        error=f"{type(exc).__name__}: {exc}",
                    ),
                )
            ]
        if not findings:
            findings = [
                Finding(Status.ERROR, M("Check {id} returned no finding (a bug in wslgo).", id=item.id))
            ]
        results.extend(CheckResult(item, finding) for finding in findings)
    return results
