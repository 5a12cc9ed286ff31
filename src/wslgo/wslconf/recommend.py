"""What wslgo recommends for a Go workstation in ``.wslconfig`` and ``/etc/wsl.conf``: the one home of
these rules. Doctor's WSL005 and WSL012–WSL017 suggest exactly the values setup's ``wslconfig`` and
``wsl-conf`` steps write, because both ask the functions here (a test replays every fixture bundle through
both and compares).

Every value derives from the host and the file, never from a constant size:

- ``memory`` = min(75 % of RAM, RAM − 4 GB) in whole GB: Go links large binaries and runs parallel
  compiles while Windows keeps enough to stay responsive. Below 4 GB a Go build runs out of memory, so on a
  small host (6 GB) the VM gets 4 GB when that is still at most 75 % of RAM; where even that is not more
  than WSL's own default (50 % of RAM) nothing is recommended.
- ``processors`` = ⌈0.7 × logical CPUs⌉.
- ``swap=0`` goes when the VM has under 8 GB: a link that runs out of memory is killed instead of slowing.
- ``[experimental] autoMemoryReclaim=gradual`` when unset or ``disabled``; ``sparseVhd=true`` when unset.
- ``/etc/wsl.conf``: ``[boot] systemd=true`` when unset; ``[interop] appendWindowsPath=false`` only when a
  Windows ``go.exe``/``git.exe``/``gcc.exe`` wins on PATH; ``metadata`` added to ``[automount] options``.

A value the user chose deliberately and that is not a problem stays; "unset" means the file sets no valid
value that WSL reads (``schema.configured``).
"""

from __future__ import annotations

import math
from typing import NamedTuple

from wslgo.wslconf import schema
from wslgo.wslconf.reader import ConfigReading

GIB = 1024**3
#: Below this a VM runs out of memory linking large Go binaries or running parallel builds.
MIN_VM_MEMORY = 4 * GIB
#: Below this a VM without swap kills a large link instead of slowing it down.
SWAP_NEEDED_BELOW = 8 * GIB


def default_vm_memory(ram_bytes: int) -> int:
    """What WSL gives the VM when ``memory`` is unset: half the host's RAM."""
    return ram_bytes // 2


