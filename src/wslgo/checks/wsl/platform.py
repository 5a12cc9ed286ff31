"""WSL001–WSL005: what runs — WSL2 or WSL1 or plain Linux, the kernel, the WSL package, the distro
release, systemd."""

from __future__ import annotations

import re
from datetime import date

from wslgo.checks.model import Finding, info, ok, sets, skipped, warning
from wslgo.checks.registry import check
from wslgo.checks.wsl.common import (
    SHUTDOWN,
    WSL_CONF_LABEL,
    not_collected,
    not_wsl,
)
from wslgo.evidence.model import Evidence
from wslgo.facts.wsl import (
    distro_name,
    kernel_release,
    os_release,
    parse_wsl_version_output,
    read_wsl_conf,
    wsl_conf_bool,
    wsl_kind,
    wsl_markers,
)
from wslgo.i18n import N_, Joined, M
from wslgo.wslconf import recommend


@check("WSL001", N_("Environment kind (WSL2 / WSL1 / not WSL)"))
def environment_kind(evidence: Evidence) -> list[Finding]:
    kind = wsl_kind(evidence)
    release = kernel_release(evidence)
    seen = (
        M("kernel {release!r} ({source})", release=release[0], source=release[1])
        if release
        else M("no kernel release recorded")
    )
    markers = wsl_markers(evidence)
    if kind is None:
        return [skipped(M("Skipped: no kernel release and no WSL markers were recorded."))]
    if kind == "wsl2":
        if markers:
            return [ok(M("WSL2: {seen}; markers: {markers}.", seen=seen, markers=Joined(markers, ", ")))]
        return [ok(M("WSL2: {seen}.", seen=seen))]
    if kind == "wsl1":
        distro = distro_name(evidence)
        return [
            warning(
                M(
                    "WSL1: {seen}. WSL1 has no real Linux kernel: no systemd, slow metadata on the Linux "
                    "file system, no race detector support (microsoft/WSL#121); convert the distro to WSL2.",
                    seen=seen,
                ),
                fix=f"wsl.exe --set-version {distro} 2",
            )
        ]
    return [
        info(
            M(
                "Not WSL: {seen} and no WSL marker (WSL_DISTRO_NAME, /run/WSL, binfmt WSLInterop).",
                seen=seen,
            )
        )
    ]


# -- WSL002 ------------------------------------------------------------------------------------------

MIN_KERNEL = (5, 10)


@check("WSL002", N_("WSL2 kernel version"))
def kernel_version(evidence: Evidence) -> list[Finding]:
    if (finding := not_wsl(evidence, wsl2_only=True)) is not None:
        return [finding]
    release = kernel_release(evidence)
    assert release is not None or wsl_markers(evidence)
    if release is None:
        return [skipped(M("Skipped: the kernel release was not recorded."))]
    match = re.match(r"(\d+)\.(\d+)", release[0])
    if not match:
        return [
            skipped(
                M(
                    "Skipped: cannot read a version from kernel {release!r} ({source}).",
                    release=release[0],
                    source=release[1],
                )
            )
        ]
    version = (int(match.group(1)), int(match.group(2)))
    if version < MIN_KERNEL:
        return [
            warning(
                M(
                    "WSL2 kernel {release} ({source}) is older than 5.10; update WSL to get a current kernel "
                    "(cgroup v2, newer file-system and networking fixes).",
                    release=release[0],
                    source=release[1],
                ),
                fix=f"wsl.exe --update && {SHUTDOWN}",
            )
        ]
    return [ok(M("WSL2 kernel {release} ({source}).", release=release[0], source=release[1]))]


# -- WSL003 ------------------------------------------------------------------------------------------


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


@check("WSL003", N_("WSL package version"))
def wsl_package_version(evidence: Evidence) -> list[Finding]:
    if (finding := not_wsl(evidence)) is not None:
        return [finding]
    result = evidence.command("wsl.exe", "--version")
    if result is None:
        return [skipped(M("Skipped: `wsl.exe --version` was not run."))]
    if result.error is not None:
        return [
            skipped(
                M(
                    "Skipped: `wsl.exe --version` could not run ({error}); Windows interop may be off or "
                    "wsl.exe is not on PATH ([interop] appendWindowsPath=false).",
                    error=result.error,
                )
            )
        ]
    versions = parse_wsl_version_output(result.stdout)
    if result.rc != 0 or not versions:
        return [
            warning(
                M(
                    "`wsl.exe --version` exited with {code} and printed no version: this is the inbox WSL, "
                    "which lacks systemd, mirrored networking and autoMemoryReclaim. Install WSL from the "
                    "Microsoft Store.",
                    code=result.rc,
                ),
                fix="wsl.exe --update",
            )
        ]
    wsl_version = versions[0]
    parts = [f"WSL {wsl_version}"]
    if len(versions) > 1:
        parts.append(M("kernel {release}", release=versions[1]))
    if len(versions) >= 7:
        parts.append(f"Windows {versions[-1]}")
    found = Joined(parts, ", ")
    if _version_tuple(wsl_version) < (2, 0, 0):
        return [
            ok(
                M(
                    "{versions} (from `wsl.exe --version`); WSL 2.0 or newer adds mirrored networking and "
                    "DNS tunneling.",
                    versions=found,
                )
            )
        ]
    return [ok(M("{versions} (from `wsl.exe --version`).", versions=found))]


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


