"""extract_go_archive against GNU tar on the real (repacked) SDK, and the members only threads could race on.

The writer pool creates files out of archive order, so these tests pin down that the result is exactly
what ``tar -xzf`` produces (contents, executable bits, file mtimes) with one thread and with several.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import stat
import subprocess
import tarfile
from pathlib import Path

import pytest

from tests.integration.conftest import Archives
from tests.integration.sdk.conftest import make_tar_gz
from wslgo.errors import WslgoError
from wslgo.sdk.extract import UnsafeArchiveError, extract_go_archive

pytestmark = pytest.mark.integration


def describe(root: Path) -> dict[str, tuple[str, bool, int, str]]:
    """path → (kind, executable, file mtime, content hash or link target)."""
    found: dict[str, tuple[str, bool, int, str]] = {}
    for directory, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(directory) / name
            info = path.lstat()
            relative = str(path.relative_to(root))
            if stat.S_ISLNK(info.st_mode):
                found[relative] = ("link", False, 0, os.readlink(path))
            elif stat.S_ISDIR(info.st_mode):
                found[relative] = ("dir", True, 0, "")
            else:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                found[relative] = ("file", bool(info.st_mode & 0o100), int(info.st_mtime), digest)
    return found


@pytest.mark.parametrize("threads", [1, 4])
def test_same_tree_as_gnu_tar(go_archives: Archives, tmp_path: Path, threads: int) -> None:
    archive = go_archives.by_version["go1.27.3"].path
    by_tar = tmp_path / "tar"
    by_tar.mkdir()
    subprocess.run(["tar", "-xzf", str(archive), "-C", str(by_tar)], check=True)
    ours = tmp_path / "ours"
    ours.mkdir()
    tree = extract_go_archive(archive, ours, threads=threads)
    assert tree == ours / "go"
    expected = describe(by_tar)
    assert len(expected) > 1000
    assert describe(ours) == expected


def _dir(name: str) -> tuple[tarfile.TarInfo, bytes | None]:
    info = tarfile.TarInfo(name)
    info.type, info.mode = tarfile.DIRTYPE, 0o755
    return info, None


def _file(name: str, data: bytes) -> tuple[tarfile.TarInfo, bytes | None]:
    info = tarfile.TarInfo(name)
    info.mode, info.mtime = 0o644, 1_700_000_000
    return info, data


def _link(name: str, kind: bytes, target: str) -> tuple[tarfile.TarInfo, bytes | None]:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, target
    return info, None


def test_links_see_every_earlier_member(tmp_path: Path) -> None:
    members = [_dir("go")] + [_file(f"go/lib/f{i}", b"%d" % i) for i in range(300)]
    members += [_link("go/hard", tarfile.LNKTYPE, "go/lib/f299"), _link("go/soft", tarfile.SYMTYPE, "lib/f7")]
    archive = make_tar_gz(tmp_path / "links.tar.gz", members)
    (tmp_path / "out").mkdir()
    tree = extract_go_archive(archive, tmp_path / "out", threads=4)
    assert (tree / "hard").read_bytes() == b"299" and (tree / "hard").stat().st_nlink == 2
    assert (tree / "soft").read_bytes() == b"7" and (tree / "soft").is_symlink()


@pytest.mark.parametrize(
    "members",
    [
        [_dir("go"), _file("go/x", b"1"), _file("go/x", b"2")],
        [_dir("go"), _file("go/x", b"1"), _dir("go/x")],
        [_dir("go"), _file("go/x", b"1"), _file("go/x/y", b"2")],
    ],
    ids=["file-twice", "file-then-dir", "file-then-child"],
)
def test_members_that_clash_fail_whatever_thread_runs_first(
    tmp_path: Path, members: list[tuple[tarfile.TarInfo, bytes | None]]
) -> None:
    archive = make_tar_gz(tmp_path / "clash.tar.gz", members)
    (tmp_path / "out").mkdir()
    with pytest.raises(UnsafeArchiveError, match=r"'go/x.*' appears twice or clashes"):
        extract_go_archive(archive, tmp_path / "out", threads=4)


def test_a_tar_cut_short_inside_valid_gzip_is_invalid(tmp_path: Path) -> None:
    whole = make_tar_gz(tmp_path / "whole.tar.gz", [_dir("go"), _file("go/big", os.urandom(100_000))])
    archive = tmp_path / "cut.tar.gz"
    archive.write_bytes(gzip.compress(gzip.decompress(whole.read_bytes())[:50_000]))
    (tmp_path / "out").mkdir()
    with pytest.raises(WslgoError, match=r"not a valid \.tar\.gz archive"):
        extract_go_archive(archive, tmp_path / "out", threads=2)
