"""The node-semver ranges ``actions/setup-go`` matches Go versions with (pure).

setup-go passes ``go-version`` to ``semver.satisfies(candidate, versionSpec)`` of the npm ``semver``
package, after turning each Go release name into a semantic version with its ``makeSemver``
(``go1.27.3`` → ``1.27.3``, ``go1.20`` → ``1.20.0``, ``go1.28rc1`` → ``1.28.0-rc.1``). So ``'1.26'`` means
``>=1.26.0 <1.27.0-0`` (the newest 1.26 patch), ``'1.26.0'`` means exactly 1.26.0, ``'^1.26'`` anything
from 1.26.0 below 2.0.0, and a spec the package cannot parse (``'go1.26'``, ``'1.28rc1'``) matches
nothing — CI then fails with "Unable to find Go version". This module implements that grammar
(node-semver's ``Range``: ``||`` unions, whitespace-joined comparators, hyphen ranges, X-ranges, tilde
and caret, the prerelease rule) so a local run picks the same version CI does, or fails the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wslgo.golang.version import GoVersion

Identifier = int | str


@dataclass(frozen=True, order=False)
class SemVer:
    major: int
    minor: int
    patch: int
    prerelease: tuple[Identifier, ...] = ()

    def core(self) -> tuple[int, int, int]:
        return (self.major, self.minor, self.patch)

    def __str__(self) -> str:
        text = f"{self.major}.{self.minor}.{self.patch}"
        return text + ("-" + ".".join(str(part) for part in self.prerelease) if self.prerelease else "")


def _compare_identifiers(left: Identifier, right: Identifier) -> int:
    if isinstance(left, int) and isinstance(right, int):
        return (left > right) - (left < right)
    if isinstance(left, int):
        return -1  # numeric identifiers have lower precedence than alphanumeric ones
    if isinstance(right, int):
        return 1
    return (left > right) - (left < right)


def compare(left: SemVer, right: SemVer) -> int:
    """-1, 0 or 1, by semver.org precedence (a prerelease sorts before its release)."""
    if left.core() != right.core():
        return -1 if left.core() < right.core() else 1
    if not left.prerelease or not right.prerelease:
        return (not left.prerelease) - (not right.prerelease)
    for a, b in zip(left.prerelease, right.prerelease, strict=False):
        order = _compare_identifiers(a, b)
        if order:
            return order
    return (len(left.prerelease) > len(right.prerelease)) - (len(left.prerelease) < len(right.prerelease))


def from_go(version: GoVersion) -> SemVer:
    """setup-go's ``makeSemver`` of a Go release name."""
    if version.is_prerelease:
        kind = "rc" if "rc" in str(version) else "beta"
        return SemVer(version.major, version.minor, 0, (kind, version.number))
    patch = version.number if version.is_release else 0
    return SemVer(version.major, version.minor, patch)


_NUMBER = r"0|[1-9]\d*"
_PART = r"[0-9A-Za-z-]+"
_FULL = re.compile(
    rf"^v?(?P<major>{_NUMBER})\.(?P<minor>{_NUMBER})\.(?P<patch>{_NUMBER})"
    rf"(?:-(?P<pre>{_PART}(?:\.{_PART})*))?(?:\+{_PART}(?:\.{_PART})*)?$"
)
_XRANGE = re.compile(
    rf"^v?(?P<major>{_NUMBER}|[xX*])(?:\.(?P<minor>{_NUMBER}|[xX*])(?:\.(?P<patch>{_NUMBER}|[xX*])"
    rf"(?:-(?P<pre>{_PART}(?:\.{_PART})*))?(?:\+{_PART}(?:\.{_PART})*)?)?)?$"
)
_OPERATOR = re.compile(r"^(?P<op>>=|<=|>|<|=|~>|~|\^)?\s*(?P<version>\S*)$")


class RangeError(ValueError):
    """The spec is not a range node-semver accepts (setup-go then finds no version)."""


def _prerelease(text: str | None) -> tuple[Identifier, ...]:
    if not text:
        return ()
    parts: list[Identifier] = []
    for part in text.split("."):
        if part.isdigit():
            if len(part) > 1 and part.startswith("0"):
                raise RangeError(f"numeric prerelease identifier {part!r} has a leading zero")
            parts.append(int(part))
        else:
            parts.append(part)
    return tuple(parts)


def parse_version(text: str) -> SemVer | None:
    """A full ``MAJOR.MINOR.PATCH[-pre][+build]`` (leading ``v``/``=`` allowed), else ``None``."""
    match = _FULL.match(text.strip().lstrip("="))
    if not match:
        return None
    try:
        pre = _prerelease(match["pre"])
    except RangeError:
        return None
    return SemVer(int(match["major"]), int(match["minor"]), int(match["patch"]), pre)


@dataclass(frozen=True)
class Comparator:
    op: str  # one of >=, <=, >, <, =, or "" for "any"
    version: SemVer | None = None

    def test(self, version: SemVer) -> bool:
        if self.version is None:
            return True
        order = compare(version, self.version)
        return {
            ">=": order >= 0,
            "<=": order <= 0,
            ">": order > 0,
            "<": order < 0,
            "=": order == 0,
        }[self.op]


ANY = Comparator("")
NOTHING = Comparator("<", SemVer(0, 0, 0, (0,)))


@dataclass(frozen=True)
class _Partial:
    major: int | None
    minor: int | None
    patch: int | None
    prerelease: tuple[Identifier, ...]


