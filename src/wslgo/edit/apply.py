"""Apply a plan as a journaled transaction, and undo it (SPEC §4, STYLE habit 8).

This module is the only place in wslgo that writes a user's configuration files. For every run it keeps a
directory ``WSLGO_HOME/runs/<run-id>/`` with ``manifest.json`` (the journal) and ``backups/``. The order of
operations per file is what makes interruption safe:

1. re-read the file and compare with the plan's ``before`` bytes (changed or vanished → refuse that file);
2. write the backup (fsync);
3. journal ``status: "writing"`` with the before/after hashes (manifest replaced atomically);
4. write the new bytes to a temporary file in the same directory (fsync), rename it over the target,
   fsync the directory;
5. journal ``status: "written"``.

A SIGKILL anywhere leaves the target either old or new (rename is atomic), and undo can tell which by
its hash, so ``undo`` restores every file the run wrote even when the run never finished.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shlex
import stat
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from wslgo.edit.plan import FileEdit, Plan
from wslgo.errors import ExitCode, InputError, UsageError, WslgoError
from wslgo.home import runs_dir

__all__ = [
    "FileOutcome",
    "RunRecord",
    "RunSummary",
    "UndoResult",
    "apply_plan",
    "list_runs",
    "load_manifest",
    "sha256_hex",
    "undo",
    "write_atomically",
]

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1
#: Test hook: pause (sleep) after writing this many files, so a test can SIGKILL the run between files.
PAUSE_ENV = "WSLGO_TEST_PAUSE_AFTER_FILE"

# Per-file statuses in the manifest and in results.
WRITTEN = "written"
CREATED = "created"
WRITING = "writing"
UNCHANGED = "unchanged"
REFUSED = "refused"
NEEDS_ROOT = "needs-root"
RESTORED = "restored"
REMOVED = "removed"
ALREADY_OLD = "already-restored"


def sha256_hex(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file of a plan (apply) or a run (undo)."""

    path: str
    status: str
    message: str = ""
    #: For ``needs-root``: the exact command that finishes the job.
    sudo_command: str | None = None

    @property
    def refused(self) -> bool:
        return self.status == REFUSED


@dataclass(frozen=True)
class RunRecord:
    """The result of ``apply_plan``: the run id (for ``wslgo undo``) and each file's outcome."""

    run_id: str
    run_dir: Path
    outcomes: tuple[FileOutcome, ...]
    #: The plan's suggested commands plus the sudo commands for files that need root.
    commands: tuple[str, ...] = ()

    @property
    def written(self) -> tuple[FileOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status in (WRITTEN, CREATED))

    @property
    def refused(self) -> tuple[FileOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status == REFUSED)

    @property
    def needs_root(self) -> tuple[FileOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status == NEEDS_ROOT)

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.PROBLEMS if self.refused else ExitCode.OK


@dataclass(frozen=True)
class UndoResult:
    run_id: str
    outcomes: tuple[FileOutcome, ...]
    #: True when every file of the run is back to its old bytes (the run is marked undone).
    complete: bool

    @property
    def refused(self) -> tuple[FileOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status == REFUSED)

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.PROBLEMS if self.refused else ExitCode.OK


@dataclass(frozen=True)
class RunSummary:
    run_id: str
    command: str
    created: str
    finished: bool
    undone: str | None
    files_written: int
    paths: tuple[str, ...] = field(default_factory=tuple)


# -- low-level file operations (the side effects) ----------------------------------------------------


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _atomic_write(path: Path, data: bytes, mode: int, uid: int | None, gid: int | None) -> None:
    """Write ``data`` to ``path`` via a temp file in the same directory and a rename."""
    directory = path.parent
    temp = directory / f".{path.name}.wslgo-{secrets.token_hex(4)}.tmp"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            if uid is not None and gid is not None and (uid, gid) != (os.geteuid(), os.getegid()):
                with contextlib.suppress(PermissionError):
                    os.fchown(handle.fileno(), uid, gid)
            os.fsync(handle.fileno())
        temp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _fsync_dir(directory)


def write_atomically(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write a generated file (a report) whole or not at all: temp file beside it, fsync, rename."""
    _atomic_write(path, data, mode, None, None)


def _write_json(path: Path, data: Mapping[str, Any]) -> None:
    payload = (json.dumps(data, indent=2, sort_keys=False) + "\n").encode()
    _atomic_write(path, payload, 0o600, None, None)


def _read_current(path: Path) -> bytes | None:
    """The file's bytes now, ``None`` when it does not exist; other errors name the file."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, expected a file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _new_run_id(now: datetime) -> str:
    """Sortable (UTC timestamp with microseconds) and unique (random suffix)."""
    return f"{now:%Y%m%dT%H%M%S}{now.microsecond:06d}Z-{secrets.token_hex(3)}"


def _pause_hook(files_done: int) -> None:
    wanted = os.environ.get(PAUSE_ENV)
    if wanted and wanted.isdigit() and int(wanted) == files_done:
        print(f"wslgo: paused after file {files_done}", file=sys.stderr, flush=True)
        time.sleep(60)


# -- apply -------------------------------------------------------------------------------------------


def _sudo_command(staged: Path, target: str, existed: bool) -> str:
    if existed:
        # cp onto an existing file keeps its mode and owner.
        return f"sudo cp {shlex.quote(str(staged))} {shlex.quote(target)}"
    return f"sudo install -m 0644 {shlex.quote(str(staged))} {shlex.quote(target)}"


def _writable(path: Path, existed: bool) -> bool:
    if existed:
        return os.access(path, os.W_OK)
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
    def __init__(self, run_dir: Path, manifest: dict[str, Any]) -> None:
        self.run_dir = run_dir
        self.manifest = manifest

    def save(self) -> None:
        _write_json(self.run_dir / MANIFEST_NAME, self.manifest)

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
        "created_dirs": [],
        "status": "pending",
        "message": "",
    }


