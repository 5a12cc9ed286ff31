"""POL001–POL004: doctor's checks of a machine against a team policy (SPEC §14).

They are ordinary checks — pure functions of the evidence, run by the same runner, rendered by the same
reports — except that each needs the policy, so ``policy_checks(policy)`` binds them to one policy at run time
instead of registering them globally (doctor without ``--policy`` never shows them). Their IDs are still
validated by the registry's ID rule and documented in ``docs/checks.md``.

Each rule reuses the knowledge the rest of doctor has: the Go version of the go that runs and Go's version
order (``facts.go`` / ``golang.version``), the effective value of each variable from ``go env -json`` with
its source and the go command's list semantics (``golang.envvalues``), where a tool is installed and what
built it (the TOOL checks' own facts), and the other checks themselves (POL004 runs them).
"""

from __future__ import annotations

from collections.abc import Callable

from wslgo.checks.model import Check, Finding, Status, error, info, ok, skipped, warning
from wslgo.checks.registry import category_of
from wslgo.evidence.model import Evidence
from wslgo.evidence.queries import go_env
from wslgo.facts import go as gofacts
from wslgo.golang.envvalues import PATTERN_LISTS, pattern_difference, same_value
from wslgo.golang.version import newest_lines
from wslgo.i18n import LANGUAGES, N_, M, Translated, localized, translate
from wslgo.policy.gorange import suggested_install
from wslgo.policy.model import Policy
from wslgo.policy.tools import ToolFacts, tool_facts

#: ID → title. Titles are translated where they are shown.
POLICY_CHECKS: dict[str, str] = {
    "POL001": N_("Go version in the policy's range"),
    "POL002": N_("Go environment the policy requires"),
    "POL003": N_("Tools the policy requires"),
    "POL004": N_("Checks the policy requires to pass"),
}
#: A status as a word inside a sentence (the same words the reports use).
STATUS_WORDS: dict[Status, str] = {
    Status.OK: M("ok"),
    Status.INFO: M("info"),
    Status.WARNING: M("warning"),
    Status.ERROR: M("error"),
    Status.SKIPPED: M("skipped"),
}
#: Statuses that count as passing for ``[doctor] require-ok``: ``info`` is how many checks say "fine, and
#: here is the value" (WSL005 when systemd is configured and running).
PASSING = (Status.OK, Status.INFO)


def install_go_fix(policy: Policy, evidence: Evidence) -> str | None:
    """``wslgo go install …`` for a Go inside the policy's range (the newest line released by "now")."""
    if policy.go is None:
        return None
    today = evidence.now.date()
    extra = dict.fromkeys(gofacts.sdk_index_lines(evidence), today)
    released = newest_lines(today, count=100, extra=extra)
    version = suggested_install(policy.go.allowed, released)
    return f"wslgo go install {version}" if version else None


def setup_env_fix(policy: Policy) -> str:
    """The setup command that writes the policy's ``[env]`` values (POL002's fix)."""
    return f"wslgo setup go-env --policy {policy.path}"


# -- POL001 ---------------------------------------------------------------------------------------------


def go_version_in_range(evidence: Evidence, policy: Policy) -> list[Finding]:
    rule = policy.go
    if rule is None:
        return [skipped(M("Skipped: the policy sets no [go] version."))]
    where = policy.where(rule.line)
    fix = install_go_fix(policy, evidence)
    found = gofacts.go_version(evidence)
    if found is None:
        return [
            error(
                M(
                    "No Go found (`go version` did not run) but the policy requires Go {range} ({where}).",
                    range=rule.allowed.text,
                    where=where,
                ),
                fix=fix,
            )
        ]
    version, raw, source = found
    if version is None:
        return [
            warning(
                M(
                    "Go {raw} ({source}) is not a release, so it cannot be placed in the policy's range "
                    "{range} ({where}).",
                    raw=raw,
                    source=source,
                    range=rule.allowed.text,
                    where=where,
                ),
                fix=fix,
            )
        ]
    if rule.allowed.allows(version):
        return [
            ok(
                M(
                    "Go {version} ({source}) is inside the policy's range {range} ({where}).",
                    version=str(version),
                    source=source,
                    range=rule.allowed.text,
                    where=where,
                )
            )
        ]
    return [
        error(
            M(
                "Go {version} ({source}) is outside the policy's range {range} ({where}).",
                version=str(version),
                source=source,
                range=rule.allowed.text,
                where=where,
            ),
            fix=fix,
        )
    ]


