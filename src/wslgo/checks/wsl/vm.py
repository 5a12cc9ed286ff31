"""WSL012–WSL015 and WSL019: the VM's effective ``.wslconfig`` values — memory, processors, swap, memory
reclaim, networking mode."""

from __future__ import annotations

from wslgo.checks.model import Change, Finding, error, info, sets, skipped, warning
from wslgo.checks.registry import check
from wslgo.checks.wsl.common import (
    GIB,
    SHUTDOWN,
    setting_source,
    vm_wslconfig,
)
from wslgo.evidence.model import Evidence
from wslgo.facts.wsl import (
    host_facts,
)
from wslgo.i18n import N_, Joined, M
from wslgo.wslconf import recommend, schema
from wslgo.wslconf.recommend import Recommendation


def _gib(size: int) -> str:
    value = size / GIB
    return f"{value:.1f} GiB" if value < 10 else f"{value:.0f} GiB"


def _memory_shown(raw: str | None, source: str) -> str:
    """``memory=8GB (~/.wslconfig:2)`` or ``memory not set (default)``: the setting as a message part."""
    if raw is None:
        return M("memory not set ({source})", source=source)
    return M("memory={value} ({source})", value=raw, source=source)


def _wslconfig_fix(found: Recommendation, where: str) -> tuple[str, tuple[Change, ...]]:
    """The fix text for ``found`` and the change it makes: setup's ``wslconfig`` step writes exactly it."""
    if found.value is None:
        text = M(
            "remove {key} from [{section}] in {path} (wslgo setup wslconfig), then {restart}",
            key=found.key,
            section=found.section,
            path=where,
            restart=SHUTDOWN,
        )
    else:
        text = M(
            "set {key}={value} under [{section}] in {path} (wslgo setup wslconfig), then {restart}",
            key=found.key,
            value=found.value,
            section=found.section,
            path=where,
            restart=SHUTDOWN,
        )
    return text, (sets("wslconfig", found.name, found.value),)


@check("WSL012", N_("VM memory in .wslconfig"))
def wslconfig_memory(evidence: Evidence) -> list[Finding]:
    state, unavailable = vm_wslconfig(evidence)
    if unavailable is not None:
        return [unavailable]
    reading = state.reading if state else None
    raw, source = setting_source(reading, "wsl2.memory")
    host = host_facts(evidence)
    configured = schema.parse_size(raw) if raw is not None else None
    where = state.path if state else ".wslconfig"
    if host is None or host.memory_bytes is None:
        if configured is not None:
            return [
                info(
                    M(
                        "memory={value} ({source}); the host's RAM is unknown, so it cannot be compared.",
                        value=raw,
                        source=source,
                    )
                )
            ]
        return [skipped(M("Skipped: neither the host's RAM nor the VM's /proc/meminfo was recorded."))]
    if host.vm_only:
        return [
            info(
                M(
                    "{setting}; the host's RAM is unknown (powershell.exe did not answer): the VM sees "
                    "{size} (/proc/meminfo), which is only a lower bound for the host.",
                    setting=_memory_shown(raw if configured is not None else None, source),
                    size=_gib(host.memory_bytes),
                )
            )
        ]
    ram = host.memory_bytes
    found = recommend.memory(reading, ram)
    fix, changes = _wslconfig_fix(found, where) if found is not None else (None, ())
    step = "wslconfig" if found is not None else None
    if configured is not None and configured > ram:
        return [
            error(
                M(
                    "memory={value} ({source}) is more than the host's {size} of RAM ({host}); WSL clamps "
                    "it, and the VM competes with Windows for memory.",
                    value=raw,
                    source=source,
                    size=_gib(ram),
                    host=host.source,
                ),
                fix=fix,
                fixable_by=step,
                changes=changes,
            )
        ]
    effective = recommend.vm_memory(reading, ram) or 0
    shown = (
        M("memory={value} ({source})", value=raw, source=source)
        if configured is not None
        else M("memory not set: WSL uses 50 % of RAM")
    )
    if effective < recommend.MIN_VM_MEMORY:
        return [
            warning(
                M(
                    "{setting}, so the VM gets {size}: below 4 GiB, linking large Go binaries and parallel "
                    "builds run out of memory.",
                    setting=shown,
                    size=_gib(effective),
                ),
                fix=fix,
                fixable_by=step,
                changes=changes,
            )
        ]
    return [
        info(
            M(
                "{setting}: the VM gets {size} of the host's {total}.",
                setting=shown,
                size=_gib(effective),
                total=_gib(ram),
            )
        )
    ]


