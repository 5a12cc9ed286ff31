"""``wslgo doctor --fix``: run the setup steps named by fixable warnings and errors.

Doctor already holds the evidence, so the plan is made from it directly (no second collection); the diff,
the confirmation and the journaled apply are setup's own (``execute_plan``), so ``wslgo undo`` reverts a
``--fix`` run like any other.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from wslgo.checks.model import Status

if TYPE_CHECKING:
    from wslgo.cli.options import GlobalOptions
    from wslgo.evidence.model import Evidence
    from wslgo.report.model import Report


def fix_steps(report: Report) -> list[str]:
    """Setup steps that fix the report's warnings and errors, in report order, without repeats."""
    steps = [
        r.finding.fixable_by
        for r in report.results
        if r.finding.fixable_by and r.finding.status in (Status.WARNING, Status.ERROR)
    ]
    return list(dict.fromkeys(step for step in steps if step))


def run_fixes(
    evidence: Evidence, report: Report, options: GlobalOptions, *, assume_yes: bool, dry_run: bool
) -> int:
    """Plan the fixing steps from ``evidence`` and hand the plan to setup's diff/confirm/apply."""
    from wslgo.cli.setup import execute_plan
    from wslgo.setup.api import STEPS, plan_steps

    wanted = fix_steps(report)
    steps = [step for step in wanted if step in STEPS]
    # Steps that are commands rather than file edits (``tools``: `go install`) are not setup's to run.
    for step in wanted:
        if step not in STEPS:
            fixes = [r.finding.fix for r in report.results if r.finding.fixable_by == step and r.finding.fix]
            print(f"\nNot a file edit, run it yourself: {'; '.join(dict.fromkeys(fixes))}", file=sys.stderr)
    if not steps:
        print("\nNothing for --fix to do: no warning or error is fixable by `wslgo setup`.", file=sys.stderr)
        return 0
    print(f"\nFixing with `wslgo setup {' '.join(steps)}`:", file=sys.stderr)
    plan = plan_steps(evidence, steps)
    return execute_plan(plan, options, assume_yes=assume_yes, dry_run=dry_run, command="doctor --fix")