# -- POL002 ---------------------------------------------------------------------------------------------


def _mismatch_detail(name: str, have: str, want: str) -> str:
    if name not in PATTERN_LISTS:
        return ""
    missing, extra = pattern_difference(have, want)
    if missing and extra:
        return M(
            " (missing {missing}; not in the policy: {extra})",
            missing=", ".join(missing),
            extra=", ".join(extra),
        )
    if missing:
        return M(" (missing {missing})", missing=", ".join(missing))
    return M(" (not in the policy: {extra})", extra=", ".join(extra))


def env_values_required(evidence: Evidence, policy: Policy) -> list[Finding]:
    if not policy.env:
        return [skipped(M("Skipped: the policy sets no [env] values."))]
    read = go_env(evidence)
    fix = setup_env_fix(policy)
    if read.values is None:
        return [
            error(
                M(
                    "Cannot compare the Go environment with the policy ({where}): {reason}.",
                    where=policy.path,
                    reason=read.reason,
                ),
                fix=fix,
                fixable_by="go-env",
            )
        ]
    findings: list[Finding] = []
    for rule in policy.env:
        where = policy.where(rule.line)
        item = gofacts.setting(evidence, rule.name, read.values)
        if item.value is None:
            findings.append(
                error(
                    M(
                        "{name} is not reported by `go env -json` (a Go too old to know it?) but the policy "
                        "requires {name}={want!r} ({where}).",
                        name=rule.name,
                        want=rule.value,
                        where=where,
                    ),
                    fix=fix,
                    fixable_by="go-env",
                )
            )
        elif same_value(rule.name, item.value, rule.value):
            same = item.value == rule.value
            findings.append(
                ok(
                    M(
                        "{name}={have!r} ({source}) is what the policy requires ({where}).",
                        name=rule.name,
                        have=item.value,
                        source=item.source,
                        where=where,
                    )
                    if same
                    else M(
                        "{name}={have!r} ({source}) means the same to the go command as the policy's "
                        "{want!r} ({where}).",
                        name=rule.name,
                        have=item.value,
                        source=item.source,
                        want=rule.value,
                        where=where,
                    )
                )
            )
        else:
            findings.append(
                error(
                    M(
                        "{name}={have!r} ({source}) but the policy requires {want!r}{detail} ({where}).",
                        name=rule.name,
                        have=item.value,
                        source=item.source,
                        want=rule.value,
                        detail=_mismatch_detail(rule.name, item.value, rule.value),
                        where=where,
                    ),
                    fix=fix,
                    fixable_by="go-env",
                )
            )
    return findings


# -- POL003 ---------------------------------------------------------------------------------------------


def _tool_finding(facts: ToolFacts, where: str, fix: str) -> Finding:
    name = facts.name
    if not facts.known:
        return skipped(M("Skipped: PATH lookups for {name} were not recorded.", name=name))
    if facts.binary is None:
        return error(
            M(
                "{name} is required by the policy ({where}) but not installed (not on PATH, GOBIN or "
                "GOPATH/bin).",
                name=name,
                where=where,
            ),
            fix=fix,
            fixable_by="tools",
        )
    if facts.problem is not None:
        return error(
            M(
                "{name} at {binary} cannot run here: {problem} (required by the policy, {where}).",
                name=name,
                binary=facts.binary,
                problem=facts.problem,
                where=where,
            ),
            fix=fix,
            fixable_by="tools",
        )
    if facts.unreadable is not None:
        return warning(
            M(
                "{name} is installed at {binary}, but `go version -m` could not read it ({reason}), so "
                "whether it runs is unknown (required by the policy, {where}).",
                name=name,
                binary=facts.binary,
                reason=facts.unreadable,
                where=where,
            ),
            fix=fix,
            fixable_by="tools",
        )
    if facts.build is None:
        return ok(
            M(
                "{name} is installed at {binary} as the policy requires ({where}); its build was not "
                "recorded.",
                name=name,
                binary=facts.binary,
                where=where,
            )
        )
    return ok(
        M(
            "{name} {version} at {binary}, built with {go} for {target}, as the policy requires ({where}).",
            name=name,
            version=facts.build.module_version or "(devel)",
            binary=facts.binary,
            go=facts.build.go_version_raw,
            target=facts.target or M("this machine"),
            where=where,
        )
    )


