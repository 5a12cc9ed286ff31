"""A downloaded SDK archive that extraction or verification refuses is deleted from ``downloads/``.

It matched the index's sha256, so a kept copy would be reused by the next ``go install`` and fail the
same way, forever. Driven through the real CLI against the local mirror (real archives, real HTTP).
"""

from __future__ import annotations

import os
import tarfile
from pathlib import Path

import pytest

from tests.integration.conftest import Archives, add_release
from tests.integration.sdk.conftest import make_tar_gz
from tests.integration.sdk.helpers import run_cli
from tests.integration.sdk.mirror import Mirror

pytestmark = pytest.mark.integration


def _downloads() -> list[str]:
    folder = Path(os.environ["WSLGO_HOME"]) / "downloads"
    return sorted(path.name for path in folder.iterdir()) if folder.is_dir() else []


def _unsafe_archive(path: Path) -> Path:
    top = tarfile.TarInfo("go/")
    top.type = tarfile.DIRTYPE
    top.mode = 0o755
    escape = tarfile.TarInfo("go/../escaped.txt")
    escape.mode = 0o644
    return make_tar_gz(path, [(top, None), (escape, b"x")])


def _flipped_archive(archives: Archives, path: Path) -> Path:
    data = bytearray(archives.by_version["go1.27.2"].path.read_bytes())
    for offset in range(len(data) // 2, len(data) // 2 + 64):
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("kind", ["unsafe-member", "damaged", "wrong-version"])
def test_refused_archive_is_not_kept_in_downloads(
    mirror: Mirror,
    go_archives: Archives,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    kind: str,
) -> None:
    if kind == "unsafe-member":
        archive = _unsafe_archive(tmp_path / "unsafe.tar.gz")
    elif kind == "damaged":
        archive = _flipped_archive(go_archives, tmp_path / "damaged.tar.gz")
    else:
        archive = go_archives.by_version["go1.27.2"].path  # its go says go1.27.2, the index says 1.27.4
    add_release(mirror, "go1.27.4", archive)  # the index vouches for these bytes: only unpacking can tell
    code, _, err = run_cli(capsys, "go", "install", "1.27.4", "--refresh")
    assert code == 1 and len(err.splitlines()) == 1, err
    assert _downloads() == []


def test_a_good_archive_still_installs_after_a_refused_one(
    mirror: Mirror, go_archives: Archives, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    add_release(mirror, "go1.27.4", _unsafe_archive(tmp_path / "unsafe.tar.gz"))
    assert run_cli(capsys, "go", "install", "1.27.4", "--refresh")[0] == 1
    assert run_cli(capsys, "go", "install", "1.27.1")[0] == 0
    assert _downloads() == []
