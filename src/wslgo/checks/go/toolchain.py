"""GO001–GO006: the go that runs — on PATH, a Linux program, a supported release, one install,
its GOROOT.

Pure functions of the evidence; where a value came from is worked out by ``wslgo.facts.go``.
"""

from __future__ import annotations

import posixpath

from wslgo.checks.go.common import INSTALL_STABLE, add_to_path, go_change
from wslgo.checks.model import Change, Finding, error, info, ok, sets, skipped, warning
from wslgo.checks.registry import check
from wslgo.evidence.model import Evidence
from wslgo.evidence.queries import go_env
from wslgo.facts import go as gofacts
from wslgo.facts.go import rc_kind, rc_where, setting
from wslgo.golang.shellrc import RcLine, definition_lines
from wslgo.golang.version import GoVersion, newest_lines
from wslgo.i18n import N_, M

MIN_SUPPORTED = GoVersion.parse("1.21.0")
NO_PATH = M("Skipped: the environment has no PATH (not recorded).")


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


@check("GO001", N_("Go on PATH"))
def go_on_path(evidence: Evidence) -> list[Finding]:
    if "PATH" not in evidence.env:
        return [skipped(NO_PATH)]
    found = evidence.which("go")
    if found:
        return [ok(M("go found on PATH at {path}.", path=found))]
    bin_dir = gofacts.sdk_bin_to_add(evidence)
    if bin_dir is not None:
        return [
            error(
                M(
                    "No executable named go in any PATH directory, but a Go SDK exists at {path} (not on "
                    "PATH).",
                    path=posixpath.join(bin_dir, "go"),
                ),
                fix=add_to_path(bin_dir),
                fixable_by="shell",
                changes=(sets("path", "", bin_dir),),
            )
        ]
    return [error(M("No executable named go in any PATH directory (env PATH)."), fix=INSTALL_STABLE)]


