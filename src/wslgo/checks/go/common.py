"""What the GO checks share: the install command they suggest, ``go env -json`` or why it is missing, and
what setup changes for a Go setting."""

from __future__ import annotations

from wslgo.checks.model import Change, Finding, sets, skipped
from wslgo.evidence.model import Evidence
from wslgo.evidence.queries import go_env
from wslgo.facts import go as gofacts
from wslgo.i18n import M

INSTALL_STABLE = "wslgo go install stable"


def need_go_env(evidence: Evidence) -> dict[str, str] | Finding:
    """``go env -json`` values, or the ``skipped`` finding that says why they are unknown."""
    read = go_env(evidence)
    if read.values is None:
        return skipped(M("Skipped: {reason}.", reason=read.reason))
    return read.values


def go_change(
    evidence: Evidence, item: gofacts.Setting, value: str | None, step: str = "go-env"
) -> tuple[str | None, tuple[Change, ...]]:
    """``(fixable_by, changes)`` for giving the Go variable ``item`` the value ``value`` (``None``: no
    user setting left, go's default applies): ``step`` changes it when it comes from the Go env file or a
    POSIX rc file (``facts.go.setup_can_change``), and nothing can when it is set elsewhere."""
    if not gofacts.setup_can_change(evidence, item):
        return None, ()
    return step, (sets("go", item.name, value),)


def add_to_path(directory: str) -> str:
    """The fix that puts ``directory`` on PATH (what setup's ``shell`` step writes, once)."""
    return M(
        'add `export PATH="$PATH:{directory}"` to ~/.bashrc once (or run `wslgo setup shell`)',
        directory=directory,
    )
