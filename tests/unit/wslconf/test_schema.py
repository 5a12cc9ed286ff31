"""Value rules from WSL's source (stringshared.h ParseBool/ParseMemorySize, strtol base 0)."""

from __future__ import annotations

import pytest

from wslgo.wslconf.reader import read_wsl_config
from wslgo.wslconf.schema import effective, format_size, lookup, parse_bool, parse_int, parse_size, validate


@pytest.mark.parametrize(
    ("text", "expected"),
    [("44GB", 44 * 1024**3), ("1", 1), (" 1", 1), ("512MB", 512 * 1024**2), ("2T", 2 * 1024**4), ("0", 0)],
)
def test_parse_size_valid(text: str, expected: int) -> None:
    assert parse_size(text) == expected


@pytest.mark.parametrize("text", ["1 B", "4gb", "1.5GB", "8GiB", "", "GB", "-1GB", "4GB "])
def test_parse_size_invalid(text: str) -> None:
    assert parse_size(text) is None


@pytest.mark.parametrize(("text", "expected"), [("0x10", 16), ("010", 8), ("22", 22), ("-3", -3), ("0", 0)])
def test_parse_int_is_strtol_base_0(text: str, expected: int) -> None:
    assert parse_int(text) == expected


@pytest.mark.parametrize("text", ["08", "09", "", "1e3", "2147483648", "4 "])
def test_parse_int_invalid(text: str) -> None:
    assert parse_int(text) is None


@pytest.mark.parametrize(("text", "expected"), [("TRUE", True), ("0", False), ("yes", None), ("t", None)])
def test_parse_bool(text: str, expected: bool | None) -> None:
    assert parse_bool(text) is expected


def test_lookup_is_case_insensitive_and_knows_aliases() -> None:
    spec = lookup(".wslconfig", "EXPERIMENTAL.dnstunneling")
    assert spec is not None and spec.name == "wsl2.dnsTunneling"
    assert lookup("wsl.conf", "wsl2.memory") is None


def test_validate_and_effective() -> None:
    reading = read_wsl_config(
        b"[wsl2]\nmemory=4gb\nswap=0\n[experimental]\nautoMemoryReclaim=Gradual\n", ".wslconfig"
    )
    assert [p.key for p in validate(reading)] == ["wsl2.memory"]
    assert effective(reading, "wsl2.memory") == "50% of host RAM"
    assert effective(reading, "wsl2.swap") == "0"
    assert effective(reading, "experimental.autoMemoryReclaim") == "Gradual"
    assert effective(reading, "wsl2.localhostForwarding") == "true"


def test_format_size() -> None:
    assert format_size(8 * 1024**3) == "8GB"
    assert format_size(1536 * 1024**2) == "1536MB"
