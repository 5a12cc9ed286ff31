from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wslgo.proxy.modpath import (
    EscapeError,
    Kind,
    ModuleRequest,
    check_module_path,
    escape,
    is_canonical,
    major_matches_path,
    parse_request,
    unescape,
)


def test_case_encoding() -> None:
    assert escape("github.com/Azure/azure-sdk") == "github.com/!azure/azure-sdk"
    assert unescape("rsc.io/!q!u!o!t!e") == "rsc.io/QUOTE"


@given(st.text(alphabet="abcXYZ./-019", min_size=1, max_size=30))
def test_escape_round_trips(text: str) -> None:
    assert unescape(escape(text)) == text


@pytest.mark.parametrize("bad", ["rsc.io/Quote", "rsc.io/!1", "rsc.io/x!"])
def test_unescape_refuses_ambiguous_names(bad: str) -> None:
    with pytest.raises(EscapeError):
        unescape(bad)


def test_parse_requests() -> None:
    assert parse_request("rsc.io/!q!u!o!t!e/@v/v1.5.3-!p!r!e.zip") == ModuleRequest(
        "rsc.io/QUOTE", "v1.5.3-PRE", Kind.ZIP
    )
    assert parse_request("golang.org/x/text/@v/list").kind is Kind.LIST
    assert parse_request("golang.org/x/text/@latest") == ModuleRequest("golang.org/x/text", "", Kind.LATEST)
    assert parse_request("example.com/m/@v/master.info").version == "master"
    assert (
        parse_request("rsc.io/!q!u!o!t!e/@v/v1.5.3-!p!r!e.zip").key
        == "rsc.io/!q!u!o!t!e/@v/v1.5.3-!p!r!e.zip"
    )


@pytest.mark.parametrize(
    "bad",
    [
        "../etc/@v/list",
        "example.com/../x/@v/list",
        "example.com/x/@v/v1.0.0.tar",
        "example.com/x/@v/../../v1.zip",
        "nodot/x/@v/list",
        "example.com/x",
        "example.com/.hidden/@v/list",
    ],
)
def test_parse_refuses_unsafe_or_unknown(bad: str) -> None:
    with pytest.raises(EscapeError):
        parse_request(bad)


def test_canonical_versions() -> None:
    assert is_canonical("v1.2.3") and is_canonical("v0.0.0-20180214005133-e7a685a342c0")
    assert is_canonical("v2.0.0+incompatible")
    assert not is_canonical("v1.2") and not is_canonical("master") and not is_canonical("v01.2.3")


def test_major_version_rule() -> None:
    assert major_matches_path("rsc.io/quote", "v1.5.2")
    assert not major_matches_path("rsc.io/quote", "v2.0.0")
    assert major_matches_path("rsc.io/quote", "v2.0.0+incompatible")
    assert major_matches_path("rsc.io/quote/v2", "v2.0.1")
    assert not major_matches_path("rsc.io/quote/v2", "v3.0.0")
    assert major_matches_path("gopkg.in/yaml.v2", "v2.4.0")


@pytest.mark.parametrize(
    "path",
    [
        "rsc.io/QUOTE",
        "gopkg.in/yaml.v2",
        "gopkg.in/check.v1",
        "example.com/m/v2",
        "github.com/a/b~c",
        "x.com/con2",
    ],
)
def test_module_paths_go_accepts(path: str) -> None:
    check_module_path(path)


@pytest.mark.parametrize(
    "path",
    [
        "Example.com/x",
        "-x.com/y",
        "x.com/a+b",
        "x.com/con",
        "x.com/Aux.txt",
        "x.com/abc~1",
        "x.com//y",
        "x.com/./y",
        "x.com/m/v1",
        "x.com/m/v0",
        "x.com/m/v02",
        "x.com/m/v2.0",
        "gopkg.in/yaml",
        "gopkg.in/yaml.v02",
        "x.com/a b",
        "x.com/é",
    ],
)
def test_module_paths_go_refuses(path: str) -> None:
    """golang.org/x/mod/module.CheckPath's rules."""
    with pytest.raises(EscapeError):
        check_module_path(path)


def test_a_trailing_newline_is_not_part_of_any_valid_name() -> None:
    assert not is_canonical("v1.0.0\n")
    with pytest.raises(EscapeError):
        check_module_path("x.com/abc\n")
    with pytest.raises(EscapeError):
        parse_request("x.com/abc/@v/v1.0.0\n.info")


def test_an_element_too_long_to_store_is_refused() -> None:
    assert parse_request("example.com/" + "a" * 255 + "/@v/list").kind is Kind.LIST
    for bad in ("example.com/" + "a" * 256 + "/@v/list", "example.com/m/@v/v1.0.0-" + "a" * 250 + ".info"):
        with pytest.raises(EscapeError, match="longer than 255 bytes"):
            parse_request(bad)
