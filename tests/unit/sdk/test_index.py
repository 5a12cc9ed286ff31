"""Index parsing and version resolution (pure)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wslgo.errors import InputError, UsageError, WslgoError
from wslgo.golang.version import GoVersion
from wslgo.sdk.index import (
    find_gomod,
    gomod_request,
    host_platform,
    parse_index,
    parse_version_spec,
    resolve_installed,
    resolve_release,
)


def _file(version: str, os_: str = "linux", arch: str = "amd64", kind: str = "archive") -> dict[str, object]:
    return {
        "filename": f"{version}.{os_}-{arch}.tar.gz",
        "os": os_,
        "arch": arch,
        "version": version,
        "sha256": "a" * 64,
        "size": 100,
        "kind": kind,
    }


INDEX = [
    {"version": "go1.28rc1", "stable": False, "files": [_file("go1.28rc1")]},
    {
        "version": "go1.27.3",
        "stable": True,
        "files": [_file("go1.27.3"), _file("go1.27.3", "darwin", "arm64")],
    },
    {"version": "go1.26.10", "stable": True, "files": [_file("go1.26.10")]},
    {"version": "go1.27.2", "stable": True, "files": [_file("go1.27.2")]},
    {"version": "go1.26.9", "stable": True, "files": [_file("go1.26.9", kind="source")]},
]


@pytest.fixture
def releases() -> tuple:  # type: ignore[type-arg]
    return parse_index(json.dumps(INDEX), "index.json")


def test_releases_are_sorted_newest_first(releases: tuple) -> None:  # type: ignore[type-arg]
    assert [r.tag for r in releases] == ["go1.28rc1", "go1.27.3", "go1.27.2", "go1.26.10", "go1.26.9"]


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("stable", "go1.27.3"),
        ("latest", "go1.28rc1"),
        ("1.27", "go1.27.3"),
        ("1.26", "go1.26.10"),  # numeric, not lexical: 10 > 9
        ("go1.27.2", "go1.27.2"),
        ("1.27.2", "go1.27.2"),
        ("go1.28rc1", "go1.28rc1"),
    ],
)
def test_resolve_release(releases: tuple, spec: str, expected: str) -> None:  # type: ignore[type-arg]
    assert resolve_release(parse_version_spec(spec), releases).tag == expected


def test_unknown_version_and_line_are_one_line_errors(releases: tuple) -> None:  # type: ignore[type-arg]
    with pytest.raises(WslgoError, match=r"^go1\.27\.9 is not in the Go release index"):
        resolve_release(parse_version_spec("1.27.9"), releases)
    with pytest.raises(WslgoError, match=r"no release of the 1\.25 line"):
        resolve_release(parse_version_spec("1.25"), releases)


def test_bad_version_text_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=r"'one\.two' is not understood"):
        parse_version_spec("one.two")
    assert parse_version_spec("STABLE") == "stable"
    assert parse_version_spec("go.mod") == "go.mod"


def test_archive_for_this_host_only(releases: tuple) -> None:  # type: ignore[type-arg]
    by_tag = {r.tag: r for r in releases}
    assert by_tag["go1.27.3"].archive_for("darwin", "arm64") is not None
    assert by_tag["go1.26.9"].archive_for("linux", "amd64") is None  # only a source file


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "is not JSON"),
        ('{"a": 1}', "expected a JSON list"),
        ('[{"version": "banana"}]', "release #0: version 'banana' is not a Go version"),
        (
            '[{"version": "go1.2.3", "files": [{"filename": "../x"}]}]',
            "filename '../x' is not a plain file name",
        ),
        ('[{"version": "go1.2.3", "files": [{"filename": "x", "size": -1}]}]', "size -1 is not a byte count"),
    ],
)
def test_malformed_index_names_the_entry(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_index(text, "https://mirror/index.json")


def test_resolve_installed() -> None:
    installed = [GoVersion.parse(v) for v in ("go1.27.1", "go1.27.3", "go1.26.2")]
    have = [v for v in installed if v is not None]
    assert resolve_installed(parse_version_spec("1.27"), have).tag == "go1.27.3"
    assert resolve_installed(parse_version_spec("go1.26.2"), have).tag == "go1.26.2"
    with pytest.raises(
        WslgoError, match=r"1\.25\.0 is not installed \(installed: go1.27.3, go1.27.1, go1.26.2\)"
    ):
        resolve_installed(parse_version_spec("1.25.0"), have)


def test_gomod_prefers_toolchain_then_go_line(tmp_path: Path) -> None:
    gomod = tmp_path / "go.mod"
    request = gomod_request(gomod, "module m\n\ngo 1.26.1\ntoolchain go1.27.2\n")
    assert (str(request.version), request.line, request.directive) == ("1.27.2", 4, "toolchain")
    request = gomod_request(gomod, "module m\ngo 1.26.1\ntoolchain default\n")
    assert (str(request.version), request.directive) == ("1.26.1", "go")
    request = gomod_request(gomod, "module m\ngo 1.27\n")
    assert str(request.version) == "1.27"  # a language version: installs the newest 1.27.x patch
    with pytest.raises(InputError, match=r"go\.mod:2: toolchain 'gox' is not a toolchain"):
        gomod_request(gomod, "module m\ntoolchain gox\n")
    with pytest.raises(InputError, match="has no 'toolchain' or 'go' line"):
        gomod_request(gomod, "module m\n")


def test_find_gomod_walks_up(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "go.mod").write_text("module m\n")
    assert find_gomod(tmp_path / "a" / "b") == tmp_path / "go.mod"


def test_host_platform_mapping() -> None:
    assert host_platform("x86_64") == ("linux", "amd64")
    assert host_platform("aarch64") == ("linux", "arm64")