@check("WSL013", N_("VM processors in .wslconfig"))
def wslconfig_processors(evidence: Evidence) -> list[Finding]:
    state, unavailable = vm_wslconfig(evidence)
    if unavailable is not None:
        return [unavailable]
    reading = state.reading if state else None
    raw, source = setting_source(reading, "wsl2.processors")
    configured = schema.parse_int(raw) if raw is not None else None
    host = host_facts(evidence)
    where = state.path if state else ".wslconfig"
    if host is None or host.logical_cpus is None:
        if configured is not None:
            return [
                info(
                    M(
                        "processors={value} ({source}); the host's CPU count is unknown.",
                        value=raw,
                        source=source,
                    )
                )
            ]
        return [skipped(M("Skipped: neither the host's CPU count nor /proc/cpuinfo was recorded."))]
    if host.vm_only:
        shown = (
            M("processors={value} ({source})", value=raw, source=source)
            if configured is not None
            else M("processors not set")
        )
        return [
            info(
                M(
                    "{setting}; the host's CPU count is unknown (powershell.exe did not answer): the VM sees "
                    "{count} (/proc/cpuinfo), a lower bound for the host.",
                    setting=shown,
                    count=host.logical_cpus,
                )
            )
        ]
    cpus = host.logical_cpus
    found = recommend.processors(reading, cpus)
    if configured is not None and configured > cpus and found is not None:
        fix, changes = _wslconfig_fix(found, where)
        return [
            error(
                M(
                    "processors={value} ({source}) is more than the host's {count} logical processors "
                    "({host}); WSL clamps it with a warning at every start.",
                    value=raw,
                    source=source,
                    count=cpus,
                    host=host.source,
                ),
                fix=fix,
                fixable_by="wslconfig",
                changes=changes,
            )
        ]
    if configured is not None and configured >= 1:
        return [
            info(
                M(
                    "processors={value} ({source}): the VM uses {used} of {count} logical processors.",
                    value=raw,
                    source=source,
                    used=configured,
                    count=cpus,
                )
            )
        ]
    return [
        info(
            M(
                "processors not set ({source}): the VM uses all {count} logical processors.",
                source=source,
                count=cpus,
            )
        )
    ]


