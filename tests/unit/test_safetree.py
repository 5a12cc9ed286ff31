"""Walking and opening a foreign tree: links are reported, never followed; special files never opened."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from wslgo import safetree


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    (root / "d" / "e").mkdir(parents=True)
    (root / "d" / "e" / "f.txt").write_text("plain\n")
    (root / "top.txt").write_text("top\n")
    (tmp_path / "secret").write_text("secret\n")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "x.txt").write_text("x\n")
    (root / "to-secret").symlink_to(tmp_path / "secret")
    (root / "d" / "to-dir").symlink_to(tmp_path / "elsewhere")
    os.mkfifo(root / "d" / "pipe")
    return root


def test_walk_reports_links_and_special_files_without_entering_them(tree: Path) -> None:
    assert list(safetree.walk(tree)) == [
        safetree.Entry("to-secret", "symlink"),
        safetree.Entry("top.txt", "file"),
        safetree.Entry("d/to-dir", "symlink"),
        safetree.Entry("d/pipe", "special"),
        safetree.Entry("d/e/f.txt", "file"),
    ]
    assert [e.relative for e in safetree.walk(tree, prune=lambda d: d == "d")] == ["to-secret", "top.txt"]


def test_open_regular_reads_plain_files_only(tree: Path) -> None:
    with safetree.open_regular(tree, "d/e/f.txt") as handle:
        assert handle.read() == b"plain\n"
    for relative, kind in [("to-secret", "symlink"), ("d/to-dir/x.txt", "symlink"), ("d/pipe", "special")]:
        with pytest.raises(safetree.NotRegularFile) as caught:
            safetree.open_regular(tree, relative)
        assert caught.value.kind == kind and caught.value.relative in relative
    with pytest.raises(FileNotFoundError):
        safetree.open_regular(tree, "d/missing")
    with pytest.raises(ValueError, match="plain relative path"):
        safetree.open_regular(tree, "d/../top.txt")
