"""The go command's configuration, read the way the go command reads it.

Three inputs describe a Go environment: ``go env -json`` (the effective values), the user's Go env file
that ``go env -w`` writes (``$GOENV``, default ``~/.config/go/env``) and the process environment, which
beats the file (cmd/go/internal/cfg ``Getenv``: a non-empty OS variable wins, then the user file, then
``$GOROOT/go.env``). This module parses all of them and validates the three values users most often get
wrong — GOPROXY, GOSUMDB and the GOPRIVATE family — with the same rules the go command applies, so that a
finding says exactly what the go command would do. Everything here is pure.

Sources: cmd/go/internal/cfg/cfg.go (``readEnvFile``), cmd/go/internal/modfetch/proxy.go (``proxyList``),
cmd/go/internal/modfetch/sumdb.go (``dbDial``) with golang.org/x/mod/sumdb/note (``NewVerifier``), and
golang.org/x/mod/module ``MatchPrefixPatterns`` for GOPRIVATE/GONOPROXY/GONOSUMDB/GOINSECURE.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from wslgo.jsontext import loads_json
from wslgo.proxy.chain import ChainError, parse_chain

# -- go env -json and go env text -----------------------------------------------------------------------


class GoEnvError(ValueError):
    """Output of ``go env`` that cannot be read; the message says what was expected."""


def parse_go_env_json(text: str) -> dict[str, str]:
    """``go env -json`` output → ``{name: value}``. Raises ``GoEnvError`` for anything but a JSON object."""
    try:
        parsed = loads_json(text)
    except json.JSONDecodeError as exc:
        raise GoEnvError(f"go env -json output is not JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(parsed, dict):
        raise GoEnvError(f"go env -json output is a JSON {type(parsed).__name__}, expected an object")
    return {str(key): "" if value is None else str(value) for key, value in parsed.items()}


_TEXT_LINE = re.compile(r"^(?:set )?(?P<key>[A-Z][A-Z0-9_]*)=(?P<value>.*)$")


def _unquote_sh(value: str) -> str:
    """Undo the go command's shell quoting: ``'it'\\''s'`` (Go ≥ 1.21) or ``"value"`` (older)."""
    if value.startswith("'"):
        out: list[str] = []
        for index, piece in enumerate(value.split("'\\''")):
            if index == 0:
                piece = piece[1:]
            out.append(piece)
        joined = "'".join(out)
        return joined[:-1] if joined.endswith("'") else joined
    if len(value) >= 2 and value.startswith('"') and value.endswith('"'):
        return value[1:-1]
    return value


def parse_go_env_text(text: str) -> dict[str, str]:
    """Plain ``go env`` output in any of its formats → ``{name: value}``.

    Go ≥ 1.21 prints ``GOPROXY='https://proxy.golang.org,direct'`` (POSIX single quotes, ``'\\''`` for a
    quote), older releases ``GOPROXY="…"``, and Windows ``set GOPROXY=…``. Lines that are not assignments
    (a pasted prompt, ``uname -sr:`` trailers of ``go bug``) are skipped.
    """
    values: dict[str, str] = {}
    for raw in text.splitlines():
        match = _TEXT_LINE.match(raw.strip())
        if match:
            values[match["key"]] = _unquote_sh(match["value"])
    return values


# -- the Go env file -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EnvFileEntry:
    key: str
    value: str
    line: int  # 1-based


@dataclass(frozen=True)
class EnvFile:
    """The user's Go env file: every accepted line, in order; the last assignment of a key wins."""

    entries: tuple[EnvFileEntry, ...] = ()

    def get(self, key: str) -> EnvFileEntry | None:
        found = None
        for entry in self.entries:
            if entry.key == key:
                found = entry
        return found

    @property
    def values(self) -> dict[str, str]:
        return {entry.key: entry.value for entry in self.entries}


def parse_env_file(text: str) -> EnvFile:
    """Read the ``go env -w`` file exactly like cmd/go's ``readEnvFile``.

    Lines are split on ``\\n`` only (a ``\\r`` stays in the value), a line counts when it contains ``=``
    and starts with an upper-case ASCII letter; everything else (comments, blanks, garbage) is ignored
    silently, as the go command does. No quoting: the value is everything after the first ``=``.
    """
    entries: list[EnvFileEntry] = []
    for number, line in enumerate(text.split("\n"), start=1):
        key, sep, value = line.partition("=")
        if not sep or not line or not ("A" <= line[0] <= "Z"):
            continue
        entries.append(EnvFileEntry(key, value, number))
    return EnvFile(tuple(entries))


