"""Shared facts about the WSL machine, derived from evidence, used by several check modules.

``wsl_kind`` is the one place that decides "is this WSL, and which version": the WSL-only checks and the
GO checks ask it instead of re-reading kernel strings, so every check agrees on the answer.

Detection follows WSL's own rule (microsoft/WSL ``src/linux/init/util.cpp`` ``UtilIsUtilityVm``): the WSL1
(lxcore) kernel release contains ``Microsoft`` with a capital M, the WSL2 VM kernel contains ``microsoft``.
A custom WSL2 kernel (``.wslconfig`` ``kernel=``) may contain neither, so the markers WSL's init creates
(``WSL_DISTRO_NAME``/``WSL_INTEROP``, ``/proc/sys/fs/binfmt_misc/WSLInterop``, ``/run/WSL``) also count.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from wslgo.evidence.inventory import CORE_COMMANDS
from wslgo.i18n import M
from wslgo.jsontext import loads_json
from wslgo.wslconf import schema
from wslgo.wslconf.reader import ConfigReading, read_wsl_config

if TYPE_CHECKING:
    from wslgo.evidence.model import Evidence

WslKind = Literal["wsl2", "wsl1", "none"]

#: Paths WSL's init creates in every distro (WSL-FACTS §4.1).
WSL_MARKER_PATHS: tuple[str, ...] = (
    "/proc/sys/fs/binfmt_misc/WSLInterop",
    "/proc/sys/fs/binfmt_misc/WSLInterop-late",
    "/run/WSL",
)
WSL_MARKER_ENV: tuple[str, ...] = ("WSL_DISTRO_NAME", "WSL_INTEROP")

WSL_CONF = "/etc/wsl.conf"
POWERSHELL_HOST_ARGV: tuple[str, ...] = next(argv for argv in CORE_COMMANDS if argv[0] == "powershell.exe")
DEFAULT_AUTOMOUNT_ROOT = "/mnt/"
#: The source of a setting no file sets: WSL's default (a translatable word in messages).
DEFAULT = M("default")

_PROC_VERSION_RELEASE = re.compile(r"^Linux version (\S+)")


def kernel_release(evidence: Evidence) -> tuple[str, str] | None:
    """The kernel release string and where it came from (``/proc/sys/kernel/osrelease`` first)."""
    osrelease = evidence.text("/proc/sys/kernel/osrelease")
    if osrelease and osrelease.strip():
        return osrelease.strip(), "/proc/sys/kernel/osrelease"
    version = evidence.text("/proc/version")
    if version and version.strip():
        match = _PROC_VERSION_RELEASE.match(version.strip())
        return (match.group(1) if match else version.strip()), "/proc/version"
    return None


def wsl_markers(evidence: Evidence) -> list[str]:
    """Every WSL marker present, as human-readable sources (``env WSL_DISTRO_NAME``, a path)."""
    found: list[str] = [M("env {name}", name=name) for name in WSL_MARKER_ENV if evidence.env.get(name)]
    found.extend(path for path in WSL_MARKER_PATHS if evidence.exists(path))
    return found


def _markers_known(evidence: Evidence) -> bool:
    """True when at least one marker path was recorded (present or known absent)."""
    return any(evidence.path(path) is not None for path in WSL_MARKER_PATHS)


def wsl_kind(evidence: Evidence) -> WslKind | None:
    """``"wsl2"``, ``"wsl1"``, ``"none"``, or ``None`` when the evidence cannot tell.

    The kernel release decides when it carries WSL's mark; otherwise any init marker means WSL2 with a
    custom kernel (WSL1 always runs Microsoft's lxcore kernel, whose release says ``Microsoft``).
    """
    release = kernel_release(evidence)
    if release is not None:
        text = release[0]
        if "Microsoft" in text:
            return "wsl1"
        if "microsoft" in text.lower():
            return "wsl2"
    if wsl_markers(evidence):
        return "wsl2"
    if release is not None or _markers_known(evidence):
        # A kernel without WSL's mark, or marker paths known absent, and no init marker: not WSL.
        return "none"
    return None


def automount_root(evidence: Evidence) -> str:
    """Where Windows drives are mounted: ``[automount] root`` of /etc/wsl.conf, default ``/mnt/``.

    WSL appends a trailing ``/`` when the value lacks one (``WslDistributionConfig.cpp``); so does this.
    """
    return automount_root_of(read_wsl_conf(evidence))


def automount_root_of(reading: ConfigReading | None) -> str:
    """``[automount] root`` as WSL uses it from a read ``/etc/wsl.conf`` (``None``: the default)."""
    root = schema.configured(reading, "automount.root")
    if not root:
        return DEFAULT_AUTOMOUNT_ROOT
    return root if root.endswith("/") else root + "/"


def on_windows_drive(path: str, root: str = DEFAULT_AUTOMOUNT_ROOT) -> bool:
    """True when ``path`` lies on a DrvFs drive mount such as ``/mnt/c/...`` under ``root``."""
    normalized = posixpath.normpath(path)
    base = root.rstrip("/") or "/"
    if base == "/":
        rest = normalized.lstrip("/")
    elif normalized.startswith(base + "/"):
        rest = normalized[len(base) + 1 :]
    else:
        return False
    drive = rest.split("/", 1)[0]
    return len(drive) == 1 and drive.isalpha()


def drive_mount_of(path: str, mounts: list[Mount] | None, root: str) -> tuple[str, str] | None:
    """Where ``path`` (no symlinks left in it) is on a Windows drive: ``(mount point, file system)``, or
    ``None`` when it is on a Linux file system.

    The mount table decides when it is known (9p/virtiofs with ``aname=drvfs``, or WSL1's ``drvfs``: the
    longest mount point holding the path wins), which also honours a custom ``[automount] root``;
    otherwise the automount root pattern does (``<root><letter>``, so ``/mnt/wsl`` is not a drive and
    ``/c/…`` is one when ``root=/``).
    """
    if mounts:
        best: Mount | None = None
        for mount in mounts:
            point = mount.point.rstrip("/") or "/"
            inside = path == point or path.startswith(point.rstrip("/") + "/")
            if inside and (best is None or len(point) > len(best.point.rstrip("/") or "/")):
                best = mount
        if best is not None:
            return (best.point, best.fstype) if best.windows_drive else None
    if on_windows_drive(path, root):
        drive = posixpath.normpath(path)[len(root.rstrip("/")) :].lstrip("/").split("/", 1)[0]
        return root + drive, "drvfs"
    return None


def windows_profile(evidence: Evidence) -> tuple[str, str] | None:
    """The Windows profile directory as a Linux path, and how it was found.

    First ``cmd.exe /c echo %USERPROFILE%`` then ``wslpath -u <that>`` (the collector's core commands);
    else the single ``/mnt/c/Users/*/.wslconfig`` the collector's glob found.
    """
    echo = evidence.command("cmd.exe", "/c", "echo %USERPROFILE%")
    if echo is not None and echo.ok:
        windows_path = echo.stdout.strip().splitlines()[-1].strip() if echo.stdout.strip() else ""
        if windows_path and "%" not in windows_path:
            converted = evidence.command("wslpath", "-u", windows_path)
            if converted is not None and converted.ok and converted.stdout.strip():
                return converted.stdout.strip().rstrip("/"), f"wslpath -u {windows_path}"
    candidates = sorted(
        path
        for path, info in evidence.paths_under("/mnt/c/Users")
        if path.endswith("/.wslconfig") and path.count("/") == 5 and info.exists
    )
    candidates.extend(
        path
        for path in sorted(evidence.files)
        if path.startswith("/mnt/c/Users/")
        and path.endswith("/.wslconfig")
        and path.count("/") == 5
        and path not in candidates
    )
    if len(candidates) == 1:
        return posixpath.dirname(candidates[0]), M("the /mnt/c/Users/*/.wslconfig scan")
    return None


def wslconfig_path(evidence: Evidence) -> str | None:
    """The path of the Windows ``.wslconfig`` (it may not exist), or ``None`` when the profile is unknown."""
    profile = windows_profile(evidence)
    if profile is None:
        return None
    return posixpath.join(profile[0], ".wslconfig")


def _resolves_to_exe(evidence: Evidence, path: str) -> bool:
    seen = evidence.path(path)
    target = seen.target if seen is not None and seen.kind == "symlink" and seen.target else path
    return target.lower().endswith(".exe")


def windows_tools_first(evidence: Evidence) -> list[str]:
    """Windows ``go``/``git``/``gcc`` (``.exe`` on a drive mount) that PATH finds before the Linux one.

    One description per tool (``/mnt/c/Go/bin/go.exe comes before /usr/bin/go``), empty when none. This
    is doctor's WSL016 condition and what setup's ``wsl-conf`` step acts on, so the two always agree.
    """
    root = automount_root(evidence)
    dirs = evidence.path_dirs()
    shadowing: list[str] = []
    for name in ("go", "git", "gcc"):
        windows_hits = [p for p in evidence.which_all(name + ".exe") if on_windows_drive(p, root)]
        if not windows_hits:
            continue
        windows_dir = posixpath.dirname(windows_hits[0])
        # A `go` that is a symlink to go.exe is the Windows program under a Linux name, not a Linux one.
        linux = next((p for p in evidence.which_all(name) if not _resolves_to_exe(evidence, p)), None)
        if linux is None:
            shadowing.append(M("{windows} (no Linux {name} on PATH)", windows=windows_hits[0], name=name))
            continue
        if dirs.index(windows_dir) < dirs.index(posixpath.dirname(linux)):
            shadowing.append(M("{windows} comes before {linux}", windows=windows_hits[0], linux=linux))
    return shadowing


# -- wsl.exe ------------------------------------------------------------------------------------------

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


# -- the two config files, read the way WSL reads them ----------------------------------------------


def read_wsl_conf(evidence: Evidence) -> ConfigReading | None:
    """``/etc/wsl.conf`` as WSL reads it; ``None`` when it was not collected (absent or unknown)."""
    data = evidence.file(WSL_CONF)
    return None if data is None else read_wsl_config(data, "wsl.conf", WSL_CONF)


def wsl_conf_known_absent(evidence: Evidence) -> bool:
    info = evidence.path(WSL_CONF)
    return info is not None and not info.exists


@dataclass(frozen=True)
class WslconfigState:
    """Where the ``.wslconfig`` is (``path``), how it was found, and what WSL reads from it.

    ``reading`` is ``None`` when the file does not exist (WSL then uses its defaults) or, with
    ``known=False``, when the collector could not tell.
    """

    path: str
    found_by: str
    reading: ConfigReading | None
    known: bool


def wslconfig_state(evidence: Evidence) -> WslconfigState | None:
    """The Windows ``.wslconfig``; ``None`` when the Windows profile is unknown."""
    profile = windows_profile(evidence)
    if profile is None:
        return None
    path = posixpath.join(profile[0], ".wslconfig")
    data = evidence.file(path)
    if data is not None:
        return WslconfigState(path, profile[1], read_wsl_config(data, ".wslconfig", path), True)
    info = evidence.path(path)
    return WslconfigState(path, profile[1], None, info is not None and not info.exists)


def wsl_conf_value(evidence: Evidence, key: str) -> tuple[str, str] | None:
    """The value WSL uses for a wsl.conf key and where it came from (``/etc/wsl.conf:N``), or ``None``
    when the file does not set it validly (WSL then uses the default)."""
    reading = read_wsl_conf(evidence)
    if reading is None:
        return None
    setting = reading.setting(key)
    if setting is None or schema.effective(reading, key) != setting.value:
        return None
    return setting.value, reading.where(setting.line)


def wsl_conf_bool(evidence: Evidence, key: str) -> tuple[bool, str]:
    """A wsl.conf boolean as WSL uses it, with its source (the file line or ``default``)."""
    spec = schema.lookup("wsl.conf", key)
    assert spec is not None and spec.default is not None
    found = wsl_conf_value(evidence, key)
    if found is None:
        return schema.parse_bool(spec.default) is True, DEFAULT
    return schema.parse_bool(found[0]) is True, found[1]


# -- the distro and its mounts --------------------------------------------------------------------

#: Where a distro describes itself; ``/usr/lib/os-release`` is the fallback os-release(5) names.
OS_RELEASE_FILES: tuple[str, ...] = ("/etc/os-release", "/usr/lib/os-release")
#: The mount table; ``/proc/mounts`` is the older name of the same file.
MOUNT_TABLE_FILES: tuple[str, ...] = ("/proc/self/mounts", "/proc/mounts")


def parse_os_release(text: str) -> dict[str, str]:
    """``KEY=value`` lines of os-release(5); comments skipped, one pair of matching quotes removed."""
    values: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def os_release(evidence: Evidence) -> tuple[dict[str, str], str] | None:
    """The distro's os-release fields and the file they came from; ``None`` when neither was collected."""
    for source in OS_RELEASE_FILES:
        text = evidence.text(source)
        if text is not None:
            return parse_os_release(text), source
    return None


@dataclass(frozen=True)
class Mount:
    """One line of the mount table (octal escapes such as ``\\040`` decoded)."""

    source: str
    point: str
    fstype: str
    options: str

    @property
    def windows_drive(self) -> bool:
        """A Windows drive: WSL1's ``drvfs``, or WSL2's 9p/virtiofs share with ``aname=drvfs``."""
        return self.fstype == "drvfs" or (self.fstype in ("9p", "virtiofs") and "aname=drvfs" in self.options)


def _unescape_mount_field(field: str) -> str:
    """The kernel writes space, tab, newline and backslash in mount fields as octal (``\\040``)."""
    return re.sub(r"\\([0-7]{3})", lambda match: chr(int(match.group(1), 8)), field)


def parse_mounts(text: str) -> list[Mount]:
    """Every line of ``/proc/self/mounts`` with at least source, point, type and options."""
    mounts: list[Mount] = []
    for raw in text.splitlines():
        fields = raw.split()
        if len(fields) >= 4:
            source, point = (_unescape_mount_field(field) for field in fields[:2])
            mounts.append(Mount(source, point, fields[2], fields[3]))
    return mounts


def mount_table(evidence: Evidence) -> tuple[list[Mount], str] | None:
    """The parsed mount table and the file it came from; ``None`` when it was not collected."""
    for source in MOUNT_TABLE_FILES:
        text = evidence.text(source)
        if text is not None:
            return parse_mounts(text), source
    return None


# -- host facts -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HostFacts:
    """The Windows host's RAM and logical CPUs (from powershell.exe), or the VM's view as a lower bound."""

    memory_bytes: int | None
    logical_cpus: int | None
    source: str
    #: True when the numbers describe the WSL VM (``/proc/meminfo``), not the host.
    vm_only: bool


def _meminfo_total(evidence: Evidence) -> int | None:
    text = evidence.text("/proc/meminfo")
    if not text:
        return None
    match = re.search(r"^MemTotal:\s+(\d+)\s*kB", text, re.MULTILINE)
    return int(match.group(1)) * 1024 if match else None


def _cpuinfo_count(evidence: Evidence) -> int | None:
    text = evidence.text("/proc/cpuinfo")
    if not text:
        return None
    count = len(re.findall(r"^processor\s*:", text, re.MULTILINE))
    return count or None


def host_facts(evidence: Evidence) -> HostFacts | None:
    result = evidence.command(*POWERSHELL_HOST_ARGV)
    if result is not None and result.ok:
        try:
            data = loads_json(result.stdout.strip().lstrip("\ufeff"))
        except ValueError:
            data = None
        if isinstance(data, list) and data:
            data = data[0]
        if isinstance(data, dict):
            memory = data.get("TotalPhysicalMemory")
            cpus = data.get("NumberOfLogicalProcessors")
            if isinstance(memory, int | float) or isinstance(cpus, int | float):
                return HostFacts(
                    int(memory) if isinstance(memory, int | float) else None,
                    int(cpus) if isinstance(cpus, int | float) else None,
                    "powershell.exe Get-CimInstance Win32_ComputerSystem",
                    vm_only=False,
                )
    memory = _meminfo_total(evidence)
    cpus = _cpuinfo_count(evidence)
    if memory is None and cpus is None:
        return None
    return HostFacts(memory, cpus, M("/proc/meminfo and /proc/cpuinfo (the WSL VM)"), vm_only=True)


# -- Go project and environment -----------------------------------------------------------------------


def project_dir(evidence: Evidence) -> str | None:
    return evidence.meta.cwd


def project_go_mod(evidence: Evidence) -> tuple[str, str] | None:
    """The project's ``go.mod`` (path, text): the first one from the project directory upwards."""
    directory = project_dir(evidence)
    while directory:
        candidate = posixpath.join(directory, "go.mod")
        text = evidence.text(candidate)
        if text is not None:
            return candidate, text
        parent = posixpath.dirname(directory)
        if parent == directory:
            break
        directory = parent
    return None


def go_mod_requires(text: str) -> list[str]:
    """Module paths named in ``require`` directives (single-line and block forms)."""
    modules: list[str] = []
    in_block = False
    for raw in text.splitlines():
        line = raw.split("//", 1)[0].strip()
        if in_block:
            if line.startswith(")"):
                in_block = False
            elif line:
                modules.append(line.split()[0])
        elif line.startswith("require"):
            rest = line[len("require") :].strip()
            if rest.startswith("("):
                in_block = True
            elif rest:
                modules.append(rest.split()[0])
    return modules


def dpkg_installed(evidence: Evidence) -> set[str] | None:
    """Installed Debian package names from ``/var/lib/dpkg/status``; ``None`` when not collected."""
    text = evidence.text("/var/lib/dpkg/status")
    if text is None:
        return None
    installed: set[str] = set()
    for stanza in re.split(r"\n\s*\n", text):
        package = re.search(r"^Package:\s*(\S+)", stanza, re.MULTILINE)
        status = re.search(r"^Status:\s*(.+)$", stanza, re.MULTILINE)
        if package and status and status.group(1).strip().endswith(" installed"):
            installed.add(package.group(1))
    return installed


def distro_name(evidence: Evidence) -> str:
    """The distro's WSL name for ``wsl.exe`` commands (``<distro>`` when unknown)."""
    return evidence.env.get("WSL_DISTRO_NAME") or "<distro>"
