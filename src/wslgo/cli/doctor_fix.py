"""``wslgo doctor --fix``: run the setup steps named by fixable warnings and errors.

Doctor already holds the evidence, so the plan is made from it directly (no second collection); the diff,
the confirmation and the journaled apply are setup's own (``execute_plan``), so ``wslgo undo`` reverts a
``--fix`` run like any other. Every ``fixable_by`` names a setup step; steps that are not file edits
(``tools``: a ``go install``) put their exact command in the plan, which setup prints.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from wslgo.checks.model import Status
from wslgo.i18n import _

if TYPE_CHECKING:
    from wslgo.cli.options import GlobalOptions
    from wslgo.evidence.model import Evidence
    from wslgo.policy.model import Policy
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
    evidence: Evidence,
    report: Report,
    options: GlobalOptions,
    *,
    assume_yes: bool,
    dry_run: bool,
    policy: Policy | None = None,
) -> int:
    """Plan the fixing steps from ``evidence`` and hand the plan to setup's diff/confirm/apply.

    ``dry_run`` is set for a bundle: it describes another machine, so its project is not scanned here.
    With ``policy`` the steps plan the policy's values too (as ``wslgo setup --policy`` does).
    """
    from wslgo.cli.setup import execute_plan
    from wslgo.setup.api import plan_inputs, resolve_steps
    from wslgo.setup.inputs import inputs_from_evidence
    from wslgo.setup.model import SetupOptions
    from wslgo.setup.reader import with_project_scan

    wanted = fix_steps(report)
    steps = resolve_steps(wanted) if wanted else []
    if not steps:
        print(
            "\n" + _("Nothing for --fix to do: no warning or error is fixable by `wslgo setup`."),
            file=sys.stderr,
        )
        return 0
    print("\n" + _("Fixing with `{command}`:", command=f"wslgo setup {' '.join(steps)}"), file=sys.stderr)
    inputs = inputs_from_evidence(evidence)
    plan = plan_inputs(inputs if dry_run else with_project_scan(inputs), steps, SetupOptions(policy=policy))
    return execute_plan(plan, options, assume_yes=assume_yes, dry_run=dry_run, command="doctor --fix")
