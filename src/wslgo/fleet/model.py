"""A team's machines side by side: the data every fleet report format renders (SPEC §14).

Built from doctor's own reports — one ``report.model.Report`` per bundle, made by the same runner and
redaction as ``wslgo doctor --from`` — so a cell of the fleet matrix always says what doctor says on that
machine. Everything here is pure: the bundles were read and checked before (``fleet.load``), and the
renderers (``fleet.html``, ``fleet.json_out``, ``fleet.markdown``) only format this model.

Every string that came from a bundle (names, host names, paths, messages, fixes) is untrusted: the
renderers escape it, and the model never turns it into markup, identifiers or URLs. Identifiers in the page
are built from the machine's position and the check ID (validated by the registry's ID rule).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from wslgo.checks.model import Check, CheckResult, Finding, Status
from wslgo.golang.version import GoVersion
from wslgo.i18n import _

if TYPE_CHECKING:
    from wslgo.report.model import Report

#: Order of a cell's "worst" status: a matrix cell shows the most serious finding of its check.
STATUS_RANK: dict[Status, int] = {
    Status.SKIPPED: 0,
    Status.OK: 1,
    Status.INFO: 2,
    Status.WARNING: 3,
    Status.ERROR: 4,
}
#: One letter per status, for compact per-machine status strings (the page's embedded data).
STATUS_LETTER: dict[Status, str] = {
    Status.OK: "o",
    Status.INFO: "i",
    Status.WARNING: "w",
    Status.ERROR: "e",
    Status.SKIPPED: "s",
}
PROBLEMS = (Status.WARNING, Status.ERROR)


def status_label(status: Status) -> str:
    """A status in the UI language (JSON keeps the English value)."""
    return {
        Status.OK: _("ok"),
        Status.INFO: _("info"),
        Status.WARNING: _("warning"),
        Status.ERROR: _("error"),
        Status.SKIPPED: _("skipped"),
    }[status]


def worst(statuses: Iterable[Status]) -> Status:
    return max(statuses, key=lambda status: STATUS_RANK[status], default=Status.SKIPPED)


def go_sort_key(raw: str | None) -> str:
    """A string that sorts Go versions in Go's order (``1.9`` < ``1.21rc1`` < ``1.21.0``); unknown first."""
    version = GoVersion.parse(raw.split(" ")[0]) if raw else None
    if version is None:
        return ""
    return f"{version.major:04d}.{version.minor:04d}.{version.kind_rank}.{version.number:06d}"


def dotted_sort_key(raw: str | None) -> str:
    """``5.15.74.2`` → zero-padded numeric parts, so kernel and WSL versions sort numerically."""
    if not raw:
        return ""
    parts: list[str] = []
    for piece in raw.replace("-", ".").split("."):
        parts.append(f"{int(piece):08d}" if piece.isdigit() else piece)
    return ".".join(parts)


@dataclass(frozen=True)
class MachineFacts:
    """What a reader compares first across machines (``None``: unknown)."""

    hostname: str | None = None
    user: str | None = None
    distro_name: str | None = None  # WSL_DISTRO_NAME
    wsl: str | None = None  # "wsl2", "wsl1", "none"
    wsl_version: str | None = None  # the WSL package, from wsl.exe --version
    distro: str | None = None  # PRETTY_NAME
    kernel: str | None = None
    go_version: str | None = None
    go_target: str | None = None
    arch: str | None = None
    captured: str | None = None

    @property
    def wsl_label(self) -> str | None:
        kind = {"wsl2": "WSL2", "wsl1": "WSL1", "none": _("not WSL")}.get(self.wsl or "")
        if kind and self.wsl_version:
            return f"{kind} {self.wsl_version}"
        return kind or self.wsl_version

    @property
    def where(self) -> str | None:
        """``al@DESKTOP-1 (Ubuntu-24.04)``: who and where the bundle was captured."""
        host = self.hostname or ""
        who = f"{self.user}@{host}" if self.user and host else (self.user or host)
        if self.distro_name:
            return f"{who} ({self.distro_name})" if who else self.distro_name
        return who or None


