"""Checksum database paths: the protocol's three shapes, everything else refused (pure)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wslgo.proxy.sumdb import Latest, Lookup, SumdbPathError, Tile, parse_sumdb_path


@pytest.mark.parametrize(
    ("path", "parsed"),
    [
        ("latest", Latest()),
        ("lookup/rsc.io/quote@v1.5.2", Lookup("rsc.io/quote", "v1.5.2")),
        (
            "lookup/github.com/!azure/azure-sdk@v1.0.0-!r!c1",
            Lookup("github.com/Azure/azure-sdk", "v1.0.0-RC1"),
        ),
        ("lookup/gopkg.in/yaml.v2@v2.4.0", Lookup("gopkg.in/yaml.v2", "v2.4.0")),
        ("lookup/example.com/m@v2.0.0+incompatible", Lookup("example.com/m", "v2.0.0+incompatible")),
        ("tile/8/0/000", Tile(8, 0, 0, 256)),
        ("tile/8/0/x123/456", Tile(8, 0, 123456, 256)),
        ("tile/8/1/x001/x234/067.p/12", Tile(8, 1, 1234067, 12)),
        ("tile/8/data/x005/271.p/255", Tile(8, -1, 5271, 255)),
        ("tile/1/data/x003/x057/500", Tile(1, -1, 3057500, 2)),
    ],
)
def test_protocol_paths_parse_and_are_rewritten_identically(path: str, parsed: object) -> None:
    result = parse_sumdb_path(path)
    assert result == parsed
    assert result.path == path


@pytest.mark.parametrize(
    "path",
    [
        "lookup/../../x",
        "lookup/../../etc/passwd@v1.0.0",
        "tile/../../x",
        "lookup//corp.example.com/x@v1.0.0",
        "lookup/./corp.example.com/x@v1.0.0",
        "lookup/corp.example.com/./x@v1.0.0",
        "lookup/corp.example.com/x",
        "lookup/corp.example.com/x@latest",
        "lookup/corp.example.com/x@v1",
        "lookup/corp.example.com/x@v1.0.0@v1.0.0",
        "lookup/Corp.example.com/x@v1.0.0",
        "lookup/corp.example.com/x@V1.0.0",
        "lookup/corp.example.com/x@v1.0.0/go.mod",
        "lookup/corp.example.com/x@v1.0.0?x=1",
        "tile/8/0/0",
        "tile/8/0/x000/123",
        "tile/8/0/123/456",
        "tile/8/0/x123/456.p/256",
        "tile/8/0/x123/456.p/0",
        "tile/8/0/x123/456.p/-1",
        "tile/0/0/000",
        "tile/31/0/000",
        "tile/8/64/000",
        "tile/8/-1/000",
        "tile/8/0/000/",
        "tile/08/0/000",
        "tile/8/0/x999/x999/x999/x999/x999/x999/x999/999",
        "latest/",
        "latest/../x",
        "supported",
        "",
        "lookup/",
    ],
)
def test_everything_else_is_refused(path: str) -> None:
    with pytest.raises(SumdbPathError):
        parse_sumdb_path(path)


@given(
    height=st.integers(1, 30),
    level=st.integers(-1, 63),
    index=st.integers(0, (1 << 63) - 1),
    data=st.data(),
)
def test_every_tile_round_trips(height: int, level: int, index: int, data: st.DataObject) -> None:
    width = data.draw(st.integers(1, 1 << height))
    tile = Tile(height, level, index, width)
    assert parse_sumdb_path(tile.path) == tile


@given(st.text(alphabet="abx0123456789./@!%-_~+lookuptiledatalatest", max_size=60))
def test_whatever_parses_is_rewritten_to_a_path_inside_the_protocol(text: str) -> None:
    try:
        parsed = parse_sumdb_path(text)
    except SumdbPathError:
        return
    rebuilt = parsed.path
    assert rebuilt == text
    assert ".." not in rebuilt.split("/") and "//" not in rebuilt and "%" not in rebuilt
