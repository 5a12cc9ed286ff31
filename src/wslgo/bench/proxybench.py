"""``bench proxy``: cold and warm ``go mod download`` through the wslgo proxy vs ``file://`` vs the upstream.

Each repeat runs four routes (``proxyplan.ROUTES``), each with a fresh empty GOMODCACHE and the real go
binary, so only ``GOPROXY`` differs between them:

- ``upstream``: no wslgo proxy, GOPROXY is the upstream chain (the user's ``go env GOPROXY`` by default);
- ``proxy cold``: a wslgo proxy on 127.0.0.1 with an EMPTY store in front of that chain;
- ``proxy warm``: the same proxy again; every object comes from its store (upstream fetches are counted
  and recorded, so a warm sample that secretly went upstream is visible in the report);
- ``file:// store``: ``GOPROXY=file://<store>/cache/download``, no server: the floor any proxy can reach.

The proxy runs in this process, in a thread with its own event loop, through the same ``run_server`` as
``wslgo proxy serve``. Every way out (error, Ctrl-C) stops it before the scratch directories go.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import subprocess
import threading
from collections.abc import Mapping
from concurrent.futures import Future
from pathlib import Path
from types import MappingProxyType, TracebackType
from typing import Any

from wslgo.bench.buildbench import run_go
from wslgo.bench.gobinary import GoToolchain
from wslgo.bench.model import Measurement
from wslgo.bench.proxyplan import (
    ROUTE_COLD,
    ROUTE_FILE,
    ROUTE_UPSTREAM,
    ROUTE_WARM,
    ROUTES,
    DownloadSource,
    download_argv,
    download_environment,
    download_failure,
    file_goproxy,
    parse_json_stream,
    with_sumdb_hint,
)
from wslgo.bench.tempdirs import ScratchArea
from wslgo.errors import InputError, UsageError, WslgoError
from wslgo.golang.goproxy import GoProxyError
from wslgo.process import run_command
from wslgo.progress import Progress
from wslgo.proxy.chain import DEFAULT_CHAIN, ChainEntry, parse_chain

DOWNLOAD_TIMEOUT_S = 1800.0
PROXY_START_TIMEOUT_S = 30.0
PROXY_STOP_TIMEOUT_S = 10.0


def parse_upstream(text: str, option: str) -> tuple[ChainEntry, ...]:
    """The upstream chain in GOPROXY syntax; ``off`` alone cannot be benchmarked."""
    try:
        chain = tuple(parse_chain(text))
    except GoProxyError as exc:
        raise UsageError(f"{option} {text!r}: {exc}") from exc
    if chain[0].url_or_keyword == "off":
        raise UsageError(
            f"{option} {text!r}: module downloads are turned off; expected e.g. {DEFAULT_CHAIN!r}"
        )
    return chain


def user_goproxy(toolchain: GoToolchain, environ: Mapping[str, str] | None = None) -> str:
    """``go env GOPROXY`` as the user has it (environment, then the go env file, then go's default)."""
    env = dict(os.environ if environ is None else environ)
    env.update({"GOROOT": toolchain.goroot, "GOTOOLCHAIN": "local"})
    result = run_command([str(toolchain.binary), "env", "GOPROXY"], timeout=30, env=env)
    if result.rc != 0:
        reason = (result.stderr or result.error or "").strip().splitlines()
        raise UsageError(
            f"'{toolchain.binary} env GOPROXY' failed ({reason[-1] if reason else f'exit {result.rc}'}); "
            "pass --upstream CHAIN"
        )
    return result.stdout.strip() or DEFAULT_CHAIN


def _event_loop() -> asyncio.AbstractEventLoop:
    """The event loop ``wslgo proxy serve`` uses (``proxy.lifecycle.loop_factory``: uvloop when
    installed), so the bench times the proxy users run."""
    from wslgo.proxy.lifecycle import loop_factory

    factory = loop_factory()
    return factory() if factory is not None else asyncio.new_event_loop()


class BenchProxy:
    """A wslgo proxy on 127.0.0.1 (any free port) over ``store_root``, served from a background thread."""

    def __init__(self, store_root: Path, upstream: tuple[ChainEntry, ...], go_binary: str) -> None:
        from wslgo.proxy.service import ProxyConfig, ProxyService
        from wslgo.proxy.store import FileStore

        self.store = FileStore(store_root)
        self.service = ProxyService(self.store, ProxyConfig(upstream=upstream, go_binary=go_binary))
        self.url = ""
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._serving: Future[None] | None = None
        self._stopped = threading.Event()
        self._log = logging.getLogger("wslgo.proxy")
        self._log_state: tuple[bool, list[logging.Handler]] | None = None

    def upstream_fetches(self) -> int:
        """Requests the proxy has sent to its upstreams so far (hits never count)."""
        return sum(self.service.metrics.upstream_fetches.values())

    def start(self) -> None:
        from wslgo.proxy.server import run_server

        self._quiet_log()
        loop = _event_loop()
        self._loop = loop
        self._thread = threading.Thread(target=loop.run_forever, name="wslgo-bench-proxy", daemon=True)
        self._thread.start()
        ready = threading.Event()
        bound: list[int] = []

        def on_ready(port: int) -> None:
            bound.append(port)
            ready.set()

        async def serve() -> None:
            try:
                await run_server(self.service, "127.0.0.1", 0, on_ready)
            finally:
                self._stopped.set()

        self._serving = asyncio.run_coroutine_threadsafe(serve(), loop)
        try:
            started = ready.wait(PROXY_START_TIMEOUT_S)
        except BaseException:
            self.stop()
            raise
        if not started or not bound:
            failure = self._serving.exception(0) if self._serving.done() else None
            self.stop()
            raise WslgoError(f"the wslgo proxy did not start on 127.0.0.1: {failure or 'timed out'}")
        self.url = f"http://127.0.0.1:{bound[0]}"

    def stop(self) -> None:
        """Stop serving, close the upstream client and the loop; safe to call twice."""
        if self._serving is not None and not self._serving.done():
            self._serving.cancel()
            self._stopped.wait(PROXY_STOP_TIMEOUT_S)
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(PROXY_STOP_TIMEOUT_S)
            if not self._thread.is_alive():
                self._loop.close()
        self._serving = None
        self._loop = None
        self._thread = None
        if self._log_state is not None:
            self._log.propagate, self._log.handlers = self._log_state
            self._log_state = None

    def _quiet_log(self) -> None:
        """The proxy's warnings (a rejected zip, an upstream error) would break into the progress output;
        the go command's failure already carries the proxy's answer, so they are dropped while benching."""
        if self._log_state is None:
            self._log_state = (self._log.propagate, list(self._log.handlers))
            self._log.propagate = False
            self._log.handlers = [logging.NullHandler()]

    def __enter__(self) -> BenchProxy:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


class _Downloader:
    """Runs one timed ``go mod download`` into a fresh module cache and removes that cache afterwards."""

    def __init__(
        self,
        toolchain: GoToolchain,
        source: DownloadSource,
        *,
        no_sumdb: bool,
        scratch: ScratchArea,
        work_parent: Path,
        environ: Mapping[str, str],
    ) -> None:
        self.toolchain = toolchain
        self.source = source
        self.no_sumdb = no_sumdb
        self.scratch = scratch
        self.work_parent = work_parent
        self.environ = environ
        self.gocache = scratch.make(work_parent, "gocache-")
        self.modules_downloaded: int | None = None

    def run(self, route: str, goproxy: str) -> float:
        modcache = self.scratch.make(self.work_parent, "modcache-")
        run_dir = self.scratch.make(self.work_parent, "run-")
        modfile = None
        if self.source.module_root is not None:
            modfile = run_dir / "go.mod"
            shutil.copyfile(self.source.module_root / "go.mod", modfile)
            if (self.source.module_root / "go.sum").is_file():
                shutil.copyfile(self.source.module_root / "go.sum", run_dir / "go.sum")
        env = download_environment(
            self.environ,
            goroot=self.toolchain.goroot,
            goproxy=goproxy,
            gomodcache=modcache,
            gocache=self.gocache,
            no_sumdb=self.no_sumdb,
        )
        argv = download_argv(str(self.toolchain.binary), self.source, modfile)
        cwd = self.source.module_root or run_dir
        try:
            result = run_go(argv, cwd, env, timeout=DOWNLOAD_TIMEOUT_S, capture=True)
        except subprocess.TimeoutExpired as exc:
            raise WslgoError(f"{route}: go mod download took longer than {DOWNLOAD_TIMEOUT_S:.0f} s") from exc
        if result.rc != 0:
            raise InputError(
                f"{self.source.label}: go mod download via {route} (GOPROXY={goproxy}) failed: "
                f"{with_sumdb_hint(download_failure(result.stdout, result.stderr), self.no_sumdb)}"
            )
        if self.modules_downloaded is None:
            self.modules_downloaded = len(parse_json_stream(result.stdout))
        self.scratch.remove(modcache)
        self.scratch.remove(run_dir)
        return result.seconds


def run_proxy_bench(
    toolchain: GoToolchain,
    source: DownloadSource,
    upstream: str,
    *,
    repeat: int,
    no_sumdb: bool,
    scratch: ScratchArea,
    work_parent: Path,
    progress: Progress,
    base_env: Mapping[str, str] | None = None,
) -> tuple[list[Measurement], dict[str, Any]]:
    """Time the four routes ``repeat`` times; returns the measurements (target: ``work_parent``, where the
    module caches and the store live) and facts for the report's parameters."""
    chain = parse_upstream(upstream, "--upstream")
    downloader = _Downloader(
        toolchain,
        source,
        no_sumdb=no_sumdb,
        scratch=scratch,
        work_parent=work_parent,
        environ=dict(os.environ if base_env is None else base_env),
    )
    samples: dict[str, list[float]] = {route: [] for route in ROUTES}
    fetches: dict[str, list[int]] = {ROUTE_COLD: [], ROUTE_WARM: []}

    def measure(route: str, goproxy: str, round_index: int) -> None:
        progress.step(f"download via {route} (repeat {round_index + 1}/{repeat})")
        samples[route].append(downloader.run(route, goproxy))
        progress.advance()

    for round_index in range(repeat):
        measure(ROUTE_UPSTREAM, upstream, round_index)
        store_root = scratch.make(work_parent, "proxy-store-")
        with BenchProxy(store_root, chain, str(toolchain.binary)) as proxy:
            for route in (ROUTE_COLD, ROUTE_WARM):
                before = proxy.upstream_fetches()
                measure(route, proxy.url, round_index)
                fetches[route].append(proxy.upstream_fetches() - before)
        measure(ROUTE_FILE, file_goproxy(proxy.store.download_dir), round_index)
        scratch.remove(store_root)

    common = {"source": source.label, "upstream": upstream, "repeat": repeat, "go_version": toolchain.version}
    measurements = [
        Measurement(
            suite="proxy",
            target=str(work_parent),
            operation=route,
            samples=tuple(samples[route]),
            params=MappingProxyType(
                {**common, "upstream_fetches": fetches[route]} if route in fetches else common
            ),
        )
        for route in ROUTES
    ]
    facts = {
        "modules_downloaded": downloader.modules_downloaded,
        "warm_upstream_fetches": sum(fetches[ROUTE_WARM]),
    }
    return measurements, facts
