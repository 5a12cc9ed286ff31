"""A range of Go versions (``">=1.26, <1.28"``), ordered the way the go command orders versions.

Bounds compare with ``wslgo.golang.version.GoVersion``, i.e. cmd/go's gover rules: ``1.27`` (the language
version) < ``1.27rc1`` < ``1.27.0`` < ``1.27.1``. That order makes three spellings mean something other than
what people write them for, so they are refused with the spelling that says what was meant:

* ``<=1.27`` would exclude ``1.27.1`` (it is newer than ``1.27``) → write ``<1.28``;
* ``>1.26`` would include ``1.26rc1`` and ``1.26.0`` → write ``>=1.27``;
* ``==1.27`` / ``!=1.27`` name the language version, which no installed Go reports → write ``1.27`` (the
  whole line) or ``==1.27.3``.

A bare version is a line (``1.27``: any ``1.27.x``, from its first release candidate on) or one exact
release (``1.27.3``). Constraints are separated by commas and all must hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wslgo.golang.version import GoVersion
from wslgo.i18n import _

_CONSTRAINT = re.compile(r"^(?P<op>>=|<=|==|!=|>|<)?\s*(?P<version>\S+)$")
_LINE_ONLY = re.compile(r"^(?:go)?\d+\.\d+$")


class RangeError(ValueError):
    """A range that cannot be used; the message says what to write instead (one line)."""


@dataclass(frozen=True)
class Bound:
    op: str  # ">=", ">", "<=", "<", "==", "!="
    version: GoVersion

    def allows(self, version: GoVersion) -> bool:
        if self.op == ">=":
            return version >= self.version
        if self.op == ">":
            return version > self.version
        if self.op == "<=":
            return version <= self.version
        if self.op == "<":
            return version < self.version
        if self.op == "==":
            return version == self.version
        return version != self.version


@dataclass(frozen=True)
class GoRange:
    """All of ``bounds`` must hold; ``text`` is the range as written (for messages)."""

    text: str
    bounds: tuple[Bound, ...]

    def allows(self, version: GoVersion) -> bool:
        return all(bound.allows(version) for bound in self.bounds)

    def allows_whole_line(self, line: str) -> bool:
        """Whether every release of ``line`` (``1.27.0`` … any patch) is inside the range."""
        first = GoVersion.parse(f"{line}.0")
        last = GoVersion.parse(f"{line}.9999")
        return first is not None and last is not None and self.allows(first) and self.allows(last)


def _next_line(version: GoVersion) -> str:
    return f"{version.major}.{version.minor + 1}"


def _constraint(token: str, whole: str) -> list[Bound]:
    match = _CONSTRAINT.match(token)
    if not match:
        raise RangeError(
            _("{token!r} in {whole!r} is not a constraint like '>=1.26' or '<1.28'", token=token, whole=whole)
        )
    op, raw = match["op"], match["version"]
    version = GoVersion.parse(raw)
    if version is None:
        raise RangeError(
            _("{raw!r} in {whole!r} is not a Go version like 1.27 or 1.27.3", raw=raw, whole=whole)
        )
    is_line = bool(_LINE_ONLY.match(raw))
    if op is None:
        if is_line:
            return [Bound(">=", version), Bound("<", GoVersion.parse(_next_line(version)) or version)]
        return [Bound("==", version)]
    if is_line and op == "<=":
        raise RangeError(
            _(
                "'<={raw}' in {whole!r} excludes {line}.1 and later patches (Go orders {line} before "
                "{line}.0); write '<{next}'",
                raw=raw,
                whole=whole,
                line=version.line,
                next=_next_line(version),
            )
        )
    if is_line and op == ">":
        raise RangeError(
            _(
                "'>{raw}' in {whole!r} includes {line}rc1 and {line}.0 (Go orders {line} before them); "
                "write '>={next}'",
                raw=raw,
                whole=whole,
                line=version.line,
                next=_next_line(version),
            )
        )
    if is_line and op in ("==", "!="):
        raise RangeError(
            _(
                "'{op}{raw}' in {whole!r} names the language version {line}, which no Go release reports; "
                "write '{line}' for the whole line or '{op}{line}.0' for one release",
                op=op,
                raw=raw,
                whole=whole,
                line=version.line,
            )
        )
    return [Bound(op, version)]


def _satisfiable(bounds: list[Bound]) -> bool:
    lower: tuple[GoVersion, bool] | None = None  # (version, inclusive)
    upper: tuple[GoVersion, bool] | None = None
    for bound in bounds:
        if bound.op in (">=", ">", "=="):
            candidate = (bound.version, bound.op != ">")
            if lower is None or candidate[0] > lower[0] or (candidate[0] == lower[0] and not candidate[1]):
                lower = candidate
        if bound.op in ("<=", "<", "=="):
            candidate = (bound.version, bound.op != "<")
            if upper is None or candidate[0] < upper[0] or (candidate[0] == upper[0] and not candidate[1]):
                upper = candidate
    if lower is None or upper is None:
        return True
    if lower[0] < upper[0]:
        return True
    return lower[0] == upper[0] and lower[1] and upper[1]


def parse_range(text: str) -> GoRange:
    """Parse ``">=1.26, <1.28"``; raises ``RangeError`` with the spelling to use instead."""
    tokens = [token.strip() for token in text.split(",")]
    if not text.strip() or any(not token for token in tokens):
        raise RangeError(_("{text!r} is not a version range like '>=1.26, <1.28'", text=text))
    bounds: list[Bound] = []
    for token in tokens:
        bounds.extend(_constraint(token, text))
    if not _satisfiable(bounds):
        raise RangeError(_("no Go version satisfies {text!r}", text=text))
    return GoRange(text.strip(), tuple(bounds))


def suggested_install(allowed: GoRange, released_lines: list[str]) -> str | None:
    """What to give ``wslgo go install`` for a Go inside ``allowed``: a line (its newest patch) or a release.

    ``released_lines`` are the lines out by now, newest first. A line whose every patch is allowed is
    installed by its line name (the SDK manager picks the newest patch); a line only partly allowed by its
    ``.0`` release. With no released line inside the range, the range's lower bound itself (it may be
    newer than the built-in table knows).
    """
    for line in released_lines:
        if allowed.allows_whole_line(line):
            return line
        first = GoVersion.parse(f"{line}.0")
        if first is not None and allowed.allows(first):
            return str(first)
    exact = [bound.version for bound in allowed.bounds if bound.op == "=="]
    if exact:
        return str(exact[0])
    lower = [bound.version for bound in allowed.bounds if bound.op in (">=", ">")]
    if lower:
        newest = max(lower)
        return newest.line if newest.kind_rank == 0 else str(newest)
    return None
