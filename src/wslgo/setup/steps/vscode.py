"""Step ``vscode``: merge wslgo's launch configurations and Go settings into the project's ``.vscode``.

The merge is ``wslgo vscode init``'s own (``vscode.plan.plan_vscode``: JSONC kept byte-for-byte around the
added entries, the user's values never replaced); this step only feeds it the files from ``SetupInputs``
and turns an unusable file into a refusal, so the other steps still run. When doctor's TOOL004 found no
Go extension in ``~/.vscode-server``, the exact install command is suggested too.
"""

from __future__ import annotations

from pathlib import Path

from wslgo.edit.plan import Plan
from wslgo.errors import InputError
from wslgo.facts.tools import INSTALL_GO_EXTENSION, go_extension_missing
from wslgo.setup.common import Refusal, check_bytes
from wslgo.setup.model import SetupInputs, SetupOptions
from wslgo.vscode.plan import VscodeFiles, plan_vscode

STEP = "vscode"


def plan(inputs: SetupInputs, options: SetupOptions) -> Plan:
    del options
    commands = (INSTALL_GO_EXTENSION,) if inputs.evidence and go_extension_missing(inputs.evidence) else ()
    project = inputs.project
    if project is None:
        return Plan(
            commands=commands,
            notes=("vscode: no project directory to configure; pass --project DIR",),
        )
    try:
        files = VscodeFiles(
            check_bytes(inputs, project.launch_json), check_bytes(inputs, project.settings_json)
        )
        vscode_plan = plan_vscode(Path(project.directory), files, main_packages=project.main_packages)
    except (Refusal, InputError) as refusal:
        return Plan(commands=commands, refusals=(str(refusal),))
    return Plan(vscode_plan.edits, commands + vscode_plan.commands, vscode_plan.notes)
