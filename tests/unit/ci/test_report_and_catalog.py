"""The machine-readable contract of ``ci run`` (JSON keys, JUnit shape) and the ci area's translations."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from babel.messages.extract import extract_from_dir

from wslgo.ci.report import RunInfo, render_json, render_junit, summary_line, summary_rows
from wslgo.ci.result import CANCELLED, FAILURE, NOT_RUN, SKIPPED, SUCCESS, JobRun, RunOutcome, StepResult
from wslgo.i18n import M, catalog, set_language

SRC = Path(__file__).resolve().parents[3] / "src" / "wslgo"


def outcome() -> RunOutcome:
    ok = JobRun("test", "test (1.27.2)", 4, {"go": "1.27.2"}, SUCCESS, 1.5, "go1.27.2")
    ok.steps = [StepResult("test", "go vet", SUCCESS, 0.5, 0, "", 10, index=1)]
    bad = JobRun("test", "test (1.27.3)", 4, {"go": "1.27.3"}, FAILURE, 2.0, "go1.27.3")
    bad.steps = [
        StepResult(
            "test", "go test -race", FAILURE, 1.2, 1, "", 12, output_tail=("WARNING: DATA RACE",), index=2
        ),
        StepResult("test", "upload", SKIPPED, detail=M("an earlier step failed"), line=14, index=3),
        StepResult("test", "someone/thing@v1", NOT_RUN, detail="no local equivalent", line=15, index=4),
    ]
    gone = JobRun(
        "test", "test (1.28)", 4, {"go": "1.28"}, CANCELLED, reason=M("fail-fast: {label} failed", label="x")
    )
    return RunOutcome([ok, bad, gone])


def test_json_contract_keys() -> None:
    document = json.loads(render_json(outcome(), RunInfo("go.yml", "/w")))
    assert list(document) == [
        "schema_version",
        "workflow",
        "project",
        "exit_code",
        "summary",
        "first_failure",
        "not_run",
        "notes",
        "runs",
    ]
    assert document["schema_version"] == 1 and document["exit_code"] == 1
    assert document["summary"] == {
        "runs": 3,
        "success": 1,
        "failure": 1,
        "skipped": 1,
        "cancelled": 0,
        "not-run": 1,
    }
    assert document["first_failure"] == {
        "job": "test",
        "run": "test (1.27.3)",
        "step": "go test -race",
        "line": 12,
        "exit_code": 1,
    }
    run = document["runs"][1]
    assert list(run) == [
        "job",
        "name",
        "matrix",
        "status",
        "go",
        "duration_s",
        "reason",
        "continue_on_error",
        "steps",
    ]
    assert list(run["steps"][0]) == [
        "index",
        "name",
        "status",
        "exit_code",
        "duration_s",
        "detail",
        "line",
        "continue_on_error",
        "output_tail",
    ]
    assert run["steps"][0]["output_tail"] == ["WARNING: DATA RACE"]
    assert document["not_run"] == [
        {"job": "test", "run": "test (1.27.3)", "step": "someone/thing@v1", "reason": "no local equivalent"}
    ]


def test_junit_one_suite_per_run_one_case_per_step() -> None:
    suites = ET.fromstring(render_junit(outcome(), RunInfo("go.yml", "/w")))
    assert [s.get("name") for s in suites] == ["test (1.27.2)", "test (1.27.3)", "test (1.28)"]
    assert (suites.get("tests"), suites.get("failures"), suites.get("skipped")) == ("5", "1", "3")
    failing = suites[1].find("testcase/failure")
    assert failing is not None and failing.get("type") == "exit 1" and failing.text == "WARNING: DATA RACE"
    assert suites[0].find("properties/property[@name='matrix.go']").get("value") == "1.27.2"  # type: ignore[union-attr]
    assert suites[2].find("testcase/skipped").get("message").startswith("cancelled: fail-fast")  # type: ignore[union-attr]


def test_summary_rows_and_line() -> None:
    rows = summary_rows(outcome())
    assert rows[1][:4] == ("test (1.27.3)", "go1.27.3", "failure", "0/3")
    assert rows[1][5] == "go test -race (line 12, exit 1)"
    assert rows[2][2] == "cancelled" and rows[2][5] == "fail-fast: x failed"
    assert summary_line(outcome()) == (
        "1 passed, 1 failed, 1 skipped, 1 not run; first failure: test / go test -race (line 12, exit 1)"
    )


def test_every_ci_message_has_a_chinese_translation() -> None:
    """A user-visible sentence of the ci area missing from locale/zh_CN/ci.po fails here."""
    keywords = {"_": None, "M": None, "N_": None, "ngettext": (1, 2)}
    messages = [
        message
        for directory in (SRC / "ci", SRC / "cli")
        for _file, _line, message, _comments, _context in extract_from_dir(
            directory, method_map=[("**.py", "python")], keywords=keywords
        )
        if directory.name == "ci" or _file == "ci.py"
    ]
    assert len(messages) > 100
    translated = getattr(catalog("zh"), "_catalog", {})
    missing = [m for m in messages if (m if not isinstance(m, tuple) else (m[0], 0)) not in translated]
    assert missing == []


@pytest.fixture
def chinese() -> object:
    set_language("zh")
    yield None
    set_language("en")


def test_summary_in_chinese(chinese: object) -> None:
    assert summary_line(outcome()).startswith("1 个通过，1 个失败，1 个跳过，1 个未运行；第一个失败：")
