"""``--format json``: the versioned machine contract of SPEC §3 (``schema_version`` 1)."""

from __future__ import annotations

import json
from typing import Any

from wslgo.report.model import SCHEMA_VERSION, Report


def report_to_dict(report: Report) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "wslgo_version": report.wslgo_version,
        "summary": report.summary,
        "environment": report.environment,
        "checks": [
            {
                "id": r.check.id,
                "title": r.check.title,
                "category": r.check.category,
                "status": r.finding.status.value,
                "message": r.finding.message,
                "fix": r.finding.fix,
                "fixable_by": r.finding.fixable_by,
                "docs": r.check.docs,
            }
            for r in report.results
        ],
    }


def render_json(report: Report) -> str:
    return json.dumps(report_to_dict(report), indent=2, ensure_ascii=False) + "\n"
