"""Step ``shell``: the Go SDK and the ``go install`` directory on PATH, exactly once.

One managed block per rc file (``~/.bashrc`` and ``~/.zshrc`` when they exist, else ``~/.profile``).
The block is idempotent at shell start too: it adds a directory only when PATH lacks it, so sourcing the
file twice (or nesting shells) never grows PATH, unlike the guide's ``echo 'export PATH=…' >> ~/.bashrc``
run twice. The user's own PATH lines that add a Go directory (``export PATH=$PATH:/usr/local/go/bin``,
``$GOPATH/bin``, once or repeated) are taken over: commented out with the ``# wslgo:`` marker and the same
directories added inside the block, de-duplicated, so PATH holds each Go directory exactly once.
"""

from __future__ import annotations

import posixpath
import re

from wslgo.edit import shellrc
from wslgo.edit.plan import FileEdit, Plan
from wslgo.setup.common import Refusal, make_edit, read_text
from wslgo.setup.model import SetupInputs, SetupOptions

STEP = "shell"

# The block's lines. Paths are computed when the shell starts, so the block is the same on every machine
# and follows WSLGO_HOME / GOPATH changes without re-running setup.
_BLOCK_START: tuple[str, ...] = (
    "# Managed by 'wslgo setup shell' (undo: 'wslgo undo'). Adds each directory to PATH only once.",
    "_wslgo_path_add() {",
    '  case ":${PATH}:" in',
    '    *":$1:"*) ;;',
    '    *) if [ "$2" = first ]; then PATH="$1:${PATH}"; else PATH="${PATH}:$1"; fi ;;',
    "  esac",
    "}",
    '_wslgo_sdk="${WSLGO_HOME:-${XDG_DATA_HOME:-$HOME/.local/share}/wslgo}/sdk/current/bin"',
    'if [ -d "$_wslgo_sdk" ]; then _wslgo_path_add "$_wslgo_sdk" first; fi',
)
_BLOCK_END: tuple[str, ...] = (
    "if command -v go >/dev/null 2>&1; then",
    '  _wslgo_gopath="$(go env GOPATH 2>/dev/null)"',
    '  if [ -n "$_wslgo_gopath" ]; then _wslgo_path_add "${_wslgo_gopath%%:*}/bin" last; fi',
    "fi",
    "export PATH",
    "unset _wslgo_sdk _wslgo_gopath",
    "unset -f _wslgo_path_add",
)
#: The block for a file without Go PATH lines of its own.
BLOCK_BODY: tuple[str, ...] = _BLOCK_START + _BLOCK_END

#: ``$PATH:DIR`` or ``DIR:$PATH`` where DIR is a Go directory.
_GO_PATH_VALUE = re.compile(
    r"^(?P<before>\$\{?PATH\}?:)?"
    r"(?P<dir>[^:\"']*(?:/go/bin|GOPATH\}?/bin|GOROOT\}?/bin|go env GOPATH\)/bin))"
    r"(?P<after>:\$\{?PATH\}?)?$"
)


def go_path_dir(value: str) -> tuple[str, str] | None:
    """``(directory, "first"|"last")`` when a PATH assignment adds exactly one Go directory."""
    match = _GO_PATH_VALUE.match(value)
    if match is None or bool(match.group("before")) == bool(match.group("after")):
        return None
    return match.group("dir"), "last" if match.group("before") else "first"


def block_body(go_dirs: list[tuple[str, str]]) -> tuple[str, ...]:
    extra = tuple(f'_wslgo_path_add "{directory}" {where}' for directory, where in go_dirs)
    return _BLOCK_START + extra + _BLOCK_END


def go_path_lines(text: str) -> tuple[list[int], list[tuple[str, str]]]:
    """Active PATH lines that add a Go directory, and every such directory (marked lines included)."""
    indices: list[int] = []
    dirs: list[tuple[str, str]] = []
    for line in shellrc.marked_lines(text):
        for export in shellrc.find_exports(line + "\n", ["PATH"]):
            found = go_path_dir(export.value)
            if found and found not in dirs:
                dirs.append(found)
    for export in shellrc.find_exports(text, ["PATH"]):
        found = go_path_dir(export.value)
        if found:
            indices.append(export.index)
            if found not in dirs:
                dirs.append(found)
    return indices, dirs


def _rc_targets(inputs: SetupInputs) -> list[str]:
    home = inputs.target.home
    existing = [
        posixpath.join(home, name)
        for name in (".bashrc", ".zshrc")
        if inputs.file(posixpath.join(home, name)) is not None
        or posixpath.join(home, name) in inputs.unreadable
    ]
    return existing or [posixpath.join(home, ".profile")]


def plan(inputs: SetupInputs, options: SetupOptions) -> Plan:
    del options
    edits: list[FileEdit] = []
    refusals: list[str] = []
    for path in _rc_targets(inputs):
        try:
            text = read_text(inputs, path) or ""
        except Refusal as refusal:
            refusals.append(str(refusal))
            continue
        reasons: list[str] = []
        taken_over, go_dirs = go_path_lines(text)
        if taken_over:
            lines = ", ".join(str(index + 1) for index in taken_over)
            reasons.append(f"line(s) {lines}: Go PATH entries move into the block, once (commented out)")
            text = shellrc.comment_out(text, taken_over)
        updated = shellrc.set_block(text, block_body(go_dirs))
        if updated != text:
            reasons.append("the Go SDK and $(go env GOPATH)/bin on PATH, once (managed block)")
        edit = make_edit(inputs, path, updated.encode("utf-8"), reasons, STEP)
        if edit is not None:
            edits.append(edit)
    return Plan(tuple(edits), refusals=tuple(refusals))
