"""Step ``shell``: the Go SDK and the ``go install`` directory on PATH, exactly once.

One managed block per rc file (``~/.bashrc`` and ``~/.zshrc`` when they exist, else ``~/.profile``:
``facts.go.block_files``). The block is idempotent at shell start too: it adds a directory only when PATH
lacks it, so sourcing the file twice (or nesting shells) never grows PATH, unlike the guide's
``echo 'export PATH=…' >> ~/.bashrc`` run twice. The user's own PATH lines that add a Go directory
(``export PATH=$PATH:/usr/local/go/bin``, ``$GOPATH/bin``, once or repeated: ``golang.shellrc.go_path_entry``)
are taken over: commented out with the ``# wslgo:`` marker and the same directories added inside the block,
de-duplicated, so PATH holds each Go directory exactly once.

From doctor's evidence the step also does what GO001, GO002 and GO024 ask: the bin directory of an
installed SDK when no go is on PATH is added to the block; an ``alias go=…go.exe`` or a ``go()`` function
that runs a Windows program is commented out (all its lines); and the block adds ``go env GOBIN`` when it is
set, else the first GOPATH entry's ``bin``.
"""

from __future__ import annotations

from wslgo.edit import shellrc
from wslgo.edit.plan import FileEdit, Plan
from wslgo.facts import go as gofacts
from wslgo.golang.shellrc import definition_lines, go_path_entry
from wslgo.i18n import M
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
    '  _wslgo_bin="$(go env GOBIN 2>/dev/null)"',
    '  if [ -z "$_wslgo_bin" ]; then',
    '    _wslgo_bin="$(go env GOPATH 2>/dev/null)"',
    '    if [ -n "$_wslgo_bin" ]; then _wslgo_bin="${_wslgo_bin%%:*}/bin"; fi',
    "  fi",
    '  if [ -n "$_wslgo_bin" ]; then _wslgo_path_add "$_wslgo_bin" last; fi',
    "fi",
    "export PATH",
    "unset _wslgo_sdk _wslgo_bin",
    "unset -f _wslgo_path_add",
)
#: The block for a file without Go PATH lines of its own.
BLOCK_BODY: tuple[str, ...] = _BLOCK_START + _BLOCK_END


def block_body(go_dirs: list[tuple[str, str]]) -> tuple[str, ...]:
    extra = tuple(f'_wslgo_path_add "{directory}" {where}' for directory, where in go_dirs)
    return _BLOCK_START + extra + _BLOCK_END


def go_path_lines(text: str) -> tuple[list[int], list[tuple[str, str]]]:
    """Active PATH lines that add a Go directory, and every such directory (marked lines included)."""
    indices: list[int] = []
    dirs: list[tuple[str, str]] = []
    for line in shellrc.marked_lines(text):
        for export in shellrc.find_exports(line + "\n", ["PATH"]):
            found = go_path_entry(export.value)
            if found and found not in dirs:
                dirs.append(found)
    for export in shellrc.find_exports(text, ["PATH"]):
        found = go_path_entry(export.value)
        if found:
            indices.append(export.index)
            if found not in dirs:
                dirs.append(found)
    return indices, dirs


def _rc_targets(inputs: SetupInputs) -> list[str]:
    return gofacts.block_files(
        inputs.target.home, lambda path: inputs.file(path) is not None or path in inputs.unreadable
    )


def _windows_go_definition(inputs: SetupInputs) -> tuple[str, list[int]] | None:
    """The rc file and 0-based lines of an alias/function ``go`` that runs a Windows program (GO002)."""
    if inputs.evidence is None:
        return None
    resolved = gofacts.winning_go(inputs.evidence)
    line = resolved.rc_override
    if not resolved.windows or line is None or not gofacts.in_setup_rc_file(line):
        return None
    text = inputs.evidence.text(line.path)
    if text is None:
        return None
    return line.path, [number - 1 for number in definition_lines(text, line)]


def _extra_dirs(inputs: SetupInputs) -> list[tuple[str, str]]:
    """Go directories the evidence says belong on PATH: an installed SDK's bin when no go is (GO001)."""
    if inputs.evidence is None:
        return []
    sdk_bin = gofacts.sdk_bin_to_add(inputs.evidence)
    return [(sdk_bin, "last")] if sdk_bin else []


def plan(inputs: SetupInputs, options: SetupOptions) -> Plan:
    del options
    edits: list[FileEdit] = []
    refusals: list[str] = []
    targets = _rc_targets(inputs)
    windows_go = _windows_go_definition(inputs)
    files = list(dict.fromkeys([*targets, *([windows_go[0]] if windows_go else [])]))
    for path in files:
        try:
            text = read_text(inputs, path) or ""
        except Refusal as refusal:
            refusals.append(str(refusal))
            continue
        reasons: list[str] = []
        if windows_go is not None and windows_go[0] == path:
            lines = ", ".join(str(index + 1) for index in windows_go[1])
            reasons.append(M("line(s) {lines}: `go` ran a Windows program (commented out)", lines=lines))
            text = shellrc.comment_out(text, windows_go[1])
        if path in targets:
            taken_over, go_dirs = go_path_lines(text)
            if taken_over:
                lines = ", ".join(str(index + 1) for index in taken_over)
                reasons.append(f"line(s) {lines}: Go PATH entries move into the block, once (commented out)")
                text = shellrc.comment_out(text, taken_over)
            go_dirs += [entry for entry in _extra_dirs(inputs) if entry not in go_dirs]
            updated = shellrc.set_block(text, block_body(go_dirs))
            if updated != text:
                reasons.append(M("the Go SDK and the go install directory on PATH, once (managed block)"))
            text = updated
        edit = make_edit(inputs, path, text.encode("utf-8"), reasons, STEP)
        if edit is not None:
            edits.append(edit)
    return Plan(tuple(edits), refusals=tuple(refusals))
