"""Disk full during extraction, for real: WSLGO_HOME on a tmpfs just big enough for the download.

The install must fail with one line, and the installed SDKs, the active one and the sdk/ directory stay
exactly as before, with no temp dirs behind. Needs root to mount a tmpfs (skipped elsewhere).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.conftest import Archives
from tests.integration.sdk.helpers import current_target, leftovers, run_cli, sdk_root, snapshot
from tests.integration.sdk.mirror import Mirror

pytestmark = pytest.mark.integration


def _mount(target: Path, options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def small_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    home = tmp_path / "small-fs"
    home.mkdir()
    if _mount(home, "size=256m").returncode != 0:
        pytest.skip("this machine does not allow mounting a tmpfs")
    monkeypatch.setenv("WSLGO_HOME", str(home))
    try:
        yield home
    finally:
        subprocess.run(["umount", "-l", str(home)], check=False)


def _used_bytes(path: Path) -> int:
    stats = os.statvfs(path)
    return (stats.f_blocks - stats.f_bfree) * stats.f_frsize


def test_disk_full_mid_extraction_leaves_everything_as_before(
    mirror: Mirror, go_archives: Archives, small_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(capsys, "go", "install", "1.27.1")[0] == 0
    before = snapshot(sdk_root())
    # Room for the slim archive's download plus a little, far less than its extracted tree.
    archive_size = go_archives.by_version["go1.27.3"].path.stat().st_size
    limit_mib = (_used_bytes(small_home) + archive_size) // (1 << 20) + 8
    remount = subprocess.run(
        ["mount", "-o", f"remount,size={limit_mib}m", str(small_home)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert remount.returncode == 0, remount.stderr

    code, _, err = run_cli(capsys, "go", "install", "1.27.3")

    assert code != 0
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "space" in err.lower(), err
    assert snapshot(sdk_root()) == before
    assert current_target() == "go1.27.1"
    assert leftovers() == []
