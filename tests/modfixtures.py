"""Module fixtures for the proxy tests: cmd/go's txtar modules as a proxy tree, and module zips.

``build_proxy_tree`` turns the Go project's txtar module fixtures (cmd/go/testdata/mod) into a directory
in proxy layout: a static upstream the real go command downloads from in the tests, and the same module
graph for ``bench/proxy_bench.py`` (so numbers are comparable). ``build_zip`` writes a module zip the way
the go command does. Conventions follow cmd/go's own test proxy: the file
name is ``<escaped path with / as _>_<escaped version>.txt``; ``.info`` and ``.mod`` are served as is;
every other file goes into the zip under ``path@version/`` (a name starting with ``/`` is used
verbatim, which lets a fixture carry a deliberately bad zip).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from wslgo.golang.semver import is_pseudo
from wslgo.proxy.modpath import EscapeError, check_module_path, escape, is_canonical, unescape

_MARKER = re.compile(rb"^-- (.+?) --$", re.MULTILINE)


@dataclass(frozen=True)
class Fixture:
    module: str
    version: str
    files: tuple[tuple[str, bytes], ...]

    def file(self, name: str) -> bytes | None:
        return next((data for n, data in self.files if n == name), None)


def parse_txtar(data: bytes) -> list[tuple[str, bytes]]:
    """The files of a txtar archive (golang.org/x/tools/txtar): ``-- name --`` lines start each file."""
    markers = list(_MARKER.finditer(data))
    files: list[tuple[str, bytes]] = []
    for index, marker in enumerate(markers):
        start = marker.end() + 1 if marker.end() < len(data) else marker.end()
        end = markers[index + 1].start() if index + 1 < len(markers) else len(data)
        body = data[start:end]
        if body and not body.endswith(b"\n"):
            body += b"\n"
        files.append((marker.group(1).decode("utf-8"), body))
    return files


def parse_fixture_name(name: str) -> tuple[str, str]:
    """``rsc.io_!q!u!o!t!e_v1.5.3-!p!r!e.txt`` → (``rsc.io/QUOTE``, ``v1.5.3-PRE``)."""
    stem = name.removesuffix(".txt")
    cut = stem.rfind("_v")
    if cut < 0:
        raise EscapeError(f"{name!r} has no _v<version> part")
    return unescape(stem[:cut].replace("_", "/")), unescape(stem[cut + 1 :])


def load_fixtures(corpus_dir: Path) -> list[Fixture]:
    fixtures: list[Fixture] = []
    for path in sorted(corpus_dir.iterdir()):
        if not path.is_file() or path.name in ("README.upstream", "SOURCES.md"):
            continue
        try:
            module, version = parse_fixture_name(path.name)
            check_module_path(module)
        except EscapeError:
            continue
        fixtures.append(Fixture(module, version, tuple(parse_txtar(path.read_bytes()))))
    return fixtures


def zip_bytes(fixture: Fixture) -> bytes:
    buffer = io.BytesIO()
    prefix = f"{fixture.module}@{fixture.version}/"
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in fixture.files:
            if name in (".info", ".mod", ".zip"):
                continue
            archive.writestr(zipfile.ZipInfo(name[1:] if name.startswith("/") else prefix + name), data)
    return buffer.getvalue()


def build_proxy_tree(corpus_dir: Path, out_dir: Path, only: set[str] | None = None) -> list[Fixture]:
    """Write ``<escaped path>/@v/{list,<v>.info,<v>.mod,<v>.zip}`` for every fixture (or ``only`` modules)."""
    fixtures = [f for f in load_fixtures(corpus_dir) if only is None or f.module in only]
    versions: dict[str, list[str]] = {}
    for fixture in fixtures:
        directory = out_dir / escape(fixture.module) / "@v"
        directory.mkdir(parents=True, exist_ok=True)
        stem = escape(fixture.version)
        info = fixture.file(".info") or json.dumps({"Version": fixture.version}).encode()
        (directory / f"{stem}.info").write_bytes(info)
        mod = fixture.file(".mod")
        if mod is not None:
            (directory / f"{stem}.mod").write_bytes(mod)
        (directory / f"{stem}.zip").write_bytes(zip_bytes(fixture))
        if is_canonical(fixture.version) and not is_pseudo(fixture.version):
            versions.setdefault(fixture.module, []).append(fixture.version)
    for module, listed in versions.items():
        (out_dir / escape(module) / "@v" / "list").write_text("".join(v + "\n" for v in sorted(listed)))
    return fixtures


def build_zip(target: BinaryIO, module: str, version: str, files: list[tuple[str, bytes]]) -> None:
    """Write a module zip the way the go command does (deflate, ``module@version/`` prefix, sorted)."""
    prefix = f"{module}@{version}/"
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files):
            info = zipfile.ZipInfo(prefix + name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
