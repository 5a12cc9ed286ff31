"""Go's version order (x/mod/semver), the cases the proxy's @v/list and the tools catalog meet."""

from __future__ import annotations

from wslgo.golang.semver import compare, is_pseudo, is_valid, sort_key


def test_release_order() -> None:
    listed = ["v1.10.0", "v1.2.0", "v1.0.0-rc.10", "v1.0.0", "v1.0.0-rc.2", "v0.9.0", "v2.0.0+incompatible"]
    assert sorted(listed, key=sort_key) == [
        "v0.9.0",
        "v1.0.0-rc.2",
        "v1.0.0-rc.10",
        "v1.0.0",
        "v1.2.0",
        "v1.10.0",
        "v2.0.0+incompatible",
    ]


def test_shorthands_build_metadata_and_invalid() -> None:
    assert compare("v1", "v1.0.0") == 0 and compare("v1.2", "v1.2.0") == 0
    assert compare("v1.0.0+meta", "v1.0.0") == 0
    assert compare("v1.0.0-alpha", "v1.0.0-1") == 1  # numeric identifiers sort first
    assert compare("v1.0.0-alpha", "v1.0.0-alpha.1") == -1
    assert not is_valid("1.0.0") and not is_valid("v01.0.0") and not is_valid("v1.0.0-01")
    assert compare("junk", "v0.0.1") == -1 and compare("junk", "other") == 0


def test_pseudo_versions() -> None:
    assert is_pseudo("v0.0.0-20240101000000-abcdefabcdef")
    assert is_pseudo("v1.2.4-0.20240101000000-abcdefabcdef")
    assert is_pseudo("v1.2.4-pre.0.20240101000000-abcdefabcdef+incompatible")
    assert not is_pseudo("v1.2.4") and not is_pseudo("v1.0.0-rc.1")
