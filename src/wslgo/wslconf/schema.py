"""The key catalog of ``/etc/wsl.conf`` and ``.wslconfig`` and WSL's value rules.

Key names, types and defaults come from the WSL source: ``src/linux/init/WslDistributionConfig.cpp``
(the wsl.conf ``ConfigKey`` list), ``src/windows/common/WslCoreConfig.h`` (``ConfigSetting``, the
.wslconfig keys and member defaults); value rules from ``src/shared/inc/stringshared.h`` (``ParseBool``,
``ParseMemorySize``) and ``configfile.cpp`` (``strtol(value, &end, 0)`` for integers).
Documentation: learn.microsoft.com/windows/wsl/wsl-config.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from wslgo.i18n import M

if TYPE_CHECKING:
    from wslgo.wslconf.reader import ConfigReading, Problem

FileKind = Literal["wsl.conf", ".wslconfig"]
ValueType = Literal["bool", "int", "size", "enum", "string", "path", "ip", "ports"]

GIB = 1024**3


@dataclass(frozen=True)
class KeySpec:
    """One known key. ``name`` is ``section.key`` in WSL's spelling; ``default`` is a display string."""

    name: str
    type: ValueType
    default: str | None = None
    allowed: tuple[str, ...] = ()
    since: str | None = None
    doc: str = ""
    #: Other spellings WSL treats as the same key (``experimental.networkingMode`` = ``wsl2.networkingMode``).
    aliases: tuple[str, ...] = ()

    @property
    def section(self) -> str:
        return self.name.split(".", 1)[0]

    @property
    def key(self) -> str:
        return self.name.split(".", 1)[1]

    @property
    def canonical(self) -> str:
        return self.name.lower()


PAGE_REPORTING_REMOVED = M(
    "pageReporting is no longer a WSL setting (removed from WSL and its documentation); delete it"
)


@dataclass(frozen=True)
class RemovedKey:
    name: str
    note: str


def _b(name: str, default: str, doc: str = "", since: str | None = None) -> KeySpec:
    return KeySpec(name, "bool", default, since=since, doc=doc)


WSL_CONF_KEYS: tuple[KeySpec, ...] = (
    _b("automount.enabled", "true", "Mount fixed Windows drives under automount.root.", "build 17093"),
    KeySpec("automount.root", "path", "/mnt/", doc="Where Windows drives are mounted."),
    KeySpec("automount.options", "string", None, doc="DrvFs mount options, e.g. metadata,umask=22."),
    _b("automount.mountFsTab", "true", "Process /etc/fstab at start."),
    _b("automount.ldconfig", "true", "Add /usr/lib/wsl/lib to the loader path."),
    KeySpec("automount.cgroups", "enum", "v2", allowed=("v1", "v2"), doc="cgroup version."),
    KeySpec("filesystem.umask", "int", "0022", doc="Process umask (strtol base 0: 022 is octal)."),
    _b("network.generateHosts", "true", "Generate /etc/hosts."),
    _b("network.generateResolvConf", "true", "Generate /etc/resolv.conf."),
    KeySpec("network.hostname", "string", None, doc="Host name (default: the Windows host name)."),
    _b("interop.enabled", "true", "Allow launching Windows programs.", "Windows 10 1809"),
    _b("interop.appendWindowsPath", "true", "Append the Windows PATH to $PATH.", "Windows 10 1809"),
    KeySpec("user.default", "string", None, since="build 18980", doc="Default login user."),
    KeySpec("boot.command", "string", None, doc="Command run as root when the distro starts."),
    _b("boot.systemd", "false", "Run systemd as PID 1 (WSL2, Store WSL)."),
    KeySpec("boot.initTimeout", "int", "10000", doc="Boot init timeout in ms."),
    _b("boot.protectBinfmt", "true", "Protect WSL's binfmt interop entry from systemd."),
    _b("gpu.enabled", "true", "GPU paravirtualisation for this distro."),
    _b("gpu.appendLibPath", "true", "Append /usr/lib/wsl/lib to $PATH."),
    _b("time.useWindowsTimezone", "true", "Sync the time zone from Windows."),
    _b("fileServer.enabled", "true", "Plan 9 file server (the \\\\wsl$ share)."),
    KeySpec("fileServer.logFile", "path", None),
    KeySpec("fileServer.logLevel", "int", None),
    _b("fileServer.logTruncate", "true"),
    _b("general.guiApplications", "true", "WSLg for this distro."),
)

