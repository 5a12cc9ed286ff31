"""``wslgo ci init`` (workflow from go.mod, as a diff), ``wslgo ci run`` (its jobs, locally) and
``wslgo ci hook install`` (a pre-push hook running them). Thin: options → library → render."""

from __future__ import annotations

import os
import shutil
import stat
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import typer

from wslgo.ci.generate import workflow_text
from wslgo.ci.hook import HookFiles, plan_hook
from wslgo.ci.jobenv import UserGo
from wslgo.ci.matrix import parse_matrix_options
from wslgo.ci.plan import PlannedJob, map_uses, plan_run
from wslgo.ci.race import race_problems, uses_race
from wslgo.ci.report import (
    FORMATS,
    RunInfo,
    columns,
    render_json,
    render_junit,
    summary_line,
    summary_rows,
)
from wslgo.ci.result import RunOutcome
from wslgo.ci.runner import Runner
from wslgo.ci.toolchain import GoProvider, LintProvider, LocalGo
from wslgo.ci.workflow import Workflow, load_workflow
from wslgo.cli.options import GlobalOptions, global_options
from wslgo.cli.params import path_value, text_value
from wslgo.cli.vscode import show_and_apply
from wslgo.edit.plan import FileEdit, Plan
from wslgo.errors import ExitCode, InputError, UsageError, WslgoError
from wslgo.golang.goenv import EnvFile, GoEnvError, parse_env_file, parse_go_env_json
from wslgo.golang.gomod import parse_gomod
from wslgo.home import ci_tools_dir, downloads_dir, sdk_dir, wslgo_home
from wslgo.i18n import _, localized
from wslgo.process import run_command
from wslgo.progress import Progress, progress_for
from wslgo.sdk.index import GoRelease, host_platform
from wslgo.sdk.store import SdkStore
from wslgo.tools.install import GoToolchain, find_go, probe_go
from wslgo.vscode.project import read_optional

ci_app = typer.Typer(
    help="Generate a GitHub Actions workflow from go.mod and run its jobs locally, like CI would.",
    no_args_is_help=True,
)
hook_app = typer.Typer(help="A git pre-push hook that runs the workflow locally.", no_args_is_help=True)
ci_app.add_typer(hook_app, name="hook")

WORKFLOW = Path(".github") / "workflows" / "go.yml"


POLICY_HELP = _("Add a job that runs 'wslgo doctor --policy' and uploads SARIF to code scanning.")


def _project(project: Path) -> Path:
    if not project.is_dir():
        raise UsageError(_("--project {path}: not a directory", path=project))
    return project.resolve()


@ci_app.command("init")
def init_command(
    ctx: typer.Context,
    project: Path = typer.Option(
        Path(), "--project", parser=path_value("--project"), help="The module root (holds go.mod)."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show the diff, write nothing."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Apply without asking."),
    policy_file: str | None = typer.Option(
        None,
        "--policy",
        metavar="[FILE]",
        help=POLICY_HELP,
    ),
) -> int:
    """Write .github/workflows/go.yml from go.mod (shown as a diff when the file exists; undoable)."""
    options = global_options(ctx.obj)
    root = _project(project)
    gomod_bytes = read_optional(root / "go.mod")
    if gomod_bytes is None:
        raise InputError(_("{path}: no go.mod (run 'go mod init MODULE' first)", path=root / "go.mod"))
    gomod = parse_gomod(gomod_bytes.decode("utf-8", errors="replace"))
    if gomod.go is None:
        raise InputError(
            _("{path}: no 'go' line; actions/setup-go needs one for go-version-file", path=root / "go.mod")
        )
    target = root / WORKFLOW
    text = workflow_text(gomod, has_gosum=(root / "go.sum").is_file())
    if policy_file is not None:
        from wslgo.policy.ci_job import with_policy_job
        from wslgo.policy.load import repository_policy_path

        text = with_policy_job(text, repository_policy_path(policy_file, root))
    after = text.encode()
    before = read_optional(target)
    edit = FileEdit(str(target), before, after, _("GitHub Actions workflow from go.mod"), "ci")
    return show_and_apply(options, Plan((edit,)), dry_run=dry_run, yes=yes, command="ci")


