"""What the collector reads: the contract between the collector and the checks.

Checks may only rely on evidence listed here (or derived by the collector's second phase, described
below). A check that needs something new adds it here first. Paths starting with ``~`` are relative to
``$HOME``; ``{GOENV}`` etc. are filled from ``go env -json`` in phase 2.

Phase 1 (in parallel): environment, ``STATIC_FILES``, ``STATIC_PATHS`` (lstat), ``GLOBS`` (each match
lstat-ed), PATH lookups (every directory on ``$PATH`` × ``PATH_LOOKUP_NAMES``), ``CORE_COMMANDS``.

Phase 2 (needs phase-1 output, in parallel):
- from ``go env -json``: lstat (with ``writable``, ``uid``, ``free_bytes``, ``mtime``) of GOROOT, GOPATH
  entries, GOPATH/bin, GOBIN, GOCACHE, GOMODCACHE, GOENV's file; read the file ``GOENV`` (default
  ``~/.config/go/env``) and ``GOCACHE/trim.txt``; ``mtime`` of GOCACHE's newest top-level entries (bounded);
- the project (``meta.cwd`` or ``--project``): walk up to the first ``go.mod`` and read it (and ``go.work``
  beside it); read ``PROJECT_FILES`` in the project dir; lstat the project dir and its top-level entries
  (bounded, with ``mtime``);
- the Windows profile: ``cmd.exe /c echo %USERPROFILE%`` (cwd ``/mnt/c``) → ``wslpath -u <that>`` →
  read ``<profile>/.wslconfig``; when interop is unavailable, scan ``/mnt/c/Users/*/.wslconfig``;
- tools: ``go version -m <path>`` for each of gopls, dlv, golangci-lint, staticcheck found on PATH or in
  GOBIN / GOPATH/bin;
- network (unless offline): one ``http-probe`` per GOPROXY URL (argv ``["http-probe", URL]``, rc = HTTP
  status, error "timeout"/"connect-failed"/…), 3 s timeout; for a loopback GOPROXY URL also
  ``["http-probe", URL.rstrip("/") + "/healthz"]`` with the start of the body in ``stdout`` (NET003 tells
  the wslgo proxy, whose health JSON says ``"service": "wslgo-proxy"``, from another local server).
"""

from __future__ import annotations

from wslgo.evidence.model import PATH_LOOKUP_NAMES

#: Files read verbatim (size-capped) when present.
STATIC_FILES: tuple[str, ...] = (
    "/proc/version",
    "/proc/sys/kernel/osrelease",
    "/proc/self/mounts",
    "/proc/meminfo",
    "/proc/cpuinfo",
    "/proc/1/comm",
    "/etc/os-release",
    "/usr/lib/os-release",
    "/etc/wsl.conf",
    "/etc/resolv.conf",
    "/etc/fstab",
    "/var/lib/dpkg/status",
    "~/.bashrc",
    "~/.bash_profile",
    "~/.bash_login",
    "~/.profile",
    "~/.zshrc",
    "~/.zprofile",
    "~/.zshenv",
    "~/.config/fish/config.fish",
    "~/.gitconfig",
    "~/.config/git/config",
    "~/.netrc",
    # The SDK manager's cached go.dev index: GO003 learns release lines newer than its built-in table.
    "{WSLGO_HOME}/go-index.json",
)

#: Files read relative to the project directory: the VS Code files setup's ``vscode`` step merges into.
PROJECT_FILES: tuple[str, ...] = (".vscode/launch.json", ".vscode/settings.json")

#: Paths whose existence/kind matters (lstat only).
STATIC_PATHS: tuple[str, ...] = (
    "/proc/sys/fs/binfmt_misc/WSLInterop",
    "/proc/sys/fs/binfmt_misc/WSLInterop-late",
    "/run/WSL",
    "/init",
    "/mnt/wsl",
    "/mnt/wslg",
    "/mnt/wslg/runtime-dir",
    "/mnt/wsl/docker-desktop",
    "/dev/dxg",
    "/usr/lib/wsl/lib",
    "/usr/lib/wsl/lib/nvidia-smi",
    "/usr/local/go",
    "/usr/local/go/bin/go",
    "/var/run/docker.sock",
    "/etc/resolv.conf",
    "/mnt/c",
    "~/go",
    "~/go/bin",
    "~/.vscode-server",
    "~/.vscode-server/extensions",
    "~/sdk",
)

