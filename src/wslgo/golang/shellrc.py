"""A read-only scan of shell start-up files for what changes the Go environment, with file:line.

Doctor does not run the user's shell; it reads ``~/.bashrc``, ``~/.profile``, ``~/.zshrc``, fish's
``config.fish`` … and reports the lines that matter: variable assignments (``export GOPATH=…``, ``GOPATH=…``,
fish ``set -gx GOPATH …``), PATH edits, and an ``alias go=`` or a shell function named ``go`` (which
shadow the ``go`` on PATH in interactive shells). The scan is line-based on purpose: it does not evaluate
conditionals, and it says where each line is so a human can judge. Pure: text in, records out.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

#: What a line does: "assign" (NAME=value, with or without export), "alias", "function".
RcKind = str


@dataclass(frozen=True)
class RcLine:
    path: str
    line: int  # 1-based
    text: str  # the line as written, stripped
    kind: RcKind
    name: str  # variable, alias or function name
    value: str = ""  # the assigned value / alias body / function body (first line), quotes removed
    exported: bool = False

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"

    @property
    def is_path_edit(self) -> bool:
        return self.kind == "assign" and self.name == "PATH"


_ASSIGN = re.compile(
    r"^(?P<export>(?:export|declare\s+-x|typeset\s+-x)\s+)?(?P<name>[A-Za-z_][A-Za-z0-9_]*)=(?P<value>.*)$"
)
_FISH_SET = re.compile(
    r"^set\s+(?P<flags>(?:-[a-zA-Z]+\s+)*)(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:\s+(?P<value>.*))?$"
)
_FISH_ADD_PATH = re.compile(r"^fish_add_path\s+(?P<value>.+)$")
_ALIAS = re.compile(r"^alias\s+(?P<name>[A-Za-z0-9_.-]+)=(?P<value>.*)$")
_FUNCTION = re.compile(
    r"^(?:function\s+(?P<name1>[A-Za-z0-9_.-]+)\s*(?:\(\s*\))?|(?P<name2>[A-Za-z0-9_.-]+)\s*\(\s*\))\s*\{?(?P<body>.*)$"
)


def _strip_comment(line: str) -> str:
    """Drop a trailing ``# comment`` that is outside quotes (``#`` must start a word, as in sh)."""
    quote: str | None = None
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1].isspace()):
            return line[:index].rstrip()
    return line


def _unquote(value: str) -> str:
    """The value a POSIX shell would assign for simple cases (quotes removed, no expansion)."""
    value = value.strip()
    try:
        words = shlex.split(value, posix=True)
    except ValueError:
        return value.strip("'\"")
    return " ".join(words)


def scan_rc(path: str, text: str) -> list[RcLine]:
    """Every assignment, alias and function definition in ``text``, in file order."""
    found: list[RcLine] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _strip_comment(raw.strip().rstrip(";").strip())
        if not line or line.startswith("#"):
            continue
        for statement in _statements(line):
            record = _classify(path, number, raw.strip(), statement)
            if record is not None:
                found.append(record)
    return found


def _statements(line: str) -> list[str]:
    """Split ``a && b; c`` into simple statements (outside quotes); good enough for rc one-liners."""
    parts: list[str] = []
    quote: str | None = None
    current: list[str] = []
    index = 0
    while index < len(line):
        char = line[index]
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == ";" or line.startswith("&&", index):
            parts.append("".join(current).strip())
            current = []
            index += 2 if char == "&" else 1
            continue
        current.append(char)
        index += 1
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def _classify(path: str, number: int, text: str, statement: str) -> RcLine | None:
    if statement.startswith(("if ", "[ ", "[[ ")):
        return None
    if match := _ALIAS.match(statement):
        return RcLine(path, number, text, "alias", match["name"], _unquote(match["value"]))
    if match := _ASSIGN.match(statement):
        value = match["value"]
        exported = bool(match["export"])
        # `export A=1 B=2` is rare in rc files; take the first assignment only (value up to a blank
        # outside quotes), which is what matters for PATH/GO* lines.
        return RcLine(path, number, text, "assign", match["name"], _first_word(value), exported)
    if match := _FISH_SET.match(statement):
        flags = match["flags"] or ""
        exported = "x" in flags.replace("-", "")
        return RcLine(path, number, text, "assign", match["name"], _unquote(match["value"] or ""), exported)
    if match := _FISH_ADD_PATH.match(statement):
        return RcLine(path, number, text, "assign", "PATH", _unquote(match["value"]), True)
    if match := _FUNCTION.match(statement):
        name = match["name1"] or match["name2"]
        return RcLine(path, number, text, "function", name, match["body"].strip().rstrip("}").strip())
    return None


def _first_word(value: str) -> str:
    quote: str | None = None
    for index, char in enumerate(value):
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char.isspace():
            return _unquote(value[:index])
    return _unquote(value)


def function_body(text: str, start_line: int, limit: int = 40) -> str:
    """The text of a shell function starting at ``start_line`` up to its closing ``}`` (bounded)."""
    lines = text.splitlines()[start_line - 1 : start_line - 1 + limit]
    body: list[str] = []
    depth = 0
    for line in lines:
        body.append(line)
        depth += line.count("{") - line.count("}")
        if depth <= 0 and "}" in line:
            break
    return "\n".join(body)