def _workflow_path(root: Path, explicit: Path | None) -> Path:
    if explicit is not None:
        return explicit if explicit.is_absolute() else (Path.cwd() / explicit)
    default = root / WORKFLOW
    if default.exists():
        return default
    workflows = sorted((root / ".github" / "workflows").glob("*.y*ml"))
    if len(workflows) == 1:
        return workflows[0]
    if workflows:
        names = ", ".join(p.name for p in workflows)
        raise UsageError(
            _(
                "{path} has several workflows ({names}); choose one with --workflow",
                path=root / ".github" / "workflows",
                names=names,
            )
        )
    return default


def _race_warnings(workflow: Workflow, toolchain: GoToolchain, scripts: list[str]) -> list[str]:
    if not uses_race(scripts):
        return []
    explicit = None
    for env in [
        workflow.env,
        *[job.env for job in workflow.jobs],
        *[s.env for j in workflow.jobs for s in j.steps],
    ]:
        if "CGO_ENABLED" in env:
            explicit = str(env["CGO_ENABLED"])
    result = run_command([str(toolchain.real_go), "env", "CGO_ENABLED", "CC"], timeout=60)
    lines = [*(result.stdout or "").splitlines(), "", ""]
    cgo, cc = lines[0].strip(), lines[1].strip() or "gcc"
    cc_program = cc.split()[0] if cc.split() else "gcc"
    problems = race_problems(
        cgo_enabled=cgo, explicit_cgo=explicit, cc=cc_program, cc_found=shutil.which(cc_program) is not None
    )
    return [
        _("go test -race will fail: {problem}; fix: {fix}", problem=p.message, fix=p.fix) for p in problems
    ]


def _user_go(toolchain: GoToolchain) -> tuple[UserGo, EnvFile | None]:
    """Where the user's Go keeps things, and the user's ``go env -w`` file (parsed)."""
    result = run_command(
        [str(toolchain.real_go), "env", "-json", "GOPATH", "GOBIN", "GOMODCACHE", "GOENV"], timeout=60
    )
    try:
        values = parse_go_env_json(result.stdout) if result.rc == 0 else {}
    except GoEnvError:
        values = {}
    user = UserGo(
        values.get("GOPATH", toolchain.gopath),
        values.get("GOBIN", toolchain.gobin),
        values.get("GOMODCACHE", ""),
        values.get("GOENV", ""),
    )
    env_file = None
    if user.goenv and user.goenv != "off":
        raw = read_optional(Path(user.goenv))
        if raw is not None:
            env_file = parse_env_file(raw.decode("utf-8", errors="replace"))
    return user, env_file


def _go_provider(
    options: GlobalOptions, active: LocalGo, install_missing: bool, status: TextIO
) -> GoProvider:
    from wslgo.sdk.download import RetryPolicy
    from wslgo.sdk.httpclient import make_client
    from wslgo.sdk.index_cache import index_url, load_index, mirror_url
    from wslgo.sdk.installer import Installer

    goos, goarch = host_platform()
    store = SdkStore(sdk_dir())
    err_console = options.console(stderr=True)

    def load_releases() -> tuple[GoRelease, ...]:
        with make_client() as client:
            result = load_index(client, wslgo_home(), index_url())
        if result.warning:
            print(_("wslgo: warning: {message}", message=result.warning), file=sys.stderr, flush=True)
        return result.releases

    def install_release(release: GoRelease, progress: Progress) -> Path:
        with make_client() as client:
            installer = Installer(
                client=client,
                store=store,
                downloads=downloads_dir(),
                mirror=mirror_url(),
                goos=goos,
                goarch=goarch,
                progress=progress,
                retry=RetryPolicy(),
            )
            return installer.install(release, activate=False, activate_if_none=False).path

    return GoProvider(
        active,
        store,
        install_missing=install_missing,
        load_releases=load_releases,
        install_release=install_release,
        goos=goos,
        goarch=goarch,
        progress=lambda: progress_for(options.quiet, err_console),
        status=lambda line: print(line, file=status, flush=True),
    )


