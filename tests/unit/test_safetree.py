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
        safetree.Entry("d/pipe", "special"),
        safetree.Entry("d/to-dir", "symlink"),
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


def test_a_tree_nested_thousands_deep_is_walked_without_recursion(tmp_path: Path) -> None:
    root = tmp_path / "deep"
    root.mkdir()
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    for _ in range(3000):  # deeper than PATH_MAX allows by name: built relative to each directory
        os.mkdir("d", dir_fd=fd)
        next_fd = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
        os.close(fd)
        fd = next_fd
    with open(os.open("leaf.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "wb") as leaf:
        leaf.write(b"deep\n")
    os.close(fd)
    try:
        before = len(os.listdir("/proc/self/fd"))
        entries = list(safetree.walk(root))
        assert entries == [safetree.Entry("/".join(["d"] * 3000) + "/leaf.txt", "file")]
        with safetree.open_regular(root, entries[0].relative) as handle:
            assert handle.read() == b"deep\n"
        assert len(os.listdir("/proc/self/fd")) == before
    finally:
        _remove_deep(root, 3000)


def _remove_deep(root: Path, depth: int) -> None:
    """Bottom-up removal one level at a time (rmtree would recurse 3000 deep)."""
    previous = os.getcwd()
    try:
        os.chdir(root)
        for _ in range(depth):
            os.chdir("d")
        os.unlink("leaf.txt")
        for _ in range(depth):
            os.chdir("..")
            os.rmdir("d")
    finally:
        os.chdir(previous)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads mode-000 directories")
def test_an_unreadable_directory_is_reported(tree: Path) -> None:
    (tree / "d" / "e").chmod(0)
    try:
        assert safetree.Entry("d/e", "unreadable") in list(safetree.walk(tree))
    finally:
        (tree / "d" / "e").chmod(0o755)
