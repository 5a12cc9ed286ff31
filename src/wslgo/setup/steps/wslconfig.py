"""Step ``wslconfig``: the Windows ``%UserProfile%\\.wslconfig`` sized from the host (edited losslessly).

What to write is ``wslgo.wslconf.recommend`` (memory and processors from the host's RAM and logical CPUs,
``swap=0`` removed on a small VM, ``autoMemoryReclaim=gradual``, ``sparseVhd=true``): the same functions
doctor's WSL012–WSL015 ask, so a fix doctor suggests is the value written here. A deliberate valid choice
that is not a problem stays.

The file keeps its bytes (CRLF, BOM, comments, ``;`` lines). WSL reads it when the VM starts, so a change
needs ``wsl.exe --shutdown`` (which stops every distro).
"""

from __future__ import annotations

from wslgo.edit.plan import Plan
from wslgo.setup.common import Refusal, check_bytes, make_edit
from wslgo.setup.model import HostFacts, SetupInputs, SetupOptions
from wslgo.wslconf import recommend
from wslgo.wslconf.reader import read_wsl_config
from wslgo.wslconf.syntax import remove_key, render, set_value

STEP = "wslconfig"


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
    if host.ram_bytes is None:
        notes.append("wslconfig: the host's RAM is unknown (no powershell.exe); pass --memory SIZE")
    if host.logical_cpus is None:
        notes.append("wslconfig: the host's logical CPUs are unknown; pass --processors N")
    source = host.source or "the host"
    wanted = recommend.wslconfig(reading, host.ram_bytes, host.logical_cpus)

    document = reading.document
    reasons: list[str] = []
    for item in wanted:
        setting = reading.setting(item.name)
        write_section = setting.name.split(".", 1)[0] if setting is not None else item.section
        why = f"{item.why} from {source}" if item.from_host else item.why
        try:
            if item.value is None:
                document = remove_key(document, write_section, item.key)
                reasons.append(f"[{item.section}] {item.key} removed: {why}")
            else:
                document = set_value(document, write_section, item.key, item.value)
                reasons.append(f"[{item.section}] {item.key}={item.value}: {why}")
        except ValueError as exc:
            return Plan(refusals=(f"{path}: left untouched: {exc}",))
    edit = make_edit(inputs, path, render(document), reasons, STEP)
    if edit is None:
        return Plan(notes=tuple(notes))
    commands = (
        "wsl.exe --shutdown   # .wslconfig is read when the WSL VM starts; this stops every running distro",
    )
    return Plan((edit,), commands=commands, notes=tuple(notes))
