"""The Go release index (go.dev/dl/?mode=json&include=all) and version resolution: pure functions.

The index is the only source of truth for what exists and what its bytes must hash to, so parsing is
strict: a malformed index is an input error naming the offending entry, never a silently skipped release.
"""

from __future__ import annotations

import json
import platform
from dataclasses import dataclass
from pathlib import Path

from wslgo.errors import InputError, UsageError, WslgoError
from wslgo.golang.gomod import parse_gomod
from wslgo.golang.version import GoVersion, newest_patch
from wslgo.jsontext import loads_json

#: Words ``wslgo go install`` accepts besides version numbers.
STABLE = "stable"  # newest release the index marks ``"stable": true``
LATEST = "latest"  # newest version of any kind, prereleases (rc/beta) included
GOMOD = "go.mod"  # the nearest go.mod's toolchain line, else its go line


@dataclass(frozen=True)
class GoFile:
    """One downloadable file of a release."""

    filename: str
    os: str
    arch: str
    version: str
    sha256: str
    size: int
    kind: str  # archive | installer | source


@dataclass(frozen=True)
class GoRelease:
    version: GoVersion
    stable: bool
    files: tuple[GoFile, ...]

    @property
    def tag(self) -> str:
        return self.version.tag

    def archive_for(self, goos: str, goarch: str) -> GoFile | None:
        """The ``.tar.gz`` archive for this host, if the release has one."""
        for file in self.files:
            if file.kind == "archive" and file.os == goos and file.arch == goarch:
                return file
        return None


def _text(entry: dict[str, object], name: str, where: str) -> str:
    value = entry.get(name)
    if not isinstance(value, str):
        raise InputError(f"{where}: field {name!r} is {value!r}, expected a string")
    return value


