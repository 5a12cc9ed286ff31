"""``wslgo bench fs|build|proxy|compare``: thin CLI over ``wslgo.bench`` (parse, run, render, write)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from wslgo import __version__
from wslgo.cli.options import global_options
from wslgo.cli.params import path_value, text_value
from wslgo.errors import ExitCode, InputError, UsageError, WslgoError

if TYPE_CHECKING:
    from rich.console import Console

    from wslgo.bench.model import BenchReport, Measurement
    from wslgo.bench.proxyplan import DownloadSource
    from wslgo.bench.tempdirs import ScratchArea
    from wslgo.evidence.model import Evidence
    from wslgo.progress import Progress

bench_app = typer.Typer(
    help="Measure file systems, build-cache placement and module download routes (tables, JSON, plots).",
    no_args_is_help=True,
)

JSON_HELP = "Also write the report (schema_version 1, every raw sample) to this JSON file."
PLOT_HELP = "Also draw a bar chart (median, min–max whiskers) to this .png or .svg file."
QUIET_HELP = "No progress output."


def register(app: typer.Typer) -> None:
    app.add_typer(bench_app, name="bench")


@bench_app.command("fs")
def fs_command(
    ctx: typer.Context,
    dirs: str | None = typer.Option(
        None,
        "--dirs",
        parser=text_value("--dirs"),
        help="Comma-separated directories (default: home, /tmp, the Windows temp dir).",
    ),
    files: int = typer.Option(1000, "--files", min=1, help="Files per directory (1–50 KB each)."),
    repeat: int = typer.Option(3, "--repeat", min=1, help="Samples per operation and directory."),
    seed: int = typer.Option(20260101, "--seed", help="Seed of the file sizes and contents."),
    fsync: bool = typer.Option(False, "--fsync", help="fsync every file after writing it (durable writes)."),
    json_file: Path | None = typer.Option(None, "--json", parser=path_value("--json"), help=JSON_HELP),
    plot_file: Path | None = typer.Option(None, "--plot", parser=path_value("--plot"), help=PLOT_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help=QUIET_HELP),
) -> int:
    """Time create / stat / read / delete of many small files in each directory."""
    from wslgo.bench.fsbench import fs_step_count, run_fs_bench
    from wslgo.bench.fsplan import plan_files
    from wslgo.bench.tempdirs import ScratchArea

    _check_outputs(json_file, plot_file)
    evidence = _gather_evidence()
    explicit = dirs is not None
    targets = _targets(dirs, "--dirs", evidence)
    plan = plan_files(files, seed)
    options = global_options(ctx.obj)
    with ScratchArea() as scratch:
        err_console = _stderr_console(options.no_color)
        targets = _usable(targets, scratch, explicit, "--dirs", err_console, quiet or options.quiet)
        with _progress(fs_step_count(targets, repeat), quiet or options.quiet, err_console) as progress:
            measurements = run_fs_bench(
                targets, plan, repeat=repeat, fsync=fsync, scratch=scratch, progress=progress
            )
    parameters = {"files": files, "repeat": repeat, "seed": seed, "fsync": fsync}
    report = _report(evidence, measurements, targets, parameters, _go_version_from(evidence))
    return _emit(ctx, report, json_file, plot_file, "wslgo bench fs")


@bench_app.command("build")
def build_command(
    ctx: typer.Context,
    project: Path | None = typer.Option(
        None,
        "--project",
        parser=path_value("--project"),
        help="Go module to build (default: a generated stdlib-only module).",
    ),
    cache_dirs: str | None = typer.Option(
        None,
        "--cache-dirs",
        parser=text_value("--cache-dirs"),
        help="Comma-separated parents for GOCACHE (default: home, /tmp, Windows temp).",
    ),
    repeat: int = typer.Option(3, "--repeat", min=1, help="Cold and warm samples per cache directory."),
    packages: int = typer.Option(40, "--packages", min=1, help="Packages in the generated module."),
    go: str | None = typer.Option(
        None,
        "--go",
        parser=text_value("--go"),
        help="The go binary to time (default: the real one behind PATH).",
    ),
    json_file: Path | None = typer.Option(None, "--json", parser=path_value("--json"), help=JSON_HELP),
    plot_file: Path | None = typer.Option(None, "--plot", parser=path_value("--plot"), help=PLOT_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help=QUIET_HELP),
) -> int:
    """Time cold and warm 'go build ./...' with GOCACHE in each candidate directory."""
    from wslgo.bench.buildbench import build_step_count, run_build_bench
    from wslgo.bench.gobinary import resolve_go
    from wslgo.bench.gomodgen import ModuleShape, generate_module
    from wslgo.bench.tempdirs import ScratchArea

    _check_outputs(json_file, plot_file)
    project_dir = _project_dir(project) if project is not None else None
    toolchain = resolve_go(go)
    evidence = _gather_evidence()
    explicit = cache_dirs is not None
    parents = _targets(cache_dirs, "--cache-dirs", evidence)
    options = global_options(ctx.obj)
    silent = quiet or options.quiet
    shape = ModuleShape(packages=packages)
    with ScratchArea() as scratch:
        err_console = _stderr_console(options.no_color)
        parents = _usable(parents, scratch, explicit, "--cache-dirs", err_console, silent)
        work_parent = Path(tempfile.gettempdir())
        if project_dir is None:
            project_dir = scratch.make(work_parent, "project-")
            _write_tree(project_dir, generate_module(shape))
            label = f"generated:{shape.packages}x{shape.files_per_package}:seed{shape.seed}"
        else:
            label = str(project_dir)
        with _progress(build_step_count(parents, repeat), silent, err_console) as progress:
            measurements = run_build_bench(
                toolchain,
                project_dir,
                parents,
                repeat=repeat,
                offline=project is None,
                scratch=scratch,
                work_parent=work_parent,
                progress=progress,
                project_label=label,
            )
    parameters = {
        "project": label,
        "repeat": repeat,
        "go": str(toolchain.binary),
        "go_version": toolchain.version,
    }
    report = _report(evidence, measurements, parents, parameters, toolchain.version)
    return _emit(ctx, report, json_file, plot_file, "wslgo bench build")


@bench_app.command("proxy")
def proxy_command(
    ctx: typer.Context,
    project: Path | None = typer.Option(
        None,
        "--project",
        parser=path_value("--project"),
        help="Go module whose module graph is downloaded (default: the current directory).",
    ),
    modules: Path | None = typer.Option(
        None,
        "--modules",
        parser=path_value("--modules"),
        help="File with one module@version per line to download instead of a project.",
    ),
    upstream: str | None = typer.Option(
        None, "--upstream", help="Upstream chain, GOPROXY syntax (default: your 'go env GOPROXY')."
    ),
    repeat: int = typer.Option(3, "--repeat", min=1, help="Samples per route."),
    no_sumdb: bool = typer.Option(
        False, "--no-sumdb", help="GOSUMDB=off for every run (offline upstreams); default: as you have it."
    ),
    go: str | None = typer.Option(
        None,
        "--go",
        parser=text_value("--go"),
        help="The go binary to time (default: the real one behind PATH).",
    ),
    json_file: Path | None = typer.Option(None, "--json", parser=path_value("--json"), help=JSON_HELP),
    plot_file: Path | None = typer.Option(None, "--plot", parser=path_value("--plot"), help=PLOT_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help=QUIET_HELP),
) -> int:
    """Time 'go mod download' (fresh module cache each run) via the upstream, a cold and a warm wslgo
    proxy, and file:// on the proxy's store."""
    from wslgo.bench.gobinary import resolve_go
    from wslgo.bench.proxybench import parse_upstream, run_proxy_bench, user_goproxy
    from wslgo.bench.proxyplan import proxy_step_count
    from wslgo.bench.tempdirs import ScratchArea

    _check_outputs(json_file, plot_file)
    source = _download_source(project, modules)
    toolchain = resolve_go(go)
    chain = upstream if upstream is not None else user_goproxy(toolchain)
    parse_upstream(chain, "--upstream" if upstream is not None else "GOPROXY (from 'go env GOPROXY')")
    evidence = _gather_evidence()
    options = global_options(ctx.obj)
    work_parent = Path(tempfile.gettempdir())
    with ScratchArea() as scratch:
        err_console = _stderr_console(options.no_color)
        with _progress(proxy_step_count(repeat), quiet or options.quiet, err_console) as progress:
            measurements, facts = run_proxy_bench(
                toolchain,
                source,
                chain,
                repeat=repeat,
                no_sumdb=no_sumdb,
                scratch=scratch,
                work_parent=work_parent,
                progress=progress,
            )
    parameters = {
        "source": source.label,
        "upstream": chain,
        "repeat": repeat,
        "gosumdb": "off" if no_sumdb else "as configured",
        "go": str(toolchain.binary),
        "go_version": toolchain.version,
        **facts,
    }
    report = _report(evidence, measurements, [work_parent], parameters, toolchain.version)
    filesystem = report.machine["filesystems"].get(str(work_parent))
    report = replace(report, measurements=tuple(replace(m, filesystem=filesystem) for m in measurements))
    return _emit(ctx, report, json_file, plot_file, f"wslgo bench proxy ({source.label}, upstream {chain})")


