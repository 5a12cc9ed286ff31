"""Module versions in Go's order (golang.org/x/mod/semver) and pseudo-versions (x/mod/module).

The one home for "which version is newer": the proxy sorts ``@v/list`` with it and the tools catalog picks
the newest release with it. Go's order is semantic versioning's, with the go command's reading of the
text: ``v`` is required, ``v1`` and ``v1.2`` are shorthands for ``v1.0.0`` and ``v1.2.0``, build
metadata (``+incompatible``) is ignored, a pre-release sorts before its release (numeric identifiers
numerically and before alphanumeric ones), and every invalid version sorts before every valid one. A
test compares ``compare`` with the real ``semver.Compare`` on several hundred pairs.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["compare", "is_pseudo", "is_valid", "sort_key"]

_NUMBER = r"(0|[1-9][0-9]*)"
_IDENT = r"[0-9A-Za-z-]+"
_VERSION = re.compile(
    rf"v{_NUMBER}(?:\.{_NUMBER}(?:\.{_NUMBER}(?P<pre>-{_IDENT}(?:\.{_IDENT})*)?(?:\+{_IDENT}(?:\.{_IDENT})*)?)?)?"
)
#: x/mod/module ``pseudoVersionRE``: vX.0.0-yyyymmddhhmmss-abcdef123456 and its two other forms.
_PSEUDO = re.compile(
    r"v[0-9]+\.(0\.0-|\d+\.\d+-([^+]*\.)?0\.)\d{14}-[A-Za-z0-9]+(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?",
    re.ASCII,
)


def _identifier_key(identifier: str) -> tuple[int, int | str]:
    return (0, int(identifier)) if identifier.isdigit() else (1, identifier)


def sort_key(version: str) -> tuple[Any, ...]:
    """A key that orders versions exactly as ``semver.Compare`` does (equal keys: ``Compare`` is 0)."""
    match = _VERSION.fullmatch(version)
    if match is None or not version.isascii():
        return (0,)
    pre = match.group("pre")
    if pre is not None and any(len(p) > 1 and p.isdigit() and p[0] == "0" for p in pre[1:].split(".")):
        return (0,)  # a numeric pre-release identifier with a leading zero is invalid
    numbers = tuple(int(part) if part is not None else 0 for part in match.groups()[:3])
    release: tuple[Any, ...] = (1,) if pre is None else (0, *(_identifier_key(p) for p in pre[1:].split(".")))
    return (1, numbers, release)


def compare(first: str, second: str) -> int:
    """``semver.Compare``: -1, 0 or +1."""
    a, b = sort_key(first), sort_key(second)
    return (a > b) - (a < b)


def is_valid(version: str) -> bool:
    """``semver.IsValid``."""
    return sort_key(version) != (0,)


def is_pseudo(version: str) -> bool:
    """``module.IsPseudoVersion``: a version the go command made up from a commit, not a tag."""
    return version.count("-") >= 2 and is_valid(version) and _PSEUDO.fullmatch(version) is not None
