"""A small, pure go.mod reader: module path, go/toolchain lines, requirements.

Doctor (GO014, GO015, GUI001), the SDK manager (``wslgo go install go.mod``) and CI generation need only
these directives; the grammar is go.dev/ref/mod#go-mod-file (line comments ``//``, blocks ``( … )``,
quoted or bare tokens).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Requirement:
    path: str
    version: str
    indirect: bool
    line: int


@dataclass(frozen=True)
class GoMod:
    module: str | None = None
    go: str | None = None
    go_line: int | None = None
    toolchain: str | None = None
    toolchain_line: int | None = None
    requires: tuple[Requirement, ...] = field(default_factory=tuple)
    #: Lines that could not be understood (line number, text), kept for error messages.
    problems: tuple[tuple[int, str], ...] = field(default_factory=tuple)


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|`[^`]*`|\S+')


def _tokens(text: str) -> list[str]:
    return [t[1:-1] if t[:1] in ('"', "`") else t for t in _TOKEN.findall(text)]


def parse_gomod(text: str) -> GoMod:
    """Parse go.mod text; never raises (unknown lines are recorded in ``problems``)."""
    module = go = toolchain = None
    go_line = toolchain_line = None
    requires: list[Requirement] = []
    problems: list[tuple[int, str]] = []
    block: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        code, _, comment = raw.partition("//")
        indirect = comment.strip().startswith("indirect")
        words = _tokens(code)
        if not words:
            continue
        if block is not None:
            if words == [")"]:
                block = None
                continue
            verb, args = block, words
        elif len(words) >= 2 and words[-1] == "(":
            block = words[0]
            continue
        else:
            verb, args = words[0], words[1:]
        if verb == "module" and args:
            module = args[0]
        elif verb == "go" and args:
            go, go_line = args[0], number
        elif verb == "toolchain" and args:
            toolchain, toolchain_line = args[0], number
        elif verb == "require" and len(args) >= 2:
            requires.append(Requirement(args[0], args[1], indirect, number))
        elif verb in ("replace", "exclude", "retract", "godebug", "tool", "ignore", "require", "module"):
            continue
        else:
            problems.append((number, raw.strip()))
    return GoMod(module, go, go_line, toolchain, toolchain_line, tuple(requires), tuple(problems))