def _download_source(project: Path | None, modules: Path | None) -> DownloadSource:
    """The module graph of ``--project`` (default: the current directory) or the list in ``--modules``."""
    from wslgo.bench.proxyplan import DownloadSource, find_module_root, parse_module_list

    if project is not None and modules is not None:
        raise UsageError("--project and --modules exclude each other; pass one of them")
    if modules is not None:
        try:
            text = modules.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise UsageError(
                f"--modules {modules}: no such file; expected one module@version per line"
            ) from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"--modules {modules}: cannot read: {exc}") from exc
        listed = parse_module_list(text, str(modules))
        return DownloadSource(label=f"modules:{modules}", modules=listed)
    start = project if project is not None else Path.cwd()
    option = f"--project {project}" if project is not None else f"current directory {start}"
    if not start.is_dir():
        raise UsageError(f"{option}: not an existing directory")
    root = find_module_root(start.resolve())
    if root is None:
        raise UsageError(
            f"{option}: no go.mod in it or any parent; expected a Go module directory "
            "(or pass --modules FILE)"
        )
    return DownloadSource(label=str(root), module_root=root)


@bench_app.command("compare")
def compare_command(
    ctx: typer.Context,
    before: Path = typer.Argument(
        ..., parser=path_value("BEFORE"), help="Report from before the change (bench --json)."
    ),
    after: Path = typer.Argument(..., parser=path_value("AFTER"), help="Report from after the change."),
) -> int:
    """Ratios after/before of the medians of every measurement present in both reports.

    Exit 1 when the two reports have no measurement in common."""
    from wslgo.bench.compare import compare_reports
    from wslgo.bench.render import comparison_table

    result = compare_reports(_load_report(before), _load_report(after))
    console = global_options(ctx.obj).console()
    if result.matched:
        console.print(comparison_table(result, str(before), str(after)))
    for key in result.only_before:
        console.print(f"only in {before}: {' '.join(key)}")
    for key in result.only_after:
        console.print(f"only in {after}: {' '.join(key)}")
    if not result.matched:
        console.print("no measurement is in both reports (they are joined on suite, target and operation)")
        return int(ExitCode.PROBLEMS)
    return int(ExitCode.OK)