def _apply_one(edit: FileEdit, entry: dict[str, Any], journal: _Journal) -> FileOutcome:
    target = Path(edit.path)
    try:
        current = _read_current(target)
    except InputError as exc:
        return FileOutcome(edit.path, REFUSED, exc.message)
    if current != edit.before:
        if edit.before is None:
            why = "it was created since the plan was made"
        elif current is None:
            why = "it vanished since the plan was made"
        else:
            why = "it changed since the plan was made"
        return FileOutcome(edit.path, REFUSED, f"{edit.path}: left untouched: {why}; run setup again")
    existed = current is not None
    info = target.stat() if existed else None
    if info is not None and not stat.S_ISREG(info.st_mode):
        return FileOutcome(edit.path, REFUSED, f"{edit.path}: left untouched: not a regular file")
    if info is not None and not info.st_mode & stat.S_IWUSR:
        mode_text = f"{stat.S_IMODE(info.st_mode):04o}"
        return FileOutcome(
            edit.path,
            REFUSED,
            f"{edit.path}: left untouched: the file is read-only (mode {mode_text}); "
            "make it writable (chmod u+w) or edit it by hand",
        )
    if edit.needs_root or not _writable(target, existed):
        staged = journal.run_dir / "staged" / f"{entry['index']:03d}-{target.name}"
        staged.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(staged, edit.after, 0o644, None, None)
        command = _sudo_command(staged, edit.path, existed)
        entry["status"] = NEEDS_ROOT
        entry["message"] = command
        journal.save()
        return FileOutcome(edit.path, NEEDS_ROOT, f"{edit.path}: needs root; run: {command}", command)

    mode = stat.S_IMODE(info.st_mode) if info is not None else edit.create_mode
    uid = info.st_uid if info is not None else None
    gid = info.st_gid if info is not None else None
    entry.update(mode=f"{mode:04o}", uid=uid, gid=gid)
    if current is not None:
        backup_name = f"backups/{entry['index']:03d}-{target.name}"
        backup = journal.run_dir / backup_name
        backup.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(backup, current, 0o600, None, None)
        entry["backup"] = backup_name
    created_dirs = _missing_parents(target)
    entry["created_dirs"] = [str(d) for d in created_dirs]
    entry["status"] = WRITING
    journal.save()
    for directory in created_dirs:
        directory.mkdir(exist_ok=True)
    _atomic_write(target, edit.after, mode, uid, gid)
    status = WRITTEN if existed else CREATED
    entry["status"] = status
    journal.save()
    return FileOutcome(edit.path, status, f"{edit.path}: {edit.reason}" if edit.reason else edit.path)


def apply_plan(plan: Plan, *, home: Path | None = None, command: str = "setup") -> RunRecord:
    """Apply every changing edit of ``plan``; one file's refusal never stops the others.

    Raises ``WslgoError`` only for problems with wslgo's own state directory.
    """
    now = datetime.now(UTC)
    run_id = _new_run_id(now)
    run_dir = runs_dir(home) / run_id
    try:
        run_dir.mkdir(parents=True)
    except OSError as exc:
        raise WslgoError(f"{run_dir}: cannot create the run directory: {exc.strerror or exc}") from None
    journal = _Journal(
        run_dir,
        {
            "schema_version": MANIFEST_VERSION,
            "run_id": run_id,
            "command": command,
            "created": now.isoformat(),
            "finished": False,
            "undone": None,
            "commands": list(plan.commands),
            "files": [],
        },
    )
    journal.save()
    outcomes: list[FileOutcome] = []
    sudo_commands: list[str] = []
    files_done = 0
    for index, edit in enumerate(edit for edit in plan.edits if edit.changes):
        entry = journal.add(_entry_for(edit, index))
        outcome = _apply_one(edit, entry, journal)
        if entry["status"] == "pending":
            entry["status"] = outcome.status
            entry["message"] = outcome.message
            journal.save()
        outcomes.append(outcome)
        if outcome.sudo_command:
            sudo_commands.append(outcome.sudo_command)
        if outcome.status in (WRITTEN, CREATED):
            files_done += 1
            _pause_hook(files_done)
    journal.manifest["finished"] = True
    journal.save()
    return RunRecord(run_id, run_dir, tuple(outcomes), tuple(sudo_commands) + tuple(plan.commands))


