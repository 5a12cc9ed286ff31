"""TOOL checks: editor, debugger, linters, git and containers around the Go toolchain (SPEC §3).

Tool versions come from the collector's ``go version -m <binary>`` records (argv
``["go", "version", "-m", PATH]``), which name the Go release each tool was built with.
"""

from __future__ import annotations

import posixpath

from wslgo.checks.model import Finding, info, ok, skipped, warning
from wslgo.checks.registry import check
from wslgo.evidence.model import Evidence
from wslgo.evidence.queries import go_env_values
from wslgo.facts import go as gofacts
from wslgo.facts.go import rc_where, tilde
from wslgo.facts.wsl import wsl_kind
from wslgo.golang.buildinfo import BuildInfo, parse_buildinfo
from wslgo.golang.version import GoVersion

#: Installs the Go extension into the WSL side of VS Code (TOOL004's fix, setup ``vscode``'s command).
INSTALL_GO_EXTENSION = "code --install-extension golang.go"


def _tool_binary(evidence: Evidence, name: str) -> tuple[str | None, bool]:
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


def _build_info(evidence: Evidence, binary: str) -> BuildInfo | None:
    result = evidence.command("go", "version", "-m", binary)
    if result is None or not result.ok:
        return None
    return parse_buildinfo(result.stdout)


def _active_go(evidence: Evidence) -> tuple[GoVersion, str] | None:
    found = gofacts.go_version(evidence)
    if found is None or found[0] is None:
        return None
    return found[0], found[1]


def _installed_tool(evidence: Evidence, name: str, install: str, missing_status: str) -> list[Finding]:
    binary, known = _tool_binary(evidence, name)
    if binary is None:
        if not known:
            return [skipped(f"Skipped: PATH lookups for {name} were not recorded.")]
        make = info if missing_status == "info" else warning
        return [
            make(
                f"{name} is not installed (not on PATH, GOBIN or GOPATH/bin).",
                fix=install,
                fixable_by="tools",
            )
        ]
    build = _build_info(evidence, binary)
    if build is None:
        return [ok(f"{name} is installed at {binary} (no `go version -m` record, so its build is unknown).")]
    version = build.module_version or "unknown version"
    return [ok(f"{name} {version} at {binary}, built with {build.go_version_raw}.")]


def _installed_build(
    evidence: Evidence, name: str, install: str, missing_status: str
) -> tuple[list[Finding], str | None, BuildInfo | None]:
    """The installed-or-missing finding of ``name``, its binary and its ``go version -m`` record."""
    findings = _installed_tool(evidence, name, install, missing_status)
    binary, _ = _tool_binary(evidence, name)
    return findings, binary, _build_info(evidence, binary) if binary is not None else None


@check("TOOL001", "Language server gopls installed and current")
def gopls_current(evidence: Evidence) -> list[Finding]:
    install = "wslgo tools install gopls"
    findings, binary, build = _installed_build(evidence, "gopls", install, "warning")
    active = _active_go(evidence)
    if binary is None or build is None or build.go_version is None or active is None:
        return findings
    built = build.go_version
    if (built.major, built.minor) < (active[0].major, active[0].minor):
        return [
            warning(
                f"gopls {build.module_version or ''} at {binary} was built with {build.go_version_raw} "
                f"(`go version -m`), older than the active {active[1]}: it cannot type-check code that uses "
                f"go{active[0].line} features and reports bogus errors.",
                fix=install,
                fixable_by="tools",
            )
        ]
    return findings


@check("TOOL002", "Debugger dlv installed")
def dlv_installed(evidence: Evidence) -> list[Finding]:
    return _installed_tool(evidence, "dlv", "wslgo tools install dlv", "info")


@check("TOOL003", "Linter golangci-lint installed")
def golangci_installed(evidence: Evidence) -> list[Finding]:
    install = "wslgo tools install golangci-lint"
    findings, binary, build = _installed_build(evidence, "golangci-lint", install, "info")
    found = gofacts.project_gomod(evidence)
    if binary is None or build is None or build.go_version is None or found is None or not found[1].go:
        return findings
    wanted = GoVersion.parse(found[1].go)
    built = build.go_version
    if wanted is not None and (built.major, built.minor) < (wanted.major, wanted.minor):
        return [
            warning(
                f"golangci-lint at {binary} was built with {build.go_version_raw} but "
                f"{tilde(evidence, found[0])}:{found[1].go_line} says go {found[1].go}: "
                "golangci-lint refuses "
                "to lint code for a newer Go than it was built with.",
                fix=install,
                fixable_by="tools",
            )
        ]
    return findings


def tools_to_install(evidence: Evidence) -> list[tuple[str, Finding]]:
    """``(tool, finding)`` for each tool whose TOOL001–TOOL003 check asks for ``wslgo tools install``.

    Setup's ``tools`` step is built on this, so it suggests exactly the installs doctor asks for: a tool
    that is missing, or built with a Go older than the active one (gopls) or the project's (golangci-lint).
    """
    needs: list[tuple[str, Finding]] = []
    for name, run in (
        ("gopls", gopls_current),
        ("dlv", dlv_installed),
        ("golangci-lint", golangci_installed),
    ):
        asking = next((finding for finding in run(evidence) if finding.fixable_by == "tools"), None)
        if asking is not None:
            needs.append((name, asking))
    return needs


def go_extension_missing(evidence: Evidence) -> bool:
    """TOOL004's condition for ``code --install-extension golang.go`` (read by setup's ``vscode`` step)."""
    return any(finding.fixable_by == "vscode" for finding in vscode_remote(evidence))


