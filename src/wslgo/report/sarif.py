"""``--format sarif``: SARIF 2.1.0 for code-scanning UIs; rules are the checks, results the findings.

``ok`` and ``skipped`` findings are not results (SARIF results are problems or notes). A ``path:line`` in
a message becomes a physical location so CI annotations point at the file.
"""

from __future__ import annotations

import json
import re
from typing import Any

from wslgo.checks.model import Status
from wslgo.report.model import Report

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Status.ERROR: "error", Status.WARNING: "warning", Status.INFO: "note"}
_LOCATION = re.compile(r"(?P<path>(?:~|/)[^\s:,;()'\"`]+):(?P<line>\d+)")
PROJECT_URI = "https://github.com/wslgo/wslgo"


def _locations(message: str) -> list[dict[str, Any]]:
    match = _LOCATION.search(message)
    if not match:
        return []
    return [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": match["path"]},
                "region": {"startLine": int(match["line"])},
            }
        }
    ]


def render_sarif(report: Report) -> str:
    rules: dict[str, dict[str, Any]] = {}
    results: list[dict[str, Any]] = []
    for r in report.results:
        if r.check.id not in rules:
            rules[r.check.id] = {
                "id": r.check.id,
                "name": r.check.title,
                "shortDescription": {"text": r.check.title},
                "helpUri": f"{PROJECT_URI}/blob/main/{r.check.docs}",
                "properties": {"category": r.check.category},
            }
        level = _LEVEL.get(r.finding.status)
        if level is None:
            continue
        text = r.finding.message + (f" Fix: {r.finding.fix}" if r.finding.fix else "")
        result: dict[str, Any] = {
            "ruleId": r.check.id,
            "ruleIndex": list(rules).index(r.check.id),
            "level": level,
            "message": {"text": text},
        }
        locations = _locations(r.finding.message)
        if locations:
            result["locations"] = locations
        results.append(result)
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "wslgo",
                        "version": report.wslgo_version,
                        "informationUri": PROJECT_URI,
                        "rules": list(rules.values()),
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
