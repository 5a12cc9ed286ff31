"""The inflating reader: gzip framing, damage detection, forward-only reads, bounded blocks."""

from __future__ import annotations

import gzip
import io
import os
import zlib
from pathlib import Path

import pytest

from wslgo.sdk.inflate import OUTPUT_BLOCK, CorruptStreamError, InflatingReader


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "data.gz"
    path.write_bytes(data)
    return path


def read_all(path: Path) -> bytes:
    with InflatingReader(path) as reader:
        return reader.read()


def test_round_trip_across_many_blocks(tmp_path: Path) -> None:
    payload = os.urandom(3 << 20) * 3  # 9 MiB: more than two output blocks
    assert read_all(write(tmp_path, gzip.compress(payload, 1))) == payload


def test_concatenated_members_and_zero_padding_are_one_stream(tmp_path: Path) -> None:
    data = gzip.compress(b"first ") + gzip.compress(b"second") + b"\0" * 100
    assert read_all(write(tmp_path, data)) == b"first second"


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda data: data[: len(data) // 2], "ends early"),
        (lambda data: data[:-8] + bytes([data[-8] ^ 1]) + data[-7:], "damaged"),  # CRC-32 in the trailer
        (lambda data: data[:-4] + bytes([data[-4] ^ 1]) + data[-3:], "damaged"),  # length in the trailer
        (lambda data: b"", "empty file"),
        (lambda data: b"not gzip at all", "damaged"),
        (lambda data: data + b"trailing garbage", "damaged"),
    ],
)
def test_damage_is_an_error_not_a_short_read(tmp_path: Path, damage: object, message: str) -> None:
    data = gzip.compress(os.urandom(100_000))
    with pytest.raises(CorruptStreamError, match=message):
        read_all(write(tmp_path, damage(data)))  # type: ignore[operator]


def test_views_are_slices_and_seek_only_moves_forward(tmp_path: Path) -> None:
    payload = bytes(range(256)) * 4096
    with InflatingReader(write(tmp_path, gzip.compress(payload))) as reader:
        views = reader.read_views(1000)
        assert b"".join(views) == payload[:1000] and all(isinstance(v, memoryview) for v in views)
        assert reader.seek(5000) == 5000 == reader.tell()
        assert reader.read(10) == payload[5000:5010]
        with pytest.raises(io.UnsupportedOperation):
            reader.seek(0)
        reader.drain()
        assert reader.tell() == len(payload)
        assert reader.read(1) == b""


def test_a_small_input_never_inflates_into_one_huge_block(tmp_path: Path) -> None:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    data = compressor.compress(b"\0" * (64 << 20)) + compressor.flush()
    assert len(data) < (1 << 20)  # one read of input ...
    sizes = []
    with InflatingReader(write(tmp_path, data)) as reader:
        while views := reader.read_views(OUTPUT_BLOCK * 2):
            sizes.extend(len(view) for view in views)
    assert sum(sizes) == 64 << 20 and max(sizes) <= OUTPUT_BLOCK  # ... comes out in bounded blocks


def test_leaving_early_stops_the_thread(tmp_path: Path) -> None:
    data = gzip.compress(os.urandom(1 << 20) * 40, 1)
    reader = InflatingReader(write(tmp_path, data))
    assert len(reader.read(10)) == 10
    reader.close()  # with most of the stream unread: must return, not hang on a full queue
    assert not reader._thread.is_alive()
