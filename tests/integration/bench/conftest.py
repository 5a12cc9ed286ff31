"""Fixtures for bench integration tests: tiny real Go modules written into tmp dirs."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def tiny_module(tmp_path: Path) -> Path:
    """A stdlib-free module (library + command): its cold build compiles only itself and the runtime
    link is skipped for the library, so a cold sample costs milliseconds, not the standard library."""
    project = tmp_path / "tiny"
    (project / "calc").mkdir(parents=True)
    (project / "go.mod").write_text("module example.com/tiny\n\ngo 1.21\n")
    (project / "calc" / "calc.go").write_text("package calc\n\nfunc Add(a, b int) int { return a + b }\n")
    return project


def scratch_left(*dirs: Path) -> list[Path]:
    return [entry for directory in dirs for entry in directory.glob("wslgo-bench-*")]
