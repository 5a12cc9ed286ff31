"""Step ``tools``: suggest the one ``wslgo tools install …`` command for missing or outdated tools.

Installing gopls, dlv or golangci-lint is a ``go install`` (a build), not a file edit, so this step plans
no edit: it puts the exact command in ``Plan.commands``, which setup prints and never runs silently. What
counts as missing or outdated is decided by doctor's own TOOL001–TOOL003 checks on the same evidence
(``checks.tools.tools_to_install``), so ``doctor --fix`` and ``wslgo setup tools`` ask for the same tools.
"""

from __future__ import annotations

from wslgo.checks.tools import tools_to_install
from wslgo.edit.plan import Plan
from wslgo.setup.model import SetupInputs, SetupOptions

STEP = "tools"


def install_command(names: list[str]) -> str:
    return "wslgo tools install " + " ".join(names)


def plan(inputs: SetupInputs, options: SetupOptions) -> Plan:
    if options.policy is not None:
        from wslgo.policy.setup_plan import with_policy_tools

        return with_policy_tools(_plan(inputs), inputs, options.policy)
    return _plan(inputs)


def _plan(inputs: SetupInputs) -> Plan:
    if inputs.evidence is None:
        return Plan(
            notes=(
                "tools: a --root/--home target does not say which tools are installed; "
                "inside it, run: wslgo tools list",
            )
        )
    needs = tools_to_install(inputs.evidence)
    if not needs:
        return Plan(
            notes=("tools: gopls, dlv and golangci-lint are installed and current (or not recorded)",)
        )
    names = [name for name, _ in needs]
    notes = tuple(f"tools: {finding.message}" for _, finding in needs)
    return Plan(commands=(install_command(names),), notes=notes)