# -- GOPROXY --------------------------------------------------------------------------------------------


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
    """Split a GOPROXY value into elements, keeping separators, as cmd/go's ``proxyList`` walks it."""
    elements: list[ProxyElement] = []
    rest = value
    ended = False
    while rest:
        cut = min((i for i in (rest.find(","), rest.find("|")) if i >= 0), default=-1)
        if cut >= 0:
            text, separator, rest = rest[:cut].strip(), rest[cut], rest[cut + 1 :]
        else:
            text, separator, rest = rest.strip(), None, ""
        if not text:
            continue
        if text in ("direct", "off"):
            elements.append(ProxyElement(text, text, None, separator, None, ended))
            ended = True
            continue
        try:
            url = parse_chain(text)[0].url_or_keyword
        except ChainError as exc:
            elements.append(ProxyElement(text, "invalid", None, separator, str(exc), ended))
        else:
            elements.append(ProxyElement(text, "url", url, separator, None, ended))
    if elements:
        last = elements[-1]
        elements[-1] = ProxyElement(last.text, last.kind, last.url, None, last.problem, last.ignored)
    return GoProxyList(value, tuple(elements))


def comma_only_ha(proxies: GoProxyList) -> bool:
    """True when two or more network proxies are joined only by commas (meant as HA, but is not)."""
    network = [e for e in proxies.active if e.is_network]
    separators = [e.separator for e in proxies.active if e.separator]
    return len(network) >= 2 and "|" not in separators


def ha_form(proxies: GoProxyList) -> str:
    """The same list with ``|`` between every element: any error of one proxy falls through to the next.

    ``direct``/``off`` move to the end (the go command stops reading there); ignored elements are dropped.
    """
    urls = [e.text for e in proxies.active if e.kind == "url"]
    keywords = [e.text for e in proxies.active if e.kind in ("direct", "off")]
    return "|".join(urls + keywords[:1])


