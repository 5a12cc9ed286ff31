"""Doctor's JSON report on every evidence fixture: the machine shapes' key findings, and a full snapshot.

The snapshot pins every message so an unintended change in any check shows up in review; regenerate with
``WSLGO_UPDATE_SNAPSHOTS=1 pytest tests/unit/test_bundle_snapshots.py`` after an intended one.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from wslgo.checks.registry import all_checks
from wslgo.checks.runner import run_checks
from wslgo.evidence.bundle import read_bundle
from wslgo.report.json_report import report_to_dict
from wslgo.report.model import build_report

BUNDLES = Path(__file__).resolve().parents[1] / "bundles"
SNAPSHOTS = BUNDLES / "snapshots"
NAMES = sorted(p.name for p in BUNDLES.iterdir() if (p / "meta.json").is_file())

#: What each machine shape must make doctor say (ID → status), beyond the snapshot.
KEY_FINDINGS: dict[str, dict[str, str]] = {
    "wsl2-ubuntu-healthy": {"WSL001": "ok", "GO001": "ok", "GO002": "ok", "GO021": "ok", "WSL010": "ok"},
    "wsl2-guide-verbatim": {
        "GO011": "error",
        "GO010": "warning",
        "GO020": "warning",
        "GO030": "warning",
        "GO013": "info",
    },
    "wsl2-windows-go-wins": {"GO002": "error", "WSL016": "warning"},
    "wsl1": {"WSL001": "warning"},
    "linux-plain": {"WSL001": "info", "WSL010": "skipped", "WSL016": "skipped", "GPU001": "skipped"},
    "wsl2-systemd-configured-not-running": {"WSL005": "warning"},
    "wsl2-gocache-on-mnt-c": {"GO021": "error"},
    "wsl2-gocache-root-owned": {"GO026": "error"},
    "wsl2-wslconfig-too-big": {"WSL012": "error", "WSL013": "error"},
    "wsl2-gpu-linux-driver": {"GPU002": "error", "GPU001": "info"},
    "wsl2-small-host-go-settings": {
        "WSL012": "warning",
        "WSL014": "warning",
        "GO005": "error",
        "GO012": "warning",
        "GO013": "warning",
        "GO014": "warning",
        "GO020": "warning",
    },
}


def doctor_json(name: str) -> dict[str, Any]:
    evidence = read_bundle(BUNDLES / name)
    report = build_report(evidence, run_checks(evidence, all_checks()))
    return report_to_dict(report)


def test_every_shape_has_key_findings() -> None:
    assert set(KEY_FINDINGS) <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_key_findings(name: str) -> None:
    statuses: dict[str, list[str]] = {}
    for entry in doctor_json(name)["checks"]:
        statuses.setdefault(entry["id"], []).append(entry["status"])
    for check_id, status in KEY_FINDINGS.get(name, {}).items():
        assert status in statuses[check_id], f"{name}: {check_id} is {statuses[check_id]}, expected {status}"
    if name == "wsl2-ubuntu-healthy":
        bad = {i: s for i, s in statuses.items() if {"warning", "error"} & set(s)}
        assert not bad, f"the healthy machine has problems: {bad}"


@pytest.mark.parametrize("name", NAMES)
def test_snapshot(name: str) -> None:
    report = doctor_json(name)
    rendered = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    snapshot = SNAPSHOTS / f"{name}.json"
    if os.environ.get("WSLGO_UPDATE_SNAPSHOTS") == "1":
        snapshot.write_text(rendered, encoding="utf-8")
    assert snapshot.is_file(), f"no snapshot for {name}: run with WSLGO_UPDATE_SNAPSHOTS=1"
    assert rendered == snapshot.read_text(encoding="utf-8")
