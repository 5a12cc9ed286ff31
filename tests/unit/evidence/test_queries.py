"""The one reader of ``go env -json`` from evidence: values, or the reason a check reports as skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import cmd, make_evidence
from tests.unit.checks.gohelpers import real_go_env
from wslgo.evidence.model import CommandResult
from wslgo.evidence.queries import go_env, go_env_values, read_go_env
from wslgo.golang.goproxy import parse_goproxy


def test_real_go_env_json_is_read(go_binary: Path) -> None:
    stdout = real_go_env(go_binary, {"GOPROXY": "https://a.example|direct"})
    evidence = make_evidence(commands=[cmd("go", "env", "-json", stdout=stdout)])
    read = go_env(evidence)
    assert read.values is not None and read.values["GOPROXY"] == "https://a.example|direct"
    assert go_env_values(evidence) == read.values


@pytest.mark.parametrize(
    ("result", "reason"),
    [
        (None, "`go env -json` was not recorded in the evidence"),
        (
            cmd("go", "env", "-json", rc=None, error="not-found"),
            "no `go` on PATH, so `go env -json` could not run",
        ),
        (cmd("go", "env", "-json", rc=None, error="timeout"), "`go env -json` did not complete (timeout)"),
        (
            cmd("go", "env", "-json", rc=1, stderr="go: GOPATH entry is relative\nmore"),
            "`go env -json` failed with exit code 1: go: GOPATH entry is relative",
        ),
        (cmd("go", "env", "-json", stdout="[]"), "go env -json output is a JSON list, expected an object"),
    ],
)
def test_unavailable_go_env_says_why(result: CommandResult | None, reason: str) -> None:
    read = read_go_env(result)
    assert read.values is None and read.reason == reason
    evidence = make_evidence(commands=[result] if result is not None else [])
    assert go_env_values(evidence) == {}


def test_network_urls_are_what_the_go_command_contacts() -> None:
    # A bare host gets https:// (as the go command adds it); file:// and anything after direct are not
    # contacted; a repeated URL is probed once.
    proxies = parse_goproxy(
        "corp.example/go|https://a.example,file:///srv/mods,https://a.example,direct,https://b"
    )
    assert proxies.network_urls == ["https://corp.example/go", "https://a.example"]
