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
from wslgo.i18n import N_, M


@check("GO010", N_("GOPROXY syntax"))
def goproxy_syntax(evidence: Evidence) -> list[Finding]:
    values = need_go_env(evidence)
    if isinstance(values, Finding):
        return [values]
    item = setting(evidence, "GOPROXY", values)
    value = item.value or ""
    if not value:
        return [ok(M("GOPROXY is empty (go env -json): the go command uses its default."))]
    proxies = parse_goproxy(value)
    where = value_source("GOPROXY", value, item.source)
    fixed = goproxy_corrected(value) or GO_DEFAULT
    fix = gofacts.set_fix(evidence, item, fixed)
    step, changes = go_change(evidence, item, fixed)
    findings: list[Finding] = []
    if proxies.empty:
        findings.append(
            error(
                M("{where} contains no entries: the go command refuses to download modules.", where=where),
                fix=fix,
                fixable_by=step,
                changes=changes,
            )
        )
    for bad in proxies.invalid:
        findings.append(
            error(
                M(
                    "{where}: element {element!r} is not a URL, 'direct' or 'off' ({problem}); the go "
                    "command refuses the whole list.",
                    where=where,
                    element=bad.text,
                    problem=bad.problem,
                ),
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
                M(
                    "{where}: '{stop}' is not last, so the go command never tries {ignored} (it stops "
                    "reading the list at '{stop}').",
                    where=where,
                    stop=stop,
                    ignored=", ".join(ignored),
                ),
                fix=fix,
                fixable_by=step,
                changes=changes,
            )
        )
    if comma_only_ha(proxies):
        findings.append(
            warning(
                M(
                    "{where} joins several proxies with ',' only: ',' falls through to the next entry only "
                    "on 404/410, so a proxy that is down or answers 5xx stops the download; '|' falls "
                    "through on any error.",
                    where=where,
                ),
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
                        M(
                            "{where}: {url} did not answer (http-probe: {error}).",
                            where=where,
                            url=element.url,
                            error=probe.error,
                        ),
                        fix=M(
                            "{command}  (check the URL, VPN and HTTPS_PROXY)",
                            command=f"curl -sSI {shlex.quote(element.url)}",
                        ),
                    )
                )
    if findings:
        return findings
    return [ok(M("{where} is well-formed.", where=where))]


@check("GO011", N_("GOSUMDB syntax"))
def gosumdb_syntax(evidence: Evidence) -> list[Finding]:
    values = need_go_env(evidence)
    if isinstance(values, Finding):
        return [values]
    item = setting(evidence, "GOSUMDB", values)
    value = item.value or ""
    if not value:
        return [ok(M("GOSUMDB is empty (go env -json): the go command uses sum.golang.org."))]
    parsed = parse_gosumdb(value)
    where = value_source("GOSUMDB", value, item.source)
    if parsed.off:
        return [info(M("{where}: checksum verification is off (GO012 explains the risk).", where=where))]
    if parsed.error:
        name = parsed.name or value.split("+")[0].split()[0]
        replacement = corrected_gosumdb(value)
        step, changes = go_change(evidence, item, replacement) if replacement is not None else (None, ())
        if replacement is not None:
            fix = gofacts.set_fix(evidence, item, replacement)
        else:
            fix = M(
                "{fix}  (ask the operator of {name} for its verifier key)",
                fix=gofacts.set_fix(evidence, item, f"{name}+<hash>+<public key> <url>"),
                name=name,
            )
        return [
            error(
                M(
                    "{where} is rejected by the go command ({error}): every download that needs a checksum "
                    "fails. A '+' must be followed by the key hash and key, a URL goes after a space.",
                    where=where,
                    error=parsed.error,
                ),
                fix=fix,
                fixable_by=step,
                changes=changes,
            )
        ]
    if parsed.url:
        return [
            ok(
                M(
                    "{where} is valid (database {name} via {url}).",
                    where=where,
                    name=parsed.name,
                    url=parsed.url,
                )
            )
        ]
    return [ok(M("{where} is valid (database {name}).", where=where, name=parsed.name))]


