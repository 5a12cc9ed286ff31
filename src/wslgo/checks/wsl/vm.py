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
from wslgo.i18n import M
from wslgo.wslconf import recommend, schema
from wslgo.wslconf.recommend import Recommendation


def _gib(size: int) -> str:
    value = size / GIB
    return f"{value:.1f} GiB" if value < 10 else f"{value:.0f} GiB"


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


@check("WSL012", "VM memory in .wslconfig")
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
    found = recommend.memory(reading, ram)
    fix, changes = _wslconfig_fix(found, where) if found is not None else (None, ())
    step = "wslconfig" if found is not None else None
    if configured is not None and configured > ram:
        return [
            error(
                f"memory={raw} ({source}) is more than the host's {_gib(ram)} of RAM ({host.source}); WSL "
                "clamps it, and the VM competes with Windows for memory.",
                fix=fix,
                fixable_by=step,
                changes=changes,
            )
        ]
    effective = recommend.vm_memory(reading, ram) or 0
    shown = f"memory={raw} ({source})" if configured is not None else "memory not set: WSL uses 50 % of RAM"
    if effective < recommend.MIN_VM_MEMORY:
        return [
            warning(
                f"{shown}, so the VM gets {_gib(effective)}: below 4 GiB, linking large Go binaries and "
                "parallel builds run out of memory.",
                fix=fix,
                fixable_by=step,
                changes=changes,
            )
        ]
    return [info(f"{shown}: the VM gets {_gib(effective)} of the host's {_gib(ram)}.")]


@check("WSL013", "VM processors in .wslconfig")
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
    found = recommend.processors(reading, cpus)
    if configured is not None and configured > cpus and found is not None:
        fix, changes = _wslconfig_fix(found, where)
        return [
            error(
                f"processors={raw} ({source}) is more than the host's {cpus} logical processors "
                f"({host.source}); WSL clamps it with a warning at every start.",
                fix=fix,
                fixable_by="wslconfig",
                changes=changes,
            )
        ]
    if configured is not None and configured >= 1:
        return [info(f"processors={raw} ({source}): the VM uses {configured} of {cpus} logical processors.")]
    return [info(f"processors not set ({source}): the VM uses all {cpus} logical processors.")]


@check("WSL014", "VM swap in .wslconfig")
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
                    f"swap={raw_swap} ({swap_source}) with only {_gib(memory)} of VM memory: a large link "
                    "or `go test ./...` that runs out of memory is killed instead of slowing down.",
                    fix=f"remove swap=0 from [wsl2] in {where} (default: 25 % of memory), then {SHUTDOWN}",
                    fixable_by="wslconfig" if found is not None else None,
                    changes=_wslconfig_fix(found, where)[1] if found is not None else (),
                )
            ]
        return [info(f"swap={raw_swap} ({swap_source}): no swap.")]
    swap_file, file_source = setting_source(reading, "wsl2.swapFile")
    file_note = f"; swapFile={swap_file} ({file_source})" if swap_file else ""
    if swap is not None:
        return [info(f"swap={raw_swap} ({swap_source}){file_note}.")]
    if memory is not None:
        default = (memory // 4 + GIB - 1) // GIB * GIB
        return [info(f"swap not set: WSL uses 25 % of memory rounded up, {_gib(default)}{file_note}.")]
    return [info(f"swap not set: WSL uses 25 % of the VM's memory{file_note}.")]


@check("WSL015", "Memory reclaim in .wslconfig")
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
                f"autoMemoryReclaim=disabled ({source}): the VM keeps its page cache after builds and the "
                "host's memory stays taken until `wsl --shutdown`.",
                fix=fix,
                fixable_by=step,
                changes=changes,
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
            fixable_by=step,
            changes=changes,
        )
    ]


@check("WSL019", "Networking mode")
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
