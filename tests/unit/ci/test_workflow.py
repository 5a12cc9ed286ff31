from __future__ import annotations

import pytest

from wslgo.ci.matrix import parse_matrix_options
from wslgo.ci.plan import map_uses, order_jobs, plan_run
from wslgo.ci.workflow import parse_workflow
from wslgo.errors import InputError, UsageError

WORKFLOW = """\
name: CI
on:
  push:
env:
  GOFLAGS: -mod=mod
defaults:
  run:
    shell: bash
jobs:
  lint:
    needs: test
    runs-on: ubuntu-latest
    steps:
      - uses: golangci/golangci-lint-action@v8
  test:
    runs-on: ubuntu-latest
    env:
      CGO_ENABLED: 1
    steps:
      - uses: actions/checkout@v5
      - name: unit
        run: go test ./...
        working-directory: sub
        continue-on-error: true
        timeout-minutes: 5
        if: ${{ always() }}
"""


def test_parse_model_lines_and_on_key() -> None:
    workflow = parse_workflow(WORKFLOW, "ci.yml")
    assert workflow.on == {"push": None}  # 'on' is the string key, not YAML 1.1's True
    assert workflow.env == {"GOFLAGS": "-mod=mod"}
    assert workflow.shell == "bash"
    test = workflow.job("test")
    assert test is not None and test.env == {"CGO_ENABLED": 1}
    step = test.steps[1]
    assert (step.name, step.run, step.working_directory, step.continue_on_error) == (
        "unit",
        "go test ./...",
        "sub",
        True,
    )
    assert step.timeout_minutes == 5 and step.if_ == "${{ always() }}"
    assert step.line == 21 and step.line_of("if") == 26
    assert [job.id for job in order_jobs(workflow)] == ["test", "lint"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "on: push\njobs:\n  a:\n    steps:\n      - run: [x\n",
            r"ci.yml:6: invalid YAML: expected ',' or '\]'.*at line 5",
        ),
        ("on: push\njobs: {}\n", r"ci.yml:2: 'jobs' must be a non-empty mapping"),
        (
            "on: push\njobs:\n  a:\n    steps:\n      - name: nothing\n",
            r"ci.yml:5: jobs.a.steps\[0\] needs exactly one",
        ),
        (
            "on: push\njobs:\n  a:\n    steps:\n      - run: x\n        env: [A]\n",
            r"ci.yml:6: jobs.a.steps\[0\].env must be",
        ),
        ("- a\n", r"ci.yml:1: a workflow must be a mapping"),
        ("on: push\njobs:\n  a:\n    needs: b\n    steps: []\n", r"ci.yml:3: jobs.a needs unknown job 'b'"),
    ],
)
def test_invalid_workflows_name_the_line(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        order_jobs(parse_workflow(text, "ci.yml"))


def test_unsupported_expression_is_refused_with_its_line() -> None:
    text = "on: push\njobs:\n  a:\n    steps:\n      - run: echo ok\n      - run: echo ${{ secrets.TOKEN }}\n"
    with pytest.raises(
        InputError, match=r"ci.yml:6: jobs.a.steps\[1\].run: the 'secrets' context is not available"
    ):
        plan_run(parse_workflow(text, "ci.yml"), None, {})


def test_matrix_runs_every_entry_and_selection_picks_some() -> None:
    text = (
        "on: push\njobs:\n  t:\n    strategy:\n      matrix:\n        go: ['1.26', '1.27']\n        os: [ubuntu-latest]\n"
        "    steps:\n      - run: echo ${{ matrix.go }}\n  lint:\n    steps: [{run: x}]\n"
    )
    workflow = parse_workflow(text, "ci.yml")
    test, lint = plan_run(workflow, None, {})
    assert [e.label("t") for e in test.entries] == ["t (1.26, ubuntu-latest)", "t (1.27, ubuntu-latest)"]
    assert test.total == 2 and test.entry_indexes == (0, 1)
    assert len(lint.entries) == 1 and lint.entries[0].values == {}
    chosen, lint_again = plan_run(workflow, None, parse_matrix_options(["go=1.27"]))
    assert [dict(e.values) for e in chosen.entries] == [{"go": "1.27", "os": "ubuntu-latest"}]
    assert chosen.entry_indexes == (1,) and chosen.total == 2 and len(lint_again.entries) == 1
    with pytest.raises(
        UsageError, match=r"--matrix matches no entry of jobs.t \(entries: go=1.26, os=ubuntu"
    ):
        plan_run(workflow, "t", {"go": "1.1"})
    with pytest.raises(UsageError, match="--matrix arch: no selected job has a matrix key"):
        plan_run(workflow, None, {"arch": "x"})
    with pytest.raises(UsageError, match="expected KEY=VALUE"):
        parse_matrix_options(["go"])


def test_matrix_selection_compares_like_expressions() -> None:
    text = "on: push\njobs:\n  t:\n    strategy:\n      matrix:\n        go: [1.20, 1.21]\n    steps: [{run: x}]\n"
    (planned,) = plan_run(parse_workflow(text, "ci.yml"), None, {"go": "1.20"})
    assert [dict(e.values) for e in planned.entries] == [{"go": 1.2}]  # YAML reads 1.20 as the number 1.2


def test_job_selection_and_skips() -> None:
    workflow = parse_workflow(WORKFLOW, "ci.yml")
    (lint,) = plan_run(workflow, "lint", {})
    assert lint.notes == ("needs test: not run (--job runs one job)",)
    assert lint.entries[0].values == {}
    with pytest.raises(UsageError, match=r"--job nope: no such job .*jobs: lint, test"):
        plan_run(workflow, "nope", {})
    windows = parse_workflow(
        "on: push\njobs:\n  w:\n    runs-on: windows-latest\n    steps: [{run: x}]\n", "w.yml"
    )
    (planned,) = plan_run(windows, None, {})
    assert planned.skip_reason == "runs-on windows-latest: wslgo runs Linux jobs only" and planned.unsupported


@pytest.mark.parametrize(
    ("uses", "kind"),
    [
        ("actions/checkout@v5", "checkout"),
        ("actions/setup-go@v6", "setup-go"),
        ("actions/cache@v4", "service"),
        ("actions/upload-artifact@v4", "service"),
        ("github/codeql-action/upload-sarif@v3", "service"),
        ("golangci/golangci-lint-action@v8", "golangci-lint"),
        ("docker://alpine", "unsupported"),
        ("./local", "unsupported"),
        ("someone/thing@v1", "unsupported"),
        ("actions/setup-node@v4", "unsupported"),
    ],
)
def test_uses_mapping(uses: str, kind: str) -> None:
    assert map_uses(uses).kind == kind
