"""``wslgo capture -o FILE``: write the evidence doctor reads as a support bundle (SPEC §2).

The bundle is what a user attaches to an issue and what ``doctor --from`` replays, so it is redacted
unless ``--no-redact`` is given, and ``--anonymize`` also removes the user name and home path. The
destination is validated before anything is collected: a typo should cost nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

import typer

from wslgo.cli.params import path_value
from wslgo.errors import UsageError
from wslgo.i18n import _


def _size_of(bundle: Path) -> int:
    if bundle.is_dir():
        return sum(entry.stat().st_size for entry in bundle.rglob("*") if entry.is_file())
    return bundle.stat().st_size


def _human(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB"):
        if value < 1024 or unit == "MiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def _check_destination(output: Path, force: bool) -> None:
    """Refuse, before anything is collected (a typo should cost nothing), what the write would refuse:
    unknown suffixes, an existing bundle without ``--force``, a missing or unwritable parent directory.
    """
    from wslgo.evidence.bundle import bundle_kind

    kind = bundle_kind(output)
    if kind == "dir" and output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise UsageError(
            _(
                "-o {output}: already exists and is not an empty directory (expected a new path)",
                output=output,
            )
        )
    if kind != "dir" and output.is_dir():
        raise UsageError(
            _("-o {output}: is a directory (expected a .tar.gz, .tgz or .zip file name)", output=output)
        )
    if kind != "dir" and (output.exists() or output.is_symlink()) and not force:
        raise UsageError(_("-o {output}: already exists (pass --force to replace it)", output=output))
    parent = output.absolute().parent
    if parent.exists() and not parent.is_dir():
        raise UsageError(
            _(
                "-o {output}: {parent} is not a directory (expected a directory to write in)",
                output=output,
                parent=parent,
            )
        )
    if not parent.is_dir():
        raise UsageError(
            _(
                "-o {output}: the directory {parent} does not exist (capture creates only the bundle itself)",
                output=output,
                parent=parent,
            )
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(
            _(
                "-o {output}: cannot write in {parent} (expected a writable directory)",
                output=output,
                parent=parent,
            )
        )


def capture(
    output: Path = typer.Option(
        ...,
        "--output",
        "-o",
        parser=path_value("--output"),
        help="Bundle to write: DIR, FILE.tar.gz, FILE.tgz or FILE.zip.",
    ),
    no_redact: bool = typer.Option(False, "--no-redact", help="Keep secrets (tokens, URL passwords)."),
    anonymize: bool = typer.Option(False, "--anonymize", help="Replace the user name and home path."),
    project: Path | None = typer.Option(
        None, "--project", parser=path_value("--project"), help="The Go project to record (default: cwd)."
    ),
    offline: bool = typer.Option(False, "--offline", help="Do not probe the GOPROXY URLs."),
    force: bool = typer.Option(False, "--force", help="Replace an existing bundle file."),
) -> int:
    """Record this machine's evidence as a bundle that `wslgo doctor --from` replays anywhere."""
    from wslgo.evidence.bundle import write_bundle
    from wslgo.evidence.collect import collect

    _check_destination(output, force)
    if project is not None and not project.is_dir():
        raise UsageError(f"--project {project}: not a directory")
    evidence = collect(project=str(project.resolve()) if project else None, offline=offline)
    if not no_redact:
        from wslgo.evidence.redact import redact_evidence

        evidence = redact_evidence(evidence)
    if anonymize:
        from wslgo.evidence.redact import anonymize_evidence

        evidence = anonymize_evidence(evidence)
    written = write_bundle(evidence, output, overwrite=force)
    notes = [] if not no_redact else ["not redacted: check it for secrets before sharing"]
    if anonymize:
        notes.append("anonymized")
    suffix = f" ({'; '.join(notes)})" if notes else ""
    typer.echo(f"wrote {written} ({_human(_size_of(written))}){suffix}")
    return 0


def register(app: typer.Typer) -> None:
    app.command("capture")(capture)
