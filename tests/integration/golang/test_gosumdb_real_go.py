"""GOSUMDB validation agrees with the real go command (no network: a file:// proxy and a closed port).

For each value, the real go downloads one module from a local ``file://`` GOPROXY and must then consult
the checksum database; a value it rejects fails in ``dbDial`` with "invalid GOSUMDB…" before any
connection. ``parse_gosumdb`` must reject exactly those values, with the same words.
"""

from __future__ import annotations

import base64
import subprocess
import zipfile
from pathlib import Path

import pytest

from wslgo.golang.goenv import note_key_hash, parse_gosumdb

MODULE = "example.com/m"
VERSION = "v1.0.0"


@pytest.fixture(scope="module")
def file_proxy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("proxy")
    vdir = root / MODULE / "@v"
    vdir.mkdir(parents=True)
    gomod = f"module {MODULE}\n\ngo 1.21\n"
    (vdir / "list").write_text(VERSION + "\n")
    (vdir / f"{VERSION}.info").write_text('{"Version":"v1.0.0","Time":"2024-01-01T00:00:00Z"}')
    (vdir / f"{VERSION}.mod").write_text(gomod)
    with zipfile.ZipFile(vdir / f"{VERSION}.zip", "w") as archive:
        archive.writestr(f"{MODULE}@{VERSION}/go.mod", gomod)
        archive.writestr(f"{MODULE}@{VERSION}/m.go", "package m\n")
    # Let the go command find a (empty) proxied sumdb for the names it consults, instead of the network.
    for name in ("sum.golang.org", "sumdb.corp.example"):
        supported = root / "sumdb" / name / "supported"
        supported.parent.mkdir(parents=True)
        supported.write_text("")
    return root


def _vkey(name: str, key: bytes) -> str:
    return f"{name}+{note_key_hash(name, key):08x}+{base64.b64encode(key).decode()}"


VALUES = [
    "sum.golang.org+https://sum.golang.org",  # the guide's value
    "sum.golang.org",
    "sum.golang.org http://127.0.0.1:9",
    "corp.example",
    "a b c",
    "sum.golang.org+033de0af+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8",
    _vkey("sumdb.corp.example", b"\x01" + bytes(range(32))) + " http://127.0.0.1:9",
    _vkey("sumdb.corp.example", b"\x02" + bytes(32)),
]


@pytest.mark.parametrize("value", VALUES)
def test_parse_gosumdb_matches_go(go_binary: Path, file_proxy: Path, tmp_path: Path, value: str) -> None:
    env = {
        "HOME": str(tmp_path),
        "PATH": "/usr/bin:/bin",
        "GOPROXY": f"file://{file_proxy}",
        "GOSUMDB": value,
        "GOFLAGS": "-modcacherw",
        "GOMODCACHE": str(tmp_path / "modcache"),
        "GOCACHE": str(tmp_path / "cache"),
        "GOTOOLCHAIN": "local",
        "GONOSUMDB": "",
        "GOPRIVATE": "",
    }
    result = subprocess.run(
        [str(go_binary), "mod", "download", f"{MODULE}@{VERSION}"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    go_rejects = "invalid GOSUMDB" in result.stderr or "invalid sumdb name" in result.stderr
    ours = parse_gosumdb(value)
    assert (ours.error is not None) == go_rejects, result.stderr
    if ours.error:
        assert ours.error in result.stderr