#: Glob patterns expanded at collection time; each match is lstat-ed (bounded number of matches).
GLOBS: tuple[str, ...] = (
    "/usr/lib/go-*/bin/go",
    "/usr/lib/golang/bin/go",
    "/snap/bin/go",
    "~/sdk/go*/bin/go",
    "~/.go/bin/go",
    "~/.goenv/versions/*/bin/go",
    "{WSLGO_HOME}/sdk/*/bin/go",
    "/usr/lib/wsl/lib/libcuda.so*",
    "/usr/lib/x86_64-linux-gnu/libcuda.so*",
    "/usr/lib/aarch64-linux-gnu/libcuda.so*",
    "/usr/lib64/libcuda.so*",
    "~/.vscode-server/extensions/golang.go-*",
    "/mnt/c/Users/*/.wslconfig",
)

#: Commands run in phase 1, exact argv (SPEC §2 core set). ``go`` is the one that wins on PATH.
CORE_COMMANDS: tuple[tuple[str, ...], ...] = (
    ("go", "env", "-json"),
    ("go", "version"),
    ("wsl.exe", "--version"),
    ("git", "config", "--get", "core.autocrlf"),
    (
        "powershell.exe",
        "-NoProfile",
        "-NonInteractive",
        "-Command",
        "Get-CimInstance Win32_ComputerSystem | Select-Object TotalPhysicalMemory,NumberOfLogicalProcessors "
        "| ConvertTo-Json",
    ),
    ("cmd.exe", "/c", "echo %USERPROFILE%"),
)

#: Largest file the collector stores; bigger files are recorded in paths with error "too-large".
MAX_FILE_BYTES = 8 * 1024 * 1024

#: Most matches recorded per glob pattern (a ``/mnt/c/Users/*`` scan must not list a whole disk).
MAX_GLOB_MATCHES = 64

#: Tools whose build info (``go version -m``) is recorded when found on PATH, in GOBIN or GOPATH/bin.
TOOL_NAMES: tuple[str, ...] = ("gopls", "dlv", "golangci-lint", "staticcheck")

#: Newest top-level entries of GOCACHE and of the project recorded with ``mtime`` (clock-drift check),
#: and how many directory entries are looked at at most to find them (a project on 9P can be huge).
GOCACHE_ENTRIES_LIMIT = 8
PROJECT_ENTRIES_LIMIT = 16
DIR_SCAN_LIMIT = 512

#: Timeout of one GOPROXY reachability probe (SPEC §3, NET001).
HTTP_PROBE_TIMEOUT_S = 3.0

#: Worker threads of the collector: commands wait on subprocesses and 9P round trips, not on the CPU.
COLLECTOR_WORKERS = 16

#: Environment variables that matter to checks (the collector records the whole environment anyway).
INTERESTING_ENV_PREFIXES: tuple[str, ...] = ("GO", "CGO_", "WSL", "HTTP", "NO_PROXY", "DISPLAY", "WAYLAND")

__all__ = [
    "COLLECTOR_WORKERS",
    "CORE_COMMANDS",
    "DIR_SCAN_LIMIT",
    "GLOBS",
    "GOCACHE_ENTRIES_LIMIT",
    "HTTP_PROBE_TIMEOUT_S",
    "INTERESTING_ENV_PREFIXES",
    "MAX_FILE_BYTES",
    "MAX_GLOB_MATCHES",
    "PATH_LOOKUP_NAMES",
    "PROJECT_ENTRIES_LIMIT",
    "STATIC_FILES",
    "STATIC_PATHS",
    "TOOL_NAMES",
]