@dataclass(frozen=True)
class Machine:
    """One bundle's doctor report, placed in the fleet."""

    #: 1-based position in the order the bundles were given (the page's anchors use it).
    index: int
    name: str
    source: str
    facts: MachineFacts
    results: tuple[CheckResult, ...]
    fixes: tuple[str, ...] = ()
    _by_check: Mapping[str, tuple[Finding, ...]] = field(init=False, repr=False, compare=False)
    _status: Mapping[str, Status] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        grouped: dict[str, list[Finding]] = {}
        for result in self.results:
            grouped.setdefault(result.check.id, []).append(result.finding)
        object.__setattr__(self, "_by_check", MappingProxyType({k: tuple(v) for k, v in grouped.items()}))
        statuses = {k: worst(f.status for f in v) for k, v in grouped.items()}
        object.__setattr__(self, "_status", MappingProxyType(statuses))

    def findings_of(self, check_id: str) -> tuple[Finding, ...]:
        return self._by_check.get(check_id, ())

    def status_of(self, check_id: str) -> Status | None:
        return self._status.get(check_id)

    def count(self, status: Status) -> int:
        """How many checks end at ``status`` on this machine (a check with several findings counts once)."""
        return sum(1 for value in self._status.values() if value is status)

    @property
    def worst(self) -> Status:
        return worst(r.finding.status for r in self.results)

    def policy_status(self) -> Status | None:
        """The worst POL finding, when the report was made with a policy."""
        statuses = [r.finding.status for r in self.results if r.check.category == "policy"]
        return worst(statuses) if statuses else None


@dataclass(frozen=True)
class CommonFinding:
    """A check that warns or fails on several machines, with which ones."""

    check: Check
    status: Status
    machines: tuple[int, ...]

    @property
    def count(self) -> int:
        return len(self.machines)


@dataclass(frozen=True)
class Fleet:
    machines: tuple[Machine, ...]
    #: The matrix columns: every check that ran on any machine, ordered by ID (POL checks last).
    checks: tuple[Check, ...]
    common: tuple[CommonFinding, ...]
    generated: str
    policy_path: str | None = None
    #: Check IDs for which no machine has a warning or an error (the page can fold these columns).
    quiet: frozenset[str] = frozenset()

    def machine(self, index: int) -> Machine:
        return self.machines[index - 1]

    def count_machines(self, status: Status) -> int:
        """Machines whose worst finding is ``status`` (errors, then warnings, then the rest)."""
        return sum(1 for machine in self.machines if machine.worst is status)

    @property
    def all_clear(self) -> int:
        return sum(1 for machine in self.machines if machine.worst not in PROBLEMS)


def _check_order(check: Check) -> tuple[int, str, int]:
    prefix = check.id.rstrip("0123456789")
    return (1 if check.category == "policy" else 0, prefix, int(check.id[len(prefix) :]))


def common_findings(machines: Sequence[Machine], checks: Sequence[Check]) -> tuple[CommonFinding, ...]:
    """Warnings and errors by how many machines have them: most common first, then errors before warnings."""
    found: list[CommonFinding] = []
    for check in checks:
        for status in (Status.ERROR, Status.WARNING):
            having = tuple(m.index for m in machines if m.status_of(check.id) is status)
            if having:
                found.append(CommonFinding(check, status, having))
    found.sort(key=lambda item: (-item.count, -STATUS_RANK[item.status], _check_order(item.check)))
    return tuple(found)


def build_fleet(
    named_reports: Sequence[tuple[str, str, MachineFacts, Report]],
    *,
    generated: str,
    policy_path: str | None = None,
) -> Fleet:
    """The fleet of ``(name, source, facts, doctor report)`` in the order given."""
    machines = tuple(
        Machine(index, name, source, facts, report.results, tuple(report.fixes()))
        for index, (name, source, facts, report) in enumerate(named_reports, start=1)
    )
    by_id: dict[str, Check] = {}
    for machine in machines:
        for result in machine.results:
            by_id.setdefault(result.check.id, result.check)
    checks = tuple(sorted(by_id.values(), key=_check_order))
    quiet = frozenset(
        check.id for check in checks if not any(m.status_of(check.id) in PROBLEMS for m in machines)
    )
    return Fleet(
        machines=machines,
        checks=checks,
        common=common_findings(machines, checks),
        generated=generated,
        policy_path=policy_path,
        quiet=quiet,
    )