def parse_index(text: str, source: str) -> tuple[GoRelease, ...]:
    """Parse the index JSON; releases newest first. ``source`` (URL or path) names errors."""
    try:
        data = loads_json(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{source}: Go release index is not JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(data, list):
        raise InputError(f"{source}: Go release index is a {type(data).__name__}, expected a JSON list")
    releases: list[GoRelease] = []
    for position, entry in enumerate(data):
        where = f"{source}: release #{position}"
        if not isinstance(entry, dict):
            raise InputError(f"{where} is {entry!r}, expected an object")
        raw_version = _text(entry, "version", where)
        version = GoVersion.parse(raw_version)
        if version is None:
            raise InputError(f"{where}: version {raw_version!r} is not a Go version like 'go1.27.3'")
        stable = bool(entry.get("stable", False))
        files_data = entry.get("files", [])
        if not isinstance(files_data, list):
            raise InputError(f"{where} ({raw_version}): 'files' is {files_data!r}, expected a list")
        files: list[GoFile] = []
        for number, file_data in enumerate(files_data):
            file_where = f"{where} ({raw_version}) file #{number}"
            if not isinstance(file_data, dict):
                raise InputError(f"{file_where} is {file_data!r}, expected an object")
            filename = _text(file_data, "filename", file_where)
            if "/" in filename or filename in ("", ".", ".."):
                raise InputError(f"{file_where}: filename {filename!r} is not a plain file name")
            sha256 = str(file_data.get("sha256", ""))
            size = file_data.get("size", 0)
            if not isinstance(size, int) or isinstance(size, bool) or size < 0:
                raise InputError(f"{file_where}: size {size!r} is not a byte count")
            files.append(
                GoFile(
                    filename=filename,
                    os=str(file_data.get("os", "")),
                    arch=str(file_data.get("arch", "")),
                    version=str(file_data.get("version", raw_version)),
                    sha256=sha256.lower(),
                    size=size,
                    kind=str(file_data.get("kind", "")),
                )
            )
        releases.append(GoRelease(version, stable, tuple(files)))
    releases.sort(key=lambda release: release.version, reverse=True)
    return tuple(releases)


def host_platform(machine: str | None = None) -> tuple[str, str]:
    """(GOOS, GOARCH) of this host, in the index's spelling."""
    name = (machine or platform.machine()).lower()
    arch = {
        "x86_64": "amd64",
        "amd64": "amd64",
        "aarch64": "arm64",
        "arm64": "arm64",
        "i386": "386",
        "i686": "386",
        "armv6l": "armv6l",
        "armv7l": "armv6l",
        "riscv64": "riscv64",
        "ppc64le": "ppc64le",
        "s390x": "s390x",
        "loongarch64": "loong64",
    }.get(name, name)
    return "linux", arch


def parse_version_spec(text: str) -> str | GoVersion:
    """``stable``/``latest``/``go.mod`` stay words; anything else must be a Go version (exit 2 if not)."""
    word = text.strip()
    if word.lower() in (STABLE, LATEST, GOMOD):
        return word.lower()
    version = GoVersion.parse(word)
    if version is None:
        raise UsageError(
            f"version {text!r} is not understood: expected 1.27.3, go1.27.3, 1.27 (newest patch), "
            "go1.28rc1, 'stable', 'latest' or 'go.mod'"
        )
    return version


def _is_line_request(version: GoVersion) -> bool:
    """``1.27`` (a language version) asks for the newest patch of that line."""
    return not version.is_release and not version.is_prerelease


def resolve_release(spec: str | GoVersion, releases: tuple[GoRelease, ...]) -> GoRelease:
    """The release ``spec`` names among ``releases`` (newest first); a one-line error if none."""
    if not releases:
        raise WslgoError("the Go release index lists no releases")
    if spec == STABLE:
        stable = [release for release in releases if release.stable]
        if not stable:
            raise WslgoError("the Go release index marks no release as stable")
        return max(stable, key=lambda release: release.version)
    if spec == LATEST:
        return max(releases, key=lambda release: release.version)
    if not isinstance(spec, GoVersion):
        raise UsageError(f"cannot resolve {spec!r} against the release index")
    if _is_line_request(spec):
        newest = newest_patch([release.version for release in releases], spec.line)
        if newest is None:
            raise WslgoError(f"the Go release index has no release of the {spec.line} line")
        return next(release for release in releases if release.version == newest)
    for release in releases:
        if release.version == spec:
            return release
    raise WslgoError(f"{spec.tag} is not in the Go release index (see 'wslgo go list --remote --all')")


def resolve_installed(spec: str | GoVersion, installed: list[GoVersion]) -> GoVersion:
    """The installed SDK ``spec`` names (``1.27`` = newest installed patch of 1.27)."""
    if isinstance(spec, str):
        if spec in (STABLE, LATEST) and installed:
            candidates = [v for v in installed if v.is_release] if spec == STABLE else installed
            if candidates:
                return max(candidates)
        raise UsageError(f"{spec!r} needs an installed version like 1.27.3 here")
    if _is_line_request(spec):
        newest = newest_patch(installed, spec.line)
        if newest is not None:
            return newest
    elif spec in installed:
        return spec
    have = ", ".join(v.tag for v in sorted(installed, reverse=True)) or "none"
    raise WslgoError(f"{spec.tag if spec.is_release else spec} is not installed (installed: {have})")


@dataclass(frozen=True)
class GoModRequest:
    """What the nearest go.mod asks for, and where it said so (for messages)."""

    version: GoVersion
    path: Path
    line: int
    directive: str  # toolchain | go


def find_gomod(start: Path) -> Path | None:
    """The nearest go.mod from ``start`` upwards (the go command's own search)."""
    for directory in (start, *start.parents):
        candidate = directory / "go.mod"
        if candidate.is_file():
            return candidate
    return None


def gomod_request(path: Path, text: str) -> GoModRequest:
    """The version go.mod asks for: its ``toolchain`` line (unless ``default``), else its ``go`` line."""
    mod = parse_gomod(text)
    if mod.toolchain and mod.toolchain != "default" and mod.toolchain_line is not None:
        # A toolchain name may carry a suffix (go1.27.3+auto, go1.27.3-custom): the version is before it.
        name = mod.toolchain.split("+", 1)[0].split("-", 1)[0]
        version = GoVersion.parse(name) if name.startswith("go") else None
        if version is None:
            raise InputError(
                f"{path}:{mod.toolchain_line}: toolchain {mod.toolchain!r} is not a toolchain like go1.27.3"
            )
        return GoModRequest(version, path, mod.toolchain_line, "toolchain")
    if mod.go is None or mod.go_line is None:
        raise InputError(f"{path}: has no 'toolchain' or 'go' line, expected e.g. 'go 1.27.3'")
    version = GoVersion.parse(mod.go)
    if version is None or mod.go.startswith("go"):
        raise InputError(f"{path}:{mod.go_line}: go {mod.go!r} is not a Go version like 1.27.3")
    return GoModRequest(version, path, mod.go_line, "go")
