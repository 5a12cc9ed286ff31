"""Run a planned workflow's steps on this machine, in order, like a GitHub-hosted Linux runner would.

The edge of ``wslgo ci run``: it starts processes and streams their output. What it reproduces from
Actions (docs.github.com "Workflow syntax"): ``run:`` scripts go to a file executed by the step's shell —
``bash --noprofile --norc -eo pipefail {0}`` by default, ``sh -e {0}``, ``python {0}`` or a custom
``cmd {0}`` template; ``env`` layers workflow < job < ``$GITHUB_ENV`` additions < step; ``working-directory``
is relative to the workspace; ``$GITHUB_PATH``, ``$GITHUB_ENV`` and ``$GITHUB_OUTPUT`` files work between
steps; ``if:`` defaults to ``success()``; ``continue-on-error`` and ``timeout-minutes`` are honoured. What it
does not: secrets, services, containers, other operating systems — those are skipped with the reason.
"""

from __future__ import annotations

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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from wslgo.ci.expressions import Context, ExpressionError, condition, render
from wslgo.ci.plan import CHECKOUT, GOLANGCI, SETUP_GO, PlannedJob, map_uses
from wslgo.ci.workflow import Step, Workflow
from wslgo.errors import InputError
from wslgo.golang.gomod import parse_gomod
from wslgo.golang.version import GoVersion

SUCCESS, FAILURE, SKIPPED = "success", "failure", "skipped"

SHELL_TEMPLATES: dict[str, tuple[str, str]] = {
    "bash": ("bash --noprofile --norc -eo pipefail {0}", ".sh"),
    "sh": ("sh -e {0}", ".sh"),
    "python": ("python {0}", ".py"),
    "pwsh": ("pwsh -command \". '{0}'\"", ".ps1"),
    "powershell": ("powershell -command \". '{0}'\"", ".ps1"),
}


@dataclass(frozen=True)
class LocalGo:
    """A Go SDK on this machine: its version and its ``bin/go``."""

    version: GoVersion
    go: Path


@dataclass(frozen=True)
class StepResult:
    job: str
    name: str
    status: str
    duration_s: float = 0.0
    rc: int | None = None
    detail: str = ""
    line: int = 0
    continue_on_error: bool = False


@dataclass
class RunOutcome:
    results: list[StepResult] = field(default_factory=list)

    @property
    def first_failure(self) -> StepResult | None:
        return next((r for r in self.results if r.status == FAILURE and not r.continue_on_error), None)

    @property
    def exit_code(self) -> int:
        failure = self.first_failure
        if failure is None:
            return 0
        return failure.rc if failure.rc is not None and 0 < failure.rc < 256 else 1


def select_go(request: str | None, active: LocalGo, installed: list[LocalGo]) -> tuple[LocalGo, str]:
    """The local SDK for a setup-go request, and a sentence saying which and why."""
    if request is None or request.strip().lower() in ("", "stable", "oldstable", "latest"):
        return active, f"using the active go{active.version} at {active.go}"
    text = request.strip().removeprefix("go").removesuffix(".x")
    wanted = GoVersion.parse(text)
    if wanted is None:
        return active, f"go-version {request!r} is a range wslgo does not resolve: using go{active.version}"
    candidates = [active, *installed]
    if wanted.is_release or wanted.is_prerelease:
        exact = [sdk for sdk in candidates if sdk.version == wanted]
        if exact:
            return exact[0], f"using go{wanted} at {exact[0].go}"
    else:
        same_line = sorted(
            (sdk for sdk in candidates if sdk.version.line == wanted.line), key=lambda s: s.version
        )
        if same_line:
            chosen = same_line[-1]
            return chosen, f"using go{chosen.version} at {chosen.go} for {request}"
    compat = (
        "builds it (Go is forward compatible)" if active.version >= wanted else "is OLDER and may refuse it"
    )
    return active, (
        f"go{wanted} is not installed (install it with 'wslgo go install {wanted}'); "
        f"using the active go{active.version}, which {compat}"
    )


