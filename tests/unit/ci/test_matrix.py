"""Matrix expansion against GitHub's own examples (workflow syntax docs; MatrixBuilder.cs in actions/runner)."""

from __future__ import annotations

from typing import Any

import pytest

from wslgo.ci.matrix import expand_matrix
from wslgo.ci.workflow import parse_workflow
from wslgo.errors import InputError


def expand(matrix_yaml: str) -> list[dict[str, Any]]:
    text = (
        "on: push\njobs:\n  j:\n    strategy:\n      matrix:\n"
        + "".join(f"        {line}\n" for line in matrix_yaml.strip("\n").splitlines())
        + "    steps: [{run: x}]\n"
    )
    job = parse_workflow(text, "ci.yml").jobs[0]
    return [
        dict(e.values) for e in expand_matrix(job.matrix, path="ci.yml", job_id="j", line=job.matrix_line)
    ]


def test_docs_include_example_gives_the_six_documented_jobs() -> None:
    entries = expand(
        """
fruit: [apple, pear]
animal: [cat, dog]
include:
  - color: green
  - color: pink
    animal: cat
  - fruit: apple
    shape: circle
  - fruit: banana
  - fruit: banana
    animal: cat
"""
    )
    assert entries == [
        {"fruit": "apple", "animal": "cat", "color": "pink", "shape": "circle"},
        {"fruit": "apple", "animal": "dog", "color": "green", "shape": "circle"},
        {"fruit": "pear", "animal": "cat", "color": "pink"},
        {"fruit": "pear", "animal": "dog", "color": "green"},
        {"fruit": "banana"},
        {"fruit": "banana", "animal": "cat"},
    ]


def test_docs_exclude_example_partial_match_leaves_nine() -> None:
    entries = expand(
        """
os: [macos-latest, windows-latest]
version: [12, 14, 16]
environment: [staging, production]
exclude:
  - os: macos-latest
    version: 12
    environment: production
  - os: windows-latest
    version: 16
"""
    )
    assert len(entries) == 9
    assert {"os": "macos-latest", "version": 12, "environment": "production"} not in entries
    assert not [e for e in entries if e["os"] == "windows-latest" and e["version"] == 16]
    assert entries[0] == {
        "os": "macos-latest",
        "version": 12,
        "environment": "staging",
    }  # first vector slowest


def test_include_runs_after_exclude_and_can_add_an_excluded_entry_back() -> None:
    entries = expand(
        """
go: ['1.26', '1.27']
os: [linux, windows]
exclude:
  - go: '1.26'
    os: windows
include:
  - go: '1.26'
    os: windows
    experimental: true
"""
    )
    assert entries == [
        {"go": "1.26", "os": "linux"},
        {"go": "1.27", "os": "linux"},
        {"go": "1.27", "os": "windows"},
        {"go": "1.26", "os": "windows", "experimental": True},
    ]


def test_runner_examples_include_extra_values_and_additional_vectors() -> None:
    assert expand(
        "arch: [x64, x86]\nos: [linux, windows]\ninclude:\n  - {arch: x64, os: linux, publish: true}\n"
    )[0] == {"arch": "x64", "os": "linux", "publish": True}
    entries = expand("arch: [x64, x86]\nos: [linux, windows]\ninclude:\n  - {arch: x64}\n  - {os: macos}\n")
    assert entries[-1] == {"os": "macos"} and len(entries) == 5  # {arch: x64} matched, adds nothing


def test_matching_uses_expression_equality_and_nested_values() -> None:
    entries = expand(
        """
os: [Ubuntu-Latest]
go: [1.20, '1.21']
cfg: [{cc: gcc, flags: [-O2]}]
exclude:
  - os: ubuntu-latest
    go: '1.20'
include:
  - cfg: {cc: GCC}
    tag: nested
"""
    )
    assert entries == [
        {"os": "Ubuntu-Latest", "go": "1.21", "cfg": {"cc": "gcc", "flags": ["-O2"]}, "tag": "nested"}
    ]


