"""``wslgo vscode init``: plan → diff → apply (undoable with ``wslgo undo``)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from wslgo.cli.options import GlobalOptions, global_options
from wslgo.cli.params import path_value
from wslgo.edit.apply import apply_plan
from wslgo.edit.diff import print_plan_diff
from wslgo.edit.plan import Plan
from wslgo.errors import ExitCode, UsageError
from wslgo.vscode.plan import VscodeFiles, plan_vscode
from wslgo.vscode.project import main_packages, read_optional

vscode_app = typer.Typer(
    help="VS Code launch/attach configurations and Go settings for Remote-WSL.", no_args_is_help=True
)


def show_and_apply(options: GlobalOptions, plan: Plan, *, dry_run: bool, yes: bool, command: str) -> int:
    """Print the plan as a diff, then apply it through the journaled engine (shared by vscode and ci)."""
    console = options.console()
    for note in plan.notes:
        console.print(f"note: {note}", markup=False)
    if plan.is_empty:
        console.print("nothing to change")
        return int(ExitCode.OK)
    print_plan_diff(plan, console)
    if dry_run:
        return int(ExitCode.OK)
    if not yes and sys.stdin.isatty() and not typer.confirm("Apply these changes?", default=True):
        console.print("nothing written")
        return int(ExitCode.OK)
    record = apply_plan(plan, command=command)
    for outcome in (*record.outcomes, *record.rollback):
        console.print(f"{outcome.status}: {outcome.message or outcome.path}", markup=False)
    if record.written:
        console.print(f"run {record.run_id}: undo with 'wslgo undo {record.run_id}'", markup=False)
    if record.stopped is not None:
        from wslgo.cli.setup import stopped_error

        raise stopped_error(record)
    return int(record.exit_code)


@vscode_app.command("init")
def init_command(
    ctx: typer.Context,
    project: Path = typer.Option(
        Path(), "--project", parser=path_value("--project"), help="The project (workspace folder)."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show the diff, write nothing."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Apply without asking."),
    tags: str = typer.Option("", "--tags", help="Build tags for gopls and tests, comma-separated."),
) -> int:
    """Add launch/test/attach/remote-dlv configurations and Go settings, keeping every comment and entry."""
    options = global_options(ctx.obj)
    if not project.is_dir():
        raise UsageError(f"--project {project}: not a directory")
    project = project.resolve()
    vscode_dir = project / ".vscode"
    files = VscodeFiles(
        read_optional(vscode_dir / "launch.json"), read_optional(vscode_dir / "settings.json")
    )
    build_tags = [tag.strip() for tag in tags.split(",") if tag.strip()]
    plan = plan_vscode(project, files, main_packages=main_packages(project), build_tags=build_tags)
    return show_and_apply(options, plan, dry_run=dry_run, yes=yes, command="vscode")


def register(app: typer.Typer) -> None:
    app.add_typer(vscode_app, name="vscode")
