"""Shell start-up files read for what changes the Go environment, with file:line (pure).

The one home of "how a shell export is recognised": ``parse_assignments`` reads ``export NAME=v``,
``declare -x``/``typeset -x`` (any flag set with ``x``: ``-gx``, ``-rx``), ``export -n``/``declare +x``
(assigned but *not* exported), plain ``NAME=v`` (exported only if NAME already is, as ``PATH`` always is),
``export A=1 B=2`` and fish's ``set -x``/``-gx``/``-Ux``; ``NAME=v cmd`` sets NAME for that command only and
is no assignment. Doctor's scan below and setup's rc editor (``wslgo.edit.shellrc``) both use it.

Doctor does not run the user's shell; it reads ``~/.bashrc``, ``~/.profile``, ``~/.zshrc``, fish's
``config.fish`` … and reports the lines that matter: variable assignments (``export GOPATH=…``, ``GOPATH=…``,
fish ``set -gx GOPATH …``), PATH edits, and an ``alias go=`` or a shell function named ``go`` (which
shadow the ``go`` on PATH in interactive shells). The scan is line-based on purpose: it does not evaluate
conditionals, and it says where each line is so a human can judge. Pure: text in, records out.
"""

from __future__ import annotations

import functools
import re
import shlex
from dataclasses import dataclass
from typing import NamedTuple

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


_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_DECLARE_COMMANDS = ("export", "declare", "typeset", "readonly")


class Assignment(NamedTuple):
    """``NAME=value`` in a shell statement. ``exported``: True (``export``, ``declare -x``, fish ``set -x``),
    False (``export -n``, ``declare +x``: the shell variable changes but leaves the environment), None (a
    plain assignment: in the environment only if NAME is exported anyway).

    A NamedTuple, not a dataclass: it is built when doctor imports its checks (start-up time).
    """

    name: str
    value: str
    exported: bool | None


def _words(statement: str) -> list[str]:
    """Words split at blanks outside quotes (quotes kept in the word, nothing expanded)."""
    words: list[str] = []
    current: list[str] = []
    quote: str | None = None
    escaped = False
    for char in statement:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\" and quote != "'":
            current.append(char)
            escaped = True
        elif quote:
            current.append(char)
            if char == quote:
                quote = None
        elif char in "'\"":
            current.append(char)
            quote = char
        elif char.isspace():
            if current:
                words.append("".join(current))
                current = []
        else:
            current.append(char)
    if current:
        words.append("".join(current))
    return words


def _assignment(word: str, exported: bool | None) -> Assignment | None:
    name, sep, value = word.partition("=")
    if not sep or not _NAME.match(name):
        return None
    return Assignment(name, _unquote(value), exported)


def parse_assignments(statement: str) -> list[Assignment]:
    """The variables one simple statement assigns (see the module docstring for the forms)."""
    words = _words(statement)
    if not words:
        return []
    command = words[0]
    if command in _DECLARE_COMMANDS:
        exported: bool | None = True if command == "export" else None
        found: list[Assignment] = []
        for word in words[1:]:
            if word.startswith(("-", "+")) and "=" not in word:
                if "n" in word and command == "export" and word.startswith("-"):
                    exported = False
                elif "x" in word:
                    exported = word.startswith("-")
                continue
            if (assignment := _assignment(word, exported)) is not None:
                found.append(assignment)
        return found
    if command == "set":  # fish: set [-g|-U|-l] [-x] NAME VALUE…; bash's `set -o vi` / `set -- a` are not
        flags = "".join(w.lstrip("-") for w in words[1:] if w.startswith("-"))
        rest = [w for w in words[1:] if not w.startswith("-")]
        fish = "--" not in words and ("x" in flags or len(rest) >= 2) and not set(flags) & set("eoq")
        if fish and rest and _NAME.match(rest[0]):
            return [Assignment(rest[0], _unquote(" ".join(rest[1:])), "x" in flags or None)]
        return []
    assignments = [_assignment(word, None) for word in words]
    if any(a is None for a in assignments):
        return []  # `NAME=v cmd`: NAME is set for that one command only
    return [a for a in assignments if a is not None]


