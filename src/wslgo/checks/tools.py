"""TOOL checks: editor, debugger, linters, git and containers around the Go toolchain (SPEC §3).

Whether a tool is installed and current is a fact of ``wslgo.facts.tools`` (setup's ``tools`` and
``vscode`` steps act on the same facts); these checks turn the facts into findings.
"""

from __future__ import annotations

import posixpath

from wslgo.checks.model import Finding, info, ok, sets, skipped, warning
from wslgo.checks.registry import check
from wslgo.evidence.model import Evidence
from wslgo.facts import go as gofacts
from wslgo.facts.go import rc_where, tilde
from wslgo.facts.tools import (
    INSTALL_GO_EXTENSION,
    ToolState,
    install_command,
    tool_state,
    vscode_server,
)
from wslgo.facts.wsl import wsl_kind


def _installed_tool(state: ToolState, missing_status: str) -> list[Finding]:
    """The installed-or-missing finding of one tool."""
    name = state.name
    if state.binary is None:
        if not state.known:
            return [skipped(f"Skipped: PATH lookups for {name} were not recorded.")]
        make = info if missing_status == "info" else warning
        return [
            make(
                f"{name} is not installed (not on PATH, GOBIN or GOPATH/bin).",
                fix=install_command([name]),
                fixable_by="tools",
                changes=(sets("command", "", install_command([name])),),
            )
        ]
    build = state.build
    if build is None:
        return [
            ok(f"{name} is installed at {state.binary} (no `go version -m` record, so its build is unknown).")
        ]
    version = build.module_version or "unknown version"
    return [ok(f"{name} {version} at {state.binary}, built with {build.go_version_raw}.")]


@check("TOOL001", "Language server gopls installed and current")
def gopls_current(evidence: Evidence) -> list[Finding]:
    state = tool_state(evidence, "gopls")
    old = state.outdated_for
    if old is None or state.build is None:
        return _installed_tool(state, "warning")
    return [
        warning(
            f"gopls {state.build.module_version or ''} at {state.binary} was built with "
            f"{state.build.go_version_raw} (`go version -m`), older than the active {old.where}: it cannot "
            f"type-check code that uses go{old.version.line} features and reports bogus errors.",
            fix=install_command(["gopls"]),
            fixable_by="tools",
            changes=(sets("command", "", install_command(["gopls"])),),
        )
    ]


@check("TOOL002", "Debugger dlv installed")
def dlv_installed(evidence: Evidence) -> list[Finding]:
    return _installed_tool(tool_state(evidence, "dlv"), "info")


@check("TOOL003", "Linter golangci-lint installed")
def golangci_installed(evidence: Evidence) -> list[Finding]:
    state = tool_state(evidence, "golangci-lint")
    old = state.outdated_for
    if old is None or state.build is None:
        return _installed_tool(state, "info")
    return [
        warning(
            f"golangci-lint at {state.binary} was built with {state.build.go_version_raw} but "
            f"{old.where} says go {old.text}: golangci-lint refuses to lint code for a newer Go than it was "
            "built with.",
            fix=install_command(["golangci-lint"]),
            fixable_by="tools",
            changes=(sets("command", "", install_command(["golangci-lint"])),),
        )
    ]


@check("TOOL004", "VS Code Remote - WSL")
def vscode_remote(evidence: Evidence) -> list[Finding]:
    if not evidence.home:
        return [skipped("Skipped: HOME is unknown.")]
    found = vscode_server(evidence)
    if found is None:
        return [skipped("Skipped: neither PATH lookups nor ~/.vscode-server were recorded.")]
    parts = [f"code on PATH at {found.code}" if found.code else "no `code` on PATH"]
    parts.append("~/.vscode-server present" if found.server_present else "no ~/.vscode-server")
    parts.append(
        f"Go extension {found.go_extensions[-1]}"
        if found.go_extensions
        else "no Go extension in ~/.vscode-server"
    )
    fix = None
    if not found.go_extensions:
        fix = f"{INSTALL_GO_EXTENSION}  (run inside WSL, with VS Code's WSL extension)"
    changes = (sets("command", "", INSTALL_GO_EXTENSION),) if fix else ()
    return [
        info(
            "VS Code Remote: " + "; ".join(parts) + ".",
            fix=fix,
            fixable_by="vscode" if fix else None,
            changes=changes,
        )
    ]


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
