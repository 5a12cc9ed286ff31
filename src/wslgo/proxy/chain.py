"""The proxy's upstream chain: a GOPROXY list read by ``wslgo.golang.goproxy``, as the proxy walks it.

The separator that FOLLOWS an entry decides what a failure of that entry means: ``a,b`` tries b only
when a says 404/410; ``a|b`` tries b after any error of a. Parsing is the go command's own rule, shared
with doctor's GO010, so ``--upstream`` accepts exactly the values the go command accepts as GOPROXY.
"""

from __future__ import annotations

from dataclasses import dataclass

from wslgo.golang.goproxy import chain

#: The proxy's default upstream chain (SPEC §6).
DEFAULT_CHAIN = "https://proxy.golang.org|direct"


@dataclass(frozen=True)
class ChainEntry:
    """One element of the list: a proxy URL or a keyword (``direct``, ``off``)."""

    url_or_keyword: str
    #: True when the entry was followed by ``|``: any error falls through, not just 404/410.
    fallthrough_on_any_error: bool = False


def parse_chain(text: str) -> list[ChainEntry]:
    """The entries of a GOPROXY value; raises ``GoProxyError`` for a list the go command would refuse."""
    return [
        ChainEntry(element.url or element.text, element.fallthrough_on_any_error and element.kind == "url")
        for element in chain(text)
    ]


def format_chain(entries: list[ChainEntry]) -> str:
    """The GOPROXY text for ``entries`` (inverse of ``parse_chain`` for normalised input)."""
    parts: list[str] = []
    for index, entry in enumerate(entries):
        parts.append(entry.url_or_keyword)
        if index < len(entries) - 1:
            parts.append("|" if entry.fallthrough_on_any_error else ",")
    return "".join(parts)
