"""GO010–GO016: the module configuration — GOPROXY, GOSUMDB, checksum verification, GO111MODULE,
GOPRIVATE, GOTOOLCHAIN, and the environment against the Go env file.

Values come from ``go env -json``; their source (the environment, the Go env file with its line, or go's
default) from ``facts.go.setting``. Checks that need ``go env -json`` report ``skipped`` with the reason.
"""

from __future__ import annotations

import shlex

from wslgo.checks.go.common import go_change, need_go_env
from wslgo.checks.model import Finding, error, info, ok, skipped, warning
from wslgo.checks.registry import check
from wslgo.evidence.model import Evidence
from wslgo.evidence.queries import go_env
from wslgo.facts import go as gofacts
from wslgo.facts.go import rc_where, setting, tilde
from wslgo.golang.goenv import corrected_gosumdb, goflags_without_insecure, parse_gosumdb
from wslgo.golang.goproxy import GO_DEFAULT, comma_only_ha, parse_goproxy
from wslgo.golang.goproxy import corrected as goproxy_corrected
from wslgo.golang.pathmatch import pattern_problem, public_patterns, split_patterns
from wslgo.golang.version import GoVersion


@check("GO010", "GOPROXY syntax")
def goproxy_syntax(evidence: Evidence) -> list[Finding]:
    values = need_go_env(evidence)
    if isinstance(values, Finding):
        return [values]
    item = setting(evidence, "GOPROXY", values)
    value = item.value or ""
    if not value:
        return [ok("GOPROXY is empty (go env -json): the go command uses its default.")]
    proxies = parse_goproxy(value)
    where = f"GOPROXY={value} ({item.source})"
    fixed = goproxy_corrected(value) or GO_DEFAULT
    fix = gofacts.set_fix(evidence, item, fixed)
    step, changes = go_change(evidence, item, fixed)
    findings: list[Finding] = []
    if proxies.empty:
        findings.append(
            error(
                f"{where} contains no entries: the go command refuses to download modules.",
                fix=fix,
                fixable_by=step,
                changes=changes,
            )
        )
    for bad in proxies.invalid:
        findings.append(
            error(
                f"{where}: element {bad.text!r} is not a URL, 'direct' or 'off' ({bad.problem}); "
                "the go command "
                "refuses the whole list.",
                fix=fix,
                fixable_by=step,
                changes=changes,
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
                fix=fix,
                fixable_by=step,
                changes=changes,
            )
        )
    if comma_only_ha(proxies):
        findings.append(
            warning(
                f"{where} joins several proxies with ',' only: ',' falls through to the next entry only on "
                "404/410, so a proxy that is down or answers 5xx stops the download; '|' falls "
                "through on any "
                "error.",
                fix=fix,
                fixable_by=step,
                changes=changes,
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
    values = need_go_env(evidence)
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
        replacement = corrected_gosumdb(value)
        step, changes = go_change(evidence, item, replacement) if replacement is not None else (None, ())
        if replacement is not None:
            fix = gofacts.set_fix(evidence, item, replacement)
        else:
            fix = gofacts.set_fix(evidence, item, f"{name}+<hash>+<public key> <url>")
            fix += f"  (ask the operator of {name} for its verifier key)"
        return [
            error(
                f"{where} is rejected by the go command ({parsed.error}): every download that needs a "
                "checksum fails. A '+' must be followed by the key hash and key, a URL goes after a space.",
                fix=fix,
                fixable_by=step,
                changes=changes,
            )
        ]
    detail = f" via {parsed.url}" if parsed.url else ""
    return [ok(f"{where} is valid (database {parsed.name}{detail}).")]


@check("GO012", "Checksum verification enabled")
def checksums_enabled(evidence: Evidence) -> list[Finding]:
    values = need_go_env(evidence)
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
                fixable_by=go_change(evidence, sumdb, "sum.golang.org")[0],
                changes=go_change(evidence, sumdb, "sum.golang.org")[1],
            )
        )
    nosumdb = setting(evidence, "GONOSUMDB", values)
    wide = public_patterns(nosumdb.value or "")
    if wide:
        private = setting(evidence, "GOPRIVATE", values)
        source = nosumdb.source if nosumdb.user_set else f"inherited from GOPRIVATE, {private.source}"
        name = "GONOSUMDB" if nosumdb.user_set else "GOPRIVATE"
        findings.append(
            warning(
                f"GONOSUMDB={nosumdb.value} ({source}): pattern {', '.join(wide)} exempts public "
                "modules from "
                f"checksum verification{toolchain_note}.",
                # Which hosts are private only the user knows: no setup step can choose them.
                fix=f"list only your private hosts, e.g. {gofacts.go_env_w(name, 'git.corp.example')}",
            )
        )
    if evidence.env.get("GONOSUMCHECK"):
        findings.append(
            warning(
                f"env GONOSUMCHECK={evidence.env['GONOSUMCHECK']} is set: the go command does not read it "
                "(it never existed in a release); if it was meant to skip verification, use GONOSUMDB for "
                "private hosts only.",
                fix="unset GONOSUMCHECK",
            )
        )
    goflags = setting(evidence, "GOFLAGS", values)
    safe_flags = goflags_without_insecure(goflags.value or "")
    if safe_flags is not None:
        step, changes = go_change(evidence, goflags, safe_flags or None)
        findings.append(
            warning(
                f"GOFLAGS={goflags.value} ({goflags.source}) contains -insecure: older go commands skipped "
                "TLS and checksum checks with it; current ones refuse it in `go get`.",
                fix="remove -insecure from GOFLAGS; use GOINSECURE=<private host> only where needed",
                fixable_by=step,
                changes=changes,
            )
        )
    insecure = setting(evidence, "GOINSECURE", values)
    wide_insecure = public_patterns(insecure.value or "")
    if wide_insecure:
        findings.append(
            warning(
                f"GOINSECURE={insecure.value} ({insecure.source}): {', '.join(wide_insecure)} lets public "
                "modules be fetched over plain HTTP or without certificate checks.",
                fix="go env -u GOINSECURE  (or list only hosts that really lack HTTPS)",
                fixable_by=go_change(evidence, insecure, None)[0],
                changes=go_change(evidence, insecure, None)[1],
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
    step, changes = go_change(evidence, item, None)
    if value in ("off", "auto"):
        return [
            warning(
                f"{where}: GOPATH mode can switch on, where go.mod is ignored and `go get` behaves "
                "differently.",
                fix=unset,
                fixable_by=step,
                changes=changes,
            )
        ]
    return [
        warning(
            f"{where} is not one of on, off, auto: the go command fails with 'invalid GO111MODULE'.",
            fix=unset,
            fixable_by=step,
            changes=changes,
        )
    ]


@check("GO014", "Private modules stay private")
def private_modules(evidence: Evidence) -> list[Finding]:
    values = need_go_env(evidence)
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
                    )
                )
    leaks = gofacts.private_leaks(evidence, values)
    if leaks is None:
        findings = findings or [ok("No project go.mod recorded; GOPRIVATE patterns are well-formed.")]
        return findings
    if leaks.leaking:
        leaking = leaks.leaking
        private = setting(evidence, "GOPRIVATE", values)
        step, changes = go_change(evidence, private, leaks.goprivate)
        findings.append(
            warning(
                f"{len(leaking)} required module(s) on non-public hosts are not matched by GOPRIVATE "
                f"({values.get('GOPRIVATE') or 'empty'}): {', '.join(leaking[:5])}"
                f"{' …' if len(leaking) > 5 else ''}; their paths are sent to the public proxy and checksum "
                "database.",
                fix=gofacts.set_fix(evidence, private, leaks.goprivate),
                fixable_by=step,
                changes=changes,
            )
        )
    if findings:
        return findings
    return [ok(f"Every module in {tilde(evidence, leaks.gomod_path)} is public or matched by GOPRIVATE.")]


@check("GO015", "GOTOOLCHAIN can satisfy go.mod")
def gotoolchain(evidence: Evidence) -> list[Finding]:
    found = gofacts.project_gomod(evidence)
    if found is None:
        return [ok("No project go.mod recorded: nothing asks for a newer toolchain.")]
    gomod_path, gomod = found
    values = need_go_env(evidence)
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
                    # Which of the two values is meant only the user knows: no setup step picks one.
                    fix=f"keep one: remove the export and `unset {key}`, or run `go env -u {key}`",
                )
            )
    if findings:
        return findings
    return [
        ok(f"No variable in {tilde(evidence, envfile.path)} is overridden by a different environment value.")
    ]