WSLCONFIG_KEYS: tuple[KeySpec, ...] = (
    KeySpec("wsl2.kernel", "path", None, doc="Custom kernel (Windows path, backslashes escaped)."),
    KeySpec("wsl2.kernelModules", "path", None),
    KeySpec("wsl2.kernelCommandLine", "string", None),
    KeySpec("wsl2.memory", "size", "50% of host RAM", since="build 19041", doc="VM memory limit."),
    KeySpec("wsl2.processors", "int", "all logical processors"),
    KeySpec("wsl2.swap", "size", "25% of memory, rounded up to a whole GB", doc="0 disables swap."),
    KeySpec("wsl2.swapFile", "path", "%Temp%\\swap.vhdx"),
    _b("wsl2.localhostForwarding", "true"),
    _b("wsl2.safeMode", "false", since="Windows 11, WSL 0.66.2"),
    _b("wsl2.guiApplications", "true", "WSLg on/off."),
    _b("wsl2.debugConsole", "false", since="Windows 11"),
    _b("wsl2.earlyBootLogging", "false"),
    _b("wsl2.nestedVirtualization", "true", since="Windows 11"),
    KeySpec("wsl2.vmIdleTimeout", "int", "60000", since="Windows 11"),
    _b("wsl2.dnsProxy", "true"),
    KeySpec(
        "wsl2.networkingMode",
        "enum",
        "NAT",
        allowed=("None", "Nat", "Bridged", "Mirrored", "Consomme", "VirtioProxy"),
        since="Windows 11 22H2",
        aliases=("experimental.networkingMode",),
    ),
    _b("wsl2.firewall", "true", since="Windows 11 22H2"),
    _b("wsl2.dnsTunneling", "true", since="Windows 11 22H2"),
    _b("wsl2.autoProxy", "true", since="Windows 11"),
    KeySpec("wsl2.defaultVhdSize", "size", "1TB"),
    KeySpec("wsl2.maxCrashDumpCount", "int", "10"),
    KeySpec("wsl2.crashDumpFolder", "path", None),
    _b("wsl2.ipv6", "false"),
    _b("wsl2.dhcp", "true"),
    KeySpec("wsl2.dhcpTimeout", "int", "5000"),
    KeySpec("wsl2.macAddress", "string", None),
    KeySpec("wsl2.vmSwitch", "string", None),
    _b("wsl2.virtio", "true"),
    _b("wsl2.virtio9p", "false"),
    _b("wsl2.virtiofs", "false"),
    _b("wsl2.hostFileSystemAccess", "true"),
    _b("wsl2.hardwarePerformanceCounters", "true"),
    _b("wsl2.gpuSupport", "true"),
    _b("wsl2.telemetry", "true"),
    KeySpec("wsl2.systemDistro", "path", None),
    KeySpec("wsl2.kernelBootTimeout", "int", "90000"),
    KeySpec("wsl2.distributionStartTimeout", "int", "60000"),
    KeySpec("wsl2.mountDeviceTimeout", "int", "5000"),
    KeySpec("wsl2.kernelDebugPort", "int", "0"),
    KeySpec("wsl2.debugConsoleLogFile", "path", None),
    KeySpec("wsl2.loadKernelModules", "string", None),
    _b("wsl2.loadDefaultKernelModules", "true"),
    _b("wsl2.isolateDistroCgroup", "true"),
    KeySpec(
        "experimental.autoMemoryReclaim",
        "enum",
        "dropCache",
        allowed=("disabled", "gradual", "dropCache"),
        doc="Give cached memory back to Windows.",
    ),
    _b("experimental.sparseVhd", "false", "New VHDs are created sparse."),
    _b("experimental.bestEffortDnsParsing", "false"),
    KeySpec("experimental.dnsTunnelingIpAddress", "ip", "10.255.255.254"),
    KeySpec("experimental.initialAutoProxyTimeout", "int", "1000"),
    KeySpec("experimental.ignoredPorts", "ports", None),
    _b("experimental.hostAddressLoopback", "false"),
    _b("experimental.setVersionDebug", "false"),
    KeySpec("experimental.swiotlb", "size", None),
    _b("experimental.virtioFsAggregateShares", "true"),
    KeySpec("general.distributionInstallPath", "path", "%LOCALAPPDATA%\\wsl"),
    KeySpec("general.instanceIdleTimeout", "int", "15000"),
)

