"""``--format json``: the versioned machine contract of SPEC §3 (``schema_version`` 1).

``message``, ``fix`` and ``title`` are English in every language, so scripts never depend on the locale.
When the UI is Chinese each check entry also carries ``title_zh``, ``message_zh`` and ``fix_zh`` (``null``
exactly when ``fix`` is): the same text a Chinese reader sees in the text report. Nothing else differs.
"""

from __future__ import annotations

import json
from typing import Any

from wslgo.i18n import current_language, localized, translate
from wslgo.report.model import SCHEMA_VERSION, Report


def report_to_dict(report: Report) -> dict[str, Any]:
    chinese = current_language() == "zh"
    checks: list[dict[str, Any]] = []
    for r in report.results:
        entry: dict[str, Any] = {
            "id": r.check.id,
            "title": r.check.title,
            "category": r.check.category,
            "status": r.finding.status.value,
            "message": str.__str__(r.finding.message),
            "fix": str.__str__(r.finding.fix) if r.finding.fix is not None else None,
            "fixable_by": r.finding.fixable_by,
            "docs": r.check.docs,
        }
        if chinese:
            entry["title_zh"] = translate(r.check.title, "zh")
            entry["message_zh"] = localized(r.finding.message, "zh")
            entry["fix_zh"] = localized(r.finding.fix, "zh") if r.finding.fix is not None else None
        checks.append(entry)
    return {
        "schema_version": SCHEMA_VERSION,
        "wslgo_version": report.wslgo_version,
        "summary": report.summary,
        "environment": report.environment,
        "checks": checks,
    }


def render_json(report: Report) -> str:
    return json.dumps(report_to_dict(report), indent=2, ensure_ascii=False) + "\n"