def _list(options: GlobalOptions, planned: list[PlannedJob]) -> int:
    console = options.console()
    for item in planned:
        job = item.job
        if item.skip_reason:
            console.print(
                _("job {job}: not run ({reason})", job=job.id, reason=localized(item.skip_reason)),
                markup=False,
            )
            continue
        for entry in item.entries:
            label = entry.label(job.id)
            console.print(_("job {label}", label=label), markup=False)
            for step in job.steps:
                if step.run is not None:
                    what = _("run ({shell})", shell=step.shell or job.shell or "bash")
                else:
                    what = localized(map_uses(step.uses or "").reason)
                console.print(f"  {step.display_name}: {what}", markup=False)
    return int(ExitCode.OK)


def _write_output(path: Path, text: str) -> None:
    from wslgo.fsutil import write_atomic

    try:
        write_atomic(path, text.encode("utf-8"))
    except OSError as exc:
        raise WslgoError(
            _("{path}: cannot write the report: {error}", path=path, error=exc.strerror or exc)
        ) from None


def _print_table(options: GlobalOptions, rows: Sequence[Sequence[str]]) -> None:
    from rich.table import Table

    table = Table(title=_("wslgo ci run: one row per job and matrix entry"))
    for name in columns():
        table.add_column(name)
    for row in rows:
        table.add_row(*row)
    options.console().print(table)


def _report(
    options: GlobalOptions, outcome: RunOutcome, info: RunInfo, output_format: str, output: Path | None
) -> None:
    """The table and summary line (text), or the JSON/JUnit document on stdout or in ``output``."""
    if output_format == "text":
        _print_table(options, summary_rows(outcome))
        print(summary_line(outcome), flush=True)
        return
    document = render_json(outcome, info) if output_format == "json" else render_junit(outcome, info)
    if output is not None:
        _write_output(output, document)
    else:
        sys.stdout.write(document)
        sys.stdout.flush()


def _runner(
    options: GlobalOptions,
    workflow: Workflow,
    root: Path,
    toolchain: GoToolchain,
    stream: TextIO,
    *,
    install_missing: bool,
    keep_going: bool,
    allow_unsupported: bool,
) -> Runner:
    active = LocalGo(toolchain.version, toolchain.real_go)
    user_go, user_env_file = _user_go(toolchain)

    def status(line: str) -> None:
        print(line, file=stream, flush=True)

    return Runner(
        workflow,
        root,
        active_go=active,
        go_provider=_go_provider(options, active, install_missing, stream),
        lint_provider=LintProvider(ci_tools_dir() / "golangci-lint", status=status),
        user_go=user_go,
        user_env_file=user_env_file,
        out=stream,
        status=status,
        keep_going=keep_going,
        allow_unsupported=allow_unsupported,
    )


@ci_app.command("run")
def run_command_(
    ctx: typer.Context,
    job: str | None = typer.Option(None, "--job", help="Run only this job (its needs are not run)."),
    workflow_file: Path | None = typer.Option(
        None,
        "--workflow",
        parser=path_value("--workflow"),
        help="Workflow file (default .github/workflows/go.yml).",
    ),
    project: Path = typer.Option(
        Path(), "--project", parser=path_value("--project"), help="The workspace the steps run in."
    ),
    matrix: list[str] = typer.Option(
        [], "--matrix", help="KEY=VALUE: run only the matrix entries with this value (repeatable)."
    ),
    go: str | None = typer.Option(
        None, "--go", parser=text_value("--go"), help="The active go binary (default: the 'go' on PATH)."
    ),
    list_only: bool = typer.Option(False, "--list", help="Show what would run, run nothing."),
    output_format: str = typer.Option("text", "--format", help="text, json or junit."),
    output: Path | None = typer.Option(
        None, "--output", "-o", parser=path_value("--output"), help="Write the json/junit report here."
    ),
    no_install: bool = typer.Option(
        False, "--no-install", help="Fail a setup-go step whose Go is not installed (default: install it)."
    ),
    keep_going: bool = typer.Option(
        False, "--keep-going", help="Run every matrix entry even when strategy.fail-fast would cancel."
    ),
    allow_unsupported: bool = typer.Option(
        False, "--allow-unsupported", help="Exit 0 even when some actions or jobs could not be run here."
    ),
) -> int:
    """Run the workflow's jobs and matrix entries locally with the Go and tools CI would use."""
    if output_format not in FORMATS:
        raise UsageError(_("--format {value}: expected text, json or junit", value=output_format))
    options = global_options(ctx.obj)
    root = _project(project)
    workflow = load_workflow(_workflow_path(root, workflow_file))
    planned = plan_run(workflow, job, parse_matrix_options(matrix))
    if list_only:
        return _list(options, planned)
    stream = sys.stdout if output_format == "text" else sys.stderr
    toolchain = probe_go(find_go(go))
    scripts = [step.run or "" for item in planned for step in item.job.steps if item.skip_reason is None]
    for warning in _race_warnings(workflow, toolchain, scripts):
        print(_("wslgo: warning: {message}", message=warning), file=sys.stderr, flush=True)
    runner = _runner(
        options,
        workflow,
        root,
        toolchain,
        stream,
        install_missing=not no_install,
        keep_going=keep_going,
        allow_unsupported=allow_unsupported,
    )
    notes = runner.environment_notes()
    for note in notes:
        print(_("note: {note}", note=localized(note)), file=stream, flush=True)
    outcome = runner.run(planned)
    _report(options, outcome, RunInfo(str(workflow.path), str(root), tuple(notes)), output_format, output)
    return outcome.exit_code


