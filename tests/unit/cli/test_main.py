"""The single error boundary and the exit-code contract (SPEC §1)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer

from wslgo.cli import app as cli_app
from wslgo.cli import main as cli_main
from wslgo.errors import ExitCode, InputError, UsageError, WslgoError

REPO = Path(__file__).resolve().parents[3]


def test_exit_codes_are_the_documented_ones() -> None:
    assert [int(c) for c in ExitCode] == [0, 1, 2, 3]
    assert UsageError("x").exit_code == ExitCode.USAGE
    assert InputError("x").exit_code == ExitCode.USAGE
    assert WslgoError("x").exit_code == ExitCode.PROBLEMS


def test_version_and_help_exit_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main.main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("wslgo ")
    assert cli_main.main(["--help"]) == 0


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main.main(["frobnicate"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "frobnicate" in err


def _app_with(command: object) -> typer.Typer:
    app = typer.Typer()
    app.command("boom")(command)  # type: ignore[arg-type]
    app.command("other")(lambda: None)
    return app


@pytest.mark.parametrize(
    ("exc", "code"),
    [(UsageError("bad --flag value 'x' (expected a number)"), 2), (WslgoError("refused"), 1)],
)
def test_expected_errors_print_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], exc: WslgoError, code: int
) -> None:
    def boom() -> None:
        raise exc

    monkeypatch.setattr(cli_app, "build_app", lambda command: _app_with(boom))
    assert cli_main.main(["boom"]) == code
    err = capsys.readouterr().err
    assert err == f"wslgo: {exc.message}\n"


def test_internal_error_hides_traceback_unless_debug(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def boom() -> None:
        raise KeyError("surprise")

    monkeypatch.setattr(cli_app, "build_app", lambda command: _app_with(boom))
    assert cli_main.main(["boom"]) == 3
    err = capsys.readouterr().err
    assert "internal error" in err and "Traceback" not in err and "--debug" in err
    monkeypatch.setenv("WSLGO_DEBUG", "1")
    assert cli_main.main(["boom"]) == 3
    assert "Traceback" in capsys.readouterr().err


def test_console_script_runs_in_a_subprocess() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "wslgo", "--version"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0 and proc.stdout.startswith("wslgo ")


def test_ci_runs_the_readme_test_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line for line in readme.splitlines() if "pytest" in line and line.startswith("python3")]
    assert len(commands) == 1, "README must hold exactly one test command"
    assert commands[0] in ci.splitlines()