def exported_names(statement: str) -> list[str]:
    """Names a bare ``export NAME`` / ``declare -x NAME`` marks for export (no assignment)."""
    words = _words(statement)
    if not words or words[0] not in ("export", "declare", "typeset"):
        return []
    flags = [w for w in words[1:] if w.startswith(("-", "+"))]
    if words[0] != "export" and not any(f.startswith("-") and "x" in f for f in flags):
        return []
    if any(f.startswith("-") and "n" in f for f in flags) and words[0] == "export":
        return []
    return [w for w in words[1:] if _NAME.match(w)]


def statements(line: str) -> list[str]:
    """The simple statements of one rc line: comment dropped, split at ``;`` and ``&&`` outside quotes."""
    stripped = _strip_comment(line.strip().rstrip(";").strip())
    if not stripped or stripped.startswith("#"):
        return []
    return _statements(stripped)


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


@functools.lru_cache(maxsize=32)
def scan_rc(path: str, text: str) -> tuple[RcLine, ...]:
    """Every assignment, alias and function definition in ``text``, in file order (pure; cached, since
    most GO checks ask about the same rc files)."""
    found: list[RcLine] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _strip_comment(raw.strip().rstrip(";").strip())
        if not line or line.startswith("#"):
            continue
        for statement in _statements(line):
            record = _classify(path, number, raw.strip(), statement)
            if record is not None:
                found.append(record)
    return tuple(found)


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
    if assignments := parse_assignments(statement):
        # `export A=1 B=2` is rare in rc files; the first assignment is what matters for PATH/GO* lines.
        first = assignments[0]
        return RcLine(path, number, text, "assign", first.name, first.value, first.exported is True)
    if match := _FISH_ADD_PATH.match(statement):
        return RcLine(path, number, text, "assign", "PATH", _unquote(match["value"]), True)
    if match := _FUNCTION.match(statement):
        name = match["name1"] or match["name2"]
        return RcLine(path, number, text, "function", name, match["body"].strip().rstrip("}").strip())
    return None


def function_lines(text: str, start_line: int, limit: int = 40) -> range:
    """The 1-based lines of a shell function starting at ``start_line``, up to its closing ``}``
    (bounded): what must go to remove the function."""
    lines = text.splitlines()[start_line - 1 : start_line - 1 + limit]
    depth = 0
    for offset, line in enumerate(lines):
        depth += line.count("{") - line.count("}")
        if depth <= 0 and "}" in line:
            return range(start_line, start_line + offset + 1)
    return range(start_line, start_line + len(lines))


def function_body(text: str, start_line: int, limit: int = 40) -> str:
    """The text of a shell function starting at ``start_line`` up to its closing ``}`` (bounded)."""
    span = function_lines(text, start_line, limit)
    return "\n".join(text.splitlines()[span.start - 1 : span.stop - 1])


def definition_lines(text: str, line: RcLine) -> range:
    """The lines that define the alias or function ``line`` (an alias is one line)."""
    if line.kind == "function":
        return function_lines(text, line.line)
    return range(line.line, line.line + 1)


#: ``$PATH:DIR`` or ``DIR:$PATH`` where DIR is a Go directory.
_GO_PATH_VALUE = re.compile(
    r"^(?P<before>\$\{?PATH\}?:)?"
    r"(?P<dir>[^:\"']*(?:/go/bin|GOPATH\}?/bin|GOROOT\}?/bin|go env GOPATH\)/bin))"
    r"(?P<after>:\$\{?PATH\}?)?$"
)


def go_path_entry(value: str) -> tuple[str, str] | None:
    """``(directory, "first"|"last")`` when a PATH assignment's value adds exactly one Go directory
    (``$PATH:/usr/local/go/bin``, ``$GOPATH/bin:$PATH``): the lines setup's ``shell`` step takes over into
    its managed block and doctor's GO030 can therefore offer to fix."""
    match = _GO_PATH_VALUE.match(value)
    if match is None or bool(match.group("before")) == bool(match.group("after")):
        return None
    return match.group("dir"), "last" if match.group("before") else "first"
