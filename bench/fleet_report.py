#!/usr/bin/env python3
"""Benchmark: ``wslgo report`` over 50 bundles — load (read + check), render per format, the whole command.

Goals (issue 16): 50 bundles render in under a second, and the HTML page stays under 2 MB.

The bundles are the fixture machines of tests/bundles, cycled and written as .tar.gz with their own host
names (so 50 distinct machines, every finding kind the fixtures have). With ``--policy`` every machine is
also checked against that policy (POL checks, a policy column). Each round times loading once, then the
three renderers in an order that rotates between rounds (no format always runs first, on a warm cache);
then the real command (``wslgo report … -o report.html``) end to end as a subprocess. Results: a table
(median, min, max) and JSON with every sample.

    python bench/fleet_report.py [--bundles 50] [--rounds 7] [--policy tests/data/policy/wslgo.toml]
                                 [--json bench/results/fleet_report.json]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from wslgo.evidence.bundle import read_bundle, write_bundle  # noqa: E402
from wslgo.fleet.html import render_html  # noqa: E402
from wslgo.fleet.json_out import render_json  # noqa: E402
from wslgo.fleet.load import load_fleet  # noqa: E402
from wslgo.fleet.markdown import render_markdown  # noqa: E402
from wslgo.policy.load import read_policy  # noqa: E402

GOAL_SECONDS = 1.0
GOAL_BYTES = 2 * 1024 * 1024
RENDERERS: dict[str, Callable[..., str]] = {
    "html": render_html,
    "json": render_json,
    "markdown": render_markdown,
}


def make_bundles(directory: Path, count: int) -> list[Path]:
    fixtures = sorted(p for p in (REPO / "tests" / "bundles").iterdir() if (p / "meta.json").is_file())
    sources = [read_bundle(path) for path in fixtures]
    bundles = []
    for index in range(count):
        evidence = sources[index % len(sources)]
        env = dict(evidence.env, NAME=f"DESKTOP-{index:03d}", HOSTNAME=f"DESKTOP-{index:03d}")
        name = f"dev-{index:02d}-{fixtures[index % len(fixtures)].name}.tar.gz"
        bundles.append(write_bundle(dataclasses.replace(evidence, env=env), directory / name))
    return bundles


def timed(function: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def summary(samples: list[float]) -> dict[str, float]:
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundles", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--policy", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None, help="write every sample here")
    args = parser.parse_args()

    policy = read_policy(args.policy) if args.policy else None
    generated = datetime.now(UTC).isoformat(timespec="seconds")
    samples: dict[str, list[float]] = {
        "load": [],
        **{f"render {name}": [] for name in RENDERERS},
        "command": [],
    }
    sizes: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="wslgo-fleet-bench-") as scratch:
        directory = Path(scratch)
        bundles = make_bundles(directory, args.bundles)
        command = [
            sys.executable,
            "-m",
            "wslgo",
            "report",
            *map(str, bundles),
            "-o",
            str(directory / "r.html"),
        ]
        if args.policy:
            command += ["--policy", str(args.policy)]
        timed(lambda: load_fleet(bundles, generated=generated, policy=policy))  # warm-up: imports, caches
        subprocess.run(command, check=True, capture_output=True)
        names = list(RENDERERS)
        for round_index in range(args.rounds):
            seconds, fleet = timed(lambda: load_fleet(bundles, generated=generated, policy=policy))
            samples["load"].append(seconds)
            order = names[round_index % len(names) :] + names[: round_index % len(names)]
            for name in order:
                seconds, text = timed(lambda name=name, fleet=fleet: RENDERERS[name](fleet))
                samples[f"render {name}"].append(seconds)
                sizes[name] = len(str(text).encode("utf-8"))
            seconds, _ = timed(lambda: subprocess.run(command, check=True, capture_output=True))
            samples["command"].append(seconds)
        page_bytes = (directory / "r.html").stat().st_size

    rows = {label: summary(values) for label, values in samples.items()}
    load_and_html = statistics.median(
        [load + html for load, html in zip(samples["load"], samples["render html"], strict=True)]
    )
    print(
        f"{args.bundles} bundles, {args.rounds} rounds{', policy ' + str(args.policy) if args.policy else ''}"
    )
    print(f"{'phase':20} {'median':>9} {'min':>9} {'max':>9}  (seconds)")
    for label, row in rows.items():
        print(f"{label:20} {row['median']:9.3f} {row['min']:9.3f} {row['max']:9.3f}")
    print(
        f"\nload + render html (median of per-round sums): {load_and_html:.3f} s; "
        f"goal < {GOAL_SECONDS:.0f} s: {'met' if load_and_html < GOAL_SECONDS else 'MISSED'}"
    )
    print(f"HTML page: {page_bytes:,} bytes; goal < 2 MB: {'met' if page_bytes < GOAL_BYTES else 'MISSED'}")
    print("sizes: " + ", ".join(f"{name} {size:,} B" for name, size in sizes.items()))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {
                    "bundles": args.bundles,
                    "rounds": args.rounds,
                    "policy": str(args.policy) if args.policy else None,
                    "samples": samples,
                    "summary": rows,
                    "load_plus_render_html_median": load_and_html,
                    "page_bytes": page_bytes,
                    "sizes": sizes,
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
    return 0 if load_and_html < GOAL_SECONDS and page_bytes < GOAL_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())
