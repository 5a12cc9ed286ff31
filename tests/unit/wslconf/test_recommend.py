"""What wslgo recommends in .wslconfig and /etc/wsl.conf (one home: wslgo.wslconf.recommend)."""

from __future__ import annotations

from wslgo.wslconf import recommend
from wslgo.wslconf.reader import read_wsl_config

GIB = 1024**3


def _wslconfig(text: str) -> object:
    return read_wsl_config(text.encode(), ".wslconfig")


def test_recommended_memory() -> None:
    assert recommend.recommended_memory(32 * GIB) == 24 * GIB
    assert recommend.recommended_memory(16 * GIB) == 12 * GIB
    assert recommend.recommended_memory(8 * GIB) == 4 * GIB
    # A small host: 4 GB for Go (still under 75 % of RAM), not RAM − 4 GB = 2 GB, which is less than WSL's
    # own default and below what a Go link needs.
    assert recommend.recommended_memory(6 * GIB) == 4 * GIB
    assert recommend.recommended_memory(4 * GIB) == 3 * GIB
    assert recommend.recommended_memory(2 * GIB) is None
    assert recommend.recommended_processors(16) == 12 and recommend.recommended_processors(1) == 1


def test_memory_on_a_6_gib_host() -> None:
    unset = recommend.memory(_wslconfig(""), 6 * GIB)
    assert unset is not None and unset.value == "4GB"
    too_small = recommend.memory(_wslconfig("[wsl2]\nmemory=2GB\n"), 6 * GIB)
    assert too_small is not None and too_small.value == "4GB"
    assert recommend.memory(_wslconfig("[wsl2]\nmemory=5GB\n"), 6 * GIB) is None  # a deliberate choice
    too_big = recommend.memory(_wslconfig("[wsl2]\nmemory=64GB\n"), 6 * GIB)
    assert too_big is not None and too_big.value == "4GB"


def test_invalid_value_counts_as_unset() -> None:
    found = recommend.memory(_wslconfig("[wsl2]\nmemory=lots\n"), 16 * GIB)
    assert found is not None and found.value == "12GB"


def test_swap_removed_only_on_a_small_vm() -> None:
    small = recommend.swap(_wslconfig("[wsl2]\nmemory=4GB\nswap=0\n"), 16 * GIB)
    assert small is not None and small.value is None
    assert recommend.swap(_wslconfig("[wsl2]\nmemory=12GB\nswap=0\n"), 16 * GIB) is None


def test_wsl_conf_recommendations() -> None:
    reading = read_wsl_config(b"[automount]\noptions=uid=1000\n", "wsl.conf")
    found = {item.name: item.value for item in recommend.wsl_conf(reading, windows_tools_first=True)}
    assert found == {
        "boot.systemd": "true",
        "interop.appendWindowsPath": "false",
        "automount.options": "metadata,uid=1000",
    }
    chosen = read_wsl_config(b"[boot]\nsystemd=false\n[automount]\noptions=metadata\n", "wsl.conf")
    assert recommend.wsl_conf(chosen, windows_tools_first=False) == []