# -- runs and undo -----------------------------------------------------------------------------------


def load_manifest(run_id: str, home: Path | None = None) -> dict[str, Any]:
    """The journal of ``run_id``; a missing or corrupt journal is an input error naming it."""
    if not run_id or "/" in run_id or run_id.startswith("."):
        raise UsageError(f"invalid run id {run_id!r} (see 'wslgo undo --list')")
    path = runs_dir(home) / run_id / MANIFEST_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"no run {run_id!r} in {runs_dir(home)} (see 'wslgo undo --list')") from None
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: unreadable journal: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("files"), list):
        raise InputError(f"{path}: not a wslgo journal (expected an object with 'files')")
    return data


def _iter_manifests(home: Path | None) -> Iterator[dict[str, Any]]:
    base = runs_dir(home)
    if not base.is_dir():
        return
    for run_path in sorted(base.iterdir()):
        if (run_path / MANIFEST_NAME).is_file():
            with contextlib.suppress(WslgoError):
                yield load_manifest(run_path.name, home)


def _touched(entry: Mapping[str, Any]) -> bool:
    return entry.get("status") in (WRITTEN, CREATED, WRITING)


def list_runs(home: Path | None = None) -> list[RunSummary]:
    """Every recorded run, oldest first."""
    summaries: list[RunSummary] = []
    for manifest in _iter_manifests(home):
        touched = [entry for entry in manifest["files"] if _touched(entry)]
        summaries.append(
            RunSummary(
                run_id=str(manifest.get("run_id")),
                command=str(manifest.get("command", "")),
                created=str(manifest.get("created", "")),
                finished=bool(manifest.get("finished")),
                undone=manifest.get("undone"),
                files_written=len(touched),
                paths=tuple(str(entry["path"]) for entry in touched),
            )
        )
    return summaries


def _undo_one(entry: dict[str, Any], run_dir: Path, force: bool) -> FileOutcome:
    path_text = str(entry["path"])
    target = Path(path_text)
    try:
        current = _read_current(target)
    except InputError as exc:
        return FileOutcome(path_text, REFUSED, exc.message)
    current_hash = sha256_hex(current)
    if current_hash == entry.get("sha256_before"):
        return FileOutcome(path_text, ALREADY_OLD, f"{path_text}: already has its old contents")
    if current_hash != entry.get("sha256_after") and not force:
        what = "was removed" if current is None else "changed"
        return FileOutcome(
            path_text,
            REFUSED,
            f"{path_text}: left untouched: it {what} after the run; use --force to restore the backup anyway",
        )
    if not entry.get("existed"):
        if current is not None:
            target.unlink()
        for directory in reversed(entry.get("created_dirs") or []):
            with contextlib.suppress(OSError):
                Path(directory).rmdir()  # only when empty
        return FileOutcome(path_text, REMOVED, f"{path_text}: removed (the run created it)")
    backup_name = entry.get("backup")
    if not backup_name:
        return FileOutcome(path_text, REFUSED, f"{path_text}: no backup recorded in the journal")
    try:
        original = (run_dir / str(backup_name)).read_bytes()
    except OSError as exc:
        return FileOutcome(path_text, REFUSED, f"{run_dir / str(backup_name)}: backup unreadable: {exc}")
    mode = int(str(entry.get("mode") or "0644"), 8)
    uid = entry.get("uid")
    gid = entry.get("gid")
    target.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(target, original, mode, uid, gid)
    return FileOutcome(path_text, RESTORED, f"{path_text}: restored")


def _newest_undoable(home: Path | None) -> str:
    candidates = [
        manifest
        for manifest in _iter_manifests(home)
        if not manifest.get("undone") and any(_touched(entry) for entry in manifest["files"])
    ]
    if not candidates:
        raise UsageError("nothing to undo: no setup run with written files that is not undone yet")
    return str(candidates[-1]["run_id"])


def undo(run_id: str | None = None, *, force: bool = False, home: Path | None = None) -> UndoResult:
    """Restore the files of ``run_id`` (default: the newest run not undone yet), newest edit first."""
    chosen = run_id or _newest_undoable(home)
    manifest = load_manifest(chosen, home)
    if manifest.get("undone"):
        raise UsageError(f"run {chosen} was already undone at {manifest['undone']}")
    run_dir = runs_dir(home) / chosen
    outcomes: list[FileOutcome] = []
    for entry in reversed(manifest["files"]):
        if not _touched(entry) or entry.get("undo_status") in (RESTORED, REMOVED, ALREADY_OLD):
            continue
        outcome = _undo_one(entry, run_dir, force)
        entry["undo_status"] = outcome.status
        outcomes.append(outcome)
    complete = not any(outcome.refused for outcome in outcomes)
    if complete:
        manifest["undone"] = datetime.now(UTC).isoformat()
    _write_json(run_dir / MANIFEST_NAME, manifest)
    return UndoResult(chosen, tuple(reversed(outcomes)), complete)
