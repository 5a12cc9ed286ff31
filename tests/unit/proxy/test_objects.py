"""The shape of list / .mod / .info objects taken from a foreign module cache (pure)."""

from __future__ import annotations

import pytest

from wslgo.proxy.objects import (
    MAX_SMALL_OBJECT_BYTES,
    ObjectError,
    check_declared_mod,
    check_info,
    check_version_list,
)


def test_version_list_is_canonical_versions_only() -> None:
    assert check_version_list(b"v1.0.0\nv1.1.0-rc.1\n\nv2.0.0+incompatible\n") == [
        "v1.0.0",
        "v1.1.0-rc.1",
        "v2.0.0+incompatible",
    ]
    assert check_version_list(b"") == []
    for bad, message in [
        (b"v1.0.0 2019-01-01T00:00:00Z\n", "line 1"),
        (b"v1.0\n", "line 1"),
        (b"v1.0.0\nroot:x:0:0\n", "line 2"),
        (b"\xff\xfe", "not UTF-8"),
        (b"v1.0.0\n" * (MAX_SMALL_OBJECT_BYTES // 7 + 1), "more than"),
    ]:
        with pytest.raises(ObjectError, match=message):
            check_version_list(bad)


def test_mod_must_name_its_module() -> None:
    check_declared_mod(b"module example.com/m\n\ngo 1.21\n", "example.com/m")
    check_declared_mod(b'// comment\nmodule "example.com/m" // quoted\n', "example.com/m")
    for bad, message in [
        (b"module example.com/other\n", "declares module 'example.com/other'"),
        (b"root:x:0:0:root:/root:/bin/bash\n", "no 'module' line"),
        (b"\x7fELF\x02\x01\x01\xff", "not UTF-8"),
    ]:
        with pytest.raises(ObjectError, match=message):
            check_declared_mod(bad, "example.com/m")


def test_info_is_a_small_json_object_naming_the_version() -> None:
    check_info(b'{"Version":"v1.0.0","Time":"2020-01-01T00:00:00Z"}', "example.com/m", "v1.0.0")
    check_info(b'{"Version":"v1.0.1"}', "example.com/m", "")  # @latest: any version
    for bad, message in [
        (b'{"Version":"v1.0.1"}', "names 'v1.0.1', expected 'v1.0.0'"),
        (b"[1]", "not a JSON object"),
        (b"[" * 100_000 + b"]" * 100_000, "not JSON"),
        (b"not json", "not JSON"),
    ]:
        with pytest.raises(ObjectError, match=message):
            check_info(bad, "example.com/m", "v1.0.0")
