"""Real servers for the proxy tests: a fault-injecting upstream, the proxy itself, the real go command.

Everything listens on 127.0.0.1:0 in a background thread with its own event loop, so a test can
drive the proxy with the real ``go`` binary (a subprocess) and inspect the upstream's request log.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from tests.modfixtures import build_proxy_tree
from wslgo.proxy.server import run_server
from wslgo.proxy.service import ProxyConfig, ProxyService
from wslgo.proxy.store import FileStore

#: The module graph most tests download (small, and every zip follows the module zip rules).
GRAPH = ("rsc.io/quote", "rsc.io/sampler", "golang.org/x/text", "rsc.io/QUOTE", "example.com/version")


class LoopThread:
    """An asyncio loop in a daemon thread; ``start(coro_factory)`` runs a server until ``stop``."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def call(self, fn: Callable[[], Any]) -> Any:
        async def wrapper() -> Any:
            result = fn()
            if asyncio.iscoroutine(result):
                result = await result
            return result

        return asyncio.run_coroutine_threadsafe(wrapper(), self.loop).result(30)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


@dataclass
class Fault:
    """What the upstream does for a matching path: status, reset, slow, truncate or replace."""

    kind: str
    status: int = 500
    body: bytes = b""
    delay: float = 0.0
    times: int = 1_000_000


@dataclass
class Upstream:
    """A static module proxy over a directory, recording every request path, with injectable faults."""

    root: Path
    requests: list[str] = field(default_factory=list)
    faults: dict[str, Fault] = field(default_factory=dict)
    url: str = ""
    delay: float = 0.0

    def count(self, suffix: str) -> int:
        return sum(1 for path in self.requests if path.endswith(suffix))

    async def handle(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["tail"]
        self.requests.append(path)
        if self.delay:
            await asyncio.sleep(self.delay)
        fault = next((f for key, f in self.faults.items() if path.endswith(key) and f.times > 0), None)
        target = self.root / path
        if fault is None:
            if not target.is_file():
                return web.Response(status=404, text=f"not found: {path}\n")
            return web.Response(body=target.read_bytes())
        fault.times -= 1
        if fault.kind == "status":
            return web.Response(status=fault.status, text=f"injected {fault.status}\n")
        if fault.kind == "replace":
            return web.Response(body=fault.body)
        data = target.read_bytes() if target.is_file() else fault.body
        response = web.StreamResponse(headers={"Content-Length": str(len(data))})
        await response.prepare(request)
        half = data[: len(data) // 2]
        await response.write(half)
        if fault.kind == "slow":
            await asyncio.sleep(fault.delay)
            await response.write(data[len(half) :])
            await response.write_eof()
            return response
        if fault.kind in ("reset", "truncate"):
            transport = request.transport
            if transport is not None:
                transport.abort() if fault.kind == "reset" else transport.close()
            return response
        raise AssertionError(f"unknown fault {fault.kind}")


async def _start_app(app: web.Application) -> tuple[web.AppRunner, int]:
    runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=0.2)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    return runner, int(port)


@pytest.fixture
def loop_thread() -> Iterator[LoopThread]:
    thread = LoopThread()
    yield thread
    thread.close()


@pytest.fixture(scope="session")
def fixture_tree(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Path:
    """The Go project's txtar fixtures as a proxy-layout directory (built once per session)."""
    root = tmp_path_factory.mktemp("upstream")
    build_proxy_tree(corpus / "gomod", root)
    return root


@pytest.fixture
def start_upstream(loop_thread: LoopThread) -> Iterator[Callable[[Path], Upstream]]:
    runners: list[web.AppRunner] = []

    def start(root: Path) -> Upstream:
        upstream = Upstream(root)
        app = web.Application()
        app.router.add_get("/{tail:.+}", upstream.handle)
        runner, port = loop_thread.call(lambda: _start_app(app))
        runners.append(runner)
        upstream.url = f"http://127.0.0.1:{port}"
        return upstream

    yield start
    for runner in runners:
        loop_thread.call(runner.cleanup)


@dataclass
class RunningProxy:
    service: ProxyService
    url: str
    store: FileStore
    loop_thread: LoopThread

    def settle(self) -> None:
        """Wait for the writes the proxy defers after answering (``ProxyService.flush``).

        A validated .mod/.info is answered at once and written to the store in the background (staged
        as ``tmp/put-*``, fsynced, renamed): a test that looks at the store right after the go command
        exits must wait for those writes, or it races them.
        """
        self.loop_thread.call(self.service.flush)


@pytest.fixture
def start_proxy(
    loop_thread: LoopThread, tmp_path: Path, go_binary: Path
) -> Iterator[Callable[..., RunningProxy]]:
    tasks: list[asyncio.Task[None]] = []

    def start(store: Any = None, **config: Any) -> RunningProxy:
        config.setdefault("go_binary", str(go_binary))
        config.setdefault("default_timeout", 5.0)
        store = store or FileStore(tmp_path / f"store{len(tasks)}")
        service = ProxyService(store, ProxyConfig(**config))
        ready = threading.Event()
        bound: list[int] = []

        def on_ready(port: int) -> None:
            bound.append(port)
            ready.set()

        task = loop_thread.call(lambda: asyncio.ensure_future(run_server(service, "127.0.0.1", 0, on_ready)))
        tasks.append(task)
        assert ready.wait(10)
        return RunningProxy(service, f"http://127.0.0.1:{bound[0]}", store, loop_thread)

    yield start

    async def stop(task: asyncio.Task[None]) -> None:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)  # let run_server clean up its sockets

    for task in tasks:
        loop_thread.call(lambda task=task: stop(task))


@dataclass
class GoRunner:
    binary: Path
    home: Path

    def env(self, goproxy: str, **extra: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            GOPROXY=goproxy,
            GOSUMDB="off",
            GOFLAGS="-modcacherw",
            GOMODCACHE=str(self.home / "modcache"),
            GOCACHE=str(self.home / "gocache"),
            GOTOOLCHAIN="local",
            GOENV="off",
            GONOSUMCHECK="1",
        )
        env.update(extra)
        return env

    def run(
        self, args: list[str], goproxy: str, cwd: Path | None = None, **extra: str
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.binary), *args],
            cwd=cwd or self.home,
            env=self.env(goproxy, **extra),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def new_module(self, name: str = "example.com/m") -> Path:
        work = self.home / "work"
        work.mkdir(parents=True, exist_ok=True)
        (work / "go.mod").write_text(f"module {name}\n\ngo 1.21\n")
        return work


@pytest.fixture
def go(go_binary: Path, tmp_path: Path) -> Callable[[str], GoRunner]:
    def make(label: str = "a") -> GoRunner:
        home = tmp_path / f"go-{label}"
        home.mkdir(exist_ok=True)
        return GoRunner(go_binary, home)

    return make
