"""How a shell export is recognised (``golang.shellrc.parse_assignments``) agrees with what bash does.

Each statement runs in a real ``bash`` with an empty environment, once with NAME not exported and once with
NAME already exported; ``env`` afterwards says whether the go command (a child process) would see NAME and
with which value. ``exported=True`` must put it there, ``False`` must keep it out, and ``None`` (a plain
assignment) must follow whether NAME was exported before.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from wslgo.golang.shellrc import parse_assignments, statements

BASH = shutil.which("bash")

STATEMENTS = [
    "export GOPATH=/mnt/d/go",
    "export GOPATH='/mnt/d/my go'",
    'export GOPATH="/mnt/d/go"  # comment',
    "declare -x GOPATH=/mnt/d/go",
    "typeset -x GOPATH=/mnt/d/go",
    "declare -gx GOPATH=/mnt/d/go",
    "declare -rx GOPATH=/mnt/d/go",
    "export -n GOPATH=/mnt/d/go",
    "declare +x GOPATH=/mnt/d/go",
    "GOPATH=/mnt/d/go",
    "GOPATH=/mnt/d/go GOBIN=/x",
    "export GOBIN=/x GOPATH=/mnt/d/go",
    "declare GOPATH=/mnt/d/go",
    "readonly GOPATH=/mnt/d/go",
]


def _bash_env(statement: str, pre_exported: bool) -> str | None:
    assert BASH is not None
    env = {"PATH": "/usr/bin:/bin"}
    if pre_exported:
        env["GOPATH"] = "/before"
    done = subprocess.run(
        [BASH, "--noprofile", "--norc", "-c", f"{statement}\nenv -0"],
        env=env,
        capture_output=True,
        check=True,
        timeout=10,
    )
    for item in done.stdout.split(b"\0"):
        name, _, value = item.decode().partition("=")
        if name == "GOPATH":
            return value
    return None


@pytest.mark.skipif(BASH is None, reason="no bash")
@pytest.mark.parametrize("line", STATEMENTS)
def test_recognition_matches_bash(line: str) -> None:
    (statement,) = statements(line)
    found = [a for a in parse_assignments(statement) if a.name == "GOPATH"]
    assert len(found) == 1, found
    ours = found[0]
    for pre_exported in (False, True):
        seen = _bash_env(line, pre_exported)
        if ours.exported is True:
            assert seen == ours.value, (line, pre_exported)
        elif ours.exported is False:
            assert seen is None, (line, pre_exported)
        else:
            assert seen == (ours.value if pre_exported else None), (line, pre_exported)


@pytest.mark.skipif(BASH is None, reason="no bash")
def test_command_scoped_assignment_is_not_an_assignment() -> None:
    (statement,) = statements("GOPATH=/mnt/d/go true")
    assert parse_assignments(statement) == []
    assert _bash_env("GOPATH=/mnt/d/go true", pre_exported=False) is None
