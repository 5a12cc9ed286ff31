"""Every evidence fixture in tests/bundles loads, and carries what its machine shape promises."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wslgo.evidence.bundle import read_bundle
from wslgo.evidence.model import Evidence
from wslgo.process import decode_output

BUNDLES = Path(__file__).resolve().parents[2] / "bundles"
NAMES = sorted(p.name for p in BUNDLES.iterdir() if (p / "meta.json").is_file())
EXPECTED = {
    "linux-plain",
    "wsl1",
    "wsl2-gocache-on-mnt-c",
    "wsl2-gocache-root-owned",
    "wsl2-gpu-linux-driver",
    "wsl2-guide-verbatim",
    "wsl2-systemd-configured-not-running",
    "wsl2-ubuntu-healthy",
    "wsl2-windows-go-wins",
    "wsl2-wslconfig-too-big",
}


def load(name: str) -> Evidence:
    return read_bundle(BUNDLES / name)


def test_all_machine_shapes_are_present() -> None:
    assert set(NAMES) >= EXPECTED


@pytest.mark.parametrize("name", NAMES)
def test_fixture_loads_and_is_replayable(name: str) -> None:
    evidence = load(name)
    assert evidence.meta.created == "2026-11-01T12:00:00+00:00"
    assert evidence.meta.cwd and evidence.home == "/home/al"
    for path in (
        "/proc/version",
        "/proc/sys/kernel/osrelease",
        "/etc/os-release",
        "/proc/self/mounts",
        "/proc/1/comm",
    ):
        assert evidence.text(path), (name, path)
    for argv in (("go", "env", "-json"), ("go", "version"), ("wsl.exe", "--version")):
        assert evidence.command(*argv) is not None, (name, argv)
    go_env = evidence.command("go", "env", "-json")
    if go_env is not None and go_env.ok:
        assert "GOROOT" in json.loads(go_env.stdout)
    for directory in evidence.path_dirs():
        assert evidence.path(directory) is not None, (name, directory)


def test_healthy_wsl_version_is_the_decoded_utf16le_capture() -> None:
    raw = (BUNDLES / "raw" / "wsl-version-09.utf16le.bin").read_bytes()
    assert raw.startswith(b"\xff\xfe") and b"W\x00S\x00L\x00" in raw
    recorded = load("wsl2-ubuntu-healthy").command("wsl.exe", "--version")
    assert recorded is not None and recorded.stdout == decode_output(raw)
    assert recorded.stdout.startswith("WSL version: 1.0.0.0\r\n")
    assert decode_output(raw[2:]) == recorded.stdout  # no BOM: detected by the NUL bytes


def test_machine_shapes() -> None:
    guide = load("wsl2-guide-verbatim")
    assert guide.env["GOSUMDB"] == "sum.golang.org+https://sum.golang.org"
    assert (guide.text("/home/al/.bashrc") or "").count("export PATH=$PATH:/usr/local/go/bin\n") == 2
    assert guide.env["GOPROXY"] == "https://goproxy.cn,https://goproxy.io,direct"

    windows = load("wsl2-windows-go-wins")
    assert windows.which("go.exe") == "/mnt/c/Program Files/Go/bin/go.exe"
    assert "windows/amd64" in windows.command("go", "version").stdout  # type: ignore[union-attr]

    assert "Microsoft" in (load("wsl1").text("/proc/sys/kernel/osrelease") or "")
    plain = load("linux-plain")
    assert plain.exists("/proc/sys/fs/binfmt_misc/WSLInterop") is False and "WSL_DISTRO_NAME" not in plain.env

    systemd = load("wsl2-systemd-configured-not-running")
    assert systemd.text("/proc/1/comm") == "init\n" and "systemd=true" in (
        systemd.text("/etc/wsl.conf") or ""
    )

    root_owned = load("wsl2-gocache-root-owned").path("/home/al/.cache/go-build")
    assert root_owned is not None and root_owned.uid == 0 and root_owned.writable is False

    gpu = load("wsl2-gpu-linux-driver")
    assert gpu.path("/dev/dxg") is not None and gpu.exists("/usr/lib/wsl/lib/libcuda.so.1")
    assert gpu.path("/usr/lib/x86_64-linux-gnu/libcuda.so.1").kind == "file"  # type: ignore[union-attr]
    assert "Package: nvidia-driver-535" in (gpu.text("/var/lib/dpkg/status") or "")

    big = load("wsl2-wslconfig-too-big")
    powershell = next(c for c in big.commands if c.argv[0] == "powershell.exe")
    host = json.loads(powershell.stdout)
    assert host == {"TotalPhysicalMemory": 17054203904, "NumberOfLogicalProcessors": 8}
    assert "memory=32GB" in (big.text("/mnt/c/Users/al/.wslconfig") or "")
