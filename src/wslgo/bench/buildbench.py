"""``bench build``: cold and warm ``go build ./...`` with GOCACHE in each candidate directory.

Controlled so that only GOCACHE's location differs between samples:

- the real go binary (``gobinary.resolve_go``), ``GOROOT`` pinned to it, ``GOTOOLCHAIN=local`` (no toolchain
  switch mid-bench), ``GOFLAGS=-modcacherw`` (the user's GOFLAGS could add ``-race`` or ``-a``);
- a scratch ``GOMODCACHE``, filled once before timing (``go mod download``, untimed), so module downloads
  never land in a sample; the generated default project is stdlib-only and runs with ``GOPROXY=off``;
- binaries go to a scratch ``-o`` directory, never into the project;
- cold = ``go clean -cache`` (untimed, with that GOCACHE) then a timed build; warm = the same build again.
  A cold build also compiles the standard library into the cache, as a real first build does.

The child runs in its own process group; on Ctrl-C it is killed and reaped before the scratch
directories are removed, so nothing keeps writing into a directory being deleted.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from wslgo.bench.gobinary import GoToolchain
from wslgo.bench.model import Measurement
from wslgo.bench.tempdirs import ScratchArea, sigint_deferred
from wslgo.errors import InputError, WslgoError
from wslgo.progress import Progress

BUILD_OPERATIONS = ("cold", "warm")
BUILD_TIMEOUT_S = 3600.0


@dataclass(frozen=True)
class GoRun:
    seconds: float
    rc: int
    stderr: str
    stdout: str = ""


def build_command(go: str, *, has_main: bool, output_dir: Path) -> list[str]:
    """``go build ./...``; with ``-o DIR/`` when a main package would otherwise write its binary into the
    project (``-o`` with a directory is refused by go when no package is a command)."""
    if has_main:
        return [go, "build", "-o", f"{output_dir}{os.sep}", "./..."]
    return [go, "build", "./..."]


def build_step_count(cache_parents: Sequence[Path], repeat: int) -> int:
    return len(cache_parents) * repeat * len(BUILD_OPERATIONS)


def bench_environment(
    base: Mapping[str, str], toolchain: GoToolchain, gocache: Path, gomodcache: Path, offline: bool
) -> dict[str, str]:
    """The environment of every go command of the bench (pure, so its controls are unit-tested)."""
    env = dict(base)
    env.update(
        {
            "GOROOT": toolchain.goroot,
            "GOCACHE": str(gocache),
            "GOMODCACHE": str(gomodcache),
            "GOFLAGS": "-modcacherw",
            "GOTOOLCHAIN": "local",
        }
    )
    if offline:
        env["GOPROXY"] = "off"
        env["GOWORK"] = "off"
    return env


def run_go(
    argv: Sequence[str],
    cwd: Path,
    env: Mapping[str, str],
    timeout: float = BUILD_TIMEOUT_S,
    capture: bool = False,
) -> GoRun:
    """Run one go command, timed from spawn to exit; killed with its process group on any interruption."""
    started = time.perf_counter()
    proc: subprocess.Popen[bytes] | None = None
    try:
        # A Ctrl-C inside Popen (it waits for the child's exec) or just after it would leave go
        # running in its own session, still writing into a scratch dir being removed: the spawn
        # and the assignment happen with SIGINT held back, and it is delivered inside this try.
        with sigint_deferred():
            proc = subprocess.Popen(
                list(argv),
                cwd=cwd,
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                start_new_session=True,
            )
        out, err = proc.communicate(timeout=timeout)
    except BaseException:
        if proc is not None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                proc.kill()
            proc.wait()
        raise
    elapsed = time.perf_counter() - started
    return GoRun(
        seconds=elapsed,
        rc=proc.returncode,
        stderr=err.decode("utf-8", errors="replace"),
        stdout=(out or b"").decode("utf-8", errors="replace"),
    )


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "(no output)"


def run_build_bench(
    toolchain: GoToolchain,
    project: Path,
    cache_parents: Sequence[Path],
    *,
    repeat: int,
    offline: bool,
    scratch: ScratchArea,
    work_parent: Path,
    progress: Progress,
    project_label: str,
    base_env: Mapping[str, str] | None = None,
) -> list[Measurement]:
    """Time cold and warm builds of ``project`` with GOCACHE in a scratch dir of each cache parent."""
    environ = dict(os.environ if base_env is None else base_env)
    work = scratch.make(work_parent, "work-")
    gomodcache = work / "modcache"
    output_dir = work / "bin"
    output_dir.mkdir()
    caches = [scratch.make(parent, "gocache-") for parent in cache_parents]
    go = str(toolchain.binary)
    prepare_env = bench_environment(environ, toolchain, caches[0], gomodcache, offline)
    prepare = run_go([go, "mod", "download"], project, prepare_env)
    if prepare.rc != 0:
        raise InputError(f"{project}: 'go mod download' failed: {_last_line(prepare.stderr)}")
    names = run_go([go, "list", "-f", "{{.Name}}", "./..."], project, prepare_env, capture=True)
    if names.rc != 0:
        raise InputError(f"{project}: 'go list ./...' failed: {_last_line(names.stderr)}")
    build_argv = build_command(go, has_main="main" in names.stdout.split(), output_dir=output_dir)

    samples: dict[tuple[str, str], list[float]] = {
        (str(parent), operation): [] for parent in cache_parents for operation in BUILD_OPERATIONS
    }
    for round_index in range(repeat):
        for parent, gocache in zip(cache_parents, caches, strict=True):
            env = bench_environment(environ, toolchain, gocache, gomodcache, offline)
            cleaned = run_go([go, "clean", "-cache"], project, env)
            if cleaned.rc != 0:
                raise WslgoError(
                    f"go clean -cache with GOCACHE={gocache} failed: {_last_line(cleaned.stderr)}"
                )
            for operation in BUILD_OPERATIONS:
                progress.step(f"build GOCACHE in {parent}: {operation} (repeat {round_index + 1}/{repeat})")
                built = run_go(build_argv, project, env)
                if built.rc != 0:
                    raise InputError(f"{project}: 'go build ./...' failed: {_last_line(built.stderr)}")
                samples[(str(parent), operation)].append(built.seconds)
                progress.advance()
    params = MappingProxyType({"project": project_label, "go_version": toolchain.version, "repeat": repeat})
    return [
        Measurement(suite="build", target=target, operation=operation, samples=tuple(values), params=params)
        for (target, operation), values in samples.items()
    ]
