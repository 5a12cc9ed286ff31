"""``wslgo doctor``: collect (or replay) evidence, run the checks, render, exit by ``--fail-on``.

Doctor's options are parsed with argparse, not typer: ``main`` runs this module without loading typer
(see ``FAST_COMMANDS``), which keeps the command everyone runs first close to Python start-up plus the
two ``go`` invocations it needs. The typer app only lists it and forwards to ``run``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from wslgo.checks.model import Status
from wslgo.cli.params import path_value
from wslgo.errors import ExitCode, UsageError
from wslgo.i18n import N_, _

if TYPE_CHECKING:
    from wslgo.cli.options import GlobalOptions
    from wslgo.report.model import Report

FORMATS = ("text", "json", "markdown", "sarif", "junit")
FAIL_ON = {"error": Status.ERROR, "warning": Status.WARNING, "info": Status.INFO, "never": None}
SUMMARY = N_("Diagnose this distro's Go setup: every check, its finding and the exact fix.")


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one ``WslgoError`` line (exit 2) instead of exiting, in the
    UI language (argparse's own words come from ``framework_text``)."""

    def parse_args(self, args: Any = None, namespace: Any = None) -> Any:
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            self.error(_("unrecognized arguments: {arguments}", arguments=" ".join(extras)))
        return parsed

    def error(self, message: str) -> NoReturn:
        from wslgo.cli.framework_text import argparse_error_text

        raise UsageError(_("{message} (see 'wslgo doctor --help')", message=argparse_error_text(message)))


def build_parser() -> argparse.ArgumentParser:
    from wslgo.cli.framework_text import ARGPARSE_HELP_HELP, ARGPARSE_OPTIONS_TITLE, localized_help_formatter

    parser = _Parser(
        prog="wslgo doctor",
        description=_(SUMMARY),
        allow_abbrev=False,
        add_help=False,
        formatter_class=localized_help_formatter(),
    )
    add = parser.add_argument_group(_(ARGPARSE_OPTIONS_TITLE)).add_argument
    add("-h", "--help", action="help", help=_(ARGPARSE_HELP_HELP))
    add(
        "--format",
        "-f",
        dest="output_format",
        default="text",
        metavar="FORMAT",
        help=_("text, json, markdown, sarif or junit (default: text)"),
    )
    add(
        "--fail-on",
        default=None,
        metavar="STATUS",
        help=_("exit 1 at this status or above: error, warning, info, never (default: error)"),
    )
    add(
        "--only",
        action="append",
        metavar="IDS",
        help=_("run only these check IDs or prefixes (GO0,WSL010)"),
    )
    add("--skip", action="append", metavar="IDS", help=_("skip these check IDs or prefixes"))
    add(
        "--from",
        dest="from_bundle",
        type=path_value("--from"),
        metavar="BUNDLE",
        help=_("replay a bundle (dir, .tar.gz, .zip)"),
    )
    add(
        "--project",
        type=path_value("--project"),
        metavar="DIR",
        help=_("the Go project to check (default: the current directory)"),
    )
    add("--offline", action="store_true", help=_("skip checks that need the network"))
    add("--fix", action="store_true", help=_("run `wslgo setup` for the fixable warnings and errors"))
    add("--yes", "-y", action="store_true", help=_("with --fix: apply without asking"))
    add("--verbose", "-v", action="store_true", help=_("text format: list skipped checks too"))
    add("--output", "-o", type=path_value("--output"), metavar="FILE", help=_("write the report to a file"))
    add(
        "--lang",
        metavar="zh|en",
        help=_("language of the report: zh or en (default: WSLGO_LANG, LC_ALL, LC_MESSAGES, LANG)"),
    )
    add(
        "--policy",
        nargs="?",
        const="",
        metavar="FILE",
        help=_("also check the team policy (default: wslgo.toml in the project or a parent directory)"),
    )
    return parser


def _split_ids(values: list[str] | None) -> list[str]:
    tokens: list[str] = []
    for value in values or []:
        tokens.extend(token.strip().upper() for token in value.split(",") if token.strip())
    return tokens


