"""Facts about the tools around the Go toolchain: where gopls, dlv and golangci-lint are, what built them,
and whether ``wslgo tools install`` is due; whether VS Code's Go extension is in ``~/.vscode-server``.

Doctor's TOOL001–TOOL004 render these facts as findings and setup's ``tools``/``vscode`` steps act on the
same ones, so ``doctor --fix`` and ``wslgo setup tools`` always ask for the same installs. Tool versions come
from the collector's ``go version -m <binary>`` records (argv ``["go", "version", "-m", PATH]``), which name
the Go release each tool was built with.
"""

from __future__ import annotations

import posixpath
from typing import NamedTuple

from wslgo.evidence.model import Evidence
from wslgo.evidence.queries import go_env_values
from wslgo.facts import go as gofacts
from wslgo.golang.buildinfo import BuildInfo, parse_buildinfo
from wslgo.golang.version import GoVersion

#: Installs the Go extension into the WSL side of VS Code (TOOL004's fix, setup ``vscode``'s command).
INSTALL_GO_EXTENSION = "code --install-extension golang.go"
#: The tools ``wslgo tools install`` manages that doctor checks, in the order they are reported.
CHECKED_TOOLS: tuple[str, ...] = ("gopls", "dlv", "golangci-lint")


def install_command(names: list[str] | tuple[str, ...]) -> str:
    """The one command that installs ``names`` (doctor's fix for one tool, setup's for all it found)."""
    return "wslgo tools install " + " ".join(names)


def tool_binary(evidence: Evidence, name: str) -> tuple[str | None, bool]:
    """Where ``name`` is installed (PATH first, then GOBIN / GOPATH/bin), and whether that is known."""
    hit = evidence.which(name)
    if hit:
        return hit, True
    values = go_env_values(evidence)
    dirs = [values.get("GOBIN", "")] + [
        posixpath.join(p, "bin") for p in values.get("GOPATH", "").split(":") if p
    ]
    if evidence.home:
        dirs.append(posixpath.join(evidence.home, "go", "bin"))
    known = "PATH" in evidence.env
    for directory in dict.fromkeys(d for d in dirs if d):
        seen = evidence.path(posixpath.join(directory, name))
        if seen is not None:
            known = True
            if seen.exists and seen.executable:
                return posixpath.join(directory, name), True
    return None, known


def build_info(evidence: Evidence, binary: str) -> BuildInfo | None:
    """The recorded ``go version -m`` of ``binary``; ``None`` when it was not run or failed."""
    result = evidence.command("go", "version", "-m", binary)
    if result is None or not result.ok:
        return None
    return parse_buildinfo(result.stdout)


def active_go(evidence: Evidence) -> tuple[GoVersion, str] | None:
    """The release of the go that runs and its raw version text, when known."""
    found = gofacts.go_version(evidence)
    if found is None or found[0] is None:
        return None
    return found[0], found[1]


class GoRequirement(NamedTuple):
    """The Go release a tool must be built with at least, and who asks for it."""

    version: GoVersion
    #: ``"active"`` (the go that runs: gopls must type-check its language) or ``"project"`` (go.mod's
    #: ``go`` line: golangci-lint refuses code for a newer Go than its own).
    by: str
    #: For messages: ``go1.27.3`` or ``~/src/hello/go.mod:3``.
    where: str
    text: str


def _requirement(evidence: Evidence, name: str) -> GoRequirement | None:
    if name == "gopls":
        active = active_go(evidence)
        return GoRequirement(active[0], "active", active[1], active[1]) if active else None
    if name == "golangci-lint":
        found = gofacts.project_gomod(evidence)
        if found is None or not found[1].go:
            return None
        wanted = GoVersion.parse(found[1].go)
        where = f"{gofacts.tilde(evidence, found[0])}:{found[1].go_line}"
        return GoRequirement(wanted, "project", where, found[1].go) if wanted else None
    return None


class ToolState(NamedTuple):
    """One tool as the evidence shows it."""

    name: str
    binary: str | None
    #: False when neither PATH nor the Go bin directories were recorded (the tool may exist).
    known: bool
    build: BuildInfo | None
    #: Set when the tool was built with a Go older than this requirement (it needs a rebuild).
    outdated_for: GoRequirement | None = None

    @property
    def missing(self) -> bool:
        return self.binary is None and self.known

    @property
    def needs_install(self) -> bool:
        """``wslgo tools install`` is due: the tool is known to be missing, or built with a too-old Go."""
        return self.missing or self.outdated_for is not None


def tool_state(evidence: Evidence, name: str) -> ToolState:
    binary, known = tool_binary(evidence, name)
    build = build_info(evidence, binary) if binary is not None else None
    requirement = _requirement(evidence, name)
    built = build.go_version if build is not None else None
    outdated = (
        requirement
        if requirement is not None
        and built is not None
        and (built.major, built.minor) < (requirement.version.major, requirement.version.minor)
        else None
    )
    return ToolState(name, binary, known, build, outdated)


def tools_to_install(evidence: Evidence) -> list[ToolState]:
    """The checked tools that need ``wslgo tools install`` (missing, or built with a too-old Go)."""
    return [state for name in CHECKED_TOOLS if (state := tool_state(evidence, name)).needs_install]


class VscodeServer(NamedTuple):
    """VS Code's WSL side: the ``code`` shim, ``~/.vscode-server`` and the Go extensions installed there."""

    code: str | None
    server_present: bool
    go_extensions: tuple[str, ...]


def vscode_server(evidence: Evidence) -> VscodeServer | None:
    """What the evidence shows of VS Code's WSL side; ``None`` when nothing about it was recorded."""
    home = evidence.home
    if not home:
        return None
    server = evidence.path(posixpath.join(home, ".vscode-server"))
    if server is None and "PATH" not in evidence.env:
        return None
    extensions_dir = posixpath.join(home, ".vscode-server", "extensions")
    go_extensions = sorted(
        posixpath.basename(p)
        for p, seen in evidence.paths_under(extensions_dir)
        if posixpath.basename(p).startswith("golang.go-") and seen.exists
    )
    return VscodeServer(evidence.which("code"), server is not None and server.exists, tuple(go_extensions))


def go_extension_missing(evidence: Evidence) -> bool:
    """TOOL004's condition for ``code --install-extension golang.go`` (setup's ``vscode`` step acts on it)."""
    found = vscode_server(evidence)
    return found is not None and not found.go_extensions
