"""``wslgo go``: the Go SDK manager (SPEC §5). Thin: parse options, call ``wslgo.sdk``, render.

Version words: ``1.27.3``/``go1.27.3`` exact, ``1.27`` the newest patch of the line, ``stable`` the newest
release the index marks stable, ``latest`` the newest version of any kind (release candidates and betas
included), ``go.mod`` the nearest go.mod's ``toolchain`` line, else its ``go`` line.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

import typer

from wslgo.cli.options import GlobalOptions, global_options
from wslgo.errors import ExitCode, UsageError, WslgoError
from wslgo.golang.version import GoVersion, newest_patch
from wslgo.home import downloads_dir, sdk_dir, wslgo_home
from wslgo.sdk.index import (
    GOMOD,
    GoRelease,
    find_gomod,
    gomod_request,
    host_platform,
    parse_version_spec,
    resolve_installed,
    resolve_release,
)
from wslgo.sdk.index_cache import IndexResult, index_url, load_index, mirror_url
from wslgo.sdk.store import CURRENT, SdkStore

go_app = typer.Typer(
    help="Install, switch and remove Go SDKs under WSLGO_HOME/sdk (verified, atomic, resumable).",
    no_args_is_help=True,
)

SYSTEM_GOROOT_ENV = "WSLGO_SYSTEM_GOROOT"


def _store() -> SdkStore:
    return SdkStore(sdk_dir())


def _warn(options: GlobalOptions, message: str) -> None:
    options.console(stderr=True).print(f"wslgo: warning: {message}", markup=False)


def _load(options: GlobalOptions, refresh: bool) -> IndexResult:
    from wslgo.sdk.httpclient import make_client

    with make_client() as client:
        result = load_index(client, wslgo_home(), index_url(), refresh=refresh)
    if result.warning:
        _warn(options, result.warning)
    return result


@go_app.command("list")
def list_command(
    ctx: typer.Context,
    remote: bool = typer.Option(False, "--remote", help="List releases from the Go release index."),
    show_all: bool = typer.Option(
        False, "--all", help="With --remote: every release, prereleases included (default: newest per line)."
    ),
    refresh: bool = typer.Option(False, "--refresh", help="Re-fetch the index even if the cache is fresh."),
) -> int:
    """List installed SDKs (* = active), or the releases available for this host."""
    options = global_options(ctx.obj)
    store = _store()
    console = options.console()
    installed = set(store.versions())
    active = store.current()
    if not remote:
        if not installed:
            console.print("no Go SDKs installed (try: wslgo go install stable)", markup=False)
            return int(ExitCode.OK)
        for sdk in store.installed():
            marker = "*" if sdk.version == active else " "
            console.print(f"{marker} {sdk.version.tag:<14} {sdk.path}", markup=False)
        return int(ExitCode.OK)
    goos, goarch = host_platform()
    releases = [r for r in _load(options, refresh).releases if r.archive_for(goos, goarch) is not None]
    shown = releases if show_all else _newest_per_line(releases)
    for release in shown:
        marks = [
            "active" if release.version == active else "installed" if release.version in installed else ""
        ]
        if not release.stable:
            marks.append("unstable")
        archive = release.archive_for(goos, goarch)
        size = f"{archive.size / 1_000_000:6.1f} MB" if archive else ""
        note = ", ".join(mark for mark in marks if mark)
        console.print(f"{release.tag:<14} {size}  {note}".rstrip(), markup=False)
    return int(ExitCode.OK)


def _newest_per_line(releases: list[GoRelease]) -> list[GoRelease]:
    """The newest stable patch of every release line, newest line first."""
    versions = [release.version for release in releases if release.stable]
    lines = dict.fromkeys(version.line for version in versions)
    newest = {newest_patch(versions, line) for line in lines}
    return [release for release in releases if release.version in newest]


def sudo_command(argv: list[str], environ: dict[str, str]) -> str:
    """The exact command to re-run this install as root, keeping the index/mirror settings."""
    wslgo = shutil.which("wslgo") or f"{sys.executable} -m wslgo"
    kept = [f"{name}={environ[name]}" for name in ("WSLGO_GO_INDEX", "WSLGO_GO_MIRROR") if environ.get(name)]
    prefix = ["sudo", "env", *kept] if kept else ["sudo"]
    return " ".join([shlex.join(prefix), wslgo if " " in wslgo else shlex.quote(wslgo), shlex.join(argv)])


@go_app.command("install")
def install_command(
    ctx: typer.Context,
    version: str = typer.Argument(
        "stable", help="1.27.3, go1.27.3, 1.27 (newest patch), stable, latest (prereleases too) or go.mod."
    ),
    mirror: str | None = typer.Option(
        None, "--mirror", help="Archive base URL (default: WSLGO_GO_MIRROR or https://go.dev/dl/)."
    ),
    system: bool = typer.Option(False, "--system", help="Install into /usr/local/go instead (needs root)."),
    no_use: bool = typer.Option(False, "--no-use", help="Do not make it the active SDK."),
    force: bool = typer.Option(False, "--force", help="Download and install again even if present."),
    refresh: bool = typer.Option(False, "--refresh", help="Re-fetch the index even if the cache is fresh."),
) -> int:
    """Download, verify and install a Go SDK, then make it the active one (unless --no-use)."""
    options = global_options(ctx.obj)
    spec = parse_version_spec(version)
    base = mirror_url(mirror)
    console = options.console()
    if spec == GOMOD:
        gomod = find_gomod(Path.cwd())
        if gomod is None:
            raise UsageError(f"no go.mod in {Path.cwd()} or any parent directory")
        request = gomod_request(gomod, gomod.read_text(encoding="utf-8", errors="replace"))
        console.print(
            f"{request.path}:{request.line}: {request.directive} line asks for {request.version}",
            markup=False,
        )
        spec = request.version
    target = Path(os.environ.get(SYSTEM_GOROOT_ENV) or "/usr/local/go")
    if system and os.geteuid() != 0:
        argv = ["go", "install", str(spec if isinstance(spec, str) else spec.tag), "--system"]
        if mirror:
            argv += ["--mirror", mirror]
        raise WslgoError(
            f"--system writes {target} and needs root; run: {sudo_command(argv, dict(os.environ))}"
        )
    index = _load(options, refresh)
    release = resolve_release(spec, index.releases)
    installer_console = options.console(stderr=True)
    from wslgo.progress import progress_for
    from wslgo.sdk.download import RetryPolicy
    from wslgo.sdk.httpclient import make_client
    from wslgo.sdk.installer import Installer

    with make_client() as client:
        goos, goarch = host_platform()
        installer = Installer(
            client=client,
            store=_store(),
            downloads=downloads_dir(),
            mirror=base,
            goos=goos,
            goarch=goarch,
            progress=progress_for(options.quiet, installer_console),
            retry=RetryPolicy(),
            on_retry=None if options.quiet else (lambda message: _warn(options, message)),
        )
        if system:
            result = installer.install_system(release, target)
            console.print(f"installed {result.version.tag} into {result.path}", markup=False)
            return int(ExitCode.OK)
        result = installer.install(release, activate=not no_use, force=force)
    if result.installed:
        console.print(f"installed {result.version.tag} into {result.path}", markup=False)
    else:
        console.print(f"{result.version.tag} is already installed in {result.path}", markup=False)
    if result.activated:
        console.print(f"active Go SDK: {result.version.tag} ({sdk_dir() / CURRENT} → {result.version.tag})")
    elif _store().current() != result.version:
        console.print(f"activate it with: wslgo go use {result.version}", markup=False)
    return int(ExitCode.OK)


def _installed_spec(text: str) -> GoVersion:
    spec = parse_version_spec(text)
    if spec == GOMOD:
        gomod = find_gomod(Path.cwd())
        if gomod is None:
            raise UsageError(f"no go.mod in {Path.cwd()} or any parent directory")
        spec = gomod_request(gomod, gomod.read_text(encoding="utf-8", errors="replace")).version
    return resolve_installed(spec, _store().versions())


@go_app.command("use")
def use_command(
    ctx: typer.Context,
    version: str = typer.Argument(..., help="An installed version: 1.27.3, go1.27.3 or 1.27 (newest patch)."),
) -> int:
    """Make an installed SDK the active one (switches the sdk/current symlink atomically)."""
    options = global_options(ctx.obj)
    store = _store()
    with store.lock():
        chosen = _installed_spec(version)
        store.activate(chosen)
    options.console().print(
        f"active Go SDK: {chosen.tag} ({store.path_of(chosen) / 'bin' / 'go'})", markup=False
    )
    return int(ExitCode.OK)


@go_app.command("remove")
def remove_command(
    ctx: typer.Context,
    version: str = typer.Argument(..., help="An installed version: 1.27.3, go1.27.3 or 1.27."),
    force: bool = typer.Option(False, "--force", help="Remove it even if it is the active SDK."),
) -> int:
    """Remove an installed SDK (refuses the active one unless --force)."""
    options = global_options(ctx.obj)
    store = _store()
    with store.lock():
        chosen = _installed_spec(version)
        if store.current() == chosen:
            if not force:
                raise WslgoError(
                    f"{chosen.tag} is the active SDK; switch first (wslgo go use VERSION) or pass --force"
                )
            store.deactivate()
        store.remove(chosen)
    options.console().print(f"removed {chosen.tag}", markup=False)
    return int(ExitCode.OK)


@go_app.command("prune")
def prune_command(
    ctx: typer.Context,
    keep: int = typer.Option(
        2, "--keep", min=0, help="How many of the newest SDKs to keep (besides the active)."
    ),
) -> int:
    """Remove all but the newest N SDKs (the active one is always kept), plus leftover downloads."""
    options = global_options(ctx.obj)
    store = _store()
    console = options.console()
    with store.lock():
        store.sweep()
        active = store.current()
        installed = store.versions()
        kept = set(installed[:keep]) | ({active} if active else set())
        for version in installed:
            if version not in kept:
                store.remove(version)
                console.print(f"removed {version.tag}", markup=False)
        downloads = downloads_dir()
        if downloads.is_dir():
            for leftover in downloads.iterdir():
                if leftover.is_file():
                    leftover.unlink()
                    console.print(f"removed {leftover}", markup=False)
    remaining = ", ".join(v.tag for v in store.versions()) or "none"
    console.print(f"kept: {remaining}", markup=False)
    return int(ExitCode.OK)


@go_app.command("which")
def which_command(ctx: typer.Context) -> int:
    """Print the active SDK's bin/go; warn when another go wins on PATH."""
    options = global_options(ctx.obj)
    store = _store()
    active = store.current()
    if active is None:
        raise WslgoError(f"no active Go SDK in {store.root}; install one with: wslgo go install stable")
    go_binary = store.path_of(active) / "bin" / "go"
    options.console().print(str(go_binary), markup=False)
    on_path = shutil.which("go")
    current_bin = store.root / CURRENT / "bin"
    if on_path is None:
        _warn(options, f"no go on PATH; put {current_bin} on PATH (the 'shell' step of wslgo setup does)")
    elif os.path.realpath(on_path) != os.path.realpath(go_binary):
        _warn(
            options,
            f"'go' on PATH is {on_path}, not the active SDK; put {current_bin} first on PATH "
            "(the 'shell' step of wslgo setup does)",
        )
    return int(ExitCode.OK)


def register(app: typer.Typer) -> None:
    app.add_typer(go_app, name="go")
