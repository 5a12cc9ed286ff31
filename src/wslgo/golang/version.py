"""Go version strings and release lines, ordered the way the go command orders them.

Since Go 1.21 the language version ``1.21`` is older than its first release candidate ``1.21rc1``, which is
older than the release ``1.21.0`` (go.dev/doc/toolchain#version). Before 1.21, ``go1.20`` *was* the first
release. ``GoVersion`` encodes both rules so sorting, "newest patch of a line" and "older than the two
newest lines" are plain comparisons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_VERSION = re.compile(
    r"^(?:go)?(?P<major>\d+)\.(?P<minor>\d+)(?:\.(?P<patch>\d+))?(?:(?P<kind>rc|beta)(?P<pre>\d+))?$"
)
_VERSION_OUTPUT = re.compile(r"^go version (?P<version>\S+)(?: (?P<os>[a-z0-9]+)/(?P<arch>[a-z0-9]+))?")

# Order of the prerelease kinds inside one minor version (language version < beta < rc < release).
_KIND_RANK = {"lang": 0, "beta": 1, "rc": 2, "release": 3}


@dataclass(frozen=True, order=True)
class GoVersion:
    """A parsed Go version; comparison follows cmd/go's gover rules."""

    major: int
    minor: int
    kind_rank: int
    number: int  # patch for releases, prerelease number for rc/beta, 0 for a language version

    @classmethod
    def parse(cls, text: str) -> GoVersion | None:
        """Parse ``go1.27.3``, ``1.27``, ``go1.21rc1``; ``None`` for anything else."""
        match = _VERSION.match(text.strip())
        if not match:
            return None
        major, minor = int(match["major"]), int(match["minor"])
        if match["kind"]:
            return cls(major, minor, _KIND_RANK[match["kind"]], int(match["pre"]))
        if match["patch"] is not None:
            return cls(major, minor, _KIND_RANK["release"], int(match["patch"]))
        if (major, minor) < (1, 21):
            # Before Go 1.21, "go1.20" named the first release itself.
            return cls(major, minor, _KIND_RANK["release"], 0)
        return cls(major, minor, _KIND_RANK["lang"], 0)

    @property
    def line(self) -> str:
        """The release line, e.g. ``1.27``."""
        return f"{self.major}.{self.minor}"

    @property
    def is_release(self) -> bool:
        return self.kind_rank == _KIND_RANK["release"]

    @property
    def is_prerelease(self) -> bool:
        return self.kind_rank in (_KIND_RANK["rc"], _KIND_RANK["beta"])

    def __str__(self) -> str:
        if self.kind_rank == _KIND_RANK["release"]:
            if (self.major, self.minor) < (1, 21) and self.number == 0:
                return f"{self.major}.{self.minor}"
            return f"{self.major}.{self.minor}.{self.number}"
        if self.kind_rank == _KIND_RANK["lang"]:
            return f"{self.major}.{self.minor}"
        kind = "rc" if self.kind_rank == _KIND_RANK["rc"] else "beta"
        return f"{self.major}.{self.minor}{kind}{self.number}"

    @property
    def tag(self) -> str:
        """The toolchain/archive name: ``go1.27.3``."""
        return f"go{self}"


@dataclass(frozen=True)
class GoVersionOutput:
    """What ``go version`` printed: the version and the target the binary was built for."""

    version: GoVersion | None
    raw_version: str
    goos: str | None
    goarch: str | None


def parse_go_version_output(text: str) -> GoVersionOutput | None:
    """Parse ``go version go1.22.2 linux/amd64`` (also ``devel`` builds, whose version is ``None``)."""
    for line in text.splitlines():
        match = _VERSION_OUTPUT.match(line.strip())
        if match:
            raw = match["version"]
            return GoVersionOutput(GoVersion.parse(raw), raw, match["os"], match["arch"])
    return None


#: First release date of each Go release line (go.dev/doc/devel/release). Refreshed at run time from
#: the cached SDK index when one exists (see ``newest_lines``), so the table only has to be a floor.
RELEASE_LINES: dict[str, date] = {
    "1.16": date(2021, 2, 16),
    "1.17": date(2021, 8, 16),
    "1.18": date(2022, 3, 15),
    "1.19": date(2022, 8, 2),
    "1.20": date(2023, 2, 1),
    "1.21": date(2023, 8, 8),
    "1.22": date(2024, 2, 6),
    "1.23": date(2024, 8, 13),
    "1.24": date(2025, 2, 11),
    "1.25": date(2025, 8, 12),
    "1.26": date(2026, 2, 10),
    "1.27": date(2026, 8, 11),
}


def _line_key(line: str) -> tuple[int, int]:
    major, _, minor = line.partition(".")
    return (int(major), int(minor))


def newest_lines(today: date, count: int = 2, extra: dict[str, date] | None = None) -> list[str]:
    """The ``count`` newest release lines released on or before ``today`` (newest first).

    ``extra`` adds lines learned from an SDK index (a line's first release date there wins if earlier).
    """
    table = dict(RELEASE_LINES)
    for line, first in (extra or {}).items():
        if line not in table or first < table[line]:
            table[line] = first
    released = [line for line, first in table.items() if first <= today]
    return sorted(released, key=_line_key, reverse=True)[:count]


def newest_patch(versions: list[GoVersion], line: str) -> GoVersion | None:
    """The newest stable release of ``line`` among ``versions``."""
    candidates = [v for v in versions if v.line == line and v.is_release]
    return max(candidates) if candidates else None
