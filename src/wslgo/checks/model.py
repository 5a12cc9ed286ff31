"""Checks and findings: the vocabulary doctor speaks (SPEC §3)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Literal, NamedTuple

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


#: What a ``Change`` is about: a setting of the go command (``go``, as a new shell sees it), of
#: ``/etc/wsl.conf`` or of ``.wslconfig``; a directory on PATH in a new shell; an rc file line that must
#: stop being active; a command setup prints for the user to run.
ChangeKind = Literal["go", "wsl.conf", "wslconfig", "path", "line", "command"]


class Change(NamedTuple):
    """One effect a finding's fix has, stated so that setup's plan can be checked against it.

    A finding that names a setup step (``fixable_by``) lists what that step will do about it: doctor's
    suggested value and setup's written value come from the same rule, and a test replays every fixture
    bundle through both to prove it (tests/integration/test_doctor_setup_agree.py).

    - ``go`` / ``wsl.conf`` / ``wslconfig``: ``key`` (``GOPROXY``, ``wsl2.memory``) takes ``value``;
      ``None`` means the key is removed and the default applies.
    - ``path``: ``value`` is a directory on PATH; ``key`` is ``"first"`` when it must come before the
      other Go directories (an SDK that replaces a Windows go).
    - ``line``: line ``key`` of the rc file ``value`` no longer runs.
    - ``command``: setup prints ``value`` for the user to run (an install is a build, not a file edit).

    A NamedTuple, not a dataclass: it is built when doctor imports its checks (start-up time).
    """

    kind: ChangeKind
    key: str = ""
    value: str | None = None


def sets(kind: ChangeKind, key: str, value: str | None) -> Change:
    return Change(kind, key, value)


@dataclass(frozen=True)
class Finding:
    """One result of one check. ``message`` names the value seen and where it came from."""

    status: Status
    message: str
    fix: str | None = None
    fixable_by: str | None = None  # the `wslgo setup` step that fixes it
    #: What that step changes (required with ``fixable_by``).
    changes: tuple[Change, ...] = ()


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


def info(
    message: str, fix: str | None = None, fixable_by: str | None = None, changes: tuple[Change, ...] = ()
) -> Finding:
    return Finding(Status.INFO, message, fix, fixable_by, changes)


def warning(
    message: str, fix: str | None = None, fixable_by: str | None = None, changes: tuple[Change, ...] = ()
) -> Finding:
    return Finding(Status.WARNING, message, fix, fixable_by, changes)


def error(
    message: str, fix: str | None = None, fixable_by: str | None = None, changes: tuple[Change, ...] = ()
) -> Finding:
    return Finding(Status.ERROR, message, fix, fixable_by, changes)


def skipped(message: str) -> Finding:
    return Finding(Status.SKIPPED, message)
