"""Which version of each editor/lint tool builds with which Go line, as data (SPEC §7).

Since Go 1.21 the ``go`` directive of a module is a hard minimum: with ``GOTOOLCHAIN=local`` (or no
network to fetch a newer toolchain, the common case behind a corporate proxy) ``go install tool@v`` fails
with "requires go >= X". The table below records, per tool release, that minimum Go version, so wslgo
picks the newest release the *active* Go can build instead of failing on ``@latest``.

Sources and certainty (``ToolRelease.source``):

- ``go.mod``: the ``go`` directive read from the tool module's go.mod at (or next to) that tag;
- ``release notes``: stated by the tool's release notes (gopls v0.16.0: "the last release of gopls that
  may be built with Go 1.19 or Go 1.20"; gopls v0.17.0: "must be built with Go 1.23.1 or later"; the
  gopls README table "final gopls version with support" for Go 1.18 and 1.20);
- ``estimate``: derived from the project's published policy (gopls ≥ v0.17 needs the newest Go line
  at its release; golangci-lint is built with the newest Go and supports the two newest lines) where the
  exact go.mod could not be checked. An estimate may be a patch release off; if the go command
  disagrees, ``wslgo tools install`` reports the minimum the go command printed (exit 2), never guesses.

Doctor's TOOL checks and ``wslgo ci init`` (the golangci-lint version it pins) read the same table.
A team can replace or extend it with ``--catalog FILE`` (JSON, see ``load_catalog``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wslgo.errors import InputError, UsageError
from wslgo.golang import semver
from wslgo.golang.version import GoVersion
from wslgo.jsontext import loads_json


@dataclass(frozen=True)
class ToolRelease:
    """One installable version and the oldest Go that builds it."""

    version: str
    min_go: str
    source: str = "go.mod"

    @property
    def min_go_version(self) -> GoVersion:
        parsed = GoVersion.parse(self.min_go)
        if parsed is None:  # the table is validated on load; this guards hand-built objects
            raise InputError(f"tool release {self.version}: invalid minimum Go {self.min_go!r}")
        return parsed


@dataclass(frozen=True)
class Tool:
    """A ``go install``-able command: its package path and known releases (oldest first)."""

    name: str
    package: str
    releases: tuple[ToolRelease, ...]
    #: The installed binary's file name (the last element of the package path, as ``go install`` names it).
    binary: str = ""
    purpose: str = ""

    @property
    def binary_name(self) -> str:
        return self.binary or self.package.rstrip("/").rsplit("/", 1)[-1]


DEFAULT_TOOLS: dict[str, Tool] = {
    "gopls": Tool(
        "gopls",
        "golang.org/x/tools/gopls",
        (
            ToolRelease("v0.14.2", "1.18", "release notes"),
            ToolRelease("v0.15.3", "1.19", "release notes"),
            ToolRelease("v0.16.2", "1.19", "release notes"),
            ToolRelease("v0.17.1", "1.23.1", "release notes"),
            ToolRelease("v0.18.1", "1.23.4", "estimate"),
            ToolRelease("v0.19.1", "1.24.2", "estimate"),
            ToolRelease("v0.20.0", "1.24.2", "estimate"),
            ToolRelease("v0.21.0", "1.25", "go.mod"),
            ToolRelease("v0.22.0", "1.25", "go.mod"),
            ToolRelease("v0.23.0", "1.26", "estimate"),
        ),
        purpose="language server (VS Code Go, vim, emacs)",
    ),
    "dlv": Tool(
        "dlv",
        "github.com/go-delve/delve/cmd/dlv",
        (
            ToolRelease("v1.21.2", "1.17", "go.mod"),
            ToolRelease("v1.22.1", "1.21", "go.mod"),
            ToolRelease("v1.24.2", "1.22.0", "go.mod"),
            ToolRelease("v1.25.2", "1.23.3", "go.mod"),
            ToolRelease("v1.26.0", "1.25.0", "go.mod"),
        ),
        purpose="debugger (VS Code launch/attach, dlv --headless)",
    ),
    "golangci-lint": Tool(
        "golangci-lint",
        "github.com/golangci/golangci-lint/v2/cmd/golangci-lint",
        (
            ToolRelease("v2.0.2", "1.23.0", "go.mod"),
            ToolRelease("v2.1.6", "1.23.0", "estimate"),
            ToolRelease("v2.4.0", "1.24.0", "estimate"),
            ToolRelease("v2.6.2", "1.24.0", "estimate"),
            ToolRelease("v2.8.0", "1.25.0", "estimate"),
        ),
        purpose="linter runner (v2 module path; v1 configs need 'golangci-lint migrate')",
    ),
    "staticcheck": Tool(
        "staticcheck",
        "honnef.co/go/tools/cmd/staticcheck",
        (
            ToolRelease("v0.4.7", "1.19", "go.mod"),
            ToolRelease("v0.5.1", "1.22.1", "go.mod"),
            ToolRelease("v0.6.1", "1.23", "go.mod"),
            ToolRelease("v0.7.0", "1.25.0", "go.mod"),
        ),
        purpose="static analysis (2023.1 = v0.4, 2024.1 = v0.5, 2025.1 = v0.6, 2026.1 = v0.7)",
    ),
}


def known_names(catalog: Mapping[str, Tool]) -> str:
    return ", ".join(sorted(catalog))


def lookup(catalog: Mapping[str, Tool], name: str) -> Tool:
    """The tool called ``name``; an unknown name is a usage error listing the known ones."""
    tool = catalog.get(name)
    if tool is None:
        raise UsageError(f"unknown tool {name!r}; known tools: {known_names(catalog)}")
    return tool


def newest_compatible(tool: Tool, go: GoVersion) -> ToolRelease | None:
    """The newest release of ``tool`` whose minimum Go is not newer than ``go``."""
    candidates = [release for release in tool.releases if release.min_go_version <= go]
    return max(candidates, key=lambda release: semver.sort_key(release.version)) if candidates else None


def release_for(tool: Tool, version: str | None, go: GoVersion) -> ToolRelease:
    """The release to install: ``version`` if given, else the newest one ``go`` can build.

    Refuses (exit 2) a known release that needs a newer Go, naming the minimum; an unlisted version is
    passed through (the go command is then the judge, and its "requires go >=" is reported as exit 2).
    """
    if version is None:
        release = newest_compatible(tool, go)
        if release is None:
            oldest = min(tool.releases, key=lambda r: r.min_go_version)
            raise UsageError(
                f"{tool.name}: no known release builds with Go {go}; the oldest known "
                f"({tool.name}@{oldest.version}) needs Go {oldest.min_go} or newer"
            )
        return release
    wanted = version if version.startswith("v") or version == "latest" else f"v{version}"
    for release in tool.releases:
        if release.version == wanted:
            if release.min_go_version > go:
                raise UsageError(
                    f"{tool.name}@{wanted} needs Go {release.min_go} or newer, the active Go is {go}; "
                    f"install Go {release.min_go}+ ('wslgo go install {release.min_go_version.line}') "
                    f"or pick an older version"
                )
            return release
    return ToolRelease(wanted, "0.0", "unlisted")


def catalog_from_json(data: Any, origin: str) -> dict[str, Tool]:
    """Build a catalog from ``{"tools": {name: {"package": …, "releases": [{"version", "min_go"}]}}}``."""
    if not isinstance(data, dict) or not isinstance(data.get("tools"), dict):
        raise InputError(f'{origin}: expected an object with a "tools" object')
    catalog: dict[str, Tool] = {}
    for name, entry in data["tools"].items():
        if not isinstance(entry, dict) or not isinstance(entry.get("package"), str):
            raise InputError(f'{origin}: tools.{name}: expected an object with a "package" string')
        releases = entry.get("releases")
        if not isinstance(releases, list) or not releases:
            raise InputError(f"{origin}: tools.{name}.releases: expected a non-empty list")
        parsed: list[ToolRelease] = []
        for index, item in enumerate(releases):
            if not isinstance(item, dict) or not isinstance(item.get("version"), str):
                raise InputError(
                    f'{origin}: tools.{name}.releases[{index}]: expected {{"version", "min_go"}}'
                )
            min_go = str(item.get("min_go", "0.0"))
            if GoVersion.parse(min_go) is None:
                raise InputError(
                    f"{origin}: tools.{name}.releases[{index}].min_go: {min_go!r} is not a Go version"
                )
            parsed.append(ToolRelease(item["version"], min_go, str(item.get("source", origin))))
        catalog[str(name)] = Tool(
            str(name),
            entry["package"],
            tuple(parsed),
            binary=str(entry.get("binary", "")),
            purpose=str(entry.get("purpose", "")),
        )
    return catalog


def load_catalog(path: Path | None, *, replace: bool = False) -> dict[str, Tool]:
    """The default table, extended (or replaced) by the JSON file at ``path``."""
    if path is None:
        return dict(DEFAULT_TOOLS)
    try:
        data = loads_json(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read the tool catalog: {exc.strerror or exc}") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from None
    extra = catalog_from_json(data, str(path))
    return extra if replace else {**DEFAULT_TOOLS, **extra}
