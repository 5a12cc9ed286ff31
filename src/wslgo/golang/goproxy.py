"""GOPROXY: how the go command splits and reads the list, and the corrections wslgo suggests for it.

The one home of the GOPROXY rules. Doctor validates a user's value with it (GO010, GO014, NET001), setup
writes the value doctor suggests (``corrected``) and puts the local proxy first (``with_proxy_first``), the
proxy reads its ``--upstream`` chain with it, and the collector probes the URLs it yields.

The grammar is cmd/go/internal/modfetch/proxy.go ``proxyList``: the list is cut at every ``,`` and ``|``;
the separator that FOLLOWS an entry decides what a failure of that entry means (``a,b`` tries b only when
a says 404/410, ``a|b`` after any error of a); elements are trimmed and empty ones skipped; ``off`` and
``direct`` end the list; a bare host such as ``proxy.example.com`` gets ``https://``; only https, http
and file URLs are accepted, and the first bad one makes the go command refuse the whole list.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from wslgo.i18n import M

#: The go command's value when nothing sets GOPROXY (``$GOROOT/go.env``).
GO_DEFAULT = "https://proxy.golang.org,direct"
KEYWORDS = ("off", "direct")
SCHEMES = ("https", "http", "file")


class GoProxyError(ValueError):
    """A GOPROXY value the go command would refuse; the message names the offending entry."""


def split(value: str) -> list[tuple[str, str | None]]:
    """``(element, separator after it)`` for every non-empty element, trimmed, in order."""
    pieces: list[tuple[str, str | None]] = []
    rest = value
    while rest:
        cut = min((i for i in (rest.find(","), rest.find("|")) if i >= 0), default=-1)
        if cut >= 0:
            text, separator, rest = rest[:cut].strip(), rest[cut], rest[cut + 1 :]
        else:
            text, separator, rest = rest.strip(), None, ""
        if text:
            pieces.append((text, separator))
    if pieces:
        pieces[-1] = (pieces[-1][0], None)
    return pieces


def normalise_url(element: str) -> str:
    """The URL the go command uses for one element; raises ``GoProxyError`` for one it refuses.

    Single words are reserved for keywords; anything with ``.``, ``:`` or ``/`` that is not already a URL
    or an absolute path gets an implicit ``https://``.
    """
    if (
        any(c in element for c in ".:/")
        and ":/" not in element
        and not posixpath.isabs(element)
        and not element.startswith("\\")
    ):
        element = "https://" + element
    parts = urlsplit(element)
    if not parts.scheme:
        raise GoProxyError(
            M("invalid proxy URL missing scheme: {element!r} (expected https://host/path)", element=element)
        )
    if parts.scheme not in SCHEMES:
        raise GoProxyError(
            M(
                "invalid proxy URL scheme {scheme!r} in {element!r} (must be https, http or file)",
                scheme=parts.scheme,
                element=element,
            )
        )
    if parts.scheme != "file" and not parts.netloc:
        raise GoProxyError(M("invalid proxy URL {element!r}: no host", element=element))
    return element


@dataclass(frozen=True)
class ProxyElement:
    """One element of a GOPROXY list as written, with the separator that follows it."""

    text: str  # as written, trimmed
    kind: str  # "url", "direct", "off" or "invalid"
    url: str | None = None  # the URL the go command uses (``https://`` added to bare hosts)
    separator: str | None = None  # "," or "|" after this element, None for the last
    problem: str | None = None  # why the go command rejects it (kind "invalid")
    ignored: bool = False  # after ``direct``/``off``: the go command never reads it

    @property
    def is_network(self) -> bool:
        return self.kind == "url" and (self.url or "").startswith(("http://", "https://"))

    @property
    def fallthrough_on_any_error(self) -> bool:
        """``|`` follows: any error of this entry falls through to the next one, not just 404/410."""
        return self.separator == "|"


@dataclass(frozen=True)
class GoProxyList:
    value: str
    elements: tuple[ProxyElement, ...] = field(default_factory=tuple)

    @property
    def active(self) -> list[ProxyElement]:
        return [e for e in self.elements if not e.ignored]

    @property
    def invalid(self) -> list[ProxyElement]:
        return [e for e in self.elements if e.kind == "invalid" and not e.ignored]

    @property
    def urls(self) -> list[str]:
        return [e.url for e in self.active if e.kind == "url" and e.url]

    @property
    def network_urls(self) -> list[str]:
        """The http(s) proxies the go command would contact, in order, without repeats."""
        return list(dict.fromkeys(e.url for e in self.active if e.is_network and e.url))

    @property
    def empty(self) -> bool:
        return not self.elements


def parse_goproxy(value: str) -> GoProxyList:
    """Every element of a GOPROXY value with its separator and what the go command makes of it."""
    elements: list[ProxyElement] = []
    ended = False
    for text, separator in split(value):
        if text in KEYWORDS:
            elements.append(ProxyElement(text, text, None, separator, None, ended))
            ended = True
            continue
        try:
            url = normalise_url(text)
        except GoProxyError as exc:
            problem = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
            elements.append(ProxyElement(text, "invalid", None, separator, problem, ended))
        else:
            elements.append(ProxyElement(text, "url", url, separator, None, ended))
    return GoProxyList(value, tuple(elements))


def chain(value: str) -> list[ProxyElement]:
    """The entries the go command walks (up to ``off``/``direct``); raises ``GoProxyError`` where it would
    refuse the list (no entries, or a bad URL)."""
    proxies = parse_goproxy(value)
    if proxies.invalid:
        raise GoProxyError(proxies.invalid[0].problem)
    if not proxies.active:
        raise GoProxyError(f"GOPROXY list {value!r} contains no entries (expected e.g. {GO_DEFAULT!r})")
    return proxies.active


def comma_only_ha(proxies: GoProxyList) -> bool:
    """True when two or more network proxies are joined only by commas (meant as HA, but is not)."""
    network = [e for e in proxies.active if e.is_network]
    separators = [e.separator for e in proxies.active if e.separator]
    return len(network) >= 2 and "|" not in separators


def ha_form(proxies: GoProxyList) -> str:
    """The same list with ``|`` between every element: any error of one proxy falls through to the next.

    The first ``direct``/``off`` moves to the end, after the proxies the go command never reached because
    it stopped there; invalid elements, repeats and later keywords are dropped.
    """
    urls = list(dict.fromkeys(e.text for e in proxies.elements if e.kind == "url"))
    keywords = [e.text for e in proxies.elements if e.kind in KEYWORDS]
    return "|".join(urls + keywords[:1])


def corrected(value: str) -> str | None:
    """The GOPROXY doctor suggests and setup writes (GO010), or ``None`` when ``value`` needs no change.

    A list with no entries becomes go's default; a list the go command refuses (a bad element), one with
    elements after ``direct``/``off`` it never reads, or several proxies joined only by ``,`` becomes its
    ``ha_form``. An unset GOPROXY (``""``) is go's default already.
    """
    if not value:
        return None
    proxies = parse_goproxy(value)
    needs = proxies.empty or proxies.invalid or any(e.ignored for e in proxies.elements)
    if not needs and not comma_only_ha(proxies):
        return None
    return ha_form(proxies) or GO_DEFAULT


def with_proxy_first(value: str, proxy_url: str) -> str:
    """``proxy_url|value``, without an older copy of ``proxy_url`` in ``value`` (setup's ``proxy`` step).

    ``|`` after the local proxy: when it is stopped the go command falls through to the rest of the list
    on the refused connection instead of failing. The rest keeps its own separators.
    """
    wanted = proxy_url.rstrip("/")
    kept: list[str] = []
    before: str | None = None
    for text, separator in split(value):
        if text.rstrip("/") != wanted:
            if kept:
                kept.append(before or ",")
            kept.append(text)
        before = separator
    rest = "".join(kept)
    return f"{proxy_url}|{rest}" if rest else proxy_url


def is_loopback_url(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host == "localhost" or host.startswith("127.") or host == "::1"
