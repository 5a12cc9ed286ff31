"""Step ``go-env``: correct GOSUMDB and GOPROXY values the go command rejects or that defeat their purpose.

Only flagged values change (doctor GO010/GO011): the guide's ``sum.golang.org+https://sum.golang.org``
(a malformed verifier id: the go command refuses every module download) and a GOPROXY list that names
several proxies joined only by commas (``,`` falls through only on 404/410, so one proxy that is down
stops every download; ``|`` falls through on any error). Correct values are written to the Go env file;
a shell export holding the bad value is commented out, since the environment would override the file.
"""

from __future__ import annotations

from wslgo.edit.plan import Plan
from wslgo.golang import goproxy
from wslgo.golang.goenv import corrected_gosumdb
from wslgo.setup.common import GoSettingsEditor, Refusal, goenv_values, shell_exports
from wslgo.setup.model import SetupInputs, SetupOptions

STEP = "go-env"


_FIXERS = {
    "GOSUMDB": (
        corrected_gosumdb,
        "GOSUMDB {old!r} is a malformed verifier id the go command rejects; use {new!r}",
    ),
    "GOPROXY": (
        goproxy.corrected,
        "GOPROXY {old!r} names several proxies joined by ',' (falls through only on 404/410); "
        "'|' falls through on any error: {new!r}",
    ),
}


def plan(inputs: SetupInputs, options: SetupOptions) -> Plan:
    del options  # nothing to choose: the step only corrects values doctor flags
    editor = GoSettingsEditor(inputs, STEP)
    try:
        file_values = goenv_values(inputs)
    except Refusal as refusal:
        return Plan(refusals=(str(refusal),))
    for name, (fixer, template) in _FIXERS.items():
        exported = shell_exports(inputs, name)
        replacement: str | None = None
        for found in exported:
            new = fixer(found.export.value)
            if new is not None:
                reason = template.format(old=found.export.value, new=new)
                editor.comment_out_export(found, f"{found.path}:{found.export.line_number}: {reason}")
                replacement = new
        current = file_values.get(name)
        if current is not None and fixer(current) is not None:
            new = fixer(current)
            assert new is not None
            editor.set_go(name, new, template.format(old=current, new=new))
        elif replacement is not None:
            editor.set_go(name, replacement, f"{name}={replacement} (moved from the shell export)")
        env_value = inputs.env.get(name)
        if not exported and env_value is not None and fixer(env_value) is not None:
            editor.notes.append(
                f"{name}={env_value!r} comes from the environment but no rc file wslgo reads sets it; "
                f"set {name}={fixer(env_value)!r} where it is defined"
            )
    edits = editor.edits()
    return Plan(tuple(edits), notes=tuple(editor.notes), refusals=tuple(editor.refusals))
