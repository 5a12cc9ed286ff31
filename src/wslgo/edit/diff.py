"""A plan as a unified diff: what setup would change, shown before anything is written (SPEC §4).

One diff per changing file, ``--- a/<path>`` / ``+++ b/<path>`` (``/dev/null`` for a file the plan
creates), like ``git diff``, so users read it with the habits they already have. Line endings are
compared but not printed (a ``^M`` on every line would be noise); a CRLF file is marked once in the
header instead. Colour is applied by :func:`print_plan_diff` only when the console is a terminal.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from wslgo.edit.plan import FileEdit, Plan

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["edit_diff", "plan_diff", "print_plan_diff"]


def _lines(data: bytes) -> list[str]:
    text = data.decode("utf-8", errors="replace")
    lines = text.splitlines(keepends=True)
    fixed: list[str] = []
    for line in lines:
        bare = line.rstrip("\r\n")
        fixed.append(bare + "\n" if line != bare else bare + "\n\\ No newline at end of file\n")
    return fixed


def edit_diff(edit: FileEdit, context: int = 3) -> str:
    """The unified diff of one edit ('' when it changes nothing)."""
    if not edit.changes:
        return ""
    path = edit.path.lstrip("/")
    before = _lines(edit.before) if edit.before is not None else []
    after = _lines(edit.after)
    from_name = f"a/{path}" if edit.before is not None else "/dev/null"
    diff = difflib.unified_diff(before, after, fromfile=from_name, tofile=f"b/{path}", n=context)
    text = "".join(diff)
    notes = []
    if b"\r\n" in (edit.before or edit.after):
        notes.append("CRLF line endings kept")
    if edit.needs_root:
        notes.append("needs root")
    header = f"# {edit.step or 'edit'}: {edit.reason}" + (f" ({'; '.join(notes)})" if notes else "")
    return header + "\n" + text


def plan_diff(plan: Plan, context: int = 3) -> str:
    """Every changing edit of ``plan`` as one text."""
    return "".join(edit_diff(edit, context) for edit in plan.edits if edit.changes)


def print_plan_diff(plan: Plan, console: Console) -> None:
    """Print the diff, coloured (additions green, removals red, hunks cyan) when ``console`` has colour."""
    from rich.text import Text

    for line in plan_diff(plan).splitlines():
        style = ""
        if line.startswith(("+++", "---")):
            style = "bold"
        elif line.startswith("+"):
            style = "green"
        elif line.startswith("-"):
            style = "red"
        elif line.startswith("@@"):
            style = "cyan"
        elif line.startswith("# "):
            style = "bold yellow"
        console.print(Text(line, style=style))
