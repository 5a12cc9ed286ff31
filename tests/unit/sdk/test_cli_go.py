"""CLI behaviour that needs no network: usage errors, empty store, the sudo hint."""

from __future__ import annotations

import pytest

from wslgo.cli.go import sudo_command
from wslgo.cli.main import main


def test_bad_version_is_exit_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["go", "install", "banana"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("wslgo: version 'banana' is not understood") and len(err.splitlines()) == 1


def test_empty_store(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["go", "list"]) == 0
    assert "no Go SDKs installed" in capsys.readouterr().out
    assert main(["go", "use", "1.27.3"]) == 1
    assert "1.27.3 is not installed (installed: none)" in capsys.readouterr().err


def test_gomod_without_gomod(capsys: pytest.CaptureFixture[str], tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    assert main(["go", "install", "go.mod"]) == 2
    assert "no go.mod in" in capsys.readouterr().err


def test_sudo_command_keeps_index_and_mirror() -> None:
    command = sudo_command(
        ["go", "install", "go1.27.3", "--system"], {"WSLGO_GO_MIRROR": "https://golang.google.cn/dl/"}
    )
    assert command.startswith("sudo env WSLGO_GO_MIRROR=https://golang.google.cn/dl/ ")
    assert command.endswith(" go install go1.27.3 --system")
