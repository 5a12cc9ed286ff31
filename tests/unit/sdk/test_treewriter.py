"""The writer pool: exact modes and mtimes, parents on demand, no following links, first error wins."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from wslgo.sdk.treewriter import TreeWriter


def views(data: bytes, pieces: int = 3) -> list[memoryview]:
    step = max(1, len(data) // pieces)
    view = memoryview(data)
    return [view[i : i + step] for i in range(0, len(data), step)]


def test_files_get_data_mode_and_mtime_and_parents_appear_on_demand(tmp_path: Path) -> None:
    payload = os.urandom(100_000)
    with TreeWriter(umask=0o077, threads=3) as writer:
        writer.file(f"{tmp_path}/go/bin/go", 0o755, 1_700_000_000, views(payload))
        writer.directory(f"{tmp_path}/go")  # after its child: must accept the directory made on demand
        writer.file(f"{tmp_path}/go/VERSION", 0o644, 1_600_000_000, [])
        writer.wait()
    binary = tmp_path / "go" / "bin" / "go"
    assert binary.read_bytes() == payload
    assert stat.S_IMODE(binary.stat().st_mode) == 0o755  # despite umask 077
    assert binary.stat().st_mtime == 1_700_000_000
    assert stat.S_IMODE((tmp_path / "go").stat().st_mode) == 0o755
    assert (tmp_path / "go" / "VERSION").read_bytes() == b""
    assert stat.S_IMODE((tmp_path / "go" / "VERSION").stat().st_mode) == 0o644


def test_an_existing_name_is_never_overwritten_or_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.write_text("keep")
    (tmp_path / "link").symlink_to(outside)
    with TreeWriter(umask=0o022, threads=2) as writer:
        writer.file(f"{tmp_path}/link", 0o644, 0, views(b"evil"))
        with pytest.raises(FileExistsError):
            writer.wait()
    assert outside.read_text() == "keep"


def test_a_directory_where_a_file_is_fails(tmp_path: Path) -> None:
    (tmp_path / "name").write_text("file")
    with TreeWriter(umask=0o022) as writer:
        writer.directory(f"{tmp_path}/name")
        with pytest.raises(FileExistsError):
            writer.wait()


def test_after_the_first_error_nothing_more_is_written_and_submitting_raises(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("x")
    writer = TreeWriter(umask=0o022, threads=1)
    try:
        writer.file(f"{tmp_path}/taken", 0o644, 0, [])
        with pytest.raises(FileExistsError):
            writer.wait()
        with pytest.raises(FileExistsError):
            writer.file(f"{tmp_path}/later", 0o644, 0, [])
    finally:
        writer.close()
    assert not (tmp_path / "later").exists()


def test_a_small_byte_budget_still_writes_everything(tmp_path: Path) -> None:
    blobs = {f"f{i}": os.urandom(10_000) for i in range(50)}
    with TreeWriter(umask=0o022, threads=2, max_pending_bytes=25_000) as writer:
        for name, blob in blobs.items():
            writer.file(f"{tmp_path}/{name}", 0o644, 0, views(blob))
        writer.wait()
    assert {name: (tmp_path / name).read_bytes() for name in blobs} == blobs


def test_close_joins_every_thread(tmp_path: Path) -> None:
    writer = TreeWriter(umask=0o022, threads=3)
    for i in range(200):
        writer.file(f"{tmp_path}/f{i}", 0o644, 0, [])
    writer.close()
    assert not any(thread.is_alive() for thread in writer._threads)
    written = sorted(tmp_path.iterdir())
    time.sleep(0.2)
    assert sorted(tmp_path.iterdir()) == written  # nothing appears after close() returned
