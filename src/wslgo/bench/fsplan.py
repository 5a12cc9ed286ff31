"""The file set ``bench fs`` writes: Go-build shaped, deterministic.

A Go build cache is tens of thousands of small files (object files, export data, action outputs) of one to
a few tens of KB, spread over 256 two-hex-digit subdirectories. The plan mirrors that: ``count`` files
with sizes drawn uniformly from 1–50 KB, spread over subdirectories named like the cache's, from a
seeded generator so that every run (and every machine) writes exactly the same bytes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

MIN_SIZE = 1024
MAX_SIZE = 50 * 1024
DEFAULT_SEED = 20260101


@dataclass(frozen=True)
class PlannedFile:
    """One file to write: its path relative to the bench directory, its size and its content offset."""

    relpath: str
    size: int
    offset: int  # where in the shared content pool its bytes start


@dataclass(frozen=True)
class FilePlan:
    files: tuple[PlannedFile, ...]
    subdirs: tuple[str, ...]
    pool: bytes  # content pool; each file is a slice, so no two consecutive files are identical

    @property
    def total_bytes(self) -> int:
        return sum(planned.size for planned in self.files)

    def content(self, planned: PlannedFile) -> bytes:
        return self.pool[planned.offset : planned.offset + planned.size]


def plan_files(count: int, seed: int = DEFAULT_SEED) -> FilePlan:
    """``count`` files over ``ceil(count / 16)`` subdirectories (at most 256, like GOCACHE)."""
    if count < 1:
        raise ValueError(f"file count must be at least 1, got {count}")
    rng = random.Random(seed)
    subdir_count = min(256, max(1, (count + 15) // 16))
    subdirs = tuple(f"{index:02x}" for index in range(subdir_count))
    pool = rng.randbytes(2 * MAX_SIZE)
    files = []
    for index in range(count):
        size = rng.randint(MIN_SIZE, MAX_SIZE)
        offset = rng.randint(0, len(pool) - size)
        name = f"{rng.getrandbits(64):016x}-d"  # the cache's "<hash>-d" output file naming
        files.append(PlannedFile(relpath=f"{subdirs[index % subdir_count]}/{name}", size=size, offset=offset))
    return FilePlan(files=tuple(files), subdirs=subdirs, pool=pool)
