from __future__ import annotations

from datetime import date

import pytest

from wslgo.golang.gomod import parse_gomod
from wslgo.golang.version import GoVersion, newest_lines, newest_patch, parse_go_version_output


@pytest.mark.parametrize(
    ("older", "newer"),
    [
        ("1.21", "go1.21rc1"),
        ("go1.21rc1", "go1.21rc2"),
        ("go1.21beta1", "go1.21rc1"),
        ("go1.21rc2", "1.21.0"),
        ("1.21.0", "1.21.10"),
        ("1.9.7", "1.10"),
        ("1.20", "1.20.1"),
        ("1.27.3", "1.28"),
    ],
)
def test_ordering_follows_the_go_command(older: str, newer: str) -> None:
    a, b = GoVersion.parse(older), GoVersion.parse(newer)
    assert a is not None and b is not None
    assert a < b


def test_pre_121_line_names_its_first_release() -> None:
    assert GoVersion.parse("go1.20") == GoVersion.parse("1.20.0")
    assert str(GoVersion.parse("1.22")) == "1.22"
    assert GoVersion.parse("go1.27.3").tag == "go1.27.3"  # type: ignore[union-attr]


@pytest.mark.parametrize("bad", ["", "go", "1", "1.x", "go1.2.3.4", "devel +abc", "v1.2.3"])
def test_rejects_non_versions(bad: str) -> None:
    assert GoVersion.parse(bad) is None


def test_go_version_output_real_strings() -> None:
    parsed = parse_go_version_output("go version go1.22.2 linux/amd64\n")
    assert parsed is not None and parsed.goos == "linux" and parsed.goarch == "amd64"
    assert str(parsed.version) == "1.22.2"
    windows = parse_go_version_output("go version go1.21.5 windows/amd64")
    assert windows is not None and windows.goos == "windows"
    devel = parse_go_version_output("go version devel go1.23-a1b2c3 Tue Jan 1 linux/amd64")
    assert devel is not None and devel.version is None
    assert parse_go_version_output("bash: go: command not found") is None


def test_newest_lines_uses_the_date_and_extra_lines() -> None:
    assert newest_lines(date(2024, 3, 1)) == ["1.22", "1.21"]
    assert newest_lines(date(2024, 2, 5)) == ["1.21", "1.20"]
    assert newest_lines(date(2027, 3, 1), extra={"1.28": date(2027, 2, 9)}) == ["1.28", "1.27"]


def test_newest_patch_ignores_prereleases() -> None:
    versions = [GoVersion.parse(v) for v in ("1.26.0", "1.26.4", "1.27rc1", "1.26.10")]
    best = newest_patch([v for v in versions if v], "1.26")
    assert str(best) == "1.26.10"
    assert newest_patch([v for v in versions if v], "1.27") is None


def test_gomod_directives_and_blocks() -> None:
    text = (
        "// comment\nmodule example.com/app\n\ngo 1.22\ntoolchain go1.23.1\n"
        'require (\n\tgolang.org/x/mod v0.1.0 // indirect\n\t"fyne.io/fyne/v2" v2.4.0\n)\n'
        "require github.com/a/b v1.0.0\nreplace x => ../x\nbogus line here\n"
    )
    mod = parse_gomod(text)
    assert mod.module == "example.com/app"
    assert (mod.go, mod.go_line, mod.toolchain, mod.toolchain_line) == ("1.22", 4, "go1.23.1", 5)
    assert [(r.path, r.version, r.indirect) for r in mod.requires] == [
        ("golang.org/x/mod", "v0.1.0", True),
        ("fyne.io/fyne/v2", "v2.4.0", False),
        ("github.com/a/b", "v1.0.0", False),
    ]
    assert mod.problems == ((12, "bogus line here"),)
