"""Run planned jobs on this machine, in order, like a GitHub-hosted Linux runner would.

The edge of ``wslgo ci run``: it starts processes and streams their output. What it reproduces from
Actions (docs.github.com "Workflow syntax"; actions/runner for the details): ``run:`` scripts go to a file
executed by the step's shell — ``bash --noprofile --norc -eo pipefail {0}`` by default, ``sh -e {0}``,
``python {0}`` or a custom ``cmd {0}`` template; ``env`` layers workflow < job < ``$GITHUB_ENV``
additions < step (job env and ``GITHUB_ENV`` write the same table in the runner, so a ``GITHUB_ENV``
line overrides a job-level value); ``working-directory`` is relative to the workspace; ``$GITHUB_PATH``,
``$GITHUB_ENV`` and ``$GITHUB_OUTPUT`` work between steps; ``if:`` defaults to ``success()``;
``continue-on-error`` and ``timeout-minutes`` (step and job) are honoured; each matrix entry is its own
job run, with ``strategy.fail-fast`` cancelling the entries after a failure. Every job run starts from
the environment of a fresh runner (``wslgo.ci.jobenv``). ``actions/setup-go`` and
``golangci/golangci-lint-action`` are reproduced (``wslgo.ci.toolchain``); other actions are skipped
(GitHub services only) or reported as not run.
"""

from __future__ import annotations

import collections
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from wslgo.ci.actions import StepFiles, has_config, join_messages, lint_tool, setup_go
from wslgo.ci.expressions import Context, ExpressionError, as_text, condition, render
from wslgo.ci.golangci import LintInputs, failure_detail, run_argv
from wslgo.ci.jobenv import JobEnvironment, UserGo, job_environment
from wslgo.ci.matrix import MatrixEntry
from wslgo.ci.plan import CHECKOUT, GOLANGCI, SERVICE, SETUP_GO, PlannedJob, map_uses, runs_elsewhere
from wslgo.ci.result import CANCELLED, FAILURE, NOT_RUN, SKIPPED, SUCCESS, JobRun, RunOutcome, StepResult
from wslgo.ci.setup_go import SetupGoInputs
from wslgo.ci.toolchain import GoProvider, LintProvider, LocalGo, StepProblem
from wslgo.ci.workflow import Job, Step, Workflow
from wslgo.errors import InputError, WslgoError
from wslgo.golang.goenv import EnvFile
from wslgo.i18n import M, Message, _

SHELL_TEMPLATES: dict[str, tuple[str, str]] = {
    "bash": ("bash --noprofile --norc -eo pipefail {0}", ".sh"),
    "sh": ("sh -e {0}", ".sh"),
    "python": ("python {0}", ".py"),
    "pwsh": ("pwsh -command \". '{0}'\"", ".ps1"),
    "powershell": ("powershell -command \". '{0}'\"", ".ps1"),
}
#: A job's default ``timeout-minutes`` on GitHub.
JOB_TIMEOUT_MIN = 360.0
TAIL_LINES = 40
_MARKS = {SUCCESS: "✓", FAILURE: "✗", SKIPPED: "-", CANCELLED: "○", NOT_RUN: "!"}


def read_key_values(path: Path) -> dict[str, str]:
    """``$GITHUB_ENV``/``$GITHUB_OUTPUT`` syntax: ``NAME=value`` lines and ``NAME<<DELIM`` blocks."""
    values: dict[str, str] = {}
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return values
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, _, delimiter = line.partition("<<")
            block: list[str] = []
            while index < len(lines) and lines[index] != delimiter:
                block.append(lines[index])
                index += 1
            index += 1
            values[name.strip()] = "\n".join(block)
        elif "=" in line:
            name, _, value = line.partition("=")
            values[name.strip()] = value
    return values


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in ("", "false", "0")
    return bool(value)


@dataclass
class _JobState:
    """What one job run accumulates between its steps."""

    entry: MatrixEntry
    strategy: dict[str, Any]
    temp: Path
    base_env: dict[str, str]
    path_prefix: list[str]
    github_env: dict[str, str]
    steps: dict[str, dict[str, Any]]
    deadline: float
    status: str = SUCCESS
    go: str | None = None

    def context(self, env: Mapping[str, str], workspace: Path) -> Context:
        runner = {"os": "Linux", "arch": "X64", "temp": str(self.temp)}
        return Context(
            env,
            self.entry.values,
            runner,
            {"workspace": str(workspace)},
            self.steps,
            self.status,
            self.strategy,
        )


