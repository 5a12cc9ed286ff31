"""Helpers every step shares: text decoding with refusal, one edit per file, where a Go setting comes from."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from wslgo.edit import shellrc
from wslgo.edit.plan import FileEdit
from wslgo.facts.go import windows_drive_location
from wslgo.facts.wsl import automount_root_of, drive_mount_of
from wslgo.golang.goenv import parse_env_file
from wslgo.setup.model import SetupInputs
from wslgo.wslconf.reader import read_wsl_config


class Refusal(Exception):
    """A file a step must not touch; the message names it (one line)."""


def is_text(data: bytes) -> bool:
    """UTF-8 (with or without BOM) or BOM-marked UTF-16, and no NUL bytes outside UTF-16."""
    if data.startswith(b"\xff\xfe") and len(data) % 2 == 0:
        try:
            data[2:].decode("utf-16-le")
        except UnicodeDecodeError:
            return False
        return True
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def read_text(inputs: SetupInputs, path: str) -> str | None:
    """The file as text (``None`` when missing); raises ``Refusal`` for unreadable or binary files."""
    if path in inputs.unreadable:
        raise Refusal(f"{path}: left untouched: cannot read it ({inputs.unreadable[path]})")
    data = inputs.file(path)
    if data is None:
        return None
    if b"\x00" in data or not is_text(data):
        raise Refusal(f"{path}: left untouched: not a text file (binary or not UTF-8)")
    return data.decode("utf-8")


def check_bytes(inputs: SetupInputs, path: str) -> bytes | None:
    """Raw bytes of an INI file after the same refusal rules as :func:`read_text`."""
    if path in inputs.unreadable:
        raise Refusal(f"{path}: left untouched: cannot read it ({inputs.unreadable[path]})")
    data = inputs.file(path)
    if data is not None and not is_text(data):
        raise Refusal(f"{path}: left untouched: not a text file (binary or not UTF-8)")
    return data


def make_edit(inputs: SetupInputs, path: str, after: bytes, reasons: list[str], step: str) -> FileEdit | None:
    before = inputs.file(path)
    if before == after:
        return None
    return FileEdit(
        path=path,
        before=before,
        after=after,
        reason="; ".join(reasons),
        step=step,
        needs_root=path in inputs.needs_root,
        create_mode=0o644,
    )


@dataclass(frozen=True)
class ShellExport:
    path: str
    export: shellrc.Export


@dataclass(frozen=True)
class Source:
    """Where a Go setting comes from: ``rc`` (a shell export), ``env``, ``goenv`` or ``default``."""

    kind: str
    value: str
    path: str | None = None
    line: int | None = None

    def where(self) -> str:
        if self.path and self.line:
            return f"{self.path}:{self.line}"
        if self.kind == "env":
            return "the environment"
        if self.kind == "goenv" and self.path:
            return self.path
        return "go's default"


def shell_exports(inputs: SetupInputs, name: str) -> list[ShellExport]:
    """Active ``export NAME=…`` lines in the rc files (binary/unreadable files skipped), in reading order."""
    found: list[ShellExport] = []
    for path in inputs.target.rc_paths():
        try:
            text = read_text(inputs, path)
        except Refusal:
            continue
        if text is None:
            continue
        found.extend(ShellExport(path, export) for export in shellrc.find_exports(text, [name]))
    return found


def _marked_values(inputs: SetupInputs, name: str) -> set[str]:
    values: set[str] = set()
    for path in inputs.target.rc_paths():
        try:
            text = read_text(inputs, path)
        except Refusal:
            continue
        for line in shellrc.marked_lines(text or ""):
            for export in shellrc.find_exports(line + "\n", [name]):
                values.add(export.value)
    return values


def on_windows_drive(inputs: SetupInputs, value: str) -> bool:
    """Whether any element of ``value`` (GOPATH may hold several) lies on a Windows drive.

    Doctor's rule (``facts.go.windows_drive_location``: the mount table, else the automount root) on the
    evidence, so setup moves exactly what GO020–GO022 flag; for a ``--root``/``--home`` target, the
    automount root of the target's own ``/etc/wsl.conf``.
    """
    entries = [entry for entry in value.split(":") if entry]
    if inputs.evidence is not None:
        return any(windows_drive_location(inputs.evidence, entry) for entry in entries)
    try:
        data = check_bytes(inputs, inputs.target.wsl_conf)
    except Refusal:
        data = None
    root = automount_root_of(read_wsl_config(data or b"", "wsl.conf") if data else None)
    return any(drive_mount_of(posixpath.normpath(entry), None, root) for entry in entries)


def goenv_values(inputs: SetupInputs) -> dict[str, str]:
    try:
        text = read_text(inputs, inputs.target.goenv)
    except Refusal:
        return {}
    return parse_env_file(text or "").values


def resolve(inputs: SetupInputs, name: str) -> Source | None:
    """The value the go command will see for ``name`` after the edits planned so far.

    Order: the last active shell export, else the process environment (unless it only holds a value from
    a line wslgo has commented out), else the Go env file, else ``go env`` (the default).
    """
    exports = shell_exports(inputs, name)
    if exports:
        last = exports[-1]
        return Source("rc", last.export.value, last.path, last.export.line_number)
    env_value = inputs.env.get(name)
    if env_value is not None and env_value not in _marked_values(inputs, name):
        return Source("env", env_value)
    file_values = goenv_values(inputs)
    if name in file_values:
        return Source("goenv", file_values[name], inputs.target.goenv)
    default = inputs.go_env.get(name)
    if default:
        return Source("default", default)
    return None


class GoSettingsEditor:
    """Accumulates one step's changes to the rc files and the Go env file, then emits one edit per file.

    A Go variable exported by a shell rc file shadows the Go env file (the environment wins), so moving a
    setting into the Go env file means commenting out the export (``# wslgo:``), which undo restores.
    """

    def __init__(self, inputs: SetupInputs, step: str) -> None:
        self.inputs = inputs
        self.step = step
        self.texts: dict[str, str | None] = {}
        self.reasons: dict[str, list[str]] = {}
        self.refusals: list[str] = []
        self.notes: list[str] = []
        self.goenv_set: dict[str, str] = {}
        self.goenv_unset: set[str] = set()

    def _text(self, path: str) -> str | None:
        if path not in self.texts:
            self.texts[path] = read_text(self.inputs, path)
        return self.texts[path]

    def _reason(self, path: str, reason: str) -> None:
        reasons = self.reasons.setdefault(path, [])
        if reason not in reasons:
            reasons.append(reason)

    def comment_out_export(self, found: ShellExport, reason: str) -> None:
        try:
            text = self._text(found.path)
        except Refusal as refusal:
            self.refusals.append(str(refusal))
            return
        if text is None:
            return
        self.texts[found.path] = shellrc.comment_out(text, [found.export.index])
        self._reason(found.path, reason)

    def set_go(self, name: str, value: str, reason: str) -> None:
        self.goenv_set[name] = value
        self.goenv_unset.discard(name)
        self._reason(self.inputs.target.goenv, reason)

    def unset_go(self, name: str, reason: str) -> None:
        self.goenv_unset.add(name)
        self.goenv_set.pop(name, None)
        self._reason(self.inputs.target.goenv, reason)

    def edits(self) -> list[FileEdit]:
        from wslgo.edit.goenv import update_goenv

        goenv_path = self.inputs.target.goenv
        if (self.goenv_set or self.goenv_unset) and not goenv_path:
            self.refusals.append("GOENV=off: the Go env file is disabled, so Go settings cannot be written")
        elif self.goenv_set or self.goenv_unset:
            try:
                text = self._text(goenv_path)
            except Refusal as refusal:
                self.refusals.append(str(refusal))
            else:
                self.texts[goenv_path] = update_goenv(text or "", self.goenv_set, self.goenv_unset)
        edits: list[FileEdit] = []
        for path, text in self.texts.items():
            if text is None:
                continue
            edit = make_edit(self.inputs, path, text.encode("utf-8"), self.reasons.get(path, []), self.step)
            if edit is not None:
                edits.append(edit)
        return edits
