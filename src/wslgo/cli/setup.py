"""``wslgo setup`` and ``wslgo undo``: plan → diff → confirm → apply (journaled) → undo (SPEC §4).

Thin: it builds ``SetupInputs`` (live evidence, a bundle, or a target tree), asks the library for a plan,
renders it, and hands it to the apply engine. ``execute_plan`` is shared with ``doctor --fix``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from wslgo.cli.options import GlobalOptions, global_options
from wslgo.cli.params import path_value
from wslgo.errors import ExitCode, UsageError, WslgoError
from wslgo.i18n import _

if TYPE_CHECKING:
    from rich.console import Console

    from wslgo.edit.apply import RunRecord, WriterLock
    from wslgo.edit.plan import Plan
    from wslgo.setup.model import SetupInputs


POLICY_HELP = _(
    "Also plan the team policy's values (go-env, tools); alone, only those steps. "
    "Default file: wslgo.toml in the project or a parent directory."
)


def _parse_memory(text: str | None) -> int | None:
    if text is None:
        return None
    from wslgo.wslconf.schema import parse_size

    size = parse_size(text.strip())
    if size is None or size <= 0:
        raise UsageError(f"--memory {text!r}: expected a size such as 32GB or 16384MB")
    return size


def _print_plan(plan: Plan, console: Console) -> None:
    from wslgo.edit.diff import print_plan_diff

    print_plan_diff(plan, console)
    for refusal in plan.refusals:
        console.print(f"refused: {refusal}", markup=False, highlight=False)
    for note in plan.notes:
        console.print(f"note: {note}", markup=False, highlight=False)


def _print_commands(commands: tuple[str, ...], console: Console) -> None:
    if not commands:
        return
    console.print("Next, run:", markup=False)
    for number, command in enumerate(dict.fromkeys(commands), start=1):
        console.print(f"  {number}. {command}", markup=False, highlight=False)


def _print_run(record: RunRecord, console: Console) -> None:
    for outcome in (*record.outcomes, *record.rollback):
        console.print(f"{outcome.status}: {outcome.message}", markup=False, highlight=False)
    if record.written:
        console.print(_("run {run_id} (undo with: wslgo undo {run_id})", run_id=record.run_id), markup=False)
    if record.stopped is None:  # after a stop the suggested next steps no longer apply
        _print_commands(record.commands, console)


def stopped_error(record: RunRecord) -> WslgoError:
    """The one line a stopped run ends with: what failed and where the files already written are."""
    assert record.stopped is not None
    if record.rolled_back or not record.rollback:
        return WslgoError(
            _(
                "stopped: {problem}; nothing was changed (files already written were rolled back)",
                problem=record.stopped,
            )
        )
    return WslgoError(
        _(
            "stopped: {problem}; some files could not be rolled back: run 'wslgo undo {run_id}' "
            "when the problem is fixed",
            problem=record.stopped,
            run_id=record.run_id,
        )
    )


def _confirm(console: Console) -> bool:
    console.print("Apply these changes? [y/N] ", end="", markup=False)
    try:
        answer = input()
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def execute_plan(
    plan: Plan,
    options: GlobalOptions,
    *,
    assume_yes: bool,
    dry_run: bool = False,
    command: str = "setup",
    held: WriterLock | None = None,
) -> int:
    """Print ``plan`` as a diff, ask (unless ``assume_yes``), apply it; the exit code of the whole run.

    ``held``: the writer lock, when the caller took it before planning (then no other run can change the
    files between the plan and the apply).
    """
    from wslgo.edit.apply import apply_plan

    console = options.console()
    refused = ExitCode.PROBLEMS if plan.refusals else ExitCode.OK
    if plan.is_empty:
        _print_plan(plan, console)
        console.print("Nothing to change: everything setup manages is already in place.", markup=False)
        # Steps that are not file edits (``tools``) still suggest their commands.
        _print_commands(plan.commands, console)
        return int(refused)
    _print_plan(plan, console)
    if dry_run:
        _print_commands(plan.commands, console)
        return int(refused)
    if not assume_yes:
        if not sys.stdin.isatty():
            raise UsageError("not a terminal: pass --yes to apply, or --dry-run to only show the plan")
        if not _confirm(console):
            console.print("Nothing written.", markup=False)
            return int(ExitCode.OK)
    record = apply_plan(plan, command=command, held=held)
    _print_run(record, console)
    if record.stopped is not None:
        raise stopped_error(record)
    return int(max(record.exit_code, refused))


def setup(
    ctx: typer.Context,
    steps: list[str] | None = typer.Argument(
        None,
        help="Steps: shell, go-env, go-cache, proxy, wsl-conf, wslconfig, tools, vscode "
        "(default: all but proxy, tools and vscode).",
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Only show the plan as a diff."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Apply without asking."),
    root: Path | None = typer.Option(
        None, "--root", parser=path_value("--root"), help="Edit a distro tree instead of /."
    ),
    home: Path | None = typer.Option(
        None, "--home", parser=path_value("--home"), help="The Linux home directory to edit."
    ),
    windows_home: Path | None = typer.Option(
        None,
        "--windows-home",
        parser=path_value("--windows-home"),
        help="The Windows profile directory (holds .wslconfig).",
    ),
    from_bundle: Path | None = typer.Option(
        None, "--from", parser=path_value("--from"), help="Plan from a bundle (implies --dry-run)."
    ),
    memory: str | None = typer.Option(None, "--memory", help="The Windows host's RAM, e.g. 32GB."),
    processors: int | None = typer.Option(
        None, "--processors", min=1, help="The Windows host's logical CPUs."
    ),
    proxy_url: str | None = typer.Option(None, "--proxy-url", help="Local proxy URL for the proxy step."),
    project: Path | None = typer.Option(
        None,
        "--project",
        parser=path_value("--project"),
        help="The project for the vscode step (default: the current directory).",
    ),
    policy_file: str | None = typer.Option(
        None,
        "--policy",
        metavar="[FILE]",
        help=POLICY_HELP,
    ),
) -> int:
    """Fix this distro's Go setup with lossless, backed-up edits; 'wslgo undo' reverts a run."""
    from wslgo.edit.apply import writer_lock
    from wslgo.setup.api import plan_inputs, resolve_steps
    from wslgo.setup.model import DEFAULT_PROXY_URL, SetupOptions

    options = global_options(ctx.obj)
    policy = None
    if policy_file is not None:
        from wslgo.policy.load import resolve_policy
        from wslgo.policy.setup_plan import POLICY_STEPS

        policy = resolve_policy(policy_file, project or Path.cwd())
        steps = steps or list(POLICY_STEPS)
    chosen = resolve_steps(steps or [])
    setup_options = SetupOptions(
        host_memory=_parse_memory(memory),
        host_processors=processors,
        proxy_url=proxy_url or DEFAULT_PROXY_URL,
        policy=policy,
    )
    if from_bundle is not None:
        if root or home or windows_home or project:
            raise UsageError("--from cannot be combined with --root/--home/--windows-home/--project")
        dry_run = True  # a bundle describes another machine (or another moment): plan, never write
    if dry_run:
        plan = plan_inputs(_inputs(from_bundle, root, home, windows_home, project), chosen, setup_options)
        return execute_plan(plan, options, assume_yes=yes, dry_run=True)
    # One writer at a time, from reading the files to the last rename: a second run plans from what the
    # first one wrote instead of overwriting it.
    with writer_lock(command="setup") as held:
        plan = plan_inputs(_inputs(None, root, home, windows_home, project), chosen, setup_options)
        return execute_plan(plan, options, assume_yes=yes, held=held)


