"""``wslgo report`` as a command: formats, where it writes, and how it fails (one line, nothing half-written)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fleet_bundles import FIXTURES

pytestmark = pytest.mark.integration


def wslgo(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wslgo", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_format_follows_the_output_suffix_or_the_flag(tmp_path: Path) -> None:
    bundles = [str(path) for path in FIXTURES[:3]]
    assert wslgo("report", *bundles, "-o", "fleet.json", cwd=tmp_path).returncode == 0
    assert json.loads((tmp_path / "fleet.json").read_text(encoding="utf-8"))["kind"] == "wslgo-fleet-report"
    assert wslgo("report", *bundles, "-o", "fleet.md", cwd=tmp_path).returncode == 0
    assert (tmp_path / "fleet.md").read_text(encoding="utf-8").startswith("## wslgo fleet report: 3 machines")
    stdout = wslgo("report", *bundles, "--format", "markdown", cwd=tmp_path)
    assert stdout.returncode == 0 and stdout.stdout.startswith("## wslgo fleet report")
    page = wslgo("report", *bundles, cwd=tmp_path)
    assert page.stdout.startswith("<!DOCTYPE html>")


def test_usage_and_input_errors_are_one_line(tmp_path: Path) -> None:
    bad_format = wslgo("report", str(FIXTURES[0]), "--format", "pdf", cwd=tmp_path)
    assert (
        bad_format.returncode == 2
        and bad_format.stderr == "wslgo: --format 'pdf' is not one of: html, json, markdown\n"
    )
    missing = wslgo("report", "nowhere.tar.gz", cwd=tmp_path)
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1 and "nowhere.tar.gz" in missing.stderr
    into_dir = wslgo("report", str(FIXTURES[0]), "-o", str(tmp_path), cwd=tmp_path)
    assert into_dir.returncode == 2 and "is a directory" in into_dir.stderr
    (tmp_path / "policy.toml").write_text("[doctor]\nfail_on = 'error'\n", encoding="utf-8")
    typo = wslgo("report", str(FIXTURES[0]), "--policy", "policy.toml", cwd=tmp_path)
    assert typo.returncode == 2 and "policy.toml:2: unknown key 'doctor.fail_on'" in typo.stderr


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs needs root")
def test_a_full_disk_leaves_no_partial_report(tmp_path: Path) -> None:
    small = tmp_path / "small"
    small.mkdir()
    if subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(small)], check=False
    ).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        (small / "report.html").write_text("the previous report\n", encoding="utf-8")
        proc = wslgo(
            "report", *(str(path) for path in FIXTURES), "-o", str(small / "report.html"), cwd=tmp_path
        )
        assert proc.returncode == 1
        assert proc.stderr.startswith(f"wslgo: cannot write the report to {small / 'report.html'}: ")
        assert proc.stderr.count("\n") == 1
        assert (small / "report.html").read_text(encoding="utf-8") == "the previous report\n"
        assert sorted(p.name for p in small.iterdir()) == ["report.html"]  # no temp file left behind
    finally:
        subprocess.run(["umount", str(small)], check=False)
