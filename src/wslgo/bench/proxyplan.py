"""``bench proxy``, the pure parts: what to download, how go is invoked, and what a failure means.

A module download benchmark is only fair when the four routes differ in nothing but ``GOPROXY``: the same
module list, the same go binary and flags, a fresh empty module cache every time. Building those inputs
(and reading the go command's ``-json`` stream back) is kept free of I/O so each rule is unit-tested.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from wslgo.errors import InputError

#: No wslgo proxy: GOPROXY is the upstream chain itself.
ROUTE_UPSTREAM = "upstream"
#: A wslgo proxy with an empty store in front of the upstream chain.
ROUTE_COLD = "proxy cold"
#: The same proxy again, every object already in its store.
ROUTE_WARM = "proxy warm"
#: GOPROXY=file:// on that store, no server at all (the floor).
ROUTE_FILE = "file:// store"
#: The routes, in the order each repeat runs them. ``upstream`` goes first: when the upstream is
#: unreachable the go command's own message (naming the upstream URL) is the one the user sees.
ROUTES = (ROUTE_UPSTREAM, ROUTE_COLD, ROUTE_WARM, ROUTE_FILE)


@dataclass(frozen=True)
class ModuleVersion:
    path: str
    version: str

    def __str__(self) -> str:
        return f"{self.path}@{self.version}"


@dataclass(frozen=True)
class DownloadSource:
    """What each measured ``go mod download`` fetches.

    ``project`` mode downloads the module graph of a Go module (``go mod download -json all`` run in its
    root, against a scratch copy of its go.mod/go.sum so the project is never modified); ``modules`` mode
    downloads an explicit ``module@version`` list outside any module.
    """

    label: str
    module_root: Path | None = None
    modules: tuple[ModuleVersion, ...] = ()

    @property
    def is_project(self) -> bool:
        return self.module_root is not None


def parse_module_list(text: str, source: str) -> tuple[ModuleVersion, ...]:
    """``module@version`` per line (or ``module version`` as ``go list -m all`` prints it); blank lines
    and ``#`` comments are skipped, duplicates dropped. ``InputError`` names ``source:line`` otherwise."""
    found: dict[str, ModuleVersion] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if "=>" in line:
            raise InputError(
                f"{source}:{number}: {line!r}: a replacement; expected module@version (list the target)"
            )
        words = line.split()
        if len(words) == 1 and "@" in line:
            path, _, version = line.rpartition("@")
        elif len(words) == 2 and "@" not in line:
            path, version = words
        else:
            raise InputError(
                f"{source}:{number}: {line!r}: expected module@version "
                "(or 'module version' as 'go list -m all' prints it, without its first, main-module line)"
            )
        if not path or not version or not (version.startswith("v") or version in ("latest", "upgrade")):
            raise InputError(
                f"{source}:{number}: {line!r}: expected module@version with a version such as v1.2.3"
            )
        module = ModuleVersion(path, version)
        found.setdefault(str(module), module)
    if not found:
        raise InputError(f"{source}: no module@version line; expected one module@version per line")
    return tuple(found.values())


def find_module_root(start: Path) -> Path | None:
    """The directory holding the go.mod that governs ``start`` (go's own upward search)."""
    for directory in (start, *start.parents):
        if (directory / "go.mod").is_file():
            return directory
    return None


def download_argv(go: str, source: DownloadSource, modfile: Path | None) -> list[str]:
    """The measured command. ``-json`` so a failure names its module; ``-modfile`` keeps the project's own
    go.mod/go.sum untouched (go derives the sibling ``.sum`` from the ``.mod`` name)."""
    if source.is_project:
        if modfile is None:
            raise ValueError("project mode needs the scratch copy of go.mod")
        return [go, "mod", "download", "-json", f"-modfile={modfile}", "all"]
    return [go, "mod", "download", "-json", *(str(module) for module in source.modules)]


def download_environment(
    base: Mapping[str, str],
    *,
    goroot: str,
    goproxy: str,
    gomodcache: Path,
    gocache: Path,
    no_sumdb: bool,
) -> dict[str, str]:
    """The environment of one measured run: only ``GOPROXY`` and the fresh ``GOMODCACHE`` change
    between runs. GOSUMDB/GONOSUMDB/GOPRIVATE stay as the user has them unless ``no_sumdb``."""
    env = dict(base)
    env.update(
        {
            "GOROOT": goroot,
            "GOPROXY": goproxy,
            "GOMODCACHE": str(gomodcache),
            "GOCACHE": str(gocache),
            "GOFLAGS": "-modcacherw",
            "GOTOOLCHAIN": "local",
            "GOWORK": "off",
        }
    )
    if no_sumdb:
        env["GOSUMDB"] = "off"
    return env


def file_goproxy(download_dir: Path) -> str:
    """``file://`` URL of a store's ``cache/download`` directory (absolute, as go requires)."""
    return "file://" + download_dir.absolute().as_posix()


def proxy_step_count(repeat: int) -> int:
    return repeat * len(ROUTES)


def parse_json_stream(text: str) -> list[dict[str, object]]:
    """The objects of ``go mod download -json`` output (concatenated JSON values, not a list).

    Stops quietly at the first byte that is not JSON: a half-written stream of an interrupted run still
    yields the records before it."""
    decoder = json.JSONDecoder()
    records: list[dict[str, object]] = []
    position = 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            return records
        try:
            value, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError:
            return records
        if isinstance(value, dict):
            records.append(value)


def download_failure(stdout: str, stderr: str) -> str:
    """One line saying which module failed and why, from a failed ``go mod download -json`` run.

    go reports per-module failures in the ``Error`` field of that module's JSON record and graph-loading
    failures (a go.mod it could not fetch) on stderr as ``go: module@version: reason``; the first of
    those wins. The line is never empty."""
    for record in parse_json_stream(stdout):
        error = record.get("Error")
        if isinstance(error, str) and error.strip():
            module = f"{record.get('Path', '?')}@{record.get('Version', '?')}"
            reason = _first_line(error)
            return reason if reason.startswith(module) else f"{module}: {reason}"
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for line in lines:
        if line.startswith("go: ") and "@" in line.split(":", 2)[1]:
            return _with_response(line.removeprefix("go: "), lines)
    return _with_response(lines[-1].removeprefix("go: "), lines) if lines else "(no output from go)"


def with_sumdb_hint(failure: str, no_sumdb: bool) -> str:
    """Point at ``--no-sumdb`` when the checksum database, not the proxy, is what failed: a private or
    local upstream serves modules the public sumdb has never seen, and an offline machine cannot reach it."""
    if no_sumdb or "verifying" not in failure:
        return failure
    return f"{failure} (the checksum database failed, not the proxy; --no-sumdb sets GOSUMDB=off)"


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return "(no message)"
    return _with_response(lines[0], lines)


def _with_response(line: str, lines: Sequence[str]) -> str:
    """Append the server's own words (go prints them on a following ``server response:`` line)."""
    response = next((item for item in lines if item.startswith("server response:")), None)
    if response is None or response in line:
        return line
    return f"{line} ({response})"