def test_include_only_matrix_and_labels() -> None:
    text = (
        "on: push\njobs:\n  test:\n    strategy:\n      matrix:\n        include:\n"
        "          - go-version-file: go.mod\n          - go-version: stable\n    steps: [{run: x}]\n"
    )
    job = parse_workflow(text, "ci.yml").jobs[0]
    entries = expand_matrix(job.matrix, path="ci.yml", job_id="test", line=job.matrix_line)
    assert [e.label("test") for e in entries] == ["test (go.mod)", "test (stable)"]
    no_matrix = expand_matrix(None, path="ci.yml", job_id="lint", line=1)
    assert [e.label("lint") for e in no_matrix] == ["lint"]


def test_extras_from_include_are_not_part_of_the_name() -> None:
    text = (
        "on: push\njobs:\n  t:\n    strategy:\n      matrix:\n        go: [1.27]\n        include:\n"
        "          - {go: 1.27, race: true}\n    steps: [{run: x}]\n"
    )
    job = parse_workflow(text, "ci.yml").jobs[0]
    (entry,) = expand_matrix(job.matrix, path="ci.yml", job_id="t", line=job.matrix_line)
    assert entry.label("t") == "t (1.27)" and entry.values == {"go": 1.27, "race": True}


@pytest.mark.parametrize(
    ("matrix_yaml", "message"),
    [
        ("go: []", r"ci.yml:6: .*Matrix vector 'go' does not contain any values"),
        ("go: 1.27", r"ci.yml:6: .*vector go must be a list"),
        (
            "go: [1]\nexclude:\n  - os: linux",
            r"Matrix exclude key 'os' does not match any key within the matrix",
        ),
        ("go: [1]\nexclude:\n  - {}", r"Matrix exclude filter must not be empty"),
        ("go: [1]\ninclude:\n  - {}", r"Matrix include mapping does not contain any values"),
        ("exclude:\n  - go: 1", r"Matrix must define at least one vector"),
        ("go: ['${{ env.GO }}']", r"go holds an expression"),
        ("include: [x]", r"every include item must be a mapping"),
    ],
)
def test_invalid_matrices_are_refused_with_github_words_and_lines(matrix_yaml: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        expand(matrix_yaml)


def test_matrix_that_excludes_everything_is_refused() -> None:
    from wslgo.ci.plan import plan_run

    text = (
        "on: push\njobs:\n  t:\n    strategy:\n      matrix:\n        go: [1]\n        exclude:\n"
        "          - go: 1\n    steps: [{run: x}]\n"
    )
    with pytest.raises(InputError, match="leaves no combination to run"):
        plan_run(parse_workflow(text, "ci.yml"), None, {})


def test_matrix_larger_than_github_allows_is_refused_without_enumerating_it() -> None:
    vectors = "\n".join(f"v{i}: [{', '.join(str(n) for n in range(10))}]" for i in range(12))
    with pytest.raises(InputError, match=r"or more combinations; GitHub runs at most 256"):
        expand(vectors)
    with pytest.raises(InputError, match=r"has 300 or more combinations"):
        expand("a: [" + ", ".join(str(n) for n in range(300)) + "]")
    assert (
        len(
            expand(
                "a: ["
                + ", ".join(str(n) for n in range(300))
                + "]\nexclude:\n  - a: 1\n"
                + "".join(f"  - a: {n}\n" for n in range(2, 46))
            )
        )
        == 255
    )


def test_deeply_nested_workflow_is_an_input_error() -> None:
    text = (
        "on: push\njobs:\n  a:\n    steps:\n      - run: x\n        env:\n          X: "
        + "[" * 5000
        + "]" * 5000
        + "\n"
    )
    with pytest.raises(InputError, match="nested too deeply"):
        parse_workflow(text, "ci.yml")
