"""Read ``/etc/wsl.conf`` and ``.wslconfig`` the way WSL itself does (WSL-FACTS §3).

One parser serves both files (microsoft/WSL ``src/shared/configfile/configfile.cpp``), with one difference
that matters more than any other: ``.wslconfig`` is parsed with ``CFG_SKIP_INVALID_LINES``, so a rejected
line is skipped, while ``/etc/wsl.conf`` is not, so WSL **stops at the first rejected line** and silently
ignores every setting after it. ``stopped_at`` and ``skipped`` make that visible.

Other rules kept here: keys match case-insensitively; the first occurrence of a key wins and later ones
are reported as duplicates (in ``.wslconfig`` the ``[experimental]`` spellings of ``networkingMode``,
``dnsTunneling``, ``firewall`` and ``autoProxy`` are the same key as the ``[wsl2]`` ones); a bad value
is a warning and the key keeps its default. Line numbers are physical lines (what an editor shows).
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass, field
from typing import Literal

from wslgo.i18n import M
from wslgo.wslconf import schema
from wslgo.wslconf.syntax import Document, Line, parse

FileKind = Literal["wsl.conf", ".wslconfig"]
ProblemKind = Literal[
    "invalid-line", "unknown-key", "unknown-section", "bad-value", "duplicate", "removed-key", "encoding"
]

DEFAULT_LABEL: dict[FileKind, str] = {"wsl.conf": "/etc/wsl.conf", ".wslconfig": ".wslconfig"}


@dataclass(frozen=True)
class Problem:
    """Something WSL warns about (or would silently mishandle) at ``line`` (1-based; 0 = whole file)."""

    line: int
    kind: ProblemKind
    message: str
    raw: str = ""
    #: ``section.key`` in lower case when the problem concerns one key.
    key: str | None = None
    #: For duplicates: the line of the occurrence that wins.
    other_line: int | None = None


@dataclass(frozen=True)
class Setting:
    """A key WSL reads: ``name`` as written (``wsl2.Memory``), ``value`` after quote/escape/comment rules."""

    name: str
    value: str
    line: int
    raw: str


@dataclass(frozen=True)
class ConfigReading:
    kind: FileKind
    label: str
    document: Document
    #: Known keys WSL takes, by canonical lower-case ``section.key`` (aliases resolved), first occurrence.
    settings: dict[str, Setting] = field(default_factory=dict)
    #: Every key line WSL reads (known or not, duplicates included), in file order.
    entries: tuple[Setting, ...] = ()
    problems: tuple[Problem, ...] = ()
    #: wsl.conf only: the line where WSL stopped reading (the first rejected line).
    stopped_at: int | None = None
    #: wsl.conf only: key lines after ``stopped_at`` that WSL never reads.
    skipped: tuple[Setting, ...] = ()

    def value(self, key: str) -> str | None:
        """The file's value for ``section.key`` (any case, aliases resolved), or ``None``."""
        spec = schema.lookup(self.kind, key)
        setting = self.settings.get(spec.canonical if spec else key.lower())
        return setting.value if setting else None

    def setting(self, key: str) -> Setting | None:
        spec = schema.lookup(self.kind, key)
        return self.settings.get(spec.canonical if spec else key.lower())

    def where(self, line: int) -> str:
        return f"{self.label}:{line}"


