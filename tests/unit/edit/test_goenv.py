"""The Go env file editor writes the bytes ``go env -w``/``-u`` write (compared with the real go)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from wslgo.edit.goenv import update_goenv
from wslgo.golang.goenv import parse_env_file

CASES = [
    ("", {"GOPROXY": "https://a.example|direct"}, ()),
    ("# comment\nZZ=1\nGOPROXY=a\n\nGOSUMDB=x\nGOSUMDB=y\nGOAMD64=v1", {"GOFLAGS": "-mod=mod -x"}, ()),
    ("GOPATH=/mnt/d/go\nGOCACHE=/mnt/c/cache\nGOPROXY=off\n", {}, ("GOCACHE", "GOPATH")),
    ("GOPRIVATE=x.com\nGOSUMDB=sum.golang.org+https://sum.golang.org\n", {"GOSUMDB": "sum.golang.org"}, ()),
    ("B=1\nA=2\n# sep\nD=3\nC=4\n", {"GOTOOLCHAIN": "local"}, ("D",)),
]


def _go_writes(go: Path, tmp: Path, text: str, add: dict[str, str], unset: tuple[str, ...]) -> str:
    env_file = tmp / "env"
    env_file.write_text(text)
    env = dict(os.environ, GOENV=str(env_file), GOTOOLCHAIN="local", GOFLAGS="")
    env.pop("GOFLAGS")
    if add:
        args = [f"{key}={value}" for key, value in add.items()]
        subprocess.run([str(go), "env", "-w", *args], env=env, check=True, capture_output=True)
    if unset:
        subprocess.run([str(go), "env", "-u", *unset], env=env, check=True, capture_output=True)
    return env_file.read_text()


@pytest.mark.integration
@pytest.mark.parametrize(("text", "add", "unset"), CASES)
def test_matches_real_go_env_w(
    go_binary: Path, tmp_path: Path, text: str, add: dict[str, str], unset: tuple[str, ...]
) -> None:
    expected = _go_writes(go_binary, tmp_path, text, add, unset)
    ours = update_goenv(text, add, unset)
    if add and unset:
        ours = update_goenv(update_goenv(text, add), {}, unset)
    assert ours == expected


def test_unchanged_when_values_already_in_effect() -> None:
    messy = "B=1\nA=2\nA=2\n"
    assert update_goenv(messy, {"A": "2"}) == messy
    assert update_goenv(messy, {}, ["C"]) == messy


def test_parse_last_wins_and_ignores_comments() -> None:
    assert parse_env_file("# X=1\nGOPROXY=a\nGOPROXY=b\nlower=1\n=x\n").values == {"GOPROXY": "b"}


def test_rejects_line_breaks_in_values() -> None:
    with pytest.raises(ValueError, match="line break"):
        update_goenv("", {"GOFLAGS": "a\nb"})
