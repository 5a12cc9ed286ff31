"""Apply a plan as a journaled transaction (SPEC §4, §11; STYLE habit 8).

This module is the only place in wslgo that writes a user's configuration files. For every run it keeps a
directory ``WSLGO_HOME/runs/<run-id>/`` (see ``wslgo.edit.journal``), under the one writer lock. The order
of operations per file is what makes interruption safe:

1. resolve a symlinked path to the file it points at (the link is kept, ``edit.destination``);
2. re-read the file and compare with the plan's ``before`` bytes (changed or vanished → refuse that file);
3. write the backup (fsync) — also for files that need root, before their new bytes are staged;
4. journal ``status: "writing"`` with the before/after hashes (manifest replaced atomically);
5. write the new bytes to a temporary file in the same directory (fsync), hash the target once more,
   rename the temporary file over it, fsync the directory;
6. journal ``status: "written"``.

A SIGKILL anywhere leaves the target either old or new (rename is atomic), and undo can tell which by its
hash. An environment failure (disk full, I/O error, read-only file system) stops the run at that file: the
files already written are rolled back from their backups (or, if that fails too, left for ``wslgo undo``)
and the files not reached are reported as not written.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shlex
import shutil
import stat
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from wslgo.edit.destination import Destination, read_current, resolve_destination
from wslgo.edit.journal import (
    CREATED,
    FAILED,
    MANIFEST_NAME,
    NEEDS_ROOT,
    NOT_WRITTEN,
    REFUSED,
    ROLLED_BACK,
    WRITING,
    WRITTEN,
    FileOutcome,
    RunSummary,
    WriterLock,
    keep_copy,
    list_runs,
    load_manifest,
    new_run_id,
    save_manifest,
    sha256_hex,
    writer_lock,
)
from wslgo.edit.plan import FileEdit, Plan
from wslgo.edit.undo import DONE, UndoResult, restore_file, undo
from wslgo.errors import ExitCode, InputError, WslgoError
from wslgo.fsutil import Precondition, PreconditionFailed, write_atomic
from wslgo.home import runs_dir
from wslgo.i18n import _

__all__ = [
    "FileOutcome",
    "RunRecord",
    "RunSummary",
    "UndoResult",
    "WriterLock",
    "apply_plan",
    "list_runs",
    "load_manifest",
    "sha256_hex",
    "undo",
    "writer_lock",
]

#: Test hook: pause (sleep) after writing this many files, so a test can SIGKILL the run between files.
PAUSE_ENV = "WSLGO_TEST_PAUSE_AFTER_FILE"
#: Test hook: before renaming the Nth file into place, say so on stderr and wait for a line on stdin, so a
#: test can change the file at the last moment (the before-hash re-check must catch it).
PAUSE_BEFORE_RENAME_ENV = "WSLGO_TEST_PAUSE_BEFORE_RENAME"


@dataclass(frozen=True)
class RunRecord:
    """The result of ``apply_plan``: the run id (for ``wslgo undo``) and each file's outcome."""

    run_id: str
    run_dir: Path
    outcomes: tuple[FileOutcome, ...]
    #: The plan's suggested commands plus the sudo commands for files that need root.
    commands: tuple[str, ...] = ()
    #: The one-line reason the run stopped early (disk full …), ``None`` when it went through.
    stopped: str | None = None
    #: After a stop: what happened to the files written before it (rolled back, or left for undo).
    rollback: tuple[FileOutcome, ...] = ()

    @property
    def written(self) -> tuple[FileOutcome, ...]:
        if self.rolled_back:
            return ()
        return tuple(o for o in self.outcomes if o.status in (WRITTEN, CREATED))

    @property
    def refused(self) -> tuple[FileOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status == REFUSED)

    @property
    def needs_root(self) -> tuple[FileOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status == NEEDS_ROOT)

    @property
    def rolled_back(self) -> bool:
        """True when a stopped run put every file it had written back (nothing left for undo)."""
        return self.stopped is not None and all(o.status == ROLLED_BACK for o in self.rollback)

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.PROBLEMS if self.refused or self.stopped else ExitCode.OK


