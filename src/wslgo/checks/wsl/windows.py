"""WSL016–WSL017: the Windows side seen from Linux — Windows tools on PATH, DrvFs mount options."""

from __future__ import annotations

import re

from wslgo.checks.model import Finding, info, ok, sets, skipped, warning
from wslgo.checks.registry import check
from wslgo.checks.wsl.common import (
    not_collected,
    not_wsl,
    terminate,
)
from wslgo.evidence.model import Evidence
from wslgo.facts.wsl import (
    automount_root,
    mount_table,
    on_windows_drive,
    project_dir,
    read_wsl_conf,
    windows_tools_first,
    wsl_conf_bool,
)
from wslgo.i18n import N_, Joined, M
from wslgo.wslconf import recommend


@check("WSL016", N_("Windows tools ahead of Linux ones on PATH"))
def windows_tools_on_path(evidence: Evidence) -> list[Finding]:
    if (finding := not_wsl(evidence)) is not None:
        return [finding]
    if not evidence.path_dirs():
        return [skipped(M("Skipped: $PATH was not recorded."))]
    append, source = wsl_conf_bool(evidence, "interop.appendWindowsPath")
    if not append:
        return [
            ok(
                M(
                    "[interop] appendWindowsPath=false ({source}): the Windows PATH is not appended.",
                    source=source,
                )
            )
        ]
    shadowing = windows_tools_first(evidence)
    if not shadowing:
        return [
            ok(
                M(
                    "appendWindowsPath in effect ({source}), but no Windows go/git/gcc precedes the Linux "
                    "ones.",
                    source=source,
                )
            )
        ]
    found = recommend.append_windows_path(read_wsl_conf(evidence), windows_tools_first=True)
    return [
        warning(
            M(
                "appendWindowsPath in effect ({source}) and $PATH puts Windows tools first: {tools}. Editors "
                "and scripts that search PATH can pick the Windows build.",
                source=source,
                tools=Joined(shadowing),
            ),
            fix=M(
                "set appendWindowsPath=false under [interop] in /etc/wsl.conf (sudo wslgo setup wsl-conf), "
                "then {restart}; or put the Linux directories first on PATH (wslgo setup shell)",
                restart=terminate(evidence),
            ),
            fixable_by="wsl-conf" if found is not None else None,
            changes=(sets("wsl.conf", found.name, found.value),) if found is not None else (),
        )
    ]


# -- WSL017 ------------------------------------------------------------------------------------------


@check("WSL017", N_("DrvFs mount options for the C: drive"))
def drvfs_options(evidence: Evidence) -> list[Finding]:
    if (finding := not_wsl(evidence)) is not None:
        return [finding]
    table = mount_table(evidence)
    if table is None:
        return [skipped(not_collected("/proc/self/mounts"))]
    mounts, source = table
    root = automount_root(evidence)
    mount_point = root + "c"
    entry = next((m for m in mounts if m.point == mount_point), None)
    if entry is None:
        return [info(M("{mount} is not mounted ({source}).", mount=mount_point, source=source))]
    options = re.split(r"[,;]", entry.options)
    fstype = entry.fstype
    if "metadata" in options:
        return [
            ok(
                M(
                    "{mount} ({fstype}) is mounted with metadata ({source}): Linux modes are kept.",
                    mount=mount_point,
                    fstype=fstype,
                    source=source,
                )
            )
        ]
    project = project_dir(evidence)
    found = recommend.automount_options(read_wsl_conf(evidence))
    if found is None or found.value is None:
        # /etc/wsl.conf already asks for metadata: the drive was mounted before that, so a restart does it.
        return [
            info(
                M(
                    "{mount} ({fstype}) is mounted without metadata ({source}) although /etc/wsl.conf asks "
                    "for it: the distro has not restarted since.",
                    mount=mount_point,
                    fstype=fstype,
                    source=source,
                ),
                fix=terminate(evidence),
            )
        ]
    fix = M(
        'set options = "{value}" under [automount] in /etc/wsl.conf (sudo wslgo setup wsl-conf), '
        "then {restart}",
        value=found.value,
        restart=terminate(evidence),
    )
    changes = (sets("wsl.conf", found.name, found.value),)
    if project and on_windows_drive(project, root):
        return [
            warning(
                M(
                    "{mount} ({fstype}) is mounted without metadata ({source}) and the project {project} "
                    "lives there: chmod and exec bits are fake, so git sees mode changes and scripts lose "
                    "their executable bit.",
                    mount=mount_point,
                    fstype=fstype,
                    source=source,
                    project=project,
                ),
                fix=M("{fix}; better, move the project into the Linux file system (~/src)", fix=fix),
                fixable_by="wsl-conf",
                changes=changes,
            )
        ]
    return [
        info(
            M(
                "{mount} ({fstype}) is mounted without metadata ({source}): chmod on /mnt is not kept.",
                mount=mount_point,
                fstype=fstype,
                source=source,
            ),
            fix=fix,
            fixable_by="wsl-conf",
            changes=changes,
        )
    ]
