"""The outcome of ``wslgo ci run``: one record per job × matrix entry, one per step (pure data).

The exit status follows CI: the first failing step that was not ``continue-on-error`` (in a job that was
not ``continue-on-error``) decides it (its own exit code when it has one between 1 and 255, else 1). A
step or job wslgo could not run ("not run") also makes the run exit 1 unless ``--allow-unsupported``:
a green local run must mean CI would be green, and nothing was verified for those.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from wslgo.i18n import Message

SUCCESS, FAILURE, SKIPPED, CANCELLED, NOT_RUN = "success", "failure", "skipped", "cancelled", "not-run"
STATUSES = (SUCCESS, FAILURE, SKIPPED, CANCELLED, NOT_RUN)


@dataclass(frozen=True)
class StepResult:
    job: str
    name: str
    status: str
    duration_s: float = 0.0
    rc: int | None = None
    #: Why (skipped, not run, failed) or what was done instead (for a ``uses:`` step); English value.
    detail: str = ""
    line: int = 0
    continue_on_error: bool = False
    #: The last lines the step printed (kept for JSON/JUnit and the failure summary).
    output_tail: tuple[str, ...] = ()
    index: int = -1


@dataclass
class JobRun:
    """One job × matrix entry."""

    job: str
    label: str
    line: int
    matrix: Mapping[str, Any] = field(default_factory=dict)
    status: str = SUCCESS
    duration_s: float = 0.0
    #: The Go the steps ran with (``go1.27.2``), as setup-go chose it, else the active Go.
    go: str | None = None
    reason: str = ""
    continue_on_error: bool = False
    notes: list[Message] = field(default_factory=list)
    steps: list[StepResult] = field(default_factory=list)

    @property
    def first_failure(self) -> StepResult | None:
        return next((s for s in self.steps if s.status == FAILURE and not s.continue_on_error), None)


@dataclass
class RunOutcome:
    runs: list[JobRun] = field(default_factory=list)
    allow_unsupported: bool = False

    @property
    def steps(self) -> list[StepResult]:
        return [step for run in self.runs for step in run.steps]

    @property
    def first_failure(self) -> StepResult | None:
        for run in self.runs:
            if run.continue_on_error:
                continue
            failure = run.first_failure
            if failure is not None:
                return failure
        return None

    @property
    def not_run(self) -> list[tuple[JobRun, StepResult | None]]:
        """Jobs and steps wslgo could not run (each with its reason)."""
        found: list[tuple[JobRun, StepResult | None]] = []
        for run in self.runs:
            if run.status == NOT_RUN:
                found.append((run, None))
            found.extend((run, step) for step in run.steps if step.status == NOT_RUN)
        return found

    @property
    def exit_code(self) -> int:
        failure = self.first_failure
        if failure is not None:
            return failure.rc if failure.rc is not None and 0 < failure.rc < 256 else 1
        if any(run.status == FAILURE and not run.continue_on_error for run in self.runs):
            return 1
        if self.not_run and not self.allow_unsupported:
            return 1
        return 0

    def step_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for step in self.steps:
            counts[step.status] += 1
        return counts
