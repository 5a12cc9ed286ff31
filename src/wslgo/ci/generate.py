"""Write ``.github/workflows/go.yml`` for a module, from its go.mod (SPEC §7).

The workflow pins what the go.mod already says: ``actions/setup-go`` reads the version from
``go-version-file: go.mod`` (so CI and every developer build with the same Go line), caches modules keyed
on go.sum, vets, tests with the race detector, and lints with golangci-lint v2 in the newest release the
module's Go line can build (from ``wslgo.tools.catalog``). ``wslgo ci run`` executes the same file.
"""

from __future__ import annotations

from wslgo.golang.gomod import GoMod
from wslgo.golang.version import GoVersion
from wslgo.tools.catalog import DEFAULT_TOOLS, newest_compatible

CHECKOUT = "actions/checkout@v5"
SETUP_GO = "actions/setup-go@v6"
GOLANGCI_ACTION = "golangci/golangci-lint-action@v8"


def golangci_version(gomod: GoMod) -> str:
    """The golangci-lint v2 release that builds with the module's Go (the newest known as a fallback)."""
    tool = DEFAULT_TOOLS["golangci-lint"]
    wanted = GoVersion.parse(gomod.toolchain or "") or GoVersion.parse(gomod.go or "")
    release = newest_compatible(tool, wanted) if wanted else None
    if release is None:
        release = tool.releases[-1]
    major_minor = ".".join(release.version.split(".")[:2])
    return major_minor


def workflow_text(gomod: GoMod, *, has_gosum: bool) -> str:
    """The workflow YAML; deterministic for the same go.mod."""
    module = gomod.module or "this module"
    cache_lines = (
        "          cache: true\n          cache-dependency-path: go.sum\n"
        if has_gosum
        else "          cache: false  # no go.sum yet: nothing to key a module cache on\n"
    )
    return (
        f"# CI for {module}, written by 'wslgo ci init'; run it locally with 'wslgo ci run'.\n"
        "name: Go\n"
        "\n"
        "on:\n"
        "  push:\n"
        "    branches: [main]\n"
        "  pull_request:\n"
        "\n"
        "permissions:\n"
        "  contents: read\n"
        "\n"
        "jobs:\n"
        "  test:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        f"      - uses: {CHECKOUT}\n"
        "      - name: Set up Go from go.mod\n"
        f"        uses: {SETUP_GO}\n"
        "        with:\n"
        "          go-version-file: go.mod\n"
        f"{cache_lines}"
        "      - name: go vet\n"
        "        run: go vet ./...\n"
        "      - name: go test -race\n"
        "        run: go test -race ./...\n"
        "  lint:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        f"      - uses: {CHECKOUT}\n"
        f"      - uses: {SETUP_GO}\n"
        "        with:\n"
        "          go-version-file: go.mod\n"
        "      - name: golangci-lint\n"
        f"        uses: {GOLANGCI_ACTION}\n"
        "        with:\n"
        f"          version: {golangci_version(gomod)}\n"
    )
