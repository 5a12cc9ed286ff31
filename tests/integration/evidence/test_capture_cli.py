"""``wslgo capture`` end to end through the CLI boundary, on this machine with the real go."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from wslgo.cli.main import main
from wslgo.evidence.bundle import read_bundle

pytestmark = pytest.mark.integration

TOKEN = "ghp_notARealTokenButLongEnough123"


@pytest.fixture(autouse=True)
def real_go_first(monkeypatch: pytest.MonkeyPatch, go_binary: Path, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", f"{go_binary.parent}:/usr/bin:/bin")
    monkeypatch.setenv("GOCACHE", str(tmp_path / "gocache"))
    monkeypatch.setenv("GOPROXY", f"https://al:hunter22@127.0.0.1:{9},direct")
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    home = Path(os.environ["HOME"])
    (home / ".bashrc").write_text(f"export GITHUB_TOKEN={TOKEN}\n")
    (home / ".netrc").write_text("machine example.com login al password hunter22\n")


@pytest.mark.parametrize("name", ["bundle.tar.gz", "bundle.zip", "bundle"])
def test_capture_writes_a_redacted_bundle(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    dest = tmp_path / name
    assert main(["capture", "-o", str(dest), "--offline", "--project", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"wrote {dest} (") and "KiB)" in out
    evidence = read_bundle(dest)
    assert evidence.meta.redacted is True and evidence.meta.cwd == str(tmp_path)
    assert evidence.env["GITHUB_TOKEN"] == "***"
    assert evidence.env["GOPROXY"] == "https://***@127.0.0.1:9,direct"
    go_env = evidence.command("go", "env", "-json")
    assert go_env is not None and go_env.ok and "hunter22" not in go_env.stdout
    home = os.environ["HOME"]
    assert evidence.file(f"{home}/.bashrc") == b"export GITHUB_TOKEN=***\n"
    assert b"hunter22" not in (evidence.file(f"{home}/.netrc") or b"")


def test_no_redact_keeps_secrets_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dest = tmp_path / "raw.tgz"
    assert main(["capture", "-o", str(dest), "--offline", "--no-redact"]) == 0
    assert "not redacted" in capsys.readouterr().out
    evidence = read_bundle(dest)
    assert evidence.meta.redacted is False and evidence.env["GITHUB_TOKEN"] == TOKEN


def test_anonymize(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dest = tmp_path / "anon.zip"
    assert main(["capture", "-o", str(dest), "--offline", "--anonymize"]) == 0
    evidence = read_bundle(dest)
    assert evidence.meta.anonymized is True
    assert evidence.env["HOME"] == "/home/user"
    assert "/home/user/.bashrc" in evidence.files
    assert not [path for path in evidence.files if path.startswith(os.environ["HOME"] + "/")]


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("out.json", "unknown bundle suffix '.json'"),
        ("a-file/x.zip", "a-file is not a directory"),
        ("missing/x.zip", "missing does not exist (capture creates only the bundle itself)"),
        ("full-dir", "already exists and is not an empty directory"),
    ],
)
def test_bad_destinations_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str, expected: str
) -> None:
    (tmp_path / "a-file").write_text("not a directory")
    (tmp_path / "full-dir").mkdir()
    (tmp_path / "full-dir" / "mine.txt").write_text("keep")
    assert main(["capture", "-o", str(tmp_path / target), "--offline"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("wslgo: ") and expected in err


def test_missing_output_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["capture"]) == 2
    assert "--output" in capsys.readouterr().err
