"""The shared write primitives: atomic replace with a last-moment re-check, exclusive create, the lock.

The lock is tested against a real second process holding it (flock is per open file description, so
only another process shows the real behaviour).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from wslgo.fsutil import (
    LockHolder,
    LockTimeout,
    Precondition,
    PreconditionFailed,
    create_exclusive,
    exclusive_lock,
    sha256_file,
    symlink_atomic,
    write_atomic,
)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _names(directory: Path) -> list[str]:
    return sorted(path.name for path in directory.iterdir())


def test_write_atomic_replaces_keeps_mode_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "rc"
    target.write_bytes(b"old\n")
    write_atomic(target, b"new\n", mode=0o640, precondition=Precondition(_sha(b"old\n")))
    assert target.read_bytes() == b"new\n" and target.stat().st_mode & 0o777 == 0o640
    assert _names(tmp_path) == ["rc"]


def test_write_atomic_refuses_when_the_target_is_not_what_the_caller_saw(tmp_path: Path) -> None:
    target = tmp_path / "rc"
    target.write_bytes(b"the user's edit\n")
    with pytest.raises(PreconditionFailed) as caught:
        write_atomic(target, b"ours\n", precondition=Precondition(_sha(b"what the plan read\n")))
    assert caught.value.found_sha256 == _sha(b"the user's edit\n")
    assert target.read_bytes() == b"the user's edit\n" and _names(tmp_path) == ["rc"]
    # "must not exist" is a precondition too
    with pytest.raises(PreconditionFailed):
        write_atomic(target, b"ours\n", precondition=Precondition(None))
    write_atomic(tmp_path / "new", b"x", precondition=Precondition(None))
    assert sha256_file(tmp_path / "new") == _sha(b"x") and sha256_file(tmp_path / "absent") is None


def test_write_errors_name_the_target_not_the_temp_file(tmp_path: Path) -> None:
    with pytest.raises(OSError) as caught:
        write_atomic(tmp_path / "missing-dir" / "f", b"x")
    assert caught.value.filename == str(tmp_path / "missing-dir" / "f")


def test_create_exclusive_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "bundle.tgz"
    create_exclusive(target, b"first")
    with pytest.raises(FileExistsError):
        create_exclusive(target, b"second")
    assert target.read_bytes() == b"first" and _names(tmp_path) == ["bundle.tgz"]


HOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from wslgo.fsutil import exclusive_lock
    with exclusive_lock(Path(sys.argv[1]), command="wslgo setup", timeout_s=5):
        print("held", flush=True)
        sys.stdin.readline()
    """
)


@pytest.fixture
def held_lock(tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    lock = tmp_path / "setup.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(lock)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    yield lock, holder
    if holder.poll() is None:
        holder.kill()
    holder.wait()


def test_a_second_holder_is_told_who_waits_and_times_out(
    held_lock: tuple[Path, subprocess.Popen[str]],
) -> None:
    lock, holder = held_lock
    told: list[LockHolder] = []
    with (
        pytest.raises(LockTimeout) as caught,
        exclusive_lock(lock, command="wslgo undo", timeout_s=0.3, on_wait=told.append),
    ):
        pytest.fail("the lock was taken twice")
    assert told == [LockHolder(holder.pid, "wslgo setup")]
    assert caught.value.holder == told[0] and caught.value.waited_s >= 0.3


def test_the_lock_is_free_once_its_holder_is_gone(held_lock: tuple[Path, subprocess.Popen[str]]) -> None:
    lock, holder = held_lock
    holder.kill()  # even SIGKILL: the kernel drops an flock with its last descriptor
    holder.wait()
    with exclusive_lock(lock, command="wslgo undo", timeout_s=2):
        assert lock.read_text() == f"{os.getpid()} wslgo undo\n"


def test_write_atomic_streams_chunks_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "big.zip"
    target.write_bytes(b"old")
    write_atomic(target, (bytes([i]) * 65536 for i in range(8)))
    assert target.read_bytes() == b"".join(bytes([i]) * 65536 for i in range(8))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.zip"]


def test_a_failing_chunk_stream_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "big.zip"
    target.write_bytes(b"old")

    def chunks() -> Iterator[bytes]:
        yield b"new"
        raise OSError(5, "Input/output error")

    with pytest.raises(OSError, match="Input/output error"):
        write_atomic(target, chunks())
    assert target.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["big.zip"]


def test_symlink_atomic_replaces_a_link_in_one_step(tmp_path: Path) -> None:
    (tmp_path / "go1.26.0").mkdir()
    (tmp_path / "go1.27.3").mkdir()
    current = tmp_path / "current"
    symlink_atomic(current, "go1.26.0")
    symlink_atomic(current, "go1.27.3")
    assert os.readlink(current) == "go1.27.3"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["current", "go1.26.0", "go1.27.3"]
