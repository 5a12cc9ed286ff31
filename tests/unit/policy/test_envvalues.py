"""When two values of a Go variable make the go command behave the same (POL002 and setup --policy)."""

from __future__ import annotations

import pytest

from wslgo.golang.envvalues import KNOWN_ENV, pattern_difference, same_value, writable, write_problem


@pytest.mark.parametrize(
    ("have", "want", "same"),
    [
        ("https://goproxy.cn|direct", "https://goproxy.cn|direct", True),
        ("goproxy.cn|direct", "https://goproxy.cn|direct", True),  # bare hosts get https://
        (" https://goproxy.cn | direct ", "https://goproxy.cn|direct", True),  # spaces are trimmed
        ("https://goproxy.cn,,direct", "https://goproxy.cn,direct", True),  # empty elements skipped
        ("https://a.example|direct,https://never.example", "https://a.example|direct", True),  # after direct
        ("https://a.example,https://b.example", "https://a.example|https://b.example", False),  # , vs |
        ("https://a.example|https://b.example", "https://b.example|https://a.example", False),  # order
        ("https://goproxy.cn/", "https://goproxy.cn", False),  # a different base URL
        ("off", "direct", False),
    ],
)
def test_goproxy_compares_as_the_list_the_go_command_builds(have: str, want: str, same: bool) -> None:
    assert same_value("GOPROXY", have, want) is same


def test_pattern_lists_are_sets() -> None:
    assert same_value("GOPRIVATE", "b.example/*,a.example,,a.example/", "a.example,b.example/*")
    assert not same_value("GOPRIVATE", "a.example", "a.example,b.example")
    assert same_value("GONOSUMDB", "x.example", "x.example")
    assert pattern_difference("a.example,c.example", "a.example,b.example") == (["b.example"], ["c.example"])


def test_other_variables_compare_exactly_and_goflags_by_fields() -> None:
    assert same_value("GOFLAGS", "-mod=mod   -trimpath", "-mod=mod -trimpath")
    assert not same_value("GOFLAGS", "-trimpath -mod=mod", "-mod=mod -trimpath")
    assert not same_value("GOTOOLCHAIN", "local ", "local")
    assert not same_value("GOTOOLCHAIN", None, "local")


def test_write_rules_follow_go_env_w() -> None:
    assert writable("GOPROXY") and writable("CGO_ENABLED") and writable("GOTOOLCHAIN")
    assert not writable("GOROOT") and not writable("GOENV") and not writable("GOPROXYY")
    assert write_problem("GOROOT", "/x") == "GOROOT cannot be modified"
    assert write_problem("GOENV", "/x") == "GOENV can only be set using the OS environment"
    assert write_problem("NOPE", "1") == "unknown go command variable NOPE"
    assert write_problem("GO111MODULE", "yes") == "invalid GO111MODULE value 'yes'"
    assert "relative" in (write_problem("GOMODCACHE", "cache") or "")
    assert "newline" in (write_problem("GOFLAGS", "-x\n-y") or "")
    assert write_problem("GOPROXY", "https://goproxy.cn|direct") is None
    assert "GOPRIVATE" in KNOWN_ENV
