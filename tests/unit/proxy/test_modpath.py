from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wslgo.proxy.modpath import (
    EscapeError,
    Kind,
    ModuleRequest,
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
