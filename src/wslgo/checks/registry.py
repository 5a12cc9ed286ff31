"""The one registry of checks: IDs are data, validated once, never reused (SPEC §3).

Checks register with ``@check(...)``; ``all_checks()`` imports the category modules on first use so the
registry is complete no matter who asks first. ``select`` implements ``--only``/``--skip`` by ID or prefix.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from wslgo.checks.model import Check, Finding

if TYPE_CHECKING:
    from wslgo.evidence.model import Evidence

CHECK_ID = re.compile(r"^(WSL|GO|NET|TOOL|GUI|GPU|POL)\d{3}$")
CATEGORY_BY_PREFIX = {
    "WSL": "wsl",
    "GO": "go",
    "NET": "net",
    "TOOL": "tool",
    "GUI": "gui",
    "GPU": "gpu",
    # POL checks are bound to a team policy at run time (``wslgo.policy.checks``), never registered here.
    "POL": "policy",
}
#: Modules that define checks; importing them fills the registry.
CHECK_MODULES = (
    "wslgo.checks.wsl.platform",
    "wslgo.checks.wsl.config",
    "wslgo.checks.wsl.vm",
    "wslgo.checks.wsl.windows",
    "wslgo.checks.wsl.system",
    "wslgo.checks.go.toolchain",
    "wslgo.checks.go.config",
    "wslgo.checks.go.places",
    "wslgo.checks.go.shell",
    "wslgo.checks.go.cgo",
    "wslgo.checks.net",
    "wslgo.checks.tools",
    "wslgo.checks.gui",
    "wslgo.checks.gpu",
)

_REGISTRY: dict[str, Check] = {}

CheckFunction = Callable[["Evidence"], list[Finding]]


def check(
    check_id: str, title: str, *, needs_network: bool = False
) -> Callable[[CheckFunction], CheckFunction]:
    """Register ``function`` as check ``check_id``; refuses malformed or duplicate IDs at import time."""
    category = category_of(check_id)
    if category == "policy":
        raise ValueError(f"check id {check_id}: POL checks are bound to a policy, not registered")

    def register(function: CheckFunction) -> CheckFunction:
        if check_id in _REGISTRY:
            raise ValueError(f"check id {check_id} registered twice")
        _REGISTRY[check_id] = Check(
            id=check_id,
            title=title,
            category=category,
            run=function,
            needs_network=needs_network,
        )
        return function

    return register


def category_of(check_id: str) -> str:
    """The category of a well-formed check ID; ``ValueError`` for a malformed one."""
    if not CHECK_ID.match(check_id):
        raise ValueError(f"check id {check_id!r} does not match {CHECK_ID.pattern}")
    return CATEGORY_BY_PREFIX[re.sub(r"\d+$", "", check_id)]


def all_checks() -> list[Check]:
    """Every registered check, ordered by ID."""
    for module in CHECK_MODULES:
        importlib.import_module(module)
    return [_REGISTRY[key] for key in sorted(_REGISTRY, key=_id_sort_key)]


def _id_sort_key(check_id: str) -> tuple[str, int]:
    match = re.match(r"^([A-Z]+)(\d+)$", check_id)
    assert match
    return (match.group(1), int(match.group(2)))


def select(checks: Iterable[Check], only: Iterable[str] = (), skip: Iterable[str] = ()) -> list[Check]:
    """Filter by ``--only``/``--skip``: exact IDs or prefixes such as ``GO0`` or ``WSL``."""
    only_list = [token.strip().upper() for token in only if token.strip()]
    skip_list = [token.strip().upper() for token in skip if token.strip()]
    chosen = []
    for item in checks:
        if only_list and not any(item.id.startswith(token) for token in only_list):
            continue
        if any(item.id.startswith(token) for token in skip_list):
            continue
        chosen.append(item)
    return chosen
