#!/usr/bin/env python3
"""Benchmark: what the data-safety work costs, baseline source tree against this one, side by side.

Each round runs both trees in alternating order (so drift in machine load hits both), as real processes,
and records wall-clock and CPU time (user + system of the child; on a shared machine the CPU time is the
steadier number):

- ``doctor``: ``wslgo doctor --from <fixture bundle> --format json`` (start-up + the guarded streams and
  the shared option parsers on doctor's fast path);
- ``setup+undo``: ``wslgo setup --root <tree> --yes`` over a typical tree (five files), then
  ``wslgo undo`` (the writer lock, the last-moment hash check, backups written as exclusive files).

    python bench/data_safety.py --baseline /path/to/old/src [--rounds 15] [--json out.json]

``--baseline`` is the ``src`` directory of the tree to compare with (e.g. ``git archive main`` unpacked).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CURRENT_SRC = HERE.parent / "src"
BUNDLE = HERE.parent / "tests" / "bundles" / "wsl2-ubuntu-healthy"


def make_tree(base: Path) -> tuple[Path, Path]:
    (base / "etc").mkdir(parents=True)
    home = base / "home" / "al"
    (home / ".config" / "go").mkdir(parents=True)
    windows = base / "win"
    windows.mkdir()
    filler = "".join(f"alias a{i}='echo {i}'  # line {i}\n" for i in range(115))
    (home / ".bashrc").write_text(
        "# ~/.bashrc\n" + filler + "export GOSUMDB=sum.golang.org+https://sum.golang.org\n"
    )
    (home / ".config" / "go" / "env").write_text("GOCACHE=/mnt/c/go-cache\n")
    (base / "etc" / "wsl.conf").write_text("[automount]\nenabled = true\n")
    (windows / ".wslconfig").write_bytes(b"[wsl2]\r\nmemory=64GB\r\n")
    return base, windows


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(src: Path, args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one real ``wslgo`` process (CPU time is what a busy machine
    distorts least)."""
    started, cpu_before = time.perf_counter(), _children_cpu()
    proc = subprocess.run(
        [sys.executable, "-m", "wslgo", *args],
        env={**env, "PYTHONPATH": str(src)},
        capture_output=True,
        check=False,
    )
    elapsed, cpu = time.perf_counter() - started, _children_cpu() - cpu_before
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{src}: wslgo {' '.join(args)} exited {proc.returncode}: {proc.stderr.decode()}")
    return elapsed, cpu


def one_round(src: Path, scratch: Path) -> dict[str, float]:
    work = Path(tempfile.mkdtemp(dir=scratch))
    root, windows = make_tree(work / "tree")
    env = {**os.environ, "WSLGO_HOME": str(work / "state"), "HOME": str(root / "home" / "al")}
    doctor_wall, doctor_cpu = run(src, ["doctor", "--from", str(BUNDLE), "--format", "json"], env)
    setup_args = ["setup", "--root", str(root), "--windows-home", str(windows), "--memory", "32GB"]
    setup_wall, setup_cpu = run(src, [*setup_args, "--processors", "8", "--yes"], env)
    undo_wall, undo_cpu = run(src, ["undo"], env)
    return {
        "doctor wall": doctor_wall,
        "doctor cpu": doctor_cpu,
        "setup+undo wall": setup_wall + undo_wall,
        "setup+undo cpu": setup_cpu + undo_cpu,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, required=True, help="src/ of the tree to compare with")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--json", type=Path, help="write raw samples and medians here")
    args = parser.parse_args()
    trees = {"baseline": args.baseline.resolve(), "current": CURRENT_SRC}
    samples: dict[str, dict[str, list[float]]] = {name: {} for name in trees}
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        for number in range(args.rounds):
            order = list(trees) if number % 2 == 0 else list(reversed(trees))
            for name in order:
                for metric, value in one_round(trees[name], scratch).items():
                    samples[name].setdefault(metric, []).append(value)
    result = {
        "rounds": args.rounds,
        "python": sys.version.split()[0],
        "medians_ms": {
            name: {metric: round(statistics.median(values) * 1000, 1) for metric, values in metrics.items()}
            for name, metrics in samples.items()
        },
        "samples_s": samples,
    }
    for metric in samples["current"]:
        base = result["medians_ms"]["baseline"][metric]
        cur = result["medians_ms"]["current"][metric]
        print(f"{metric:<16} baseline {base:8.1f} ms   current {cur:8.1f} ms   ratio {cur / base:5.2f}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
