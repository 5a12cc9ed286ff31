"""``wslgo doctor``: collect (or replay) evidence, run the checks, render, exit by ``--fail-on``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from wslgo.checks.model import Status
from wslgo.errors import ExitCode, UsageError

if TYPE_CHECKING:
    from wslgo.report.model import Report

FORMATS = ("text", "json", "markdown", "sarif", "junit")
FAIL_ON = {"error": Status.ERROR, "warning": Status.WARNING, "info": Status.INFO, "never": None}


def _split_ids(values: list[str] | None) -> list[str]:
    tokens: list[str] = []
    for value in values or []:
        tokens.extend(token.strip().upper() for token in value.split(",") if token.strip())
    return tokens


def _render(report: Report, output_format: str, fail_on: Status | None, color: bool, verbose: bool) -> str:
    if output_format == "json":
        from wslgo.report.json_report import render_json

        return render_json(report)
    if output_format == "markdown":
        from wslgo.report.markdown import render_markdown

        return render_markdown(report)
    if output_format == "sarif":
        from wslgo.report.sarif import render_sarif

        return render_sarif(report)
    if output_format == "junit":
        from wslgo.report.junit import render_junit

        return render_junit(report, fail_on)
    from wslgo.report.text import render_text

    return render_text(report, color=color, verbose=verbose)


def doctor(
    ctx: typer.Context,
    output_format: str = typer.Option("text", "--format", "-f", help="text, json, markdown, sarif or junit."),
    fail_on: str = typer.Option(
        "error", "--fail-on", help="Exit 1 at this status or above: error, warning, never."
    ),
    only: list[str] | None = typer.Option(
        None, "--only", help="Run only these check IDs or prefixes (GO0,WSL010)."
    ),
    skip: list[str] | None = typer.Option(None, "--skip", help="Skip these check IDs or prefixes."),
    from_bundle: Path | None = typer.Option(None, "--from", help="Replay a bundle (dir, .tar.gz or .zip)."),
    project: Path | None = typer.Option(None, "--project", help="The Go project to check (default: cwd)."),
    offline: bool = typer.Option(False, "--offline", help="Skip checks that need the network."),
    fix: bool = typer.Option(False, "--fix", help="Run `wslgo setup` for the fixable findings."),
    yes: bool = typer.Option(False, "--yes", "-y", help="With --fix: apply without asking."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Text format: list skipped checks too."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the report to a file."),
) -> int:
    """Diagnose this distro's Go setup: every check, its finding and the exact fix."""
    from wslgo.checks.registry import all_checks, select
    from wslgo.checks.runner import run_checks
    from wslgo.cli.options import global_options
    from wslgo.report.model import build_report

    options = global_options(ctx.obj)
    if output_format not in FORMATS:
        raise UsageError(f"--format {output_format!r} is not one of: {', '.join(FORMATS)}")
    if fail_on not in FAIL_ON:
        raise UsageError(f"--fail-on {fail_on!r} is not one of: {', '.join(FAIL_ON)}")
    if from_bundle is not None and project is not None:
        raise UsageError("--project cannot be combined with --from: a bundle records its own project")
    only_ids, skip_ids = _split_ids(only), _split_ids(skip)
    registered = all_checks()
    for token in only_ids + skip_ids:
        if not any(c.id.startswith(token) for c in registered):
            raise UsageError(f"no check ID starts with {token!r} (IDs look like WSL010, GO021, NET001)")
    checks = select(registered, only_ids, skip_ids)

    if from_bundle is not None:
        from wslgo.evidence.bundle import read_bundle

        evidence = read_bundle(from_bundle)
    else:
        from wslgo.evidence.collect import collect

        if project is not None and not project.is_dir():
            raise UsageError(f"--project {project}: not a directory")
        evidence = collect(project=str(project.resolve()) if project else None, offline=offline)

    results = run_checks(evidence, checks, offline=offline)
    report = build_report(evidence, results)
    threshold = FAIL_ON[fail_on]
    to_file = output is not None
    rendered = _render(report, output_format, threshold, color=options.color and not to_file, verbose=verbose)
    if output is not None:
        try:
            output.write_text(rendered, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write report to {output}: {exc.strerror or exc}") from exc
    else:
        sys.stdout.write(rendered)
        sys.stdout.flush()

    if fix:
        from wslgo.cli.doctor_fix import run_fixes

        # A bundle describes another machine (or another moment): plan from it, never write.
        fix_status = run_fixes(evidence, report, options, assume_yes=yes, dry_run=from_bundle is not None)
        if fix_status != ExitCode.OK:
            return int(fix_status)
    return int(ExitCode.PROBLEMS if report.at_or_above(threshold) else ExitCode.OK)


def register(app: typer.Typer) -> None:
    app.command("doctor")(doctor)
