"""Undo a journaled run: put back each file's old bytes (and its symlink), newest edit first (SPEC §4, §11).

A file is restored only when it still holds what the run wrote; anything else is somebody's later edit
and is refused unless ``--force``, which first keeps a copy of what it overwrites in the run directory.
When the current user cannot write a file (``/etc/wsl.conf`` after the user ran the printed ``sudo cp``),
undo prints the exact ``sudo`` command that restores it and the run stays "not undone" until the bytes
match. Apply's rollback after a failed write uses the same ``restore_file``.
"""

from __future__ import annotations

import contextlib
import errno
import shlex
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from wslgo.edit.destination import read_current, read_link
from wslgo.edit.journal import (
    ALREADY_OLD,
    FAILED,
    NEEDS_ROOT,
    REFUSED,
    REMOVED,
    RESTORED,
    WriterLock,
    iter_manifests,
    keep_copy,
    load_manifest,
    save_manifest,
    sha256_hex,
    touched,
    writer_lock,
)
from wslgo.edit.journal import FileOutcome as FileOutcome
from wslgo.errors import ExitCode, InputError, UsageError, WslgoError
from wslgo.fsutil import Precondition, PreconditionFailed, symlink_atomic, write_atomic
from wslgo.home import runs_dir
from wslgo.i18n import _

OVERWRITTEN_DIR = "overwritten"
DONE = (RESTORED, REMOVED, ALREADY_OLD)


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
        return ExitCode.OK if self.complete else ExitCode.PROBLEMS


def _restore_command(entry: dict[str, Any], run_dir: Path) -> str:
    target = shlex.quote(str(entry["path"]))
    if not entry.get("existed"):
        return f"sudo rm -f -- {target}"
    return f"sudo cp {shlex.quote(str(run_dir / str(entry['backup'])))} {target}"


def _changed_message(path_text: str, link: str | None, link_intact: bool, current: bytes | None) -> str:
    if not link_intact:
        return _(
            "{path}: left untouched: it is no longer the symlink to {link} the run kept; "
            "use --force to restore the link and the file anyway",
            path=path_text,
            link=link,
        )
    if current is None:
        return _(
            "{path}: left untouched: it was removed after the run; use --force to restore the backup anyway",
            path=path_text,
        )
    return _(
        "{path}: left untouched: it changed after the run; use --force to restore the backup anyway",
        path=path_text,
    )


def _relink(path: Path, link: str) -> None:
    """Make ``path`` the symlink ``link`` again, atomically (symlink beside it, then rename)."""
    symlink_atomic(path, link)


def _keep_overwritten(entry: dict[str, Any], run_dir: Path, target: Path, real: Path) -> list[Path]:
    """Copies of whatever ``--force`` is about to overwrite: the file at the path, and the link's target."""
    kept: list[Path] = []
    index = int(entry.get("index") or 0)
    places = [target] if real == target else [target, real]
    for place in places:
        if place.is_symlink() or not place.is_file():
            continue
        data = place.read_bytes()
        if place == real and sha256_hex(data) == entry.get("sha256_after"):
            continue  # what the run wrote: nothing of the user's to keep
        kept.append(keep_copy(run_dir, OVERWRITTEN_DIR, index, place.name, data))
    return kept


def _put_back(entry: dict[str, Any], run_dir: Path, target: Path, real: Path, current: bytes | None) -> str:
    """Write the old state; return the status (``restored``/``removed``)."""
    precondition = Precondition(sha256_hex(current))
    link = entry.get("link")
    if link is not None and read_link(target) != link:
        _relink(target, str(link))
    if not entry.get("existed"):
        if current is not None:
            if sha256_hex(read_current(real)) != precondition.sha256:
                raise PreconditionFailed(real, None)
            real.unlink()
        for directory in reversed(entry.get("created_dirs") or []):
            with contextlib.suppress(OSError):
                Path(directory).rmdir()  # only when empty
        return REMOVED
    original = (run_dir / str(entry["backup"])).read_bytes()
    mode = int(str(entry.get("mode") or "0644"), 8)
    uid, gid = entry.get("uid"), entry.get("gid")
    owner = (int(uid), int(gid)) if isinstance(uid, int) and isinstance(gid, int) else None
    real.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(real, original, mode=mode, owner=owner, precondition=precondition)
    return RESTORED


