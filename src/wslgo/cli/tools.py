"""``wslgo tools install|list|update``: thin CLI over ``wslgo.tools`` (choose, install, report)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from wslgo.cli.options import GlobalOptions, global_options
from wslgo.cli.params import path_value, text_value
from wslgo.errors import ExitCode, UsageError
from wslgo.tools.catalog import Tool, ToolRelease, load_catalog, lookup, newest_compatible, release_for
from wslgo.tools.install import (
    GoToolchain,
    InstallResult,
    find_go,
    install_tool,
    installed_tools,
    parse_requests,
    probe_go,
)

SCHEMA_VERSION = 1

tools_app = typer.Typer(
    help="Install gopls, dlv, golangci-lint and staticcheck with versions that build with the active Go.",
    no_args_is_help=True,
)

_GO_OPTION = typer.Option(
    None,
    "--go",
    parser=text_value("--go"),
    help="The go binary to use (default: the 'go' that wins on PATH).",
)
_CATALOG_OPTION = typer.Option(
    None,
    "--catalog",
    parser=path_value("--catalog"),
    envvar="WSLGO_TOOLS_CATALOG",
    help="JSON file with extra tools/versions (team pins); extends the built-in table.",
)
_GOBIN_OPTION = typer.Option(
    None,
    "--gobin",
    parser=path_value("--gobin"),
    help="Install here (default: GOBIN, else $(go env GOPATH)/bin).",
)


def _toolchain(go: str | None) -> GoToolchain:
    return probe_go(find_go(go))


def _plan(
    names: list[str], catalog: dict[str, Tool], toolchain: GoToolchain
) -> list[tuple[Tool, ToolRelease]]:
    """Resolve every request before installing anything: one bad name or version and nothing runs."""
    requests = parse_requests(names) if names else [(name, None) for name in catalog]
    return [
        (tool, release_for(tool, version, toolchain.version))
        for tool, version in ((lookup(catalog, name), version) for name, version in requests)
    ]


def _run_installs(
    options: GlobalOptions, toolchain: GoToolchain, plan: list[tuple[Tool, ToolRelease]], gobin: Path
) -> int:
    console = options.console()
    err = options.console(stderr=True)
    results: list[InstallResult] = []
    for tool, release in plan:
        label = f"installing {tool.name} {release.version} with {toolchain.raw_version} into {gobin}"
        if options.quiet:
            result = install_tool(toolchain, tool, release, gobin=gobin)
        elif err.is_terminal:
            with err.status(label + " …"):
                result = install_tool(toolchain, tool, release, gobin=gobin)
        else:
            print(label, file=sys.stderr, flush=True)
            result = install_tool(toolchain, tool, release, gobin=gobin)
        results.append(result)
        if result.ok:
            info = result.installed
            built = f"built with {info.go_version_raw}" if info else "build info unreadable"
            version = (info.module_version if info else None) or release.version
            console.print(
                f"✓ {tool.name} {version} ({built}) → {gobin / tool.binary_name}  {result.duration_s:.1f}s"
            )
        else:
            console.print(f"✗ {tool.name} {release.version}: {result.message}")
    for result in results:
        if result.required_go:
            raise UsageError(
                f"{result.tool.name}@{result.release.version} needs Go {result.required_go} or newer "
                f"(the active Go is {toolchain.version}); install it with 'wslgo go install "
                f"{result.required_go}' or pick an older version"
            )
    return int(ExitCode.OK if all(r.ok for r in results) else ExitCode.PROBLEMS)


@tools_app.command("install")
def install_command(
    ctx: typer.Context,
    names: list[str] = typer.Argument(None, help="Tools to install, NAME or NAME@VERSION (default: all)."),
    go: str | None = _GO_OPTION,
    catalog_file: Path | None = _CATALOG_OPTION,
    gobin: Path | None = _GOBIN_OPTION,
) -> int:
    """Install tools with 'go install PKG@VERSION', choosing the newest version the active Go builds."""
    options = global_options(ctx.obj)
    catalog = load_catalog(catalog_file)
    for name, _ in parse_requests(list(names or [])):
        lookup(catalog, name)  # an unknown name is reported before any go command runs
    toolchain = _toolchain(go)
    plan = _plan(list(names or []), catalog, toolchain)
    return _run_installs(options, toolchain, plan, gobin or toolchain.install_dir)


@tools_app.command("update")
def update_command(
    ctx: typer.Context,
    names: list[str] = typer.Argument(None, help="Tools to update (default: every installed known tool)."),
    go: str | None = _GO_OPTION,
    catalog_file: Path | None = _CATALOG_OPTION,
    gobin: Path | None = _GOBIN_OPTION,
) -> int:
    """Reinstall installed tools whose version differs from the newest one the active Go builds."""
    options = global_options(ctx.obj)
    catalog = load_catalog(catalog_file)
    toolchain = _toolchain(go)
    target = gobin or toolchain.install_dir
    selected = (
        [lookup(catalog, name) for name, _ in parse_requests(list(names or []))]
        if names
        else list(catalog.values())
    )
    current = installed_tools(toolchain, selected, target)
    plan: list[tuple[Tool, ToolRelease]] = []
    for tool in selected:
        info = current[tool.name]
        release = newest_compatible(tool, toolchain.version)
        if info is None:
            if names:
                plan.append((tool, release_for(tool, None, toolchain.version)))
            continue
        if release is not None and info.module_version != release.version:
            plan.append((tool, release))
        elif not options.quiet:
            options.console().print(
                f"· {tool.name} {info.module_version} is current for Go {toolchain.version}"
            )
    if not plan:
        return int(ExitCode.OK)
    return _run_installs(options, toolchain, plan, target)


@tools_app.command("list")
def list_command(
    ctx: typer.Context,
    go: str | None = _GO_OPTION,
    catalog_file: Path | None = _CATALOG_OPTION,
    gobin: Path | None = _GOBIN_OPTION,
    output_format: str = typer.Option("text", "--format", help="text or json."),
) -> int:
    """Show each known tool: installed version (from 'go version -m') and the one for the active Go."""
    if output_format not in ("text", "json"):
        raise UsageError(f"--format {output_format!r}: expected text or json")
    options = global_options(ctx.obj)
    catalog = load_catalog(catalog_file)
    toolchain = _toolchain(go)
    target = gobin or toolchain.install_dir
    current = installed_tools(toolchain, list(catalog.values()), target)
    rows = []
    for tool in catalog.values():
        info = current[tool.name]
        recommended = newest_compatible(tool, toolchain.version)
        rows.append(
            {
                "name": tool.name,
                "package": tool.package,
                "path": str(target / tool.binary_name) if info else None,
                "installed": info.module_version if info else None,
                "built_with": info.go_version_raw if info else None,
                "recommended": recommended.version if recommended else None,
                "recommended_source": recommended.source if recommended else None,
            }
        )
    if output_format == "json":
        document = {
            "schema_version": SCHEMA_VERSION,
            "go": str(toolchain.version),
            "gobin": str(target),
            "tools": rows,
        }
        print(json.dumps(document, indent=2))
        return int(ExitCode.OK)
    from rich.table import Table

    table = Table(title=f"Go tools in {target} (active Go {toolchain.version})")
    for column in ("tool", "installed", "built with", f"for Go {toolchain.version.line}", "package"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            str(row["name"]),
            str(row["installed"] or "—"),
            str(row["built_with"] or "—"),
            str(row["recommended"] or "none (Go too old)"),
            str(row["package"]),
        )
    options.console().print(table)
    return int(ExitCode.OK)


def register(app: typer.Typer) -> None:
    app.add_typer(tools_app, name="tools")
