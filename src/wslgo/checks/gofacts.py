"""Facts about the Go installation derived from evidence, shared by the GO, NET and TOOL checks.

The go command's effective configuration comes from ``go env -json``; *where* a value came from is
worked out the way cmd/go does it (a non-empty OS variable wins over the user's Go env file, which wins
over ``$GOROOT/go.env`` and the built-in default), so every finding can say ``env GOPROXY`` or
``~/.config/go/env:3`` instead of just a value. Pure functions of ``Evidence``.
"""

from __future__ import annotations

import posixpath
import shlex
from dataclasses import dataclass

from wslgo.checks.wslfacts import Mount, automount_root, mount_table, on_windows_drive
from wslgo.evidence.inventory import STATIC_FILES
from wslgo.evidence.model import Evidence
from wslgo.evidence.queries import GO_VERSION_ARGV, go_env
from wslgo.golang.goenv import EnvFile, parse_env_file
from wslgo.golang.gomod import GoMod, parse_gomod
from wslgo.golang.shellrc import RcLine, scan_rc
from wslgo.golang.version import GoVersion, parse_go_version_output
from wslgo.jsontext import loads_json

#: Shell start-up files the collector reads (inventory.STATIC_FILES entries under ``~``).
RC_FILES: tuple[str, ...] = tuple(
    p for p in STATIC_FILES if p.startswith("~/") and any(s in p for s in ("bash", "profile", "zsh", "fish"))
)


def tilde(evidence: Evidence, path: str) -> str:
    """``/home/al/.bashrc`` → ``~/.bashrc`` for messages (paths outside HOME unchanged)."""
    home = evidence.home
    if home and home != "/" and (path == home or path.startswith(home.rstrip("/") + "/")):
        return "~" + path[len(home.rstrip("/")) :]
    return path


def expand_home(evidence: Evidence, path: str) -> str | None:
    if path.startswith("~/"):
        return evidence.home.rstrip("/") + path[1:] if evidence.home else None
    return path


# -- the Go env file --------------------------------------------------------------------------------------


def env_file_path(evidence: Evidence, values: dict[str, str] | None = None) -> str | None:
    """The user's Go env file: ``GOENV`` (go env, then the environment), else ``$XDG_CONFIG_HOME/go/env``."""
    goenv = (values or {}).get("GOENV") or evidence.env.get("GOENV")
    if goenv == "off":
        return None
    if goenv:
        return goenv
    config = evidence.env.get("XDG_CONFIG_HOME") or (
        posixpath.join(evidence.home, ".config") if evidence.home else None
    )
    return posixpath.join(config, "go", "env") if config else None


@dataclass(frozen=True)
class GoEnvFile:
    path: str | None
    parsed: EnvFile | None  # None: not recorded (unknown) or GOENV=off
    known_absent: bool = False


def go_env_file(evidence: Evidence, values: dict[str, str] | None = None) -> GoEnvFile:
    """The parsed Go env file; ``parsed`` is empty for ``GOENV=off`` and None when unknown."""
    if ((values or {}).get("GOENV") or evidence.env.get("GOENV")) == "off":
        return GoEnvFile(None, EnvFile(), known_absent=True)
    path = env_file_path(evidence, values)
    if path is None:
        return GoEnvFile(None, None)
    text = evidence.text(path)
    if text is not None:
        return GoEnvFile(path, parse_env_file(text))
    info = evidence.path(path)
    if info is not None and not info.exists:
        return GoEnvFile(path, EnvFile(), known_absent=True)
    return GoEnvFile(path, None)


# -- one variable, with its source ------------------------------------------------------------------------


@dataclass(frozen=True)
class Setting:
    """A Go variable's effective value and where it came from."""

    name: str
    value: str | None  # None: unknown
    source: str  # "env GOPROXY", "~/.config/go/env:3", "go env -json (default)"
    origin: str  # "env", "file", "default", "unknown"

    @property
    def user_set(self) -> bool:
        return self.origin in ("env", "file")


