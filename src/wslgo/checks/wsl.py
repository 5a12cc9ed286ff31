"""WSL checks: the distro, its VM and WSL's two config files (SPEC §3, WSL001–WSL020).

Every check is a pure function of the evidence. The config files are read by ``wslgo.wslconf.reader``,
which follows WSL's own parser, so doctor reports what WSL actually does with a file, not what an INI
library would make of it.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta

from wslgo.checks.model import Finding, error, info, ok, skipped, warning
from wslgo.checks.registry import check
from wslgo.checks.wslfacts import (
    WslconfigState,
    automount_root,
    distro_name,
    host_facts,
    kernel_release,
    mount_table,
    on_windows_drive,
    os_release,
    project_dir,
    read_wsl_conf,
    windows_tools_first,
    wsl_conf_bool,
    wsl_conf_known_absent,
    wsl_kind,
    wsl_markers,
    wslconfig_state,
)
from wslgo.evidence.model import Evidence
from wslgo.evidence.queries import go_env_values
from wslgo.wslconf import schema
from wslgo.wslconf.reader import ConfigReading, Problem

GIB = 1024**3
SHUTDOWN = "wsl.exe --shutdown"
WSL_CONF_LABEL = "/etc/wsl.conf"


def _not_wsl(evidence: Evidence, *, wsl2_only: bool = False) -> Finding | None:
    """The ``skipped`` finding for a WSL-only check on a machine that is not WSL (or unknown)."""
    kind = wsl_kind(evidence)
    if kind is None:
        return skipped("Skipped: the evidence does not say whether this is WSL (no kernel release recorded).")
    if kind == "none":
        return skipped("Skipped: not running under WSL.")
    if wsl2_only and kind == "wsl1":
        return skipped("Skipped: this distro runs under WSL1, which has no VM (the setting applies to WSL2).")
    return None


def _terminate(evidence: Evidence) -> str:
    return f"wsl.exe --terminate {distro_name(evidence)}"


# -- WSL001 ------------------------------------------------------------------------------------------


@check("WSL001", "Environment kind (WSL2 / WSL1 / not WSL)")
def environment_kind(evidence: Evidence) -> list[Finding]:
    kind = wsl_kind(evidence)
    release = kernel_release(evidence)
    seen = f"kernel {release[0]!r} ({release[1]})" if release else "no kernel release recorded"
    markers = wsl_markers(evidence)
    if kind is None:
        return [skipped("Skipped: no kernel release and no WSL markers were recorded.")]
    if kind == "wsl2":
        extra = f"; markers: {', '.join(markers)}" if markers else ""
        return [ok(f"WSL2: {seen}{extra}.")]
    if kind == "wsl1":
        distro = distro_name(evidence)
        return [
            warning(
                f"WSL1: {seen}. WSL1 has no real Linux kernel: no systemd, slow metadata on the Linux file "
                "system, no race detector support (microsoft/WSL#121); convert the distro to WSL2.",
                fix=f"wsl.exe --set-version {distro} 2",
            )
        ]
    return [info(f"Not WSL: {seen} and no WSL marker (WSL_DISTRO_NAME, /run/WSL, binfmt WSLInterop).")]


# -- WSL002 ------------------------------------------------------------------------------------------

MIN_KERNEL = (5, 10)


@check("WSL002", "WSL2 kernel version")
def kernel_version(evidence: Evidence) -> list[Finding]:
    if (finding := _not_wsl(evidence, wsl2_only=True)) is not None:
        return [finding]
    release = kernel_release(evidence)
    assert release is not None or wsl_markers(evidence)
    if release is None:
        return [skipped("Skipped: the kernel release was not recorded.")]
    match = re.match(r"(\d+)\.(\d+)", release[0])
    if not match:
        return [skipped(f"Skipped: cannot read a version from kernel {release[0]!r} ({release[1]}).")]
    version = (int(match.group(1)), int(match.group(2)))
    if version < MIN_KERNEL:
        return [
            warning(
                f"WSL2 kernel {release[0]} ({release[1]}) is older than 5.10; update WSL to get a current "
                "kernel (cgroup v2, newer file-system and networking fixes).",
                fix=f"wsl.exe --update && {SHUTDOWN}",
            )
        ]
    return [ok(f"WSL2 kernel {release[0]} ({release[1]}).")]


# -- WSL003 ------------------------------------------------------------------------------------------

_VERSION = re.compile(r"\d+(?:\.\d+){1,3}")
_LABELLED_VERSION = re.compile(r"^[^:\[\]]*:\s*(\d+(?:\.\d+){1,3})")


def parse_wsl_version_output(text: str) -> list[str]:
    """Version numbers of ``wsl.exe --version`` in output order (WSL, kernel, WSLg, MSRDC, Direct3D,
    DXCore, Windows). Labels are localized (``WSL-Version:``, ``Kernelversion:``), so only the
    ``label: number`` shape is used, never the label text."""
    versions: list[str] = []
    for raw in text.replace("\x00", "").lstrip("\ufeff").splitlines():
        match = _LABELLED_VERSION.match(raw.strip())
        if match:
            versions.append(match.group(1))
    return versions


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


@check("WSL003", "WSL package version")
def wsl_package_version(evidence: Evidence) -> list[Finding]:
    if (finding := _not_wsl(evidence)) is not None:
        return [finding]
    result = evidence.command("wsl.exe", "--version")
    if result is None:
        return [skipped("Skipped: `wsl.exe --version` was not run.")]
    if result.error is not None:
        return [
            skipped(
                f"Skipped: `wsl.exe --version` could not run ({result.error}); Windows interop may be off "
                "or wsl.exe is not on PATH ([interop] appendWindowsPath=false)."
            )
        ]
    versions = parse_wsl_version_output(result.stdout)
    if result.rc != 0 or not versions:
        return [
            warning(
                f"`wsl.exe --version` exited with {result.rc} and printed no version: this is the inbox "
                "WSL, which lacks systemd, mirrored networking and autoMemoryReclaim. Install WSL from the "
                "Microsoft Store.",
                fix="wsl.exe --update",
            )
        ]
    wsl_version = versions[0]
    kernel = f", kernel {versions[1]}" if len(versions) > 1 else ""
    windows = f", Windows {versions[-1]}" if len(versions) >= 7 else ""
    message = f"WSL {wsl_version}{kernel}{windows} (from `wsl.exe --version`)."
    if _version_tuple(wsl_version) < (2, 0, 0):
        message = message[:-1] + "; WSL 2.0 or newer adds mirrored networking and DNS tunneling."
        return [ok(message)]
    return [ok(message)]


# -- WSL004 ------------------------------------------------------------------------------------------

#: End of free security support: Ubuntu standard support, Debian LTS (not paid ESM/ELTS). Where the
#: vendor announced only a month, the last day of that month is used, so a warning never comes early.
END_OF_LIFE: dict[tuple[str, str], date] = {
    ("ubuntu", "14.04"): date(2019, 4, 30),
    ("ubuntu", "16.04"): date(2021, 4, 30),
    ("ubuntu", "18.04"): date(2023, 5, 31),
    ("ubuntu", "20.04"): date(2025, 5, 31),
    ("ubuntu", "20.10"): date(2021, 7, 22),
    ("ubuntu", "21.04"): date(2022, 1, 20),
    ("ubuntu", "21.10"): date(2022, 7, 14),
    ("ubuntu", "22.04"): date(2027, 6, 30),
    ("ubuntu", "22.10"): date(2023, 7, 20),
    ("ubuntu", "23.04"): date(2024, 1, 25),
    ("ubuntu", "23.10"): date(2024, 7, 11),
    ("ubuntu", "24.04"): date(2029, 5, 31),
    ("ubuntu", "24.10"): date(2025, 7, 10),
    ("ubuntu", "25.04"): date(2026, 1, 31),
    ("debian", "8"): date(2020, 6, 30),
    ("debian", "9"): date(2022, 6, 30),
    ("debian", "10"): date(2024, 6, 30),
    ("debian", "11"): date(2026, 8, 31),
    ("debian", "12"): date(2028, 6, 30),
}


@check("WSL004", "Distro release and end of life")
def distro_release(evidence: Evidence) -> list[Finding]:
    found = os_release(evidence)
    if found is None:
        return [skipped("Skipped: /etc/os-release was not collected.")]
    fields, source = found
    distro = fields.get("ID", "").lower()
    version = fields.get("VERSION_ID", "")
    pretty = fields.get("PRETTY_NAME") or f"{distro} {version}".strip() or "unknown"
    if distro == "debian":
        version = version.split(".")[0]
    end = END_OF_LIFE.get((distro, version))
    today = evidence.now.date()
    if end is None:
        return [info(f"{pretty} ({source}); wslgo has no end-of-life date for it.")]
    if today > end:
        upgrade = "sudo do-release-upgrade" if distro == "ubuntu" else "see https://www.debian.org/releases/"
        return [
            warning(
                f"{pretty} ({source}) reached the end of free security support on {end.isoformat()}; "
                "it no longer gets security updates without a paid subscription.",
                fix=upgrade,
            )
        ]
    return [info(f"{pretty} ({source}); security support until {end.isoformat()}.")]


# -- WSL005 ------------------------------------------------------------------------------------------


@check("WSL005", "Systemd configured and running")
def systemd_state(evidence: Evidence) -> list[Finding]:
    if (finding := _not_wsl(evidence)) is not None:
        return [finding]
    comm = evidence.text("/proc/1/comm")
    if comm is None:
        return [skipped("Skipped: /proc/1/comm was not collected.")]
    pid1 = comm.strip() or "unknown"
    running = pid1 == "systemd"
    reading = read_wsl_conf(evidence)
    skipped_setting = (
        next((s for s in reading.skipped if s.name.lower() == "boot.systemd"), None) if reading else None
    )
    enabled, source = wsl_conf_bool(evidence, "boot.systemd")
    if running:
        return [info(f"systemd is PID 1 (/proc/1/comm); [boot] systemd={str(enabled).lower()} ({source}).")]
    if skipped_setting is not None:
        return [
            warning(
                f"systemd is set at {WSL_CONF_LABEL}:{skipped_setting.line} but WSL never reads that line: "
                f"it stops at the rejected line {reading.stopped_at if reading else '?'} (see WSL010). "
                f"PID 1 is {pid1}.",
                fix=f"fix {WSL_CONF_LABEL}:{reading.stopped_at if reading else '?'}, then {SHUTDOWN}",
            )
        ]
    if enabled:
        if wsl_kind(evidence) == "wsl1":
            return [
                warning(
                    f"[boot] systemd=true ({source}) but this distro runs under WSL1, which cannot run "
                    f"systemd; PID 1 is {pid1}.",
                    fix=f"wsl.exe --set-version {distro_name(evidence)} 2",
                )
            ]
        return [
            warning(
                f"[boot] systemd=true ({source}) but PID 1 is {pid1} (/proc/1/comm): the distro has not "
                "restarted since the setting was made.",
                fix=SHUTDOWN,
            )
        ]
    return [
        info(
            f"systemd is off: PID 1 is {pid1} (/proc/1/comm), [boot] systemd={str(enabled).lower()} "
            f"({source}).",
            fix=f"sudo wslgo setup wsl-conf && {SHUTDOWN}",
            fixable_by="wsl-conf",
        )
    ]


# -- WSL010 / WSL011 ---------------------------------------------------------------------------------


def _problem_fix(reading: ConfigReading, problem: Problem) -> str:
    where = reading.where(problem.line)
    editor = "sudo nano /etc/wsl.conf" if reading.kind == "wsl.conf" else f"edit {reading.label}"
    if problem.kind == "invalid-line" or (problem.kind == "encoding" and problem.line):
        return f"{editor}: make line {problem.line} a `#` comment or a valid `key=value` ({where})"
    if problem.kind == "encoding":
        return f"save {reading.label} as UTF-8 without a byte-order mark"
    if problem.kind == "duplicate":
        return f"{editor}: delete line {problem.line} (WSL uses line {problem.other_line})"
    if problem.kind in ("removed-key", "unknown-key", "unknown-section"):
        return f"{editor}: delete or correct line {problem.line}"
    return f"{editor}: correct the value on line {problem.line}"


def _restart(reading: ConfigReading, evidence: Evidence) -> str:
    return _terminate(evidence) if reading.kind == "wsl.conf" else SHUTDOWN


@check("WSL010", "WSL's reading of /etc/wsl.conf")
def wsl_conf_syntax(evidence: Evidence) -> list[Finding]:
    if (finding := _not_wsl(evidence)) is not None:
        return [finding]
    reading = read_wsl_conf(evidence)
    if reading is None:
        if wsl_conf_known_absent(evidence):
            return [ok("No /etc/wsl.conf: WSL uses its defaults.")]
        return [skipped("Skipped: /etc/wsl.conf was not collected.")]
    findings: list[Finding] = []
    for problem in reading.problems:
        if reading.stopped_at is not None and problem.line == reading.stopped_at:
            ignored = ", ".join(f"{s.name} (line {s.line})" for s in reading.skipped) or "no settings"
            findings.append(
                error(
                    f"{problem.message}. Ignored because of it: {ignored}.",
                    fix=f"{_problem_fix(reading, problem)}, then {_terminate(evidence)}",
                )
            )
        else:
            findings.append(
                warning(
                    problem.message + ".",
                    fix=f"{_problem_fix(reading, problem)}, then {_restart(reading, evidence)}",
                )
            )
    if not findings:
        count = len(reading.settings)
        findings.append(ok(f"/etc/wsl.conf: {count} setting(s), all read by WSL without a warning."))
    return findings


def _wslconfig(evidence: Evidence) -> tuple[WslconfigState | None, Finding | None]:
    state = wslconfig_state(evidence)
    if state is None:
        return None, skipped(
            "Skipped: the Windows profile is unknown (`cmd.exe /c echo %USERPROFILE%` did not run and no "
            "/mnt/c/Users/*/.wslconfig was found)."
        )
    if state.reading is None and not state.known:
        return state, skipped(f"Skipped: {state.path} was not collected.")
    return state, None


@check("WSL011", "WSL's reading of .wslconfig")
def wslconfig_syntax(evidence: Evidence) -> list[Finding]:
    if (finding := _not_wsl(evidence)) is not None:
        return [finding]
    state, finding = _wslconfig(evidence)
    if finding is not None:
        return [finding]
    assert state is not None
    if state.reading is None:
        return [ok(f"No {state.path} (found by {state.found_by}): WSL uses its defaults.")]
    reading = state.reading
    findings = [
        warning(
            problem.message
            + (" (WSL skips this line and reads on)." if problem.kind == "invalid-line" else "."),
            fix=f"{_problem_fix(reading, problem)}, then {SHUTDOWN}",
        )
        for problem in reading.problems
    ]
    if not findings:
        findings.append(
            ok(f"{state.path}: {len(reading.settings)} setting(s), all read by WSL without a warning.")
        )
    return findings


# -- WSL012 / WSL013 / WSL014 / WSL015 / WSL019: effective .wslconfig values --------------------------


def _vm_wslconfig(evidence: Evidence) -> tuple[WslconfigState | None, Finding | None]:
    """The .wslconfig for a check of the VM's settings, or why there is none to check (``skipped``).

    An unread .wslconfig is not a default one: these checks never guess the settings it might hold.
    """
    if (finding := _not_wsl(evidence, wsl2_only=True)) is not None:
        return None, finding
    return _wslconfig(evidence)


def _setting_source(reading: ConfigReading | None, key: str) -> tuple[str | None, str]:
    """The valid value the file sets for ``key`` and where, or ``(None, "default")``."""
    if reading is None:
        return None, "default"
    setting = reading.setting(key)
    if setting is None:
        return None, "default"
    if schema.effective(reading, key) != setting.value:
        return None, f"default, because {reading.where(setting.line)} is invalid"
    return setting.value, reading.where(setting.line)


def _gib(size: int) -> str:
    value = size / GIB
    return f"{value:.1f} GiB" if value < 10 else f"{value:.0f} GiB"


def recommended_memory(host_bytes: int) -> int:
    """setup's memory rule: min(75 % of RAM, RAM − 4 GB), rounded down to whole GB, at least 4 GB."""
    target = min(host_bytes * 3 // 4, host_bytes - 4 * GIB)
    return max(4 * GIB, target // GIB * GIB)


@check("WSL012", "VM memory in .wslconfig")
def wslconfig_memory(evidence: Evidence) -> list[Finding]:
    state, unavailable = _vm_wslconfig(evidence)
    if unavailable is not None:
        return [unavailable]
    reading = state.reading if state else None
    raw, source = _setting_source(reading, "wsl2.memory")
    host = host_facts(evidence)
    configured = schema.parse_size(raw) if raw is not None else None
    where = state.path if state else ".wslconfig"
    if host is None or host.memory_bytes is None:
        if configured is not None:
            return [info(f"memory={raw} ({source}); the host's RAM is unknown, so it cannot be compared.")]
        return [skipped("Skipped: neither the host's RAM nor the VM's /proc/meminfo was recorded.")]
    if host.vm_only:
        shown = f"memory={raw} ({source})" if configured is not None else f"memory not set ({source})"
        return [
            info(
                f"{shown}; the host's RAM is unknown (powershell.exe did not answer): the VM sees "
                f"{_gib(host.memory_bytes)} (/proc/meminfo), which is only a lower bound for the host."
            )
        ]
    ram = host.memory_bytes
    fix = (
        f"set memory={schema.format_size(recommended_memory(ram))} under [wsl2] in {where} "
        f"(wslgo setup wslconfig), then {SHUTDOWN}"
    )
    if configured is not None and configured > ram:
        return [
            error(
                f"memory={raw} ({source}) is more than the host's {_gib(ram)} of RAM ({host.source}); WSL "
                "clamps it, and the VM competes with Windows for memory.",
                fix=fix,
                fixable_by="wslconfig",
            )
        ]
    effective = configured if configured is not None else ram // 2
    shown = f"memory={raw} ({source})" if configured is not None else "memory not set: WSL uses 50 % of RAM"
    if effective < 4 * GIB:
        return [
            warning(
                f"{shown}, so the VM gets {_gib(effective)}: below 4 GiB, linking large Go binaries and "
                "parallel builds run out of memory.",
                fix=fix,
                fixable_by="wslconfig",
            )
        ]
    return [info(f"{shown}: the VM gets {_gib(effective)} of the host's {_gib(ram)}.")]


@check("WSL013", "VM processors in .wslconfig")
def wslconfig_processors(evidence: Evidence) -> list[Finding]:
    state, unavailable = _vm_wslconfig(evidence)
    if unavailable is not None:
        return [unavailable]
    reading = state.reading if state else None
    raw, source = _setting_source(reading, "wsl2.processors")
    configured = schema.parse_int(raw) if raw is not None else None
    host = host_facts(evidence)
    where = state.path if state else ".wslconfig"
    if host is None or host.logical_cpus is None:
        if configured is not None:
            return [info(f"processors={raw} ({source}); the host's CPU count is unknown.")]
        return [skipped("Skipped: neither the host's CPU count nor /proc/cpuinfo was recorded.")]
    if host.vm_only:
        shown = f"processors={raw} ({source})" if configured is not None else "processors not set"
        return [
            info(
                f"{shown}; the host's CPU count is unknown (powershell.exe did not answer): the VM sees "
                f"{host.logical_cpus} (/proc/cpuinfo), a lower bound for the host."
            )
        ]
    cpus = host.logical_cpus
    if configured is not None and configured > cpus:
        suggested = math.ceil(0.7 * cpus)
        return [
            error(
                f"processors={raw} ({source}) is more than the host's {cpus} logical processors "
                f"({host.source}); WSL clamps it with a warning at every start.",
                fix=f"set processors={suggested} under [wsl2] in {where} (wslgo setup wslconfig), "
                f"then {SHUTDOWN}",
                fixable_by="wslconfig",
            )
        ]
    if configured is not None and configured >= 1:
        return [info(f"processors={raw} ({source}): the VM uses {configured} of {cpus} logical processors.")]
    return [info(f"processors not set ({source}): the VM uses all {cpus} logical processors.")]


@check("WSL014", "VM swap in .wslconfig")
def wslconfig_swap(evidence: Evidence) -> list[Finding]:
    state, unavailable = _vm_wslconfig(evidence)
    if unavailable is not None:
        return [unavailable]
    reading = state.reading if state else None
    raw_swap, swap_source = _setting_source(reading, "wsl2.swap")
    raw_memory, _ = _setting_source(reading, "wsl2.memory")
    host = host_facts(evidence)
    memory = schema.parse_size(raw_memory) if raw_memory is not None else None
    if memory is None and host is not None and host.memory_bytes is not None:
        memory = host.memory_bytes if host.vm_only else host.memory_bytes // 2
    swap = schema.parse_size(raw_swap) if raw_swap is not None else None
    where = state.path if state else ".wslconfig"
    if swap == 0:
        if memory is not None and memory < 8 * GIB:
            return [
                warning(
                    f"swap={raw_swap} ({swap_source}) with only {_gib(memory)} of VM memory: a large link "
                    "or `go test ./...` that runs out of memory is killed instead of slowing down.",
                    fix=f"remove swap=0 from [wsl2] in {where} (default: 25 % of memory), then {SHUTDOWN}",
                    fixable_by="wslconfig",
                )
            ]
        return [info(f"swap={raw_swap} ({swap_source}): no swap.")]
    swap_file, file_source = _setting_source(reading, "wsl2.swapFile")
    file_note = f"; swapFile={swap_file} ({file_source})" if swap_file else ""
    if swap is not None:
        return [info(f"swap={raw_swap} ({swap_source}){file_note}.")]
    if memory is not None:
        default = (memory // 4 + GIB - 1) // GIB * GIB
        return [info(f"swap not set: WSL uses 25 % of memory rounded up, {_gib(default)}{file_note}.")]
    return [info(f"swap not set: WSL uses 25 % of the VM's memory{file_note}.")]


@check("WSL015", "Memory reclaim in .wslconfig")
def memory_reclaim(evidence: Evidence) -> list[Finding]:
    state, unavailable = _vm_wslconfig(evidence)
    if unavailable is not None:
        return [unavailable]
    reading = state.reading if state else None
    raw, source = _setting_source(reading, "experimental.autoMemoryReclaim")
    where = state.path if state else ".wslconfig"
    fix = (
        f"set autoMemoryReclaim=gradual under [experimental] in {where} (wslgo setup wslconfig), "
        f"then {SHUTDOWN}"
    )
    mode = (raw or "dropCache").lower()
    if mode == "disabled":
        return [
            warning(
                f"autoMemoryReclaim=disabled ({source}): the VM keeps its page cache after builds and the "
                "host's memory stays taken until `wsl --shutdown`.",
                fix=fix,
                fixable_by="wslconfig",
            )
        ]
    if mode == "gradual":
        return [info(f"autoMemoryReclaim={raw} ({source}): cached memory is returned to Windows gradually.")]
    shown = f"autoMemoryReclaim={raw} ({source})" if raw else "autoMemoryReclaim not set (default: dropCache)"
    return [
        info(
            f"{shown}: the page cache is dropped at once when idle; `gradual` keeps the Go build "
            "cache warm between long builds.",
            fix=fix,
            fixable_by="wslconfig",
        )
    ]


# -- WSL016 ------------------------------------------------------------------------------------------


@check("WSL016", "Windows tools ahead of Linux ones on PATH")
def windows_tools_on_path(evidence: Evidence) -> list[Finding]:
    if (finding := _not_wsl(evidence)) is not None:
        return [finding]
    if not evidence.path_dirs():
        return [skipped("Skipped: $PATH was not recorded.")]
    append, source = wsl_conf_bool(evidence, "interop.appendWindowsPath")
    if not append:
        return [ok(f"[interop] appendWindowsPath=false ({source}): the Windows PATH is not appended.")]
    shadowing = windows_tools_first(evidence)
    if not shadowing:
        return [
            ok(f"appendWindowsPath in effect ({source}), but no Windows go/git/gcc precedes the Linux ones.")
        ]
    return [
        warning(
            f"appendWindowsPath in effect ({source}) and $PATH puts Windows tools first: "
            f"{'; '.join(shadowing)}. Editors and scripts that search PATH can pick the Windows build.",
            fix="set appendWindowsPath=false under [interop] in /etc/wsl.conf (sudo wslgo setup wsl-conf), "
            f"then {_terminate(evidence)}; or put the Linux directories first on PATH (wslgo setup shell)",
            fixable_by="wsl-conf",
        )
    ]


# -- WSL017 ------------------------------------------------------------------------------------------


@check("WSL017", "DrvFs mount options for the C: drive")
def drvfs_options(evidence: Evidence) -> list[Finding]:
    if (finding := _not_wsl(evidence)) is not None:
        return [finding]
    table = mount_table(evidence)
    if table is None:
        return [skipped("Skipped: /proc/self/mounts was not collected.")]
    mounts, source = table
    root = automount_root(evidence)
    mount_point = root + "c"
    entry = next((m for m in mounts if m.point == mount_point), None)
    if entry is None:
        return [info(f"{mount_point} is not mounted ({source}).")]
    options = re.split(r"[,;]", entry.options)
    fstype = entry.fstype
    if "metadata" in options:
        return [ok(f"{mount_point} ({fstype}) is mounted with metadata ({source}): Linux modes are kept.")]
    project = project_dir(evidence)
    fix = (
        'set options = "metadata" under [automount] in /etc/wsl.conf (sudo wslgo setup wsl-conf), '
        f"then {_terminate(evidence)}"
    )
    if project and on_windows_drive(project, root):
        return [
            warning(
                f"{mount_point} ({fstype}) is mounted without metadata ({source}) and the project "
                f"{project} lives there: chmod and exec bits are fake, so git sees mode changes and "
                "scripts lose their executable bit.",
                fix=fix + "; better, move the project into the Linux file system (~/src)",
                fixable_by="wsl-conf",
            )
        ]
    return [
        info(
            f"{mount_point} ({fstype}) is mounted without metadata ({source}): chmod on /mnt is not kept.",
            fix=fix,
            fixable_by="wsl-conf",
        )
    ]


# -- WSL018 ------------------------------------------------------------------------------------------

_GENERATED_MARK = "automatically generated by WSL"


@check("WSL018", "DNS: /etc/resolv.conf")
def dns_resolv_conf(evidence: Evidence) -> list[Finding]:
    if (finding := _not_wsl(evidence)) is not None:
        return [finding]
    generate, source = wsl_conf_bool(evidence, "network.generateResolvConf")
    text = evidence.text("/etc/resolv.conf")
    info_path = evidence.path("/etc/resolv.conf")
    if text is None and info_path is None:
        return [skipped("Skipped: /etc/resolv.conf was not collected.")]
    nameservers = (
        [
            line.split()[1]
            for line in text.splitlines()
            if line.startswith("nameserver") and len(line.split()) > 1
        ]
        if text
        else []
    )
    generated = text is not None and _GENERATED_MARK in text
    fix_generate = (
        "remove generateResolvConf=false from [network] in /etc/wsl.conf, then "
        f"{_terminate(evidence)}; or write a nameserver line: "
        "echo 'nameserver 1.1.1.1' | sudo tee /etc/resolv.conf"
    )
    if not nameservers:
        state = "missing" if text is None else "has no nameserver line"
        if info_path is not None and info_path.kind == "symlink":
            state += f" (a symlink to {info_path.target})"
        status = error if not generate or text is None else warning
        return [
            status(
                f"/etc/resolv.conf {state} and generateResolvConf={str(generate).lower()} ({source}): name "
                "lookups fail, so `go mod download` hangs until it times out.",
                fix=fix_generate if not generate else _terminate(evidence),
            )
        ]
    how = "generated by WSL" if generated else "written by hand or another tool"
    return [ok(f"/etc/resolv.conf ({how}) has nameserver {', '.join(nameservers)}.")]


# -- WSL019 ------------------------------------------------------------------------------------------


@check("WSL019", "Networking mode")
def networking_mode(evidence: Evidence) -> list[Finding]:
    state, unavailable = _vm_wslconfig(evidence)
    if unavailable is not None:
        return [unavailable]
    reading = state.reading if state else None
    mode, mode_source = _setting_source(reading, "wsl2.networkingMode")
    forwarding, forwarding_source = _setting_source(reading, "wsl2.localhostForwarding")
    mode_text = (mode or "NAT").lower()
    if mode_text == "mirrored":
        return [
            info(
                f"networkingMode={mode} ({mode_source}): Windows and WSL share 127.0.0.1, so a proxy on "
                f"either side is reachable at localhost."
            )
        ]
    forwarding_on = forwarding is None or schema.parse_bool(forwarding) is True
    shown_forwarding = f"localhostForwarding={forwarding or 'true'} ({forwarding_source})"
    reach = (
        "Windows reaches WSL servers at localhost"
        if forwarding_on
        else "Windows cannot reach WSL servers at localhost"
    )
    return [info(f"networkingMode={mode or 'NAT'} ({mode_source}), {shown_forwarding}: {reach}.")]


# -- WSL020 ------------------------------------------------------------------------------------------

CLOCK_TOLERANCE = timedelta(minutes=2)


@check("WSL020", "Clock: files from the future")
def clock_drift(evidence: Evidence) -> list[Finding]:
    places: list[str] = []
    env = go_env_values(evidence)
    if env.get("GOCACHE"):
        places.append(env["GOCACHE"])
    project = project_dir(evidence)
    if project:
        places.append(project)
    now = evidence.now
    newest: tuple[str, datetime] | None = None
    seen = 0
    for place in places:
        for path, info_entry in [(place, evidence.path(place)), *evidence.paths_under(place)]:
            moment = info_entry.mtime_dt() if info_entry is not None else None
            if moment is None:
                continue
            seen += 1
            if newest is None or moment > newest[1]:
                newest = (path, moment)
    if newest is None:
        return [skipped("Skipped: no modification times were recorded under GOCACHE or the project.")]
    path, moment = newest
    ahead = moment - now
    if ahead > CLOCK_TOLERANCE:
        return [
            warning(
                f"{path} was modified at {moment.isoformat()}, {ahead} after now "
                f"({now.isoformat()}): the clock is behind (WSL2's clock drifts after the host sleeps).",
                fix=f"sudo hwclock -s  # or, from Windows: {SHUTDOWN}",
            )
        ]
    return [ok(f"No file from the future among {seen} recorded modification times (GOCACHE, project).")]


__all__ = ["END_OF_LIFE", "parse_wsl_version_output"]
