"""setup-go's version choice: node-semver ranges, version files, local-then-index resolution, aliases."""

from __future__ import annotations

import pytest

from wslgo.ci.semver import RangeError, from_go, is_explicit, parse_range, satisfies
from wslgo.ci.setup_go import (
    SetupGoInputs,
    architecture_problem,
    file_source,
    resolve_alias,
    resolve_index,
    resolve_local,
    version_from_file,
)
from wslgo.golang.version import GoVersion
from wslgo.sdk.index import GoFile, GoRelease


def v(text: str) -> GoVersion:
    parsed = GoVersion.parse(text)
    assert parsed is not None
    return parsed


@pytest.mark.parametrize(
    ("version", "spec", "expected"),
    [
        ("1.26.4", "1.26", True),
        ("1.27.0", "1.26", False),
        ("1.26.4", "1.26.x", True),
        ("1.26.4", "1.26.0", False),  # a full version is exact: go.mod's "go 1.26.0" pins 1.26.0
        ("1.26.0", "1.26.0", True),
        ("1.27.3", "^1.26", True),
        ("1.27.3", "~1.26", False),
        ("1.26.1", "~1.26.1", True),
        ("1.27.3", ">=1.25 <1.27", False),
        ("1.26.9", ">=1.25 <1.27", True),
        ("1.25.1", "1.24 - 1.25", True),
        ("1.26.0", "1.24 - 1.25", False),
        ("1.27.3", "1.25.x || 1.27.x", True),
        ("1.27.3", "*", True),
        ("1.27.3", "v1.27.3", True),
        ("1.28rc1", "1.28", False),  # prereleases only match a range naming one of the same version
        ("1.28rc1", "1.28.0-rc.1", True),
        ("1.28rc2", ">=1.28.0-rc.1", True),
        ("1.28rc1", "^1.27", False),
        ("1.20", "1.20", True),  # before 1.21, go1.20 is the release 1.20.0
        ("1.2.2", "1.2", True),  # YAML's 1.20 → "1.2": the old Go 1.2 line, as in CI
        ("1.26.1", "go1.26", False),  # not a semver range: setup-go finds nothing
        ("1.28rc1", "1.28rc1", False),
        ("1.27.3", "latest", False),
        ("1.26.2", ">1.26.1", True),
        ("1.26.2", ">1.26", False),
        ("1.26.9", "<=1.26", True),
        ("1.27.0", "<1.27", False),
    ],
)
def test_satisfies_like_node_semver(version: str, spec: str, expected: bool) -> None:
    assert satisfies(v(version), spec) is expected


def test_semver_conversion_and_explicit_versions() -> None:
    assert str(from_go(v("go1.21rc2"))) == "1.21.0-rc.2"
    assert str(from_go(v("go1.20"))) == "1.20.0"
    assert str(from_go(v("go1.22beta1"))) == "1.22.0-beta.1"
    assert is_explicit("1.26.2") and is_explicit("v1.26.2") and not is_explicit("1.26")
    with pytest.raises(RangeError):
        parse_range("go1.26")


GOMOD = "module m\n\ngo 1.24.0\n\ntoolchain go1.26.1\n"


@pytest.mark.parametrize(
    ("name", "text", "gotoolchain", "expected"),
    [
        ("go.mod", GOMOD, None, "1.26.1"),
        ("go.mod", GOMOD, "local", "1.24.0"),  # GOTOOLCHAIN=local before the action: the go line
        ("go.mod", GOMOD, "auto", "1.26.1"),
        ("go.mod", "module m\n\ngo 1.26\n", None, "1.26"),
        ("go.mod", "module m\n\ngo 1.26rc1\n", None, "1.26"),
        ("go.mod", "module m\n  go 1.25\n", None, ""),  # setup-go's regex wants the line start
        ("go.mod", "module m\ngo 1.25\ntoolchain default\n", None, "1.25"),
        ("sub/go.work", "go 1.25.3\n", None, "1.25.3"),
        (".tool-versions", "nodejs 22\ngolang 1.26.2 # pinned\n", None, "1.26.2"),
        (".go-version", "  1.26.2\n", None, "1.26.2"),
    ],
)
def test_version_file_like_setup_go(name: str, text: str, gotoolchain: str | None, expected: str) -> None:
    assert version_from_file(name, text, gotoolchain) == expected


def test_file_source_names_the_line() -> None:
    assert file_source("go.mod", GOMOD, "1.26.1", None) == "go.mod (toolchain line)"
    assert file_source("go.mod", GOMOD, "1.24.0", "local") == "go.mod (go line)"


def test_inputs_empty_means_not_given() -> None:
    inputs = SetupGoInputs.from_with({"go-version": "", "go-version-file": "go.mod", "cache": False})
    assert (inputs.go_version, inputs.go_version_file, inputs.cache, inputs.check_latest) == (
        "",
        "go.mod",
        False,
        False,
    )
    assert SetupGoInputs.from_with({"go-version": 1.2, "check-latest": "true"}).go_version == "1.2"
    assert architecture_problem("x64", "amd64") is None
    assert "architecture x86 is not this machine's (amd64)" in str(architecture_problem("x86", "amd64"))


def test_resolve_local_exact_or_highest_match() -> None:
    local = [v("1.27.3"), v("1.26.1"), v("1.26.4"), v("1.25.0")]
    assert resolve_local("1.26", local) == v("1.26.4")
    assert resolve_local("1.26.1", local) == v("1.26.1")
    assert resolve_local("1.26.2", local) is None
    assert resolve_local("^1.25", local) == v("1.27.3")
    assert resolve_local("stable", local) is None


def release(version: str, stable: bool = True, host: bool = True) -> GoRelease:
    files = (
        (GoFile(f"go{version}.linux-amd64.tar.gz", "linux", "amd64", f"go{version}", "0" * 64, 1, "archive"),)
        if host
        else ()
    )
    return GoRelease(v(version), stable, files)


INDEX = (
    release("1.28rc1", stable=False),
    release("1.27.3"),
    release("1.27.2"),
    release("1.26.5", host=False),
    release("1.26.4"),
    release("1.25.9"),
)


def test_resolve_index_newest_for_this_host() -> None:
    assert resolve_index("1.26", INDEX, "linux", "amd64") == INDEX[4]  # 1.26.5 has no linux/amd64 archive
    assert resolve_index("1.28.0-rc.1", INDEX, "linux", "amd64") == INDEX[0]
    assert resolve_index("1.28.0-rc.1", INDEX, "linux", "amd64", stable_only=True) is None
    assert resolve_index("1.30", INDEX, "linux", "amd64") is None


def test_stable_and_oldstable_aliases() -> None:
    assert resolve_alias("stable", INDEX, "linux", "amd64") == INDEX[1]
    assert resolve_alias("oldstable", INDEX, "linux", "amd64") == INDEX[4]
    assert resolve_alias("oldstable", INDEX[:3], "linux", "amd64") is None
