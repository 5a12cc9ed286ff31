"""Will ``go test -race`` work here? Decided before a local CI run starts, with the fix.

The race detector is built on ThreadSanitizer and needs cgo (go.dev/doc/articles/race_detector: "The race
detector requires cgo to be enabled"), so it fails when ``CGO_ENABLED=0`` or when there is no C compiler;
since Go 1.20 the go command *defaults* cgo off when it finds no C compiler on PATH, so a missing gcc shows up
as ``-race requires cgo; enable cgo by setting CGO_ENABLED=1``. Pure: the caller supplies ``go env``
values and whether the compiler was found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_RACE = re.compile(r"\bgo\s+(?:test|build|run|install|vet)\b[^\n;&|#]*\s-race\b")


def uses_race(scripts: Iterable[str]) -> bool:
    """True when any script runs a go command with ``-race``."""
    return any(_RACE.search(script) for script in scripts)


@dataclass(frozen=True)
class RaceProblem:
    message: str
    fix: str


def race_problems(
    *, cgo_enabled: str, explicit_cgo: str | None, cc: str, cc_found: bool
) -> list[RaceProblem]:
    """Why ``-race`` cannot work, given ``go env CGO_ENABLED``/``CC`` and the workflow's own CGO_ENABLED."""
    problems: list[RaceProblem] = []
    if not cc_found:
        problems.append(
            RaceProblem(
                f"the race detector needs cgo and a C compiler, but {cc!r} (go env CC) is not on PATH",
                "sudo apt-get install -y gcc",
            )
        )
    if explicit_cgo is not None and explicit_cgo.strip() == "0":
        problems.append(
            RaceProblem(
                "the workflow sets CGO_ENABLED=0, and -race requires cgo", "set CGO_ENABLED: 1 in the job env"
            )
        )
    elif cgo_enabled.strip() == "0" and cc_found:
        problems.append(
            RaceProblem(
                "cgo is disabled (go env CGO_ENABLED=0)", "export CGO_ENABLED=1 (or go env -w CGO_ENABLED=1)"
            )
        )
    return problems