#: The four [experimental] spellings WSL still accepts for [wsl2] keys (WslCoreConfig.cpp).
_EXPERIMENTAL_ALIASES = ("dnsTunneling", "firewall", "autoProxy")

REMOVED_KEYS: dict[str, tuple[RemovedKey, ...]] = {
    "wsl.conf": (),
    ".wslconfig": (
        RemovedKey(
            "wsl2.pageReporting",
            PAGE_REPORTING_REMOVED,
        ),
        RemovedKey(
            "experimental.pageReporting",
            PAGE_REPORTING_REMOVED,
        ),
    ),
}


def _with_aliases(keys: tuple[KeySpec, ...]) -> tuple[KeySpec, ...]:
    out = []
    for spec in keys:
        if spec.section == "wsl2" and spec.key in _EXPERIMENTAL_ALIASES:
            spec = KeySpec(
                spec.name,
                spec.type,
                spec.default,
                spec.allowed,
                spec.since,
                spec.doc,
                aliases=(f"experimental.{spec.key}",),
            )
        out.append(spec)
    return tuple(out)


CATALOG: dict[str, tuple[KeySpec, ...]] = {
    "wsl.conf": WSL_CONF_KEYS,
    ".wslconfig": _with_aliases(WSLCONFIG_KEYS),
}


def lookup(kind: FileKind, name: str) -> KeySpec | None:
    """The spec for ``section.key`` (any case, aliases included), or ``None`` when WSL does not know it."""
    wanted = name.lower()
    for spec in CATALOG[kind]:
        if spec.canonical == wanted or any(alias.lower() == wanted for alias in spec.aliases):
            return spec
    return None


def removed(kind: FileKind, name: str) -> RemovedKey | None:
    wanted = name.lower()
    for item in REMOVED_KEYS[kind]:
        if item.name.lower() == wanted:
            return item
    return None


def sections(kind: FileKind) -> frozenset[str]:
    """Known section names, lower case."""
    names = {spec.section.lower() for spec in CATALOG[kind]}
    for spec in CATALOG[kind]:
        names.update(alias.split(".", 1)[0].lower() for alias in spec.aliases)
    return frozenset(names)


def keys_in_section(kind: FileKind, section: str) -> list[str]:
    wanted = section.lower()
    names = [spec.key for spec in CATALOG[kind] if spec.section.lower() == wanted]
    for spec in CATALOG[kind]:
        names.extend(
            alias.split(".", 1)[1] for alias in spec.aliases if alias.split(".", 1)[0].lower() == wanted
        )
    return names


# -- value parsing (WSL's own rules) -----------------------------------------------------------------

_SIZE = re.compile(r"^[ \t\n\v\f\r]*\+?([0-9]+)(B|K|M|G|T|KB|MB|GB|TB)?$")
_SIZE_UNITS = {None: 1, "B": 1, "K": 1024, "KB": 1024, "M": 1024**2, "MB": 1024**2}
_SIZE_UNITS.update({"G": GIB, "GB": GIB, "T": 1024**4, "TB": 1024**4})
_UINT64_MAX = 2**64 - 1
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1


def parse_bool(text: str) -> bool | None:
    """``true``/``false`` in any case, or ``1``/``0``; nothing else (``stringshared.h`` ``ParseBool``)."""
    lowered = text.lower()
    if lowered in ("true", "1"):
        return True
    if lowered in ("false", "0"):
        return False
    return None


def parse_int(text: str) -> int | None:
    """``strtol(text, &end, 0)`` with the whole string consumed and the result fitting an int.

    Base auto-detection: ``0x10`` is 16, ``010`` is 8, so ``08`` and ``09`` are invalid.
    """
    match = re.fullmatch(r"[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)", text)
    if not match:
        return None
    sign, digits = match.groups()
    if digits.lower().startswith("0x"):
        number = int(digits, 16)
    elif digits.startswith("0") and len(digits) > 1:
        number = int(digits, 8)
    else:
        number = int(digits, 10)
    number = -number if sign == "-" else number
    return number if _INT_MIN <= number <= _INT_MAX else None


