"""``go version -m`` parsing, from a real binary built here with the real go command."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.unit.checks.gohelpers import build_tool
from wslgo.golang.buildinfo import parse_buildinfo


@pytest.fixture(scope="module")
def built_binary(go_binary: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    return build_tool(go_binary, tmp_path_factory.mktemp("tool"))


def test_parse_real_build_info(built_binary: tuple[Path, str], go_binary: Path) -> None:
    binary, output = built_binary
    info = parse_buildinfo(output)
    assert info is not None
    assert info.binary == str(binary)
    real_version = subprocess.run([str(go_binary), "version"], capture_output=True, text=True).stdout.split()[
        2
    ]
    assert info.go_version_raw == real_version
    assert info.go_version is not None and info.go_version.tag == real_version
    assert info.main_package == "example.com/tool"
    assert info.main_module is not None and info.main_module.path == "example.com/tool"
    assert info.settings["CGO_ENABLED"] == "0"
    assert info.settings["GOOS"] == "linux"


def test_parse_deps_and_replacements() -> None:
    # Shape of `go version -m` for a tool with dependencies (tab-separated records).
    text = (
        "/home/al/go/bin/gopls: go1.22.2\n"
        "\tpath\tgolang.org/x/tools/gopls\n"
        "\tmod\tgolang.org/x/tools/gopls\tv0.15.3\th1:abc=\n"
        "\tdep\tgolang.org/x/mod\tv0.17.0\th1:def=\n"
        "\tdep\tgolang.org/x/tools\tv0.20.0\n"
        "\t=>\t../tools\t(devel)\t\n"
        "\tbuild\t-compiler=gc\n"
    )
    info = parse_buildinfo(text)
    assert info is not None
    assert info.module_version == "v0.15.3"
    assert [d.path for d in info.deps] == ["golang.org/x/mod", "../tools"]
    assert str(info.go_version) == "1.22.2"


def test_not_go_binary() -> None:
    assert (
        parse_buildinfo("/usr/bin/ls: could not read Go build info from /usr/bin/ls: not a Go executable")
        is None
    )
