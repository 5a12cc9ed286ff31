"""GO001–GO006: the go that runs — on PATH, a Linux program, a supported release, one install,
its GOROOT.

Pure functions of the evidence; where a value came from is worked out by ``wslgo.facts.go``.
"""

from __future__ import annotations

import posixpath

from wslgo.checks.go.common import INSTALL_STABLE, go_change
from wslgo.checks.model import Change, Finding, error, info, ok, sets, skipped, warning
from wslgo.checks.registry import check
from wslgo.evidence.model import Evidence
from wslgo.evidence.queries import go_env
from wslgo.facts import go as gofacts
from wslgo.facts.go import rc_where, setting
from wslgo.golang.shellrc import RcLine, definition_lines
from wslgo.golang.version import GoVersion, newest_lines
from wslgo.i18n import M

MIN_SUPPORTED = GoVersion.parse("1.21.0")


def _definition_removed(evidence: Evidence, line: RcLine) -> tuple[Change, ...]:
    """The lines setup's ``shell`` step comments out to remove an alias or function (a file it edits)."""
    text = evidence.text(line.path)
    if text is None or not gofacts.in_setup_rc_file(line):
        return ()
    return tuple(sets("line", str(number), line.path) for number in definition_lines(text, line))


def _wslgo_sdk_first(evidence: Evidence) -> tuple[Change, ...]:
    """After ``wslgo go install``, setup's ``shell`` block puts the SDK's bin directory first on PATH."""
    sdk_bin = gofacts.wslgo_sdk_bin(evidence)
    return (sets("path", "first", sdk_bin),) if sdk_bin else ()


@check("GO001", "Go on PATH")
def go_on_path(evidence: Evidence) -> list[Finding]:
    if "PATH" not in evidence.env:
        return [skipped("Skipped: the environment has no PATH (not recorded).")]
    found = evidence.which("go")
    if found:
        return [ok(f"go found on PATH at {found}.")]
    bin_dir = gofacts.sdk_bin_to_add(evidence)
    if bin_dir is not None:
        return [
            error(
                f"No executable named go in any PATH directory, but a Go SDK exists at "
                f"{posixpath.join(bin_dir, 'go')} (not on PATH).",
                fix=f'add `export PATH="$PATH:{bin_dir}"` to ~/.bashrc once (or run `wslgo setup shell`)',
                fixable_by="shell",
                changes=(sets("path", "", bin_dir),),
            )
        ]
    return [error("No executable named go in any PATH directory (env PATH).", fix=INSTALL_STABLE)]


@check("GO002", "The go that runs is a Linux program")
def go_not_windows(evidence: Evidence) -> list[Finding]:
    if "PATH" not in evidence.env:
        return [skipped("Skipped: the environment has no PATH (not recorded).")]
    resolved = gofacts.winning_go(evidence)
    if resolved.windows:
        if resolved.rc_override is not None:
            line = resolved.rc_override
            removed = _definition_removed(evidence, line)
            return [
                error(
                    f"`go` is a shell {line.kind} at {rc_where(evidence, line)} that runs a Windows program "
                    f"({line.value or line.text}): builds target Windows and read the project over 9P.",
                    fix=f"delete the {line.kind} at {rc_where(evidence, line)} and run `{INSTALL_STABLE}`",
                    fixable_by="shell" if removed else None,
                    changes=removed,
                )
            ]
        first = _wslgo_sdk_first(evidence)
        return [
            error(
                f"The go that runs is a Windows program: {resolved.reason}.",
                fix=(
                    f"{INSTALL_STABLE}, then put its bin directory before "
                    f"{posixpath.dirname(resolved.path or '')} on PATH"
                ),
                fixable_by="shell" if first else None,
                changes=first,
            )
        ]
    exe = evidence.which("go.exe")
    if resolved.path is None and resolved.rc_override is None:
        if exe:
            return [
                info(
                    f"No Linux go on PATH; a Windows Go is reachable only as go.exe at {exe} (a "
                    "bare `go` never "
                    "runs it, but editors and scripts that call go.exe can).",
                    fix=INSTALL_STABLE,
                )
            ]
        return [ok("No go on PATH, so no Windows go can run as `go` (GO001 reports the missing go).")]
    if exe:
        return [
            info(
                f"`go` runs the Linux {resolved.path}; a Windows go.exe is also reachable at {exe} (only "
                "tools that call go.exe explicitly would use it)."
            )
        ]
    if resolved.rc_override is not None:
        line = resolved.rc_override
        return [ok(f"`go` is a shell {line.kind} at {rc_where(evidence, line)} that runs a Linux program.")]
    return [ok(f"The go that runs is the Linux program {resolved.path}.")]


