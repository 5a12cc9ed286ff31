"""The GOPROXY list grammar, parsed exactly as the go command parses it (cmd/go/internal/modfetch/proxy.go).

Pure, so that doctor (GO010) can validate a user's GOPROXY with the same rules the proxy uses for its
``--upstream`` chain. The separator that FOLLOWS an entry decides what a failure of that entry means:
``a,b`` tries b only when a says 404/410; ``a|b`` tries b after any error of a.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import urlsplit

#: The go command's default, and the proxy's default upstream chain (SPEC §6).
DEFAULT_CHAIN = "https://proxy.golang.org|direct"

KEYWORDS = ("off", "direct")
SCHEMES = ("https", "http", "file")


class ChainError(ValueError):
    """A GOPROXY value the go command would refuse; the message names the offending entry."""


@dataclass(frozen=True)
class ChainEntry:
    """One element of the list: a proxy URL or a keyword (``direct``, ``off``)."""

    url_or_keyword: str
    #: True when the entry was followed by ``|``: any error falls through, not just 404/410.
    fallthrough_on_any_error: bool = False


def parse_chain(text: str) -> list[ChainEntry]:
    """Parse a GOPROXY value into its entries.

    Like the go command: empty elements are skipped, ``off`` and ``direct`` end the list (anything after
    them is ignored), a bare host such as ``proxy.example.com`` gets ``https://``, and only https, http
    and file URLs are accepted. Raises ``ChainError`` for a list with no entries or a bad URL.
    """
    entries: list[ChainEntry] = []
    rest = text
    while rest:
        cut = min((i for i in (rest.find(","), rest.find("|")) if i >= 0), default=-1)
        if cut >= 0:
            element, any_error, rest = rest[:cut], rest[cut] == "|", rest[cut + 1 :]
        else:
            element, any_error, rest = rest, False, ""
        element = element.strip()
        if not element:
            continue
        if element in KEYWORDS:
            entries.append(ChainEntry(element, False))
            break
        entries.append(ChainEntry(_normalise_url(element), any_error))
    if not entries:
        raise ChainError(f"GOPROXY list {text!r} contains no entries (expected e.g. {DEFAULT_CHAIN!r})")
    return entries


def format_chain(entries: list[ChainEntry]) -> str:
    """The GOPROXY text for ``entries`` (inverse of ``parse_chain`` for normalised input)."""
    parts: list[str] = []
    for index, entry in enumerate(entries):
        parts.append(entry.url_or_keyword)
        if index < len(entries) - 1:
            parts.append("|" if entry.fallthrough_on_any_error else ",")
    return "".join(parts)


def _normalise_url(element: str) -> str:
    # Single words are reserved for keywords; anything with ".", ":" or "/" that is not already a URL
    # or an absolute path gets an implicit https:// (same rule as the go command).
    if (
        any(c in element for c in ".:/")
        and ":/" not in element
        and not posixpath.isabs(element)
        and not element.startswith("\\")
    ):
        element = "https://" + element
    parts = urlsplit(element)
    if not parts.scheme:
        raise ChainError(f"invalid proxy URL missing scheme: {element!r} (expected https://host/path)")
    if parts.scheme not in SCHEMES:
        raise ChainError(
            f"invalid proxy URL scheme {parts.scheme!r} in {element!r} (must be https, http or file)"
        )
    if parts.scheme != "file" and not parts.netloc:
        raise ChainError(f"invalid proxy URL {element!r}: no host")
    return element
