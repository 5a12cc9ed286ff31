"""Write ``.github/workflows/go.yml`` for a module, from its go.mod (SPEC §7).

The workflow pins what the go.mod already says and checks the newest Go too: the ``test`` job is a matrix
of two entries, ``go-version-file: go.mod`` (the toolchain line, else the go line — what the module
declares) and ``go-version: stable`` (the newest release, so a new Go's vet checks and behaviour changes
show up before users hit them); it vets and tests with the race detector. The ``lint`` job runs
golangci-lint v2 in the newest release the module's Go line can build (``wslgo.tools.catalog``).
``wslgo ci run`` executes the same file.

The file is assembled from job blocks (``test_job``, ``lint_job``), each a self-contained ``  <id>:``
block, so another job (``wslgo.policy.ci_job``'s gate) is appended after them without editing these.
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


def header(gomod: GoMod) -> str:
    module = gomod.module or "this module"
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
    )


def test_job(*, has_gosum: bool) -> str:
    """The matrix job: go.mod's Go and the newest stable Go, each vetting and testing with -race."""
    cache_lines = (
        "          cache: true\n          cache-dependency-path: go.sum\n"
        if has_gosum
        else "          cache: false  # no go.sum yet: nothing to key a module cache on\n"
    )
    return (
        "  test:\n"
        "    runs-on: ubuntu-latest\n"
        "    strategy:\n"
        "      fail-fast: false\n"
        "      matrix:\n"
        "        include:\n"
        "          - go-version-file: go.mod  # the Go go.mod asks for (toolchain line, else go line)\n"
        "          - go-version: stable       # the newest Go release\n"
        "    steps:\n"
        f"      - uses: {CHECKOUT}\n"
        "      - name: Set up Go\n"
        f"        uses: {SETUP_GO}\n"
        "        with:\n"
        "          go-version: ${{ matrix.go-version }}\n"
        "          go-version-file: ${{ matrix.go-version-file }}\n"
        f"{cache_lines}"
        "      - name: go vet\n"
        "        run: go vet ./...\n"
        "      - name: go test -race\n"
        "        run: go test -race ./...\n"
    )


def lint_job(gomod: GoMod) -> str:
    return (
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


def workflow_text(gomod: GoMod, *, has_gosum: bool) -> str:
    """The workflow YAML; deterministic for the same go.mod."""
    return header(gomod) + test_job(has_gosum=has_gosum) + lint_job(gomod)
