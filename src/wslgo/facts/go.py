"""Facts about the Go installation derived from evidence, shared by the GO, NET and TOOL checks.

The go command's effective configuration comes from ``go env -json``; *where* a value came from is
worked out the way cmd/go does it (a non-empty OS variable wins over the user's Go env file, which wins
over ``$GOROOT/go.env`` and the built-in default), so every finding can say ``env GOPROXY`` or
``~/.config/go/env:3`` instead of just a value. Pure functions of ``Evidence``.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from wslgo.evidence.inventory import STATIC_FILES
from wslgo.evidence.model import Evidence
from wslgo.evidence.queries import GO_VERSION_ARGV, go_env
from wslgo.facts.wsl import automount_root, drive_mount_of, mount_table
from wslgo.golang.goenv import EnvFile, parse_env_file
from wslgo.golang.goenv import env_file_path as goenv_file_path
from wslgo.golang.gomod import GoMod, parse_gomod
from wslgo.golang.goproxy import is_loopback_url, parse_goproxy
from wslgo.golang.pathmatch import match_prefix_patterns, split_patterns
from wslgo.golang.shellrc import RcLine, scan_rc
from wslgo.golang.version import GoVersion, parse_go_version_output
from wslgo.i18n import M
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
    """The user's Go env file (``GOENV`` from go env, then the environment, else the config dir's
    ``go/env``); ``None`` for ``GOENV=off`` or an unknown home."""
    if not evidence.home and not ((values or {}).get("GOENV") or evidence.env.get("GOENV")):
        return None
    return goenv_file_path(evidence.home or "/", evidence.env, (values or {}).get("GOENV"))


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
    source: str  # "env GOPROXY", "~/.config/go/env:3", "default, from `go env -json`" (translatable)
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
        return Setting(name, effective if effective is not None else env_value, env_source(name), "env")
    envfile = go_env_file(evidence, values)
    entry = envfile.parsed.get(name) if envfile.parsed else None
    if entry is not None and entry.value and envfile.path:
        where = f"{tilde(evidence, envfile.path)}:{entry.line}"
        return Setting(name, effective if effective is not None else entry.value, where, "file")
    if effective is not None:
        return Setting(name, effective, M("default, from `go env -json`"), "default")
    return Setting(name, None, M("unknown"), "unknown")


def env_source(name: str) -> str:
    """``env NAME``: a value that comes from the process environment (a translatable source)."""
    return M("env {name}", name=name)


def go_env_w(name: str, value: str) -> str:
    """The exact ``go env -w`` command, shell-quoted (``|`` and spaces need quotes)."""
    return f"go env -w {name}={shlex.quote(value)}"


def set_fix(evidence: Evidence, item: Setting, value: str) -> str:
    """How to give ``item`` the value ``value``, honouring where the current value comes from."""
    if item.origin == "env":
        exports = [line for line in rc_lines(evidence) if line.kind == "assign" and line.name == item.name]
        export = f"export {item.name}={shlex.quote(value)}"
        if exports:
            where = tilde(evidence, exports[-1].path) + f":{exports[-1].line}"
            return M("edit {where} to read: {line}", where=where, line=export)
        return M(
            "{export} where your shell sets {name} (or unset it and run {command})",
            export=export,
            name=item.name,
            command=go_env_w(item.name, value),
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
    """A description when ``path`` (after recorded symlinks) lies on a Windows drive mount, else None
    (``facts.wsl.drive_mount_of``: the mount table when recorded, else the automount root)."""
    real = resolve_symlinks(evidence, path)
    linked = real != posixpath.normpath(path)
    found = mount_table(evidence)
    root = automount_root(evidence)
    drive = drive_mount_of(real, found[0] if found else None, root)
    if drive is None:
        return None
    if found and found[0]:
        if linked:
            return M(
                "{path} is on the Windows drive mount {mount} ({fstype}) (via symlink to {path})",
                path=real,
                mount=drive[0],
                fstype=drive[1],
            )
        return M(
            "{path} is on the Windows drive mount {mount} ({fstype})",
            path=real,
            mount=drive[0],
            fstype=drive[1],
        )
    if linked:
        return M("{path} is on a Windows drive under {root} (via symlink to {path})", path=real, root=root)
    return M("{path} is on a Windows drive under {root}", path=real, root=root)


# -- the go that runs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoResolution:
    path: str | None  # the PATH hit, or None
    rc_override: RcLine | None  # an alias/function named go
    windows: bool
    reason: str  # how it was decided (a translatable sentence part, for messages)


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
        return GoVersion.parse(raw.split(" ")[0]), raw, M("GOVERSION in `go env -json`")
    return None


def winning_go(evidence: Evidence) -> GoResolution:
    for line in reversed(rc_lines(evidence)):
        if line.name == "go" and line.kind in ("alias", "function"):
            windows = _looks_windows(line.value) or (
                line.kind == "function" and _function_mentions_exe(evidence, line)
            )
            return GoResolution(
                evidence.which("go"),
                line,
                windows,
                M("{kind} in {where}", kind=rc_kind(line.kind), where=rc_where(evidence, line)),
            )
    path = evidence.which("go")
    if path is None:
        return GoResolution(None, None, False, M("no executable named go on PATH"))
    info = evidence.paths.get(path)
    target = resolve_symlinks(evidence, path)
    if target.lower().endswith(".exe") or (info is not None and (info.target or "").lower().endswith(".exe")):
        return GoResolution(path, None, True, M("{path} links to {target}", path=path, target=target))
    result = evidence.command(*GO_VERSION_ARGV)
    if result is not None and result.ok:
        parsed = parse_go_version_output(result.stdout)
        if parsed is not None and parsed.goos == "windows":
            return GoResolution(
                path, None, True, M("`go version` says {target}", target=f"{parsed.goos}/{parsed.goarch}")
            )
    return GoResolution(path, None, False, M("first go on PATH is {path}", path=path))


#: What a shell rc line that defines a command is, as a noun for messages (``RcLine.kind``).
RC_KINDS = {"alias": M("alias"), "function": M("function")}


def rc_kind(kind: str) -> str:
    """``alias`` / ``function`` as a translatable noun (other kinds as they are)."""
    return RC_KINDS.get(kind, kind)


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


# -- what setup can change ---------------------------------------------------------------------------------

#: The POSIX-shell start-up files setup edits, in the order a login bash/zsh reads them (fish's
#: ``config.fish`` is read by doctor but has its own syntax, so setup leaves it alone).
POSIX_RC_NAMES: tuple[str, ...] = (
    ".profile",
    ".bash_profile",
    ".bash_login",
    ".zprofile",
    ".zshenv",
    ".bashrc",
    ".zshrc",
)


def block_files(home: str, exists: Callable[[str], bool]) -> list[str]:
    """The rc files that get setup's managed PATH block: ``~/.bashrc`` and ``~/.zshrc`` when they exist,
    else ``~/.profile``. Doctor offers ``wslgo setup shell`` for a PATH line only in these files."""
    found = [
        posixpath.join(home, name) for name in (".bashrc", ".zshrc") if exists(posixpath.join(home, name))
    ]
    return found or [posixpath.join(home, ".profile")]


def evidence_block_files(evidence: Evidence) -> list[str]:
    home = evidence.home or "/root"
    return block_files(home, lambda path: evidence.text(path) is not None or evidence.exists(path) is True)


def in_setup_rc_file(line: RcLine) -> bool:
    return posixpath.basename(line.path) in POSIX_RC_NAMES


def setup_can_change(evidence: Evidence, item: Setting) -> bool:
    """Whether setup's go-env/go-cache steps can change where ``item`` comes from: the Go env file, or an
    assignment in a POSIX rc file. A value set only in the environment (a parent process, a file wslgo
    does not read) can only be named in a note, so doctor offers no ``fixable_by`` for it."""
    if item.origin in ("file", "default"):
        return go_env_file(evidence).path is not None  # GOENV=off: there is no file to write
    if item.origin == "env":
        return any(
            line.kind == "assign" and line.name == item.name and in_setup_rc_file(line)
            for line in rc_lines(evidence)
        )
    return False


# -- module paths that must stay private -----------------------------------------------------------------

#: Module hosts whose paths are public anyway (their names leaking to proxy.golang.org is harmless).
PUBLIC_HOSTS: frozenset[str] = frozenset(
    {
        "github.com",
        "gitlab.com",
        "bitbucket.org",
        "golang.org",
        "google.golang.org",
        "cloud.google.com",
        "gopkg.in",
        "go.uber.org",
        "k8s.io",
        "sigs.k8s.io",
        "go.opentelemetry.io",
        "go.opencensus.io",
        "honnef.co",
        "mvdan.cc",
        "rsc.io",
        "gotest.tools",
        "gorm.io",
        "go.etcd.io",
        "go.mongodb.org",
        "go.starlark.net",
        "gonum.org",
        "modernc.org",
        "filippo.io",
        "dario.cat",
        "nhooyr.io",
        "cel.dev",
        "buf.build",
        "connectrpc.com",
        "tailscale.com",
        "golang.zx2c4.com",
        "codeberg.org",
        "git.sr.ht",
        "gitea.com",
        "launchpad.net",
        "go.googlesource.com",
        "cuelang.org",
        "helm.sh",
        "oras.land",
        "knative.dev",
        "istio.io",
        "go.elastic.co",
        "go.mozilla.org",
        "go.step.sm",
        "entgo.io",
        "howett.net",
        "zombiezen.com",
        "lukechampine.com",
        "github.io",
    }
)


def module_host(path: str) -> str:
    return path.split("/", 1)[0].lower()


def is_public_module(path: str) -> bool:
    host = module_host(path)
    return host in PUBLIC_HOSTS or any(host.endswith("." + public) for public in ("github.io",))


class PrivateLeaks(NamedTuple):
    """Required modules on non-public hosts that GOPRIVATE does not cover, and the GOPRIVATE that would."""

    gomod_path: str
    #: ``path (~/src/x/go.mod:7)`` for each leaking requirement.
    leaking: tuple[str, ...]
    goprivate: str


def private_leaks(evidence: Evidence, values: Mapping[str, str]) -> PrivateLeaks | None:
    """GO014's condition and fix: which requirements' paths go to a public proxy or checksum database."""
    found = project_gomod(evidence)
    if found is None:
        return None
    gomod_path, gomod = found
    noproxy = values.get("GONOPROXY", "")
    nosumdb = values.get("GONOSUMDB", "")
    proxies = parse_goproxy(values.get("GOPROXY", ""))
    public_proxy = any(
        e.is_network and not (is_loopback_url(e.url or "") or (e.url or "").startswith("file:"))
        for e in proxies.active
    )
    sumdb_on = values.get("GOSUMDB", "sum.golang.org") != "off"
    leaking: list[str] = []
    for requirement in gomod.requires:
        path = requirement.path
        if "." not in module_host(path) or is_public_module(path):
            continue
        leaks_proxy = public_proxy and not match_prefix_patterns(noproxy, path)
        leaks_sumdb = sumdb_on and not match_prefix_patterns(nosumdb, path)
        if leaks_proxy or leaks_sumdb:
            leaking.append(f"{path} ({tilde(evidence, gomod_path)}:{requirement.line})")
    if not leaking:
        return PrivateLeaks(gomod_path, (), values.get("GOPRIVATE", ""))
    hosts = sorted({module_host(entry.split(" ")[0]) for entry in leaking})
    current = split_patterns(values.get("GOPRIVATE", ""))
    return PrivateLeaks(gomod_path, tuple(leaking), ",".join(dict.fromkeys([*current, *hosts])))


# -- GOROOT -------------------------------------------------------------------------------------------------


class GorootMismatch(NamedTuple):
    """A user-set GOROOT that is not the GOROOT of the go that runs."""

    value: str
    source: str  # "env GOROOT" or "~/.config/go/env:3" (translatable)
    binary: str
    own: str  # the GOROOT of ``binary``


def goroot_mismatch(evidence: Evidence) -> GorootMismatch | None:
    """GO005's condition (and what setup's go-env step unsets): ``None`` when GOROOT is not set by the
    user, matches, or there is no go on PATH to compare with."""
    env_goroot = evidence.env.get("GOROOT")
    item = setting(evidence, "GOROOT")
    if env_goroot:
        user_value, source = env_goroot, env_source("GOROOT")
    elif item.origin == "file" and item.value:
        user_value, source = item.value, item.source
    else:
        return None
    binary = evidence.which("go")
    if binary is None:
        return None
    own = goroot_of_binary(evidence, binary)
    mine = resolve_symlinks(evidence, user_value.rstrip("/") or "/")
    if mine == own or posixpath.normpath(user_value) == posixpath.dirname(posixpath.dirname(binary)):
        return None
    return GorootMismatch(user_value, source, binary, own)


# -- Go installs ---------------------------------------------------------------------------------------------


def known_sdk_binaries(evidence: Evidence) -> list[str]:
    """Recorded go binaries in the well-known install places (inventory STATIC_PATHS + GLOBS)."""
    home = evidence.home or ""
    wslgo = wslgo_home(evidence) or ""
    patterns = [
        r"/usr/local/go/bin/go",
        r"/usr/lib/go-[^/]+/bin/go",
        r"/usr/lib/golang/bin/go",
        r"/snap/bin/go",
        re.escape(home) + r"/sdk/go[^/]*/bin/go",
        re.escape(home) + r"/\.go/bin/go",
        re.escape(home) + r"/\.goenv/versions/[^/]+/bin/go",
        re.escape(wslgo) + r"/sdk/(?!current/)[^/]+/bin/go",
    ]
    regex = re.compile("^(?:" + "|".join(patterns) + ")$")
    return sorted(p for p, i in evidence.paths.items() if regex.match(p) and i.exists and i.executable)


def wslgo_sdk_bin(evidence: Evidence) -> str | None:
    """``$WSLGO_HOME/sdk/current/bin``: where ``wslgo go install`` puts the active SDK."""
    home = wslgo_home(evidence)
    return posixpath.join(home, "sdk", "current", "bin") if home else None


def sdk_bin_to_add(evidence: Evidence) -> str | None:
    """GO001's fix: the bin directory of an installed Go SDK when no go is on PATH (``None`` otherwise)."""
    if "PATH" not in evidence.env or evidence.which("go"):
        return None
    installs = known_sdk_binaries(evidence)
    return posixpath.dirname(installs[-1]) if installs else None