def is_loopback_url(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host == "localhost" or host.startswith("127.") or host == "::1"


# -- GOSUMDB --------------------------------------------------------------------------------------------

#: cmd/go/internal/modfetch/key.go ``knownGOSUMDB``: names the go command knows the key of.
KNOWN_GOSUMDB: dict[str, str] = {
    "sum.golang.org": "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8",
}
#: cmd/go/internal/modfetch/sumdb.go: an alias reachable inside mainland China.
GOSUMDB_ALIASES: dict[str, str] = {"sum.golang.google.cn": "sum.golang.org https://sum.golang.google.cn"}


@dataclass(frozen=True)
class SumdbSetting:
    value: str
    off: bool = False
    name: str | None = None
    verifier_key: str | None = None
    url: str | None = None
    #: The go command's own error text (e.g. "invalid GOSUMDB: malformed verifier id"), None when valid.
    error: str | None = None


def note_key_hash(name: str, key: bytes) -> int:
    """golang.org/x/mod/sumdb/note ``keyHash``: first 4 bytes of SHA-256(name + "\\n" + key)."""
    return int.from_bytes(hashlib.sha256(name.encode() + b"\n" + key).digest()[:4], "big")


def _verifier_error(vkey: str) -> tuple[str, str | None]:
    """The name in ``vkey`` and note.NewVerifier's error for it (None when the key is valid)."""
    name, _, rest = vkey.partition("+")
    hash16, _, key64 = rest.partition("+")
    valid_name = bool(name) and not any(c.isspace() for c in name) and "+" not in name
    try:
        key = base64.b64decode(key64, validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(hash16) != 8 or not re.fullmatch(r"[0-9a-fA-F]{8}", hash16) or not valid_name or not key:
        return name, "malformed verifier id"
    if int(hash16, 16) != note_key_hash(name, key):
        return name, "invalid verifier hash"
    if key[0] != 1:
        return name, "unknown verifier algorithm"
    if len(key) != 33:
        return name, "malformed verifier id"
    return name, None


def parse_gosumdb(value: str) -> SumdbSetting:
    """Validate GOSUMDB exactly like cmd/go's ``dbDial``: ``off``, ``name``, ``key`` or ``key url``.

    A bare name is accepted only when the go command knows its key (``sum.golang.org``); otherwise the
    first field must be a full verifier key ``<name>+<hash>+<base64 key>``.
    """
    if value == "off":
        return SumdbSetting(value, off=True)
    effective = GOSUMDB_ALIASES.get(value, value)
    fields = effective.split()
    if not fields:
        return SumdbSetting(value, error="missing GOSUMDB")
    if len(fields) > 2:
        return SumdbSetting(value, error="invalid GOSUMDB: too many fields")
    vkey = KNOWN_GOSUMDB.get(fields[0], fields[0])
    name, problem = _verifier_error(vkey)
    if problem:
        return SumdbSetting(value, name=name or None, error=f"invalid GOSUMDB: {problem}")
    parts = urlsplit("https://" + name)
    if name.endswith("/") or not parts.netloc or parts.query or parts.fragment or "%" in name:
        return SumdbSetting(value, name=name, error=f"invalid sumdb name (must be host[/path]): {name}")
    url = fields[1] if len(fields) == 2 else None
    return SumdbSetting(value, name=name, verifier_key=vkey, url=url)


# -- GOPRIVATE / GONOPROXY / GONOSUMDB / GOINSECURE -----------------------------------------------------


class PatternError(ValueError):
    """A glob that Go's ``path.Match`` rejects (``ErrBadPattern``)."""


def _class_char(pattern: str, index: int) -> tuple[str, int]:
    """One (possibly escaped) character of a ``[...]`` class, like path.Match's ``getEsc``."""
    if index >= len(pattern) or pattern[index] in "-]":
        raise PatternError(f"pattern {pattern!r} has a malformed character class")
    if pattern[index] == "\\":
        index += 1
        if index >= len(pattern):
            raise PatternError(f"pattern {pattern!r} ends inside a character class")
    char, index = pattern[index], index + 1
    if index >= len(pattern):
        raise PatternError(f"pattern {pattern!r} has an unclosed '['")
    return char, index


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """Translate a ``path.Match`` pattern: ``*``/``?`` never match ``/``; ``[...]``, ``[^...]``, ``\\``."""
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        index += 1
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "\\":
            if index >= len(pattern):
                raise PatternError(f"pattern {pattern!r} ends with a backslash")
            out.append(re.escape(pattern[index]))
            index += 1
        elif char == "[":
            negate = index < len(pattern) and pattern[index] == "^"
            index += negate
            ranges: list[str] = []
            count = 0
            while not (index < len(pattern) and pattern[index] == "]" and count):
                low, index = _class_char(pattern, index)
                high = low
                if pattern[index] == "-":
                    high, index = _class_char(pattern, index + 1)
                count += 1
                if low <= high:
                    ranges.append(re.escape(low) + ("-" + re.escape(high) if high != low else ""))
            index += 1
            if ranges:
                out.append(f"[{'^' if negate else ''}{''.join(ranges)}]")
            else:
                out.append("." if negate else "(?!)")
        else:
            out.append(re.escape(char))
    return re.compile("".join(out) + r"\Z", re.DOTALL)


def split_patterns(globs: str) -> list[str]:
    """The non-empty patterns of a comma-separated list, trailing ``/`` removed (as the go command does)."""
    return [p.rstrip("/") for p in (g.strip() for g in globs.split(",")) if p.rstrip("/")]


def pattern_problem(pattern: str) -> str | None:
    """Why a GOPRIVATE-style pattern can never match a module path, or None when it is well-formed."""
    if "://" in pattern:
        return "contains a URL scheme; patterns match module paths such as 'git.corp.example/*'"
    if any(c.isspace() for c in pattern):
        return "contains white space"
    if pattern.startswith("/"):
        return "starts with '/'; module paths never do"
    try:
        _glob_regex(pattern)
    except PatternError as exc:
        return str(exc)
    return None


def match_prefix_patterns(globs: str, target: str) -> bool:
    """golang.org/x/mod/module ``MatchPrefixPatterns``: does any glob match a leading prefix of ``target``?

    A glob with N slashes is matched against the first N+1 path elements of the module path, so
    ``git.corp.example`` matches ``git.corp.example/team/repo`` and ``*.corp.example`` matches any host
    below it.
    """
    for glob in split_patterns(globs):
        slashes = glob.count("/")
        elements = target.split("/")
        if len(elements) <= slashes:
            continue
        prefix = "/".join(elements[: slashes + 1])
        try:
            if _glob_regex(glob).match(prefix):
                return True
        except PatternError:
            continue
    return False
