"""What ``wslgo setup --policy`` plans: the policy's values, through the steps that own each kind of value.

* ``[env]`` values are Go settings, so the ``go-env`` step writes them into the Go env file with the same
  lossless editor as its own corrections; a shell ``export`` that would shadow the file with another value is
  commented out (``# wslgo:``, restored by ``wslgo undo``). A value already in effect — compared the way
  the go command reads it, exactly as POL002 compares — is left alone, so a second run plans nothing.
* ``[tools] required`` and ``[go] version`` are installs, never file edits: the ``tools`` step suggests
  ``wslgo tools install …`` for required tools that are missing or cannot run (POL003's verdict) and
  ``wslgo go install …`` when the Go that runs is outside the range (POL001's verdict).

Pure: ``SetupInputs`` and the policy in, edits, notes and commands out.
"""

from __future__ import annotations

from wslgo.edit.plan import Plan
from wslgo.golang.envvalues import same_value
from wslgo.i18n import M
from wslgo.policy.checks import go_version_in_range, install_go_fix, tools_required
from wslgo.policy.model import Policy
from wslgo.setup.common import GoSettingsEditor, Refusal, resolve, shell_exports
from wslgo.setup.model import SetupInputs

#: The steps ``wslgo setup --policy`` runs when no step is named.
POLICY_STEPS: tuple[str, ...] = ("go-env", "tools")


def plan_policy_env(inputs: SetupInputs, policy: Policy, editor: GoSettingsEditor) -> None:
    """Add the edits that give the go command each ``[env]`` value of ``policy`` to ``editor``."""
    for rule in policy.env:
        current = resolve(inputs, rule.name)
        if current is not None and same_value(rule.name, current.value, rule.value):
            continue
        reason = M(
            "{name}={value}: required by the team policy ({where})",
            name=rule.name,
            value=rule.value,
            where=policy.where(rule.line),
        )
        try:
            for found in shell_exports(inputs, rule.name):
                if not same_value(rule.name, found.export.value, rule.value):
                    editor.comment_out_export(found, f"{found.path}:{found.export.line_number}: {reason}")
        except Refusal as refusal:
            editor.refusals.append(str(refusal))
            continue
        editor.set_go(rule.name, rule.value, reason)
        env_value = inputs.env.get(rule.name)
        if current is not None and current.kind == "env" and env_value is not None:
            editor.notes.append(
                M(
                    "{name}={value!r} comes from the environment but no rc file wslgo reads sets it; the "
                    "environment wins over the Go env file, so unset it where it is defined",
                    name=rule.name,
                    value=env_value,
                )
            )


def policy_tool_names(inputs: SetupInputs, policy: Policy) -> list[str]:
    """Required tools POL003 asks to install on the machine ``inputs`` describes."""
    if inputs.evidence is None:
        return []
    return [
        rule.name
        for rule, finding in zip(policy.tools, tools_required(inputs.evidence, policy), strict=False)
        if finding.fixable_by == "tools"
    ]


def policy_go_command(inputs: SetupInputs, policy: Policy) -> str | None:
    """``wslgo go install …`` when POL001 finds the Go that runs outside the policy's range."""
    if inputs.evidence is None or policy.go is None:
        return None
    findings = go_version_in_range(inputs.evidence, policy)
    if any(finding.fix for finding in findings if finding.status.severity >= 2):
        return install_go_fix(policy, inputs.evidence)
    return None


def policy_notes_without_evidence(inputs: SetupInputs, policy: Policy) -> list[str]:
    """For a ``--root``/``--home`` target: what the policy asks that only the machine itself can tell."""
    if inputs.evidence is not None or not (policy.tools or policy.go):
        return []
    return [
        M(
            "policy: a --root/--home target does not say which Go and tools are installed; inside it, run: "
            "wslgo doctor --policy {path}",
            path=policy.path,
        )
    ]


def with_policy_tools(step_plan: Plan, inputs: SetupInputs, policy: Policy) -> Plan:
    """The ``tools`` step's plan with the policy's installs: its tools in the one install command, and Go.

    The step's own command (``wslgo tools install a b``) and the policy's tools become one command, so a tool
    both ask for is installed once.
    """
    prefix = "wslgo tools install "
    names: list[str] = []
    others: list[str] = []
    for command in step_plan.commands:
        if command.startswith(prefix):
            names += command[len(prefix) :].split()
        else:
            others.append(command)
    names += [name for name in policy_tool_names(inputs, policy) if name not in names]
    commands = [prefix + " ".join(dict.fromkeys(names))] if names else []
    go_command = policy_go_command(inputs, policy)
    if go_command:
        commands.insert(0, go_command)
    notes = list(step_plan.notes) + policy_notes_without_evidence(inputs, policy)
    return Plan(step_plan.edits, tuple(commands + others), tuple(notes), step_plan.refusals)
