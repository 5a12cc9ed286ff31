"""Checks and findings: the vocabulary doctor speaks (SPEC §3)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wslgo.evidence.model import Evidence


class Status(StrEnum):
    """A finding's status; ordered by ``severity`` for ``--fail-on``."""

    OK = "ok"
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"
    SKIPPED = "skipped"

    @property
    def severity(self) -> int:
        return _SEVERITY[self]


_SEVERITY = {Status.SKIPPED: 0, Status.OK: 0, Status.INFO: 1, Status.WARNING: 2, Status.ERROR: 3}


@dataclass(frozen=True)
class Finding:
    """One result of one check. ``message`` names the value seen and where it came from."""

    status: Status
    message: str
    fix: str | None = None
    fixable_by: str | None = None  # the `wslgo setup` step that fixes it


@dataclass(frozen=True)
class Check:
    """A registered check: stable metadata plus a pure function of the evidence."""

    id: str
    title: str
    category: str  # "wsl", "go", "net", "tool", "gui", "gpu"
    run: Callable[[Evidence], list[Finding]]
    needs_network: bool = False

    @property
    def docs(self) -> str:
        """Anchor of this check's section in docs/checks.md."""
        return f"docs/checks.md#{self.id.lower()}"


@dataclass(frozen=True)
class CheckResult:
    """A finding bound to the check that produced it (what reporters render)."""

    check: Check
    finding: Finding


# Convenience constructors keep check bodies short and uniform.
def ok(message: str) -> Finding:
    return Finding(Status.OK, message)


def info(message: str, fix: str | None = None, fixable_by: str | None = None) -> Finding:
    return Finding(Status.INFO, message, fix, fixable_by)


def warning(message: str, fix: str | None = None, fixable_by: str | None = None) -> Finding:
    return Finding(Status.WARNING, message, fix, fixable_by)


def error(message: str, fix: str | None = None, fixable_by: str | None = None) -> Finding:
    return Finding(Status.ERROR, message, fix, fixable_by)


def skipped(message: str) -> Finding:
    return Finding(Status.SKIPPED, message)