@check("WSL004", N_("Distro release and end of life"))
def distro_release(evidence: Evidence) -> list[Finding]:
    found = os_release(evidence)
    if found is None:
        return [skipped(M("Skipped: /etc/os-release was not collected."))]
    fields, source = found
    distro = fields.get("ID", "").lower()
    version = fields.get("VERSION_ID", "")
    pretty = fields.get("PRETTY_NAME") or f"{distro} {version}".strip() or M("unknown")
    if distro == "debian":
        version = version.split(".")[0]
    end = END_OF_LIFE.get((distro, version))
    today = evidence.now.date()
    if end is None:
        return [
            info(
                M("{distro} ({source}); wslgo has no end-of-life date for it.", distro=pretty, source=source)
            )
        ]
    if today > end:
        upgrade = (
            "sudo do-release-upgrade"
            if distro == "ubuntu"
            else M("see {url}", url="https://www.debian.org/releases/")
        )
        return [
            warning(
                M(
                    "{distro} ({source}) reached the end of free security support on {date}; it no longer "
                    "gets security updates without a paid subscription.",
                    distro=pretty,
                    source=source,
                    date=end.isoformat(),
                ),
                fix=upgrade,
            )
        ]
    return [
        info(
            M(
                "{distro} ({source}); security support until {date}.",
                distro=pretty,
                source=source,
                date=end.isoformat(),
            )
        )
    ]


# -- WSL005 ------------------------------------------------------------------------------------------


@check("WSL005", N_("Systemd configured and running"))
def systemd_state(evidence: Evidence) -> list[Finding]:
    if (finding := not_wsl(evidence)) is not None:
        return [finding]
    comm = evidence.text("/proc/1/comm")
    if comm is None:
        return [skipped(not_collected("/proc/1/comm"))]
    pid1 = comm.strip() or M("unknown")
    running = pid1 == "systemd"
    reading = read_wsl_conf(evidence)
    skipped_setting = (
        next((s for s in reading.skipped if s.name.lower() == "boot.systemd"), None) if reading else None
    )
    enabled, source = wsl_conf_bool(evidence, "boot.systemd")
    if running:
        return [
            info(
                M(
                    "systemd is PID 1 (/proc/1/comm); [boot] systemd={value} ({source}).",
                    value=str(enabled).lower(),
                    source=source,
                )
            )
        ]
    if skipped_setting is not None:
        stopped = reading.stopped_at if reading else "?"
        return [
            warning(
                M(
                    "systemd is set at {where} but WSL never reads that line: it stops at the rejected line "
                    "{stopped} (see WSL010). PID 1 is {pid1}.",
                    where=f"{WSL_CONF_LABEL}:{skipped_setting.line}",
                    stopped=stopped,
                    pid1=pid1,
                ),
                fix=M("fix {where}, then {restart}", where=f"{WSL_CONF_LABEL}:{stopped}", restart=SHUTDOWN),
            )
        ]
    if enabled:
        if wsl_kind(evidence) == "wsl1":
            return [
                warning(
                    M(
                        "[boot] systemd=true ({source}) but this distro runs under WSL1, which cannot run "
                        "systemd; PID 1 is {pid1}.",
                        source=source,
                        pid1=pid1,
                    ),
                    fix=f"wsl.exe --set-version {distro_name(evidence)} 2",
                )
            ]
        return [
            warning(
                M(
                    "[boot] systemd=true ({source}) but PID 1 is {pid1} (/proc/1/comm): the distro has not "
                    "restarted since the setting was made.",
                    source=source,
                    pid1=pid1,
                ),
                fix=SHUTDOWN,
            )
        ]
    found = recommend.systemd(reading)
    return [
        info(
            M(
                "systemd is off: PID 1 is {pid1} (/proc/1/comm), [boot] systemd={value} ({source}).",
                pid1=pid1,
                value=str(enabled).lower(),
                source=source,
            ),
            fix=f"sudo wslgo setup wsl-conf && {SHUTDOWN}" if found is not None else None,
            fixable_by="wsl-conf" if found is not None else None,
            changes=(sets("wsl.conf", found.name, found.value),) if found is not None else (),
        )
    ]


__all__ = ["END_OF_LIFE"]
