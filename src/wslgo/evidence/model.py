"""The immutable evidence object and its JSON round-trip (the bundle format, SPEC §2).

Checks are pure functions of an ``Evidence``; nothing else in doctor touches the machine. The same object
is produced by the live collector (``evidence.collect``) and by the bundle reader (``evidence.bundle``),
which is what makes every finding replayable on any machine.

Lookups distinguish *unknown* (``None``: the collector did not record it, so a check must report
``skipped``) from *known absent* (``PathInfo(kind="missing")`` or a ``CommandResult`` with
``error="not-found"``).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

BUNDLE_FORMAT = "wslgo-bundle"
BUNDLE_VERSION = 1

PATH_KINDS = frozenset({"file", "dir", "symlink", "char", "block", "socket", "fifo", "missing"})

#: Names looked up in every PATH directory, so "which X wins" replays exactly (SPEC §2).
PATH_LOOKUP_NAMES: tuple[str, ...] = (
    "go",
    "go.exe",
    "gofmt",
    "gcc",
    "gcc.exe",
    "cc",
    "clang",
    "pkg-config",
    "git",
    "git.exe",
    "code",
    "gopls",
    "dlv",
    "golangci-lint",
    "staticcheck",
    "docker",
    "nvidia-smi",
    "wsl.exe",
    "cmd.exe",
    "powershell.exe",
    "wslpath",
)


def _frozen_mapping(data: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(data))


@dataclass(frozen=True)
class PathInfo:
    """What the collector saw at one path (``lstat``; symlinks are not followed, ``target`` says where)."""

    kind: str
    mode: str | None = None  # octal permission bits, e.g. "0755"
    size: int | None = None
    uid: int | None = None
    gid: int | None = None
    writable: bool | None = None  # for the capturing user
    mtime: str | None = None  # ISO-8601 UTC
    target: str | None = None  # symlinks only
    free_bytes: int | None = None  # directories only
    #: Why the path could not be read even though it exists (e.g. "permission-denied", "too-large").
    error: str | None = None

    @property
    def exists(self) -> bool:
        return self.kind != "missing"

    @property
    def executable(self) -> bool:
        """True for a file (or symlink to one) with any execute bit, as far as the mode says."""
        if self.kind not in ("file", "symlink"):
            return False
        if self.mode is None:
            return True
        return bool(int(self.mode, 8) & 0o111)

    def mtime_dt(self) -> datetime | None:
        if not self.mtime:
            return None
        try:
            parsed = datetime.fromisoformat(self.mtime.replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind}
        for name in ("mode", "size", "uid", "gid", "writable", "mtime", "target", "free_bytes", "error"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PathInfo:
        kind = str(data.get("kind", ""))
        if kind not in PATH_KINDS:
            raise ValueError(f"unknown path kind {kind!r} (expected one of {', '.join(sorted(PATH_KINDS))})")

        def opt_int(name: str) -> int | None:
            value = data.get(name)
            return int(value) if value is not None else None

        def opt_str(name: str) -> str | None:
            value = data.get(name)
            return str(value) if value is not None else None

        writable = data.get("writable")
        return cls(
            kind=kind,
            mode=opt_str("mode"),
            size=opt_int("size"),
            uid=opt_int("uid"),
            gid=opt_int("gid"),
            writable=bool(writable) if writable is not None else None,
            mtime=opt_str("mtime"),
            target=opt_str("target"),
            free_bytes=opt_int("free_bytes"),
            error=opt_str("error"),
        )


@dataclass(frozen=True)
class CommandResult:
    """One command the collector ran (or an HTTP probe, argv ``["http-probe", URL]``).

    ``error`` is set when the command did not run to completion: ``"not-found"``, ``"timeout"``,
    ``"permission-denied"`` or a short text; then ``rc`` may be ``None``.
    """

    argv: tuple[str, ...]
    rc: int | None = None
    stdout: str = ""
    stderr: str = ""
    duration_s: float = 0.0
    error: str | None = None
    cwd: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.rc == 0

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"argv": list(self.argv)}
        if self.error is not None:
            out["error"] = self.error
        if self.rc is not None:
            out["rc"] = self.rc
        out["stdout"] = self.stdout
        out["stderr"] = self.stderr
        out["duration_s"] = round(self.duration_s, 4)
        if self.cwd is not None:
            out["cwd"] = self.cwd
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CommandResult:
        argv = data.get("argv")
        if not isinstance(argv, list) or not argv or not all(isinstance(a, str) for a in argv):
            raise ValueError("'argv' must be a non-empty list of strings")
        rc = data.get("rc")
        error = data.get("error")
        cwd = data.get("cwd")
        return cls(
            argv=tuple(argv),
            rc=int(rc) if rc is not None else None,
            stdout=str(data.get("stdout", "")),
            stderr=str(data.get("stderr", "")),
            duration_s=float(data.get("duration_s", 0.0)),
            error=str(error) if error is not None else None,
            cwd=str(cwd) if cwd is not None else None,
        )


@dataclass(frozen=True)
class HostMeta:
    arch: str = "amd64"
    uid: int | None = None
    gid: int | None = None
    user: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"arch": self.arch}
        if self.uid is not None:
            out["uid"] = self.uid
        if self.gid is not None:
            out["gid"] = self.gid
        if self.user is not None:
            out["user"] = self.user
        return out


@dataclass(frozen=True)
class Meta:
    """``meta.json``: ``created`` is "now" for every time-dependent check, live or replayed."""

    created: str
    wslgo_version: str
    redacted: bool = True
    cwd: str | None = None
    host: HostMeta = field(default_factory=HostMeta)
    anonymized: bool = False
    offline: bool = False

    def now(self) -> datetime:
        parsed = datetime.fromisoformat(self.created.replace("Z", "+00:00"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "format": BUNDLE_FORMAT,
            "version": BUNDLE_VERSION,
            "created": self.created,
            "wslgo_version": self.wslgo_version,
            "redacted": self.redacted,
            "host": self.host.to_json(),
        }
        if self.cwd is not None:
            out["cwd"] = self.cwd
        if self.anonymized:
            out["anonymized"] = True
        if self.offline:
            out["offline"] = True
        return out


@dataclass(frozen=True)
class Evidence:
    """Everything doctor knows. Paths are absolute POSIX paths as seen inside the distro."""

    meta: Meta
    env: Mapping[str, str] = field(default_factory=dict)
    files: Mapping[str, bytes] = field(default_factory=dict)
    paths: Mapping[str, PathInfo] = field(default_factory=dict)
    commands: tuple[CommandResult, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "env", _frozen_mapping(self.env))
        object.__setattr__(self, "files", _frozen_mapping(self.files))
        object.__setattr__(self, "paths", _frozen_mapping(self.paths))
        object.__setattr__(self, "commands", tuple(self.commands))

    # -- queries -------------------------------------------------------------------------------------

    @property
    def now(self) -> datetime:
        return self.meta.now()

    @property
    def home(self) -> str | None:
        """The Linux home directory, from ``$HOME``."""
        return self.env.get("HOME") or None

    def file(self, path: str) -> bytes | None:
        """Verbatim bytes of a collected file; ``None`` when not collected (unknown or missing)."""
        return self.files.get(path)

    def text(self, path: str) -> str | None:
        """A collected file as text: UTF-8 (BOM kept as U+FEFF), undecodable bytes replaced."""
        data = self.files.get(path)
        if data is None:
            return None
        return data.decode("utf-8", errors="replace")

    def path(self, path: str) -> PathInfo | None:
        """What was seen at ``path``: ``None`` means unknown (not recorded)."""
        info = self.paths.get(path)
        if info is not None:
            return info
        if path in self.files:
            return PathInfo(kind="file", size=len(self.files[path]))
        return None

    def exists(self, path: str) -> bool | None:
        """True/False when known, ``None`` when the collector did not look."""
        info = self.path(path)
        return None if info is None else info.exists

    def command(self, *argv: str) -> CommandResult | None:
        """The recorded result of exactly this argv, or ``None`` when it was not run/recorded."""
        for result in self.commands:
            if result.argv == argv:
                return result
        return None

    def paths_under(self, prefix: str) -> Iterator[tuple[str, PathInfo]]:
        """Recorded paths strictly below ``prefix`` (for globs such as ``/usr/lib/go-*``)."""
        base = prefix.rstrip("/") + "/"
        for path, info in self.paths.items():
            if path.startswith(base):
                yield path, info

    def path_dirs(self) -> list[str]:
        """``$PATH`` split in order, empty entries dropped (they mean the cwd; we do not guess it)."""
        return [entry for entry in self.env.get("PATH", "").split(":") if entry]

    def which_all(self, name: str) -> list[str]:
        """Every executable named ``name`` on PATH, in PATH order, as recorded (replayable).

        A candidate that ``paths`` does not list counts as absent (SPEC §2).
        """
        found: list[str] = []
        for directory in self.path_dirs():
            candidate = posixpath.join(directory, name)
            info = self.paths.get(candidate)
            if info is not None and info.executable and candidate not in found:
                found.append(candidate)
        return found

    def which(self, name: str) -> str | None:
        """The executable that wins on PATH for ``name`` (first match), or ``None``."""
        hits = self.which_all(name)
        return hits[0] if hits else None
