"""The fleet report as one self-contained HTML page (Jinja2, autoescaped).

Bundle contents are untrusted: a host name, a path or a GOPROXY value may hold ``<script>``, quotes or a
``javascript:`` URL. The page therefore

* renders every bundle string through Jinja2 with autoescaping on — as element text or inside quoted
  attributes only, never in ``href``/``src``/``style`` or an event handler;
* embeds its data for the script as ``application/json`` through ``tojson``, which escapes ``<``, ``>``,
  ``&`` and ``'`` (a ``</script>`` inside a value cannot end the element);
* builds identifiers and links from the machine's position and the check ID (registry-validated) only;
* carries a Content-Security-Policy that allows no network request at all and runs only its own inline
  script (by SHA-256 hash), so even a mistake in escaping could not run injected script or fetch anything.

The CSS and JavaScript are package files inlined verbatim; the script only ever writes ``textContent``.
The page is complete without JavaScript (a plain matrix, the common findings, every machine's findings and
fixes); the script adds sorting, filtering and folding of the columns where no machine has a problem.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from importlib import resources
from typing import Any

from jinja2 import Environment, StrictUndefined
from markupsafe import Markup

from wslgo import __version__
from wslgo.checks.model import Check, Finding, Status
from wslgo.fleet.model import (
    STATUS_LETTER,
    STATUS_RANK,
    Fleet,
    Machine,
    dotted_sort_key,
    go_sort_key,
    status_label,
)
from wslgo.i18n import _, current_language, localized, ngettext
from wslgo.report.sarif import PROJECT_URI
from wslgo.report.text import MARKS

#: A cell's tooltip carries the start of its message; the full text is in the machine's section.
TITLE_CHARS = 180
#: A bundle can make a message as long as it likes (a GOPROXY of megabytes): the page shows this much,
#: and this much of a name or version.
TEXT_CHARS = 4000
FACT_CHARS = 200
TEMPLATE_PACKAGE = "wslgo.fleet"


def _asset(name: str) -> str:
    return (resources.files(TEMPLATE_PACKAGE) / "templates" / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _environment() -> Environment:
    environment = Environment(
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.globals["_"] = _
    environment.globals["ngettext"] = ngettext
    return environment


@lru_cache(maxsize=1)
def _template_and_assets() -> tuple[Any, str, str]:
    script, css = _asset("report.js"), _asset("report.css")
    if "</" in script or "</" in css:  # inlined verbatim: they must not be able to close their element
        raise ValueError("report.js and report.css must not contain '</'")
    template = _environment().from_string(_asset("report.html.j2"))
    return template, css, script


def content_security_policy(script: str) -> str:
    """No fetch of any kind; styles inline; only this exact script runs."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )


def docs_url(check: Check) -> str:
    return f"{PROJECT_URI}/blob/main/{check.docs}"


