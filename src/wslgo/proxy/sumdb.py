"""Checksum database paths (go.dev/ref/mod#checksum-database), parsed into their parts (pure).

The proxy passes ``/sumdb/<name>/…`` through to the configured checksum database so that the go
command can verify through it. What is passed through is never the text the client sent: the path is
parsed into one of the protocol's three shapes and the upstream path is written again from the parts,
so ``..``, ``%2F``, doubled slashes or anything else outside the grammar never reaches the upstream
(it answers 404 here), and the module path of a lookup is known, decoded and checked before the
private-module rule is applied to it.

The grammar, from golang.org/x/mod/sumdb (server.go, tlog/tile.go):

- ``lookup/<escaped module path>@<escaped version>``: one ``@``; the path passes module.CheckPath
  after case-decoding (``!`` + lower case), the version is canonical semver;
- ``tile/<H>/<L>/<N>[.p/<W>]``: height 1–30; level 0–63 or ``data`` (record data); N written in
  groups of three digits, every group but the last prefixed with ``x`` (``x001/x234/067``); a partial
  tile's width W is 1 to 2^H − 1. Only the canonical spelling is accepted (the path must read back the
  same), as ``tlog.ParseTilePath`` does;
- ``latest``.

(``supported`` is answered by the proxy itself and never passed through.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wslgo.proxy.modpath import EscapeError, check_module_path, escape, is_canonical, unescape

#: Tile heights and levels tlog allows (Tile.H 1..30, Tile.L -1..63); N stays within int64.
MAX_TILE_HEIGHT = 30
MAX_TILE_LEVEL = 63
MAX_TILE_INDEX = (1 << 63) - 1
_DIGITS = re.compile(r"[0-9]+")
_GROUP = re.compile(r"x?[0-9]{3}")


class SumdbPathError(ValueError):
    """Not a checksum database path; the message says what was expected."""


@dataclass(frozen=True)
class Lookup:
    module: str
    version: str

    @property
    def path(self) -> str:
        return f"lookup/{escape(self.module)}@{escape(self.version)}"


@dataclass(frozen=True)
class Tile:
    height: int
    #: -1 for a data tile (``tile/H/data/…``).
    level: int
    index: int
    width: int

    @property
    def path(self) -> str:
        """tlog's ``Tile.Path``: the one spelling of this tile."""
        number = f"{self.index % 1000:03d}"
        rest = self.index
        while rest >= 1000:
            rest //= 1000
            number = f"x{rest % 1000:03d}/{number}"
        level = "data" if self.level == -1 else str(self.level)
        partial = f".p/{self.width}" if self.width != 1 << self.height else ""
        return f"tile/{self.height}/{level}/{number}{partial}"


@dataclass(frozen=True)
class Latest:
    @property
    def path(self) -> str:
        return "latest"


SumdbPath = Lookup | Tile | Latest


def parse_sumdb_path(rest: str) -> SumdbPath:
    """The protocol shape of ``rest`` (the part after ``/sumdb/<name>/``), or ``SumdbPathError``."""
    if rest == "latest":
        return Latest()
    if rest.startswith("lookup/"):
        return _parse_lookup(rest[len("lookup/") :])
    if rest.startswith("tile/"):
        return _parse_tile(rest)
    raise SumdbPathError(f"{rest[:100]!r} is not lookup/<module>@<version>, tile/… or latest")


def _parse_lookup(text: str) -> Lookup:
    escaped_path, at, escaped_version = text.partition("@")
    if not at or "@" in escaped_version:
        raise SumdbPathError(f"lookup {text[:100]!r} is not <module>@<version>")
    try:
        module = unescape(escaped_path)
        check_module_path(module)
        version = unescape(escaped_version)
    except EscapeError as exc:
        raise SumdbPathError(f"lookup {text[:100]!r}: {exc}") from None
    if not is_canonical(version):
        raise SumdbPathError(f"lookup {text[:100]!r}: {version[:60]!r} is not a canonical version")
    return Lookup(module, version)


def _parse_tile(text: str) -> Tile:
    invalid = SumdbPathError(f"{text[:100]!r} is not a tile path (tile/<H>/<L>/<N>[.p/<W>])")
    fields = text.split("/")
    if len(fields) < 4 or not _DIGITS.fullmatch(fields[1]):
        raise invalid
    height = int(fields[1])
    if not 1 <= height <= MAX_TILE_HEIGHT:
        raise invalid
    if fields[2] == "data":
        level = -1
    elif _DIGITS.fullmatch(fields[2]) and int(fields[2]) <= MAX_TILE_LEVEL:
        level = int(fields[2])
    else:
        raise invalid
    groups = fields[3:]
    width = 1 << height
    if groups[-1:] and len(groups) >= 2 and groups[-2].endswith(".p"):
        if not _DIGITS.fullmatch(groups[-1]) or not 0 < int(groups[-1]) < width:
            raise invalid
        width = int(groups[-1])
        groups = [*groups[:-2], groups[-2][: -len(".p")]]
    if len(groups) > 7 or not all(_GROUP.fullmatch(group) for group in groups):
        raise invalid
    index = 0
    for group in groups:
        index = index * 1000 + int(group.removeprefix("x"))
    if index > MAX_TILE_INDEX:
        raise invalid
    tile = Tile(height, level, index, width)
    if tile.path != text:
        raise invalid
    return tile
