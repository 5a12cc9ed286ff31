from __future__ import annotations

import pytest

from wslgo.golang.goproxy import GoProxyError
from wslgo.proxy.chain import ChainEntry, format_chain, parse_chain


def test_default_chain_pipe_marks_the_first_entry() -> None:
    assert parse_chain("https://proxy.golang.org|direct") == [
        ChainEntry("https://proxy.golang.org", True),
        ChainEntry("direct", False),
    ]


def test_comma_falls_through_only_on_not_found() -> None:
    entries = parse_chain("http://127.0.0.1:3000,https://proxy.golang.org|direct")
    assert [e.fallthrough_on_any_error for e in entries] == [False, True, False]


def test_bare_host_gets_https_and_empty_elements_are_skipped() -> None:
    assert parse_chain(" ,proxy.example.com/go, ,off") == [
        ChainEntry("https://proxy.example.com/go", False),
        ChainEntry("off", False),
    ]


def test_direct_and_off_end_the_list() -> None:
    assert parse_chain("direct,https://a.example") == [ChainEntry("direct")]
    assert parse_chain("off|https://a.example") == [ChainEntry("off")]


def test_file_urls_and_absolute_paths() -> None:
    assert parse_chain("file:///srv/mods")[0].url_or_keyword == "file:///srv/mods"


@pytest.mark.parametrize("text", ["", " , ", "|"])
def test_empty_lists_are_refused(text: str) -> None:
    with pytest.raises(GoProxyError, match="no entries"):
        parse_chain(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [("proxy", "missing scheme"), ("ftp://x.example", "scheme 'ftp'"), ("/srv/mods", "missing scheme")],
)
def test_bad_urls_name_the_entry(text: str, message: str) -> None:
    with pytest.raises(GoProxyError, match=message):
        parse_chain(text)


def test_format_round_trips() -> None:
    text = "http://127.0.0.1:3000|https://proxy.golang.org,direct"
    assert format_chain(parse_chain(text)) == text
