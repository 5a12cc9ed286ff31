"""A file:// module proxy holding a tiny fixture "tool", built per test in the proxy layout (go.dev/ref/mod)."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

MODULE = "example.com/fixturetool"


def main_go(version: str) -> str:
    return f'package main\n\nimport "fmt"\n\nfunc main() {{ fmt.Println("fixturetool {version}") }}\n'


def write_module(proxy: Path, module: str, version: str, go_line: str) -> None:
    """Add ``module@version`` to a proxy directory: list, .info, .mod and a .zip per the module zip rules."""
    gomod = f"module {module}\n\ngo {go_line}\n"
    base = proxy / module / "@v"
    base.mkdir(parents=True, exist_ok=True)
    (base / f"{version}.info").write_text(json.dumps({"Version": version, "Time": "2026-01-01T00:00:00Z"}))
    (base / f"{version}.mod").write_text(gomod)
    prefix = f"{module}@{version}/"
    with zipfile.ZipFile(base / f"{version}.zip", "w") as archive:
        archive.writestr(prefix + "go.mod", gomod)
        archive.writestr(prefix + "main.go", main_go(version))
    listing = base / "list"
    versions = set(listing.read_text().split()) if listing.exists() else set()
    listing.write_text("\n".join(sorted(versions | {version})) + "\n")


@dataclass(frozen=True)
class ToolEnv:
    proxy: Path
    gobin: Path
    catalog: Path

    def write_catalog(self, releases: list[tuple[str, str]]) -> Path:
        self.catalog.write_text(
            json.dumps(
                {
                    "tools": {
                        "fixturetool": {
                            "package": MODULE,
                            "releases": [{"version": v, "min_go": g} for v, g in releases],
                        }
                    }
                }
            )
        )
        return self.catalog


@pytest.fixture(scope="session")
def shared_gocache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("gocache")


@pytest.fixture
def tool_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_gocache: Path) -> Iterator[ToolEnv]:
    proxy = tmp_path / "proxy"
    write_module(proxy, MODULE, "v1.0.0", "1.21")
    write_module(proxy, MODULE, "v1.0.1", "1.21")
    write_module(proxy, MODULE, "v1.1.0", "1.99")
    monkeypatch.setenv("GOPROXY", proxy.as_uri())
    monkeypatch.setenv("GOSUMDB", "off")
    monkeypatch.setenv("GONOSUMDB", "example.com")
    monkeypatch.setenv("GOFLAGS", "-modcacherw")
    monkeypatch.setenv("GOPATH", str(tmp_path / "gopath"))
    monkeypatch.setenv("GOMODCACHE", str(tmp_path / "modcache"))
    monkeypatch.setenv("GOCACHE", str(shared_gocache))
    yield ToolEnv(proxy, tmp_path / "bin", tmp_path / "catalog.json")