def _load_report(path: Path) -> BenchReport:
    from wslgo.bench.model import loads_report

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file; expected a report written by 'wslgo bench --json'") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from exc
    return loads_report(text, str(path))


def _check_outputs(json_file: Path | None, plot_file: Path | None) -> None:
    """Refuse bad output paths before minutes of measuring, not after."""
    if plot_file is not None:
        from wslgo.bench.plot import plot_format

        plot_format(plot_file)
    if json_file is not None and not json_file.parent.absolute().is_dir():
        raise UsageError(f"--json {json_file}: directory {json_file.parent} does not exist")


def _project_dir(project: Path) -> Path:
    if not project.is_dir():
        raise UsageError(f"--project {project}: not an existing directory")
    resolved = project.resolve()
    for directory in (resolved, *resolved.parents):
        if (directory / "go.mod").is_file():
            return resolved
    raise UsageError(f"--project {project}: no go.mod in it or any parent; expected a Go module directory")


def _gather_evidence() -> Evidence:
    from wslgo.bench.machine import gather_evidence

    return gather_evidence()


def _targets(value: str | None, option: str, evidence: Evidence) -> list[Path]:
    from wslgo.bench.candidates import default_candidates, parse_dir_list
    from wslgo.bench.machine import windows_drive

    if value is not None:
        return parse_dir_list(value, option)
    return default_candidates(Path(windows_drive(evidence)))