def parse_size(text: str) -> int | None:
    """Bytes for ``<digits>[B|K|M|G|T|KB|MB|GB|TB]`` (binary units, upper case only), else ``None``.

    Leading blanks are accepted (``strtoull`` skips them), anything after the unit is not: ``"1 B"``,
    ``"4gb"``, ``"1.5GB"`` and ``"8GiB"`` are all rejected by WSL (``ParseMemorySize``).
    """
    match = _SIZE.match(text)
    if not match:
        return None
    number = int(match.group(1))
    if number > _UINT64_MAX:
        return None
    total = number * _SIZE_UNITS[match.group(2)]
    return total if total <= _UINT64_MAX else None


def parse_ports(text: str) -> list[int] | None:
    ports: list[int] = []
    for item in text.split(","):
        number = parse_int(item.strip())
        if number is None or not 1 <= number <= 65535:
            return None
        ports.append(number)
    return ports


def format_size(size: int) -> str:
    """``8589934592`` → ``8GB`` (the largest exact unit), as a user would write it in .wslconfig."""
    for unit, factor in (("TB", 1024**4), ("GB", GIB), ("MB", 1024**2), ("KB", 1024)):
        if size and size % factor == 0:
            return f"{size // factor}{unit}"
    return f"{size}B" if size else "0"


def value_problem(spec: KeySpec, value: str) -> str | None:
    """WSL's warning for a bad value of ``spec`` (without the location), or ``None`` when valid."""
    if spec.type == "bool" and parse_bool(value) is None:
        return M("Invalid boolean value '{value}' for key '{key}'", value=value, key=spec.name)
    if spec.type == "int" and parse_int(value) is None:
        return M("Invalid integer value '{value}' for key '{key}'", value=value, key=spec.name)
    if spec.type == "size" and parse_size(value) is None:
        return M(
            "Invalid memory string '{value}' for .wslconfig entry '{key}' (expected digits with an optional "
            "upper-case unit B, K, M, G, T, KB, MB, GB or TB, e.g. 8GB)",
            value=value,
            key=spec.name,
        )
    if spec.type == "enum" and value.lower() not in {item.lower() for item in spec.allowed}:
        return M(
            "Invalid value '{value}' for config key '{key}' (Valid values: {allowed})",
            value=value,
            key=spec.name,
            allowed=", ".join(spec.allowed),
        )
    if spec.type == "ip":
        try:
            ipaddress.IPv4Address(value)
        except ValueError:
            return M("Invalid IP address '{value}' for key '{key}'", value=value, key=spec.name)
    if spec.type == "ports" and parse_ports(value) is None:
        return M(
            "Invalid integer value '{value}' for key '{key}' (expected a comma list of 1..65535)",
            value=value,
            key=spec.name,
        )
    return None


def validate(reading: ConfigReading) -> list[Problem]:
    """Bad values of known keys, as WSL would warn about them (the key then keeps its default)."""
    from wslgo.wslconf.reader import Problem

    problems: list[Problem] = []
    for setting in reading.settings.values():
        spec = lookup(reading.kind, setting.name)
        if spec is None:
            continue
        message = value_problem(spec, setting.value)
        if message is not None:
            problems.append(
                Problem(
                    setting.line,
                    "bad-value",
                    M("{problem} in {where}", problem=message, where=reading.where(setting.line)),
                    setting.raw,
                    key=spec.canonical,
                )
            )
    return problems


def effective(reading: ConfigReading, key: str) -> str | None:
    """The value WSL uses for ``key`` (``section.key``): the file's valid value, else the default."""
    spec = lookup(reading.kind, key)
    setting = reading.settings.get(spec.canonical if spec else key.lower())
    if setting is not None and (spec is None or value_problem(spec, setting.value) is None):
        return setting.value
    return spec.default if spec else None


def configured(reading: ConfigReading | None, key: str) -> str | None:
    """The valid value the file itself sets for ``key``; ``None`` when it sets none (or an invalid one, or
    one WSL never reads because it stopped earlier), so the default applies."""
    if reading is None:
        return None
    setting = reading.setting(key)
    if setting is None or effective(reading, key) != setting.value:
        return None
    return setting.value


__all__ = [
    "CATALOG",
    "KeySpec",
    "configured",
    "effective",
    "format_size",
    "keys_in_section",
    "lookup",
    "parse_bool",
    "parse_int",
    "parse_ports",
    "parse_size",
    "removed",
    "sections",
    "validate",
    "value_problem",
]
