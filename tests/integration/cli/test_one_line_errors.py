"""Every failure is one line with exit 2 (input) or 1 (environment), never exit 3 (SPEC §11).

Each case is driven through the real CLI: a subprocess wherever the process's own streams matter
(closed stdout, /dev/full, an ASCII locale, a reader that went away), ``main()`` elsewhere.
"""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer

from tests.integration import tmpfs
from wslgo.cli.app import build_app
from wslgo.cli.main import main

pytestmark = pytest.mark.integration
full_tmpfs = tmpfs.full_tmpfs  # the fixture


def _wslgo(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    kwargs.setdefault("capture_output", "stdout" not in kwargs)
    if "stdout" in kwargs:
        kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([sys.executable, "-m", "wslgo", *args], check=False, timeout=120, **kwargs)


def _one_line(stderr: bytes | str) -> str:
    text = stderr.decode() if isinstance(stderr, bytes) else stderr
    assert text.count("\n") == 1 and text.startswith("wslgo: "), text
    assert "Traceback" not in text and "internal error" not in text, text
    return text


@pytest.fixture(autouse=True)
def _in_a_scratch_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty path used to mean '.': never let a regression write into the checkout."""
    scratch = tmp_path / "cwd"
    scratch.mkdir()
    monkeypatch.chdir(scratch)


#: Arguments that a build without the empty-path check rejects quickly (with another message) before
#: it would start serving, benchmarking or installing: such a build fails these tests fast.
STOP_EARLY = {
    "proxy serve": ["--listen", "nowhere"],
    "bench fs": ["--repeat", "0"],
    "bench build": ["--repeat", "0"],
    "bench proxy": ["--repeat", "0"],
    "setup": ["--memory", "lots"],
    "tools install": ["no-such-tool"],
    "tools update": ["no-such-tool"],
}


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    """A minimal valid bundle directory (meta.json only): doctor replays it with every check skipped."""
    root = tmp_path / "bundle"
    root.mkdir()
    meta = {"format": "wslgo-bundle", "version": 1, "created": "2026-11-01T12:00:00+00:00"}
    (root / "meta.json").write_text(json.dumps(meta))
    return root


# -- hostile JSON in a bundle -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("member", "content", "expected"),
    [
        ("env.json", "[" * 200_000 + "]" * 200_000, "env.json: line 1: invalid JSON: nested more than 500"),
        ("env.json", '{"A": ' + "9" * 100_000 + "}", "env.json: line 1: invalid JSON: a number with more"),
        ("commands.json", "[" + '{"a":' * 100_000, "commands.json: line 1: invalid JSON: nested more than"),
        ("paths.json", '{"/x": {"kind": "file", "size": -' + "1" * 5000 + "}}", "a number with more"),
    ],
)
def test_doctor_from_a_bundle_with_hostile_json(
    bundle: Path, capsys: pytest.CaptureFixture[str], member: str, content: str, expected: str
) -> None:
    (bundle / member).write_text(content)
    assert main(["doctor", "--from", str(bundle)]) == 2
    assert expected in _one_line(capsys.readouterr().err)
    assert main(["setup", "--from", str(bundle)]) == 2  # setup reads bundles the same way
    assert expected in _one_line(capsys.readouterr().err)


# -- standard output closed, full, gone; an ASCII-only locale ------------------------------------------


def test_doctor_with_stdout_closed(bundle: Path) -> None:
    proc = subprocess.run(
        ["sh", "-c", '"$0" -m wslgo doctor --from "$1" >&-', sys.executable, str(bundle)],
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "cannot write to standard output: it is closed" in _one_line(proc.stderr)


@pytest.mark.parametrize(
    "args",
    [
        ["doctor", "--from", "{bundle}"],
        ["doctor", "--from", "{bundle}", "--format", "json"],
        ["setup", "--from", "{bundle}"],  # typer + rich
        ["--help"],
    ],
)
def test_stdout_on_a_full_device(bundle: Path, args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        proc = _wslgo(*(arg.format(bundle=bundle) for arg in args), stdout=full)
    assert proc.returncode == 1
    assert "cannot write to standard output: no space left on device" in _one_line(proc.stderr)


@pytest.mark.parametrize(
    "args", [["--help"], ["setup", "--help"], ["proxy", "serve", "--help"], ["doctor", "--help"]]
)
def test_help_into_a_pipe_whose_reader_is_gone_exits_0_quietly(args: list[str]) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `| head -1` after its line: every write gets EPIPE
    try:
        proc = _wslgo(*args, stdout=write_end)
    finally:
        os.close(write_end)
    assert (proc.returncode, proc.stderr) == (0, b"")


def test_help_piped_to_head() -> None:
    proc = subprocess.run(
        ["bash", "-c", 'set -o pipefail; "$0" -m wslgo --help | head -1', sys.executable],
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert (proc.returncode, proc.stderr) == (0, b"")


def _tree(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "distro"
    (root / "etc").mkdir(parents=True)
    (root / "home" / "al").mkdir(parents=True)
    windows = tmp_path / "win"
    windows.mkdir()
    (windows / ".wslconfig").write_bytes(b"[wsl2]\r\nmemory=64GB\r\n")
    return root, windows


def test_setup_plan_in_an_ascii_only_locale(tmp_path: Path) -> None:
    root, windows = _tree(tmp_path)
    args = ["--root", str(root), "--windows-home", str(windows), "--memory", "32GB", "--processors", "8"]
    env = dict(os.environ, PYTHONIOENCODING="ascii", LANG="C", LC_ALL="C")
    proc = _wslgo("setup", "wslconfig", *args, "--dry-run", env=env)
    assert proc.returncode == 0, proc.stderr
    assert b"processors=6: ceil(0.7 x 8 logical CPUs) from --memory/--processors" in proc.stdout
    assert proc.stderr == b""


def test_an_error_naming_a_non_ascii_path_in_an_ascii_locale(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONIOENCODING="ascii")
    proc = _wslgo("setup", "--root", str(tmp_path / "目录"), "--dry-run", env=env)
    assert proc.returncode == 2
    assert "/??: not a directory" in _one_line(proc.stderr)


# -- numbers and paths on the command line -------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--list-ttl", "-5", "--list-ttl -5: expected zero or a positive number of seconds"),
        ("--list-ttl", "nan", "--list-ttl nan: expected zero or a positive number of seconds"),
        ("--timeout", "-1", "--timeout -1: expected a positive number of seconds"),
        ("--timeout", "0", "--timeout 0: expected a positive number of seconds"),
        ("--timeout", "inf", "--timeout inf: expected a positive number of seconds"),
        ("--timeout", "soon", "--timeout soon: expected a number of seconds such as 30 or 2.5"),
    ],
)
def test_proxy_durations_must_be_finite_and_not_negative(
    capsys: pytest.CaptureFixture[str], option: str, value: str, expected: str
) -> None:
    # --listen is invalid too, so a build that accepted the duration fails fast instead of serving.
    assert main(["proxy", "serve", option, value, "--listen", "nowhere"]) == 2
    assert expected in _one_line(capsys.readouterr().err)


@pytest.mark.parametrize("value", ["nan", "inf", "-2"])
def test_per_upstream_timeouts_must_be_finite_and_positive(value: str) -> None:
    # Validated after --listen, so a build that accepted the value would start serving: the timeout
    # of the run catches that.
    proc = _wslgo(
        "proxy", "serve", "--listen", "127.0.0.1:0", "--upstream-timeout", f"http://a.example={value}"
    )
    assert proc.returncode == 2
    expected = f"--upstream-timeout http://a.example={value}: expected a positive number of seconds"
    assert expected in _one_line(proc.stderr)


def _typer_commands(app: typer.Typer, prefix: list[str]) -> Iterator[tuple[list[str], Any]]:
    for command in app.registered_commands:
        assert command.callback is not None
        yield [*prefix, command.name or command.callback.__name__], command.callback
    for group in app.registered_groups:
        assert group.typer_instance is not None
        yield from _typer_commands(group.typer_instance, [*prefix, str(group.name)])


def _path_parameters() -> list[tuple[str, str, list[str]]]:
    """(test id, the name errors use, argv) for every Path parameter: ``''`` for it, placeholders for
    the other required parameters (arguments in their order)."""
    found = []
    for command, callback in _typer_commands(build_app(None), []):
        parameters = list(inspect.signature(callback).parameters.values())
        for parameter in parameters:
            if "Path" not in str(parameter.annotation):
                continue
            arguments: list[str] = []
            options: list[str] = []
            shown = parameter.name.upper()
            for other in parameters:
                info = other.default
                if isinstance(info, typer.models.ArgumentInfo):
                    if other is parameter:
                        arguments.append("")
                    elif info.default is ...:
                        arguments.append("placeholder")
                elif isinstance(info, typer.models.OptionInfo):
                    decl = str(info.param_decls[0]) if info.param_decls else ""
                    if other is parameter:
                        options = [decl, "", *options]
                        shown = decl
                    elif info.default is ...:
                        options += [decl, "placeholder"]
            test_id = f"{' '.join(command)}:{parameter.name}"
            stop_early = STOP_EARLY.get(" ".join(command), [])
            found.append((test_id, shown, [*command, *options, *arguments, *stop_early]))
    return found


def _path_infos() -> list[tuple[str, Any]]:
    infos = []
    for command, callback in _typer_commands(build_app(None), []):
        for parameter in inspect.signature(callback).parameters.values():
            if "Path" in str(parameter.annotation):
                infos.append((f"{' '.join(command)} {parameter.name}", parameter.default))
    return infos


PATH_PARAMETERS = _path_parameters()


def test_every_path_parameter_of_every_command_has_the_shared_parser() -> None:
    infos = _path_infos()
    assert len(infos) >= 30
    assert [name for name, info in infos if getattr(info, "parser", None) is None] == []


@pytest.mark.parametrize(
    ("shown", "args"),
    [case[1:] for case in PATH_PARAMETERS],
    ids=[case[0] for case in PATH_PARAMETERS],
)
def test_an_empty_path_is_refused_not_read_as_the_current_directory(
    capsys: pytest.CaptureFixture[str], shown: str, args: list[str]
) -> None:
    assert main(args) == 2
    assert f"{shown} '': expected a path" in _one_line(capsys.readouterr().err)


@pytest.mark.parametrize(
    "args",
    [
        ["doctor", "--from", ""],
        ["doctor", "--project", ""],
        ["doctor", "--output", ""],
        ["proxy", "serve", "--go", "", "--listen", "nowhere"],
        ["proxy", "serve", "--storage", "", "--listen", "nowhere"],
        ["proxy", "probe", "--url", ""],
        ["tools", "list", "--go", ""],
        ["bench", "fs", "--dirs", "", "--repeat", "0"],
        ["ci", "run", "--go", ""],
    ],
)
def test_other_empty_places_are_refused(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    assert main(args) == 2
    err = _one_line(capsys.readouterr().err)
    option = args[args.index("") - 1]
    assert f"{option} '': expected a" in err


def test_setup_root_empty_does_not_edit_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "wsl.conf").write_bytes(b"[boot]\n")
    monkeypatch.chdir(tmp_path)
    assert main(["setup", "wsl-conf", "--root", "", "--yes"]) == 2
    assert "--root '': expected a path" in _one_line(capsys.readouterr().err)
    assert (tmp_path / "etc" / "wsl.conf").read_bytes() == b"[boot]\n"


# -- capture's output path -----------------------------------------------------------------------------


def test_capture_refuses_an_existing_bundle_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "out").mkdir()
    existing = tmp_path / "out" / "report.tar.gz"
    existing.write_bytes(b"last week's bundle")
    assert main(["capture", "-o", str(existing), "--offline"]) == 2
    assert "already exists (pass --force to replace it)" in _one_line(capsys.readouterr().err)
    assert existing.read_bytes() == b"last week's bundle"
    assert main(["capture", "-o", str(existing), "--offline", "--force"]) == 0
    assert existing.read_bytes()[:2] == b"\x1f\x8b"  # a gzip stream now
    assert sorted(path.name for path in existing.parent.iterdir()) == ["report.tar.gz"]


@pytest.mark.parametrize("name", ["new/dir/b.tar.gz", "new/dir/b.zip", "new/dir/bundle"])
def test_capture_creates_only_the_bundle_never_its_parents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    assert main(["capture", "-o", str(tmp_path / name), "--offline"]) == 2
    assert "does not exist (capture creates only the bundle itself)" in _one_line(capsys.readouterr().err)
    assert not (tmp_path / "new").exists()


# -- doctor's report file ------------------------------------------------------------------------------


def test_doctor_report_into_a_missing_directory(
    bundle: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "no" / "such" / "dir" / "report.txt"
    assert main(["doctor", "--from", str(bundle), "-o", str(report)]) == 2
    assert "the directory" in _one_line(capsys.readouterr().err) and not (tmp_path / "no").exists()


def test_doctor_report_on_a_full_disk_keeps_the_old_report_whole(
    bundle: Path, full_tmpfs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = full_tmpfs / "report.txt"
    (full_tmpfs / "filler").unlink()
    report.write_text("yesterday's report\n")
    tmpfs.fill(full_tmpfs)
    assert main(["doctor", "--from", str(bundle), "-o", str(report)]) == 1
    err = _one_line(capsys.readouterr().err)
    assert f"cannot write report to {report}: no space left on device" in err
    assert report.read_text() == "yesterday's report\n"
    assert sorted(path.name for path in full_tmpfs.iterdir()) == ["filler", "report.txt"]
