"""``wslgo ci run`` results as a summary table, JSON (schema_version 1) or JUnit XML (pure renderers).

JSON and JUnit are machine formats for editors and hooks: stable keys, English text; when the UI is
Chinese, JSON adds ``detail_zh``/``reason_zh`` next to the English. One JUnit ``testsuite`` per job ×
matrix entry, one ``testcase`` per step.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree as ET

from wslgo.ci.expressions import as_text
from wslgo.ci.result import CANCELLED, FAILURE, NOT_RUN, SKIPPED, SUCCESS, JobRun, RunOutcome, StepResult
from wslgo.i18n import N_, Message, _, current_language, localized, ngettext

SCHEMA_VERSION = 1
FORMATS = ("text", "json", "junit")

STATUS_WORDS = {
    SUCCESS: N_("success"),
    FAILURE: N_("failure"),
    SKIPPED: N_("skipped"),
    CANCELLED: N_("cancelled"),
    NOT_RUN: N_("not run"),
}


@dataclass(frozen=True)
class RunInfo:
    workflow: str
    project: str
    notes: tuple[str, ...] = ()


def _text_fields(name: str, value: str) -> dict[str, str]:
    fields = {name: str(value)}
    if isinstance(value, Message) and current_language() != "en":
        fields[f"{name}_zh"] = value.localized()
    return fields


def _step_json(step: StepResult) -> dict[str, Any]:
    return {
        "index": step.index,
        "name": step.name,
        "status": step.status,
        "exit_code": step.rc,
        "duration_s": round(step.duration_s, 3),
        **_text_fields("detail", step.detail),
        "line": step.line,
        "continue_on_error": step.continue_on_error,
        "output_tail": list(step.output_tail),
    }


def _run_json(run: JobRun) -> dict[str, Any]:
    return {
        "job": run.job,
        "name": run.label,
        "matrix": dict(run.matrix),
        "status": run.status,
        "go": run.go,
        "duration_s": round(run.duration_s, 3),
        **_text_fields("reason", run.reason),
        "continue_on_error": run.continue_on_error,
        "steps": [_step_json(step) for step in run.steps],
    }


def render_json(outcome: RunOutcome, info: RunInfo) -> str:
    failure = outcome.first_failure
    owner = next((run for run in outcome.runs if failure is not None and failure in run.steps), None)
    document = {
        "schema_version": SCHEMA_VERSION,
        "workflow": info.workflow,
        "project": info.project,
        "exit_code": outcome.exit_code,
        "summary": {"runs": len(outcome.runs), **outcome.step_counts()},
        "first_failure": None
        if failure is None or owner is None
        else {
            "job": failure.job,
            "run": owner.label,
            "step": failure.name,
            "line": failure.line,
            "exit_code": failure.rc,
        },
        "not_run": [
            {
                "job": run.job,
                "run": run.label,
                "step": step.name if step else None,
                **_text_fields("reason", step.detail if step else run.reason),
            }
            for run, step in outcome.not_run
        ],
        "notes": [str(note) for note in info.notes],
        "runs": [_run_json(run) for run in outcome.runs],
    }
    return json.dumps(document, indent=2, ensure_ascii=False, default=as_text) + "\n"


def render_junit(outcome: RunOutcome, info: RunInfo) -> str:
    suites = ET.Element("testsuites", name="wslgo ci")
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for run in outcome.runs:
        cases = run.steps or [StepResult(run.job, run.label, run.status, detail=run.reason, line=run.line)]
        failures = sum(1 for s in cases if s.status == FAILURE and not s.continue_on_error)
        skipped = sum(1 for s in cases if s.status in (SKIPPED, CANCELLED, NOT_RUN))
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=run.label,
            tests=str(len(cases)),
            failures=str(failures),
            errors="0",
            skipped=str(skipped),
            time=f"{run.duration_s:.3f}",
        )
        properties = ET.SubElement(suite, "properties")
        for key, value in run.matrix.items():
            ET.SubElement(properties, "property", name=f"matrix.{key}", value=as_text(value))
        if run.go:
            ET.SubElement(properties, "property", name="go", value=run.go)
        for step in cases:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=f"{info.workflow}.{run.job}",
                name=step.name,
                time=f"{step.duration_s:.3f}",
            )
            message = str(step.detail) or str(step.status)
            if step.status == FAILURE and not step.continue_on_error:
                failure = ET.SubElement(
                    case,
                    "failure",
                    message=message,
                    type=f"exit {step.rc}" if step.rc is not None else "failure",
                )
                failure.text = "\n".join(step.output_tail)
            elif step.status in (SKIPPED, CANCELLED, NOT_RUN):
                ET.SubElement(case, "skipped", message=f"{step.status}: {message}")
            elif step.output_tail:
                ET.SubElement(case, "system-out").text = "\n".join(step.output_tail)
        totals["tests"] += len(cases)
        totals["failures"] += failures
        totals["skipped"] += skipped
    for key, value in totals.items():
        suites.set(key, str(value))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def summary_rows(outcome: RunOutcome) -> list[tuple[str, str, str, str, str, str]]:
    """(run, Go, result, steps passed/total, time, what went wrong) per job × matrix entry."""
    rows = []
    for run in outcome.runs:
        passed = sum(1 for s in run.steps if s.status == SUCCESS)
        failure = run.first_failure
        if failure is not None:
            why = _(
                "{step} (line {line}, exit {code})",
                step=failure.name,
                line=failure.line,
                code=failure.rc if failure.rc is not None else "-",
            )
        else:
            not_run = [s for s in run.steps if s.status == NOT_RUN]
            why = (
                localized(run.reason)
                if run.reason
                else (
                    ngettext("{count} step not run", "{count} steps not run", len(not_run)) if not_run else ""
                )
            )
        rows.append(
            (
                run.label,
                run.go or "",
                _(STATUS_WORDS[run.status])
                + (" (continue-on-error)" if run.continue_on_error and run.status == FAILURE else ""),
                f"{passed}/{len(run.steps)}",
                f"{run.duration_s:.1f}s" if run.steps else "",
                why,
            )
        )
    return rows


def summary_line(outcome: RunOutcome) -> str:
    counts = outcome.step_counts()
    line = _(
        "{passed} passed, {failed} failed, {skipped} skipped, {not_run} not run",
        passed=counts[SUCCESS],
        failed=counts[FAILURE],
        skipped=counts[SKIPPED] + counts[CANCELLED],
        not_run=counts[NOT_RUN] + sum(1 for run, step in outcome.not_run if step is None),
    )
    failure = outcome.first_failure
    if failure is not None:
        rest = _(
            "first failure: {job} / {step} (line {line}, exit {code})",
            job=failure.job,
            step=failure.name,
            line=failure.line,
            code=outcome.exit_code,
        )
    elif outcome.not_run and not outcome.allow_unsupported:
        rest = _(
            "not everything CI runs was run here (see 'not run'); exit 1 (--allow-unsupported accepts it)"
        )
    else:
        return line
    return _("{first}; {rest}", first=line, rest=rest)


def columns() -> Sequence[str]:
    return (_("job"), _("Go"), _("result"), _("steps"), _("time"), _("first failure or reason"))