def _render(
    report: Report,
    output_format: str,
    fail_on: Status | None,
    color: bool,
    verbose: bool,
    policy_path: str | None = None,
) -> str:
    if output_format == "json":
        from wslgo.report.json_report import render_json

        return render_json(report)
    if output_format == "markdown":
        from wslgo.report.markdown import render_markdown

        return render_markdown(report)
    if output_format == "sarif":
        from wslgo.report.sarif import render_sarif

        if policy_path is not None:
            # Code scanning accepts only results located in the repository: the policy file is the anchor.
            return render_sarif(report, base_dir=str(Path.cwd()), fallback_location=policy_path)
        return render_sarif(report)
    if output_format == "junit":
        from wslgo.report.junit import render_junit

        return render_junit(report, fail_on)
    from wslgo.report.text import render_text

    return render_text(report, color=color, verbose=verbose)


def _write_report(output: Path, rendered: str) -> None:
    """Replace ``output`` atomically (a full disk never leaves half a report); only the file is created."""
    import errno

    from wslgo.errors import WslgoError
    from wslgo.fsutil import write_atomic

    if not output.absolute().parent.is_dir():
        raise UsageError(
            _("-o {output}: the directory {parent} does not exist", output=output, parent=output.parent)
        )
    if output.is_dir():
        raise UsageError(_("-o {output}: is a directory (expected a file name)", output=output))
    try:
        write_atomic(output, rendered.encode("utf-8"), mode=0o644)
    except OSError as exc:
        reason = _("no space left on device") if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
        raise WslgoError(_("cannot write report to {output}: {error}", output=output, error=reason)) from None


def run(argv: list[str], options: GlobalOptions) -> int:
    """Parse doctor's arguments, diagnose, print; the exit code follows ``--fail-on``."""
    from wslgo.checks.registry import all_checks, select
    from wslgo.checks.runner import run_checks
    from wslgo.report.model import build_report

    args = build_parser().parse_args(argv)
    if args.lang is not None:
        from wslgo.i18n import parse_language_option, set_language

        try:
            set_language(parse_language_option(args.lang))
        except ValueError:
            raise UsageError(_("--lang {value!r}: expected zh or en", value=args.lang)) from None
    if args.output_format not in FORMATS:
        raise UsageError(
            _(
                "--format {value!r} is not one of: {formats}",
                value=args.output_format,
                formats=", ".join(FORMATS),
            )
        )
    if args.fail_on is not None and args.fail_on not in FAIL_ON:
        raise UsageError(
            _(
                "--fail-on {value!r} is not one of: {statuses}",
                value=args.fail_on,
                statuses=", ".join(FAIL_ON),
            )
        )
    if args.from_bundle is not None and args.project is not None:
        raise UsageError(_("--project cannot be combined with --from: a bundle records its own project"))
    only_ids, skip_ids = _split_ids(args.only), _split_ids(args.skip)
    policy = None
    registered = all_checks()
    if args.policy is not None:
        from wslgo.policy.checks import policy_checks
        from wslgo.policy.load import resolve_policy

        policy = resolve_policy(args.policy, args.project or Path.cwd())
        registered += policy_checks(policy, offline=args.offline)
    for token in only_ids + skip_ids:
        if not any(c.id.startswith(token) for c in registered):
            raise UsageError(
                _("no check ID starts with {token!r} (IDs look like WSL010, GO021, NET001)", token=token)
            )
    checks = select(registered, only_ids, skip_ids)

    if args.from_bundle is not None:
        from wslgo.evidence.bundle import read_bundle

        evidence = read_bundle(args.from_bundle)
    else:
        from wslgo.evidence.collect import collect

        project: Path | None = args.project
        if project is not None and not project.is_dir():
            raise UsageError(_("--project {path}: not a directory", path=project))
        evidence = collect(project=str(project.resolve()) if project else None, offline=args.offline)

    results = run_checks(evidence, checks, offline=args.offline)
    report = build_report(evidence, results)
    threshold = FAIL_ON[args.fail_on or (policy.fail_on if policy and policy.fail_on else "error")]
    output: Path | None = args.output
    color = options.color and output is None
    rendered = _render(
        report,
        args.output_format,
        threshold,
        color=color,
        verbose=args.verbose,
        policy_path=policy.path if policy else None,
    )
    if output is not None:
        _write_report(output, rendered)
    else:
        sys.stdout.write(rendered)
        sys.stdout.flush()

    if args.fix:
        from wslgo.cli.doctor_fix import run_fixes

        # A bundle describes another machine (or another moment): plan from it, never write.
        fix_status = run_fixes(
            evidence,
            report,
            options,
            assume_yes=args.yes,
            dry_run=args.from_bundle is not None,
            policy=policy,
        )
        if fix_status != ExitCode.OK:
            return int(fix_status)
    return int(ExitCode.PROBLEMS if report.at_or_above(threshold) else ExitCode.OK)
