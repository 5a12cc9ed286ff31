"""The evidence collector: the ONLY code that reads the machine for doctor (SPEC §2).

Everything checks may look at is gathered here once, concurrently, into an immutable ``Evidence``; the
list of what is read is ``wslgo.evidence.inventory`` (the contract with the check authors). Two phases:
phase 1 reads what needs no other evidence (environment, static files and paths, globs, PATH lookups,
the core commands, the project); phase 2 follows what phase 1 found (the paths ``go env -json`` names,
the Windows profile behind ``cmd.exe``'s answer, installed tools, GOPROXY reachability).

Nothing here raises for the machine's state: a missing file is a ``PathInfo(kind="missing")``, an
unreadable one carries ``error``, a hung command is a ``CommandResult`` with ``error="timeout"``. Only
the standard library is imported on this path, lazily where it is costly, because ``wslgo doctor``
must answer instantly.
"""

# The collector handles the string paths evidence stores; pathlib objects would only be converted back.
# ruff: noqa: PTH100, PTH109, PTH111, PTH112, PTH113, PTH115, PTH116, PTH207

from __future__ import annotations

import dataclasses
import glob
import os
import posixpath
import re
import stat
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any, NamedTuple, TypeVar

from wslgo import __version__
from wslgo.evidence import inventory
from wslgo.evidence.model import CommandResult, Evidence, HostMeta, Meta, PathInfo
from wslgo.evidence.queries import GO_ENV_ARGV, read_go_env
from wslgo.golang.goenv import env_file_path, go_default
from wslgo.golang.goproxy import is_loopback_url, parse_goproxy
from wslgo.process import run_command

_T = TypeVar("_T")

#: A Windows path as ``cmd.exe /c echo %USERPROFILE%`` prints it (``C:\Users\al``).
_WINDOWS_PATH = re.compile(r"^[A-Za-z]:\\")

_KINDS: tuple[tuple[Callable[[int], bool], str], ...] = (
    (stat.S_ISREG, "file"),
    (stat.S_ISDIR, "dir"),
    (stat.S_ISLNK, "symlink"),
    (stat.S_ISCHR, "char"),
    (stat.S_ISBLK, "block"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISFIFO, "fifo"),
)


# -- single-path primitives (each runs in a worker thread) ---------------------------------------------


def _iso_utc(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="seconds")


def _kind(mode: int) -> str:
    for predicate, name in _KINDS:
        if predicate(mode):
            return name
    return "file"


