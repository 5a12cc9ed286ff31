"""Step ``tools``: suggest the one ``wslgo tools install …`` command for missing or outdated tools.

Installing gopls, dlv or golangci-lint is a ``go install`` (a build), not a file edit, so this step plans
no edit: it puts the exact command in ``Plan.commands``, which setup prints and never runs silently. What
counts as missing or outdated is the fact doctor's TOOL001–TOOL003 report (``facts.tools.tools_to_install``),
so ``doctor --fix`` and ``wslgo setup tools`` ask for the same tools.
"""

from __future__ import annotations

from wslgo.edit.plan import Plan
from wslgo.facts.tools import ToolState, install_command, tools_to_install
from wslgo.setup.model import SetupInputs, SetupOptions

STEP = "tools"


def _note(state: ToolState) -> str:
    if state.outdated_for is not None and state.build is not None:
        return (
            f"tools: {state.name} at {state.binary} was built with {state.build.go_version_raw}, "
            f"older than go {state.outdated_for.text} ({state.outdated_for.where})"
        )
    return f"tools: {state.name} is not installed (not on PATH, GOBIN or GOPATH/bin)"


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
    names = [state.name for state in needs]
    return Plan(commands=(install_command(names),), notes=tuple(_note(state) for state in needs))