@check("GO012", N_("Checksum verification enabled"))
def checksums_enabled(evidence: Evidence) -> list[Finding]:
    values = need_go_env(evidence)
    if isinstance(values, Finding):
        return [values]
    findings: list[Finding] = []
    sumdb = setting(evidence, "GOSUMDB", values)
    if sumdb.value == "off":
        findings.append(
            warning(
                M(
                    "GOSUMDB=off ({source}): module downloads are not verified against the checksum database "
                    "(GOTOOLCHAIN downloads also need a checksum database and will fail).",
                    source=sumdb.source,
                ),
                fix=gofacts.set_fix(evidence, sumdb, "sum.golang.org"),
                fixable_by=go_change(evidence, sumdb, "sum.golang.org")[0],
                changes=go_change(evidence, sumdb, "sum.golang.org")[1],
            )
        )
    nosumdb = setting(evidence, "GONOSUMDB", values)
    wide = public_patterns(nosumdb.value or "")
    if wide:
        private = setting(evidence, "GOPRIVATE", values)
        source = (
            nosumdb.source
            if nosumdb.user_set
            else M("inherited from GOPRIVATE, {source}", source=private.source)
        )
        name = "GONOSUMDB" if nosumdb.user_set else "GOPRIVATE"
        findings.append(
            warning(
                M(
                    "GONOSUMDB={value} ({source}): pattern {patterns} exempts public modules from checksum "
                    "verification (GOTOOLCHAIN downloads also need a checksum database and will fail).",
                    value=nosumdb.value,
                    source=source,
                    patterns=", ".join(wide),
                ),
                # Which hosts are private only the user knows: no setup step can choose them.
                fix=M(
                    "list only your private hosts, e.g. {command}",
                    command=gofacts.go_env_w(name, "git.corp.example"),
                ),
            )
        )
    if evidence.env.get("GONOSUMCHECK"):
        findings.append(
            warning(
                M(
                    "env GONOSUMCHECK={value} is set: the go command does not read it (it never existed in a "
                    "release); if it was meant to skip verification, use GONOSUMDB for private hosts only.",
                    value=evidence.env["GONOSUMCHECK"],
                ),
                fix="unset GONOSUMCHECK",
            )
        )
    goflags = setting(evidence, "GOFLAGS", values)
    safe_flags = goflags_without_insecure(goflags.value or "")
    if safe_flags is not None:
        step, changes = go_change(evidence, goflags, safe_flags or None)
        findings.append(
            warning(
                M(
                    "GOFLAGS={value} ({source}) contains -insecure: older go commands skipped TLS and "
                    "checksum checks with it; current ones refuse it in `go get`.",
                    value=goflags.value,
                    source=goflags.source,
                ),
                fix=M("remove -insecure from GOFLAGS; use GOINSECURE=<private host> only where needed"),
                fixable_by=step,
                changes=changes,
            )
        )
    insecure = setting(evidence, "GOINSECURE", values)
    wide_insecure = public_patterns(insecure.value or "")
    if wide_insecure:
        findings.append(
            warning(
                M(
                    "GOINSECURE={value} ({source}): {patterns} lets public modules be fetched over plain "
                    "HTTP or without certificate checks.",
                    value=insecure.value,
                    source=insecure.source,
                    patterns=", ".join(wide_insecure),
                ),
                fix=M("go env -u GOINSECURE  (or list only hosts that really lack HTTPS)"),
                fixable_by=go_change(evidence, insecure, None)[0],
                changes=go_change(evidence, insecure, None)[1],
            )
        )
    if findings:
        return findings
    return [
        ok(
            M(
                "Checksum verification is on (GOSUMDB={value}, {source}).",
                value=sumdb.value or "sum.golang.org",
                source=sumdb.source,
            )
        )
    ]


