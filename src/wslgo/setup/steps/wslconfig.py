"""Step ``wslconfig``: the Windows ``%UserProfile%\\.wslconfig`` sized from the host (edited losslessly).

Values derive from the host's RAM and logical CPUs, never constants:

- ``[wsl2] memory`` = min(75 % of RAM, RAM − 4 GB), in whole GB: Go links large binaries and runs parallel
  compiles, while Windows keeps enough to stay responsive. Set when absent, or when the file asks for more
  than the host has (doctor WSL012); a deliberate valid choice stays.
- ``[wsl2] processors`` = ⌈0.7 × logical CPUs⌉, same rules (WSL013).
- ``[experimental] autoMemoryReclaim=gradual`` (returns cached memory to Windows after long builds) when
  absent or ``disabled`` (WSL015); ``sparseVhd=true`` when absent (new VHDs give space back).

The file keeps its bytes (CRLF, BOM, comments, ``;`` lines). WSL reads it when the VM starts, so a change
needs ``wsl.exe --shutdown`` (which stops every distro).
"""

from __future__ import annotations

import math

from wslgo.edit.plan import Plan
from wslgo.setup.common import Refusal, check_bytes, make_edit
from wslgo.setup.model import HostFacts, SetupInputs, SetupOptions
from wslgo.wslconf import schema
from wslgo.wslconf.reader import read_wsl_config
from wslgo.wslconf.syntax import render, set_value

STEP = "wslconfig"
GIB = 1024**3
#: Below this a memory limit would hurt more than help; leave WSL's default (50 %) alone.
MIN_MEMORY = 2 * GIB


def derived_memory(ram_bytes: int) -> int | None:
    """min(75 % of RAM, RAM − 4 GiB) rounded down to whole GiB; ``None`` when that is under 2 GiB."""
    size = min(ram_bytes * 3 // 4, ram_bytes - 4 * GIB)
    size = (size // GIB) * GIB
    return size if size >= MIN_MEMORY else None


def derived_processors(logical_cpus: int) -> int:
    return max(1, math.ceil(0.7 * logical_cpus))


def host_facts(inputs: SetupInputs, options: SetupOptions) -> HostFacts:
    ram = options.host_memory if options.host_memory is not None else inputs.host.ram_bytes
    cpus = options.host_processors if options.host_processors is not None else inputs.host.logical_cpus
    source = inputs.host.source
    if options.host_memory is not None or options.host_processors is not None:
        source = "--memory/--processors"
    return HostFacts(ram, cpus, source)


def plan(inputs: SetupInputs, options: SetupOptions) -> Plan:
    path = inputs.target.wslconfig
    if path is None:
        return Plan(notes=("wslconfig: the Windows profile is unknown; pass --windows-home DIR",))
    try:
        data = check_bytes(inputs, path)
    except Refusal as refusal:
        return Plan(refusals=(str(refusal),))
    reading = read_wsl_config(data or b"", ".wslconfig", label=path)
    host = host_facts(inputs, options)
    notes: list[str] = []
    wanted: list[tuple[str, str, str, str]] = []

    memory_text = reading.value("wsl2.memory")
    if host.ram_bytes is None:
        notes.append("wslconfig: the host's RAM is unknown (no powershell.exe); pass --memory SIZE")
    else:
        target = derived_memory(host.ram_bytes)
        current = schema.parse_size(memory_text) if memory_text is not None else None
        exact = schema.format_size(host.ram_bytes)
        ram_text = exact if exact.endswith(("GB", "TB")) else f"{host.ram_bytes / GIB:.1f}GB"
        if target is not None and memory_text is None:
            why = f"min(75 % of {ram_text}, {ram_text} − 4GB) from {host.source or 'the host'}"
            wanted.append(("wsl2", "memory", schema.format_size(target), why))
        elif target is not None and current is not None and current > host.ram_bytes:
            why = f"{memory_text} is more than the host's {ram_text}"
            wanted.append(("wsl2", "memory", schema.format_size(target), why))

    processors_text = reading.value("wsl2.processors")
    if host.logical_cpus is None:
        notes.append("wslconfig: the host's logical CPUs are unknown; pass --processors N")
    else:
        target_cpus = derived_processors(host.logical_cpus)
        current_cpus = schema.parse_int(processors_text) if processors_text is not None else None
        if processors_text is None:
            why = f"⌈0.7 × {host.logical_cpus} logical CPUs⌉ from {host.source or 'the host'}"
            wanted.append(("wsl2", "processors", str(target_cpus), why))
        elif current_cpus is not None and current_cpus > host.logical_cpus:
            why = f"{processors_text} is more than the host's {host.logical_cpus} logical CPUs"
            wanted.append(("wsl2", "processors", str(target_cpus), why))

    reclaim = reading.value("experimental.autoMemoryReclaim")
    if reclaim is None or reclaim.lower() == "disabled":
        why = "give cached memory back to Windows gradually after long builds"
        wanted.append(("experimental", "autoMemoryReclaim", "gradual", why))
    if reading.value("experimental.sparseVhd") is None:
        wanted.append(("experimental", "sparseVhd", "true", "new VHDs give freed space back to Windows"))

    document = reading.document
    reasons: list[str] = []
    for section, key, value, why in wanted:
        setting = reading.setting(f"{section}.{key}")
        write_section = setting.name.split(".", 1)[0] if setting is not None else section
        try:
            document = set_value(document, write_section, key, value)
        except ValueError as exc:
            return Plan(refusals=(f"{path}: left untouched: {exc}",))
        reasons.append(f"[{section}] {key}={value}: {why}")
    edit = make_edit(inputs, path, render(document), reasons, STEP)
    if edit is None:
        return Plan(notes=tuple(notes))
    commands = (
        "wsl.exe --shutdown   # .wslconfig is read when the WSL VM starts; this stops every running distro",
    )
    return Plan((edit,), commands=commands, notes=tuple(notes))