def setting(evidence: Evidence, name: str, values: dict[str, str] | None = None) -> Setting:
    """Resolve ``name`` like cmd/go's ``cfg.Getenv``: non-empty OS variable, env file, then the default."""
    if values is None:
        values = go_env(evidence).values
    env_value = evidence.env.get(name)
    effective = values.get(name) if values is not None else None
    if env_value:
        return Setting(name, effective if effective is not None else env_value, f"env {name}", "env")
    envfile = go_env_file(evidence, values)
    entry = envfile.parsed.get(name) if envfile.parsed else None
    if entry is not None and entry.value and envfile.path:
        where = f"{tilde(evidence, envfile.path)}:{entry.line}"
        return Setting(name, effective if effective is not None else entry.value, where, "file")
    if effective is not None:
        return Setting(name, effective, "default, from `go env -json`", "default")
    return Setting(name, None, "unknown", "unknown")


def go_env_w(name: str, value: str) -> str:
    """The exact ``go env -w`` command, shell-quoted (``|`` and spaces need quotes)."""
    return f"go env -w {name}={shlex.quote(value)}"


def set_fix(evidence: Evidence, item: Setting, value: str) -> str:
    """How to give ``item`` the value ``value``, honouring where the current value comes from."""
    if item.origin == "env":
        exports = [line for line in rc_lines(evidence) if line.kind == "assign" and line.name == item.name]
        if exports:
            where = tilde(evidence, exports[-1].path) + f":{exports[-1].line}"
            return f"edit {where} to read: export {item.name}={shlex.quote(value)}"
        return (
            f"export {item.name}={shlex.quote(value)} where your shell sets {item.name} "
            f"(or unset it and run {go_env_w(item.name, value)})"
        )
    return go_env_w(item.name, value)


# -- shell rc files ---------------------------------------------------------------------------------------


def rc_files(evidence: Evidence) -> list[tuple[str, str]]:
    """(absolute path, text) of every shell start-up file the evidence holds."""
    found: list[tuple[str, str]] = []
    for entry in RC_FILES:
        path = expand_home(evidence, entry)
        if path is None:
            continue
        text = evidence.text(path)
        if text is not None:
            found.append((path, text))
    return found


def rc_lines(evidence: Evidence) -> list[RcLine]:
    lines: list[RcLine] = []
    for path, text in rc_files(evidence):
        lines.extend(scan_rc(path, text))
    return lines


def rc_where(evidence: Evidence, line: RcLine) -> str:
    return f"{tilde(evidence, line.path)}:{line.line}"


# -- file systems -----------------------------------------------------------------------------------------


def resolve_symlinks(evidence: Evidence, path: str, limit: int = 8) -> str:
    """Follow symlinks recorded in ``paths`` on ``path`` and its ancestors (bounded)."""
    current = posixpath.normpath(path)
    for _ in range(limit):
        parts = current.split("/")
        changed = False
        for end in range(len(parts), 1, -1):
            prefix = "/".join(parts[:end]) or "/"
            info = evidence.paths.get(prefix)
            if info is not None and info.kind == "symlink" and info.target:
                target = info.target
                if not target.startswith("/"):
                    target = posixpath.join(posixpath.dirname(prefix), target)
                current = posixpath.normpath(posixpath.join(target, *parts[end:]))
                changed = True
                break
        if not changed:
            return current
    return current


def windows_drive_location(evidence: Evidence, path: str) -> str | None:
    """A description when ``path`` (after recorded symlinks) lies on a Windows drive mount, else None.

    The mount table decides when recorded (9p/virtiofs with ``aname=drvfs``, or WSL1's ``drvfs``): that
    honours ``[automount] root``; otherwise the automount root pattern (``/mnt/<letter>``) does.
    """
    real = resolve_symlinks(evidence, path)
    via = f" (via symlink to {real})" if real != posixpath.normpath(path) else ""
    found = mount_table(evidence)
    table = found[0] if found else None
    if table:
        best: Mount | None = None
        for mount in table:
            point = mount.point.rstrip("/") or "/"
            inside = real == point or real.startswith(point.rstrip("/") + "/")
            if inside and (best is None or len(point) > len(best.point.rstrip("/") or "/")):
                best = mount
        if best is not None:
            if best.windows_drive:
                return f"{real} is on the Windows drive mount {best.point} ({best.fstype}){via}"
            return None
    if on_windows_drive(real, automount_root(evidence)) or on_windows_drive(real):
        return f"{real} is on a Windows drive under {automount_root(evidence)}{via}"
    return None


# -- the go that runs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoResolution:
    path: str | None  # the PATH hit, or None
    rc_override: RcLine | None  # an alias/function named go
    windows: bool
    reason: str  # how it was decided (for messages)


