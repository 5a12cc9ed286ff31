"""``wslgo ci init`` (workflow from go.mod, as a diff) and ``wslgo ci run`` (its steps, locally)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import typer

from wslgo.ci.generate import workflow_text
from wslgo.ci.plan import map_uses, parse_matrix_options, plan_run
from wslgo.ci.race import race_problems, uses_race
from wslgo.ci.runner import FAILURE, SKIPPED, SUCCESS, LocalGo, Runner
from wslgo.ci.workflow import Workflow, load_workflow
from wslgo.cli.options import global_options
from wslgo.cli.vscode import show_and_apply
from wslgo.edit.plan import FileEdit, Plan
from wslgo.errors import ExitCode, InputError, UsageError
from wslgo.golang.gomod import parse_gomod
from wslgo.home import sdk_dir
from wslgo.i18n import _
from wslgo.process import run_command
from wslgo.tools.install import GoToolchain, find_go, probe_go
from wslgo.vscode.project import read_optional

ci_app = typer.Typer(
    help="Generate a GitHub Actions workflow from go.mod and run its steps locally.", no_args_is_help=True
)

WORKFLOW = Path(".github") / "workflows" / "go.yml"


POLICY_HELP = _("Add a job that runs 'wslgo doctor --policy' and uploads SARIF to code scanning.")


def _project(project: Path) -> Path:
    if not project.is_dir():
        raise UsageError(f"--project {project}: not a directory")
    return project.resolve()


@ci_app.command("init")
def init_command(
    ctx: typer.Context,
    project: Path = typer.Option(Path(), "--project", help="The module root (holds go.mod)."),
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
        raise InputError(f"{root / 'go.mod'}: no go.mod (run 'go mod init MODULE' first)")
    gomod = parse_gomod(gomod_bytes.decode("utf-8", errors="replace"))
    if gomod.go is None:
        raise InputError(f"{root / 'go.mod'}: no 'go' line; actions/setup-go needs one for go-version-file")
    target = root / WORKFLOW
    text = workflow_text(gomod, has_gosum=(root / "go.sum").is_file())
    if policy_file is not None:
        from wslgo.policy.ci_job import with_policy_job
        from wslgo.policy.load import repository_policy_path

        text = with_policy_job(text, repository_policy_path(policy_file, root))
    after = text.encode()
    before = read_optional(target)
    edit = FileEdit(str(target), before, after, "GitHub Actions workflow from go.mod", "ci")
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
            f"{root / '.github/workflows'} has several workflows ({names}); choose one with --workflow"
        )
    return default


def _installed_sdks() -> list[LocalGo]:
    """SDKs installed by 'wslgo go' (empty when the SDK manager is not available)."""
    try:
        from wslgo.sdk.store import SdkStore
    except ImportError:
        return []
    found = []
    for sdk in SdkStore(sdk_dir()).installed():
        binary = sdk.path / "bin" / "go"
        if binary.is_file():
            found.append(LocalGo(sdk.version, binary))
    return found


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
    return [f"go test -race will fail: {p.message}; fix: {p.fix}" for p in problems]


@ci_app.command("run")
def run_command_(
    ctx: typer.Context,
    job: str | None = typer.Option(None, "--job", help="Run only this job (its needs are not run)."),
    workflow_file: Path | None = typer.Option(
        None, "--workflow", help="Workflow file (default .github/workflows/go.yml)."
    ),
    project: Path = typer.Option(Path(), "--project", help="The workspace the steps run in."),
    matrix: list[str] = typer.Option([], "--matrix", help="KEY=VALUE: the matrix combination to run."),
    go: str | None = typer.Option(None, "--go", help="The go binary to use (default: the 'go' on PATH)."),
    list_only: bool = typer.Option(False, "--list", help="Show what would run, run nothing."),
) -> int:
    """Run the workflow's 'run:' steps locally, in order, with its env, shells and if: rules."""
    options = global_options(ctx.obj)
    root = _project(project)
    workflow = load_workflow(_workflow_path(root, workflow_file))
    planned = plan_run(workflow, job, parse_matrix_options(matrix))
    console = options.console()
    if list_only:
        for item in planned:
            console.print(
                f"job {item.job.id}" + (f": skipped ({item.skip_reason})" if item.skip_reason else ""),
                markup=False,
            )
            for step in item.job.steps:
                what = (
                    f"run ({step.shell or 'bash'})"
                    if step.run is not None
                    else map_uses(step.uses or "").reason
                )
                console.print(f"  {step.display_name}: {what}", markup=False)
        return int(ExitCode.OK)
    toolchain = probe_go(find_go(go))
    active = LocalGo(toolchain.version, toolchain.real_go)
    scripts = [step.run or "" for item in planned for step in item.job.steps if item.skip_reason is None]
    for warning in _race_warnings(workflow, toolchain, scripts):
        print(f"wslgo: warning: {warning}", file=sys.stderr, flush=True)
    runner = Runner(workflow, root, active, _installed_sdks())
    outcome = runner.run(planned)
    counts = {
        status: sum(1 for r in outcome.results if r.status == status)
        for status in (SUCCESS, FAILURE, SKIPPED)
    }
    summary = f"{counts[SUCCESS]} passed, {counts[FAILURE]} failed, {counts[SKIPPED]} skipped"
    failure = outcome.first_failure
    if failure is not None:
        summary += (
            f"; first failure: {failure.job} / {failure.name} (line {failure.line}, exit {outcome.exit_code})"
        )
    print(summary, flush=True)
    return outcome.exit_code


def register(app: typer.Typer) -> None:
    app.add_typer(ci_app, name="ci")