def path_info(path: str, *, detail: bool = False) -> PathInfo:
    """``lstat`` ``path`` into a ``PathInfo``; ``detail`` adds ``free_bytes`` for directories.

    A symlink's ``mode`` is its target's (what ``exec`` would see), so PATH lookups through symlinks
    such as ``/usr/bin/go -> ../lib/go-1.22/bin/go`` replay as executable; a dangling one says so in
    ``error``.
    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return PathInfo(kind="missing")
    except NotADirectoryError:
        return PathInfo(kind="missing")
    except PermissionError:
        return PathInfo(kind="missing", error="permission-denied")
    except OSError as exc:
        return PathInfo(kind="missing", error=f"os-error: {exc.strerror or exc}")
    kind = _kind(st.st_mode)
    mode = stat.S_IMODE(st.st_mode)
    target: str | None = None
    error: str | None = None
    if kind == "symlink":
        try:
            target = os.readlink(path)
        except OSError:
            target = None
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
        except OSError:
            error = "dangling"
    free_bytes: int | None = None
    if detail and kind == "dir":
        try:
            vfs = os.statvfs(path)
            free_bytes = vfs.f_bavail * vfs.f_frsize
        except OSError:
            free_bytes = None
    return PathInfo(
        kind=kind,
        mode=f"{mode:04o}",
        size=st.st_size if kind == "file" else None,
        uid=st.st_uid,
        gid=st.st_gid,
        writable=os.access(path, os.W_OK),
        mtime=_iso_utc(st.st_mtime),
        target=target,
        free_bytes=free_bytes,
        error=error,
    )


@dataclasses.dataclass(frozen=True)
class _Read:
    """One file read: its bytes, or what was seen instead (``info`` for missing/unreadable/too large)."""

    path: str
    data: bytes | None
    info: PathInfo | None


def _read_capped(handle: Any, limit: int) -> bytes:
    """Read up to ``limit`` bytes in chunks: sysctl files refuse one huge read with ENOMEM."""
    chunks: list[bytes] = []
    remaining = limit
    while remaining > 0:
        chunk = handle.read(min(remaining, 1 << 16))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def read_file(path: str, max_bytes: int = inventory.MAX_FILE_BYTES) -> _Read:
    """Read ``path`` verbatim up to ``max_bytes``; never raises.

    ``/proc`` files report size 0, so the cap is enforced on what is actually read, not on ``st_size``.
    """
    try:
        with open(path, "rb", buffering=0) as handle:
            data = _read_capped(handle, max_bytes + 1)
    except FileNotFoundError:
        return _Read(path, None, PathInfo(kind="missing"))
    except NotADirectoryError:
        return _Read(path, None, PathInfo(kind="missing"))
    except PermissionError:
        return _Read(path, None, dataclasses.replace(path_info(path), error="permission-denied"))
    except IsADirectoryError:
        return _Read(path, None, path_info(path))
    except OSError as exc:
        info = path_info(path)
        return _Read(path, None, dataclasses.replace(info, error=f"os-error: {exc.strerror or exc}"))
    if len(data) > max_bytes:
        return _Read(path, None, dataclasses.replace(path_info(path), error="too-large"))
    return _Read(path, data, None)


def _path_dir_lookups(directory: str, names: Iterable[str]) -> dict[str, PathInfo]:
    """The PATH directory itself plus every existing candidate in it (absent ones are implied)."""
    found = {directory: path_info(directory)}
    if not found[directory].exists:
        return found
    for name in names:
        candidate = posixpath.join(directory, name)
        info = path_info(candidate)
        if info.exists:
            found[candidate] = info
    return found


def _glob_paths(pattern: str, limit: int = inventory.MAX_GLOB_MATCHES) -> dict[str, PathInfo]:
    matches = sorted(glob.glob(pattern))[:limit]
    return {match: path_info(match) for match in matches}


def _newest_entries(directory: str, limit: int, scan_limit: int) -> dict[str, PathInfo]:
    """``lstat`` of the ``limit`` most recently modified entries of ``directory`` (for clock checks)."""
    stamped: list[tuple[float, str]] = []
    try:
        with os.scandir(directory) as entries:
            for index, entry in enumerate(entries):
                if index >= scan_limit:
                    break
                try:
                    stamped.append((entry.stat(follow_symlinks=False).st_mtime, entry.path))
                except OSError:
                    continue
    except OSError:
        return {}
    stamped.sort(key=lambda item: (-item[0], item[1]))
    return {path: path_info(path) for _, path in stamped[:limit]}


def _probe_proxy_env(env: Mapping[str, str], scheme: str, host: str) -> tuple[str, int] | None:
    """The HTTP proxy the go command would use for ``host`` (``HTTPS_PROXY``/``HTTP_PROXY``, ``NO_PROXY``)."""
    from urllib.parse import urlsplit

    names = ("HTTPS_PROXY", "https_proxy") if scheme == "https" else ("HTTP_PROXY", "http_proxy")
    proxy = next((env[name] for name in names if env.get(name)), "")
    if not proxy:
        return None
    no_proxy = env.get("NO_PROXY") or env.get("no_proxy") or ""
    for pattern in (item.strip().lower() for item in no_proxy.split(",")):
        if not pattern:
            continue
        if pattern == "*":
            return None
        pattern = pattern.split(":")[0].lstrip("*").lstrip(".")
        if host.lower() == pattern or host.lower().endswith("." + pattern):
            return None
    parts = urlsplit(proxy if "://" in proxy else "http://" + proxy)
    if not parts.hostname:
        return None
    return parts.hostname, parts.port or 80


def http_probe(url: str, env: Mapping[str, str], timeout: float, body_bytes: int = 0) -> CommandResult:
    """``GET`` the proxy URL once; any HTTP status means reachable (``rc`` = status).

    With ``body_bytes``, the start of the body is kept in ``stdout`` (the ``/healthz`` probe that tells a
    wslgo proxy from another local server).
    """
    import http.client
    import socket
    import ssl
    from urllib.parse import urlsplit

    argv = ("http-probe", url)
    started = time.monotonic()
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host:
        return CommandResult(argv=argv, error="bad-url")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return CommandResult(argv=argv, error="bad-url")
    path = parts.path or "/"
    proxy = _probe_proxy_env(env, parts.scheme, host)
    connection: http.client.HTTPConnection
    try:
        if parts.scheme == "https":
            context = ssl.create_default_context()
            if proxy:
                connection = http.client.HTTPSConnection(proxy[0], proxy[1], timeout=timeout, context=context)
                connection.set_tunnel(host, port)
            else:
                connection = http.client.HTTPSConnection(host, port, timeout=timeout, context=context)
        elif proxy:
            connection = http.client.HTTPConnection(proxy[0], proxy[1], timeout=timeout)
            path = f"http://{host}:{port}{path}"
        else:
            connection = http.client.HTTPConnection(host, port, timeout=timeout)
        connection.request("GET", path, headers={"User-Agent": f"wslgo/{__version__}"})
        response = connection.getresponse()
        status = response.status
        body = response.read(body_bytes).decode("utf-8", errors="replace") if body_bytes else ""
        connection.close()
    except TimeoutError:
        error = "timeout"
    except socket.gaierror:
        error = "dns-failed"
    except ssl.SSLError:
        error = "tls-error"
    except ConnectionRefusedError:
        error = "connect-refused"
    except OSError as exc:
        error = f"connect-failed: {exc.strerror or type(exc).__name__}"
    except Exception as exc:  # a probe is a finding, never a crash
        error = f"error: {type(exc).__name__}"
    else:
        return CommandResult(argv=argv, rc=status, stdout=body, duration_s=time.monotonic() - started)
    return CommandResult(argv=argv, error=error, duration_s=time.monotonic() - started)


# -- the collector ------------------------------------------------------------------------------------


def _expand(entry: str, home: str, env: Mapping[str, str]) -> str:
    if entry == "~" or entry.startswith("~/"):
        entry = home + entry[1:]
    if "{WSLGO_HOME}" in entry:
        from wslgo.home import wslgo_home

        entry = entry.replace("{WSLGO_HOME}", str(wslgo_home(dict(env))))
    return entry


def _host_meta() -> HostMeta:
    machine = os.uname().machine.lower()  # what platform.machine() returns, without importing platform
    arch = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(machine, machine)
    user: str | None
    try:
        import pwd

        user = pwd.getpwuid(os.getuid()).pw_name
    except (KeyError, ImportError):
        user = os.environ.get("USER") or None
    return HostMeta(arch=arch or "amd64", uid=os.getuid(), gid=os.getgid(), user=user)


def _project_files(project_dir: str) -> tuple[list[str], str | None]:
    """The files to read for the project: ``go.mod`` found walking up (and ``go.work`` beside it)."""
    directory = project_dir
    while True:
        candidate = posixpath.join(directory, "go.mod")
        if os.path.isfile(candidate):
            return [candidate, posixpath.join(directory, "go.work")], directory
        parent = posixpath.dirname(directory)
        if parent == directory:
            return [posixpath.join(project_dir, "go.mod")], None
        directory = parent


class _Collection:
    """Mutable accumulator used only inside one ``collect`` call (merged on the calling thread)."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.paths: dict[str, PathInfo] = {}
        self.commands: list[CommandResult] = []

    def add_read(self, read: _Read) -> None:
        if read.data is not None:
            self.files[read.path] = read.data
        elif read.info is not None:
            self.paths.setdefault(read.path, read.info)

    def add_paths(self, found: Mapping[str, PathInfo]) -> None:
        for path, info in found.items():
            self.paths.setdefault(path, info)