def restore_file(entry: dict[str, Any], run_dir: Path, *, force: bool) -> FileOutcome:
    """Put one journaled file back as it was before the run (see the module docstring for the rules)."""
    path_text = str(entry["path"])
    target = Path(path_text)
    link = entry.get("link")
    real = Path(str(entry.get("real_path") or path_text))
    link_intact = link is None or read_link(target) == link
    try:
        current = read_current(real)
    except InputError as exc:
        return FileOutcome(path_text, REFUSED, exc.message)
    current_hash = sha256_hex(current)
    if link_intact and current_hash == entry.get("sha256_before"):
        return FileOutcome(path_text, ALREADY_OLD, _("{path}: already has its old contents", path=path_text))
    changed = not link_intact or current_hash != entry.get("sha256_after")
    if changed and not force:
        return FileOutcome(path_text, REFUSED, _changed_message(path_text, link, link_intact, current))
    if entry.get("existed") and not entry.get("backup"):
        return FileOutcome(path_text, REFUSED, _("{path}: no backup recorded in the journal", path=path_text))
    try:
        kept = _keep_overwritten(entry, run_dir, target, real) if changed else []
        status = _put_back(entry, run_dir, target, real, current)
    except PreconditionFailed:
        return FileOutcome(
            path_text,
            REFUSED,
            _(
                "{path}: left untouched: it changed while undo was restoring it; run undo again",
                path=path_text,
            ),
        )
    except PermissionError:
        command = _restore_command(entry, run_dir)
        return FileOutcome(
            path_text,
            NEEDS_ROOT,
            _("{path}: not undone: needs root; run: {command}", path=path_text, command=command),
            command,
        )
    except OSError as exc:
        where = exc.filename or path_text
        if exc.errno == errno.ENOSPC:
            message = _("{path}: not undone: no space left on device", path=where)
        else:
            message = _("{path}: not undone: {error}", path=where, error=exc.strerror or exc)
        return FileOutcome(path_text, FAILED, message)
    copies = ", ".join(str(path) for path in kept)
    if status == REMOVED and kept:
        message = _(
            "{path}: removed (the run created it); what it replaced is kept in {copies}",
            path=path_text,
            copies=copies,
        )
    elif status == REMOVED:
        message = _("{path}: removed (the run created it)", path=path_text)
    elif kept:
        message = _("{path}: restored; what it replaced is kept in {copies}", path=path_text, copies=copies)
    else:
        message = _("{path}: restored", path=path_text)
    return FileOutcome(path_text, status, message)


def _newest_undoable(home: Path | None) -> str:
    candidates = [
        manifest
        for manifest in iter_manifests(home)
        if not manifest.get("undone") and any(touched(entry) for entry in manifest["files"])
    ]
    if not candidates:
        raise UsageError(_("nothing to undo: no setup run with written files that is not undone yet"))
    return str(candidates[-1]["run_id"])


def undo(
    run_id: str | None = None,
    *,
    force: bool = False,
    home: Path | None = None,
    held: WriterLock | None = None,
) -> UndoResult:
    """Restore the files of ``run_id`` (default: the newest run not undone yet), newest edit first.

    Takes the setup lock unless the caller already holds it (``held``).
    """
    if held is None:
        with writer_lock(home, command="undo") as lock:
            return undo(run_id, force=force, home=home, held=lock)
    chosen = run_id or _newest_undoable(home)
    manifest = load_manifest(chosen, home)
    if manifest.get("undone"):
        raise UsageError(
            _("run {run_id} was already undone at {when}", run_id=chosen, when=manifest["undone"])
        )
    run_dir = runs_dir(home) / chosen
    outcomes: list[FileOutcome] = []
    for entry in reversed(manifest["files"]):
        if not touched(entry) or entry.get("undo_status") in DONE:
            continue
        outcome = restore_file(entry, run_dir, force=force)
        entry["undo_status"] = outcome.status
        outcomes.append(outcome)
    complete = all(outcome.status in DONE for outcome in outcomes)
    if complete:
        manifest["undone"] = datetime.now(UTC).isoformat()
    try:
        save_manifest(run_dir, manifest)
    except OSError as exc:
        raise WslgoError(
            _(
                "{path}: cannot record the undo in the journal: {error}",
                path=run_dir / "manifest.json",
                error=exc.strerror or exc,
            )
        ) from None
    return UndoResult(chosen, tuple(reversed(outcomes)), complete)