@check("GO013", N_("GO111MODULE"))
def go111module(evidence: Evidence) -> list[Finding]:
    item = setting(evidence, "GO111MODULE")
    if item.origin == "unknown" and not go_env(evidence).values:
        envfile = gofacts.go_env_file(evidence)
        if envfile.parsed is None:
            return [
                skipped(
                    M(
                        "Skipped: {reason}, and the Go env file was not recorded.",
                        reason=go_env(evidence).reason,
                    )
                )
            ]
    value = (item.value or "").strip()
    if not value or not item.user_set:
        return [ok(M("GO111MODULE is not set (module mode is the default since Go 1.16)."))]
    where = value_source("GO111MODULE", value, item.source)
    unset = "unset GO111MODULE" if item.origin == "env" else "go env -u GO111MODULE"
    if value == "on":
        return [
            info(
                M("{where} is redundant: module mode has been the default since Go 1.16.", where=where),
                fix=unset,
            )
        ]
    step, changes = go_change(evidence, item, None)
    if value in ("off", "auto"):
        return [
            warning(
                M(
                    "{where}: GOPATH mode can switch on, where go.mod is ignored and `go get` behaves "
                    "differently.",
                    where=where,
                ),
                fix=unset,
                fixable_by=step,
                changes=changes,
            )
        ]
    return [
        warning(
            M(
                "{where} is not one of on, off, auto: the go command fails with 'invalid GO111MODULE'.",
                where=where,
            ),
            fix=unset,
            fixable_by=step,
            changes=changes,
        )
    ]


@check("GO014", N_("Private modules stay private"))
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
                        M(
                            "{name}={value} ({source}): pattern {pattern!r} {problem}.",
                            name=name,
                            value=item.value,
                            source=item.source,
                            pattern=pattern,
                            problem=problem,
                        ),
                        fix=M(
                            "{command}  (comma-separated globs, no scheme)",
                            command=gofacts.go_env_w(name, "<host>/<path prefix>,…"),
                        ),
                    )
                )
    leaks = gofacts.private_leaks(evidence, values)
    if leaks is None:
        findings = findings or [ok(M("No project go.mod recorded; GOPRIVATE patterns are well-formed."))]
        return findings
    if leaks.leaking:
        leaking = leaks.leaking
        private = setting(evidence, "GOPRIVATE", values)
        step, changes = go_change(evidence, private, leaks.goprivate)
        findings.append(
            warning(
                M(
                    "{count} required module(s) on non-public hosts are not matched by GOPRIVATE "
                    "({goprivate}): {modules}; their paths are sent to the public proxy and checksum "
                    "database.",
                    count=len(leaking),
                    goprivate=values.get("GOPRIVATE") or M("empty"),
                    modules=", ".join(leaking[:5]) + (" …" if len(leaking) > 5 else ""),
                ),
                fix=gofacts.set_fix(evidence, private, leaks.goprivate),
                fixable_by=step,
                changes=changes,
            )
        )
    if findings:
        return findings
    return [
        ok(
            M(
                "Every module in {gomod} is public or matched by GOPRIVATE.",
                gomod=tilde(evidence, leaks.gomod_path),
            )
        )
    ]


