"""Run ``go install PKG@VERSION`` and ``go version -m``: the process edge of ``wslgo tools``.

Choosing *what* to install is pure (``wslgo.tools.catalog``); this module only talks to the go command
that wins on PATH (or the one named explicitly), so the version decision and the build use the same Go.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from wslgo.errors import UsageError, WslgoError
from wslgo.golang.buildinfo import BuildInfo, parse_buildinfo
from wslgo.golang.goenv import GoEnvError, parse_go_env_json
from wslgo.golang.version import GoVersion
from wslgo.process import run_command
from wslgo.tools.catalog import Tool, ToolRelease

#: ``go install`` of a large tool (gopls, golangci-lint) compiles hundreds of packages: minutes, not seconds.
INSTALL_TIMEOUT_S = 1800.0
_REQUIRES_GO = re.compile(r"requires go >= ?(?P<version>[0-9][0-9a-z.]*)")


@dataclass(frozen=True)
class GoToolchain:
    """The go command wslgo drives and what ``go env`` says about it."""

    go: str
    version: GoVersion
    raw_version: str
    gopath: str
    gobin: str
    goroot: str = ""

    @property
    def real_go(self) -> Path:
        """``GOROOT/bin/go``: the binary itself, even when ``go`` on PATH is a wrapper script."""
        candidate = Path(self.goroot) / "bin" / "go"
        return candidate if self.goroot and candidate.is_file() else Path(self.go)

    @property
    def install_dir(self) -> Path:
        """Where ``go install`` puts binaries: GOBIN, else the first GOPATH entry's ``bin``."""
        if self.gobin:
            return Path(self.gobin)
        first = self.gopath.split(os.pathsep)[0] if self.gopath else ""
        return Path(first or Path.home() / "go") / "bin"


@dataclass(frozen=True)
class InstallResult:
    tool: Tool
    release: ToolRelease
    ok: bool
    duration_s: float
    message: str = ""
    installed: BuildInfo | None = None
    #: Set when the go command refused because the module needs a newer Go.
    required_go: str | None = None


def find_go(explicit: str | None = None, env: Mapping[str, str] | None = None) -> str:
    """The go command that wins: ``explicit`` if given, else ``go`` on PATH."""
    environ = os.environ if env is None else env
    if explicit:
        if not Path(explicit).is_file():
            raise UsageError(f"--go {explicit}: no such file (expected the path of a go binary)")
        if not os.access(explicit, os.X_OK):
            raise UsageError(f"--go {explicit}: not executable (expected the path of a go binary)")
        return explicit
    found = shutil.which("go", path=environ.get("PATH"))
    if not found:
        raise WslgoError("no 'go' on PATH; install one with 'wslgo go install' or name it with --go FILE")
    return found


def probe_go(go: str, env: Mapping[str, str] | None = None) -> GoToolchain:
    """Ask ``go env -json`` for the version and install directories."""
    result = run_command([go, "env", "-json", "GOVERSION", "GOPATH", "GOBIN", "GOROOT"], timeout=60, env=env)
    if result.rc != 0:
        detail = (result.stderr or result.error or "").strip().splitlines()
        raise WslgoError(f"{go} env -json failed: {detail[-1] if detail else f'exit {result.rc}'}")
    try:
        values = parse_go_env_json(result.stdout)
    except GoEnvError as exc:
        raise WslgoError(f"{go}: {exc}") from None
    raw = values.get("GOVERSION", "")
    version = GoVersion.parse(raw.split(" ", 1)[0].split("-", 1)[0])
    if version is None:
        raise WslgoError(f"{go}: cannot tell the Go version from GOVERSION={raw!r}")
    return GoToolchain(
        go,
        version,
        raw,
        values.get("GOPATH", ""),
        values.get("GOBIN", ""),
        values.get("GOROOT", ""),
    )


def parse_requests(names: Sequence[str]) -> list[tuple[str, str | None]]:
    """``["gopls", "dlv@v1.24.2"]`` → ``[("gopls", None), ("dlv", "v1.24.2")]``."""
    requests: list[tuple[str, str | None]] = []
    for name in names:
        tool, at, version = name.partition("@")
        if not tool or (at and not version):
            raise UsageError(f"invalid tool {name!r}: expected NAME or NAME@VERSION")
        requests.append((tool, version or None))
    return requests


def install_tool(
    toolchain: GoToolchain,
    tool: Tool,
    release: ToolRelease,
    *,
    gobin: Path,
    env: Mapping[str, str] | None = None,
    timeout: float = INSTALL_TIMEOUT_S,
) -> InstallResult:
    """``GOBIN=gobin go install tool.package@release.version``, then read back what was installed."""
    environ = dict(os.environ if env is None else env)
    environ["GOBIN"] = str(gobin)
    gobin.mkdir(parents=True, exist_ok=True)
    spec = f"{tool.package}@{release.version}"
    result = run_command([toolchain.go, "install", spec], timeout=timeout, env=environ)
    if result.rc != 0:
        output = (result.stderr or result.stdout or result.error or "").strip()
        required = _REQUIRES_GO.search(output)
        lines = [line for line in output.splitlines() if line.strip()]
        message = lines[-1] if lines else f"exit {result.rc if result.rc is not None else result.error}"
        return InstallResult(
            tool,
            release,
            False,
            result.duration_s,
            message,
            required_go=required["version"] if required else None,
        )
    info = read_buildinfo(toolchain, gobin / tool.binary_name, env=environ)
    return InstallResult(tool, release, True, result.duration_s, spec, info)


def read_buildinfo(
    toolchain: GoToolchain, binary: Path, env: Mapping[str, str] | None = None
) -> BuildInfo | None:
    """``go version -m binary`` parsed; ``None`` when the file is absent or not a Go binary."""
    if not binary.is_file():
        return None
    result = run_command([toolchain.go, "version", "-m", str(binary)], timeout=60, env=env)
    if result.rc != 0:
        return None
    return parse_buildinfo(result.stdout)


def installed_tools(
    toolchain: GoToolchain, tools: Sequence[Tool], gobin: Path, env: Mapping[str, str] | None = None
) -> dict[str, BuildInfo | None]:
    """The build info of each tool's binary in ``gobin`` (``None``: not installed there)."""
    return {tool.name: read_buildinfo(toolchain, gobin / tool.binary_name, env=env) for tool in tools}
