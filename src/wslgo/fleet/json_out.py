"""``wslgo report --format json``: the fleet as a versioned machine contract (``schema_version`` 1).

Each machine carries the same ``checks`` entries as ``wslgo doctor --format json`` (English messages; a
``message_zh`` is added when the UI is Chinese), so a script can consume a fleet and a single doctor
report the same way.
"""

from __future__ import annotations

import json
from typing import Any

from wslgo import __version__
from wslgo.checks.model import Status
from wslgo.fleet.model import STATUS_RANK, Fleet, Machine
from wslgo.i18n import current_language, localized

SCHEMA_VERSION = 1
KIND = "wslgo-fleet-report"


def _finding_entries(machine: Machine) -> list[dict[str, Any]]:
    chinese = current_language() == "zh"
    entries: list[dict[str, Any]] = []
    for result in machine.results:
        entry: dict[str, Any] = {
            "id": result.check.id,
            "title": result.check.title,
            "category": result.check.category,
            "status": result.finding.status.value,
            "message": str(result.finding.message),
            "fix": result.finding.fix,
            "fixable_by": result.finding.fixable_by,
            "docs": result.check.docs,
        }
        if chinese:
            entry["message_zh"] = localized(result.finding.message, "zh")
        entries.append(entry)
    return entries


def fleet_to_dict(fleet: Fleet) -> dict[str, Any]:
    machines = []
    for machine in fleet.machines:
        facts = machine.facts
        machines.append(
            {
                "name": machine.name,
                "bundle": machine.source,
                "worst": machine.worst.value,
                "summary": {status.value: machine.count(status) for status in STATUS_RANK},
                "environment": {
                    "hostname": facts.hostname,
                    "user": facts.user,
                    "distro_name": facts.distro_name,
                    "wsl": facts.wsl,
                    "wsl_version": facts.wsl_version,
                    "distro": facts.distro,
                    "kernel": facts.kernel,
                    "go_version": facts.go_version,
                    "go_target": facts.go_target,
                    "arch": facts.arch,
                    "captured": facts.captured,
                },
                "policy": (machine.policy_status() or Status.SKIPPED).value if fleet.policy_path else None,
                "checks": _finding_entries(machine),
                "fixes": list(machine.fixes),
            }
        )
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": KIND,
        "wslgo_version": __version__,
        "generated": fleet.generated,
        "policy": fleet.policy_path,
        "summary": {
            "machines": len(fleet.machines),
            "with_errors": fleet.count_machines(Status.ERROR),
            "with_warnings_only": fleet.count_machines(Status.WARNING),
            "without_problems": fleet.all_clear,
        },
        "common_findings": [
            {
                "id": item.check.id,
                "title": item.check.title,
                "status": item.status.value,
                "count": item.count,
                "machines": [fleet.machine(index).name for index in item.machines],
            }
            for item in fleet.common
        ],
        "machines": machines,
    }


def render_json(fleet: Fleet) -> str:
    return json.dumps(fleet_to_dict(fleet), indent=2, ensure_ascii=False) + "\n"