def _partial(text: str) -> _Partial:
    match = _XRANGE.match(text.lstrip("="))
    if not match:
        raise RangeError(f"{text!r} is not a version")

    def number(value: str | None) -> int | None:
        return None if value is None or value in ("x", "X", "*") else int(value)

    major, minor, patch = number(match["major"]), number(match["minor"]), number(match["patch"])
    # An x anywhere makes everything after it an x too (1.x.3 is 1.x).
    if major is None:
        minor = patch = None
    elif minor is None:
        patch = None
    return _Partial(major, minor, patch, _prerelease(match["pre"]) if patch is not None else ())


def _lower(p: _Partial) -> SemVer:
    return SemVer(p.major or 0, p.minor or 0, p.patch or 0, p.prerelease)


def _next_bound(p: _Partial) -> SemVer:
    """The ``-0`` bound just above everything the partial version covers."""
    if p.major is None:
        raise RangeError("no upper bound for *")
    if p.minor is None:
        return SemVer(p.major + 1, 0, 0, (0,))
    return SemVer(p.major, p.minor + 1, 0, (0,))


def _xrange(op: str, p: _Partial) -> list[Comparator]:
    full = p.patch is not None
    if full:
        return [Comparator(op or "=", _lower(p))]
    if p.major is None:
        return [NOTHING] if op in (">", "<") else [ANY]
    if op in ("", "="):
        return [Comparator(">=", _lower(p)), Comparator("<", _next_bound(p))]
    if op == ">":
        return [Comparator(">=", SemVer(*_next_bound(p).core()))]
    if op == "<=":
        return [Comparator("<", _next_bound(p))]
    if op == "<":
        return [Comparator("<", SemVer(p.major, p.minor or 0, 0, (0,)))]
    return [Comparator(">=", _lower(p))]  # >=


def _tilde(p: _Partial) -> list[Comparator]:
    if p.major is None:
        return [ANY]
    upper = SemVer(p.major + 1, 0, 0, (0,)) if p.minor is None else SemVer(p.major, p.minor + 1, 0, (0,))
    return [Comparator(">=", _lower(p)), Comparator("<", upper)]


def _caret(p: _Partial) -> list[Comparator]:
    if p.major is None:
        return [ANY]
    if p.major > 0 or p.minor is None:
        upper = SemVer(p.major + 1, 0, 0, (0,))
    elif p.minor > 0 or p.patch is None:
        upper = SemVer(0, p.minor + 1, 0, (0,))
    else:
        upper = SemVer(0, 0, (p.patch or 0) + 1, (0,))
    return [Comparator(">=", _lower(p)), Comparator("<", upper)]


def _comparators(token: str) -> list[Comparator]:
    match = _OPERATOR.match(token)
    if not match:
        raise RangeError(f"{token!r} is not a comparator")
    op, text = match["op"] or "", match["version"]
    if not text:
        raise RangeError(f"{token!r} has no version")
    partial = _partial(text)
    if op in ("~", "~>"):
        return _tilde(partial)
    if op == "^":
        return _caret(partial)
    return _xrange(op, partial)


def _hyphen(low_text: str, high_text: str) -> list[Comparator]:
    low, high = _partial(low_text), _partial(high_text)
    lower = ANY if low.major is None else Comparator(">=", _lower(low))
    if high.major is None:
        upper = ANY
    elif high.patch is not None:
        upper = Comparator("<=", _lower(high))
    else:
        upper = Comparator("<", _next_bound(high))
    return [lower, upper]


_HYPHEN = re.compile(r"^\s*(\S+)\s+-\s+(\S+)\s*$")
_SPACED_OPERATOR = re.compile(r"(>=|<=|>|<|=|~>|~|\^)\s+")


def _comparator_set(text: str) -> tuple[Comparator, ...]:
    hyphen = _HYPHEN.match(text)
    if hyphen:
        return tuple(_hyphen(hyphen[1], hyphen[2]))
    tokens = _SPACED_OPERATOR.sub(r"\1", text.strip()).split()
    if not tokens:
        return (ANY,)
    found: list[Comparator] = []
    for token in tokens:
        found.extend(_comparators(token))
    return tuple(found)


@dataclass(frozen=True)
class Range:
    sets: tuple[tuple[Comparator, ...], ...]

    def satisfied_by(self, version: SemVer) -> bool:
        return any(_test_set(comparators, version) for comparators in self.sets)


def _test_set(comparators: tuple[Comparator, ...], version: SemVer) -> bool:
    if not all(comparator.test(version) for comparator in comparators):
        return False
    if not version.prerelease:
        return True
    # A prerelease only matches a range that names a prerelease of the same MAJOR.MINOR.PATCH.
    return any(
        c.version is not None and c.version.prerelease and c.version.core() == version.core()
        for c in comparators
    )


def parse_range(text: str) -> Range:
    """Parse a node-semver range; ``RangeError`` when the package would reject it."""
    sets = tuple(_comparator_set(part) for part in re.split(r"\s*\|\|\s*", text.strip()))
    return Range(sets)


def satisfies(version: GoVersion, spec: str) -> bool:
    """``semver.satisfies(makeSemver(version), spec)``: an unparsable spec matches nothing."""
    try:
        return parse_range(spec).satisfied_by(from_go(version))
    except RangeError:
        return False


def is_explicit(spec: str) -> bool:
    """tool-cache's ``isExplicitVersion``: a full version, looked up by exact name only."""
    return parse_version(spec) is not None
