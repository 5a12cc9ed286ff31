"""Step ``go-env``: correct GOSUMDB and GOPROXY values the go command rejects or that defeat their purpose.

Only flagged values change (doctor GO010/GO011): the guide's ``sum.golang.org+https://sum.golang.org``
(a malformed verifier id: the go command refuses every module download) and a GOPROXY list that names
several proxies joined only by commas (``,`` falls through only on 404/410, so one proxy that is down
stops every download; ``|`` falls through on any error). Correct values are written to the Go env file;
a shell export holding the bad value is commented out, since the environment would override the file.
"""

from __future__ import annotations

from wslgo.edit.plan import Plan
from wslgo.setup.common import GoSettingsEditor, Refusal, goenv_values, shell_exports
from wslgo.setup.model import SetupInputs, SetupOptions

STEP = "go-env"


def fixed_gosumdb(value: str) -> str | None:
    """The corrected GOSUMDB for the ``name+https://url`` mistake, ``None`` when ``value`` is fine."""
    fields = value.split()
    if not fields or "+" not in fields[0]:
        return None
    name, _, key = fields[0].partition("+")
    if not key.startswith(("http://", "https://")):
        return None
    url = key if len(fields) == 1 else fields[1]
    if name == "sum.golang.org" and url.rstrip("/") == "https://sum.golang.org":
        return "sum.golang.org"
    return f"{name} {url}"


def fixed_goproxy(value: str) -> str | None:
    """``a,b,direct`` → ``a|b|direct`` when two or more proxy URLs are joined only by commas."""
    if "|" in value or "," not in value:
        return None
    elements = [element.strip() for element in value.split(",")]
    proxies = [element for element in elements if element and element not in ("direct", "off")]
    if len(proxies) < 2:
        return None
    return "|".join(element for element in elements if element)


_FIXERS = {
    "GOSUMDB": (
        fixed_gosumdb,
        "GOSUMDB {old!r} is a malformed verifier id the go command rejects; use {new!r}",
    ),
    "GOPROXY": (
        fixed_goproxy,
        "GOPROXY {old!r} names several proxies joined by ',' (falls through only on 404/410); "
        "'|' falls through on any error: {new!r}",
    ),
}


def plan(inputs: SetupInputs, options: SetupOptions) -> Plan:
    editor = GoSettingsEditor(inputs, STEP)
    required = options.policy.env_values if options.policy is not None else {}
    try:
        file_values = goenv_values(inputs)
    except Refusal as refusal:
        return Plan(refusals=(str(refusal),))
    for name, (fixer, template) in _FIXERS.items():
        if name in required:
            continue  # the team policy decides this value (below)
        exported = shell_exports(inputs, name)
        replacement: str | None = None
        for found in exported:
            new = fixer(found.export.value)
            if new is not None:
                reason = template.format(old=found.export.value, new=new)
                editor.comment_out_export(found, f"{found.path}:{found.export.line_number}: {reason}")
                replacement = new
        current = file_values.get(name)
        if current is not None and fixer(current) is not None:
            new = fixer(current)
            assert new is not None
            editor.set_go(name, new, template.format(old=current, new=new))
        elif replacement is not None:
            editor.set_go(name, replacement, f"{name}={replacement} (moved from the shell export)")
        env_value = inputs.env.get(name)
        if not exported and env_value is not None and fixer(env_value) is not None:
            editor.notes.append(
                f"{name}={env_value!r} comes from the environment but no rc file wslgo reads sets it; "
                f"set {name}={fixer(env_value)!r} where it is defined"
            )
    if options.policy is not None:
        from wslgo.policy.setup_plan import plan_policy_env

        plan_policy_env(inputs, options.policy, editor)
    edits = editor.edits()
    return Plan(tuple(edits), notes=tuple(editor.notes), refusals=tuple(editor.refusals))
