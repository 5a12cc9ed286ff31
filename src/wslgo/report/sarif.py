"""``--format sarif``: SARIF 2.1.0 for code-scanning UIs; rules are the checks, results the findings.

``ok`` and ``skipped`` findings are not results (SARIF results are problems or notes). A ``path:line`` in
a message becomes a physical location so CI annotations point at the file.

For GitHub code scanning (``doctor --policy`` in CI) every result needs a location inside the repository:
with ``base_dir`` and ``fallback_location`` (the policy file), locations are made relative to ``base_dir``,
and a result whose message names no file there points at the fallback file instead.
"""

from __future__ import annotations

import json
import posixpath
import re
from typing import Any

from wslgo.checks.model import Status
from wslgo.report.model import Report

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Status.ERROR: "error", Status.WARNING: "warning", Status.INFO: "note"}
_LOCATION = re.compile(r"(?P<path>(?:~|/)[^\s:,;()'\"`]+):(?P<line>\d+)")
PROJECT_URI = "https://github.com/wslgo/wslgo"


def _location(uri: str, line: int) -> list[dict[str, Any]]:
    return [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": {"startLine": line}}}]


def _locations(message: str) -> list[dict[str, Any]]:
    match = _LOCATION.search(message)
    if not match:
        return []
    return _location(match["path"], int(match["line"]))


def _repository_locations(message: str, base_dir: str, fallback: str) -> list[dict[str, Any]]:
    """The first ``path:line`` under ``base_dir`` (relative), else line 1 of ``fallback`` (relative)."""
    base = base_dir.rstrip("/") + "/"
    for match in _LOCATION.finditer(message):
        if match["path"].startswith(base):
            return _location(match["path"][len(base) :], int(match["line"]))
    if fallback.startswith(base):
        fallback = fallback[len(base) :]
    return _location(posixpath.normpath(fallback), 1)


def render_sarif(report: Report, base_dir: str | None = None, fallback_location: str | None = None) -> str:
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
        if base_dir is not None and fallback_location is not None:
            locations = _repository_locations(r.finding.message, base_dir, fallback_location)
        else:
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
