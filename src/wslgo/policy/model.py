"""A team policy (``wslgo.toml``, SPEC §14) as frozen data, each requirement with the line it came from.

Every finding the policy causes names the policy line (``/repo/wslgo.toml:5``), so a developer told "GOPROXY
is not what the team requires" can open the file at the requirement; ``where`` builds that reference.
"""

from __future__ import annotations

from dataclasses import dataclass

from wslgo.policy.gorange import GoRange

#: The file name searched for from the project directory upwards.
POLICY_FILE_NAME = "wslgo.toml"


@dataclass(frozen=True)
class GoVersionRule:
    """``[go] version``: the range of Go releases the team supports."""

    allowed: GoRange
    line: int


@dataclass(frozen=True)
class EnvRule:
    """One ``[env]`` entry: the value the go command must end up with."""

    name: str
    value: str
    line: int


@dataclass(frozen=True)
class ToolRule:
    """One name in ``[tools] required``."""

    name: str
    line: int


@dataclass(frozen=True)
class RequiredCheck:
    """One ID in ``[doctor] require-ok``: that check must pass (ok or info), not merely avoid errors."""

    check_id: str
    line: int


@dataclass(frozen=True)
class Policy:
    #: Absolute path of the policy file (messages cite it; SARIF makes it repository-relative).
    path: str
    go: GoVersionRule | None = None
    env: tuple[EnvRule, ...] = ()
    tools: tuple[ToolRule, ...] = ()
    #: ``[doctor] fail-on``: doctor's ``--fail-on`` default under this policy (the flag still wins).
    fail_on: str | None = None
    require_ok: tuple[RequiredCheck, ...] = ()

    def where(self, line: int) -> str:
        """``/repo/wslgo.toml:5``: where a requirement is written."""
        return f"{self.path}:{line}"

    @property
    def env_values(self) -> dict[str, str]:
        return {rule.name: rule.value for rule in self.env}

    @property
    def tool_names(self) -> tuple[str, ...]:
        return tuple(rule.name for rule in self.tools)
