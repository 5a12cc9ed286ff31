#!/usr/bin/env python3
"""Benchmark: ``wslgo doctor`` from two source trees side by side (before/after a change), rounds alternating.

Measures, per round and tree, the CPU time (user + sys, less disturbed by other load than wall time) and the
wall time of a child process running:

- ``doctor``: ``python -m wslgo doctor --offline --format json`` on this machine;
- ``checks``: importing the checks and running them once on a fixture bundle (``--bundle``).

Byte-code is compiled first in both trees (``compileall``), as an install does: a tree without
``__pycache__`` pays for compiling every module, which would measure the environment, not the code.

    git worktree add --detach /tmp/base main
    python bench/doctor_ab.py --baseline-src /tmp/base/src --candidate-src src --rounds 30 --json out.json
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHECKS_ONCE = (
    "import sys, time\n"
    "from wslgo.checks.registry import all_checks\n"
    "from wslgo.checks.runner import run_checks\n"
    "from wslgo.evidence.bundle import read_bundle\n"
    "run_checks(read_bundle(sys.argv[1]), all_checks())\n"
)


def measure(argv: list[str], src: Path) -> tuple[float, float]:
    """(cpu seconds, wall seconds) of one child run with ``src`` first on the import path."""
    env = dict(os.environ, PYTHONPATH=str(src))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, env=env, capture_output=True, check=False, cwd="/tmp")
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def summary(samples: list[float]) -> dict[str, float]:
    return {"median_ms": round(statistics.median(samples) * 1000, 2), "min_ms": round(min(samples) * 1000, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline-src", type=Path, required=True)
    parser.add_argument("--candidate-src", type=Path, default=REPO / "src")
    parser.add_argument("--bundle", type=Path, default=REPO / "tests" / "bundles" / "wsl2-guide-verbatim")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    trees = {"baseline": args.baseline_src.resolve(), "candidate": args.candidate_src.resolve()}
    for src in trees.values():
        compileall.compile_dir(str(src), quiet=1)
    commands = {
        "doctor": [sys.executable, "-m", "wslgo", "doctor", "--offline", "--format", "json"],
        "checks": [sys.executable, "-c", CHECKS_ONCE, str(args.bundle.resolve())],
    }
    samples: dict[str, dict[str, dict[str, list[float]]]] = {
        name: {tree: {"cpu": [], "wall": []} for tree in trees} for name in commands
    }
    for name, argv in commands.items():
        for src in trees.values():
            measure(argv, src)  # warm-up: page cache, byte-code
        for round_index in range(args.rounds):
            order = list(trees.items()) if round_index % 2 == 0 else list(reversed(trees.items()))
            for tree, src in order:
                cpu, wall = measure(argv, src)
                samples[name][tree]["cpu"].append(cpu)
                samples[name][tree]["wall"].append(wall)
    result = {
        "schema_version": 1,
        "rounds": args.rounds,
        "trees": {tree: str(src) for tree, src in trees.items()},
        "results": {
            name: {
                tree: {kind: summary(values) for kind, values in kinds.items()}
                for tree, kinds in by_tree.items()
            }
            for name, by_tree in samples.items()
        },
        "samples_s": samples,
    }
    text = json.dumps(result, indent=2)
    if args.json:
        args.json.write_text(text + "\n")
    print(json.dumps(result["results"], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