def _inputs(
    from_bundle: Path | None,
    root: Path | None,
    home: Path | None,
    windows_home: Path | None,
    project: Path | None,
) -> SetupInputs:
    """What setup plans from: a bundle, a directory tree (``--root``/``--home``…), or this machine."""
    if from_bundle is not None:
        from wslgo.evidence.bundle import read_bundle
        from wslgo.setup.inputs import inputs_from_evidence

        return inputs_from_evidence(read_bundle(from_bundle))
    if root or home or windows_home:
        from wslgo.setup.reader import read_target

        return read_target(root=root, home=home, windows_home=windows_home, project=project)
    from wslgo.evidence.collect import collect
    from wslgo.setup.inputs import inputs_from_evidence
    from wslgo.setup.reader import with_project_scan

    if project is not None and not project.is_dir():
        raise UsageError(_("--project {project}: not a directory", project=project))
    evidence = collect(offline=True, project=str(project) if project else None)
    return with_project_scan(inputs_from_evidence(evidence))


def undo(
    ctx: typer.Context,
    run_id: str | None = typer.Argument(None, help="The run to undo (default: the newest not undone yet)."),
    list_only: bool = typer.Option(False, "--list", help="List recorded runs."),
    force: bool = typer.Option(False, "--force", help="Restore files even if they changed after the run."),
) -> int:
    """Restore the files a setup run changed, from its backups."""
    from wslgo.edit.apply import list_runs
    from wslgo.edit.apply import undo as undo_run

    console = global_options(ctx.obj).console()
    if list_only:
        runs = list_runs()
        if not runs:
            console.print("No recorded runs.", markup=False)
        for run in runs:
            state = f"undone {run.undone}" if run.undone else ("finished" if run.finished else "interrupted")
            console.print(
                f"{run.run_id}  {run.command}  {run.files_written} file(s)  {state}",
                markup=False,
                highlight=False,
            )
            for path in run.paths:
                console.print(f"    {path}", markup=False, highlight=False)
        return int(ExitCode.OK)
    result = undo_run(run_id, force=force)
    for outcome in result.outcomes:
        console.print(f"{outcome.status}: {outcome.message}", markup=False, highlight=False)
    if result.complete:
        console.print(_("run {run_id} undone", run_id=result.run_id), markup=False)
    elif any(outcome.sudo_command for outcome in result.outcomes):
        console.print(
            _(
                "run {run_id} not undone yet: run the sudo command(s) above, then 'wslgo undo {run_id}' "
                "again to check",
                run_id=result.run_id,
            ),
            markup=False,
        )
    else:
        console.print(
            _("run {run_id} partly undone: --force restores the rest", run_id=result.run_id), markup=False
        )
    return int(result.exit_code)


def register(app: typer.Typer) -> None:
    app.command("setup")(setup)
    app.command("undo")(undo)
