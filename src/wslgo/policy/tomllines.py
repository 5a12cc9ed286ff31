"""The line of every key in a TOML document, for error messages that name ``FILE:LINE``.

``tomllib`` returns values without positions, and its own errors only cover syntax. A policy error such as
"unknown key 'fail_on'" must still say where the key is, so this module walks the source text once more and
records the line where each key path is first defined: table headers (``[doctor]``), arrays of tables
(``[[x]]``, indexed ``("x", 0)``), dotted keys (``a.b = 1`` defines ``a`` and ``a.b``), quoted keys
(``"fail-on"``, ``'x.y'``), inline tables (``{ a = 1 }``) and the items of arrays (``("required", 1)``,
useful when an array spans lines). Strings of all four kinds and comments are skipped exactly, so a ``=`` or
``[`` inside a value never looks like a key.

The text is only ever scanned after ``tomllib`` accepted it, so the scanner can trust the grammar; it
still never raises: on anything unexpected it keeps the lines found so far, and a lookup falls back to the
nearest enclosing key that has a line.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

KeyPath = tuple[str | int, ...]

_BARE_KEY_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_SPACE = " \t"
_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\", "e": "\x1b"}


@dataclass(frozen=True)
class KeyLines:
    """Key path → the 1-based line where it is first defined."""

    lines: Mapping[KeyPath, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "lines", MappingProxyType(dict(self.lines)))

    def line_of(self, path: KeyPath) -> int | None:
        """The line of ``path``, else of its nearest recorded parent; ``None`` when nothing matches."""
        for length in range(len(path), 0, -1):
            line = self.lines.get(path[:length])
            if line is not None:
                return line
        return None


class _Scanner:
    """One pass over a valid TOML text (see the module docstring)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.newlines = [index for index, char in enumerate(text) if char == "\n"]
        self.lines: dict[KeyPath, int] = {}
        #: Concrete path of an array of tables → index of its last element.
        self.array_tables: dict[KeyPath, int] = {}

    # -- primitives --------------------------------------------------------------------------------------

    def line_at(self, pos: int) -> int:
        return bisect.bisect_left(self.newlines, pos) + 1

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def char(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def skip_space(self) -> None:
        while self.char() and self.char() in _SPACE:
            self.pos += 1

    def skip_blank(self) -> None:
        """Spaces, newlines and comments (between statements and inside arrays)."""
        while not self.at_end():
            char = self.char()
            if char in _SPACE or char in "\r\n":
                self.pos += 1
            elif char == "#":
                end = self.text.find("\n", self.pos)
                self.pos = len(self.text) if end < 0 else end
            else:
                return

    def record(self, path: KeyPath, line: int) -> None:
        self.lines.setdefault(path, line)

    # -- keys --------------------------------------------------------------------------------------------

    def simple_key(self) -> str:
        char = self.char()
        if char == '"':
            return self.basic_string()
        if char == "'":
            end = self.text.index("'", self.pos + 1)
            key = self.text[self.pos + 1 : end]
            self.pos = end + 1
            return key
        start = self.pos
        while self.char() and self.char() in _BARE_KEY_CHARS:
            self.pos += 1
        if self.pos == start:
            raise ValueError(f"no key at offset {start}")
        return self.text[start : self.pos]

    def dotted_key(self) -> list[str]:
        keys = [self.simple_key()]
        while True:
            self.skip_space()
            if self.char() != ".":
                return keys
            self.pos += 1
            self.skip_space()
            keys.append(self.simple_key())

    def resolve(self, keys: list[str]) -> KeyPath:
        """Header keys → a concrete path, entering the last element of each array of tables on the way."""
        path: KeyPath = ()
        for key in keys:
            path = (*path, key)
            if path in self.array_tables:
                path = (*path, self.array_tables[path])
        return path

    # -- values ------------------------------------------------------------------------------------------

    def basic_string(self) -> str:
        """A ``"…"`` string starting at ``pos``; returns its decoded text (keys need the real value)."""
        out: list[str] = []
        self.pos += 1
        while True:
            char = self.text[self.pos]
            if char == '"':
                self.pos += 1
                return "".join(out)
            if char == "\\":
                code = self.text[self.pos + 1]
                if code in "uU":
                    width = 4 if code == "u" else 8
                    out.append(chr(int(self.text[self.pos + 2 : self.pos + 2 + width], 16)))
                    self.pos += 2 + width
                    continue
                out.append(_ESCAPES.get(code, code))
                self.pos += 2
                continue
            out.append(char)
            self.pos += 1

    def multiline_string(self, quote: str) -> None:
        """Skip a ``\"\"\"…\"\"\"`` or ``'''…'''`` string; up to two quotes may end its content."""
        delimiter = quote * 3
        self.pos += 3
        while True:
            if quote == '"' and self.text[self.pos] == "\\":
                self.pos += 2
                continue
            if self.text.startswith(delimiter, self.pos):
                run = 3
                while run < 5 and self.text[self.pos + run : self.pos + run + 1] == quote:
                    run += 1
                self.pos += run
                return
            self.pos += 1

    def value(self, path: KeyPath) -> None:
        char = self.char()
        if self.text.startswith('"""', self.pos) or self.text.startswith("'''", self.pos):
            self.multiline_string(char)
        elif char == '"':
            self.basic_string()
        elif char == "'":
            self.pos = self.text.index("'", self.pos + 1) + 1
        elif char == "[":
            self.array(path)
        elif char == "{":
            self.inline_table(path)
        else:
            while self.char() and self.char() not in ",]}#\r\n":
                self.pos += 1

    def array(self, path: KeyPath) -> None:
        self.pos += 1
        index = 0
        while True:
            self.skip_blank()
            if self.char() in ("]", ""):
                self.pos += 1
                return
            self.record((*path, index), self.line_at(self.pos))
            self.value((*path, index))
            index += 1
            self.skip_blank()
            if self.char() == ",":
                self.pos += 1

    def key_value(self, table: KeyPath) -> None:
        line = self.line_at(self.pos)
        keys = self.dotted_key()
        for length in range(1, len(keys) + 1):
            self.record((*table, *keys[:length]), line)
        self.skip_space()
        if self.char() != "=":
            raise ValueError(f"expected '=' at offset {self.pos}")
        self.pos += 1
        self.skip_space()
        self.value((*table, *keys))

    def inline_table(self, path: KeyPath) -> None:
        self.pos += 1
        while True:
            self.skip_blank()
            if self.char() in ("}", ""):
                self.pos += 1
                return
            self.key_value(path)
            self.skip_blank()
            if self.char() == ",":
                self.pos += 1

    # -- statements --------------------------------------------------------------------------------------

    def header(self) -> KeyPath:
        line = self.line_at(self.pos)
        array_table = self.text.startswith("[[", self.pos)
        self.pos += 2 if array_table else 1
        self.skip_space()
        keys = self.dotted_key()
        self.skip_space()
        self.pos += 2 if array_table else 1
        path = (*self.resolve(keys[:-1]), keys[-1])
        if not array_table:
            self.record(path, line)
            return path
        self.record(path, line)
        index = self.array_tables.get(path, -1) + 1
        self.array_tables[path] = index
        self.record((*path, index), line)
        return (*path, index)

    def scan(self) -> dict[KeyPath, int]:
        table: KeyPath = ()
        try:
            while True:
                self.skip_blank()
                if self.at_end():
                    break
                before = self.pos
                if self.char() == "[":
                    table = self.header()
                else:
                    self.key_value(table)
                if self.pos <= before:  # never loop without progress
                    self.pos = before + 1
        except (IndexError, ValueError, RecursionError):
            pass
        return self.lines


def key_lines(text: str) -> KeyLines:
    """The line of every key path in ``text`` (a document ``tomllib`` accepted)."""
    return KeyLines(_Scanner(text).scan())