def _clip(text: str, limit: int = TEXT_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _short(text: str) -> str:
    return _clip(text, TITLE_CHARS)


def _cell(machine: Machine, check: Check, quiet: bool) -> dict[str, Any]:
    status = machine.status_of(check.id) or Status.SKIPPED
    findings = machine.findings_of(check.id)
    worst_finding: Finding | None = next((f for f in findings if f.status is status), None)
    message = localized(worst_finding.message) if worst_finding else _("not run")
    return {
        "id": check.id,
        "status": status.value,
        "mark": MARKS[status],
        "quiet": quiet,
        "detail": status not in (Status.OK, Status.SKIPPED),
        "title": f"{check.id} · {status_label(status)} · {_short(message)}",
    }


def _details(machine: Machine) -> list[dict[str, Any]]:
    details: list[dict[str, Any]] = []
    seen: set[str] = set()
    ordered = sorted(machine.results, key=lambda r: -STATUS_RANK[r.finding.status])
    for result in ordered:
        status = result.finding.status
        if status in (Status.OK, Status.SKIPPED):
            continue
        details.append(
            {
                "id": result.check.id,
                "status": status.value,
                "mark": MARKS[status],
                "message": _clip(localized(result.finding.message)),
                "fix": _clip(localized(result.finding.fix)) if result.finding.fix else None,
                # Cells link to the first (most serious) finding of their check.
                "anchor": result.check.id not in seen,
            }
        )
        seen.add(result.check.id)
    return details


def _fact(value: str | None) -> str | None:
    return _clip(value, FACT_CHARS) if value else value


def _machine_view(machine: Machine, fleet: Fleet) -> dict[str, Any]:
    facts = machine.facts
    policy = machine.policy_status()
    go_full = " ".join(part for part in (facts.go_version, facts.go_target) if part) or None
    return {
        "index": machine.index,
        "name": _fact(machine.name),
        "source": _clip(machine.source),
        "where": _fact(facts.where),
        "go": _fact(facts.go_version),
        "go_full": _fact(go_full),
        "wsl": _fact(facts.wsl_label),
        "distro": _fact(facts.distro),
        "kernel": _fact(facts.kernel),
        "captured": _fact(facts.captured),
        "errors": machine.count(Status.ERROR),
        "warnings": machine.count(Status.WARNING),
        "ok": machine.count(Status.OK),
        "skipped": machine.count(Status.SKIPPED),
        "policy": (policy or Status.SKIPPED).value,
        "policy_mark": MARKS[policy or Status.SKIPPED],
        "policy_label": status_label(policy) if policy else "—",
        "cells": [_cell(machine, check, check.id in fleet.quiet) for check in fleet.checks],
        "details": _details(machine),
        "fixes": [_clip(localized(fix)) for fix in machine.fixes],
    }


def _data(fleet: Fleet) -> dict[str, Any]:
    """What the script needs: per machine a search text, sort keys and one status letter per check."""
    machines = []
    for machine in fleet.machines:
        facts = machine.facts
        searchable = [
            machine.name,
            facts.where,
            facts.go_version,
            facts.wsl_label,
            facts.distro,
            facts.kernel,
        ]
        policy = machine.policy_status()
        machines.append(
            {
                "i": machine.index,
                "n": _fact(machine.name),
                "q": " ".join(_fact(part) or "" for part in searchable if part).lower(),
                "s": "".join(
                    STATUS_LETTER[machine.status_of(check.id) or Status.SKIPPED] for check in fleet.checks
                ),
                "e": machine.count(Status.ERROR),
                "w": machine.count(Status.WARNING),
                "p": STATUS_RANK[policy] if policy else 0,
                "k": {
                    "go": go_sort_key(facts.go_version),
                    "wsl": (facts.wsl or "") + " " + dotted_sort_key(_fact(facts.wsl_version)),
                    "distro": _fact(facts.distro) or "",
                    "kernel": dotted_sort_key(_fact(facts.kernel)),
                },
            }
        )
    return {
        "machines": machines,
        "checks": [check.id for check in fleet.checks],
        "labels": {
            "shown": _("Machines shown: {shown} of {total}"),
            "only": _("Only machines with {check}"),
        },
    }


def render_html(fleet: Fleet) -> str:
    template, css, script = _template_and_assets()
    common = [
        {
            "id": item.check.id,
            "title": _(item.check.title),
            "docs": docs_url(item.check),
            "status": item.status.value,
            "status_label": status_label(item.status),
            "mark": MARKS[item.status],
            "count": item.count,
            "machines": [{"index": i, "name": _fact(fleet.machine(i).name)} for i in item.machines],
        }
        for item in fleet.common
    ]
    checks = [
        {"id": check.id, "title": _(check.title), "quiet": check.id in fleet.quiet} for check in fleet.checks
    ]
    totals = {
        "error": fleet.count_machines(Status.ERROR),
        "warning": fleet.count_machines(Status.WARNING),
        "clean": fleet.all_clear,
    }
    return str(
        template.render(
            lang="zh-CN" if current_language() == "zh" else "en",
            csp=content_security_policy(script),
            version=__version__,
            generated=fleet.generated,
            policy_path=fleet.policy_path,
            totals=totals,
            common=common,
            checks=checks,
            machines=[_machine_view(machine, fleet) for machine in fleet.machines],
            data=_data(fleet),
            css=Markup(css),  # a package file, not bundle data
            script=Markup(script),  # a package file, checked above for '</'
        )
    )
