"""Fixtures for ``wslgo ci run`` on real modules: a Go mirror with an older buildable SDK, and a file://
module proxy holding a small linter published under golangci-lint's module path (built by the real
``go install`` exactly as the action's version would be)."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.integration.conftest import Archives, write_index
from tests.integration.sdk.mirror import Mirror
from tests.integration.sdk.repack import Archive, file_entry, index_entry

LINT_MODULE = "github.com/golangci/golangci-lint/v2"
LINT_VERSIONS = ("v2.1.0", "v2.1.6", "v2.4.0", "v2.8.0")

#: A linter with golangci-lint's command line (``run``, ``version``, ``config path``) and one real rule:
#: no underscores in function names (like revive's var-naming). Exit 1 when it finds issues, as
#: golangci-lint does.
LINTER = """\
package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

const version = "VERSION"

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: golangci-lint run|version|config")
		os.Exit(3)
	}
	switch os.Args[1] {
	case "version":
		fmt.Println("golangci-lint has version", version)
	case "run":
		os.Exit(run())
	default:
		fmt.Fprintln(os.Stderr, "no configuration file found")
		os.Exit(3)
	}
}

func run() int {
	fset := token.NewFileSet()
	issues := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() && path != "." && (strings.HasPrefix(name, ".") || name == "testdata" || name == "vendor") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		file, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			fmt.Println(err)
			issues++
			return nil
		}
		for _, decl := range file.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if ok && strings.Contains(fn.Name.Name, "_") && !strings.HasPrefix(fn.Name.Name, "Test") {
				pos := fset.Position(fn.Name.Pos())
				fmt.Printf("%s:%d:%d: don't use underscores in Go names; func %s (var-naming)\\n",
					pos.Filename, pos.Line, pos.Column, fn.Name.Name)
				issues++
			}
		}
		return nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	fmt.Printf("%d issues.\\n", issues)
	if issues > 0 {
		return 1
	}
	return 0
}
"""


def write_lint_module(proxy: Path, version: str) -> None:
    """``LINT_MODULE@version`` in the GOPROXY file layout (list, .info, .mod, .zip per the zip rules)."""
    gomod = f"module {LINT_MODULE}\n\ngo 1.22\n"
    base = proxy / LINT_MODULE / "@v"
    base.mkdir(parents=True, exist_ok=True)
    (base / f"{version}.info").write_text(json.dumps({"Version": version, "Time": "2026-01-01T00:00:00Z"}))
    (base / f"{version}.mod").write_text(gomod)
    prefix = f"{LINT_MODULE}@{version}/"
    with zipfile.ZipFile(base / f"{version}.zip", "w") as archive:
        archive.writestr(prefix + "go.mod", gomod)
        archive.writestr(prefix + "cmd/golangci-lint/main.go", LINTER.replace("VERSION", version))
    listing = base / "list"
    known = set(listing.read_text().split()) if listing.exists() else set()
    listing.write_text("\n".join(sorted(known | {version})) + "\n")


@pytest.fixture(scope="session")
def lint_proxy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    proxy = tmp_path_factory.mktemp("lint-proxy")
    for version in LINT_VERSIONS:
        write_lint_module(proxy, version)
    return proxy


@pytest.fixture(scope="session")
def ci_gocache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build cache for every ci test: each toolchain compiles the standard library once."""
    return tmp_path_factory.mktemp("ci-gocache")


@pytest.fixture(scope="session")
def ci_modcache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ci-modcache")


@dataclass(frozen=True)
class Module:
    root: Path

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path

    def workflow(self, text: str) -> Path:
        return self.write(".github/workflows/go.yml", text)


@pytest.fixture
def go_module(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    ci_gocache: Path,
    ci_modcache: Path,
    lint_proxy: Path,
) -> Module:
    """An empty module directory with the network settings of a user behind a module proxy."""
    root = tmp_path / "mod"
    root.mkdir()
    monkeypatch.setenv("GOCACHE", str(ci_gocache))
    monkeypatch.setenv("GOMODCACHE", str(ci_modcache))
    monkeypatch.setenv("GOPROXY", lint_proxy.as_uri())
    monkeypatch.setenv("GOSUMDB", "off")
    monkeypatch.setenv("GONOSUMDB", "github.com/golangci")
    return Module(root)


@pytest.fixture
def ci_mirror(
    go_archives: Archives,
    buildable_older_archive: Archive,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Mirror]:
    """A Go download mirror with go1.27.3 (the active Go's version) and a buildable go1.27.2."""
    root = tmp_path / "go-mirror"
    root.mkdir()
    archives = [go_archives.by_version["go1.27.3"], buildable_older_archive]
    for archive in archives:
        (root / archive.filename).hardlink_to(archive.path)
    write_index(root, [index_entry(a.version, [file_entry(a)]) for a in archives])
    server = Mirror(root).start()
    monkeypatch.setenv("WSLGO_GO_INDEX", server.url + "index.json")
    monkeypatch.setenv("WSLGO_GO_MIRROR", server.url)
    yield server
    server.stop()
