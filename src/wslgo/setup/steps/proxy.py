"""Step ``proxy``: put the local wslgo module proxy first in GOPROXY, with a ``|`` fallback.

``http://127.0.0.1:3000|<previous chain>``: ``|`` makes the go command fall through to the previous chain
on *any* error, so a stopped proxy costs one refused connection, never a failed build. The value goes to
the Go env file; a shell export of GOPROXY is folded into the chain and commented out (it would shadow
the file).
"""

from __future__ import annotations

from wslgo.edit.plan import Plan
from wslgo.golang.goproxy import GO_DEFAULT, with_proxy_first
from wslgo.setup.common import GoSettingsEditor, Refusal, resolve, shell_exports
from wslgo.setup.model import SetupInputs, SetupOptions

STEP = "proxy"


def plan(inputs: SetupInputs, options: SetupOptions) -> Plan:
    editor = GoSettingsEditor(inputs, STEP)
    source = resolve(inputs, "GOPROXY")
    previous = source.value if source is not None else GO_DEFAULT
    wanted = with_proxy_first(previous, options.proxy_url)
    if source is not None and source.kind == "env":
        editor.notes.append(
            f"GOPROXY={previous!r} comes from the environment but no rc file wslgo reads sets it; "
            f"set GOPROXY={wanted!r} where it is defined"
        )
    try:
        for found in shell_exports(inputs, "GOPROXY"):
            editor.comment_out_export(
                found,
                f"{found.path}:{found.export.line_number}: GOPROXY moves to the Go env file "
                "(an export would shadow it)",
            )
        if previous != wanted or (source is not None and source.kind == "rc"):
            editor.set_go(
                "GOPROXY", wanted, f"GOPROXY={wanted}: local wslgo proxy first, '|' falls back on any error"
            )
    except Refusal as refusal:
        editor.refusals.append(str(refusal))
    edits = editor.edits()
    return Plan(tuple(edits), notes=tuple(editor.notes), refusals=tuple(editor.refusals))
