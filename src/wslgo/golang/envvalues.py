"""Which Go variables exist, which ``go env -w`` may write, and when two values mean the same thing.

A team policy (``wslgo.toml`` ``[env]``) names values the go command must end up with. Three questions
come up everywhere that policy is read — loading it, doctor's POL002, setup's plan — and each has one
answer here, taken from the go command's own source:

* ``KNOWN_ENV``: ``internal/cfg.KnownEnv``, the variables that affect the go command;
* ``write_problem``: cmd/go/internal/envcmd ``checkEnvWrite``, why ``go env -w NAME=VALUE`` would refuse;
* ``same_value``: whether two values of one variable make the go command behave the same. A GOPROXY list
  is what cmd/go/internal/modfetch ``proxyList`` builds from it (bare hosts get ``https://``, white space
  around elements and empty elements are dropped, nothing after ``direct``/``off`` is read, and only the
  separator *between* two read elements matters); GOPRIVATE and its family are sets of patterns
  (golang.org/x/mod/module ``MatchPrefixPatterns``: order, repeats, empty entries and a trailing ``/``
  make no difference); GOFLAGS is a list of fields (``strings.Fields``). Every other variable compares
  as the exact string.

Pure: strings in, answers out.
"""

from __future__ import annotations

import posixpath

from wslgo.golang.goproxy import parse_goproxy
from wslgo.golang.pathmatch import split_patterns

#: internal/cfg ``KnownEnv`` (Go 1.27): the variables that affect the go command.
KNOWN_ENV: frozenset[str] = frozenset(
    [
        "AR",
        "CC",
        "CGO_CFLAGS",
        "CGO_CFLAGS_ALLOW",
        "CGO_CFLAGS_DISALLOW",
        "CGO_CPPFLAGS",
        "CGO_CPPFLAGS_ALLOW",
        "CGO_CPPFLAGS_DISALLOW",
        "CGO_CXXFLAGS",
        "CGO_CXXFLAGS_ALLOW",
        "CGO_CXXFLAGS_DISALLOW",
        "CGO_ENABLED",
        "CGO_FFLAGS",
        "CGO_FFLAGS_ALLOW",
        "CGO_FFLAGS_DISALLOW",
        "CGO_LDFLAGS",
        "CGO_LDFLAGS_ALLOW",
        "CGO_LDFLAGS_DISALLOW",
        "CXX",
        "FC",
        "GCCGO",
        "GO111MODULE",
        "GO386",
        "GOAMD64",
        "GOARCH",
        "GOARM",
        "GOARM64",
        "GOAUTH",
        "GOBIN",
        "GOCACHE",
        "GOCACHEPROG",
        "GOENV",
        "GOEXE",
        "GOEXPERIMENT",
        "GOFIPS140",
        "GOFLAGS",
        "GOGCCFLAGS",
        "GOHOSTARCH",
        "GOHOSTOS",
        "GOINSECURE",
        "GOMIPS",
        "GOMIPS64",
        "GOMODCACHE",
        "GONOPROXY",
        "GONOSUMDB",
        "GOOS",
        "GOPATH",
        "GOPPC64",
        "GOPRIVATE",
        "GOPROXY",
        "GORISCV64",
        "GOROOT",
        "GOSUMDB",
        "GOTMPDIR",
        "GOTOOLCHAIN",
        "GOTOOLDIR",
        "GOVCS",
        "GOWASM",
        "GOWORK",
        "GO_EXTLINK_ENABLED",
        "PKG_CONFIG",
    ]
)

#: envcmd ``checkEnvWrite``: "cannot be modified" (computed by the go command or per invocation).
READ_ONLY_ENV: frozenset[str] = frozenset(
    [
        "GOEXE",
        "GOGCCFLAGS",
        "GOHOSTARCH",
        "GOHOSTOS",
        "GOMOD",
        "GOROOT",
        "GOTELEMETRY",
        "GOTELEMETRYDIR",
        "GOTOOLDIR",
        "GOVERSION",
        "GOWORK",
    ]
)
#: envcmd ``checkEnvWrite``: "can only be set using the OS environment".
OS_ONLY_ENV: frozenset[str] = frozenset({"GOENV", "GODEBUG"})

#: Variables whose value is a comma-separated list of module path patterns.
PATTERN_LISTS: frozenset[str] = frozenset({"GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE"})

_GO111MODULE_VALUES = ("", "auto", "on", "off")


def writable(name: str) -> bool:
    """Whether ``go env -w NAME=…`` accepts the name (known to the go command, not computed)."""
    return name in KNOWN_ENV and name not in READ_ONLY_ENV and name not in OS_ONLY_ENV


def write_problem(name: str, value: str) -> str | None:
    """Why ``go env -w NAME=VALUE`` would refuse, in the go command's words; ``None`` when it accepts."""
    if name in READ_ONLY_ENV:
        return f"{name} cannot be modified"
    if name in OS_ONLY_ENV:
        return f"{name} can only be set using the OS environment"
    if name not in KNOWN_ENV:
        return f"unknown go command variable {name}"
    if name == "GO111MODULE" and value not in _GO111MODULE_VALUES:
        return f"invalid {name} value {value!r}"
    if name == "GOPATH" and value.startswith("~"):
        return f"GOPATH entry cannot start with shell metacharacter '~': {value!r}"
    if name in ("GOPATH", "GOMODCACHE") and value and not posixpath.isabs(value):
        return f"{name} entry is relative; must be absolute path: {value!r}"
    if "\x00" in value:
        return f"invalid NUL in {name}=... value"
    if any(char in value for char in "\v\r\n"):
        return f"invalid newline in {name}=... value"
    return None


def _goproxy_form(value: str) -> tuple[tuple[str, str | None], ...]:
    """The list ``proxyList`` builds: each read element with the separator that follows it."""
    active = parse_goproxy(value).active
    form: list[tuple[str, str | None]] = []
    for index, element in enumerate(active):
        target = element.url if element.kind == "url" and element.url else element.text
        separator = element.separator if index < len(active) - 1 else None
        form.append((target, separator))
    return tuple(form)


def canonical(name: str, value: str) -> object:
    """A comparable form of ``value`` that is equal exactly when the go command behaves the same."""
    if name == "GOPROXY":
        return _goproxy_form(value)
    if name in PATTERN_LISTS:
        return frozenset(split_patterns(value))
    if name == "GOFLAGS":
        return tuple(value.split())
    return value


def same_value(name: str, have: str | None, want: str) -> bool:
    """Whether ``have`` (``None``: unset) gives the go command the behaviour ``want`` asks for."""
    if have is None:
        return False
    return canonical(name, have) == canonical(name, want)


def pattern_difference(have: str, want: str) -> tuple[list[str], list[str]]:
    """For a pattern list: (patterns ``want`` has that ``have`` lacks, patterns only ``have`` has)."""
    have_set, want_set = set(split_patterns(have)), set(split_patterns(want))
    return sorted(want_set - have_set), sorted(have_set - want_set)