@check("WSL014", N_("VM swap in .wslconfig"))
def wslconfig_swap(evidence: Evidence) -> list[Finding]:
    state, unavailable = vm_wslconfig(evidence)
    if unavailable is not None:
        return [unavailable]
    reading = state.reading if state else None
    raw_swap, swap_source = setting_source(reading, "wsl2.swap")
    raw_memory, _ = setting_source(reading, "wsl2.memory")
    host = host_facts(evidence)
    memory = schema.parse_size(raw_memory) if raw_memory is not None else None
    if memory is None and host is not None and host.memory_bytes is not None:
        memory = host.memory_bytes if host.vm_only else host.memory_bytes // 2
    swap = schema.parse_size(raw_swap) if raw_swap is not None else None
    where = state.path if state else ".wslconfig"
    if swap == 0:
        if memory is not None and memory < recommend.SWAP_NEEDED_BELOW:
            # setup knows the host's RAM only from powershell.exe, not from the VM's own view.
            found = recommend.swap(reading, None if host is None or host.vm_only else host.memory_bytes)
            return [
                warning(
                    M(
                        "swap={value} ({source}) with only {size} of VM memory: a large link or `go test "
                        "./...` that runs out of memory is killed instead of slowing down.",
                        value=raw_swap,
                        source=swap_source,
                        size=_gib(memory),
                    ),
                    fix=M(
                        "remove swap=0 from [wsl2] in {path} (default: 25 % of memory), then {restart}",
                        path=where,
                        restart=SHUTDOWN,
                    ),
                    fixable_by="wslconfig" if found is not None else None,
                    changes=_wslconfig_fix(found, where)[1] if found is not None else (),
                )
            ]
        return [info(M("swap={value} ({source}): no swap.", value=raw_swap, source=swap_source))]
    swap_file, file_source = setting_source(reading, "wsl2.swapFile")
    parts: list[str] = []
    if swap is not None:
        parts.append(M("swap={value} ({source})", value=raw_swap, source=swap_source))
    elif memory is not None:
        default = (memory // 4 + GIB - 1) // GIB * GIB
        parts.append(M("swap not set: WSL uses 25 % of memory rounded up, {size}", size=_gib(default)))
    else:
        parts.append(M("swap not set: WSL uses 25 % of the VM's memory"))
    if swap_file:
        parts.append(M("swapFile={value} ({source})", value=swap_file, source=file_source))
    return [info(M("{swap_settings}.", swap_settings=Joined(parts)))]


@check("WSL015", N_("Memory reclaim in .wslconfig"))
def memory_reclaim(evidence: Evidence) -> list[Finding]:
    state, unavailable = vm_wslconfig(evidence)
    if unavailable is not None:
        return [unavailable]
    reading = state.reading if state else None
    raw, source = setting_source(reading, "experimental.autoMemoryReclaim")
    where = state.path if state else ".wslconfig"
    found = recommend.memory_reclaim(reading)
    fix, changes = _wslconfig_fix(found, where) if found is not None else (None, ())
    step = "wslconfig" if found is not None else None
    mode = (raw or "dropCache").lower()
    if mode == "disabled":
        return [
            warning(
                M(
                    "autoMemoryReclaim=disabled ({source}): the VM keeps its page cache after builds and the "
                    "host's memory stays taken until `wsl --shutdown`.",
                    source=source,
                ),
                fix=fix,
                fixable_by=step,
                changes=changes,
            )
        ]
    if mode == "gradual":
        return [
            info(
                M(
                    "autoMemoryReclaim={value} ({source}): cached memory is returned to Windows gradually.",
                    value=raw,
                    source=source,
                )
            )
        ]
    shown = (
        M("autoMemoryReclaim={value} ({source})", value=raw, source=source)
        if raw
        else M("autoMemoryReclaim not set (default: dropCache)")
    )
    return [
        info(
            M(
                "{setting}: the page cache is dropped at once when idle; `gradual` keeps the Go build cache "
                "warm between long builds.",
                setting=shown,
            ),
            fix=fix,
            fixable_by=step,
            changes=changes,
        )
    ]


@check("WSL019", N_("Networking mode"))
def networking_mode(evidence: Evidence) -> list[Finding]:
    state, unavailable = vm_wslconfig(evidence)
    if unavailable is not None:
        return [unavailable]
    reading = state.reading if state else None
    mode, mode_source = setting_source(reading, "wsl2.networkingMode")
    forwarding, forwarding_source = setting_source(reading, "wsl2.localhostForwarding")
    mode_text = (mode or "NAT").lower()
    if mode_text == "mirrored":
        return [
            info(
                M(
                    "networkingMode={value} ({source}): Windows and WSL share 127.0.0.1, so a proxy on "
                    "either side is reachable at localhost.",
                    value=mode,
                    source=mode_source,
                )
            )
        ]
    forwarding_on = forwarding is None or schema.parse_bool(forwarding) is True
    if forwarding_on:
        message = M(
            "networkingMode={mode} ({mode_source}), localhostForwarding={forwarding} ({forwarding_source}): "
            "Windows reaches WSL servers at localhost.",
            mode=mode or "NAT",
            mode_source=mode_source,
            forwarding=forwarding or "true",
            forwarding_source=forwarding_source,
        )
    else:
        message = M(
            "networkingMode={mode} ({mode_source}), localhostForwarding={forwarding} ({forwarding_source}): "
            "Windows cannot reach WSL servers at localhost.",
            mode=mode or "NAT",
            mode_source=mode_source,
            forwarding=forwarding or "true",
            forwarding_source=forwarding_source,
        )
    return [info(message)]
