"""Step ``go-env``: correct the Go settings doctor flags, with the values doctor suggests.

Each rule below is the setup side of a doctor check and asks the same function for the value:

- GOPROXY (GO010): ``golang.goproxy.corrected`` — the guide's ``a,b,direct`` becomes ``a|b|direct``
  (``,`` falls through only on 404/410, so one proxy that is down stops every download), a list the go
  command refuses loses its bad element;
- GOSUMDB (GO011, GO012): ``golang.goenv.corrected_gosumdb`` — the guide's
  ``sum.golang.org+https://sum.golang.org`` (the go command refuses every download) becomes
  ``sum.golang.org``, and ``off`` turns verification back on;
- GOFLAGS without ``-insecure``, GOINSECURE covering public modules unset (GO012); GO111MODULE ``off``,
  ``auto`` or invalid unset (GO013);
- from doctor's evidence: GOPRIVATE extended with the project's non-public module hosts (GO014) and a
  GOROOT that is not the running go's unset (GO005).

Correct values are written to the Go env file; a shell export holding the bad value is commented out,
since the environment would override the file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from wslgo.edit.plan import Plan
from wslgo.evidence.queries import go_env_values
from wslgo.facts import go as gofacts
from wslgo.golang import goproxy
from wslgo.golang.goenv import corrected_gosumdb, go111module_is_harmful, goflags_without_insecure
from wslgo.golang.pathmatch import public_patterns
from wslgo.i18n import M
from wslgo.setup.common import GoSettingsEditor, Refusal, goenv_values, shell_exports
from wslgo.setup.model import SetupInputs, SetupOptions

STEP = "go-env"


@dataclass(frozen=True)
class Correction:
    """What a Go variable should become: ``value``, or unset (``None``: go's default applies)."""

    value: str | None
    reason: str


Rule = Callable[[str], Correction | None]


def _goproxy(value: str) -> Correction | None:
    fixed = goproxy.corrected(value)
    if fixed is None:
        return None
    return Correction(
        fixed,
        M("GOPROXY {value}: the go command refuses it, or falls through only on 404/410", value=repr(value)),
    )


def _gosumdb(value: str) -> Correction | None:
    fixed = corrected_gosumdb(value)
    if fixed is None:
        return None
    if value == "off":
        return Correction(fixed, M("GOSUMDB=off turns checksum verification off"))
    return Correction(fixed, M("GOSUMDB {value} is a malformed verifier id", value=repr(value)))


def _goflags(value: str) -> Correction | None:
    fixed = goflags_without_insecure(value)
    if fixed is None:
        return None
    return Correction(fixed or None, M("-insecure in GOFLAGS skips TLS and checksum checks"))


def _goinsecure(value: str) -> Correction | None:
    if not public_patterns(value):
        return None
    return Correction(None, M("GOINSECURE {value} covers public modules", value=repr(value)))


def _go111module(value: str) -> Correction | None:
    if not go111module_is_harmful(value):
        return None
    return Correction(None, M("GO111MODULE={value} can switch GOPATH mode on", value=repr(value)))


def _rules(inputs: SetupInputs) -> dict[str, Rule]:
    rules: dict[str, Rule] = {
        "GOPROXY": _goproxy,
        "GOSUMDB": _gosumdb,
        "GOFLAGS": _goflags,
        "GOINSECURE": _goinsecure,
        "GO111MODULE": _go111module,
    }
    evidence = inputs.evidence
    if evidence is None:
        return rules
    leaks = gofacts.private_leaks(evidence, go_env_values(evidence))
    if leaks is not None and leaks.leaking:
        goprivate = leaks.goprivate
        why = M("{count} required module(s) on non-public hosts", count=len(leaks.leaking))
        rules["GOPRIVATE"] = lambda _value: Correction(goprivate, why)
    mismatch = gofacts.goroot_mismatch(evidence)
    if mismatch is not None:
        why = M(
            "GOROOT={value} is not the GOROOT of {binary} ({own})",
            value=mismatch.value,
            binary=mismatch.binary,
            own=mismatch.own,
        )
        rules["GOROOT"] = lambda _value: Correction(None, why)
    return rules


def _apply(
    editor: GoSettingsEditor, inputs: SetupInputs, name: str, rule: Rule, file_value: str | None
) -> None:
    """Comment out exports with a bad value, then write (or unset) the corrected value in the Go env file."""
    exported = shell_exports(inputs, name)
    moved: Correction | None = None
    for found in exported:
        correction = rule(found.export.value)
        if correction is not None:
            where = f"{found.path}:{found.export.line_number}"
            editor.comment_out_export(found, M("{where}: {reason}", where=where, reason=correction.reason))
            moved = correction
    current = rule(file_value) if file_value is not None else None
    wanted = current or moved
    if wanted is not None and wanted.value is not None:
        reason = M("{name}={value}: {reason}", name=name, value=wanted.value, reason=wanted.reason)
        editor.set_go(name, wanted.value, reason)
    elif wanted is not None and file_value is not None:
        editor.unset_go(name, M("{name} unset: {reason}", name=name, reason=wanted.reason))
    env_value = inputs.env.get(name)
    if wanted is None and not exported and file_value is None and not env_value:
        # Not set anywhere: a rule that asks for a value (GOPRIVATE) writes it into the Go env file.
        fresh = rule("")
        if fresh is not None and fresh.value is not None:
            reason = M("{name}={value}: {reason}", name=name, value=fresh.value, reason=fresh.reason)
            editor.set_go(name, fresh.value, reason)
    if not exported and env_value is not None and (noted := rule(env_value)) is not None:
        target = f"set {name}={noted.value!r}" if noted.value is not None else f"unset {name}"
        editor.notes.append(
            f"{name}={env_value!r} comes from the environment but no rc file wslgo reads sets it; "
            f"{target} where it is defined"
        )


def plan(inputs: SetupInputs, options: SetupOptions) -> Plan:
    editor = GoSettingsEditor(inputs, STEP)
    try:
        file_values = goenv_values(inputs)
    except Refusal as refusal:
        return Plan(refusals=(str(refusal),))
    required = options.policy.env_values if options.policy is not None else {}
    for name, rule in _rules(inputs).items():
        if name in required:
            continue  # the team policy decides this value (below)
        _apply(editor, inputs, name, rule, file_values.get(name))
    if options.policy is not None:
        from wslgo.policy.setup_plan import plan_policy_env

        plan_policy_env(inputs, options.policy, editor)
    edits = editor.edits()
    return Plan(tuple(edits), notes=tuple(editor.notes), refusals=tuple(editor.refusals))
