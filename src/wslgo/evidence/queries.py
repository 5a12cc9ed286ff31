"""Go facts read from recorded command output, shared by the collector, checks, setup and reports.

``go env -json`` is parsed in one place (``wslgo.golang.goenv.parse_go_env_json``) and read from evidence
in one place (here), so the collector's phase 2, doctor's checks, the setup steps and a report's
environment block can never disagree about what the go command said, or about why it said nothing.
Pure: a ``CommandResult`` or an ``Evidence`` in, values out.
"""

from __future__ import annotations

from dataclasses import dataclass

from wslgo.evidence.model import CommandResult, Evidence
from wslgo.golang.goenv import GoEnvError, parse_go_env_json
from wslgo.i18n import M

GO_ENV_ARGV: tuple[str, ...] = ("go", "env", "-json")
GO_VERSION_ARGV: tuple[str, ...] = ("go", "version")


@dataclass(frozen=True)
class GoEnvRead:
    """``go env -json`` parsed, or why it is unavailable (the text of a ``skipped`` finding)."""

    values: dict[str, str] | None
    reason: str = ""


def read_go_env(result: CommandResult | None) -> GoEnvRead:
    """The recorded run of ``go env -json`` → its values, or a reason naming what went wrong."""
    if result is None:
        return GoEnvRead(None, M("`go env -json` was not recorded in the evidence"))
    if result.error == "not-found":
        return GoEnvRead(None, M("no `go` on PATH, so `go env -json` could not run"))
    if result.error is not None:
        return GoEnvRead(None, M("`go env -json` did not complete ({error})", error=result.error))
    if result.rc != 0:
        first = (result.stderr.strip().splitlines() or [""])[0].strip()
        if not first:
            return GoEnvRead(None, M("`go env -json` failed with exit code {code}", code=result.rc))
        return GoEnvRead(
            None, M("`go env -json` failed with exit code {code}: {stderr}", code=result.rc, stderr=first)
        )
    try:
        return GoEnvRead(parse_go_env_json(result.stdout))
    except GoEnvError as exc:
        return GoEnvRead(None, exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc))


def go_env(evidence: Evidence) -> GoEnvRead:
    """``go env -json`` of the go that wins on PATH, as the evidence recorded it."""
    return read_go_env(evidence.command(*GO_ENV_ARGV))


def go_env_values(evidence: Evidence) -> dict[str, str]:
    """The ``go env -json`` values, empty when unavailable (for callers that fall back to defaults)."""
    return go_env(evidence).values or {}