class _Scope(NamedTuple):  # NamedTuple, not a dataclass: cheaper to build on doctor's path
    """What one ``collect`` call looks at: the environment, home, project directory and limits."""

    env: dict[str, str]
    home: str
    cwd: str
    created: str
    offline: bool
    timeout: float

    @property
    def probe_timeout(self) -> float:
        return min(inventory.HTTP_PROBE_TIMEOUT_S, self.timeout)

    def expand(self, entry: str) -> str:
        return _expand(entry, self.home, self.env)


class _Phases:
    """The collector's phases over one thread pool. Each ``start_*`` phase submits its reads and commands
    and returns at once; ``merge`` waits for all of them and adds them in a fixed order, so two runs on the
    same machine give the same evidence.

    Phase 1 needs no other evidence: PATH lookups first (the commands run as whatever wins there), then
    the core commands, which dominate the wall time, then the static files, paths, globs and the project
    while they run. Phase 2 follows what phase 1 found: the directories ``go env -json`` names, installed
    tools and their ``go version -m``, GOPROXY reachability, and the Windows profile behind ``cmd.exe``'s
    answer.
    """

    def __init__(self, scope: _Scope, pool: ThreadPoolExecutor) -> None:
        self.scope = scope
        self.pool = pool
        self.found = _Collection()
        self.resolver = Evidence(meta=Meta(created=scope.created, wslgo_version=__version__), env=scope.env)
        self.core: dict[tuple[str, ...], Future[CommandResult]] = {}
        self.batched_reads: list[Future[list[_Read]]] = []
        self.reads: list[Future[_Read]] = []
        self.late_reads: list[_Read] = []
        self.statics: list[Future[dict[str, PathInfo]]] = []
        self.globs: list[Future[dict[str, PathInfo]]] = []
        self.go_paths: list[Future[dict[str, PathInfo]]] = []
        self.late_commands: list[CommandResult] = []
        self.tool_versions: list[Future[CommandResult]] = []
        self.probes: list[Future[CommandResult]] = []

    def later(self, fn: Callable[..., _T], *args: Any, **kwargs: Any) -> Future[_T]:
        return self.pool.submit(fn, *args, **kwargs)

    def run(self, argv: tuple[str, ...], cwd_dir: str | None = None) -> CommandResult:
        """Run ``argv`` as the program that wins on the recorded PATH; record the canonical argv."""
        program = self.resolver.which(argv[0])
        if program is None:
            return CommandResult(argv=argv, error="not-found", cwd=cwd_dir)
        result = run_command(
            [program, *argv[1:]], timeout=self.scope.timeout, cwd=cwd_dir, env=self.scope.env
        )
        return dataclasses.replace(result, argv=argv)

    # -- phase 1 ------------------------------------------------------------------------------------------

    def path_lookups(self) -> None:
        """Every PATH directory and the tool names in it; waits, since the commands depend on it."""
        env_path = self.scope.env.get("PATH", "")
        path_dirs = list(dict.fromkeys(entry for entry in env_path.split(":") if entry))
        lookups = [self.later(_path_dir_lookups, d, inventory.PATH_LOOKUP_NAMES) for d in path_dirs]
        for lookup in lookups:
            self.found.add_paths(lookup.result())
        self.resolver = Evidence(meta=self.resolver.meta, env=self.scope.env, paths=self.found.paths)

    def start_core_commands(self) -> None:
        cmd_cwd = "/mnt/c" if os.path.isdir("/mnt/c") else None
        self.core = {
            argv: self.later(self.run, argv, cmd_cwd if argv[0] == "cmd.exe" else None)
            for argv in inventory.CORE_COMMANDS
        }

    def start_static_reads(self) -> None:
        """Static files, paths and globs. Local lstat/read calls take microseconds: batching them keeps
        thread hand-offs (and the GIL) away from the threads waiting on the commands; slow 9P paths under
        ``/mnt`` still overlap with the commands, one thread each."""
        expand = self.scope.expand
        static_files = [expand(p) for p in inventory.STATIC_FILES]
        self.reads += [self.later(read_file, p) for p in static_files if p.startswith("/mnt/")]
        self.batched_reads.append(
            self.later(lambda: [read_file(p) for p in static_files if not p.startswith("/mnt/")])
        )
        self.statics.append(
            self.later(lambda: {p: path_info(p) for p in (expand(q) for q in inventory.STATIC_PATHS)})
        )
        self.globs.append(
            self.later(lambda: {k: v for g in inventory.GLOBS for k, v in _glob_paths(expand(g)).items()})
        )

    def start_project(self) -> None:
        """The project's go.mod (found walking up), its files, free space and newest entries."""
        cwd = self.scope.cwd
        project_read_paths, module_dir = _project_files(cwd)
        self.reads += [self.later(read_file, p) for p in project_read_paths]
        self.reads += [self.later(read_file, posixpath.join(cwd, p)) for p in inventory.PROJECT_FILES]
        self.statics.append(self.later(lambda: {cwd: path_info(cwd, detail=True)}))
        self.statics.append(
            self.later(_newest_entries, cwd, inventory.PROJECT_ENTRIES_LIMIT, inventory.DIR_SCAN_LIMIT)
        )
        if module_dir and module_dir != cwd:
            self.statics.append(self.later(lambda: {module_dir: path_info(module_dir, detail=True)}))

    # -- phase 2 ------------------------------------------------------------------------------------------

    def go_env(self) -> dict[str, str]:
        """``go env -json`` of the go that runs (waits for it), empty when it failed."""
        return read_go_env(self.core[GO_ENV_ARGV].result()).values or {}

    def start_go_locations(self, places: GoPlaces) -> None:
        """The Go directories with free space and owner, GOCACHE's newest entries, the Go env file."""
        self.go_paths += [
            self.later(lambda p: {p: path_info(p, detail=True)}, p) for p in places.detail_dirs if p
        ]
        self.go_paths.append(
            self.later(
                _newest_entries, places.gocache, inventory.GOCACHE_ENTRIES_LIMIT, inventory.DIR_SCAN_LIMIT
            )
        )
        if places.env_file:
            self.reads.append(self.later(read_file, places.env_file))
        self.reads.append(self.later(read_file, posixpath.join(places.gocache, "trim.txt")))

    def start_proxy_probes(self, goproxy: str) -> None:
        """The URLs the go command would contact, exactly as NET001/NET003 look them up (not offline)."""
        if self.scope.offline:
            return
        proxy_urls = parse_goproxy(goproxy).network_urls
        env, timeout = self.scope.env, self.scope.probe_timeout
        self.probes = [self.later(http_probe, url, env, timeout) for url in proxy_urls]
        self.probes += [
            self.later(http_probe, url.rstrip("/") + "/healthz", env, timeout, 512)
            for url in proxy_urls
            if is_loopback_url(url)
        ]

    def start_tool_versions(self, places: GoPlaces) -> None:
        """gopls, dlv, … on PATH or in GOBIN / GOPATH/bin, and ``go version -m`` of each."""
        tool_dirs = [d for d in [places.gobin, *(posixpath.join(p, "bin") for p in places.gopath[:1])] if d]
        tool_lookups = {
            posixpath.join(d, tool): self.later(path_info, posixpath.join(d, tool))
            for d in tool_dirs
            for tool in inventory.TOOL_NAMES
        }
        tool_binaries = [hit for tool in inventory.TOOL_NAMES if (hit := self.resolver.which(tool))]
        for tool_path, future in tool_lookups.items():
            info = future.result()
            self.found.paths.setdefault(tool_path, info)
            if info.exists and info.executable and tool_path not in tool_binaries:
                tool_binaries.append(tool_path)
        self.tool_versions = [
            self.later(self.run, ("go", "version", "-m", binary)) for binary in tool_binaries
        ]

    def windows_profile(self) -> None:
        """The Windows ``.wslconfig`` behind ``cmd.exe /c echo %USERPROFILE%`` (waits for it)."""
        commands, reads = _windows_profile(
            self.core[("cmd.exe", "/c", "echo %USERPROFILE%")].result(), self.run, self.found
        )
        self.late_commands += commands
        self.late_reads += reads

    # -- merge --------------------------------------------------------------------------------------------

    def merge(self) -> _Collection:
        """Wait for every phase and add the results in a fixed order (the first record of a path wins)."""
        found = self.found
        for batch in self.batched_reads:
            for read_result in batch.result():
                found.add_read(read_result)
        for read in self.reads:
            found.add_read(read.result())
        for read_result in self.late_reads:
            found.add_read(read_result)
        for group in (self.statics, self.globs, self.go_paths):
            for paths_future in group:
                found.add_paths(paths_future.result())
        found.commands.extend(future.result() for future in self.core.values())
        found.commands.extend(self.late_commands)
        found.commands.extend(future.result() for future in self.tool_versions)
        found.commands.extend(future.result() for future in self.probes)
        return found