class _Stop(Exception):
    """An environment failure that ends the run at this file (its outcome names the file)."""

    def __init__(self, outcome: FileOutcome) -> None:
        super().__init__(outcome.message)
        self.outcome = outcome


def _os_problem(path: Path | str, exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return _("{path}: cannot write: no space left on device", path=path)
    return _("{path}: cannot write: {error}", path=path, error=exc.strerror or exc)


def _copy_problem(path: str, copy: Path | str, exc: OSError) -> str:
    """A backup or staged copy in the run directory could not be written: the file stays untouched."""
    error = _("no space left on device") if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
    return _(
        "{path}: left untouched: cannot write its copy {copy}: {error}", path=path, copy=copy, error=error
    )


def _pause_hook(files_done: int) -> None:
    wanted = os.environ.get(PAUSE_ENV)
    if wanted and wanted.isdigit() and int(wanted) == files_done:
        print(f"wslgo: paused after file {files_done}", file=sys.stderr, flush=True)
        time.sleep(60)


def _pause_before_rename(file_number: int) -> None:
    wanted = os.environ.get(PAUSE_BEFORE_RENAME_ENV)
    if wanted and wanted.isdigit() and int(wanted) == file_number:
        print(f"wslgo: paused before renaming file {file_number}", file=sys.stderr, flush=True)
        sys.stdin.readline()


def _sudo_command(staged: Path, target: str, existed: bool) -> str:
    if existed:
        # cp onto an existing file keeps its mode and owner (and writes through a symlink).
        return f"sudo cp {shlex.quote(str(staged))} {shlex.quote(target)}"
    return f"sudo install -m 0644 {shlex.quote(str(staged))} {shlex.quote(target)}"


def _writable(path: Path, existed: bool) -> bool:
    if existed:
        # The temp file is created beside the target, so its directory must be writable too.
        return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    return os.access(parent, os.W_OK | os.X_OK)


def _missing_parents(path: Path) -> list[Path]:
    missing: list[Path] = []
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        missing.append(parent)
        parent = parent.parent
    return list(reversed(missing))


class _Journal:
    """The run's manifest in memory; every ``save`` replaces the file on disk atomically."""

    def __init__(self, run_dir: Path, manifest: dict[str, Any]) -> None:
        self.run_dir = run_dir
        self.manifest = manifest

    def save(self) -> None:
        try:
            save_manifest(self.run_dir, self.manifest)
        except OSError as exc:
            path = self.run_dir / MANIFEST_NAME
            raise _Stop(FileOutcome(str(path), FAILED, _os_problem(path, exc))) from None

    def add(self, entry: dict[str, Any]) -> dict[str, Any]:
        self.manifest["files"].append(entry)
        return entry


def _entry_for(edit: FileEdit, index: int) -> dict[str, Any]:
    return {
        "index": index,
        "path": edit.path,
        "step": edit.step,
        "reason": edit.reason,
        "existed": edit.before is not None,
        "sha256_before": sha256_hex(edit.before),
        "sha256_after": sha256_hex(edit.after),
        "mode": None,
        "uid": None,
        "gid": None,
        "backup": None,
        "link": None,
        "real_path": None,
        "created_dirs": [],
        "status": "pending",
        "message": "",
    }


def _refusal(edit: FileEdit, current: bytes | None, info: os.stat_result | None) -> str | None:
    """Why the file must be left alone now, or ``None``."""
    if current != edit.before:
        if edit.before is None:
            why = _(
                "{path}: left untouched: it was created since the plan was made; run setup again",
                path=edit.path,
            )
        elif current is None:
            why = _(
                "{path}: left untouched: it vanished since the plan was made; run setup again", path=edit.path
            )
        else:
            why = _(
                "{path}: left untouched: it changed since the plan was made; run setup again", path=edit.path
            )
        return why
    if info is not None and not stat.S_ISREG(info.st_mode):
        return _("{path}: left untouched: not a regular file", path=edit.path)
    if info is not None and not info.st_mode & stat.S_IWUSR:
        return _(
            "{path}: left untouched: the file is read-only (mode {mode}); "
            "make it writable (chmod u+w) or edit it by hand",
            path=edit.path,
            mode=f"{stat.S_IMODE(info.st_mode):04o}",
        )
    return None


def _back_up(entry: dict[str, Any], journal: _Journal, name: str, current: bytes | None) -> None:
    if current is None:
        return
    try:
        backup = keep_copy(journal.run_dir, "backups", int(entry["index"]), name, current)
    except OSError as exc:
        where = exc.filename or journal.run_dir / "backups"
        raise _Stop(
            FileOutcome(str(entry["path"]), FAILED, _copy_problem(entry["path"], where, exc))
        ) from None
    entry["backup"] = backup.relative_to(journal.run_dir).as_posix()


def _stage_for_root(
    edit: FileEdit, entry: dict[str, Any], journal: _Journal, dest: Destination, current: bytes | None
) -> FileOutcome:
    """Back up the original, stage the new bytes, and hand the user the exact ``sudo`` command."""
    name = Path(edit.path).name
    _back_up(entry, journal, name, current)
    try:
        staged = keep_copy(journal.run_dir, "staged", int(entry["index"]), name, edit.after)
        staged.chmod(0o644)
    except OSError as exc:
        where = exc.filename or journal.run_dir / "staged"
        raise _Stop(FileOutcome(edit.path, FAILED, _copy_problem(edit.path, where, exc))) from None
    command = _sudo_command(staged, edit.path, current is not None)
    entry.update(status=NEEDS_ROOT, message=command, staged=staged.relative_to(journal.run_dir).as_posix())
    journal.save()
    return FileOutcome(
        edit.path,
        NEEDS_ROOT,
        _("{path}: needs root; run: {command}", path=edit.path, command=command),
        command,
    )


def _apply_one(edit: FileEdit, entry: dict[str, Any], journal: _Journal, file_number: int) -> FileOutcome:
    try:
        dest = resolve_destination(Path(edit.path))
        current = read_current(dest.real)
    except InputError as exc:
        return FileOutcome(edit.path, REFUSED, exc.message)
    info = dest.real.stat() if current is not None else None
    refusal = _refusal(edit, current, info)
    if refusal is not None:
        return FileOutcome(edit.path, REFUSED, refusal)
    if dest.link is not None:
        entry.update(link=dest.link, real_path=str(dest.real))
    mode = stat.S_IMODE(info.st_mode) if info is not None else edit.create_mode
    owner = (info.st_uid, info.st_gid) if info is not None else None
    entry.update(mode=f"{mode:04o}", uid=owner[0] if owner else None, gid=owner[1] if owner else None)
    if edit.needs_root or not _writable(dest.real, current is not None):
        return _stage_for_root(edit, entry, journal, dest, current)

    _back_up(entry, journal, Path(edit.path).name, current)
    created_dirs = _missing_parents(dest.real)
    entry["created_dirs"] = [str(d) for d in created_dirs]
    entry["status"] = WRITING
    journal.save()
    try:
        for directory in created_dirs:
            directory.mkdir(exist_ok=True)
        _pause_before_rename(file_number)
        write_atomic(
            dest.real, edit.after, mode=mode, owner=owner, precondition=Precondition(sha256_hex(edit.before))
        )
    except PreconditionFailed:
        _remove_dirs(created_dirs)
        entry["status"] = REFUSED
        message = _(
            "{path}: left untouched: it changed while setup was writing it; run setup again", path=edit.path
        )
        entry["message"] = message
        journal.save()
        return FileOutcome(edit.path, REFUSED, message)
    except OSError as exc:
        _remove_dirs(created_dirs)
        entry["status"] = FAILED
        raise _Stop(FileOutcome(edit.path, FAILED, _os_problem(edit.path, exc))) from None
    entry["status"] = WRITTEN if current is not None else CREATED
    journal.save()
    message = f"{edit.path}: {edit.reason}" if edit.reason else edit.path
    return FileOutcome(edit.path, entry["status"], message)


def _remove_dirs(created: list[Path]) -> None:
    for directory in reversed(created):
        with contextlib.suppress(OSError):
            directory.rmdir()


def _roll_back(journal: _Journal) -> tuple[FileOutcome, ...]:
    """Put back the files this run wrote, newest first; what cannot be put back stays for ``undo``."""
    results: list[FileOutcome] = []
    for entry in reversed(journal.manifest["files"]):
        if entry.get("status") not in (WRITTEN, CREATED):
            continue
        outcome = restore_file(entry, journal.run_dir, force=False)
        entry["undo_status"] = outcome.status
        if outcome.status in DONE:
            results.append(
                FileOutcome(outcome.path, ROLLED_BACK, _("{path}: rolled back", path=outcome.path))
            )
        else:
            results.append(outcome)
    if all(result.status == ROLLED_BACK for result in results):
        journal.manifest["undone"] = datetime.now(UTC).isoformat()
        journal.manifest["rolled_back"] = True
    return tuple(reversed(results))


def _open_run(plan: Plan, home: Path | None, command: str) -> _Journal:
    now = datetime.now(UTC)
    run_id = new_run_id(now)
    run_dir = runs_dir(home) / run_id
    try:
        run_dir.mkdir(parents=True)
    except OSError as exc:
        raise WslgoError(
            _("{path}: cannot create the run directory: {error}", path=run_dir, error=exc.strerror or exc)
        ) from None
    journal = _Journal(
        run_dir,
        {
            "schema_version": 1,
            "run_id": run_id,
            "command": command,
            "created": now.isoformat(),
            "finished": False,
            "undone": None,
            "commands": list(plan.commands),
            "files": [],
        },
    )
    try:
        journal.save()
    except _Stop as stop:
        shutil.rmtree(run_dir, ignore_errors=True)
        raise WslgoError(_("{problem}; nothing was written", problem=stop.outcome.message)) from None
    return journal


def apply_plan(
    plan: Plan, *, home: Path | None = None, command: str = "setup", held: WriterLock | None = None
) -> RunRecord:
    """Apply every changing edit of ``plan``; one file's refusal never stops the others.

    Takes the writer lock unless the caller holds it (``held``: setup holds it from planning on).
    Raises ``WslgoError`` only when nothing could be written (wslgo's own state directory fails).
    """
    if held is None:
        with writer_lock(home, command=command) as lock:
            return apply_plan(plan, home=home, command=command, held=lock)
    journal = _open_run(plan, home, command)
    outcomes: list[FileOutcome] = []
    sudo_commands: list[str] = []
    stopped: FileOutcome | None = None
    files_done = 0
    for index, edit in enumerate(edit for edit in plan.edits if edit.changes):
        if stopped is not None:
            outcomes.append(
                FileOutcome(
                    edit.path,
                    NOT_WRITTEN,
                    _("{path}: not written: the run stopped at an earlier file", path=edit.path),
                )
            )
            continue
        entry = journal.add(_entry_for(edit, index))
        try:
            outcome = _apply_one(edit, entry, journal, index + 1)
            if entry["status"] == "pending":
                entry.update(status=outcome.status, message=outcome.message)
                journal.save()
        except _Stop as stop:
            outcome = stop.outcome
            if outcome.path != edit.path:  # the journal or a backup failed: say which file it stopped at
                outcome = FileOutcome(
                    edit.path,
                    FAILED,
                    _("{path}: stopped: {problem}", path=edit.path, problem=outcome.message),
                )
            stopped = outcome
        outcomes.append(outcome)
        if outcome.sudo_command:
            sudo_commands.append(outcome.sudo_command)
        if outcome.status in (WRITTEN, CREATED):
            files_done += 1
            _pause_hook(files_done)
    rollback = _roll_back(journal) if stopped is not None else ()
    journal.manifest["finished"] = True
    with contextlib.suppress(_Stop):
        journal.save()
    return RunRecord(
        str(journal.manifest["run_id"]),
        journal.run_dir,
        tuple(outcomes),
        tuple(sudo_commands) + tuple(plan.commands),
        stopped=stopped.message if stopped is not None else None,
        rollback=rollback,
    )
