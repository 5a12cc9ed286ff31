"""Step ``shell``: the Go SDK and the ``go install`` directory on PATH, exactly once.

One managed block per rc file (``~/.bashrc`` and ``~/.zshrc`` when they exist, else ``~/.profile``).
The block is idempotent at shell start too: it adds a directory only when PATH lacks it, so sourcing the
file twice (or nesting shells) never grows PATH, unlike the guide's ``echo 'export PATH=…' >> ~/.bashrc``
run twice. Identical PATH export lines repeated in a file (that very mistake) are commented out, except the
first.
"""

from __future__ import annotations

import posixpath

from wslgo.edit import shellrc
from wslgo.edit.plan import FileEdit, Plan
from wslgo.setup.common import Refusal, make_edit, read_text
from wslgo.setup.model import SetupInputs, SetupOptions

STEP = "shell"

#: The block's body. Paths are computed when the shell starts, so the block is the same on every machine
#: and follows WSLGO_HOME / GOPATH changes without re-running setup.
BLOCK_BODY: tuple[str, ...] = (
    "# Managed by 'wslgo setup shell' (undo: 'wslgo undo'). Adds each directory to PATH only once.",
    "_wslgo_path_add() {",
    '  case ":${PATH}:" in',
    '    *":$1:"*) ;;',
    '    *) if [ "$2" = first ]; then PATH="$1:${PATH}"; else PATH="${PATH}:$1"; fi ;;',
    "  esac",
    "}",
    '_wslgo_sdk="${WSLGO_HOME:-${XDG_DATA_HOME:-$HOME/.local/share}/wslgo}/sdk/current/bin"',
    'if [ -d "$_wslgo_sdk" ]; then _wslgo_path_add "$_wslgo_sdk" first; fi',
    "if command -v go >/dev/null 2>&1; then",
    '  _wslgo_gopath="$(go env GOPATH 2>/dev/null)"',
    '  if [ -n "$_wslgo_gopath" ]; then _wslgo_path_add "${_wslgo_gopath%%:*}/bin" last; fi',
    "fi",
    "export PATH",
    "unset _wslgo_sdk _wslgo_gopath",
    "unset -f _wslgo_path_add",
)


def _rc_targets(inputs: SetupInputs) -> list[str]:
    home = inputs.target.home
    existing = [
        posixpath.join(home, name)
        for name in (".bashrc", ".zshrc")
        if inputs.file(posixpath.join(home, name)) is not None
        or posixpath.join(home, name) in inputs.unreadable
    ]
    return existing or [posixpath.join(home, ".profile")]


def duplicate_path_lines(text: str) -> list[int]:
    """Indices of PATH assignments that repeat an earlier identical line (all but the first)."""
    seen: set[str] = set()
    duplicates: list[int] = []
    for export in shellrc.find_exports(text, ["PATH"]):
        key = export.raw.strip()
        if key in seen:
            duplicates.append(export.index)
        seen.add(key)
    return duplicates


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
        duplicates = duplicate_path_lines(text)
        if duplicates:
            lines = ", ".join(str(index + 1) for index in duplicates)
            reasons.append(f"line(s) {lines} repeat an earlier PATH export (commented out)")
            text = shellrc.comment_out(text, duplicates)
        updated = shellrc.set_block(text, BLOCK_BODY)
        if updated != text:
            reasons.append("the Go SDK and $(go env GOPATH)/bin on PATH, once (managed block)")
        edit = make_edit(inputs, path, updated.encode("utf-8"), reasons, STEP)
        if edit is not None:
            edits.append(edit)
    return Plan(tuple(edits), refusals=tuple(refusals))