def tools_required(evidence: Evidence, policy: Policy) -> list[Finding]:
    if not policy.tools:
        return [skipped(M("Skipped: the policy requires no [tools]."))]
    return [
        _tool_finding(
            tool_facts(evidence, rule.name), policy.where(rule.line), f"wslgo tools install {rule.name}"
        )
        for rule in policy.tools
    ]


# -- POL004 ---------------------------------------------------------------------------------------------


def required_checks_pass(evidence: Evidence, policy: Policy, *, offline: bool = False) -> list[Finding]:
    if not policy.require_ok:
        return [skipped(M("Skipped: the policy's [doctor] require-ok is empty."))]
    from wslgo.checks.registry import all_checks
    from wslgo.checks.runner import run_checks

    by_id = {check.id: check for check in all_checks()}
    findings: list[Finding] = []
    for rule in policy.require_ok:
        where = policy.where(rule.line)
        results = run_checks(evidence, [by_id[rule.check_id]], offline=offline)
        failing = [r.finding for r in results if r.finding.status not in (*PASSING, Status.SKIPPED)]
        if failing:
            worst = max(failing, key=lambda finding: finding.status.severity)
            findings.append(
                error(
                    M(
                        "{id} must pass under the policy ({where}) but reports {status}: {message}",
                        id=rule.check_id,
                        where=where,
                        status=STATUS_WORDS[worst.status],
                        message=worst.message,
                    ),
                    fix=worst.fix,
                    fixable_by=worst.fixable_by,
                )
            )
        elif all(r.finding.status is Status.SKIPPED for r in results):
            findings.append(
                info(
                    M(
                        "{id} was skipped here ({message}), so the policy's require-ok ({where}) cannot be "
                        "confirmed on this machine.",
                        id=rule.check_id,
                        message=skip_reason(results[0].finding.message),
                        where=where,
                    )
                )
            )
        else:
            statuses = sorted({r.finding.status.value for r in results if r.finding.status in PASSING})
            findings.append(
                ok(
                    M(
                        "{id} passes ({statuses}) as the policy requires ({where}).",
                        id=rule.check_id,
                        statuses=", ".join(statuses),
                        where=where,
                    )
                )
            )
    return findings


def skip_reason(message: str) -> str:
    """The reason inside a ``Skipped: <reason>.`` message, in English and in Chinese.

    The prefix and the full stop are taken from the catalog's own ``Skipped: {reason}.`` in each language,
    so the reason reads naturally inside another sentence whichever language shows it.
    """

    def strip(text: str, language: str) -> str:
        prefix, _, suffix = translate(SKIPPED_TEMPLATE, language).partition("{reason}")
        return text.removeprefix(prefix).removesuffix(suffix)

    return Translated({language: strip(localized(message, language), language) for language in LANGUAGES})


SKIPPED_TEMPLATE = N_("Skipped: {reason}.")


# -- binding ----------------------------------------------------------------------------------------------


def policy_checks(policy: Policy, *, offline: bool = False) -> list[Check]:
    """POL001–POL004 bound to ``policy``, ready for ``checks.runner.run_checks``."""
    runs: dict[str, Callable[[Evidence], list[Finding]]] = {
        "POL001": lambda evidence: go_version_in_range(evidence, policy),
        "POL002": lambda evidence: env_values_required(evidence, policy),
        "POL003": lambda evidence: tools_required(evidence, policy),
        "POL004": lambda evidence: required_checks_pass(evidence, policy, offline=offline),
    }
    return [
        Check(id=check_id, title=title, category=category_of(check_id), run=runs[check_id])
        for check_id, title in POLICY_CHECKS.items()
    ]
