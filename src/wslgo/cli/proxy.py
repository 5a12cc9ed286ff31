"""``wslgo proxy serve|import|export|stats|probe|stop|unit``: thin CLI over ``wslgo.proxy``."""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

import typer

from wslgo.cli.options import global_options
from wslgo.cli.params import parse_seconds, path_value, seconds_value, text_value
from wslgo.errors import ExitCode, UsageError
from wslgo.golang.goproxy import GoProxyError
from wslgo.home import proxy_dir
from wslgo.i18n import _
from wslgo.proxy.chain import DEFAULT_CHAIN, ChainEntry, parse_chain

SCHEMA_VERSION = 1
DEFAULT_LISTEN = "127.0.0.1:3000"

proxy_app = typer.Typer(
    help="Caching Go module proxy for every distro on this machine.", no_args_is_help=True
)

_STORAGE = typer.Option(
    None,
    "--storage",
    parser=text_value("--storage"),
    help="Store directory or s3://bucket/prefix (default WSLGO_HOME/proxy).",
)
_PID_FILE = typer.Option(
    None, "--pid-file", parser=path_value("--pid-file"), help="Pid file (default WSLGO_HOME/proxy/proxy.pid)."
)
_URL = typer.Option(
    None, "--url", parser=text_value("--url"), help="Proxy base URL (default http://127.0.0.1:3000)."
)