@check("GO003", "Go version is supported")
def go_version_supported(evidence: Evidence) -> list[Finding]:
    found = gofacts.go_version(evidence)
    if found is None:
        return [skipped("Skipped: neither `go version` nor `go env -json` was recorded (or go did not run).")]
    version, raw, source = found
    if version is None:
        return [info(f"{source} reports {raw}, a development build; its release line is unknown.")]
    today = evidence.now.date()
    extra = dict.fromkeys(gofacts.sdk_index_lines(evidence), today)
    lines = newest_lines(today, extra=extra)
    newest = " and ".join(f"go{line}" for line in lines)
    if MIN_SUPPORTED is not None and version < MIN_SUPPORTED:
        return [
            error(
                f"{source} reports {raw}, older than go1.21 (no toolchain switching, no forward-compatible "
                f"go.mod handling); the supported lines are {newest}.",
                fix=INSTALL_STABLE,
            )
        ]
    if version.line not in lines and (not lines or _line_key(version.line) < _line_key(lines[-1])):
        return [
            warning(
                f"{source} reports {raw}: release line go{version.line} is older than the two newest "
                f"({newest}) and gets no security fixes.",
                fix=INSTALL_STABLE,
            )
        ]
    return [ok(f"{source} reports {raw} (supported lines: {newest}).")]


def _line_key(line: str) -> tuple[int, int]:
    major, _, minor = line.partition(".")
    return int(major), int(minor)


@check("GO004", "One Go install on PATH")
def go_installs(evidence: Evidence) -> list[Finding]:
    if "PATH" not in evidence.env:
        return [skipped("Skipped: the environment has no PATH (not recorded).")]
    on_path = evidence.which_all("go")
    roots: dict[str, str] = {}
    for binary in on_path:
        roots.setdefault(gofacts.goroot_of_binary(evidence, binary), binary)
    if len(roots) >= 2:
        winner = on_path[0]
        others = ", ".join(b for b in roots.values() if b != winner)
        return [
            warning(
                f"{len(roots)} Go installs are on PATH; {winner} wins, shadowing {others}.",
                # Which install to keep is the user's choice, and the others may come from files setup
                # does not edit (/etc/profile, the Windows PATH): no setup step makes it.
                fix=M(
                    "keep one Go directory on PATH: remove {others} from the file that adds it",
                    others=others,
                ),
            )
        ]
    known = [
        b for b in gofacts.known_sdk_binaries(evidence) if gofacts.goroot_of_binary(evidence, b) not in roots
    ]
    winner_text = f"{on_path[0]} runs" if on_path else "none of them is on PATH"
    if known:
        return [info(f"Other Go installs exist off PATH: {', '.join(known)}; {winner_text}.")]
    if on_path:
        return [ok(f"One Go install on PATH: {on_path[0]}.")]
    return [ok("No Go install found on PATH or in the usual places (GO001 reports it).")]


@check("GO005", "GOROOT matches the go that runs")
def goroot_matches(evidence: Evidence) -> list[Finding]:
    item = setting(evidence, "GOROOT")
    env_goroot = evidence.env.get("GOROOT")
    if not env_goroot and not (item.origin == "file" and item.value):
        return [ok("GOROOT is not set by the user (the go command finds its own).")]
    user_value, source = (env_goroot, "env GOROOT") if env_goroot else (item.value or "", item.source)
    binary = evidence.which("go")
    if binary is None:
        return [skipped(f"Skipped: GOROOT={user_value} ({source}) but no go on PATH to compare with.")]
    mismatch = gofacts.goroot_mismatch(evidence)
    if mismatch is None:
        return [ok(f"GOROOT={user_value} ({source}) matches the go that runs ({binary}).")]
    fix = "unset GOROOT" if source.startswith("env") else "go env -u GOROOT"
    exports = [line for line in gofacts.rc_lines(evidence) if line.kind == "assign" and line.name == "GOROOT"]
    if source.startswith("env") and exports:
        fix = f"delete `{exports[-1].text}` at {rc_where(evidence, exports[-1])}, then `unset GOROOT`"
    step, changes = go_change(evidence, item, None)
    return [
        error(
            f"GOROOT={user_value} ({source}) but the go that runs is {binary} (its GOROOT is "
            f"{mismatch.own}): it compiles against another release's standard library.",
            fix=fix,
            fixable_by=step,
            changes=changes,
        )
    ]


@check("GO006", "GOROOT on the Linux file system")
def goroot_not_on_mnt(evidence: Evidence) -> list[Finding]:
    values = go_env(evidence).values
    binary = evidence.which("go")
    if values and values.get("GOROOT"):
        goroot, source = values["GOROOT"], "GOROOT in `go env -json`"
    elif binary:
        goroot, source = gofacts.goroot_of_binary(evidence, binary), f"location of {binary}"
    else:
        return [skipped("Skipped: no go on PATH and no `go env -json` recorded.")]
    where = gofacts.windows_drive_location(evidence, goroot)
    if where:
        return [
            warning(
                f"GOROOT {goroot} ({source}): {where}; every build reads the standard library over 9P.",
                fix=f"{INSTALL_STABLE}  (installs under ~/.local/share/wslgo/sdk on ext4)",
                fixable_by="shell" if _wslgo_sdk_first(evidence) else None,
                changes=_wslgo_sdk_first(evidence),
            )
        ]
    return [ok(f"GOROOT {goroot} ({source}) is on the Linux file system.")]