class GoPlaces(NamedTuple):
    """Where the go command keeps things, from ``go env -json`` with go's defaults where it is silent."""

    gopath: tuple[str, ...]
    gobin: str
    gocache: str
    #: The Go env file to read; empty for ``GOENV=off``.
    env_file: str
    #: Directories recorded with free space and owner.
    detail_dirs: tuple[str, ...]
    goproxy: str


def go_places(go_env: Mapping[str, str], env: Mapping[str, str], home: str) -> GoPlaces:
    """``GoPlaces`` from ``go env -json`` (empty when go did not run) and the environment; when go did not
    run, go's own defaults for GOPATH and GOCACHE (nothing is guessed for the others)."""

    def go_var(name: str, default: str = "") -> str:
        return go_env.get(name) or env.get(name) or default

    gopath = tuple(p for p in go_var("GOPATH", go_default("GOPATH", home, env)).split(":") if p)
    gobin = go_var("GOBIN")
    gocache = go_var("GOCACHE", go_default("GOCACHE", home, env))
    env_file = env_file_path(home, env, go_env.get("GOENV")) or ""
    detail = [go_var("GOROOT"), *gopath, gobin, gocache, go_var("GOMODCACHE")]
    detail += [posixpath.join(entry, "bin") for entry in gopath]
    return GoPlaces(
        gopath=gopath,
        gobin=gobin,
        gocache=gocache,
        env_file=env_file,
        detail_dirs=tuple(detail),
        goproxy=go_var("GOPROXY"),
    )