def parse_listen(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise UsageError(f"--listen {text!r}: expected HOST:PORT such as {DEFAULT_LISTEN}")
    return host.strip("[]") or "127.0.0.1", int(port)


def _chain(option: str, text: str) -> tuple[ChainEntry, ...]:
    try:
        return tuple(parse_chain(text))
    except GoProxyError as exc:
        raise UsageError(f"{option} {text!r}: {exc}") from exc


def _pairs(option: str, values: list[str]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name or not rest:
            raise UsageError(f"{option} {value!r}: expected NAME=VALUE")
        pairs.append((name.strip(), rest.strip()))
    return pairs


def _find_go(explicit: str | None) -> str:
    if explicit:
        return explicit
    from_env = os.environ.get("WSLGO_GO")
    return from_env or shutil.which("go") or "go"


def _base_url(listen: str) -> str:
    from wslgo.proxy.lifecycle import public_url

    return public_url(*parse_listen(listen))


def serve(
    ctx: typer.Context,
    listen: str = typer.Option(DEFAULT_LISTEN, "--listen", help="HOST:PORT to listen on (port 0: any)."),
    upstream: str = typer.Option(DEFAULT_CHAIN, "--upstream", help="Upstream chain, GOPROXY syntax."),
    storage: str | None = _STORAGE,
    private: str = typer.Option(
        "", "--private", envvar="GOPRIVATE", help="GOPRIVATE-style globs never sent to a public upstream."
    ),
    private_upstream: str = typer.Option(
        "direct", "--private-upstream", help="Chain for private modules (default: direct)."
    ),
    sumdb: list[str] = typer.Option([], "--sumdb", help="NAME=URL of a checksum database (repeatable)."),
    offline: bool = typer.Option(
        False, "--offline", help="Serve only from the store; never contact upstreams."
    ),
    list_ttl: float = typer.Option(
        60.0,
        "--list-ttl",
        parser=seconds_value("--list-ttl", allow_zero=True),
        help="Seconds a cached list/@latest stays fresh (0: always ask the upstream).",
    ),
    timeout: float = typer.Option(
        30.0, "--timeout", parser=seconds_value("--timeout"), help="Default per-upstream timeout in seconds."
    ),
    upstream_timeout: list[str] = typer.Option(
        [], "--upstream-timeout", help="URL=SECONDS timeout for one upstream (repeatable)."
    ),
    go: str | None = typer.Option(
        None, "--go", parser=text_value("--go"), help="go binary for 'direct' (default: go on PATH)."
    ),
    daemon: bool = typer.Option(False, "--daemon", help="Detach and keep running after the shell exits."),
    pid_file: Path | None = _PID_FILE,
    log_file: Path | None = typer.Option(
        None, "--log-file", parser=path_value("--log-file"), help="Daemon log (default WSLGO_HOME/proxy)."
    ),
) -> int:
    """Run the proxy (foreground, or detached with --daemon)."""
    from wslgo.proxy import daemon as daemon_mod

    options = global_options(ctx.obj)
    host, port = parse_listen(listen)
    chain = _chain("--upstream", upstream)
    private_chain = _chain("--private-upstream", private_upstream)
    sumdbs = tuple(_pairs("--sumdb", sumdb))
    timeouts = tuple(
        (url.rstrip("/"), _seconds(url, s)) for url, s in _pairs("--upstream-timeout", upstream_timeout)
    )
    pid_path = pid_file or daemon_mod.default_pid_file()
    if daemon:
        return _start_daemon(
            listen, pid_path, log_file or daemon_mod.default_log_file(), chain, options.quiet
        )

    from wslgo.proxy.lifecycle import serve_forever
    from wslgo.proxy.service import ProxyConfig, ProxyService
    from wslgo.proxy.store import open_store

    try:
        store = open_store(storage, proxy_dir())
    except (ValueError, OSError) as exc:
        raise UsageError(f"--storage {storage!r}: {exc}") from exc
    config = ProxyConfig(
        upstream=chain,
        private_patterns=private,
        private_upstream=private_chain,
        sumdbs=sumdbs,
        offline=offline,
        list_ttl=list_ttl,
        go_binary=_find_go(go),
        default_timeout=timeout,
        timeouts=timeouts,
    )

    def ready(url: str) -> None:
        print(f"wslgo proxy listening on {url} (store {store.description})", flush=True)
        print(f"point Go at it: {daemon_mod.goproxy_line(url, list(chain))}", flush=True)

    serve_forever(
        ProxyService(store, config),
        host,
        port,
        pid_file=pid_path if pid_file is not None else None,
        on_ready=ready,
    )
    return 0


def _seconds(url: str, text: str) -> float:
    return parse_seconds("--upstream-timeout", text, shown=f"--upstream-timeout {url}={text}")


def _start_daemon(
    listen: str, pid_path: Path, log_path: Path, chain: tuple[ChainEntry, ...], quiet: bool
) -> int:
    from wslgo.proxy import daemon as daemon_mod

    # Re-run exactly the user's options in the child, minus --daemon (the child gets an explicit pid file).
    args = [a for a in sys.argv[1:] if a != "--daemon"]
    serve_index = args.index("serve") + 1 if "serve" in args else len(args)
    url = _base_url(listen)
    pid = daemon_mod.start_daemon(args[serve_index:], pid_path, log_path, url)
    if not quiet:
        print(f"wslgo proxy running in the background on {url} (pid {pid}, log {log_path})")
    print(daemon_mod.goproxy_line(url, list(chain)))
    return 0


def import_(
    ctx: typer.Context,
    directory: Path = typer.Argument(
        ..., parser=path_value("DIRECTORY"), help="A GOMODCACHE, its cache/download, or a proxy-layout dir."
    ),
    storage: str | None = _STORAGE,
) -> int:
    """Seed the store from an existing module cache (another distro's via /mnt/wsl or \\\\wsl$)."""
    from wslgo.proxy.store import open_store
    from wslgo.proxy.transfer import import_tree

    options = global_options(ctx.obj)
    if not directory.is_dir():
        raise UsageError(f"{directory}: not a directory (expected GOMODCACHE or GOMODCACHE/cache/download)")
    store = open_store(storage, proxy_dir())
    progress = None if options.quiet else (lambda line: print(line, file=sys.stderr, flush=True))
    report = import_tree(directory, store, progress)
    print(
        _(
            "imported {copied} objects ({megabytes} MB) into {store}; {present} already present, "
            "{rejected} rejected, {skipped} skipped (links or special files)",
            copied=report.copied,
            megabytes=f"{report.bytes / 1e6:.1f}",
            store=store.description,
            present=report.already_present,
            rejected=len(report.rejected),
            skipped=len(report.skipped),
        )
    )
    for line in report.rejected[:20]:
        print("  " + _("rejected {reason}", reason=line), file=sys.stderr)
    for path, kind in report.skipped[:20]:
        if kind == "symlink":
            message = _("skipped {path}: a symbolic link (not followed)", path=path)
        elif kind == "unreadable":
            message = _("skipped {path}: permission denied", path=path)
        else:
            message = _("skipped {path}: not a regular file", path=path)
        print("  " + message, file=sys.stderr)
    return int(ExitCode.PROBLEMS) if report.rejected or report.skipped else 0


def export(
    directory: Path = typer.Argument(
        ..., parser=path_value("DIRECTORY"), help="Target directory (proxy layout; GOPROXY=file://DIR works)."
    ),
    storage: str | None = _STORAGE,
) -> int:
    """Write the store out to a directory in proxy layout."""
    from wslgo.proxy.store import open_store
    from wslgo.proxy.transfer import export_tree

    store = open_store(storage, proxy_dir())
    report = export_tree(store, directory)
    print(
        f"exported {report.copied} objects ({report.bytes / 1e6:.1f} MB) to {directory}; "
        f"{report.already_present} already there"
    )
    return 0


def stats(
    storage: str | None = _STORAGE,
    output_format: str = typer.Option("text", "--format", help="text or json."),
) -> int:
    """What the store holds."""
    from wslgo.proxy.store import open_store
    from wslgo.proxy.transfer import store_stats

    if output_format not in ("text", "json"):
        raise UsageError(f"--format {output_format!r}: expected text or json")
    store = open_store(storage, proxy_dir())
    result = store_stats(store)
    if output_format == "json":
        print(json.dumps({"schema_version": SCHEMA_VERSION, "storage": store.description, **result.__dict__}))
    else:
        print(
            f"{store.description}: {result.modules} modules, {result.versions} versions, "
            f"{result.zips} zips, {result.objects} objects, {result.bytes / 1e6:.1f} MB"
        )
    return 0


def probe(
    url: str | None = _URL,
    output_format: str = typer.Option("text", "--format", help="text or json."),
) -> int:
    """Is a wslgo proxy answering at URL? Exit 1 when not."""
    import httpx

    from wslgo.proxy.server import healthz_payload

    base = (url or _base_url(DEFAULT_LISTEN)).rstrip("/")
    started = time.perf_counter()
    payload: dict[str, object] | None = None
    error = ""
    try:
        response = httpx.get(f"{base}/healthz", timeout=3.0, trust_env=False)
        payload = healthz_payload(response.text) if response.status_code == 200 else None
        if payload is None:
            error = f"HTTP {response.status_code} from {base}/healthz is not a wslgo proxy"
    except httpx.HTTPError as exc:
        error = f"{base}: {type(exc).__name__}: {exc}"
    elapsed_ms = (time.perf_counter() - started) * 1000
    if output_format == "json":
        print(
            json.dumps(
                {
                    "schema_version": SCHEMA_VERSION,
                    "url": base,
                    "ok": payload is not None,
                    "latency_ms": round(elapsed_ms, 2),
                    "healthz": payload,
                    "error": error or None,
                }
            )
        )
    elif payload is not None:
        upstreams = payload.get("upstream")
        chain_text = "|".join(str(u) for u in upstreams) if isinstance(upstreams, list) else "?"
        print(
            f"✓ wslgo proxy at {base} ({elapsed_ms:.1f} ms): "
            f"store {payload.get('storage')}, upstream {chain_text}"
        )
    else:
        print(f"✗ {error}")
    return 0 if payload is not None else int(ExitCode.PROBLEMS)


def stop(pid_file: Path | None = _PID_FILE) -> int:
    """Stop the background proxy started with --daemon."""
    from wslgo.proxy import daemon as daemon_mod

    result = daemon_mod.stop(pid_file or daemon_mod.default_pid_file())
    print(result.message)
    return 0 if result.stopped else int(ExitCode.PROBLEMS)


def unit(
    install: bool = typer.Option(
        False, "--install", help="Write it to ~/.config/systemd/user and say how to enable."
    ),
    listen: str = typer.Option(DEFAULT_LISTEN, "--listen"),
    upstream: str = typer.Option(DEFAULT_CHAIN, "--upstream"),
    storage: str | None = _STORAGE,
) -> int:
    """Print (or install) a systemd user unit that keeps the proxy running (WSL with systemd=true)."""
    from wslgo.proxy import daemon as daemon_mod

    parse_listen(listen)
    _chain("--upstream", upstream)
    serve_args = ["--listen", listen, "--upstream", upstream]
    if storage:
        serve_args += ["--storage", storage]
    text = daemon_mod.systemd_unit(serve_args)
    if not install:
        print(text, end="")
        return 0
    path = daemon_mod.systemd_unit_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    print(
        f"wrote {path}\n"
        "enable it: systemctl --user daemon-reload && systemctl --user enable --now wslgo-proxy"
    )
    return 0


def register(app: typer.Typer) -> None:
    proxy_app.command("serve")(serve)
    proxy_app.command("import")(import_)
    proxy_app.command("export")(export)
    proxy_app.command("stats")(stats)
    proxy_app.command("probe")(probe)
    proxy_app.command("stop")(stop)
    proxy_app.command("unit")(unit)
    app.add_typer(proxy_app, name="proxy")
