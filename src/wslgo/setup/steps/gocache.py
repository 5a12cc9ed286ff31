"""Step ``go-cache``: GOCACHE, GOMODCACHE and GOPATH off the Windows drives (doctor GO020–GO022).

What is a Windows drive is doctor's rule (``setup.common.on_windows_drive``): the mount table, else
``[automount] root``, so ``/mnt/wsl/…`` stays and ``/c/…`` under ``root=/`` moves.

``/mnt/c`` and friends are Windows drives reached over 9P: every cache lookup becomes a network round
trip (the guide itself measured a warm build at 8.4 s there against 1.9 s on ext4). The fix is to drop
the setting so the go command falls back to its defaults in the Linux home (``~/.cache/go-build``,
``~/go``); a shell export is commented out, a Go env file entry is removed (``go env -u``).
"""

from __future__ import annotations

from wslgo.edit.plan import Plan
from wslgo.setup.common import GoSettingsEditor, Refusal, goenv_values, on_windows_drive, shell_exports
from wslgo.setup.model import SetupInputs, SetupOptions

STEP = "go-cache"
NAMES = ("GOCACHE", "GOMODCACHE", "GOPATH")


def plan(inputs: SetupInputs, options: SetupOptions) -> Plan:
    del options
    editor = GoSettingsEditor(inputs, STEP)
    try:
        file_values = goenv_values(inputs)
    except Refusal as refusal:
        return Plan(refusals=(str(refusal),))
    for name in NAMES:
        why = (
            f"{name} on a Windows drive (9P, several times slower): use the default on the Linux file system"
        )
        exported = [
            found for found in shell_exports(inputs, name) if on_windows_drive(inputs, found.export.value)
        ]
        for found in exported:
            editor.comment_out_export(
                found, f"{found.path}:{found.export.line_number}: {name}={found.export.value}: {why}"
            )
        current = file_values.get(name)
        if current is not None and on_windows_drive(inputs, current):
            editor.unset_go(name, f"{name}={current}: {why}")
        env_value = inputs.env.get(name)
        if not exported and env_value is not None and on_windows_drive(inputs, env_value):
            editor.notes.append(
                f"{name}={env_value} comes from the environment but no rc file wslgo reads sets it; "
                f"unset it where it is defined ({why})"
            )
    edits = editor.edits()
    return Plan(tuple(edits), notes=tuple(editor.notes), refusals=tuple(editor.refusals))