def _looks_windows(text: str) -> bool:
    lowered = text.lower()
    return ".exe" in lowered


def go_version(evidence: Evidence) -> tuple[GoVersion | None, str, str] | None:
    """(version, raw version, source) of the go that runs: ``go version``, else GOVERSION of go env."""
    result = evidence.command(*GO_VERSION_ARGV)
    if result is not None and result.ok:
        parsed = parse_go_version_output(result.stdout)
        if parsed is not None:
            return parsed.version, parsed.raw_version, "`go version`"
    values = go_env(evidence).values
    if values and values.get("GOVERSION"):
        raw = values["GOVERSION"]
        return GoVersion.parse(raw.split(" ")[0]), raw, "GOVERSION in `go env -json`"
    return None


def winning_go(evidence: Evidence) -> GoResolution:
    for line in reversed(rc_lines(evidence)):
        if line.name == "go" and line.kind in ("alias", "function"):
            windows = _looks_windows(line.value) or (
                line.kind == "function" and _function_mentions_exe(evidence, line)
            )
            return GoResolution(
                evidence.which("go"), line, windows, f"{line.kind} in {rc_where(evidence, line)}"
            )
    path = evidence.which("go")
    if path is None:
        return GoResolution(None, None, False, "no executable named go on PATH")
    info = evidence.paths.get(path)
    target = resolve_symlinks(evidence, path)
    if target.lower().endswith(".exe") or (info is not None and (info.target or "").lower().endswith(".exe")):
        return GoResolution(path, None, True, f"{path} links to {target}")
    result = evidence.command(*GO_VERSION_ARGV)
    if result is not None and result.ok:
        parsed = parse_go_version_output(result.stdout)
        if parsed is not None and parsed.goos == "windows":
            return GoResolution(path, None, True, f"`go version` says {parsed.goos}/{parsed.goarch}")
    return GoResolution(path, None, False, f"first go on PATH is {path}")


def _function_mentions_exe(evidence: Evidence, line: RcLine) -> bool:
    from wslgo.golang.shellrc import function_body

    text = evidence.text(line.path) or ""
    return _looks_windows(function_body(text, line.line))


def goroot_of_binary(evidence: Evidence, binary: str) -> str:
    """GOROOT implied by a go binary's location: ``<root>/bin/go`` after recorded symlinks."""
    real = resolve_symlinks(evidence, binary)
    directory = posixpath.dirname(real)
    return posixpath.dirname(directory) if posixpath.basename(directory) == "bin" else directory


# -- the project ----------------------------------------------------------------------------------------


def project_gomod(evidence: Evidence) -> tuple[str, GoMod] | None:
    """The project's go.mod (path, parsed): the first recorded one from ``meta.cwd`` upwards."""
    directory = evidence.meta.cwd
    while directory:
        candidate = posixpath.join(directory, "go.mod")
        text = evidence.text(candidate)
        if text is not None:
            return candidate, parse_gomod(text)
        parent = posixpath.dirname(directory)
        if parent == directory:
            break
        directory = parent
    return None


def wslgo_home(evidence: Evidence) -> str | None:
    """``$WSLGO_HOME`` as the collector computes it (platformdirs: ``$XDG_DATA_HOME/wslgo``)."""
    if evidence.env.get("WSLGO_HOME"):
        return evidence.env["WSLGO_HOME"]
    data = evidence.env.get("XDG_DATA_HOME") or (
        posixpath.join(evidence.home, ".local", "share") if evidence.home else None
    )
    return posixpath.join(data, "wslgo") if data else None


def sdk_index_lines(evidence: Evidence) -> list[str]:
    """Stable release lines listed in the cached SDK index (``$WSLGO_HOME/go-index.json``), if recorded."""
    home = wslgo_home(evidence)
    text = evidence.text(posixpath.join(home, "go-index.json")) if home else None
    if not text:
        return []
    try:
        data = loads_json(text)
    except ValueError:
        return []
    releases = data.get("releases") if isinstance(data, dict) else data
    lines: list[str] = []
    for release in releases if isinstance(releases, list) else []:
        if isinstance(release, dict) and release.get("stable"):
            version = GoVersion.parse(str(release.get("version", "")))
            if version is not None and version.is_release and version.line not in lines:
                lines.append(version.line)
    return lines