def read_version_file(path: Path) -> str:
    """The Go version named by a setup-go ``go-version-file`` (go.mod: toolchain, else go; or .go-version)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: go-version-file cannot be read: {exc.strerror or exc}") from None
    if path.name == "go.mod" or path.name.endswith(".mod"):
        gomod = parse_gomod(text)
        if gomod.toolchain:
            return gomod.toolchain.removeprefix("go")
        if gomod.go:
            return gomod.go
        raise InputError(f"{path}: no go or toolchain line for actions/setup-go")
    for line in text.splitlines():
        words = line.split()
        if words and words[0] == "golang" and len(words) > 1:
            return words[1]
        if words and not line.startswith("#"):
            return words[0]
    raise InputError(f"{path}: no Go version in go-version-file")


def _read_key_values(path: Path) -> dict[str, str]:
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


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


class Runner:
    """Runs planned jobs; writes step output and status lines to ``out``."""

    def __init__(
        self,
        workflow: Workflow,
        project: Path,
        active_go: LocalGo,
        installed_go: list[LocalGo],
        *,
        out: TextIO | None = None,
        base_env: Mapping[str, str] | None = None,
        status: Callable[[str], None] | None = None,
    ) -> None:
        self.workflow = workflow
        self.project = project
        self.active_go = active_go
        self.installed_go = installed_go
        self.out = out or sys.stdout
        self.base_env = dict(os.environ if base_env is None else base_env)
        self.status = status or (lambda line: print(line, file=self.out, flush=True))

    # -- one job ------------------------------------------------------------------------------------

    def run(self, planned_jobs: list[PlannedJob]) -> RunOutcome:
        outcome = RunOutcome()
        failed_jobs: set[str] = set()
        for planned in planned_jobs:
            job = planned.job
            self.status(f"job {job.id}" + (f" ({job.name})" if job.name else ""))
            for note in planned.notes:
                self.status(f"  note: {note}")
            blocked = [need for need in job.needs if need in failed_jobs]
            reason = planned.skip_reason or (f"needs {', '.join(blocked)}, which failed" if blocked else None)
            if reason:
                self._record(
                    outcome, StepResult(job.id, f"job {job.id}", SKIPPED, detail=reason, line=job.line)
                )
                failed_jobs.add(job.id)
                continue
            if not self._run_job(planned, outcome):
                failed_jobs.add(job.id)
        return outcome

    def _record(self, outcome: RunOutcome, result: StepResult) -> None:
        outcome.results.append(result)
        mark = {SUCCESS: "✓", FAILURE: "✗", SKIPPED: "-"}[result.status]
        timing = f"  {result.duration_s:.1f}s" if result.status != SKIPPED else ""
        code = f"  exit {result.rc}" if result.status == FAILURE and result.rc is not None else ""
        detail = f"  ({result.detail})" if result.detail else ""
        self.status(f"  {mark} {result.name}{timing}{code}{detail}")

    def _run_job(self, planned: PlannedJob, outcome: RunOutcome) -> bool:
        job = planned.job
        temp = Path(tempfile.mkdtemp(prefix="wslgo-ci-"))
        path_prefix: list[str] = [str(self.active_go.go.parent)]
        github_env: dict[str, str] = {}
        steps_ctx: dict[str, dict[str, Any]] = {}
        job_status = SUCCESS
        runner_ctx = {"os": "Linux", "arch": "X64", "temp": str(temp)}
        github_ctx = {"workspace": str(self.project)}

        def context(env: Mapping[str, str]) -> Context:
            return Context(env, planned.matrix, runner_ctx, github_ctx, steps_ctx, job_status)

        try:
            workflow_env = {k: render(_as_text(v), context({})) for k, v in self.workflow.env.items()}
            job_env = dict(workflow_env)
            job_env.update({k: render(_as_text(v), context(workflow_env)) for k, v in job.env.items()})
            if job.if_ is not None and not condition(job.if_, context(job_env)):
                self._record(outcome, StepResult(job.id, f"job {job.id}", SKIPPED, detail=f"if: {job.if_}"))
                return True
            for step in job.steps:
                visible_env = {**job_env, **github_env}
                if not condition(step.if_, context(visible_env)):
                    why = f"if: {step.if_}" if step.if_ else "an earlier step failed"
                    self._record(
                        outcome, StepResult(job.id, step.display_name, SKIPPED, detail=why, line=step.line)
                    )
                    if step.id:
                        steps_ctx[step.id] = {"outcome": SKIPPED, "conclusion": SKIPPED, "outputs": {}}
                    continue
                step_env = dict(visible_env)
                step_env.update({k: render(_as_text(v), context(visible_env)) for k, v in step.env.items()})
                files = {
                    name: temp / f"{name.lower()}-{step.index}"
                    for name in ("GITHUB_ENV", "GITHUB_PATH", "GITHUB_OUTPUT")
                }
                for file in files.values():
                    file.write_bytes(b"")
                result = self._run_step(step, step_env, path_prefix, files, temp, context(step_env))
                self._record(outcome, result)
                github_env.update(_read_key_values(files["GITHUB_ENV"]))
                added_paths = [
                    p for p in files["GITHUB_PATH"].read_text(errors="replace").splitlines() if p.strip()
                ]
                path_prefix[:0] = list(reversed(added_paths))
                if step.id:
                    conclusion = (
                        SUCCESS if result.status == FAILURE and step.continue_on_error else result.status
                    )
                    steps_ctx[step.id] = {
                        "outcome": result.status,
                        "conclusion": conclusion,
                        "outputs": _read_key_values(files["GITHUB_OUTPUT"]),
                    }
                if result.status == FAILURE and not step.continue_on_error:
                    job_status = FAILURE
        except ExpressionError as exc:  # checked in plan_run; kept as a one-line error if a value surprises
            raise InputError(f"{self.workflow.path}: jobs.{job.id}: {exc}") from None
        finally:
            shutil.rmtree(temp, ignore_errors=True)
        return job_status == SUCCESS

    # -- one step -----------------------------------------------------------------------------------

    def _environment(
        self, step_env: Mapping[str, str], path_prefix: list[str], files: Mapping[str, Path], temp: Path
    ) -> dict[str, str]:
        env = dict(self.base_env)
        env.update(
            {
                "CI": "true",
                "GITHUB_WORKSPACE": str(self.project),
                "RUNNER_OS": "Linux",
                "RUNNER_ARCH": "X64",
                "RUNNER_TEMP": str(temp),
            }
        )
        env.update({name: str(path) for name, path in files.items()})
        env.update(step_env)
        env["PATH"] = os.pathsep.join([*path_prefix, env.get("PATH", "")])
        return env

    def _workdir(self, step: Step, ctx: Context) -> Path:
        job = self.workflow.job(step.job)
        raw = (
            step.working_directory
            or (job.working_directory if job else None)
            or self.workflow.working_directory
        )
        if not raw:
            return self.project
        directory = self.project / render(raw, ctx)
        return directory

    def _run_step(
        self,
        step: Step,
        step_env: dict[str, str],
        path_prefix: list[str],
        files: Mapping[str, Path],
        temp: Path,
        ctx: Context,
    ) -> StepResult:
        name = render(step.display_name, ctx)
        env = self._environment(step_env, path_prefix, files, temp)
        if step.uses:
            return self._run_uses(step, name, env, path_prefix, ctx)
        job = self.workflow.job(step.job)
        shell = render(step.shell or (job.shell if job else None) or self.workflow.shell or "", ctx)
        template, suffix = self._shell_template(shell, env)
        script = temp / f"step-{step.index}{suffix}"
        script.write_text(render(step.run or "", ctx), encoding="utf-8")
        argv = [part.replace("{0}", str(script)) for part in shlex.split(template)]
        workdir = self._workdir(step, ctx)
        if not workdir.is_dir():
            return StepResult(
                step.job,
                name,
                FAILURE,
                rc=1,
                detail=f"working-directory {workdir} does not exist",
                line=step.line,
                continue_on_error=step.continue_on_error,
            )
        timeout = step.timeout_minutes * 60 if step.timeout_minutes else None
        rc, duration, error = self._execute(argv, workdir, env, timeout)
        status = SUCCESS if rc == 0 else FAILURE
        return StepResult(step.job, name, status, duration, rc, error, step.line, step.continue_on_error)

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
    ) -> tuple[int | None, float, str]:
        """Run ``argv``, streaming its combined output to ``self.out`` line by line."""
        started = time.monotonic()
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
            return 127, time.monotonic() - started, f"{argv[0]}: not found"
        except OSError as exc:
            return 126, time.monotonic() - started, f"{argv[0]}: {exc.strerror or exc}"
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
                self.out.write(raw.decode("utf-8", errors="replace"))
                self.out.flush()
            rc = process.wait()
        finally:
            if timer:
                timer.cancel()
        duration = time.monotonic() - started
        if timed_out.is_set():
            return rc, duration, f"timed out after {timeout:.0f}s"
        return rc, duration, ""

    def _run_uses(
        self, step: Step, name: str, env: dict[str, str], path_prefix: list[str], ctx: Context
    ) -> StepResult:
        uses = step.uses or ""
        mapping = map_uses(uses)
        if mapping.kind == CHECKOUT:
            return StepResult(
                step.job, name, SUCCESS, detail=f"{uses}: no-op, steps run in {self.project}", line=step.line
            )
        if mapping.kind == SETUP_GO:
            return self._setup_go(step, name, path_prefix, ctx)
        if mapping.kind == GOLANGCI:
            return self._golangci(step, name, env, ctx)
        return StepResult(step.job, name, SKIPPED, detail=f"{uses}: {mapping.reason}", line=step.line)

    def _setup_go(self, step: Step, name: str, path_prefix: list[str], ctx: Context) -> StepResult:
        request: str | None = None
        if "go-version" in step.with_:
            request = render(_as_text(step.with_["go-version"]), ctx)
        elif "go-version-file" in step.with_:
            version_file = self.project / render(_as_text(step.with_["go-version-file"]), ctx)
            request = read_version_file(version_file)
        chosen, sentence = select_go(request, self.active_go, self.installed_go)
        path_prefix.insert(0, str(chosen.go.parent))
        cache = (
            "; cache: the local module cache is used as is"
            if step.with_.get("cache", True) not in (False, "false")
            else ""
        )
        return StepResult(step.job, name, SUCCESS, detail=f"{step.uses}: {sentence}{cache}", line=step.line)

    def _golangci(self, step: Step, name: str, env: dict[str, str], ctx: Context) -> StepResult:
        binary = shutil.which("golangci-lint", path=env.get("PATH"))
        if binary is None:
            return StepResult(
                step.job,
                name,
                SKIPPED,
                detail="golangci-lint is not installed: run 'wslgo tools install golangci-lint'",
                line=step.line,
            )
        args = shlex.split(render(_as_text(step.with_.get("args", "")), ctx))
        workdir = self.project / render(_as_text(step.with_.get("working-directory", "")), ctx)
        rc, duration, error = self._execute(
            [binary, "run", *args], workdir, env, step.timeout_minutes * 60 if step.timeout_minutes else None
        )
        detail = f"{step.uses} → {binary} run" + (f"; {error}" if error else "")
        return StepResult(
            step.job,
            name,
            SUCCESS if rc == 0 else FAILURE,
            duration,
            rc,
            detail,
            step.line,
            step.continue_on_error,
        )
