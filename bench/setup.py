#!/usr/bin/env python3
"""Benchmark: ``wslgo setup`` plan + apply + undo for all steps on a typical home, and the INI round trip.

Builds a typical distro tree in a temp dir (a 120-line ~/.bashrc with the guide's Go lines, a Go env file,
/etc/wsl.conf, a CRLF .wslconfig), then times, in-process, each phase over ``--repeat`` runs:
plan (read the tree + all six steps), apply (backups, journal, fsync'd atomic writes), undo. Then parse →
render over every file of the wsl.conf/.wslconfig corpus in tests/data.

    python bench/setup.py [--repeat 20] [--corpus tests/data]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from wslgo.edit.apply import apply_plan, undo
from wslgo.setup.api import STEPS, plan_inputs
from wslgo.setup.model import SetupOptions
from wslgo.setup.reader import read_target
from wslgo.wslconf.syntax import parse, render

GIB = 1024**3
BASHRC_TAIL = (
    "export GOPATH=/mnt/d/go-workspace\n"
    "export GOSUMDB=sum.golang.org+https://sum.golang.org\n"
    "export GOPROXY=https://goproxy.cn,https://proxy.golang.org,direct\n"
    "export PATH=$PATH:/usr/local/go/bin\n"
    "export PATH=$PATH:/usr/local/go/bin\n"
)


def make_tree(base: Path) -> tuple[Path, Path]:
    (base / "etc").mkdir(parents=True)
    home = base / "home" / "al"
    (home / ".config" / "go").mkdir(parents=True)
    windows = base / "win"
    windows.mkdir()
    filler = "".join(f"alias a{i}='echo {i}'  # line {i}\n" for i in range(115))
    (home / ".bashrc").write_text("# ~/.bashrc\n" + filler + BASHRC_TAIL)
    (home / ".profile").write_text("[ -f ~/.bashrc ] && . ~/.bashrc\n")
    (home / ".config" / "go" / "env").write_text("GOPRIVATE=git.example.com\nGOCACHE=/mnt/c/go-cache\n")
    (base / "etc" / "wsl.conf").write_text(
        "[automount]\nenabled = true\nroot = /mnt/\n\n[network]\ngenerateResolvConf = true\n"
    )
    (windows / ".wslconfig").write_bytes(
        b"[wsl2]\r\n; keep the host responsive\r\nmemory=64GB\r\nswap=8GB\r\n"
    )
    return base, windows


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def row(name: str, samples: list[float]) -> str:
    ms = [s * 1000 for s in samples]
    return f"{name:<34} {statistics.median(ms):>9.2f} {min(ms):>9.2f} {max(ms):>9.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[1] / "tests" / "data")
    args = parser.parse_args()
    options = SetupOptions(host_memory=32 * GIB, host_processors=16)
    steps = list(STEPS)
    plans: list[float] = []
    applies: list[float] = []
    undos: list[float] = []
    with tempfile.TemporaryDirectory() as scratch:
        root, windows = make_tree(Path(scratch) / "tree")
        state = Path(scratch) / "state"
        os.environ["WSLGO_HOME"] = str(state)
        for _ in range(args.repeat):
            started = time.perf_counter()
            plan = plan_inputs(read_target(root=root, windows_home=windows), steps, options)
            planned = time.perf_counter()
            apply_plan(plan, home=state)
            applied = time.perf_counter()
            undo(home=state)
            plans.append(planned - started)
            applies.append(applied - planned)
            undos.append(time.perf_counter() - applied)
    round_trips: list[float] = []
    corpus_files = [
        (p, p.read_bytes())
        for folder in ("wslconf", "wslconfig")
        for p in sorted((args.corpus / folder).glob("*"))
        if p.suffix in (".conf", ".wslconfig")
    ]
    for _ in range(args.repeat):

        def round_trip() -> None:
            for path, data in corpus_files:
                kind = "wsl.conf" if path.suffix == ".conf" else ".wslconfig"
                assert render(parse(data, kind)) == data, path  # type: ignore[arg-type]

        round_trips.append(timed(round_trip))
    print(f"{'phase (ms)':<34} {'median':>9} {'min':>9} {'max':>9}")
    print(row("plan: read tree + 6 steps", plans))
    print(row("apply: 5 files, backups, fsync", applies))
    print(row("undo: 5 files", undos))
    print(row("plan + apply + undo", [a + b + c for a, b, c in zip(plans, applies, undos, strict=True)]))
    print(row(f"corpus parse→render ({len(corpus_files)} files)", round_trips))


if __name__ == "__main__":
    main()
