"""The apply engine: journal, backups, atomic writes keeping mode, refusals, undo."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from wslgo.edit.apply import apply_plan, list_runs, load_manifest, sha256_hex, undo
from wslgo.edit.plan import FileEdit, Plan
from wslgo.errors import ExitCode, InputError, UsageError


def _plan(*edits: FileEdit) -> Plan:
    return Plan(edits, commands=("wsl.exe --shutdown",))


def test_apply_then_undo_restores_bytes_mode_and_removes_created(tmp_path: Path) -> None:
    existing = tmp_path / "rc"
    existing.write_bytes(b"old\r\n")
    existing.chmod(0o640)
    created = tmp_path / "new" / "dir" / "env"
    plan = _plan(
        FileEdit(str(existing), b"old\r\n", b"new\r\n", "r1", "shell"),
        FileEdit(str(created), None, b"GOPROXY=x\n", "r2", "go-env"),
    )
    record = apply_plan(plan)
    assert [o.status for o in record.outcomes] == ["written", "created"]
    assert record.exit_code == ExitCode.OK and "wsl.exe --shutdown" in record.commands
    assert existing.read_bytes() == b"new\r\n" and existing.stat().st_mode & 0o777 == 0o640
    manifest = load_manifest(record.run_id)
    assert manifest["finished"] is True
    first = manifest["files"][0]
    assert first["sha256_before"] == sha256_hex(b"old\r\n") and first["sha256_after"] == sha256_hex(
        b"new\r\n"
    )
    assert first["mode"] == "0640" and first["uid"] == os.getuid()
    assert (record.run_dir / first["backup"]).read_bytes() == b"old\r\n"
    assert [run.run_id for run in list_runs()] == [record.run_id]

    result = undo()
    assert result.complete and result.exit_code == ExitCode.OK
    assert existing.read_bytes() == b"old\r\n" and existing.stat().st_mode & 0o777 == 0o640
    assert not (tmp_path / "new").exists()
    with pytest.raises(UsageError, match="nothing to undo"):
        undo()
    with pytest.raises(UsageError, match="already undone"):
        undo(record.run_id)


def test_refuses_files_changed_or_vanished_since_the_plan(tmp_path: Path) -> None:
    changed, vanished, appeared, fine = (tmp_path / n for n in ("changed", "vanished", "appeared", "fine"))
    changed.write_bytes(b"edited by the user\n")
    appeared.write_bytes(b"x")
    fine.write_bytes(b"a")
    plan = _plan(
        FileEdit(str(changed), b"planned\n", b"after\n", "r"),
        FileEdit(str(vanished), b"planned\n", b"after\n", "r"),
        FileEdit(str(appeared), None, b"after\n", "r"),
        FileEdit(str(fine), b"a", b"b", "r"),
    )
    record = apply_plan(plan)
    messages = {Path(o.path).name: o for o in record.outcomes}
    assert messages["changed"].status == "refused" and "changed since the plan" in messages["changed"].message
    assert "vanished" in messages["vanished"].message and "created since" in messages["appeared"].message
    assert messages["fine"].status == "written"
    assert record.exit_code == ExitCode.PROBLEMS
    assert changed.read_bytes() == b"edited by the user\n" and not vanished.exists()


def test_read_only_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "wsl.conf"
    target.write_bytes(b"[boot]\n")
    target.chmod(0o444)
    record = apply_plan(_plan(FileEdit(str(target), b"[boot]\n", b"[boot]\nsystemd=true\n", "r")))
    assert record.outcomes[0].status == "refused" and "read-only (mode 0444)" in record.outcomes[0].message
    assert target.read_bytes() == b"[boot]\n"


def test_needs_root_is_not_written_and_gives_the_sudo_command(tmp_path: Path) -> None:
    target = tmp_path / "etc" / "wsl.conf"
    target.parent.mkdir()
    target.write_bytes(b"[boot]\n")
    record = apply_plan(
        _plan(FileEdit(str(target), b"[boot]\n", b"[boot]\nsystemd=true\n", "r", needs_root=True))
    )
    outcome = record.outcomes[0]
    assert outcome.status == "needs-root" and target.read_bytes() == b"[boot]\n"
    assert outcome.sudo_command is not None and outcome.sudo_command.startswith("sudo cp ")
    staged = Path(outcome.sudo_command.split()[2])
    assert staged.read_bytes() == b"[boot]\nsystemd=true\n"
    assert outcome.sudo_command in record.commands and record.exit_code == ExitCode.OK


def test_undo_refuses_a_file_changed_after_the_run_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "rc"
    target.write_bytes(b"one\n")
    record = apply_plan(_plan(FileEdit(str(target), b"one\n", b"two\n", "r")))
    target.write_bytes(b"two\nuser line\n")
    result = undo(record.run_id)
    assert not result.complete and result.exit_code == ExitCode.PROBLEMS
    assert "changed after the run" in result.outcomes[0].message
    assert target.read_bytes() == b"two\nuser line\n"
    forced = undo(record.run_id, force=True)
    assert forced.complete and target.read_bytes() == b"one\n"


def test_binary_or_directory_target_is_a_clear_refusal(tmp_path: Path) -> None:
    directory = tmp_path / "adir"
    directory.mkdir()
    record = apply_plan(_plan(FileEdit(str(directory), b"x", b"y", "r")))
    assert record.outcomes[0].status == "refused" and "is a directory" in record.outcomes[0].message


def test_corrupt_journal_is_an_input_error(tmp_path: Path) -> None:
    target = tmp_path / "rc"
    target.write_bytes(b"a")
    record = apply_plan(_plan(FileEdit(str(target), b"a", b"b", "r")))
    (record.run_dir / "manifest.json").write_text("{not json")
    with pytest.raises(InputError, match="unreadable journal"):
        undo(record.run_id)