def collect(
    *,
    project: str | None = None,
    offline: bool = False,
    environ: Mapping[str, str] | None = None,
    timeout: float = 5.0,
) -> Evidence:
    """Read this machine into ``Evidence`` (phase 1 and phase 2 of ``inventory``), never raising."""
    env = dict(os.environ if environ is None else environ)
    scope = _Scope(
        env=env,
        home=env.get("HOME") or os.path.expanduser("~"),
        cwd=os.path.abspath(project) if project else os.getcwd(),
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        offline=offline,
        timeout=timeout,
    )
    with ThreadPoolExecutor(max_workers=inventory.COLLECTOR_WORKERS) as pool:
        phases = _Phases(scope, pool)
        phases.path_lookups()
        phases.start_core_commands()
        phases.start_static_reads()
        phases.start_project()
        places = go_places(phases.go_env(), env, scope.home)
        phases.start_go_locations(places)
        phases.start_proxy_probes(places.goproxy)
        phases.start_tool_versions(places)
        phases.windows_profile()
        found = phases.merge()
    return _evidence(scope, found)


def _evidence(scope: _Scope, found: _Collection) -> Evidence:
    meta = Meta(
        created=scope.created,
        wslgo_version=__version__,
        redacted=False,
        cwd=scope.cwd,
        host=_host_meta(),
        offline=scope.offline,
    )
    return Evidence(
        meta=meta,
        env=dict(sorted(scope.env.items())),
        files=dict(sorted(found.files.items())),
        paths=dict(sorted(found.paths.items())),
        # Durations rounded as the bundle stores them, so a written bundle reads back equal.
        commands=tuple(dataclasses.replace(c, duration_s=round(c.duration_s, 4)) for c in found.commands),
    )


def _windows_profile(
    cmd_result: CommandResult,
    run: Callable[[tuple[str, ...]], CommandResult],
    found: _Collection,
) -> tuple[list[CommandResult], list[_Read]]:
    """Read the Windows ``.wslconfig``: ``%USERPROFILE%`` + ``wslpath``, else scan ``/mnt/c/Users``."""
    profile_commands: list[CommandResult] = []
    windows_profile = cmd_result.stdout.strip() if cmd_result.ok else ""
    if _WINDOWS_PATH.match(windows_profile):
        converted = run(("wslpath", "-u", windows_profile))
        profile_commands.append(converted)
        linux_profile = converted.stdout.strip() if converted.ok else ""
        if linux_profile.startswith("/"):
            found.paths.setdefault(linux_profile, path_info(linux_profile))
            return profile_commands, [read_file(posixpath.join(linux_profile, ".wslconfig"))]
    matches = sorted(glob.glob("/mnt/c/Users/*/.wslconfig"))[: inventory.MAX_GLOB_MATCHES]
    return profile_commands, [read_file(match) for match in matches]