@check("GO015", N_("GOTOOLCHAIN can satisfy go.mod"))
def gotoolchain(evidence: Evidence) -> list[Finding]:
    found = gofacts.project_gomod(evidence)
    if found is None:
        return [ok(M("No project go.mod recorded: nothing asks for a newer toolchain."))]
    gomod_path, gomod = found
    values = need_go_env(evidence)
    if isinstance(values, Finding):
        return [values]
    local = gofacts.go_version(evidence)
    if local is None or local[0] is None:
        return [skipped(M("Skipped: the version of the local go is unknown."))]
    local_version = local[0]
    wanted: list[tuple[GoVersion, str]] = []
    if gomod.go and (v := GoVersion.parse(gomod.go)):
        where = f"{tilde(evidence, gomod_path)}:{gomod.go_line}"
        wanted.append((v, M("{directive} ({where})", directive=f"go {gomod.go}", where=where)))
    if gomod.toolchain and (v := GoVersion.parse(gomod.toolchain)):
        where = f"{tilde(evidence, gomod_path)}:{gomod.toolchain_line}"
        wanted.append((v, M("{directive} ({where})", directive=f"toolchain {gomod.toolchain}", where=where)))
    newer = [(v, where) for v, where in wanted if v > local_version]
    item = setting(evidence, "GOTOOLCHAIN", values)
    mode = (item.value or "auto").strip()
    if not newer:
        return [
            ok(
                M(
                    "The local {version} satisfies {gomod} (GOTOOLCHAIN={mode}).",
                    version=local[1],
                    gomod=tilde(evidence, gomod_path),
                    mode=mode,
                )
            )
        ]
    need, where = max(newer)
    if mode == "local" or mode.endswith("+path") or mode == "path":
        return [
            error(
                M(
                    "{where} needs go {need} but the local go is {version} and GOTOOLCHAIN={mode} ({source}) "
                    "forbids downloading one: every build fails.",
                    where=where,
                    need=str(need),
                    version=local[1],
                    mode=mode,
                    source=item.source,
                ),
                fix=M(
                    "{command}  (or {alternative})",
                    command=f"wslgo go install {need.tag}",
                    alternative=gofacts.go_env_w("GOTOOLCHAIN", "auto"),
                ),
                fixable_by="go-env",
            )
        ]
    goproxy = values.get("GOPROXY", "")
    gosumdb = values.get("GOSUMDB", "")
    if goproxy.strip() == "off" or gosumdb == "off":
        blocker = "GOPROXY=off" if goproxy.strip() == "off" else "GOSUMDB=off"
        return [
            warning(
                M(
                    "{where} needs go {need} (local {version}); GOTOOLCHAIN={mode} would download it, but "
                    "{blocker} makes that download fail (toolchains come through GOPROXY and must be "
                    "verified by the checksum database).",
                    where=where,
                    need=str(need),
                    version=local[1],
                    mode=mode,
                    blocker=blocker,
                ),
                fix=f"wslgo go install {need.tag}",
            )
        ]
    return [
        info(
            M(
                "{where} needs go {need}; the local {version} will download it (GOTOOLCHAIN={mode}, "
                "{source}).",
                where=where,
                need=str(need),
                version=local[1],
                mode=mode,
                source=item.source,
            ),
            fix=f"wslgo go install {need.tag}",
        )
    ]


@check("GO016", N_("Environment and Go env file agree"))
def env_vs_envfile(evidence: Evidence) -> list[Finding]:
    values = go_env(evidence).values
    envfile = gofacts.go_env_file(evidence, values)
    if envfile.parsed is None:
        return [
            skipped(
                M(
                    "Skipped: the Go env file {path} was not recorded.",
                    path=envfile.path or M("(unknown path)"),
                )
            )
        ]
    if not envfile.parsed.entries:
        return [ok(M("The Go env file sets nothing, so the environment cannot contradict it."))]
    assert envfile.path is not None
    findings: list[Finding] = []
    for key, file_value in envfile.parsed.values.items():
        env_value = evidence.env.get(key)
        if env_value and env_value != file_value.rstrip("\r"):
            entry = envfile.parsed.get(key)
            line = entry.line if entry else 0
            exports = [x for x in gofacts.rc_lines(evidence) if x.kind == "assign" and x.name == key]
            where = f"{tilde(evidence, envfile.path)}:{line}"
            message = (
                M(
                    "{name} is {env_value!r} in the environment (env {name}, exported at {export}) but "
                    "{file_value!r} in {where}; the environment wins, so `go env -w {name}` looks ignored.",
                    name=key,
                    env_value=env_value,
                    export=rc_where(evidence, exports[-1]),
                    file_value=file_value,
                    where=where,
                )
                if exports
                else M(
                    "{name} is {env_value!r} in the environment (env {name}) but {file_value!r} in {where}; "
                    "the environment wins, so `go env -w {name}` looks ignored.",
                    name=key,
                    env_value=env_value,
                    file_value=file_value,
                    where=where,
                )
            )
            findings.append(
                warning(
                    message,
                    # Which of the two values is meant only the user knows: no setup step picks one.
                    fix=M(
                        "keep one: remove the export and `unset {name}`, or run `go env -u {name}`", name=key
                    ),
                )
            )
    if findings:
        return findings
    return [
        ok(
            M(
                "No variable in {path} is overridden by a different environment value.",
                path=tilde(evidence, envfile.path),
            )
        )
    ]


def value_source(name: str, value: str, source: str) -> str:
    """``GOPROXY=… (env GOPROXY)``: a variable's value and where it came from, as a message part."""
    return M("{name}={value} ({source})", name=name, value=value, source=source)
