"""The collector on this real (non-WSL) machine: real go, real files, real subprocesses and servers.

Only Windows interop cannot exist here, so ``cmd.exe``, ``wslpath`` and ``wsl.exe`` are small scripts
that print what the real programs print (the ``wsl.exe`` bytes are the UTF-16LE of corpus file 09).
"""

from __future__ import annotations

import http.server
import json
import os
import socket
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from wslgo.evidence import inventory
from wslgo.evidence.bundle import read_bundle, write_bundle
from wslgo.evidence.collect import collect, read_file

pytestmark = pytest.mark.integration

WSL_VERSION_09 = (
    "WSL version: 1.0.0.0\r\nKernel version: 5.15.74.2\r\nWSLg version: 1.0.47\r\n"
    "MSRDC version: 1.2.3575\r\nDirect3D version: 1.606.4\r\n"
    "DXCore version: 10.0.25131.1002-220531-1700.rs-onecore-base2-hyp\r\nWindows version: 10.0.19045.2311\r\n"
)


def _script(directory: Path, name: str, body: str) -> Path:
    path = directory / name
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)
    return path


@pytest.fixture
def machine(tmp_path: Path, go_binary: Path) -> dict[str, str]:
    """A sealed environment: the real go first on PATH, a home with rc files, a Go project."""
    home = Path(os.environ["HOME"])
    (home / ".bashrc").write_text(
        "export PATH=$PATH:/usr/local/go/bin\nexport PATH=$PATH:/usr/local/go/bin\n"
    )
    (home / ".profile").write_bytes(b"# caf\xe9 in Latin-1, not UTF-8\n")
    project = tmp_path / "project"
    (project / "cmd" / "app").mkdir(parents=True)
    (project / "go.mod").write_text("module example.com/app\n\ngo 1.24\n")
    return {
        "PATH": f"{go_binary.parent}:/usr/bin:/bin",
        "HOME": str(home),
        "GOCACHE": str(tmp_path / "gocache"),
        "GOMODCACHE": str(tmp_path / "gomodcache"),
        "GOPATH": str(tmp_path / "gopath"),
        "GOFLAGS": "-modcacherw",
        "GOTOOLCHAIN": "local",
        "GOPROXY": "off",
        "GITHUB_TOKEN": "ghp_notARealTokenButLongEnough123",
        "PROJECT": str(project / "cmd" / "app"),
    }


def test_collects_env_files_paths_and_the_real_go(machine: dict[str, str], go_binary: Path) -> None:
    (Path(machine["GOCACHE"])).mkdir()
    evidence = collect(project=machine["PROJECT"], offline=True, environ=machine)

    go_env = evidence.command("go", "env", "-json")
    assert go_env is not None and go_env.ok, go_env
    parsed = json.loads(go_env.stdout)
    assert parsed["GOCACHE"] == machine["GOCACHE"]
    assert parsed["GOROOT"] == str(go_binary.parent.parent)
    version = evidence.command("go", "version")
    assert version is not None and version.stdout.startswith("go version go1.")
    assert evidence.which("go") == str(go_binary)

    assert evidence.env["GITHUB_TOKEN"] == machine["GITHUB_TOKEN"]  # the collector keeps; capture redacts
    home = machine["HOME"]
    assert evidence.text(f"{home}/.bashrc") is not None
    assert evidence.file(f"{home}/.profile") == b"# caf\xe9 in Latin-1, not UTF-8\n"
    assert evidence.exists(f"{home}/.zshrc") is False
    project_root = str(Path(machine["PROJECT"]).parents[1])
    assert evidence.text(f"{project_root}/go.mod") == "module example.com/app\n\ngo 1.24\n"
    assert evidence.exists(f"{project_root}/go.work") is False
    assert evidence.meta.cwd == machine["PROJECT"]
    assert evidence.meta.host.arch in ("amd64", "arm64")
    assert evidence.meta.host.uid == os.getuid()

    gocache = evidence.path(machine["GOCACHE"])
    assert gocache is not None and gocache.kind == "dir" and gocache.writable is True
    assert gocache.free_bytes is not None and gocache.free_bytes > 0 and gocache.mtime
    assert evidence.exists(machine["GOMODCACHE"]) is False
    assert evidence.exists(f"{home}/.config/go/env") is False

    # the real machine: Debian, not WSL
    assert evidence.text("/proc/version") is not None
    assert evidence.exists("/proc/sys/fs/binfmt_misc/WSLInterop") is False
    wsl = evidence.command("wsl.exe", "--version")
    assert wsl is not None and wsl.error == "not-found"
    # every PATH dir is recorded, and the candidates that exist in them
    for directory in machine["PATH"].split(":"):
        assert evidence.path(directory) is not None
    assert evidence.path(f"{go_binary.parent}/gofmt") is not None

    # replay: the same object comes back from a bundle
    assert read_bundle(write_bundle(evidence, Path(machine["HOME"]) / "b.tgz")) == evidence


def test_hanging_command_is_recorded_as_timeout(tmp_path: Path, machine: dict[str, str]) -> None:
    fake_bin = tmp_path / "hang"
    fake_bin.mkdir()
    _script(fake_bin, "go", "exec sleep 30\n")
    machine["PATH"] = f"{fake_bin}:/usr/bin:/bin"
    started = time.monotonic()
    evidence = collect(offline=True, environ=machine, timeout=0.5)
    elapsed = time.monotonic() - started
    for argv in (("go", "env", "-json"), ("go", "version")):
        result = evidence.command(*argv)
        assert result is not None and result.error == "timeout" and result.rc is None
    assert elapsed < 3.0


