"""GO checks: the toolchain that runs, its configuration, where its caches live (SPEC §3).

Every check is a pure function of the evidence. Values come from ``go env -json``; their source (the
environment, the Go env file with its line, or go's default) from ``gofacts.setting``. Checks that need
``go env -json`` report ``skipped`` with the reason when it is missing, never a guess.
"""

from __future__ import annotations

import posixpath
import re
import shlex

from wslgo.checks import gofacts
from wslgo.checks.gofacts import rc_where, setting, tilde
from wslgo.checks.model import Finding, error, info, ok, skipped, warning
from wslgo.checks.registry import check
from wslgo.evidence.model import Evidence
from wslgo.evidence.queries import go_env
from wslgo.golang.goenv import (
    comma_only_ha,
    ha_form,
    match_prefix_patterns,
    parse_goproxy,
    parse_gosumdb,
    pattern_problem,
    split_patterns,
)
from wslgo.golang.version import GoVersion, newest_lines

INSTALL_STABLE = "wslgo go install stable"
MIN_SUPPORTED = GoVersion.parse("1.21.0")
FREE_SPACE_MIN = 2 * 1024**3

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


def _need_go_env(evidence: Evidence) -> dict[str, str] | Finding:
    """``go env -json`` values, or the ``skipped`` finding that says why they are unknown."""
    read = go_env(evidence)
    if read.values is None:
        return skipped(f"Skipped: {read.reason}.")
    return read.values


def _known_sdk_dirs(evidence: Evidence) -> list[str]:
    """Recorded go binaries in the well-known install places (inventory STATIC_PATHS + GLOBS)."""
    home = evidence.home or ""
    wslgo_home = gofacts.wslgo_home(evidence) or ""
    patterns = [
        r"/usr/local/go/bin/go",
        r"/usr/lib/go-[^/]+/bin/go",
        r"/usr/lib/golang/bin/go",
        r"/snap/bin/go",
        re.escape(home) + r"/sdk/go[^/]*/bin/go",
        re.escape(home) + r"/\.go/bin/go",
        re.escape(home) + r"/\.goenv/versions/[^/]+/bin/go",
        re.escape(wslgo_home) + r"/sdk/(?!current/)[^/]+/bin/go",
    ]
    regex = re.compile("^(?:" + "|".join(patterns) + ")$")
    return sorted(p for p, i in evidence.paths.items() if regex.match(p) and i.exists and i.executable)


# -- toolchain -------------------------------------------------------------------------------------------