@check("GO002", N_("The go that runs is a Linux program"))
def go_not_windows(evidence: Evidence) -> list[Finding]:
    if "PATH" not in evidence.env:
        return [skipped(NO_PATH)]
    resolved = gofacts.winning_go(evidence)
    if resolved.windows:
        if resolved.rc_override is not None:
            line = resolved.rc_override
            removed = _definition_removed(evidence, line)
            return [
                error(
                    M(
                        "`go` is a shell {kind} at {where} that runs a Windows program ({definition}): "
                        "builds target Windows and read the project over 9P.",
                        kind=rc_kind(line.kind),
                        where=rc_where(evidence, line),
                        definition=line.value or line.text,
                    ),
                    fix=M(
                        "delete the {kind} at {where} and run `{command}`",
                        kind=rc_kind(line.kind),
                        where=rc_where(evidence, line),
                        command=INSTALL_STABLE,
                    ),
                    fixable_by="shell" if removed else None,
                    changes=removed,
                )
            ]
        first = _wslgo_sdk_first(evidence)
        return [
            error(
                M("The go that runs is a Windows program: {reason}.", reason=resolved.reason),
                fix=M(
                    "{command}, then put its bin directory before {directory} on PATH",
                    command=INSTALL_STABLE,
                    directory=posixpath.dirname(resolved.path or ""),
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
                    M(
                        "No Linux go on PATH; a Windows Go is reachable only as go.exe at {path} (a bare "
                        "`go` never runs it, but editors and scripts that call go.exe can).",
                        path=exe,
                    ),
                    fix=INSTALL_STABLE,
                )
            ]
        return [ok(M("No go on PATH, so no Windows go can run as `go` (GO001 reports the missing go)."))]
    if exe:
        return [
            info(
                M(
                    "`go` runs the Linux {path}; a Windows go.exe is also reachable at {exe} (only tools "
                    "that call go.exe explicitly would use it).",
                    path=resolved.path,
                    exe=exe,
                )
            )
        ]
    if resolved.rc_override is not None:
        line = resolved.rc_override
        return [
            ok(
                M(
                    "`go` is a shell {kind} at {where} that runs a Linux program.",
                    kind=rc_kind(line.kind),
                    where=rc_where(evidence, line),
                )
            )
        ]
    return [ok(M("The go that runs is the Linux program {path}.", path=resolved.path))]


@check("GO003", N_("Go version is supported"))
def go_version_supported(evidence: Evidence) -> list[Finding]:
    found = gofacts.go_version(evidence)
    if found is None:
        return [
            skipped(M("Skipped: neither `go version` nor `go env -json` was recorded (or go did not run)."))
        ]
    version, raw, source = found
    if version is None:
        return [
            info(
                M(
                    "{source} reports {version}, a development build; its release line is unknown.",
                    source=source,
                    version=raw,
                )
            )
        ]
    today = evidence.now.date()
    extra = dict.fromkeys(gofacts.sdk_index_lines(evidence), today)
    lines = newest_lines(today, extra=extra)
    newest = _newest_text([f"go{line}" for line in lines])
    if MIN_SUPPORTED is not None and version < MIN_SUPPORTED:
        return [
            error(
                M(
                    "{source} reports {version}, older than go1.21 (no toolchain switching, no "
                    "forward-compatible go.mod handling); the supported lines are {newest}.",
                    source=source,
                    version=raw,
                    newest=newest,
                ),
                fix=INSTALL_STABLE,
            )
        ]
    if version.line not in lines and (not lines or _line_key(version.line) < _line_key(lines[-1])):
        return [
            warning(
                M(
                    "{source} reports {version}: release line {line} is older than the two newest ({newest}) "
                    "and gets no security fixes.",
                    source=source,
                    version=raw,
                    line=f"go{version.line}",
                    newest=newest,
                ),
                fix=INSTALL_STABLE,
            )
        ]
    return [
        ok(
            M(
                "{source} reports {version} (supported lines: {newest}).",
                source=source,
                version=raw,
                newest=newest,
            )
        )
    ]


def _newest_text(lines: list[str]) -> str:
    """``go1.27 and go1.26`` (the newest release lines, newest first)."""
    if len(lines) == 2:
        return M("{first} and {second}", first=lines[0], second=lines[1])
    return ", ".join(lines)


def _line_key(line: str) -> tuple[int, int]:
    major, _, minor = line.partition(".")
    return int(major), int(minor)


@check("GO004", N_("One Go install on PATH"))
def go_installs(evidence: Evidence) -> list[Finding]:
    if "PATH" not in evidence.env:
        return [skipped(NO_PATH)]
    on_path = evidence.which_all("go")
    roots: dict[str, str] = {}
    for binary in on_path:
        roots.setdefault(gofacts.goroot_of_binary(evidence, binary), binary)
    if len(roots) >= 2:
        winner = on_path[0]
        others = ", ".join(b for b in roots.values() if b != winner)
        return [
            warning(
                M(
                    "{count} Go installs are on PATH; {winner} wins, shadowing {others}.",
                    count=len(roots),
                    winner=winner,
                    others=others,
                ),
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
    if known and on_path:
        return [
            info(
                M(
                    "Other Go installs exist off PATH: {others}; {winner} runs.",
                    others=", ".join(known),
                    winner=on_path[0],
                )
            )
        ]
    if known:
        return [
            info(
                M(
                    "Other Go installs exist off PATH: {others}; none of them is on PATH.",
                    others=", ".join(known),
                )
            )
        ]
    if on_path:
        return [ok(M("One Go install on PATH: {path}.", path=on_path[0]))]
    return [ok(M("No Go install found on PATH or in the usual places (GO001 reports it)."))]


@check("GO005", N_("GOROOT matches the go that runs"))
def goroot_matches(evidence: Evidence) -> list[Finding]:
    item = setting(evidence, "GOROOT")
    env_goroot = evidence.env.get("GOROOT")
    if not env_goroot and not (item.origin == "file" and item.value):
        return [ok(M("GOROOT is not set by the user (the go command finds its own)."))]
    user_value, source = (
        (env_goroot, gofacts.env_source("GOROOT")) if env_goroot else (item.value or "", item.source)
    )
    binary = evidence.which("go")
    if binary is None:
        return [
            skipped(
                M(
                    "Skipped: GOROOT={value} ({source}) but no go on PATH to compare with.",
                    value=user_value,
                    source=source,
                )
            )
        ]
    mismatch = gofacts.goroot_mismatch(evidence)
    if mismatch is None:
        return [
            ok(
                M(
                    "GOROOT={value} ({source}) matches the go that runs ({binary}).",
                    value=user_value,
                    source=source,
                    binary=binary,
                )
            )
        ]
    fix: str = "unset GOROOT" if env_goroot else "go env -u GOROOT"
    exports = [line for line in gofacts.rc_lines(evidence) if line.kind == "assign" and line.name == "GOROOT"]
    if env_goroot and exports:
        fix = M(
            "delete `{line}` at {where}, then `unset GOROOT`",
            line=exports[-1].text,
            where=rc_where(evidence, exports[-1]),
        )
    step, changes = go_change(evidence, item, None)
    return [
        error(
            M(
                "GOROOT={value} ({source}) but the go that runs is {binary} (its GOROOT is {own}): it "
                "compiles against another release's standard library.",
                value=user_value,
                source=source,
                binary=binary,
                own=mismatch.own,
            ),
            fix=fix,
            fixable_by=step,
            changes=changes,
        )
    ]


@check("GO006", N_("GOROOT on the Linux file system"))
def goroot_not_on_mnt(evidence: Evidence) -> list[Finding]:
    values = go_env(evidence).values
    binary = evidence.which("go")
    source: str
    if values and values.get("GOROOT"):
        goroot, source = values["GOROOT"], M("GOROOT in `go env -json`")
    elif binary:
        goroot, source = gofacts.goroot_of_binary(evidence, binary), M("location of {binary}", binary=binary)
    else:
        return [skipped(M("Skipped: no go on PATH and no `go env -json` recorded."))]
    where = gofacts.windows_drive_location(evidence, goroot)
    if where:
        return [
            warning(
                M(
                    "GOROOT {goroot} ({source}): {where}; every build reads the standard library over 9P.",
                    goroot=goroot,
                    source=source,
                    where=where,
                ),
                fix=M("{command}  (installs under ~/.local/share/wslgo/sdk on ext4)", command=INSTALL_STABLE),
                fixable_by="shell" if _wslgo_sdk_first(evidence) else None,
                changes=_wslgo_sdk_first(evidence),
            )
        ]
    return [ok(M("GOROOT {goroot} ({source}) is on the Linux file system.", goroot=goroot, source=source))]
