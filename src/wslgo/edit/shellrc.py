"""Shell rc files (``~/.bashrc``, ``~/.zshrc``, ``~/.profile``): one managed block, superseded lines marked.

wslgo owns exactly one block per file, between ``# >>> wslgo >>>`` and ``# <<< wslgo <<<`` (the conda
convention users already recognise). Re-running setup replaces the block in place, so it never piles up
like the guide's ``echo … >> ~/.bashrc``. A user's line that wslgo supersedes (a duplicated PATH export,
``export GOPATH=/mnt/…``) is not deleted but commented out with the ``# wslgo: `` prefix, so the user sees
what happened and :func:`unmanage` (or ``wslgo undo``) brings it back verbatim.

All functions are pure ``str -> str`` and keep the file's line endings (CRLF stays CRLF).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from wslgo.golang.shellrc import parse_assignments, statements

__all__ = [
    "BLOCK_BEGIN",
    "BLOCK_END",
    "MARKER",
    "Export",
    "block_body",
    "comment_out",
    "find_exports",
    "marked_lines",
    "set_block",
    "unmanage",
]

BLOCK_BEGIN = "# >>> wslgo >>>"
BLOCK_END = "# <<< wslgo <<<"
MARKER = "# wslgo: "


@dataclass(frozen=True)
class Export:
    """An assignment that sets NAME for the shell's environment, outside the managed block (``export``,
    ``declare -x``, a plain ``NAME=VALUE``, …: ``wslgo.golang.shellrc.parse_assignments`` decides);
    ``index`` is the 0-based line."""

    index: int
    name: str
    value: str
    raw: str

    @property
    def line_number(self) -> int:
        return self.index + 1


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _split(text: str) -> list[str]:
    """Lines with their endings (``"".join`` gives ``text`` back); only LF ends a line, as in sh."""
    pieces = text.split("\n")
    lines = [piece + "\n" for piece in pieces[:-1]]
    if pieces[-1]:
        lines.append(pieces[-1])
    return lines


def _bare(line: str) -> str:
    return line.rstrip("\r\n")


def _block_span(lines: Sequence[str]) -> tuple[int, int] | None:
    """Indices ``[begin, end]`` (inclusive) of the first complete managed block."""
    for begin, line in enumerate(lines):
        if _bare(line).strip() == BLOCK_BEGIN:
            for end in range(begin + 1, len(lines)):
                if _bare(lines[end]).strip() == BLOCK_END:
                    return begin, end
            return None
    return None


def block_body(text: str) -> list[str] | None:
    """The lines inside the managed block (without endings), ``None`` when there is no block."""
    lines = _split(text)
    span = _block_span(lines)
    if span is None:
        return None
    return [_bare(line) for line in lines[span[0] + 1 : span[1]]]


def set_block(text: str, body: Sequence[str]) -> str:
    """``text`` with the managed block holding exactly ``body``: replaced in place, or appended at the end."""
    newline = _newline(text)
    block = [BLOCK_BEGIN + newline] + [line + newline for line in body] + [BLOCK_END + newline]
    lines = _split(text)
    span = _block_span(lines)
    if span is not None:
        begin, end = span
        if not lines[end].endswith("\n"):
            block[-1] = BLOCK_END  # the block ended the file without a final newline: keep it so
        return "".join(lines[:begin] + block + lines[end + 1 :])
    if text and not text.endswith("\n"):
        text += newline
    return text + "".join(block)


def find_exports(text: str, names: Iterable[str] | None = None) -> list[Export]:
    """Active assignments outside the managed block, in file order (optionally only ``names``)."""
    wanted = set(names) if names is not None else None
    lines = _split(text)
    span = _block_span(lines)
    exports: list[Export] = []
    for index, line in enumerate(lines):
        if span is not None and span[0] <= index <= span[1]:
            continue
        for statement in statements(_bare(line)):
            for assignment in parse_assignments(statement):
                if assignment.exported is False or (wanted is not None and assignment.name not in wanted):
                    continue
                exports.append(Export(index, assignment.name, assignment.value, _bare(line)))
    return exports


def comment_out(text: str, indices: Iterable[int]) -> str:
    """Prefix the lines at ``indices`` with ``# wslgo: `` (already marked lines stay as they are)."""
    lines = _split(text)
    for index in sorted(set(indices)):
        if 0 <= index < len(lines) and not lines[index].startswith(MARKER):
            lines[index] = MARKER + lines[index]
    return "".join(lines)


def marked_lines(text: str) -> list[str]:
    """The original text of every line wslgo commented out."""
    return [_bare(line)[len(MARKER) :] for line in _split(text) if line.startswith(MARKER)]


def unmanage(text: str) -> str:
    """Remove the managed block and restore every ``# wslgo: `` line (the inverse of setup's edits)."""
    lines = _split(text)
    span = _block_span(lines)
    if span is not None:
        begin, end = span
        ended_file = not lines[end].endswith("\n")
        del lines[begin : end + 1]
        if ended_file and lines:
            lines[-1] = _bare(lines[-1])
    restored = [line[len(MARKER) :] if line.startswith(MARKER) else line for line in lines]
    return "".join(restored)