def _has_undecodable(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def _suggestion(kind: FileKind, section: str | None, key: str) -> str | None:
    candidates = schema.keys_in_section(kind, section) if section else []
    if not candidates:
        candidates = [spec.key for spec in schema.CATALOG[kind]]
    lowered = {name.lower(): name for name in candidates}
    close = difflib.get_close_matches(key.lower(), list(lowered), n=1, cutoff=0.75)
    return lowered[close[0]] if close else None


def _other_file(kind: FileKind) -> FileKind:
    return ".wslconfig" if kind == "wsl.conf" else "wsl.conf"


class _Reader:
    def __init__(self, kind: FileKind, label: str, document: Document) -> None:
        self.kind = kind
        self.label = label
        self.document = document
        self.settings: dict[str, Setting] = {}
        self.entries: list[Setting] = []
        self.problems: list[Problem] = []
        self.stopped_at: int | None = None
        self.skipped: list[Setting] = []

    def at(self, line: int) -> str:
        return f"{self.label}:{line}"

    def reject(self, number: int, line: Line, message: str, kind: ProblemKind = "invalid-line") -> None:
        if self.kind == "wsl.conf":
            message = M(
                "{problem}; WSL stops reading /etc/wsl.conf here and ignores every later line",
                problem=message,
            )
        self.problems.append(Problem(number, kind, message, line.text))
        if self.kind == "wsl.conf":
            self.stopped_at = number

    def key_line(self, section: str | None, number: int, line: Line) -> None:
        assert line.name is not None and line.value is not None
        name = f"{section}.{line.name}" if section else line.name
        setting = Setting(name, line.value, number, line.text)
        if self.stopped_at is not None:
            self.skipped.append(setting)
            return
        self.entries.append(setting)
        spec = schema.lookup(self.kind, name)
        if spec is None:
            self.unknown(section, line.name, setting)
            return
        first = self.settings.get(spec.canonical)
        if first is not None:
            self.problems.append(
                Problem(
                    number,
                    "duplicate",
                    M(
                        "Duplicated config key '{key}' in {where} (Conflicting key: '{first}' in "
                        "{first_where}); WSL uses the first one",
                        key=name,
                        where=self.at(number),
                        first=first.name,
                        first_where=self.at(first.line),
                    ),
                    line.text,
                    key=spec.canonical,
                    other_line=first.line,
                )
            )
            return
        self.settings[spec.canonical] = setting

    def unknown(self, section: str | None, key: str, setting: Setting) -> None:
        base = M("Unknown key '{key}' in {where}", key=setting.name, where=self.at(setting.line))
        gone = schema.removed(self.kind, setting.name)
        lowered = setting.name.lower()
        if gone is not None:
            message = M("{problem}: {note}", problem=base, note=gone.note)
            self.problems.append(Problem(setting.line, "removed-key", message, setting.raw, key=lowered))
        elif section is None:
            message = M("{problem}: it comes before any [section] header, so WSL ignores it", problem=base)
            self.problems.append(Problem(setting.line, "unknown-key", message, setting.raw, key=lowered))
        elif section.lower() not in schema.sections(self.kind):
            other = _other_file(self.kind)
            message = (
                M(
                    "{problem}; [{section}] belongs in {path}",
                    problem=base,
                    section=section,
                    path=DEFAULT_LABEL[other],
                )
                if schema.lookup(other, setting.name) is not None
                else M(
                    "{problem}; [{section}] is not a section of {path}",
                    problem=base,
                    section=section,
                    path=DEFAULT_LABEL[self.kind],
                )
            )
            self.problems.append(Problem(setting.line, "unknown-section", message, setting.raw, key=lowered))
        else:
            suggestion = _suggestion(self.kind, section, key)
            message = (
                M("{problem}; did you mean '{key}'?", problem=base, key=suggestion) if suggestion else base
            )
            self.problems.append(Problem(setting.line, "unknown-key", message, setting.raw, key=lowered))

    def run(self) -> None:
        doc = self.document
        if doc.encoding == "utf-16-le":
            if self.kind == "wsl.conf":
                self.problems.append(
                    Problem(1, "encoding", M("the file is UTF-16; WSL reads /etc/wsl.conf as UTF-8 bytes"))
                )
                self.stopped_at = 1
            else:
                self.problems.append(
                    Problem(
                        0,
                        "encoding",
                        M(
                            "the file is UTF-16LE with a byte-order mark; current WSL decodes it, older "
                            "releases ignored such files: save it as UTF-8 without BOM"
                        ),
                    )
                )
        elif doc.bom and self.kind == ".wslconfig":
            self.problems.append(
                Problem(
                    0,
                    "encoding",
                    M(
                        "the file starts with a UTF-8 byte-order mark; current WSL accepts it, older "
                        "releases ignored such files: save it as UTF-8 without BOM"
                    ),
                )
            )
        for section, number, line in doc.sections():
            if self.stopped_at is not None:
                if line.kind == "key":
                    self.key_line(section, number, line)
                continue
            if number == 1 and doc.bom and self.kind == "wsl.conf" and doc.encoding == "utf-8":
                self.reject(
                    number,
                    line,
                    M(
                        "Invalid key name in {where} (the file starts with a UTF-8 byte-order mark)",
                        where=self.at(number),
                    ),
                    "encoding",
                )
                if line.kind == "key":
                    self.key_line(section, number, line)
                continue
            if _has_undecodable(line.text):
                message = M("{where} contains bytes that are not UTF-8", where=self.at(number))
                if self.kind == "wsl.conf":
                    self.reject(number, line, message, "encoding")
                    if line.kind == "key":
                        self.key_line(section, number, line)
                    continue
                self.problems.append(Problem(number, "encoding", message, line.text))
            if line.kind == "invalid":
                self.reject(
                    number, line, M("{problem} in {where}", problem=line.error, where=self.at(number))
                )
            elif line.kind == "key":
                self.key_line(section, number, line)


@functools.lru_cache(maxsize=32)
def read_wsl_config(data: bytes, kind: FileKind, label: str | None = None) -> ConfigReading:
    """What WSL makes of ``data``. Never raises: every oddity becomes a ``Problem``.

    ``label`` names the file in messages (default ``/etc/wsl.conf`` or ``.wslconfig``). Pure, and asked
    by a dozen checks and two setup steps about the same two files: the reading is cached (callers must
    not change it).
    """
    reader = _Reader(kind, label or DEFAULT_LABEL[kind], parse(data, kind))
    reader.run()
    partial = ConfigReading(
        kind=kind,
        label=reader.label,
        document=reader.document,
        settings=dict(reader.settings),
        entries=tuple(reader.entries),
        problems=(),
        stopped_at=reader.stopped_at,
        skipped=tuple(reader.skipped),
    )
    problems = sorted([*reader.problems, *schema.validate(partial)], key=lambda item: item.line)
    return ConfigReading(
        kind=kind,
        label=reader.label,
        document=reader.document,
        settings=partial.settings,
        entries=partial.entries,
        problems=tuple(problems),
        stopped_at=reader.stopped_at,
        skipped=partial.skipped,
    )


__all__ = ["ConfigReading", "FileKind", "Problem", "ProblemKind", "Setting", "read_wsl_config"]
