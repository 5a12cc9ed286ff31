"""The go command's configuration, read the way the go command reads it.

Three inputs describe a Go environment: ``go env -json`` (the effective values), the user's Go env file
that ``go env -w`` writes (``$GOENV``, default ``~/.config/go/env``) and the process environment, which
beats the file (cmd/go/internal/cfg ``Getenv``: a non-empty OS variable wins, then the user file, then
``$GOROOT/go.env``). This module parses all of them and validates the three values users most often get
wrong — GOPROXY, GOSUMDB and the GOPRIVATE family — with the same rules the go command applies, so that a
finding says exactly what the go command would do. Everything here is pure.

Sources: cmd/go/internal/cfg/cfg.go (``readEnvFile``), cmd/go/internal/modfetch/proxy.go (``proxyList``),
cmd/go/internal/modfetch/sumdb.go (``dbDial``) with golang.org/x/mod/sumdb/note (``NewVerifier``), and
GOPRIVATE-style patterns are ``wslgo.golang.pathmatch``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from wslgo.i18n import M
from wslgo.jsontext import loads_json

# -- go env -json and go env text -----------------------------------------------------------------------


class GoEnvError(ValueError):
    """Output of ``go env`` that cannot be read; the message says what was expected."""


def parse_go_env_json(text: str) -> dict[str, str]:
    """``go env -json`` output → ``{name: value}``. Raises ``GoEnvError`` for anything but a JSON object."""
    try:
        parsed = loads_json(text)
    except json.JSONDecodeError as exc:
        raise GoEnvError(
            M("go env -json output is not JSON ({error} at line {line})", error=exc.msg, line=exc.lineno)
        ) from None
    if not isinstance(parsed, dict):
        raise GoEnvError(
            M("go env -json output is a JSON {type}, expected an object", type=type(parsed).__name__)
        )
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


# -- where things are when nothing sets them --------------------------------------------------------------

#: ``$GOROOT/go.env`` of every release since Go 1.21: the values a user who sets nothing gets.
GOROOT_GO_ENV: dict[str, str] = {
    "GOPROXY": "https://proxy.golang.org,direct",
    "GOSUMDB": "sum.golang.org",
    "GOTOOLCHAIN": "auto",
}


def _config_dir(home: str, env: Mapping[str, str]) -> str:
    """``os.UserConfigDir`` on Linux: ``$XDG_CONFIG_HOME`` when absolute, else ``$HOME/.config``."""
    xdg = env.get("XDG_CONFIG_HOME", "")
    return xdg if xdg.startswith("/") else posixpath.join(home, ".config")


def _cache_dir(home: str, env: Mapping[str, str]) -> str:
    """``os.UserCacheDir`` on Linux: ``$XDG_CACHE_HOME`` when absolute, else ``$HOME/.cache``."""
    xdg = env.get("XDG_CACHE_HOME", "")
    return xdg if xdg.startswith("/") else posixpath.join(home, ".cache")


def env_file_path(home: str, env: Mapping[str, str], goenv: str | None = None) -> str | None:
    """The user's Go env file as cmd/go finds it: ``GOENV`` (``goenv`` from ``go env``, else the
    environment), else ``<UserConfigDir>/go/env``; ``None`` for ``GOENV=off``."""
    explicit = goenv or env.get("GOENV")
    if explicit == "off":
        return None
    if explicit:
        return explicit
    return posixpath.join(_config_dir(home, env), "go", "env")


def go_default(name: str, home: str, env: Mapping[str, str], gopath: str | None = None) -> str:
    """The value the go command uses for ``name`` when neither the environment nor the Go env file sets
    it (cmd/go/internal/cfg and ``$GOROOT/go.env``); ``""`` when its default is empty or not listed here.

    ``GOMODCACHE`` follows the first entry of ``gopath`` (the effective GOPATH, default ``$HOME/go``).
    """
    if name == "GOPATH":
        return posixpath.join(home, "go")
    if name == "GOMODCACHE":
        first = next((entry for entry in (gopath or "").split(":") if entry), posixpath.join(home, "go"))
        return posixpath.join(first, "pkg", "mod")
    if name == "GOCACHE":
        return posixpath.join(_cache_dir(home, env), "go-build")
    if name == "GOENV":
        return env_file_path(home, env) or "off"
    return GOROOT_GO_ENV.get(name, "")


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


def corrected_gosumdb(value: str) -> str | None:
    """The GOSUMDB doctor suggests and setup writes, or ``None`` when ``value`` needs no change or only its
    operator can say (a private database's verifier key).

    ``off`` turns verification back on with ``sum.golang.org`` (GO012); a value the go command rejects
    that names a database it knows — the guide's ``sum.golang.org+https://sum.golang.org`` — becomes that
    bare name (GO011): the key is built in, and a URL belongs after a space, not a ``+``.
    """
    if value == "off":
        return "sum.golang.org"
    parsed = parse_gosumdb(value)
    if parsed.error is None:
        return None
    first = value.split()[0] if value.split() else ""
    name = parsed.name or first.split("+")[0]
    if name in KNOWN_GOSUMDB or name in GOSUMDB_ALIASES:
        return name
    if "golang" in name:
        return "sum.golang.org"
    return None


_INSECURE_FLAG = re.compile(r"^-insecure(=(true|1|t|TRUE|True|T))?$")


def goflags_without_insecure(value: str) -> str | None:
    """GOFLAGS with ``-insecure`` removed (GO012), or ``None`` when it has none. Older go commands skipped
    TLS and checksum checks with it; current ones refuse it in ``go get``."""
    flags = value.split()
    kept = [flag for flag in flags if not _INSECURE_FLAG.match(flag)]
    return None if len(kept) == len(flags) else " ".join(kept)


def go111module_is_harmful(value: str) -> bool:
    """``off``, ``auto`` or an invalid GO111MODULE (GO013): GOPATH mode can switch on, or the go command
    fails with 'invalid GO111MODULE'. ``on`` is merely redundant (module mode is the default)."""
    return value.strip() not in ("", "on")
