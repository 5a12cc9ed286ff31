"""The GOPROXY rules (one home: wslgo.golang.goproxy): the corrections doctor suggests and setup writes."""

from __future__ import annotations

import pytest

from wslgo.golang.goenv import corrected_gosumdb
from wslgo.golang.goproxy import GoProxyError, chain, corrected, split, with_proxy_first


def test_split_keeps_separators_and_drops_empty_elements() -> None:
    assert split(" a , ,b|c,") == [("a", ","), ("b", "|"), ("c", None)]


@pytest.mark.parametrize(
    ("value", "fixed"),
    [
        (
            "https://goproxy.cn,https://proxy.golang.org,direct",
            "https://goproxy.cn|https://proxy.golang.org|direct",
        ),
        ("https://proxy.golang.org,direct", None),
        ("https://a.example|https://b.example,direct", None),
        (",", "https://proxy.golang.org,direct"),
        ("direct,https://goproxy.cn", "https://goproxy.cn|direct"),
        ("ftp://x.example,https://goproxy.cn,direct", "https://goproxy.cn|direct"),
        ("", None),
    ],
)
def test_corrected(value: str, fixed: str | None) -> None:
    assert corrected(value) == fixed
    if fixed is not None:
        chain(fixed)  # the go command accepts what we suggest
        assert corrected(fixed) is None  # and a second run changes nothing


def test_chain_refuses_what_the_go_command_refuses() -> None:
    with pytest.raises(GoProxyError, match="no entries"):
        chain(" , ")
    with pytest.raises(GoProxyError, match="scheme 'ftp'"):
        chain("ftp://x.example,direct")


def test_with_proxy_first() -> None:
    local = "http://127.0.0.1:3000"
    assert (
        with_proxy_first("https://proxy.golang.org,direct", local)
        == f"{local}|https://proxy.golang.org,direct"
    )
    assert with_proxy_first(f"{local}|direct", local) == f"{local}|direct"
    assert (
        with_proxy_first(f"https://a.example|{local}/,direct", local) == f"{local}|https://a.example,direct"
    )


def test_corrected_gosumdb() -> None:
    assert corrected_gosumdb("sum.golang.org+https://sum.golang.org") == "sum.golang.org"
    assert corrected_gosumdb("sum.golang.google.cn+https://sum.golang.google.cn") == "sum.golang.google.cn"
    assert corrected_gosumdb("off") == "sum.golang.org"
    # A private database needs its operator's key: no value to suggest.
    assert corrected_gosumdb("sum.example.com+https://sum.example.com") is None
    assert corrected_gosumdb("sum.golang.org") is None
    assert corrected_gosumdb("sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8") is None
