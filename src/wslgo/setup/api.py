"""The setup library API: steps by name composed into one plan (``wslgo setup``, ``doctor --fix``).

Steps run in a fixed order, each seeing the files as the earlier steps left them, and the result holds one
edit per file (before = the bytes on disk, after = the last step's bytes). That is what makes steps that
touch the same file (``go-env`` and ``proxy`` both edit the Go env file) compose, and what keeps
``setup`` idempotent: run on its own output, every step plans nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from wslgo.edit.plan import FileEdit, Plan
from wslgo.errors import UsageError
from wslgo.evidence.model import Evidence
from wslgo.setup.inputs import inputs_from_evidence
from wslgo.setup.model import SetupInputs, SetupOptions
from wslgo.setup.steps import gocache, goenv, proxy, shell, tools, vscode, wslconf, wslconfig

StepFn = Callable[[SetupInputs, SetupOptions], Plan]

#: Every step in the order they run.
STEPS: dict[str, StepFn] = {
    "shell": shell.plan,
    "go-env": goenv.plan,
    "go-cache": gocache.plan,
    "proxy": proxy.plan,
    "wsl-conf": wslconf.plan,
    "wslconfig": wslconfig.plan,
    "tools": tools.plan,
    "vscode": vscode.plan,
}

#: ``wslgo setup`` with no step names. ``proxy`` is opt-in: it only makes sense with a proxy running;
#: ``tools`` (a build, only suggested) and ``vscode`` (a project's files, not the distro's) are asked for.
DEFAULT_STEPS: tuple[str, ...] = ("shell", "go-env", "go-cache", "wsl-conf", "wslconfig")


def resolve_steps(names: Iterable[str]) -> list[str]:
    """Step names in run order; an unknown name is a usage error listing the known ones."""
    wanted = list(names) or list(DEFAULT_STEPS)
    unknown = [name for name in wanted if name not in STEPS]
    if unknown:
        raise UsageError(f"unknown setup step {unknown[0]!r} (expected one of: {', '.join(STEPS)})")
    return [name for name in STEPS if name in wanted]


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def plan_inputs(inputs: SetupInputs, steps: Sequence[str], options: SetupOptions | None = None) -> Plan:
    """One plan for ``steps`` over ``inputs`` (pure)."""
    chosen = resolve_steps(steps)
    opts = options or SetupOptions()
    original = dict(inputs.files)
    current = inputs
    merged: dict[str, FileEdit] = {}
    commands: list[str] = []
    notes: list[str] = []
    refusals: list[str] = []
    for name in chosen:
        step_plan = STEPS[name](current, opts)
        commands.extend(step_plan.commands)
        notes.extend(step_plan.notes)
        refusals.extend(step_plan.refusals)
        for edit in step_plan.edits:
            if not edit.changes:
                continue
            previous = merged.get(edit.path)
            if previous is None:
                merged[edit.path] = FileEdit(
                    edit.path,
                    original.get(edit.path),
                    edit.after,
                    edit.reason,
                    name,
                    edit.needs_root,
                    edit.create_mode,
                )
            else:
                merged[edit.path] = FileEdit(
                    edit.path,
                    previous.before,
                    edit.after,
                    f"{previous.reason}; {edit.reason}",
                    f"{previous.step},{name}",
                    previous.needs_root or edit.needs_root,
                    previous.create_mode,
                )
            current = current.with_file(edit.path, edit.after)
    edits = tuple(edit for edit in merged.values() if edit.changes)
    return Plan(edits, _unique(commands), _unique(notes), _unique(refusals))


def plan_steps(evidence: Evidence, steps: Sequence[str], options: SetupOptions | None = None) -> Plan:
    """The plan for ``steps`` from doctor's evidence (what ``doctor --fix`` calls with ``fixable_by``)."""
    return plan_inputs(inputs_from_evidence(evidence), steps, options)
