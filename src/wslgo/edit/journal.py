"""The run journal under ``WSLGO_HOME/runs/<run-id>/`` and the one-writer lock (SPEC §4, §11).

Apply and undo both read and write it, so its shape, its statuses and the lock that keeps two runs from
interleaving live here once. A run directory holds ``manifest.json`` (one entry per file, saved atomically
after every state change), ``backups/`` (the original bytes, written before the file is touched),
``staged/`` (new bytes for files that need root) and ``overwritten/`` (what ``undo --force`` replaced).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import secrets
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from wslgo.errors import InputError, UsageError, WslgoError
from wslgo.fsutil import LockHolder, LockTimeout, create_exclusive, exclusive_lock, write_atomic
from wslgo.home import runs_dir, wslgo_home
from wslgo.i18n import _
from wslgo.jsontext import loads_json

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1
LOCK_NAME = "setup.lock"
#: How long a second setup/undo waits for the first before giving up (exit 1).
LOCK_WAIT_S = 300.0

# Per-file statuses in the manifest and in results.
WRITTEN = "written"
CREATED = "created"
WRITING = "writing"
REFUSED = "refused"
NEEDS_ROOT = "needs-root"
FAILED = "failed"
NOT_WRITTEN = "not-written"
ROLLED_BACK = "rolled-back"
RESTORED = "restored"
REMOVED = "removed"
ALREADY_OLD = "already-restored"

#: Entries whose file a run may have changed (needs-root: the user may have run the sudo command).
TOUCHED = (WRITTEN, CREATED, WRITING, NEEDS_ROOT)


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
class RunSummary:
    run_id: str
    command: str
    created: str
    finished: bool
    undone: str | None
    files_written: int
    paths: tuple[str, ...] = field(default_factory=tuple)


def new_run_id(now: datetime) -> str:
    """Sortable (UTC timestamp with microseconds) and unique (random suffix)."""
    return f"{now:%Y%m%dT%H%M%S}{now.microsecond:06d}Z-{secrets.token_hex(3)}"


def save_manifest(run_dir: Path, manifest: Mapping[str, Any]) -> None:
    """Replace the run's manifest atomically (``OSError`` names the manifest)."""
    payload = (json.dumps(manifest, indent=2, sort_keys=False) + "\n").encode()
    write_atomic(run_dir / MANIFEST_NAME, payload, mode=0o600)


def keep_copy(run_dir: Path, folder: str, index: int, name: str, data: bytes) -> Path:
    """Store ``data`` as ``run_dir/folder/NNN-name`` (``.1``, ``.2`` … when taken); never overwrites."""
    directory = run_dir / folder
    directory.mkdir(parents=True, exist_ok=True)
    base = f"{index:03d}-{name}"
    for attempt in range(1000):
        candidate = directory / (base if attempt == 0 else f"{base}.{attempt}")
        try:
            create_exclusive(candidate, data, mode=0o600)
        except FileExistsError:
            continue
        return candidate
    raise FileExistsError(str(directory / base))


def load_manifest(run_id: str, home: Path | None = None) -> dict[str, Any]:
    """The journal of ``run_id``; a missing or corrupt journal is an input error naming it."""
    if not run_id or "/" in run_id or run_id.startswith("."):
        raise UsageError(_("invalid run id {run_id!r} (see 'wslgo undo --list')", run_id=run_id))
    path = runs_dir(home) / run_id / MANIFEST_NAME
    try:
        data = loads_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(
            _("no run {run_id!r} in {runs} (see 'wslgo undo --list')", run_id=run_id, runs=runs_dir(home))
        ) from None
    except (OSError, ValueError) as exc:
        raise InputError(_("{path}: unreadable journal: {error}", path=path, error=exc)) from None
    if not isinstance(data, dict) or not isinstance(data.get("files"), list):
        raise InputError(_("{path}: not a wslgo journal (expected an object with 'files')", path=path))
    return data


def iter_manifests(home: Path | None) -> Iterator[dict[str, Any]]:
    base = runs_dir(home)
    if not base.is_dir():
        return
    for run_path in sorted(base.iterdir()):
        if (run_path / MANIFEST_NAME).is_file():
            with contextlib.suppress(WslgoError):
                yield load_manifest(run_path.name, home)


def touched(entry: Mapping[str, Any]) -> bool:
    return entry.get("status") in TOUCHED


def list_runs(home: Path | None = None) -> list[RunSummary]:
    """Every recorded run, oldest first."""
    summaries: list[RunSummary] = []
    for manifest in iter_manifests(home):
        entries = [entry for entry in manifest["files"] if touched(entry)]
        summaries.append(
            RunSummary(
                run_id=str(manifest.get("run_id")),
                command=str(manifest.get("command", "")),
                created=str(manifest.get("created", "")),
                finished=bool(manifest.get("finished")),
                undone=manifest.get("undone"),
                files_written=len(entries),
                paths=tuple(str(entry["path"]) for entry in entries),
            )
        )
    return summaries


# -- one writer at a time ------------------------------------------------------------------------------


@dataclass(frozen=True)
class WriterLock:
    """Proof that the caller holds the setup/undo lock of a ``WSLGO_HOME`` (from ``writer_lock``)."""

    path: Path


def _tell_waiting(lock_path: Path) -> Callable[[LockHolder], None]:
    def tell(holder: LockHolder) -> None:
        who = holder.command or "wslgo"
        pid = holder.pid if holder.pid is not None else "?"
        print(
            "wslgo: "
            + _(
                "waiting for another run ({command}, pid {pid}) to finish: it holds {lock}",
                command=who,
                pid=pid,
                lock=lock_path,
            ),
            file=sys.stderr,
            flush=True,
        )

    return tell


@contextlib.contextmanager
def writer_lock(
    home: Path | None = None, *, command: str = "setup", timeout_s: float = LOCK_WAIT_S
) -> Iterator[WriterLock]:
    """Hold the one lock that setup, undo and every other journaled writer take (``WSLGO_HOME/setup.lock``).

    A second run prints who holds it and waits; after ``timeout_s`` it gives up with exit 1. Holding it
    from planning to the last rename means a run never plans from a file another run is rewriting.
    """
    state = home or wslgo_home()
    lock_path = state / LOCK_NAME
    with contextlib.ExitStack() as stack:
        try:
            state.mkdir(parents=True, exist_ok=True)
            stack.enter_context(
                exclusive_lock(
                    lock_path,
                    command=f"wslgo {command}",
                    timeout_s=timeout_s,
                    on_wait=_tell_waiting(lock_path),
                )
            )
        except LockTimeout as exc:
            raise WslgoError(
                _(
                    "another run ({command}, pid {pid}) still holds {lock} after {seconds} s; "
                    "try again when it has finished",
                    command=exc.holder.command or "wslgo",
                    pid=exc.holder.pid if exc.holder.pid is not None else "?",
                    lock=lock_path,
                    seconds=round(exc.waited_s),
                )
            ) from None
        except OSError as exc:
            raise WslgoError(
                _("{path}: cannot take the setup lock: {error}", path=lock_path, error=exc.strerror or exc)
            ) from None
        yield WriterLock(lock_path)
