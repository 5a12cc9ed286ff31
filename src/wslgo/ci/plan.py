"""Decide, before anything runs, what ``wslgo ci run`` will do with each job and step (pure).

Every expression the run will evaluate is checked here, every matrix is reduced to one combination, every
``uses:`` is mapped to a local equivalent or a reason to skip: a workflow wslgo cannot run faithfully is
refused with ``FILE:LINE`` and exit 2 before the first command starts.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from wslgo.ci.expressions import ExpressionError, check_condition, check_template
from wslgo.ci.workflow import Job, Step, Workflow
from wslgo.errors import InputError, UsageError

#: What a ``uses:`` becomes locally: kind and why.
CHECKOUT = "checkout"
SETUP_GO = "setup-go"
GOLANGCI = "golangci-lint"
SKIP = "skip"


@dataclass(frozen=True)
class UsesMapping:
    kind: str
    reason: str


def map_uses(uses: str) -> UsesMapping:
    """The local equivalent of an action (``owner/repo@ref``), or why it is skipped."""
    action = uses.split("@", 1)[0].lower().rstrip("/")
    if uses.startswith("docker://"):
        return UsesMapping(SKIP, "container actions are not run locally")
    if uses.startswith("./"):
        return UsesMapping(
            SKIP, "local actions are not run (run their steps as 'run:' steps to include them)"
        )
    if action == "actions/checkout":
        return UsesMapping(CHECKOUT, "no-op: the steps run in the working tree")
    if action == "actions/setup-go":
        return UsesMapping(SETUP_GO, "use a local Go SDK")
    if action in ("actions/cache", "actions/cache/restore", "actions/cache/save"):
        return UsesMapping(SKIP, "the local module and build caches are already warm")
    if action == "golangci/golangci-lint-action":
        return UsesMapping(GOLANGCI, "run 'golangci-lint run'")
    if action in ("actions/upload-artifact", "actions/download-artifact"):
        return UsesMapping(SKIP, "artifacts are a GitHub service")
    return UsesMapping(SKIP, "no local equivalent")


@dataclass(frozen=True)
class PlannedJob:
    job: Job
    matrix: dict[str, Any] = field(default_factory=dict)
    #: Why the whole job is skipped (None: it runs).
    skip_reason: str | None = None
    notes: tuple[str, ...] = ()


def _matrix_combinations(job: Job, path: str) -> list[dict[str, Any]]:
    matrix = job.matrix
    if matrix is None:
        return [{}]
    if not isinstance(matrix, Mapping):
        raise InputError(
            f"{path}:{job.matrix_line}: jobs.{job.id}.strategy.matrix is an expression; "
            "wslgo ci run needs a literal matrix"
        )
    if "include" in matrix or "exclude" in matrix:
        raise InputError(
            f"{path}:{job.matrix_line}: jobs.{job.id}.strategy.matrix uses include/exclude, "
            "which wslgo ci run does not expand"
        )
    axes: list[tuple[str, list[Any]]] = []
    for key, values in matrix.items():
        if not isinstance(values, list) or not values:
            raise InputError(
                f"{path}:{job.matrix_line}: jobs.{job.id}.strategy.matrix.{key} must be a non-empty list"
            )
        axes.append((key, list(values)))
    return [
        dict(zip([k for k, _ in axes], combo, strict=True))
        for combo in itertools.product(*[v for _, v in axes])
    ]


def choose_matrix(job: Job, path: str, wanted: Mapping[str, str]) -> dict[str, Any]:
    """The one combination to run: the only one, or the one ``--matrix key=value`` selects."""
    combos = _matrix_combinations(job, path)
    if wanted:
        combos = [c for c in combos if all(str(c.get(k)) == v for k, v in wanted.items() if k in c)]
    if len(combos) == 1:
        return combos[0]
    listing = "; ".join(", ".join(f"{k}={v}" for k, v in c.items()) for c in combos[:6])
    if not combos:
        raise UsageError(f"{path}:{job.matrix_line}: --matrix matches no combination of jobs.{job.id}")
    raise InputError(
        f"{path}:{job.matrix_line}: jobs.{job.id} has a matrix of {len(combos)} combinations ({listing}); "
        "choose one with --matrix KEY=VALUE"
    )


def _check(text: Any, path: str, line: int, where: str, *, is_condition: bool = False) -> None:
    if not isinstance(text, str):
        return
    try:
        if is_condition:
            check_condition(text)
        else:
            check_template(text)
    except ExpressionError as exc:
        raise InputError(f"{path}:{line}: {where}: {exc}") from None


def _check_step(step: Step, path: str) -> None:
    where = f"jobs.{step.job}.steps[{step.index}]"
    _check(step.if_, path, step.line_of("if"), f"{where}.if", is_condition=True)
    for key, value in (("name", step.name), ("run", step.run), ("shell", step.shell)):
        _check(value, path, step.line_of(key), f"{where}.{key}")
    _check(step.working_directory, path, step.line_of("working-directory"), f"{where}.working-directory")
    for name, value in step.env.items():
        _check(value, path, step.line_of("env"), f"{where}.env.{name}")
    if step.uses and map_uses(step.uses).kind in (SETUP_GO, GOLANGCI):
        for name, value in step.with_.items():
            _check(value, path, step.line_of("with"), f"{where}.with.{name}")


def order_jobs(workflow: Workflow) -> list[Job]:
    """Jobs in an order that respects ``needs`` (file order otherwise); unknown needs are input errors."""
    remaining = list(workflow.jobs)
    done: set[str] = set()
    ordered: list[Job] = []
    ids = {job.id for job in workflow.jobs}
    for job in workflow.jobs:
        for need in job.needs:
            if need not in ids:
                raise InputError(f"{workflow.path}:{job.line}: jobs.{job.id} needs unknown job {need!r}")
    while remaining:
        ready = [job for job in remaining if all(need in done for need in job.needs)]
        if not ready:
            cycle = ", ".join(job.id for job in remaining)
            raise InputError(f"{workflow.path}: jobs {cycle} need each other in a cycle")
        job = ready[0]
        ordered.append(job)
        done.add(job.id)
        remaining.remove(job)
    return ordered


def _runs_elsewhere(runs_on: Any) -> str | None:
    labels = (
        [runs_on] if isinstance(runs_on, str) else list(runs_on or []) if isinstance(runs_on, list) else []
    )
    for label in labels:
        text = str(label).lower()
        if "windows" in text or "macos" in text:
            return f"runs-on {label}: wslgo runs Linux jobs only"
    return None


def plan_run(workflow: Workflow, job_name: str | None, matrix: Mapping[str, str]) -> list[PlannedJob]:
    """The jobs to run, checked; raises ``UsageError``/``InputError`` (exit 2) for what cannot run."""
    path = workflow.path
    jobs = order_jobs(workflow)
    if job_name is not None:
        selected = workflow.job(job_name)
        if selected is None:
            raise UsageError(
                f"--job {job_name}: no such job in {path} (jobs: {', '.join(j.id for j in workflow.jobs)})"
            )
        jobs = [selected]
    for name, value in workflow.env.items():
        _check(value, path, 0, f"env.{name}")
    planned: list[PlannedJob] = []
    for job in jobs:
        if job.uses:
            planned.append(PlannedJob(job, skip_reason=f"reusable workflow {job.uses} is not run locally"))
            continue
        combo = choose_matrix(job, path, matrix)
        _check(job.if_, path, job.lines.get("if", job.line), f"jobs.{job.id}.if", is_condition=True)
        for name, value in job.env.items():
            _check(value, path, job.lines.get("env", job.line), f"jobs.{job.id}.env.{name}")
        _check(job.runs_on, path, job.lines.get("runs-on", job.line), f"jobs.{job.id}.runs-on")
        for step in job.steps:
            _check_step(step, path)
        notes: list[str] = []
        if job.container is not None:
            notes.append("container: ignored, steps run on this machine")
        if job.services is not None:
            notes.append("services: not started locally")
        if job_name is not None and job.needs:
            notes.append(f"needs {', '.join(job.needs)}: not run (--job runs one job)")
        runs_on = job.runs_on
        reason = _runs_elsewhere(runs_on) if not isinstance(runs_on, str) or "${{" not in runs_on else None
        planned.append(PlannedJob(job, combo, reason, tuple(notes)))
    return planned


def parse_matrix_options(values: Sequence[str]) -> dict[str, str]:
    choice: dict[str, str] = {}
    for value in values:
        key, sep, wanted = value.partition("=")
        if not sep or not key:
            raise UsageError(f"--matrix {value!r}: expected KEY=VALUE")
        choice[key] = wanted
    return choice
