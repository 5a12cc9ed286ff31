"""Find a project's main packages (the directories ``go build`` makes a command from).

Read from the file system with a cheap scan of ``package`` clauses rather than ``go list``: it must work
before the module builds and without a Go toolchain, and the launch configurations need only the paths.
"""

from __future__ import annotations

import re
from pathlib import Path

_PACKAGE_MAIN = re.compile(rb"^\s*package\s+main\b", re.MULTILINE)
_SKIP = {"vendor", "testdata", "node_modules"}
MAX_DEPTH = 3


def _is_main_dir(directory: Path) -> bool:
    for source in sorted(directory.glob("*.go")):
        if source.name.endswith("_test.go"):
            continue
        try:
            head = source.read_bytes()[:8192]
        except OSError:
            continue
        if _PACKAGE_MAIN.search(head):
            return True
    return False


def main_packages(project: Path) -> list[str]:
    """Project-relative directories holding ``package main`` (``.`` for the root), sorted."""
    found: list[str] = []

    def walk(directory: Path, depth: int) -> None:
        if _is_main_dir(directory):
            relative = directory.relative_to(project).as_posix()
            found.append(relative if relative != "." else ".")
        if depth >= MAX_DEPTH:
            return
        try:
            children = sorted(p for p in directory.iterdir() if p.is_dir() and not p.is_symlink())
        except OSError:
            return
        for child in children:
            if child.name.startswith((".", "_")) or child.name in _SKIP:
                continue
            walk(child, depth + 1)

    walk(project, 0)
    return found


def read_optional(path: Path) -> bytes | None:
    """The file's bytes, or ``None`` when it does not exist."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
