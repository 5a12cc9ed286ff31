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
from wslgo.facts.go import rc_kind, rc_where, tilde
from wslgo.facts.tools import (
    INSTALL_GO_EXTENSION,
    ToolState,
    install_command,
    tool_state,
    vscode_server,
)
from wslgo.facts.wsl import wsl_kind
from wslgo.i18n import N_, Joined, M


def _installed_tool(state: ToolState, missing_status: str) -> list[Finding]:
    """The installed-or-missing finding of one tool."""
    name = state.name
    if state.binary is None:
        if not state.known:
            return [skipped(M("Skipped: PATH lookups for {tool} were not recorded.", tool=name))]
        make = info if missing_status == "info" else warning
        return [
            make(
                M("{tool} is not installed (not on PATH, GOBIN or GOPATH/bin).", tool=name),
                fix=install_command([name]),
                fixable_by="tools",
                changes=(sets("command", "", install_command([name])),),
            )
        ]
    build = state.build
    if build is None:
        return [
            ok(
                M(
                    "{tool} is installed at {path} (no `go version -m` record, so its build is unknown).",
                    tool=name,
                    path=state.binary,
                )
            )
        ]
    version = build.module_version or M("unknown version")
    return [
        ok(
            M(
                "{tool} {version} at {path}, built with {go}.",
                tool=name,
                version=version,
                path=state.binary,
                go=build.go_version_raw,
            )
        )
    ]


@check("TOOL001", N_("Language server gopls installed and current"))
def gopls_current(evidence: Evidence) -> list[Finding]:
    state = tool_state(evidence, "gopls")
    old = state.outdated_for
    if old is None or state.build is None:
        return _installed_tool(state, "warning")
    return [
        warning(
            M(
                "gopls {version} at {path} was built with {built} (`go version -m`), older than the active "
                "{active}: it cannot type-check code that uses {line} features and reports bogus errors.",
                version=state.build.module_version or "",
                path=state.binary,
                built=state.build.go_version_raw,
                active=old.where,
                line=f"go{old.version.line}",
            ),
            fix=install_command(["gopls"]),
            fixable_by="tools",
            changes=(sets("command", "", install_command(["gopls"])),),
        )
    ]


@check("TOOL002", N_("Debugger dlv installed"))
def dlv_installed(evidence: Evidence) -> list[Finding]:
    return _installed_tool(tool_state(evidence, "dlv"), "info")


@check("TOOL003", N_("Linter golangci-lint installed"))
def golangci_installed(evidence: Evidence) -> list[Finding]:
    state = tool_state(evidence, "golangci-lint")
    old = state.outdated_for
    if old is None or state.build is None:
        return _installed_tool(state, "info")
    return [
        warning(
            M(
                "golangci-lint at {path} was built with {built} but {where} says go {version}: golangci-lint "
                "refuses to lint code for a newer Go than it was built with.",
                path=state.binary,
                built=state.build.go_version_raw,
                where=old.where,
                version=old.text,
            ),
            fix=install_command(["golangci-lint"]),
            fixable_by="tools",
            changes=(sets("command", "", install_command(["golangci-lint"])),),
        )
    ]


