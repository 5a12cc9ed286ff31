"""The archive member filter (pure: TarInfo in, verdict out)."""

from __future__ import annotations

import tarfile

import pytest

from wslgo.sdk.extract import UnsafeArchiveError, check_member
from wslgo.sdk.links import LinkTable


def member(name: str, kind: bytes = tarfile.REGTYPE, linkname: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = linkname
    return info


@pytest.mark.parametrize(
    ("name", "normalized"),
    [("go", "go"), ("go/bin/go", "go/bin/go"), ("./go//src/./fmt/print.go", "go/src/fmt/print.go")],
)
def test_members_under_go_are_accepted(name: str, normalized: str) -> None:
    kind = tarfile.DIRTYPE if name == "go" else tarfile.REGTYPE
    assert check_member(member(name, kind), "a.tgz", LinkTable()) == normalized


@pytest.mark.parametrize(
    ("info", "message"),
    [
        (member("go/../x"), "outside the top-level"),
        (member("/etc/passwd"), "outside the top-level"),
        (member("gopher/x"), "outside the top-level"),
        (member("go"), "is not a directory"),
        (member("go/l", tarfile.SYMTYPE, "/etc"), "points outside"),
        (member("go/a/l", tarfile.SYMTYPE, "../../x"), "points outside"),
        (member("go/h", tarfile.LNKTYPE, "../x"), "hard link"),
        (member("go/h", tarfile.LNKTYPE, "other/x"), "hard link"),
        (member("go/dev", tarfile.BLKTYPE), "device file"),
        (member("go/fifo", tarfile.FIFOTYPE), "fifo file"),
    ],
)
def test_escapes_and_special_files_are_rejected(info: tarfile.TarInfo, message: str) -> None:
    with pytest.raises(UnsafeArchiveError, match=message):
        check_member(info, "a.tgz", LinkTable())


def test_links_inside_go_are_fine_but_nothing_is_written_through_them() -> None:
    assert check_member(member("go/a/l", tarfile.SYMTYPE, "../b"), "a.tgz", LinkTable()) == "go/a/l"
    assert check_member(member("go/h", tarfile.LNKTYPE, "go/bin/go"), "a.tgz", LinkTable()) == "go/h"
    with pytest.raises(UnsafeArchiveError, match="written through a link"):
        check_member(member("go/a/l/file"), "a.tgz", LinkTable({"go/a/l": "../b"}))
