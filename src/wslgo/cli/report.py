"""``wslgo report BUNDLE… [--policy [FILE]] [-o FILE] [--format html|json|markdown]``: a team's machines.

Thin: choose the bundles (``fleet.load.select_bundles``), read and check them (``fleet.load.load_fleet``),
render (``fleet.html`` / ``fleet.json_out`` / ``fleet.markdown``) and write the file whole or not at all.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from wslgo.cli.options import global_options
from wslgo.cli.params import path_value
from wslgo.errors import ExitCode, UsageError, WslgoError
from wslgo.i18n import _, ngettext

if TYPE_CHECKING:
    from wslgo.fleet.model import Fleet

FORMATS = ("html", "json", "markdown")


BUNDLES_HELP = _("Bundles (directories, .tar.gz or .zip) or directories holding them.")
OUTPUT_HELP = _("Write the report to this file (default: standard output).")
FORMAT_HELP = _("html, json or markdown (default: from -o's suffix, else html).")
POLICY_HELP = _("Check every machine against the team policy too (default file: the nearest wslgo.toml).")


def _render(fleet: Fleet, output_format: str) -> str:
    if output_format == "json":
        from wslgo.fleet.json_out import render_json

        return render_json(fleet)
    if output_format == "markdown":
        from wslgo.fleet.markdown import render_markdown

        return render_markdown(fleet)
    from wslgo.fleet.html import render_html

    return render_html(fleet)


def _write(output: Path, text: str) -> None:
    from wslgo.fsutil import write_atomic

    if output.is_dir():
        raise UsageError(
            _("-o {path}: is a directory; expected a file name such as report.html", path=output)
        )
    try:
        write_atomic(output, text.encode("utf-8"))
    except OSError as exc:
        raise WslgoError(
            _("cannot write the report to {path}: {reason}", path=output, reason=exc.strerror or exc)
        ) from None


def report(
    ctx: typer.Context,
    bundles: list[Path] = typer.Argument(..., parser=path_value("BUNDLES"), help=BUNDLES_HELP),
    output: Path | None = typer.Option(
        None, "--output", "-o", parser=path_value("--output"), help=OUTPUT_HELP
    ),
    output_format: str | None = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
    policy_file: str | None = typer.Option(
        None,
        "--policy",
        metavar="[FILE]",
        help=POLICY_HELP,
    ),
) -> int:
    """One self-contained page (or JSON/Markdown) comparing many machines' bundles."""
    from wslgo.fleet.load import load_fleet, select_bundles

    options = global_options(ctx.obj)
    chosen = output_format or _format_from_suffix(output)
    if chosen not in FORMATS:
        raise UsageError(
            _("--format {value!r} is not one of: {formats}", value=chosen, formats=", ".join(FORMATS))
        )
    policy = None
    if policy_file is not None:
        from wslgo.policy.load import resolve_policy

        policy = resolve_policy(policy_file, Path.cwd())
    selection = select_bundles(bundles)
    for path, reason in selection.skipped:
        if not options.quiet:
            print(_("wslgo: skipped {path}: {reason}", path=path, reason=reason), file=sys.stderr)
    generated = datetime.now(UTC).isoformat(timespec="seconds")
    fleet = load_fleet(selection.bundles, generated=generated, policy=policy)
    text = _render(fleet, chosen)
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        _write(output, text)
        if not options.quiet:
            print(
                ngettext(
                    "wrote {path}: {count} machine ({format})",
                    "wrote {path}: {count} machines ({format})",
                    len(fleet.machines),
                    path=output,
                    format=chosen,
                ),
                file=sys.stderr,
            )
    return int(ExitCode.OK)


def _format_from_suffix(output: Path | None) -> str:
    if output is None:
        return "html"
    suffix = output.suffix.lower()
    return {".json": "json", ".md": "markdown", ".markdown": "markdown"}.get(suffix, "html")


def register(app: typer.Typer) -> None:
    app.command("report")(report)
