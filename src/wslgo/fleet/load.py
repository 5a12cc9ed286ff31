"""Bundles in, a ``Fleet`` out: the bundle reader and doctor's check runner, once per machine.

Nothing is re-implemented here: ``evidence.bundle.read_bundle`` reads (and defends against) each bundle,
``checks.runner.run_checks`` runs every registered check — plus POL001–POL004 when a policy is given — and
``report.model.build_report`` redacts and summarizes, exactly as ``wslgo doctor --from BUNDLE`` does.

Arguments are forgiving the way a shell glob needs them to be: ``wslgo report bundles/*`` may also match a
README or a notes directory, so an existing path that is not a bundle is skipped (and listed in
``skipped``), a directory that is not a bundle but holds bundles stands for them, and only a path that
does not exist — or a bundle that cannot be read — is an error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from wslgo.errors import InputError, UsageError
from wslgo.evidence.bundle import ARCHIVE_SUFFIXES, is_bundle_path, read_bundle
from wslgo.fleet.facts import machine_facts
from wslgo.fleet.model import Fleet, MachineFacts, build_fleet
from wslgo.i18n import _

if TYPE_CHECKING:
    from wslgo.policy.model import Policy
    from wslgo.report.model import Report

#: More machines than any team report needs; beyond it the page stops being readable (and fast).
MAX_BUNDLES = 2000


@dataclass(frozen=True)
class BundleSelection:
    bundles: tuple[Path, ...]
    #: Paths given that are not bundles, with why (for a note on stderr).
    skipped: tuple[tuple[Path, str], ...] = ()


def select_bundles(arguments: Sequence[Path]) -> BundleSelection:
    """The bundles named by ``arguments`` (see the module docstring), in the order given, without repeats."""
    bundles: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    for argument in arguments:
        if not argument.exists() and not argument.is_symlink():
            raise InputError(_("{path}: no such file or directory (expected a bundle)", path=argument))
        if is_bundle_path(argument):
            bundles.append(argument)
        elif argument.is_dir():
            inside = sorted(child for child in argument.iterdir() if is_bundle_path(child))
            if inside:
                bundles.extend(inside)
            else:
                skipped.append((argument, _("a directory without meta.json or bundles in it")))
        else:
            skipped.append(
                (
                    argument,
                    _(
                        "not a bundle (expected a directory with meta.json, {suffixes})",
                        suffixes=", ".join(ARCHIVE_SUFFIXES),
                    ),
                )
            )
    unique = list(dict.fromkeys(bundles))
    if not unique:
        raise UsageError(
            _("no bundles among the paths given (expected bundle directories, .tar.gz or .zip files)")
        )
    if len(unique) > MAX_BUNDLES:
        raise UsageError(
            _("{count} bundles; a report takes at most {limit}", count=len(unique), limit=MAX_BUNDLES)
        )
    return BundleSelection(tuple(unique), tuple(skipped))


def machine_name(path: Path) -> str:
    """The bundle's name without its archive suffix: how a team names machines (``alice-laptop.tar.gz``)."""
    name = path.name or str(path)
    lowered = name.lower()
    for suffix in ARCHIVE_SUFFIXES:
        if lowered.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def load_fleet(bundles: Sequence[Path], *, generated: str, policy: Policy | None = None) -> Fleet:
    """Read and check every bundle; ``policy`` adds the team policy's POL checks to each machine."""
    from wslgo.checks.registry import all_checks
    from wslgo.checks.runner import run_checks
    from wslgo.report.model import build_report

    checks = all_checks()
    if policy is not None:
        from wslgo.policy.checks import policy_checks

        checks = checks + policy_checks(policy)
    named: list[tuple[str, str, MachineFacts, Report]] = []
    for path in bundles:
        evidence = read_bundle(path)
        report = build_report(evidence, run_checks(evidence, checks))
        named.append((machine_name(path), str(path), machine_facts(evidence, report.environment), report))
    return build_fleet(named, generated=generated, policy_path=policy.path if policy else None)