@check("TOOL004", N_("VS Code Remote - WSL"))
def vscode_remote(evidence: Evidence) -> list[Finding]:
    if not evidence.home:
        return [skipped(M("Skipped: HOME is unknown."))]
    found = vscode_server(evidence)
    if found is None:
        return [skipped(M("Skipped: neither PATH lookups nor ~/.vscode-server were recorded."))]
    parts = [M("code on PATH at {path}", path=found.code) if found.code else M("no `code` on PATH")]
    parts.append(M("~/.vscode-server present") if found.server_present else M("no ~/.vscode-server"))
    parts.append(
        M("Go extension {extension}", extension=found.go_extensions[-1])
        if found.go_extensions
        else M("no Go extension in ~/.vscode-server")
    )
    fix = None
    if not found.go_extensions:
        fix = M("{command}  (run inside WSL, with VS Code's WSL extension)", command=INSTALL_GO_EXTENSION)
    changes = (sets("command", "", INSTALL_GO_EXTENSION),) if fix else ()
    return [
        info(
            M("VS Code Remote: {facts}.", facts=Joined(parts)),
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


@check("TOOL005", N_("Git line endings and git binary"))
def git_setup(evidence: Evidence) -> list[Finding]:
    findings: list[Finding] = []
    kind = wsl_kind(evidence)
    inside_wsl = kind in ("wsl1", "wsl2")
    autocrlf = evidence.command("git", "config", "--get", "core.autocrlf")
    if autocrlf is not None and autocrlf.ok and autocrlf.stdout.strip().lower() == "true":
        place = _gitconfig_line(evidence) or "`git config --get core.autocrlf`"
        findings.append(
            warning(
                M(
                    "core.autocrlf=true ({place}) inside WSL: git checks files out with CRLF, which breaks "
                    "shell scripts and makes gofmt rewrite every line.",
                    place=place,
                )
                if inside_wsl
                else M(
                    "core.autocrlf=true ({place}) on Linux: git checks files out with CRLF, which breaks "
                    "shell scripts and makes gofmt rewrite every line.",
                    place=place,
                ),
                fix="git config --global core.autocrlf input",
            )
        )
    for line in reversed(gofacts.rc_lines(evidence)):
        if line.name == "git" and line.kind in ("alias", "function") and ".exe" in line.value.lower():
            findings.append(
                warning(
                    M(
                        "`git` is a shell {kind} at {where} that runs Windows git.exe ({definition}): it is "
                        "slow on Linux files and writes CRLF/permissions differently.",
                        kind=rc_kind(line.kind),
                        where=rc_where(evidence, line),
                        definition=line.value,
                    ),
                    fix=M(
                        "delete the {kind} at {where}; {command}",
                        kind=rc_kind(line.kind),
                        where=rc_where(evidence, line),
                        command="sudo apt-get install -y git",
                    ),
                )
            )
            break
    linux_git = evidence.which("git")
    windows_git = evidence.which("git.exe")
    if linux_git is None and windows_git is not None:
        findings.append(
            warning(
                M(
                    "No Linux git on PATH, only Windows git.exe at {path}: `go get` and `go mod download` "
                    "with GOPROXY=direct need git inside Linux.",
                    path=windows_git,
                ),
                fix="sudo apt-get install -y git",
            )
        )
    elif linux_git is not None and gofacts.resolve_symlinks(evidence, linux_git).lower().endswith(".exe"):
        findings.append(
            warning(
                M(
                    "git on PATH ({path}) links to a Windows program ({target}).",
                    path=linux_git,
                    target=gofacts.resolve_symlinks(evidence, linux_git),
                ),
                fix=M("{command}  (and remove that link)", command="sudo apt-get install -y git"),
            )
        )
    if findings:
        return findings
    if autocrlf is None and "PATH" not in evidence.env:
        return [
            skipped(M("Skipped: neither `git config --get core.autocrlf` nor PATH lookups were recorded."))
        ]
    if linux_git is None and windows_git is None and "PATH" in evidence.env:
        return [
            info(
                M("git is not installed: `go get` of modules not on a proxy needs it."),
                fix="sudo apt-get install -y git",
            )
        ]
    value = autocrlf.stdout.strip() if autocrlf is not None and autocrlf.ok else M("unset")
    return [
        ok(
            M(
                "git at {path}; core.autocrlf is {value}.",
                path=linux_git or M("unknown path"),
                value=value,
            )
        )
    ]


@check("TOOL006", N_("Docker"))
def docker(evidence: Evidence) -> list[Finding]:
    socket = evidence.path("/var/run/docker.sock")
    desktop = evidence.path("/mnt/wsl/docker-desktop")
    cli = evidence.which("docker")
    if socket is None and desktop is None and "PATH" not in evidence.env:
        return [
            skipped(
                M("Skipped: docker CLI, /var/run/docker.sock and /mnt/wsl/docker-desktop were not recorded.")
            )
        ]
    parts = [M("docker CLI at {path}", path=cli) if cli else M("no docker CLI on PATH")]
    if socket is not None and socket.exists:
        parts.append(M("daemon socket /var/run/docker.sock ({kind})", kind=socket.kind))
    else:
        parts.append(M("no /var/run/docker.sock (daemon not reachable)"))
    if desktop is not None and desktop.exists:
        parts.append(M("Docker Desktop WSL integration present (/mnt/wsl/docker-desktop)"))
    fix = None
    if cli and not (socket is not None and socket.exists):
        fix = M(
            "start Docker Desktop with WSL integration for this distro, or: {command}",
            command="sudo service docker start",
        )
    return [info(M("Docker: {facts}.", facts=Joined(parts)), fix=fix)]
