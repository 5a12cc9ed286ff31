#!/usr/bin/env python3
"""Benchmark: ``wslgo doctor`` in English and in Chinese side by side, rounds alternating (SPEC §12: the
Chinese catalog must not make doctor's start-up noticeably slower; goal ≤ 1.10× English).

Each sample is one child process ``python -m wslgo doctor --from BUNDLE --format FORMAT`` with the locale in
its environment (``LANG=C.UTF-8`` or ``LANG=zh_CN.UTF-8``), so it pays what a user pays: interpreter start,
imports, reading the compiled catalog (Chinese only), running every check on the bundle and rendering. A
bundle replaces live collection so the numbers measure wslgo, not this machine's ``go`` and ``wsl.exe``. CPU
time (user + sys of the child) is the main figure — less disturbed by other load than wall time, which is
reported too.

Byte-code is compiled first (``compileall``), as an install does; ``PYTHONDONTWRITEBYTECODE`` is removed from
the children's environment.

    python bench/doctor_lang.py --rounds 40 --json bench/results/doctor_lang.json
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
LOCALES = {"en": "C.UTF-8", "zh": "zh_CN.UTF-8"}


def measure(argv: list[str], locale: str) -> tuple[float, float]:
    """(cpu seconds, wall seconds) of one child run under ``locale``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "WSLGO_LANG"))}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update({"LANG": locale, "PYTHONPATH": str(REPO / "src"), "NO_COLOR": "1"})
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(argv, env=env, capture_output=True, check=False, cwd="/tmp")
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        stderr = proc.stderr.decode(errors="replace")
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {stderr}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def summary(samples: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(samples) * 1000, 2),
        "min_ms": round(min(samples) * 1000, 2),
        "max_ms": round(max(samples) * 1000, 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=REPO / "tests" / "bundles" / "wsl2-guide-verbatim")
    parser.add_argument("--formats", default="text,json", help="doctor formats, comma-separated")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--json", type=Path, help="write every sample and the summary here")
    args = parser.parse_args()
    compileall.compile_dir(str(REPO / "src"), quiet=1)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    samples: dict[str, dict[str, dict[str, list[float]]]] = {
        fmt: {lang: {"cpu": [], "wall": []} for lang in LOCALES} for fmt in formats
    }
    for fmt in formats:
        bundle = str(args.bundle.resolve())
        argv = [sys.executable, "-m", "wslgo", "doctor", "--from", bundle, "--format", fmt]
        for locale in LOCALES.values():
            measure(argv, locale)  # warm-up: page cache, byte-code
        for round_index in range(args.rounds):
            order = list(LOCALES.items()) if round_index % 2 == 0 else list(reversed(LOCALES.items()))
            for lang, locale in order:
                cpu, wall = measure(argv, locale)
                samples[fmt][lang]["cpu"].append(cpu)
                samples[fmt][lang]["wall"].append(wall)
    results: dict[str, dict[str, object]] = {}
    for fmt, by_lang in samples.items():
        entry: dict[str, object] = {
            lang: {kind: summary(values) for kind, values in kinds.items()} for lang, kinds in by_lang.items()
        }
        for kind in ("cpu", "wall"):
            ratio = statistics.median(by_lang["zh"][kind]) / statistics.median(by_lang["en"][kind])
            entry[f"zh_over_en_{kind}"] = round(ratio, 3)
        results[fmt] = entry
    document = {
        "schema_version": 1,
        "bundle": str(args.bundle),
        "rounds": args.rounds,
        "python": sys.version.split()[0],
        "goal": "zh_over_en_cpu <= 1.10",
        "results": results,
        "samples_s": samples,
    }
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(document, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