def recommended_memory(ram_bytes: int) -> int | None:
    """min(75 % of RAM, RAM − 4 GiB) in whole GiB, raised to 4 GiB where 75 % of RAM allows it; ``None``
    when that would not give the VM more than WSL's default."""
    three_quarters = ram_bytes * 3 // 4 // GIB * GIB
    size = min(three_quarters, (ram_bytes - 4 * GIB) // GIB * GIB)
    if size < MIN_VM_MEMORY:
        size = min(MIN_VM_MEMORY, three_quarters)
    return size if size > default_vm_memory(ram_bytes) or size >= MIN_VM_MEMORY else None


def recommended_processors(logical_cpus: int) -> int:
    return max(1, math.ceil(0.7 * logical_cpus))


class Recommendation(NamedTuple):
    """One key to write (``value``) or to remove (``value=None``), and why (for setup's plan).

    A NamedTuple, not a dataclass: it is built when doctor imports its checks (start-up time).
    """

    section: str
    key: str
    value: str | None
    why: str
    #: The value is derived from the host's RAM or CPUs (setup names where those came from).
    from_host: bool = False

    @property
    def name(self) -> str:
        return f"{self.section}.{self.key}"


def _size(reading: ConfigReading | None, key: str) -> int | None:
    raw = schema.configured(reading, key)
    return schema.parse_size(raw) if raw is not None else None


def vm_memory(reading: ConfigReading | None, ram_bytes: int | None) -> int | None:
    """The memory the VM gets: the file's ``memory``, else WSL's default (half the host's RAM)."""
    configured = _size(reading, "wsl2.memory")
    if configured is not None:
        return configured
    return default_vm_memory(ram_bytes) if ram_bytes is not None else None


def memory(reading: ConfigReading | None, ram_bytes: int) -> Recommendation | None:
    """``[wsl2] memory``: set when unset, more than the host has, or under 4 GiB while more is possible."""
    raw = schema.configured(reading, "wsl2.memory")
    configured = _size(reading, "wsl2.memory")
    target = recommended_memory(ram_bytes)
    ram = schema.format_size(ram_bytes)
    ram_text = ram if ram.endswith(("GB", "TB")) else f"{ram_bytes / GIB:.1f}GB"
    if configured is not None and configured > ram_bytes:
        why = f"{raw} is more than the host's {ram_text}"
        value = schema.format_size(target) if target is not None else None
        return Recommendation("wsl2", "memory", value, why)
    if target is None:
        return None
    if configured is None:
        why = f"min(75 % of {ram_text}, {ram_text} − 4GB)"
        return Recommendation("wsl2", "memory", schema.format_size(target), why, from_host=True)
    if configured < MIN_VM_MEMORY and target > configured:
        why = f"{raw} is under 4GB, too little to link large Go binaries"
        return Recommendation("wsl2", "memory", schema.format_size(target), why)
    return None


def processors(reading: ConfigReading | None, logical_cpus: int) -> Recommendation | None:
    """``[wsl2] processors``: set when unset or more than the host has."""
    raw = schema.configured(reading, "wsl2.processors")
    configured = schema.parse_int(raw) if raw is not None else None
    target = str(recommended_processors(logical_cpus))
    if configured is None:
        why = f"⌈0.7 × {logical_cpus} logical CPUs⌉"
        return Recommendation("wsl2", "processors", target, why, from_host=True)
    if configured > logical_cpus:
        why = f"{raw} is more than the host's {logical_cpus} logical CPUs"
        return Recommendation("wsl2", "processors", target, why)
    return None


def swap(reading: ConfigReading | None, ram_bytes: int | None) -> Recommendation | None:
    """``[wsl2] swap=0`` removed when the VM has under 8 GiB (WSL's default: 25 % of memory)."""
    raw = schema.configured(reading, "wsl2.swap")
    memory_bytes = vm_memory(reading, ram_bytes)
    if (
        raw is None
        or schema.parse_size(raw) != 0
        or memory_bytes is None
        or memory_bytes >= SWAP_NEEDED_BELOW
    ):
        return None
    return Recommendation("wsl2", "swap", None, "no swap with under 8GB of memory kills large links")


def memory_reclaim(reading: ConfigReading | None) -> Recommendation | None:
    """``[experimental] autoMemoryReclaim=gradual`` when unset or ``disabled``."""
    raw = schema.configured(reading, "experimental.autoMemoryReclaim")
    if raw is not None and raw.lower() != "disabled":
        return None
    why = "give cached memory back to Windows gradually after long builds"
    return Recommendation("experimental", "autoMemoryReclaim", "gradual", why)


def sparse_vhd(reading: ConfigReading | None) -> Recommendation | None:
    if schema.configured(reading, "experimental.sparseVhd") is not None:
        return None
    return Recommendation("experimental", "sparseVhd", "true", "new VHDs give freed space back to Windows")


def wslconfig(
    reading: ConfigReading | None, ram_bytes: int | None, logical_cpus: int | None
) -> list[Recommendation]:
    """Every ``.wslconfig`` change setup makes for this host (unknown host facts: those keys are left)."""
    found = [
        memory(reading, ram_bytes) if ram_bytes is not None else None,
        processors(reading, logical_cpus) if logical_cpus is not None else None,
        swap(reading, ram_bytes),
        memory_reclaim(reading),
        sparse_vhd(reading),
    ]
    return [item for item in found if item is not None]


# -- /etc/wsl.conf ----------------------------------------------------------------------------------------


def systemd(reading: ConfigReading | None) -> Recommendation | None:
    """``[boot] systemd=true`` when the file does not set it (an explicit ``false`` is a choice)."""
    if schema.configured(reading, "boot.systemd") is not None:
        return None
    return Recommendation("boot", "systemd", "true", "systemd as PID 1 (services, the proxy unit)")


def append_windows_path(reading: ConfigReading | None, windows_tools_first: bool) -> Recommendation | None:
    """``[interop] appendWindowsPath=false`` when a Windows go/git/gcc wins on PATH and it is in effect."""
    raw = schema.configured(reading, "interop.appendWindowsPath")
    if not windows_tools_first or schema.parse_bool(raw or "true") is False:
        return None
    why = "a Windows go.exe/git.exe/gcc.exe wins on PATH over the Linux one"
    return Recommendation("interop", "appendWindowsPath", "false", why)


def automount_options(reading: ConfigReading | None) -> Recommendation | None:
    """``metadata`` in ``[automount] options`` (real chmod/exec bits on ``/mnt`` drives), other options
    kept."""
    raw = schema.configured(reading, "automount.options")
    options = [item for item in (raw or "").split(",") if item.strip()]
    if any(item.strip() == "metadata" for item in options):
        return None
    value = ",".join(["metadata", *options]) if options else "metadata"
    return Recommendation("automount", "options", value, "real chmod/exec bits on /mnt drives")


def wsl_conf(reading: ConfigReading | None, windows_tools_first: bool) -> list[Recommendation]:
    """Every ``/etc/wsl.conf`` change setup makes."""
    found = [systemd(reading), append_windows_path(reading, windows_tools_first), automount_options(reading)]
    return [item for item in found if item is not None]