class Runner:
    """Runs planned jobs; writes step output and status lines to ``out`` / ``status``."""

    def __init__(
        self,
        workflow: Workflow,
        project: Path,
        *,
        active_go: LocalGo,
        go_provider: GoProvider,
        lint_provider: LintProvider,
        user_go: UserGo,
        user_env_file: EnvFile | None,
        out: TextIO | None = None,
        status: Callable[[str], None] | None = None,
        base_env: Mapping[str, str] | None = None,
        keep_going: bool = False,
        allow_unsupported: bool = False,
    ) -> None:
        self.workflow = workflow
        self.project = project
        self.active_go = active_go
        self.go_provider = go_provider
        self.lint_provider = lint_provider
        self.user_go = user_go
        self.user_env_file = user_env_file
        self.out = out or sys.stdout
        self.base_env = dict(os.environ if base_env is None else base_env)
        self.status = status or (lambda line: print(line, file=self.out, flush=True))
        self.keep_going = keep_going
        self.allow_unsupported = allow_unsupported

    def environment_notes(self) -> tuple[Message, ...]:
        """What the job environment leaves out of this machine's (the same for every job run)."""
        return self._job_environment(Path("/"), Path("/")).notes

    def _job_environment(self, gopath: Path, goenv: Path) -> JobEnvironment:
        return job_environment(
            self.base_env, self.user_go, self.user_env_file, job_gopath=gopath, job_goenv=goenv
        )

    # -- jobs ---------------------------------------------------------------------------------------

    def run(self, planned_jobs: list[PlannedJob]) -> RunOutcome:
        outcome = RunOutcome(allow_unsupported=self.allow_unsupported)
        not_succeeded: dict[str, str] = {}
        for planned in planned_jobs:
            job = planned.job
            title = (
                M("job {job} ({name})", job=job.id, name=job.name) if job.name else M("job {job}", job=job.id)
            )
            self.status(_localized(title))
            for note in planned.notes:
                self.status("  " + str(M("note: {note}", note=note).localized()))
            blocked = [need for need in job.needs if need in not_succeeded]
            if planned.skip_reason or blocked:
                reason = planned.skip_reason or M(
                    "needs {jobs}, which did not succeed", jobs=", ".join(blocked)
                )
                status = NOT_RUN if planned.unsupported else SKIPPED
                run = JobRun(job.id, job.id, job.line, status=status, reason=reason)
                outcome.runs.append(run)
                self.status(
                    f"  {_MARKS[status]} "
                    + str(M("job {job}", job=job.id).localized())
                    + f"  ({_localized(reason)})"
                )
                not_succeeded[job.id] = status
                continue
            runs = self._run_entries(planned)
            outcome.runs.extend(runs)
            if any(run.status != SUCCESS and not run.continue_on_error for run in runs):
                not_succeeded[job.id] = FAILURE
        return outcome

    def _fail_fast(self, job: Job) -> bool:
        value = job.fail_fast
        if isinstance(value, str) and "${{" in value:
            ctx = Context({}, {}, {}, {"workspace": str(self.project)}, {}, SUCCESS)
            value = render(value, ctx)
        return _truthy(value)

    def _run_entries(self, planned: PlannedJob) -> list[JobRun]:
        job = planned.job
        fail_fast = self._fail_fast(job) and not self.keep_going
        runs: list[JobRun] = []
        failed_label: str | None = None
        indexes = planned.entry_indexes or tuple(range(len(planned.entries)))
        for entry, index in zip(planned.entries, indexes, strict=True):
            label = entry.label(job.id)
            if failed_label is not None:
                reason = M("fail-fast: {label} failed", label=failed_label)
                runs.append(JobRun(job.id, label, job.line, dict(entry.values), CANCELLED, reason=reason))
                self.status(f"  {_MARKS[CANCELLED]} {label}  ({_localized(reason)})")
                continue
            strategy = {
                "fail-fast": fail_fast,
                "job-index": index,
                "job-total": planned.total,
                "max-parallel": planned.total if job.max_parallel is None else job.max_parallel,
            }
            if len(planned.entries) > 1 or entry.values:
                self.status(f"  {label}")
            elsewhere = runs_elsewhere(job.runs_on, partial(_render_in, self._entry_context(entry, strategy)))
            if elsewhere is not None:
                runs.append(JobRun(job.id, label, job.line, dict(entry.values), NOT_RUN, reason=elsewhere))
                self.status(f"  {_MARKS[NOT_RUN]} {label}  ({_localized(elsewhere)})")
                continue
            run = self._run_job(job, entry, strategy, label)
            runs.append(run)
            if run.status == FAILURE and not run.continue_on_error and fail_fast:
                failed_label = label
        return runs

    def _entry_context(self, entry: MatrixEntry, strategy: Mapping[str, Any]) -> Context:
        """What job-level fields (runs-on) see before the job starts: matrix and strategy."""
        return Context({}, entry.values, {}, {"workspace": str(self.project)}, {}, SUCCESS, strategy)

    def _record(self, run: JobRun, result: StepResult) -> None:
        run.steps.append(result)
        timing = f"  {result.duration_s:.1f}s" if result.status in (SUCCESS, FAILURE) else ""
        code = f"  exit {result.rc}" if result.status == FAILURE and result.rc is not None else ""
        detail = f"  ({_localized(result.detail)})" if result.detail else ""
        self.status(f"  {_MARKS[result.status]} {result.name}{timing}{code}{detail}")

    def _run_job(self, job: Job, entry: MatrixEntry, strategy: dict[str, Any], label: str) -> JobRun:
        try:
            temp = Path(tempfile.mkdtemp(prefix="wslgo-ci-"))
        except OSError as exc:
            raise _os_error(exc, Path(tempfile.gettempdir()), job.id) from None
        started = time.monotonic()
        run = JobRun(job.id, label, job.line, dict(entry.values), go=self.active_go.version.tag)
        try:
            gopath, goenv = temp / "gopath", temp / "go.env"
            gopath.mkdir()
            environment = self._job_environment(gopath, goenv)
            goenv.write_text(environment.go_env_file, encoding="utf-8")
            timeout_min = job.timeout_minutes or JOB_TIMEOUT_MIN
            state = _JobState(
                entry,
                strategy,
                temp,
                environment.env,
                [str(self.active_go.go.parent)],
                {},
                {},
                started + timeout_min * 60,
            )
            self._run_steps(job, state, run)
            run.go = state.go or run.go
        except ExpressionError as exc:  # checked in plan_run; kept as a one-line error if a value surprises
            raise InputError(f"{self.workflow.path}: jobs.{job.id}: {exc}") from None
        except OSError as exc:  # the job's own files (scripts, GITHUB_ENV …): a full or read-only temp dir
            raise _os_error(exc, temp, job.id) from None
        finally:
            shutil.rmtree(temp, ignore_errors=True)
        run.duration_s = time.monotonic() - started
        if run.status == SUCCESS and run.first_failure is not None:
            run.status = FAILURE
        return run

    def _run_steps(self, job: Job, state: _JobState, run: JobRun) -> None:
        def ctx(env: Mapping[str, str]) -> Context:
            return state.context(env, self.project)

        workflow_env = {k: render(as_text(v), ctx({})) for k, v in self.workflow.env.items()}
        job_env = dict(workflow_env)
        job_env.update({k: render(as_text(v), ctx(workflow_env)) for k, v in job.env.items()})
        run.continue_on_error = _truthy(
            render(job.continue_on_error, ctx(job_env))
            if isinstance(job.continue_on_error, str)
            else job.continue_on_error
        )
        if job.if_ is not None and not condition(job.if_, ctx(job_env)):
            run.status = SKIPPED
            run.reason = M("if: {condition}", condition=job.if_)
            self.status(f"  {_MARKS[SKIPPED]} {run.label}  ({_localized(run.reason)})")
            return
        for step in job.steps:
            visible_env = {**job_env, **state.github_env}
            if not condition(step.if_, ctx(visible_env)):
                why = M("if: {condition}", condition=step.if_) if step.if_ else M("an earlier step failed")
                self._record(
                    run,
                    StepResult(
                        job.id, step.display_name, SKIPPED, detail=why, line=step.line, index=step.index
                    ),
                )
                if step.id:
                    state.steps[step.id] = {"outcome": SKIPPED, "conclusion": SKIPPED, "outputs": {}}
                continue
            step_env = dict(visible_env)
            step_env.update({k: render(as_text(v), ctx(visible_env)) for k, v in step.env.items()})
            files = StepFiles(*(state.temp / f"{name}-{step.index}" for name in ("env", "path", "output")))
            for file in (files.env, files.path, files.output):
                file.write_bytes(b"")
            result = self._run_step(job, step, state, step_env, files, ctx(step_env))
            self._record(run, result)
            state.github_env.update(read_key_values(files.env))
            added = [p for p in files.path.read_text(errors="replace").splitlines() if p.strip()]
            state.path_prefix[:0] = list(reversed(added))
            if step.id:
                outcome = NOT_RUN if result.status == NOT_RUN else result.status
                conclusion = SUCCESS if result.status == FAILURE and step.continue_on_error else outcome
                state.steps[step.id] = {
                    "outcome": outcome,
                    "conclusion": conclusion,
                    "outputs": read_key_values(files.output),
                }
            if result.status == FAILURE and not step.continue_on_error:
                state.status = FAILURE
                run.status = FAILURE

    # -- one step -----------------------------------------------------------------------------------

    def _environment(self, state: _JobState, step_env: Mapping[str, str], files: StepFiles) -> dict[str, str]:
        env = dict(state.base_env)
        env.update(
            {
                "CI": "true",
                "GITHUB_ACTIONS": "true",
                "GITHUB_WORKSPACE": str(self.project),
                "RUNNER_OS": "Linux",
                "RUNNER_ARCH": "X64",
                "RUNNER_TEMP": str(state.temp),
            }
        )
        env.update(files.as_env())
        env.update(step_env)
        env["PATH"] = os.pathsep.join([*state.path_prefix, env.get("PATH", "")])
        return env

    def _workdir(self, job: Job, step: Step, ctx: Context) -> Path:
        raw = step.working_directory or job.working_directory or self.workflow.working_directory
        return self.project / render(raw, ctx) if raw else self.project

    def _timeout(self, step: Step, state: _JobState) -> float:
        remaining = max(1.0, state.deadline - time.monotonic())
        return min(step.timeout_minutes * 60, remaining) if step.timeout_minutes else remaining

    def _run_step(
        self, job: Job, step: Step, state: _JobState, step_env: dict[str, str], files: StepFiles, ctx: Context
    ) -> StepResult:
        name = render(step.display_name, ctx)
        env = self._environment(state, step_env, files)
        if step.uses:
            return self._run_uses(job, step, name, state, env, files, ctx)
        shell = render(step.shell or job.shell or self.workflow.shell or "", ctx)
        template, suffix = self._shell_template(shell, env)
        script = state.temp / f"step-{step.index}{suffix}"
        script.write_text(render(step.run or "", ctx), encoding="utf-8")
        argv = [part.replace("{0}", str(script)) for part in shlex.split(template)]
        workdir = self._workdir(job, step, ctx)
        if not workdir.is_dir():
            return self._failed(step, name, M("working-directory {path} does not exist", path=workdir))
        rc, duration, error, tail = self._execute(argv, workdir, env, self._timeout(step, state))
        return StepResult(
            step.job,
            name,
            SUCCESS if rc == 0 else FAILURE,
            duration,
            rc,
            error,
            step.line,
            step.continue_on_error,
            tail,
            step.index,
        )

    @staticmethod
    def _failed(step: Step, name: str, detail: Message, rc: int = 1, duration: float = 0.0) -> StepResult:
        return StepResult(
            step.job, name, FAILURE, duration, rc, detail, step.line, step.continue_on_error, (), step.index
        )

    def _shell_template(self, shell: str, env: Mapping[str, str]) -> tuple[str, str]:
        if not shell:
            has_bash = shutil.which("bash", path=env.get("PATH")) is not None
            return SHELL_TEMPLATES["bash" if has_bash else "sh"]
        if shell in SHELL_TEMPLATES:
            template, suffix = SHELL_TEMPLATES[shell]
            if shell == "python" and shutil.which("python", path=env.get("PATH")) is None:
                template = "python3 {0}"
            return template, suffix
        return (shell if "{0}" in shell else f"{shell} {{0}}"), ""

    def _execute(
        self, argv: list[str], cwd: Path, env: Mapping[str, str], timeout: float | None
    ) -> tuple[int | None, float, Message | str, tuple[str, ...]]:
        """Run ``argv``, streaming its combined output to ``self.out``; keep the last lines."""
        started = time.monotonic()
        tail: collections.deque[str] = collections.deque(maxlen=TAIL_LINES)
        try:
            process = subprocess.Popen(
                argv,
                cwd=cwd,
                env=dict(env),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        except FileNotFoundError:
            return 127, time.monotonic() - started, M("{program}: not found", program=argv[0]), ()
        except OSError as exc:
            return 126, time.monotonic() - started, f"{argv[0]}: {exc.strerror or exc}", ()
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass

        timer = threading.Timer(timeout, kill) if timeout else None
        if timer:
            timer.start()
        try:
            assert process.stdout is not None
            for raw in iter(process.stdout.readline, b""):
                line = raw.decode("utf-8", errors="replace")
                tail.append(line.rstrip("\n"))
                self.out.write(line)
                self.out.flush()
            rc = process.wait()
        except BaseException:
            kill()  # Ctrl-C: the step's whole process group goes too
            process.wait()
            raise
        finally:
            if timer:
                timer.cancel()
        duration = time.monotonic() - started
        if timed_out.is_set():
            return rc, duration, M("timed out after {seconds}s", seconds=f"{timeout:.0f}"), tuple(tail)
        return rc, duration, "", tuple(tail)

    # -- actions ------------------------------------------------------------------------------------

    def _run_uses(
        self,
        job: Job,
        step: Step,
        name: str,
        state: _JobState,
        env: dict[str, str],
        files: StepFiles,
        ctx: Context,
    ) -> StepResult:
        uses = step.uses or ""
        mapping = map_uses(uses)
        if mapping.kind == CHECKOUT:
            return StepResult(
                step.job,
                name,
                SUCCESS,
                detail=M("{uses}: no-op, the steps run in {path}", uses=uses, path=self.project),
                line=step.line,
                index=step.index,
            )
        if mapping.kind in (SETUP_GO, GOLANGCI):
            return self._run_known_action(step, name, state, env, files, ctx, mapping.kind)
        status = SKIPPED if mapping.kind == SERVICE else NOT_RUN
        return StepResult(
            step.job,
            name,
            status,
            detail=M("{uses}: {reason}", uses=uses, reason=mapping.reason),
            line=step.line,
            index=step.index,
        )

    def _run_known_action(
        self,
        step: Step,
        name: str,
        state: _JobState,
        env: dict[str, str],
        files: StepFiles,
        ctx: Context,
        kind: str,
    ) -> StepResult:
        """setup-go or golangci-lint-action; their ``with:`` values were checked by the plan."""
        uses = step.uses or ""
        try:
            with_ = {key: render(as_text(value), ctx) for key, value in step.with_.items()}
            if kind == SETUP_GO:
                return self._setup_go(step, name, state, env, files, with_)
            return self._golangci(step, name, state, env, with_)
        except StepProblem as problem:
            return self._failed(step, name, M("{uses}: {problem}", uses=uses, problem=problem.detail))

    def _setup_go(
        self,
        step: Step,
        name: str,
        state: _JobState,
        env: dict[str, str],
        files: StepFiles,
        with_: Mapping[str, str],
    ) -> StepResult:
        done = setup_go(
            SetupGoInputs.from_with(with_),
            project=self.project,
            env=env,
            files=files,
            provider=self.go_provider,
            active=self.active_go,
            default_gopath=state.temp / "gopath",
        )
        state.go = done.go.version.tag
        return StepResult(step.job, name, SUCCESS, detail=done.detail, line=step.line, index=step.index)

    def _golangci(
        self, step: Step, name: str, state: _JobState, env: dict[str, str], with_: Mapping[str, str]
    ) -> StepResult:
        started = time.monotonic()
        inputs = LintInputs.from_with(with_)
        tool = lint_tool(inputs, project=self.project, env=env, provider=self.lint_provider)
        if inputs.install_only:
            return StepResult(
                step.job, name, SUCCESS, time.monotonic() - started, 0, tool.how, step.line, index=step.index
            )
        timeout = self._timeout(step, state)

        def finished(rc: int | None, detail: str, tail: tuple[str, ...]) -> StepResult:
            status = SUCCESS if rc == 0 else FAILURE
            return StepResult(
                step.job,
                name,
                status,
                time.monotonic() - started,
                rc,
                detail,
                step.line,
                step.continue_on_error,
                tail,
                step.index,
            )

        if inputs.verify and has_config(tool, inputs, env, timeout):
            rc, _d, _error, tail = self._execute(tool.argv("verify", inputs), tool.workdir, env, timeout)
            if rc != 0:
                return finished(rc, M("{how}; config verify failed", how=tool.how), tail)
        rc, _duration, error, tail = self._execute(
            run_argv(str(tool.binary), inputs), tool.workdir, env, timeout
        )
        failure = [error or failure_detail(rc if rc is not None else -1)] if rc != 0 else []
        return finished(rc, join_messages([tool.how, *tool.notes, *failure]), tail)


def _os_error(exc: OSError, where: Path, job: str) -> WslgoError:
    return WslgoError(
        _(
            "{path}: {error} (while running jobs.{job}; wslgo keeps each job's scripts and GITHUB_ENV files "
            "in the temporary directory, TMPDIR)",
            path=exc.filename or where,
            error=exc.strerror or exc,
            job=job,
        )
    )


def _render_in(ctx: Context, text: str) -> str:
    return render(text, ctx)


def _localized(text: str) -> str:
    return text.localized() if isinstance(text, Message) else text