def _usable(
    targets: Sequence[Path], scratch: ScratchArea, explicit: bool, option: str, console: Console, quiet: bool
) -> list[Path]:
    """Targets where a scratch dir can really be created; a failing default is skipped with a note."""
    usable = []
    for target in targets:
        try:
            scratch.remove(scratch.make(target, "probe-"))
        except OSError as exc:
            if explicit:
                raise UsageError(
                    f"{option}: cannot create a directory in {target}: {exc.strerror or exc}"
                ) from exc
            if not quiet:
                console.print(f"skipping {target}: cannot create a directory there ({exc.strerror or exc})")
            continue
        usable.append(target)
    if not usable:
        raise UsageError(f"no usable directory to measure; pass {option} with writable directories")
    return usable


def _stderr_console(no_color: bool) -> Console:
    from rich.console import Console

    return Console(stderr=True, no_color=no_color or "NO_COLOR" in os.environ, highlight=False)


@contextlib.contextmanager
def _progress(total: int, quiet: bool, console: Console) -> Iterator[Progress]:
    """Progress over the bench's ``total`` steps, ended however the run ends (Ctrl-C included)."""
    from wslgo.progress import progress_for

    progress = progress_for(quiet, console)
    progress.start("bench", total, unit="steps")
    try:
        yield progress
    finally:
        progress.finish()


def _go_version_from(evidence: Evidence) -> str | None:
    result = evidence.command("go", "version")
    if result is None or result.rc != 0:
        return None
    words = result.stdout.split()
    return words[2] if len(words) >= 3 and words[0] == "go" else None


def _report(
    evidence: Evidence,
    measurements: Sequence[Measurement],
    targets: Sequence[Path],
    parameters: dict[str, Any],
    go_version: str | None,
) -> BenchReport:
    from wslgo.bench.machine import facts_from_evidence
    from wslgo.bench.model import BenchReport

    names = [str(target) for target in targets]
    machine = facts_from_evidence(
        evidence, names, go_version=go_version, resolved={name: os.path.realpath(name) for name in names}
    )
    filesystems: dict[str, str | None] = machine["filesystems"]
    return BenchReport(
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        wslgo_version=__version__,
        machine=machine,
        parameters=parameters,
        measurements=tuple(replace(m, filesystem=filesystems.get(m.target)) for m in measurements),
    )


def _emit(
    ctx: typer.Context, report: BenchReport, json_file: Path | None, plot_file: Path | None, title: str
) -> int:
    from wslgo.bench.render import measurements_table

    global_options(ctx.obj).console().print(measurements_table(report.measurements, title))
    if json_file is not None:
        _write_atomic(json_file, report.dumps().encode("utf-8"))
    if plot_file is not None:
        from wslgo.bench.plot import write_plot

        write_plot(report, plot_file)
    return int(ExitCode.OK)


def _write_tree(root: Path, files: dict[str, str] | Any) -> None:
    for relpath, text in files.items():
        target = root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def _write_atomic(path: Path, data: bytes) -> None:
    """The JSON report whole or not at all (``fsutil.write_atomic``); a missing directory is a usage error,
    anything else (a full disk) one line naming the file."""
    import errno

    from wslgo.fsutil import write_atomic

    try:
        write_atomic(path, data)
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    except OSError as exc:
        reason = "no space left on device" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
        raise WslgoError(f"cannot write {path}: {reason}") from None