# -- hook ----------------------------------------------------------------------------------------


def _git(root: Path, *args: str) -> str:
    result = run_command(["git", *args], timeout=30, cwd=str(root))
    if result.error == "not-found":
        raise WslgoError(_("git is not installed (sudo apt-get install -y git)"))
    if result.rc != 0:
        detail = (result.stderr or "").strip().splitlines()
        raise UsageError(
            _(
                "{path}: not a git repository ({detail})",
                path=root,
                detail=detail[-1] if detail else result.rc,
            )
        )
    return result.stdout.strip()


def _wslgo_command() -> list[str]:
    """How the hook starts this wslgo: its console script when on PATH, else this interpreter."""
    found = shutil.which("wslgo")
    return [found] if found else [sys.executable, "-m", "wslgo"]


@hook_app.command("install")
def hook_install_command(
    ctx: typer.Context,
    project: Path = typer.Option(
        Path(), "--project", parser=path_value("--project"), help="A directory inside the git repository."
    ),
    job: str | None = typer.Option(None, "--job", help="Run only this job before a push."),
    workflow_file: Path | None = typer.Option(
        None, "--workflow", parser=path_value("--workflow"), help="Workflow file to run."
    ),
    go: str | None = typer.Option(
        None, "--go", parser=text_value("--go"), help="The go binary the hook's run uses."
    ),
    chain: bool = typer.Option(False, "--chain", help="Keep an existing pre-push hook and run it first."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show the diff, write nothing."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Apply without asking."),
) -> int:
    """Install a pre-push hook that runs 'wslgo ci run' (honours core.hooksPath; undo with 'wslgo undo')."""
    options = global_options(ctx.obj)
    root = _project(project)
    hooks = Path(_git(root, "rev-parse", "--git-path", "hooks"))
    hooks = hooks if hooks.is_absolute() else (root / hooks)
    hooks = Path(os.path.normpath(hooks))
    hook_path = hooks / "pre-push"
    current = read_optional(hook_path)
    mode = stat.S_IMODE(hook_path.stat().st_mode) if current is not None else 0o755
    chained = read_optional(hooks / "pre-push.wslgo-chained")
    run_args: list[str] = []
    if job:
        run_args += ["--job", job]
    if workflow_file is not None:
        run_args += ["--workflow", str(workflow_file.resolve())]
    if go:
        run_args += ["--go", str(Path(go).resolve())]
    plan = plan_hook(HookFiles(hooks, current, mode, chained), _wslgo_command(), run_args, chain=chain)
    if plan.refusals:
        err = options.console(stderr=True)
        for refusal in plan.refusals:
            err.print(f"wslgo: {refusal}", markup=False)
        return int(ExitCode.PROBLEMS)
    return show_and_apply(options, plan, dry_run=dry_run, yes=yes, command="ci")


def register(app: typer.Typer) -> None:
    app.add_typer(ci_app, name="ci")
