from __future__ import annotations

import json
from pathlib import Path

import pytest

from wslgo.errors import InputError, UsageError
from wslgo.golang.semver import sort_key
from wslgo.golang.version import GoVersion
from wslgo.tools.catalog import (
    DEFAULT_TOOLS,
    load_catalog,
    lookup,
    newest_compatible,
    release_for,
)
from wslgo.tools.install import parse_requests


def go(text: str) -> GoVersion:
    parsed = GoVersion.parse(text)
    assert parsed is not None
    return parsed


def test_every_default_release_has_a_parseable_minimum_go_and_module_path() -> None:
    assert set(DEFAULT_TOOLS) == {"gopls", "dlv", "golangci-lint", "staticcheck"}
    assert DEFAULT_TOOLS["golangci-lint"].package == "github.com/golangci/golangci-lint/v2/cmd/golangci-lint"
    for tool in DEFAULT_TOOLS.values():
        versions = [r.version for r in tool.releases]
        assert versions == sorted(versions, key=sort_key), tool.name
        for release in tool.releases:
            assert release.min_go_version is not None
            assert release.source in ("go.mod", "release notes", "estimate")


@pytest.mark.parametrize(
    ("active", "expected"),
    [
        ("1.18.10", "v0.14.2"),
        ("1.22.2", "v0.16.2"),
        ("1.23.0", "v0.16.2"),
        ("1.23.1", "v0.17.1"),
        ("1.27.3", "v0.23.0"),
    ],
)
def test_newest_gopls_for_each_go_line(active: str, expected: str) -> None:
    release = newest_compatible(DEFAULT_TOOLS["gopls"], go(active))
    assert release is not None and release.version == expected


def test_no_release_for_an_ancient_go_is_a_usage_error_naming_the_minimum() -> None:
    with pytest.raises(UsageError, match=r"oldest known \(dlv@v1.21.2\) needs Go 1.17"):
        release_for(DEFAULT_TOOLS["dlv"], None, go("1.16.15"))


def test_explicit_version_too_new_names_the_minimum_go() -> None:
    with pytest.raises(
        UsageError, match=r"staticcheck@v0.7.0 needs Go 1.25.0 or newer, the active Go is 1.22.5"
    ):
        release_for(DEFAULT_TOOLS["staticcheck"], "0.7.0", go("1.22.5"))


def test_unlisted_version_passes_through_for_the_go_command_to_judge() -> None:
    release = release_for(DEFAULT_TOOLS["dlv"], "v1.99.0", go("1.27.3"))
    assert (release.version, release.source) == ("v1.99.0", "unlisted")


def test_unknown_tool_lists_known_ones() -> None:
    with pytest.raises(
        UsageError, match="unknown tool 'gopl'; known tools: dlv, golangci-lint, gopls, staticcheck"
    ):
        lookup(DEFAULT_TOOLS, "gopl")


def test_parse_requests() -> None:
    assert parse_requests(["gopls", "dlv@v1.24.2"]) == [("gopls", None), ("dlv", "v1.24.2")]
    with pytest.raises(UsageError):
        parse_requests(["dlv@"])


def test_catalog_file_extends_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text(
        json.dumps({"tools": {"x": {"package": "example.com/x", "releases": [{"version": "v1.0.0"}]}}})
    )
    catalog = load_catalog(path)
    assert "gopls" in catalog and catalog["x"].binary_name == "x"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "c.json:1:2: invalid JSON"),
        ('{"tools": []}', 'expected an object with a "tools" object'),
        (
            '{"tools": {"x": {"package": "p", "releases": [{"version": "v1", "min_go": "one"}]}}}',
            "min_go: 'one'",
        ),
    ],
)
def test_bad_catalog_is_an_input_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "c.json"
    path.write_text(content)
    with pytest.raises(InputError, match=message):
        load_catalog(path)


def test_go_option_must_be_an_executable(tmp_path: Path) -> None:
    from wslgo.tools.install import find_go

    not_a_program = tmp_path / "go"
    not_a_program.write_text("text\n")
    not_a_program.chmod(0o644)
    with pytest.raises(UsageError, match=r"--go .*/go: not executable"):
        find_go(str(not_a_program))
    with pytest.raises(UsageError, match="no such file"):
        find_go(str(tmp_path / "missing"))