@check("TOOL004", "VS Code Remote - WSL")
def vscode_remote(evidence: Evidence) -> list[Finding]:
    home = evidence.home
    if not home:
        return [skipped("Skipped: HOME is unknown.")]
    server = evidence.path(posixpath.join(home, ".vscode-server"))
    code = evidence.which("code")
    if server is None and "PATH" not in evidence.env:
        return [skipped("Skipped: neither PATH lookups nor ~/.vscode-server were recorded.")]
    extensions_dir = posixpath.join(home, ".vscode-server", "extensions")
    go_extensions = sorted(
        posixpath.basename(p)
        for p, seen in evidence.paths_under(extensions_dir)
        if posixpath.basename(p).startswith("golang.go-") and seen.exists
    )
    parts = [f"code on PATH at {code}" if code else "no `code` on PATH"]
    parts.append(
        "~/.vscode-server present" if server is not None and server.exists else "no ~/.vscode-server"
    )
    parts.append(
        f"Go extension {go_extensions[-1]}" if go_extensions else "no Go extension in ~/.vscode-server"
    )
    fix = None
    if not go_extensions:
        fix = f"{INSTALL_GO_EXTENSION}  (run inside WSL, with VS Code's WSL extension)"
    return [info("VS Code Remote: " + "; ".join(parts) + ".", fix=fix, fixable_by="vscode" if fix else None)]


def _gitconfig_line(evidence: Evidence) -> str | None:
    """Where core.autocrlf is set in the user's git config (file:line), for the message."""
    if not evidence.home:
        return None
    for relative in (".gitconfig", ".config/git/config"):
        path = posixpath.join(evidence.home, relative)
        text = evidence.text(path)
        if text is None:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip().lower().replace(" ", "").startswith("autocrlf="):
                return f"{tilde(evidence, path)}:{number}"
    return None


@check("TOOL005", "Git line endings and git binary")
def git_setup(evidence: Evidence) -> list[Finding]:
    findings: list[Finding] = []
    kind = wsl_kind(evidence)
    where_wsl = "inside WSL" if kind in ("wsl1", "wsl2") else "on Linux"
    autocrlf = evidence.command("git", "config", "--get", "core.autocrlf")
    if autocrlf is not None and autocrlf.ok and autocrlf.stdout.strip().lower() == "true":
        place = _gitconfig_line(evidence) or "`git config --get core.autocrlf`"
        findings.append(
            warning(
                f"core.autocrlf=true ({place}) {where_wsl}: git checks files out with CRLF, which "
                "breaks shell "
                "scripts and makes gofmt rewrite every line.",
                fix="git config --global core.autocrlf input",
            )
        )
    for line in reversed(gofacts.rc_lines(evidence)):
        if line.name == "git" and line.kind in ("alias", "function") and ".exe" in line.value.lower():
            findings.append(
                warning(
                    f"`git` is a shell {line.kind} at {rc_where(evidence, line)} that runs Windows git.exe "
                    f"({line.value}): it is slow on Linux files and writes CRLF/permissions differently.",
                    fix=f"delete the {line.kind} at {rc_where(evidence, line)}; sudo apt-get install -y git",
                )
            )
            break
    linux_git = evidence.which("git")
    windows_git = evidence.which("git.exe")
    if linux_git is None and windows_git is not None:
        findings.append(
            warning(
                f"No Linux git on PATH, only Windows git.exe at {windows_git}: `go get` and `go mod "
                "download` "
                "with GOPROXY=direct need git inside Linux.",
                fix="sudo apt-get install -y git",
            )
        )
    elif linux_git is not None and gofacts.resolve_symlinks(evidence, linux_git).lower().endswith(".exe"):
        findings.append(
            warning(
                f"git on PATH ({linux_git}) links to a Windows program "
                f"({gofacts.resolve_symlinks(evidence, linux_git)}).",
                fix="sudo apt-get install -y git  (and remove that link)",
            )
        )
    if findings:
        return findings
    if autocrlf is None and "PATH" not in evidence.env:
        return [skipped("Skipped: neither `git config --get core.autocrlf` nor PATH lookups were recorded.")]
    if linux_git is None and windows_git is None and "PATH" in evidence.env:
        return [
            info(
                "git is not installed: `go get` of modules not on a proxy needs it.",
                fix="sudo apt-get install -y git",
            )
        ]
    value = autocrlf.stdout.strip() if autocrlf is not None and autocrlf.ok else "unset"
    return [ok(f"git at {linux_git or 'unknown path'}; core.autocrlf is {value}.")]


@check("TOOL006", "Docker")
def docker(evidence: Evidence) -> list[Finding]:
    socket = evidence.path("/var/run/docker.sock")
    desktop = evidence.path("/mnt/wsl/docker-desktop")
    cli = evidence.which("docker")
    if socket is None and desktop is None and "PATH" not in evidence.env:
        return [
            skipped(
                "Skipped: docker CLI, /var/run/docker.sock and /mnt/wsl/docker-desktop were not recorded."
            )
        ]
    parts = [f"docker CLI at {cli}" if cli else "no docker CLI on PATH"]
    if socket is not None and socket.exists:
        parts.append(f"daemon socket /var/run/docker.sock ({socket.kind})")
    else:
        parts.append("no /var/run/docker.sock (daemon not reachable)")
    if desktop is not None and desktop.exists:
        parts.append("Docker Desktop WSL integration present (/mnt/wsl/docker-desktop)")
    fix = None
    if cli and not (socket is not None and socket.exists):
        fix = "start Docker Desktop with WSL integration for this distro, or: sudo service docker start"
    return [info("Docker: " + "; ".join(parts) + ".", fix=fix)]