@check("GO001", "Go on PATH")
def go_on_path(evidence: Evidence) -> list[Finding]:
    if "PATH" not in evidence.env:
        return [skipped("Skipped: the environment has no PATH (not recorded).")]
    found = evidence.which("go")
    if found:
        return [ok(f"go found on PATH at {found}.")]
    installs = _known_sdk_dirs(evidence)
    if installs:
        bin_dir = posixpath.dirname(installs[-1])
        return [
            error(
                f"No executable named go in any PATH directory, but a Go SDK exists at {installs[-1]} "
                "(not on PATH).",
                fix=f'add `export PATH="$PATH:{bin_dir}"` to ~/.bashrc once (or run `wslgo setup shell`)',
                fixable_by="shell",
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
            return [
                error(
                    f"`go` is a shell {line.kind} at {rc_where(evidence, line)} that runs a Windows program "
                    f"({line.value or line.text}): builds target Windows and read the project over 9P.",
                    fix=f"delete the {line.kind} at {rc_where(evidence, line)} and run `{INSTALL_STABLE}`",
                    fixable_by="shell",
                )
            ]
        return [
            error(
                f"The go that runs is a Windows program: {resolved.reason}.",
                fix=(
                    f"{INSTALL_STABLE}, then put its bin directory before "
                    f"{posixpath.dirname(resolved.path or '')} on PATH"
                ),
                fixable_by="shell",
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
                fix="keep one Go directory on PATH (wslgo setup shell writes one PATH line for the SDK it "
                "manages)",
                fixable_by="shell",
            )
        ]
    known = [b for b in _known_sdk_dirs(evidence) if gofacts.goroot_of_binary(evidence, b) not in roots]
    winner_text = f"{on_path[0]} runs" if on_path else "none of them is on PATH"
    if known:
        return [info(f"Other Go installs exist off PATH: {', '.join(known)}; {winner_text}.")]
    if on_path:
        return [ok(f"One Go install on PATH: {on_path[0]}.")]
    return [ok("No Go install found on PATH or in the usual places (GO001 reports it).")]


@check("GO005", "GOROOT matches the go that runs")
def goroot_matches(evidence: Evidence) -> list[Finding]:
    env_goroot = evidence.env.get("GOROOT")
    item = setting(evidence, "GOROOT")
    if env_goroot:
        user_value, source = env_goroot, "env GOROOT"
    elif item.origin == "file" and item.value:
        user_value, source = item.value, item.source
    else:
        return [ok("GOROOT is not set by the user (the go command finds its own).")]
    binary = evidence.which("go")
    if binary is None:
        return [skipped(f"Skipped: GOROOT={user_value} ({source}) but no go on PATH to compare with.")]
    own = gofacts.goroot_of_binary(evidence, binary)
    mine = gofacts.resolve_symlinks(evidence, user_value.rstrip("/") or "/")
    if mine == own or posixpath.normpath(user_value) == posixpath.dirname(posixpath.dirname(binary)):
        return [ok(f"GOROOT={user_value} ({source}) matches the go that runs ({binary}).")]
    fix = "unset GOROOT" if source.startswith("env") else "go env -u GOROOT"
    exports = [line for line in gofacts.rc_lines(evidence) if line.kind == "assign" and line.name == "GOROOT"]
    if source.startswith("env") and exports:
        fix = f"delete `{exports[-1].text}` at {rc_where(evidence, exports[-1])}, then `unset GOROOT`"
    return [
        error(
            f"GOROOT={user_value} ({source}) but the go that runs is {binary} (its GOROOT is {own}): it "
            "compiles against another release's standard library.",
            fix=fix,
            fixable_by="shell" if source.startswith("env") else "go-env",
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
                fixable_by="shell",
            )
        ]
    return [ok(f"GOROOT {goroot} ({source}) is on the Linux file system.")]


# -- module configuration -------------------------------------------------------------------------------


@check("GO010", "GOPROXY syntax")
def goproxy_syntax(evidence: Evidence) -> list[Finding]:
    values = _need_go_env(evidence)
    if isinstance(values, Finding):
        return [values]
    item = setting(evidence, "GOPROXY", values)
    value = item.value or ""
    if not value:
        return [ok("GOPROXY is empty (go env -json): the go command uses its default.")]
    proxies = parse_goproxy(value)
    where = f"GOPROXY={value} ({item.source})"
    findings: list[Finding] = []
    if proxies.empty:
        findings.append(
            error(
                f"{where} contains no entries: the go command refuses to download modules.",
                fix=gofacts.set_fix(evidence, item, "https://proxy.golang.org,direct"),
                fixable_by="go-env",
            )
        )
    for bad in proxies.invalid:
        findings.append(
            error(
                f"{where}: element {bad.text!r} is not a URL, 'direct' or 'off' ({bad.problem}); "
                "the go command "
                "refuses the whole list.",
                fix=gofacts.set_fix(evidence, item, ha_form(parse_goproxy(value.replace(bad.text, "")))),
                fixable_by="go-env",
            )
        )
    ignored = [e.text for e in proxies.elements if e.ignored]
    if ignored:
        stop = next(e.text for e in proxies.elements if e.kind in ("direct", "off"))
        findings.append(
            warning(
                f"{where}: '{stop}' is not last, so the go command never tries {', '.join(ignored)} "
                "(it stops "
                f"reading the list at '{stop}').",
                fix=gofacts.set_fix(evidence, item, ha_form(proxies)),
                fixable_by="go-env",
            )
        )
    if comma_only_ha(proxies):
        findings.append(
            warning(
                f"{where} joins several proxies with ',' only: ',' falls through to the next entry only on "
                "404/410, so a proxy that is down or answers 5xx stops the download; '|' falls "
                "through on any "
                "error.",
                fix=gofacts.set_fix(evidence, item, ha_form(proxies)),
                fixable_by="go-env",
            )
        )
    if not evidence.meta.offline:
        for element in proxies.active:
            if not element.is_network or element.url is None:
                continue
            probe = evidence.command("http-probe", element.url)
            if probe is not None and probe.error is not None:
                findings.append(
                    warning(
                        f"{where}: {element.url} did not answer (http-probe: {probe.error}).",
                        fix=f"curl -sSI {shlex.quote(element.url)}  (check the URL, VPN and HTTPS_PROXY)",
                    )
                )
    if findings:
        return findings
    return [ok(f"{where} is well-formed.")]


@check("GO011", "GOSUMDB syntax")
def gosumdb_syntax(evidence: Evidence) -> list[Finding]:
    values = _need_go_env(evidence)
    if isinstance(values, Finding):
        return [values]
    item = setting(evidence, "GOSUMDB", values)
    value = item.value or ""
    if not value:
        return [ok("GOSUMDB is empty (go env -json): the go command uses sum.golang.org.")]
    parsed = parse_gosumdb(value)
    where = f"GOSUMDB={value} ({item.source})"
    if parsed.off:
        return [info(f"{where}: checksum verification is off (GO012 explains the risk).")]
    if parsed.error:
        name = parsed.name or value.split("+")[0].split()[0]
        if name in ("sum.golang.org", "sum.golang.google.cn") or "golang" in name:
            replacement = "sum.golang.org"
        else:
            replacement = f"{name}+<hash>+<public key> <url>"
        fix = gofacts.set_fix(evidence, item, replacement)
        if "<" in replacement:
            fix += f"  (ask the operator of {name} for its verifier key)"
        return [
            error(
                f"{where} is rejected by the go command ({parsed.error}): every download that needs a "
                "checksum fails. A '+' must be followed by the key hash and key, a URL goes after a space.",
                fix=fix,
                fixable_by="go-env",
            )
        ]
    detail = f" via {parsed.url}" if parsed.url else ""
    return [ok(f"{where} is valid (database {parsed.name}{detail}).")]


_WIDE = ("*", "*.*", "*/*")


def _wide(patterns: str) -> list[str]:
    """Patterns that cover public modules: ``*`` or anything matching a well-known public host."""
    samples = ("github.com/x/y", "golang.org/x/mod", "google.golang.org/grpc", "gopkg.in/yaml.v3")
    return [
        p for p in split_patterns(patterns) if p in _WIDE or any(match_prefix_patterns(p, s) for s in samples)
    ]


@check("GO012", "Checksum verification enabled")
def checksums_enabled(evidence: Evidence) -> list[Finding]:
    values = _need_go_env(evidence)
    if isinstance(values, Finding):
        return [values]
    toolchain_note = " (GOTOOLCHAIN downloads also need a checksum database and will fail)"
    findings: list[Finding] = []
    sumdb = setting(evidence, "GOSUMDB", values)
    if sumdb.value == "off":
        findings.append(
            warning(
                f"GOSUMDB=off ({sumdb.source}): module downloads are not verified against the checksum "
                f"database{toolchain_note}.",
                fix=gofacts.set_fix(evidence, sumdb, "sum.golang.org"),
                fixable_by="go-env",
            )
        )
    nosumdb = setting(evidence, "GONOSUMDB", values)
    wide = _wide(nosumdb.value or "")
    if wide:
        private = setting(evidence, "GOPRIVATE", values)
        source = nosumdb.source if nosumdb.user_set else f"inherited from GOPRIVATE, {private.source}"
        name = "GONOSUMDB" if nosumdb.user_set else "GOPRIVATE"
        findings.append(
            warning(
                f"GONOSUMDB={nosumdb.value} ({source}): pattern {', '.join(wide)} exempts public "
                "modules from "
                f"checksum verification{toolchain_note}.",
                fix=f"list only your private hosts, e.g. {gofacts.go_env_w(name, 'git.corp.example')}",
                fixable_by="go-env",
            )
        )
    if evidence.env.get("GONOSUMCHECK"):
        findings.append(
            warning(
                f"env GONOSUMCHECK={evidence.env['GONOSUMCHECK']} is set: the go command does not read it "
                "(it never existed in a release); if it was meant to skip verification, use GONOSUMDB for "
                "private hosts only.",
                fix="unset GONOSUMCHECK",
                fixable_by="shell",
            )
        )
    goflags = setting(evidence, "GOFLAGS", values)
    if goflags.value and re.search(r"(^|\s)-insecure(=true)?(\s|$)", goflags.value):
        findings.append(
            warning(
                f"GOFLAGS={goflags.value} ({goflags.source}) contains -insecure: older go commands skipped "
                "TLS and checksum checks with it; current ones refuse it in `go get`.",
                fix="remove -insecure from GOFLAGS; use GOINSECURE=<private host> only where needed",
                fixable_by="go-env",
            )
        )
    insecure = setting(evidence, "GOINSECURE", values)
    wide_insecure = _wide(insecure.value or "")
    if wide_insecure:
        findings.append(
            warning(
                f"GOINSECURE={insecure.value} ({insecure.source}): {', '.join(wide_insecure)} lets public "
                "modules be fetched over plain HTTP or without certificate checks.",
                fix="go env -u GOINSECURE  (or list only hosts that really lack HTTPS)",
                fixable_by="go-env",
            )
        )
    if findings:
        return findings
    return [ok(f"Checksum verification is on (GOSUMDB={sumdb.value or 'sum.golang.org'}, {sumdb.source}).")]


@check("GO013", "GO111MODULE")
def go111module(evidence: Evidence) -> list[Finding]:
    item = setting(evidence, "GO111MODULE")
    if item.origin == "unknown" and not go_env(evidence).values:
        envfile = gofacts.go_env_file(evidence)
        if envfile.parsed is None:
            return [skipped(f"Skipped: {go_env(evidence).reason}, and the Go env file was not recorded.")]
    value = (item.value or "").strip()
    if not value or not item.user_set:
        return [ok("GO111MODULE is not set (module mode is the default since Go 1.16).")]
    where = f"GO111MODULE={value} ({item.source})"
    unset = "unset GO111MODULE" if item.origin == "env" else "go env -u GO111MODULE"
    if value == "on":
        return [info(f"{where} is redundant: module mode has been the default since Go 1.16.", fix=unset)]
    if value in ("off", "auto"):
        return [
            warning(
                f"{where}: GOPATH mode can switch on, where go.mod is ignored and `go get` behaves "
                "differently.",
                fix=unset,
                fixable_by="go-env" if item.origin == "file" else "shell",
            )
        ]
    return [
        warning(
            f"{where} is not one of on, off, auto: the go command fails with 'invalid GO111MODULE'.",
            fix=unset,
            fixable_by="go-env" if item.origin == "file" else "shell",
        )
    ]


def _module_host(path: str) -> str:
    return path.split("/", 1)[0].lower()


def _public(path: str) -> bool:
    host = _module_host(path)
    return host in PUBLIC_HOSTS or any(host.endswith("." + public) for public in ("github.io",))


@check("GO014", "Private modules stay private")
def private_modules(evidence: Evidence) -> list[Finding]:
    values = _need_go_env(evidence)
    if isinstance(values, Finding):
        return [values]
    findings: list[Finding] = []
    for name in ("GOPRIVATE", "GONOPROXY", "GONOSUMDB"):
        item = setting(evidence, name, values)
        if name != "GOPRIVATE" and not item.user_set:
            continue  # inherited from GOPRIVATE: reported once, under GOPRIVATE
        for pattern in split_patterns(item.value or ""):
            problem = pattern_problem(pattern)
            if problem:
                findings.append(
                    warning(
                        f"{name}={item.value} ({item.source}): pattern {pattern!r} {problem}.",
                        fix=f"{gofacts.go_env_w(name, '<host>/<path prefix>,…')}  (comma-separated globs, no "
                        "scheme)",
                        fixable_by="go-env",
                    )
                )
    found = gofacts.project_gomod(evidence)
    if found is None:
        findings = findings or [ok("No project go.mod recorded; GOPRIVATE patterns are well-formed.")]
        return findings
    gomod_path, gomod = found
    noproxy = values.get("GONOPROXY", "")
    nosumdb = values.get("GONOSUMDB", "")
    proxies = parse_goproxy(values.get("GOPROXY", ""))
    public_proxy = any(e.is_network and not _local_url(e.url or "") for e in proxies.active)
    sumdb_on = values.get("GOSUMDB", "sum.golang.org") != "off"
    leaking: list[str] = []
    for requirement in gomod.requires:
        path = requirement.path
        if "." not in _module_host(path) or _public(path):
            continue
        leaks_proxy = public_proxy and not match_prefix_patterns(noproxy, path)
        leaks_sumdb = sumdb_on and not match_prefix_patterns(nosumdb, path)
        if leaks_proxy or leaks_sumdb:
            leaking.append(f"{path} ({tilde(evidence, gomod_path)}:{requirement.line})")
    if leaking:
        hosts = sorted({_module_host(entry.split(" ")[0]) for entry in leaking})
        current = split_patterns(values.get("GOPRIVATE", ""))
        merged = ",".join(dict.fromkeys([*current, *hosts]))
        findings.append(
            warning(
                f"{len(leaking)} required module(s) on non-public hosts are not matched by GOPRIVATE "
                f"({values.get('GOPRIVATE') or 'empty'}): {', '.join(leaking[:5])}"
                f"{' …' if len(leaking) > 5 else ''}; their paths are sent to the public proxy and checksum "
                "database.",
                fix=gofacts.go_env_w("GOPRIVATE", merged),
                fixable_by="go-env",
            )
        )
    if findings:
        return findings
    return [ok(f"Every module in {tilde(evidence, gomod_path)} is public or matched by GOPRIVATE.")]


def _local_url(url: str) -> bool:
    from wslgo.golang.goenv import is_loopback_url

    return is_loopback_url(url) or url.startswith("file:")


@check("GO015", "GOTOOLCHAIN can satisfy go.mod")
def gotoolchain(evidence: Evidence) -> list[Finding]:
    found = gofacts.project_gomod(evidence)
    if found is None:
        return [ok("No project go.mod recorded: nothing asks for a newer toolchain.")]
    gomod_path, gomod = found
    values = _need_go_env(evidence)
    if isinstance(values, Finding):
        return [values]
    local = gofacts.go_version(evidence)
    if local is None or local[0] is None:
        return [skipped("Skipped: the version of the local go is unknown.")]
    local_version = local[0]
    wanted: list[tuple[GoVersion, str]] = []
    if gomod.go and (v := GoVersion.parse(gomod.go)):
        wanted.append((v, f"go {gomod.go} ({tilde(evidence, gomod_path)}:{gomod.go_line})"))
    if gomod.toolchain and (v := GoVersion.parse(gomod.toolchain)):
        wanted.append(
            (v, f"toolchain {gomod.toolchain} ({tilde(evidence, gomod_path)}:{gomod.toolchain_line})")
        )
    newer = [(v, where) for v, where in wanted if v > local_version]
    item = setting(evidence, "GOTOOLCHAIN", values)
    mode = (item.value or "auto").strip()
    if not newer:
        return [ok(f"The local {local[1]} satisfies {tilde(evidence, gomod_path)} (GOTOOLCHAIN={mode}).")]
    need, where = max(newer)
    if mode == "local" or mode.endswith("+path") or mode == "path":
        return [
            error(
                f"{where} needs go {need} but the local go is {local[1]} and GOTOOLCHAIN={mode} "
                f"({item.source}) forbids downloading one: every build fails.",
                fix=f"wslgo go install {need.tag}  (or {gofacts.go_env_w('GOTOOLCHAIN', 'auto')})",
                fixable_by="go-env",
            )
        ]
    goproxy = values.get("GOPROXY", "")
    gosumdb = values.get("GOSUMDB", "")
    if goproxy.strip() == "off" or gosumdb == "off":
        blocker = "GOPROXY=off" if goproxy.strip() == "off" else "GOSUMDB=off"
        return [
            warning(
                f"{where} needs go {need} (local {local[1]}); GOTOOLCHAIN={mode} would download it, but "
                f"{blocker} makes that download fail (toolchains come through GOPROXY and must be verified "
                "by the checksum database).",
                fix=f"wslgo go install {need.tag}",
            )
        ]
    return [
        info(
            f"{where} needs go {need}; the local {local[1]} will download it (GOTOOLCHAIN={mode}, "
            f"{item.source}).",
            fix=f"wslgo go install {need.tag}",
        )
    ]


@check("GO016", "Environment and Go env file agree")
def env_vs_envfile(evidence: Evidence) -> list[Finding]:
    values = go_env(evidence).values
    envfile = gofacts.go_env_file(evidence, values)
    if envfile.parsed is None:
        return [skipped(f"Skipped: the Go env file {envfile.path or '(unknown path)'} was not recorded.")]
    if not envfile.parsed.entries:
        return [ok("The Go env file sets nothing, so the environment cannot contradict it.")]
    assert envfile.path is not None
    findings: list[Finding] = []
    for key, file_value in envfile.parsed.values.items():
        env_value = evidence.env.get(key)
        if env_value and env_value != file_value.rstrip("\r"):
            entry = envfile.parsed.get(key)
            line = entry.line if entry else 0
            exports = [x for x in gofacts.rc_lines(evidence) if x.kind == "assign" and x.name == key]
            origin = f", exported at {rc_where(evidence, exports[-1])}" if exports else ""
            findings.append(
                warning(
                    f"{key} is {env_value!r} in the environment (env {key}{origin}) but {file_value!r} in "
                    f"{tilde(evidence, envfile.path)}:{line}; the environment wins, so `go env -w {key}` "
                    "looks ignored.",
                    fix=f"keep one: remove the export and `unset {key}`, or run `go env -u {key}`",
                    fixable_by="shell",
                )
            )
    if findings:
        return findings
    return [
        ok(f"No variable in {tilde(evidence, envfile.path)} is overridden by a different environment value.")
    ]


# -- where things live ------------------------------------------------------------------------------------


def _dir_on_mnt(
    evidence: Evidence, name: str, status: str, why: str, fix_value: str | None, step: str | None
) -> list[Finding]:
    values = _need_go_env(evidence)
    if isinstance(values, Finding):
        return [values]
    item = setting(evidence, name, values)
    entries = [e for e in (item.value or "").split(":") if e] if name == "GOPATH" else [item.value or ""]
    bad = [(e, w) for e in entries if e and (w := gofacts.windows_drive_location(evidence, e))]
    if not bad:
        return [ok(f"{name}={item.value} ({item.source}) is on the Linux file system.")]
    where = bad[0][1]
    message = f"{name}={item.value} ({item.source}): {where}; {why}"
    fix = gofacts.set_fix(evidence, item, fix_value) if fix_value else None
    make = error if status == "error" else warning
    return [make(message, fix=fix, fixable_by=step)]


@check("GO020", "GOPATH on the Linux file system")
def gopath_on_mnt(evidence: Evidence) -> list[Finding]:
    home = evidence.home or "/home/$USER"
    return _dir_on_mnt(
        evidence,
        "GOPATH",
        "warning",
        "module downloads, `go install` and builds read and write it over 9P (several times slower).",
        posixpath.join(home, "go"),
        "go-cache",
    )


@check("GO021", "GOCACHE on the Linux file system")
def gocache_on_mnt(evidence: Evidence) -> list[Finding]:
    home = evidence.home or "/home/$USER"
    return _dir_on_mnt(
        evidence,
        "GOCACHE",
        "error",
        "every build reads and writes the build cache over 9P (measured 8.4 s vs 1.9 s on ext4).",
        posixpath.join(home, ".cache", "go-build"),
        "go-cache",
    )


@check("GO022", "GOMODCACHE on the Linux file system")
def gomodcache_on_mnt(evidence: Evidence) -> list[Finding]:
    home = evidence.home or "/home/$USER"
    return _dir_on_mnt(
        evidence,
        "GOMODCACHE",
        "warning",
        "every build reads module sources over 9P; share modules between distros through one proxy instead.",
        posixpath.join(home, "go", "pkg", "mod"),
        "go-cache",
    )


@check("GO023", "Project on the Linux file system")
def project_on_mnt(evidence: Evidence) -> list[Finding]:
    project = evidence.meta.cwd
    if not project:
        return [skipped("Skipped: the project directory (meta cwd) was not recorded.")]
    where = gofacts.windows_drive_location(evidence, project)
    if where:
        name = posixpath.basename(project.rstrip("/")) or "project"
        return [
            warning(
                f"The project {project} (meta cwd): {where}; go build, gopls and git walk it over 9P.",
                fix=(
                    f"mkdir -p ~/src && cp -a {shlex.quote(project)} ~/src/{shlex.quote(name)}  "
                    f"(then work in ~/src/{name}; open it with `code ~/src/{name}`)"
                ),
            )
        ]
    return [ok(f"The project {project} is on the Linux file system.")]


@check("GO024", "Go install target on PATH")
def gobin_on_path(evidence: Evidence) -> list[Finding]:
    values = _need_go_env(evidence)
    if isinstance(values, Finding):
        return [values]
    gobin = values.get("GOBIN", "")
    gopath = [e for e in values.get("GOPATH", "").split(":") if e]
    if gobin:
        target, source = gobin, "GOBIN in `go env -json`"
    elif gopath:
        target, source = posixpath.join(gopath[0], "bin"), "first GOPATH entry + /bin in `go env -json`"
    else:
        return [skipped("Skipped: `go env -json` reports neither GOBIN nor GOPATH.")]
    dirs = [posixpath.normpath(d) for d in evidence.path_dirs()]
    home = evidence.home or ""
    literal = [
        d.replace("$HOME", home).replace("~", home, 1) if d.startswith(("~", "$HOME")) else d for d in dirs
    ]
    if posixpath.normpath(target) in literal:
        return [ok(f"{target} ({source}) is on PATH.")]
    return [
        warning(
            f"{target} ({source}) is not on PATH (env PATH): tools installed with `go install` "
            "(gopls, dlv, …) "
            "will not be found.",
            fix=f'add `export PATH="$PATH:{target}"` to ~/.bashrc once (or run `wslgo setup shell`)',
            fixable_by="shell",
        )
    ]


@check("GO025", "Free space for GOCACHE")
def gocache_space(evidence: Evidence) -> list[Finding]:
    values = _need_go_env(evidence)
    if isinstance(values, Finding):
        return [values]
    gocache = values.get("GOCACHE", "")
    if not gocache or gocache == "off":
        return [skipped(f"Skipped: GOCACHE is {gocache or 'empty'} in `go env -json`.")]
    directory = gocache
    free: int | None = None
    while directory and directory != "/":
        info_at = evidence.path(directory)
        if info_at is not None and info_at.free_bytes is not None:
            free = info_at.free_bytes
            break
        directory = posixpath.dirname(directory)
    if free is None:
        return [skipped(f"Skipped: free space at {gocache} was not recorded.")]
    gib = free / 1024**3
    if free < FREE_SPACE_MIN:
        return [
            warning(
                f"Only {gib:.1f} GiB free where GOCACHE lives ({directory}); builds fail with 'no space left "
                "on device' once the cache fills it.",
                fix="go clean -cache  (and free space on that file system)",
            )
        ]
    return [ok(f"{gib:.1f} GiB free where GOCACHE lives ({directory}).")]


@check("GO026", "Go caches writable by the user")
def caches_writable(evidence: Evidence) -> list[Finding]:
    values = _need_go_env(evidence)
    if isinstance(values, Finding):
        return [values]
    uid = evidence.meta.host.uid
    user = evidence.meta.host.user
    findings: list[Finding] = []
    unknown: list[str] = []
    for name in ("GOCACHE", "GOMODCACHE"):
        directory = values.get(name, "")
        if not directory or directory == "off":
            continue
        seen = evidence.path(directory)
        if seen is None:
            unknown.append(directory)
            continue
        if not seen.exists:
            continue
        root_owned = seen.uid == 0 and uid not in (None, 0)
        foreign = seen.uid is not None and uid is not None and seen.uid != uid
        if seen.writable is False or root_owned:
            owner = "root" if seen.uid == 0 else f"uid {seen.uid}"
            chown = (
                f"sudo chown -R {user}:{user} {shlex.quote(directory)}"
                if user
                else (f"sudo chown -R $(id -u):$(id -g) {shlex.quote(directory)}")
            )
            reason = "not writable" if seen.writable is False else "owned by root"
            findings.append(
                error(
                    f"{name} {directory} is {reason} (owner {owner}, probably after `sudo go …`): builds and "
                    "downloads fail with 'permission denied'.",
                    fix=chown,
                )
            )
        elif foreign:
            findings.append(
                info(f"{name} {directory} belongs to uid {seen.uid}, not {uid}, but is writable.")
            )
    if findings:
        return findings
    if unknown and len(unknown) == 2:
        return [skipped(f"Skipped: ownership of {', '.join(unknown)} was not recorded.")]
    return [ok("GOCACHE and GOMODCACHE are writable by the user (or not created yet).")]


# -- shell start-up files ---------------------------------------------------------------------------------

_GO_VARS = re.compile(r"^(GO[A-Z0-9_]*|CGO_[A-Z_]+)$")


@check("GO030", "Shell rc files set Go once")
def shell_rc_duplicates(evidence: Evidence) -> list[Finding]:
    files = gofacts.rc_files(evidence)
    if not files:
        return [skipped("Skipped: no shell start-up file (~/.bashrc, ~/.profile, ~/.zshrc, …) was recorded.")]
    lines = gofacts.rc_lines(evidence)
    findings: list[Finding] = []
    by_text: dict[str, list[str]] = {}
    for line in lines:
        if line.is_path_edit and re.search(r"go[^/:]*/bin|GOPATH|GOROOT|GOBIN", line.value):
            key = " ".join(line.text.split())
            by_text.setdefault(key, []).append(rc_where(evidence, line))
    for text, places in by_text.items():
        if len(places) > 1:
            findings.append(
                warning(
                    f"The PATH line `{text}` appears {len(places)} times ({', '.join(places)}): each copy "
                    "adds the directory again (an `echo … >> ~/.bashrc` run twice).",
                    fix=f"delete all but one of {', '.join(places)}  (or: wslgo setup shell)",
                    fixable_by="shell",
                )
            )
    by_name: dict[str, list[tuple[str, str]]] = {}
    for line in lines:
        if line.kind == "assign" and _GO_VARS.match(line.name):
            by_name.setdefault(line.name, []).append((line.value, rc_where(evidence, line)))
    for name, assignments in sorted(by_name.items()):
        distinct = {value for value, _ in assignments}
        if len(distinct) > 1:
            listing = ", ".join(f"{value!r} at {where}" for value, where in assignments)
            where_set = ", ".join(dict.fromkeys(where for _, where in assignments))
            # No setup step picks one of the user's values (the shell step manages PATH only), so the fix is
            # the edit itself, naming every line.
            findings.append(
                warning(
                    f"{name} is set to different values: {listing}; which one wins depends on the shell and "
                    "the order the files are read.",
                    fix=f"keep one of {where_set} and delete the other {name} lines (the last one read wins)",
                )
            )
    if findings:
        return findings
    names = ", ".join(tilde(evidence, path) for path, _ in files)
    return [ok(f"No duplicated Go PATH line or conflicting Go variable in {names}.")]


# -- cgo ------------------------------------------------------------------------------------------------


@check("GO040", "C compiler for cgo")
def cgo_compiler(evidence: Evidence) -> list[Finding]:
    values = _need_go_env(evidence)
    if isinstance(values, Finding):
        return [values]
    item = setting(evidence, "CGO_ENABLED", values)
    cc = (values.get("CC") or "gcc").split()[0]
    if cc.startswith("/"):
        seen = evidence.path(cc)
        compiler = cc if seen is not None and seen.exists else None
        known = seen is not None
    else:
        compiler = evidence.which(cc)
        known = cc in ("gcc", "cc", "clang") or compiler is not None
    effective = values.get("CGO_ENABLED", "")
    if item.user_set and item.value == "1":
        if not known:
            return [skipped(f"Skipped: whether the C compiler {cc} is on PATH was not recorded.")]
        if compiler is None:
            return [
                warning(
                    f"CGO_ENABLED=1 ({item.source}) but the C compiler {cc} (CC in `go env -json`) is not on "
                    "PATH: any package using cgo (net, os/user with some tags, sqlite drivers, "
                    "-race) fails to "
                    "build.",
                    fix="sudo apt-get install -y gcc",
                )
            ]
        return [ok(f"CGO_ENABLED=1 ({item.source}) and the C compiler is {compiler}.")]
    if effective == "0" and not item.user_set:
        return [
            info(
                f"`go env -json` reports CGO_ENABLED=0 because no C compiler ({cc}) was found: `go "
                "test -race` "
                "and cgo packages need cgo and gcc.",
                fix="sudo apt-get install -y gcc",
            )
        ]
    if effective == "0":
        return [info(f"CGO_ENABLED=0 ({item.source}): cgo is off by choice; `go test -race` needs it.")]
    where = f" ({compiler})" if compiler else ""
    return [ok(f"CGO_ENABLED={effective or '1'} ({item.source}); C compiler {cc}{where}.")]
