"""``wslgo ci hook install`` with real git: a push is refused exactly when the workflow fails, the hook is
written by the apply engine (undo removes it), another hook is kept and chained, core.hooksPath wins."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.integration.ci.conftest import Module
from wslgo.cli.main import main

pytestmark = pytest.mark.integration

WORKFLOW = "on: push\njobs:\n  test:\n    steps:\n      - run: go test ./...\n"
CALC = "package calc\n\nfunc Add(a, b int) int { return a + b }\n"
CALC_TEST = (
    'package calc\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) {\n\tif Add(1, 2) != 3 {\n'
    '\t\tt.Fatal("1+2")\n\t}\n}\n'
)


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=check)


@pytest.fixture
def repo(go_module: Module, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Module, Path]:
    for name, value in (("NAME", "Test"), ("EMAIL", "test@example.com")):
        monkeypatch.setenv(f"GIT_AUTHOR_{name}", value)
        monkeypatch.setenv(f"GIT_COMMITTER_{name}", value)
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(go_module.root, "init", "-q", "-b", "main")
    git(go_module.root, "remote", "add", "origin", str(remote))
    go_module.write("go.mod", "module example.com/calc\n\ngo 1.22\n")
    go_module.write("calc.go", CALC)
    go_module.write("calc_test.go", CALC_TEST)
    go_module.workflow(WORKFLOW)
    git(go_module.root, "add", ".")
    git(go_module.root, "commit", "-q", "-m", "calc")
    return go_module, remote


def test_hook_blocks_a_push_ci_would_fail_and_undo_removes_it(
    repo: tuple[Module, Path], go_binary: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    module, _remote = repo
    assert (
        main(["ci", "hook", "install", "--project", str(module.root), "--go", str(go_binary), "--yes"]) == 0
    )
    out = capsys.readouterr().out
    hook = module.root / ".git" / "hooks" / "pre-push"
    assert f"created: {hook}" in out and hook.stat().st_mode & 0o111
    assert git(module.root, "push", "-q", "origin", "main").returncode == 0

    module.write("calc_test.go", CALC_TEST.replace("!= 3", "!= 4"))
    git(module.root, "commit", "-q", "-am", "break the test")
    refused = git(module.root, "push", "origin", "main", check=False)
    assert refused.returncode != 0
    assert (
        "1+2" in refused.stdout + refused.stderr and "first failure: test" in refused.stdout + refused.stderr
    )
    assert "failed to push" in refused.stderr

    assert main(["undo"]) == 0
    assert not hook.exists()
    assert git(module.root, "push", "-q", "origin", "main").returncode == 0  # no hook: the push goes through


def test_existing_hook_is_kept_chained_and_core_hooks_path_is_honoured(
    repo: tuple[Module, Path], go_binary: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    module, _remote = repo
    hooks = module.root / ".githooks"
    hooks.mkdir()
    git(module.root, "config", "core.hooksPath", ".githooks")
    theirs = hooks / "pre-push"
    marker = module.root / "their-hook-ran"
    theirs.write_text(
        f'#!/bin/sh\nwhile read local_ref rest; do echo "$local_ref" >> "{marker}"; done\nexit 0\n'
    )
    theirs.chmod(0o750)
    original = theirs.read_bytes()

    args = ["ci", "hook", "install", "--project", str(module.root), "--go", str(go_binary), "--yes"]
    assert main(args) == 1
    assert "re-run with --chain" in capsys.readouterr().err
    assert theirs.read_bytes() == original and not (module.root / ".git" / "hooks" / "pre-push").exists()

    assert main([*args, "--chain"]) == 0
    capsys.readouterr()
    chained = hooks / "pre-push.wslgo-chained"
    assert chained.read_bytes() == original and (chained.stat().st_mode & 0o777) == 0o750
    pushed = git(module.root, "push", "origin", "main", check=False)
    assert pushed.returncode == 0, pushed.stdout + pushed.stderr
    assert marker.read_text().strip() == "refs/heads/main"  # their hook got git's stdin
    assert "1 passed, 0 failed" in pushed.stdout + pushed.stderr

    assert main(["undo"]) == 0
    assert theirs.read_bytes() == original and not chained.exists()
    assert (theirs.stat().st_mode & 0o777) == 0o750
    assert os.listdir(hooks) == ["pre-push"]