def test_unreadable_huge_and_missing_files(tmp_path: Path, machine: dict[str, str]) -> None:
    huge = Path(machine["HOME"]) / ".zshrc"
    with open(huge, "wb") as handle:
        handle.truncate(inventory.MAX_FILE_BYTES + 1)
    # Write-only for everyone, root included: the kernel refuses the read whatever our uid is.
    machine["GOENV"] = "/proc/sys/vm/drop_caches"
    evidence = collect(offline=True, environ=machine)
    info = evidence.path(str(huge))
    assert info is not None and info.error == "too-large" and info.size == inventory.MAX_FILE_BYTES + 1
    assert evidence.file(str(huge)) is None
    denied = evidence.path("/proc/sys/vm/drop_caches")
    assert denied is not None and denied.kind == "file" and denied.error == "permission-denied"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads mode-000 files; the /proc case above covers root")
def test_mode_000_file_is_permission_denied(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("x")
    secret.chmod(0)
    result = read_file(str(secret))
    assert result.data is None and result.info is not None and result.info.error == "permission-denied"


def test_path_lookups_follow_symlinks_and_flag_dangling_ones(
    tmp_path: Path, machine: dict[str, str], go_binary: Path
) -> None:
    bin_dir = tmp_path / "links"
    bin_dir.mkdir()
    (bin_dir / "go").symlink_to(go_binary)
    (bin_dir / "gopls").symlink_to(tmp_path / "nowhere" / "gopls")
    machine["PATH"] = f"{bin_dir}:/usr/bin:/bin"
    evidence = collect(offline=True, environ=machine)
    link = evidence.path(f"{bin_dir}/go")
    assert link is not None and link.kind == "symlink" and link.target == str(go_binary) and link.executable
    assert evidence.which("go") == f"{bin_dir}/go"
    assert evidence.command("go", "version").ok  # type: ignore[union-attr]
    dangling = evidence.path(f"{bin_dir}/gopls")
    assert dangling is not None and dangling.error == "dangling"


def test_windows_interop_chain_reads_the_wslconfig(tmp_path: Path, machine: dict[str, str]) -> None:
    interop = tmp_path / "interop"
    interop.mkdir()
    profile = tmp_path / "mnt-c-Users-al"
    profile.mkdir()
    (profile / ".wslconfig").write_bytes(b"[wsl2]\r\nmemory=8GB\r\nprocessors=4\r\n")
    _script(interop, "cmd.exe", "printf 'C:\\\\Users\\\\al\\r\\n'\n")
    _script(interop, "wslpath", f'[ "$1" = "-u" ] && [ "$2" = "C:\\\\Users\\\\al" ] && echo "{profile}"\n')
    wsl_bytes = b"\xff\xfe" + WSL_VERSION_09.encode("utf-16-le")
    (interop / "wsl-version.bin").write_bytes(wsl_bytes)
    _script(interop, "wsl.exe", f'cat "{interop}/wsl-version.bin"\n')
    machine["PATH"] = f"{machine['PATH']}:{interop}"
    evidence = collect(offline=True, environ=machine)

    echo = evidence.command("cmd.exe", "/c", "echo %USERPROFILE%")
    assert echo is not None and echo.stdout == "C:\\Users\\al\r\n"
    converted = evidence.command("wslpath", "-u", "C:\\Users\\al")
    assert converted is not None and converted.stdout.strip() == str(profile)
    assert evidence.file(f"{profile}/.wslconfig") == b"[wsl2]\r\nmemory=8GB\r\nprocessors=4\r\n"
    wsl = evidence.command("wsl.exe", "--version")
    assert wsl is not None and wsl.stdout == WSL_VERSION_09


class _Quiet(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b'{"service": "wslgo-proxy", "status": "ok"}' if self.path.endswith("/healthz") else b""
        self.send_response(200 if self.path.startswith("/mod") else 404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def local_proxy() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_goproxy_urls_are_probed_unless_offline(machine: dict[str, str], local_proxy: str) -> None:
    dead = f"http://127.0.0.1:{_closed_port()}"
    machine["GOPROXY"] = f"{local_proxy}/mod,{dead}|direct"
    evidence = collect(offline=False, environ=machine)
    alive = evidence.command("http-probe", f"{local_proxy}/mod")
    assert alive is not None and alive.rc == 200 and alive.error is None
    refused = evidence.command("http-probe", dead)
    assert refused is not None and refused.error == "connect-refused"
    # Loopback proxies also get a /healthz probe whose body tells a wslgo proxy apart (NET003).
    health = evidence.command("http-probe", f"{local_proxy}/mod/healthz")
    assert health is not None and health.rc == 200 and '"service": "wslgo-proxy"' in health.stdout
    assert evidence.command("http-probe", f"{dead}/healthz") is not None

    offline = collect(offline=True, environ=machine)
    assert not [c for c in offline.commands if c.argv[0] == "http-probe"]
    assert offline.meta.offline is True


def test_mode_bits_are_recorded(tmp_path: Path, machine: dict[str, str]) -> None:
    gocache = Path(machine["GOCACHE"])
    gocache.mkdir()
    gocache.chmod(0o555)
    try:
        evidence = collect(offline=True, environ=machine)
    finally:
        gocache.chmod(0o755)
    info = evidence.path(str(gocache))
    assert info is not None and info.mode == "0555" and stat.S_IMODE(int(info.mode, 8)) == 0o555
