"""Decide, before anything runs, what ``wslgo ci run`` will do with each job, matrix entry and step (pure).

Every expression the run will evaluate is checked here, every matrix is expanded (``wslgo.ci.matrix``),
every ``uses:`` is mapped to a local equivalent, to "skipped" (only for what exists on GitHub alone:
caches, artifacts, uploads to GitHub services — each with its reason) or to "not run" (an action wslgo
cannot reproduce: the run then cannot vouch for CI and exits 1 unless ``--allow-unsupported``). A workflow
wslgo cannot run faithfully is refused with ``FILE:LINE`` and exit 2 before the first command starts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from wslgo.ci.expressions import ExpressionError, check_condition, check_template
from wslgo.ci.matrix import MatrixEntry, expand_matrix, select_entries
from wslgo.ci.workflow import Job, Step, Workflow
from wslgo.errors import InputError, UsageError
from wslgo.i18n import M, Message, _

#: What a ``uses:`` becomes locally.
CHECKOUT = "checkout"
SETUP_GO = "setup-go"
GOLANGCI = "golangci-lint"
SERVICE = "service"  # exists only on GitHub: skipped, with the reason
UNSUPPORTED = "unsupported"  # an action wslgo cannot reproduce: not run, and the run cannot vouch for CI

#: Actions whose whole job is a GitHub service (storage, upload, API): skipping them cannot hide a
#: failure of the code under test.
_SERVICE_ACTIONS: dict[str, Message] = {
    "actions/cache": M(
        "the cache service is GitHub's; the local module and build caches are used as they are"
    ),
    "actions/cache/restore": M(
        "the cache service is GitHub's; the local module and build caches are used as they are"
    ),
    "actions/cache/save": M("the cache service is GitHub's; nothing to save locally"),
    "actions/upload-artifact": M("artifacts are stored by GitHub"),
    "actions/download-artifact": M("artifacts are stored by GitHub"),
    "actions/upload-pages-artifact": M("GitHub Pages is a GitHub service"),
    "actions/deploy-pages": M("GitHub Pages is a GitHub service"),
    "actions/attest-build-provenance": M("attestations are signed and stored by GitHub"),
    "github/codeql-action/upload-sarif": M("code scanning results are uploaded to GitHub"),
    "codecov/codecov-action": M("uploads coverage to codecov.io"),
    "coverallsapp/github-action": M("uploads coverage to coveralls.io"),
}


@dataclass(frozen=True)
class UsesMapping:
    kind: str
    reason: Message


def action_name(uses: str) -> str:
    """``owner/repo[/path]`` of ``owner/repo[/path]@ref``, lower case."""
    return uses.split("@", 1)[0].lower().rstrip("/")


def map_uses(uses: str) -> UsesMapping:
    """The local equivalent of an action, why it is skipped, or why it cannot run here."""
    action = action_name(uses)
    if uses.startswith("docker://"):
        return UsesMapping(UNSUPPORTED, M("container actions are not run locally"))
    if uses.startswith("./"):
        return UsesMapping(
            UNSUPPORTED, M("local actions are not run (write their commands as 'run:' steps to include them)")
        )
    if action == "actions/checkout":
        return UsesMapping(CHECKOUT, M("no-op: the steps run in the working tree"))
    if action == "actions/setup-go":
        return UsesMapping(SETUP_GO, M("the Go SDK the action would choose, from wslgo's SDK store"))
    if action == "golangci/golangci-lint-action":
        return UsesMapping(GOLANGCI, M("golangci-lint at the action's version, run like the action"))
    service = _SERVICE_ACTIONS.get(action)
    if service is not None:
        return UsesMapping(SERVICE, service)
    return UsesMapping(UNSUPPORTED, M("wslgo has no local equivalent of {action}", action=action))


@dataclass(frozen=True)
class PlannedJob:
    job: Job
    #: The matrix entries to run (one empty entry for a job without a matrix).
    entries: tuple[MatrixEntry, ...] = (MatrixEntry({}, ()),)
    #: How many entries the full matrix has (``strategy.job-total``), before ``--matrix`` selection.
    total: int = 1
    #: Why the whole job is not run (None: it runs).
    skip_reason: Message | None = None
    #: True when ``skip_reason`` means "cannot run here" (not run) rather than "skipped on purpose".
    unsupported: bool = False
    notes: tuple[Message, ...] = ()
    entry_indexes: tuple[int, ...] = field(default_factory=tuple)


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
                raise InputError(
                    _(
                        "{path}:{line}: jobs.{job} needs unknown job '{need}'",
                        path=workflow.path,
                        line=job.line,
                        job=job.id,
                        need=need,
                    )
                )
    while remaining:
        ready = [job for job in remaining if all(need in done for need in job.needs)]
        if not ready:
            cycle = ", ".join(job.id for job in remaining)
            raise InputError(
                _("{path}: jobs {jobs} need each other in a cycle", path=workflow.path, jobs=cycle)
            )
        job = ready[0]
        ordered.append(job)
        done.add(job.id)
        remaining.remove(job)
    return ordered


def runs_elsewhere(runs_on: Any, render: Callable[[str], str] | None = None) -> Message | None:
    """Why a job cannot run here (``runs-on`` a Windows or macOS runner), else None.

    Labels with expressions (``${{ matrix.os }}``) are decided per matrix entry, when ``render`` can
    evaluate them.
    """
    labels = [runs_on] if isinstance(runs_on, str) else list(runs_on) if isinstance(runs_on, list) else []
    for label in labels:
        text = str(label)
        if "${{" in text:
            if render is None:
                continue
            text = render(text)
        lowered = text.lower()
        if "windows" in lowered or "macos" in lowered:
            return M("runs-on {label}: wslgo runs Linux jobs only", label=text)
    return None


def _check_job(job: Job, path: str) -> None:
    _check(job.if_, path, job.lines.get("if", job.line), f"jobs.{job.id}.if", is_condition=True)
    for name, value in job.env.items():
        _check(value, path, job.lines.get("env", job.line), f"jobs.{job.id}.env.{name}")
    _check(job.runs_on, path, job.lines.get("runs-on", job.line), f"jobs.{job.id}.runs-on")
    for key, value in (("continue-on-error", job.continue_on_error), ("strategy", job.fail_fast)):
        _check(value, path, job.lines.get(key, job.line), f"jobs.{job.id}.{key}")
    for step in job.steps:
        _check_step(step, path)


def _job_notes(job: Job, selected_one: bool) -> list[Message]:
    notes: list[Message] = []
    if job.container is not None:
        notes.append(M("container: ignored, the steps run on this machine"))
    if job.services is not None:
        notes.append(M("services: not started locally"))
    if selected_one and job.needs:
        notes.append(M("needs {jobs}: not run (--job runs one job)", jobs=", ".join(job.needs)))
    return notes


def _plan_job(job: Job, path: str, matrix: Mapping[str, str], *, selected_one: bool) -> PlannedJob:
    """One job: checked, its matrix expanded and narrowed by ``--matrix``."""
    if job.uses:
        reason = M("reusable workflow {uses} is not run locally", uses=job.uses)
        return PlannedJob(job, skip_reason=reason, unsupported=True)
    _check_job(job, path)
    line = job.matrix_line or job.line
    entries = expand_matrix(job.matrix, path=path, job_id=job.id, line=line)
    if not entries:
        raise InputError(
            _(
                "{path}:{line}: jobs.{job}.strategy.matrix leaves no combination to run",
                path=path,
                line=line,
                job=job.id,
            )
        )
    indexes = tuple(i for i, entry in enumerate(entries) if select_entries([entry], matrix))
    keys = {key for entry in entries for key in entry.values}
    if keys & set(matrix) and not indexes:
        listing = "; ".join(entry.describe() for entry in entries[:6])
        raise UsageError(
            _(
                "{path}:{line}: --matrix matches no entry of jobs.{job} (entries: {listing})",
                path=path,
                line=line,
                job=job.id,
                listing=listing,
            )
        )
    elsewhere = runs_elsewhere(job.runs_on)
    return PlannedJob(
        job,
        tuple(entries[i] for i in indexes),
        len(entries),
        elsewhere,
        unsupported=elsewhere is not None,
        notes=tuple(_job_notes(job, selected_one)),
        entry_indexes=indexes,
    )


def plan_run(workflow: Workflow, job_name: str | None, matrix: Mapping[str, str]) -> list[PlannedJob]:
    """The jobs and matrix entries to run, checked; ``UsageError``/``InputError`` (exit 2) otherwise."""
    path = workflow.path
    jobs = order_jobs(workflow)
    if job_name is not None:
        selected = workflow.job(job_name)
        if selected is None:
            raise UsageError(
                _(
                    "--job {job}: no such job in {path} (jobs: {jobs})",
                    job=job_name,
                    path=path,
                    jobs=", ".join(j.id for j in workflow.jobs),
                )
            )
        jobs = [selected]
    for name, value in workflow.env.items():
        _check(value, path, 0, f"env.{name}")
    planned = [_plan_job(job, path, matrix, selected_one=job_name is not None) for job in jobs]
    matched = {key for item in planned for entry in item.entries for key in entry.values}
    unknown = sorted(set(matrix) - matched)
    if unknown:
        raise UsageError(
            _("--matrix {keys}: no selected job has a matrix key of that name", keys=", ".join(unknown))
        )
    return planned
