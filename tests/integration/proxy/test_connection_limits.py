"""Connection deadlines and the cap, on an in-process proxy with short limits (real sockets).

A head trickled byte by byte is cut at the header timeout, a silent or idle kept-alive connection at
its deadline, and at the cap the longest-idle connections make room for new ones.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.integration.proxy.conftest import LoopThread
from tests.integration.proxy.hostile import RecordingUpstream
from wslgo.proxy.chain import parse_chain
from wslgo.proxy.fastpath import ConnectionLimits
from wslgo.proxy.server import run_server
from wslgo.proxy.service import ProxyConfig, ProxyService
from wslgo.proxy.store import FileStore

pytestmark = pytest.mark.integration


@pytest.fixture
def upstream() -> Iterator[RecordingUpstream]:
    recording = RecordingUpstream().start()
    yield recording
    recording.stop()


@pytest.fixture
def limited_proxy(tmp_path: Path, upstream: RecordingUpstream) -> Iterator[tuple[int, LoopThread]]:
    """An in-process proxy with short deadlines and a small connection cap."""
    loop_thread = LoopThread()
    service = ProxyService(
        FileStore(tmp_path / "store"),
        ProxyConfig(upstream=tuple(parse_chain(upstream.url + "/base/proxy")), default_timeout=5.0),
    )
    limits = ConnectionLimits(header_timeout=0.5, idle_timeout=1.0, max_connections=20)
    ready = threading.Event()
    bound: list[int] = []

    def on_ready(port: int) -> None:
        bound.append(port)
        ready.set()

    task = loop_thread.call(
        lambda: asyncio.ensure_future(run_server(service, "127.0.0.1", 0, on_ready, limits=limits))
    )
    assert ready.wait(10)
    yield bound[0], loop_thread

    async def stop() -> None:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    loop_thread.call(stop)
    loop_thread.close()


def _closed_by_server(sock: socket.socket, within: float) -> float | None:
    """Seconds until the server closed ``sock`` (EOF or reset), None if it stayed open ``within``."""
    started = time.monotonic()
    sock.settimeout(within)
    try:
        while sock.recv(1 << 16):
            pass
    except TimeoutError:
        return None
    except ConnectionResetError:
        pass
    return time.monotonic() - started


def test_a_head_trickled_byte_by_byte_is_cut_at_the_header_timeout(
    limited_proxy: tuple[int, LoopThread],
) -> None:
    port, _ = limited_proxy
    head = b"GET /rsc.io/quote/@v/list HTTP/1.1\r\nHost: x\r\n" + b"X-Slow: " + b"a" * 200
    with socket.create_connection(("127.0.0.1", port)) as sock:
        started = time.monotonic()
        cut = False
        for byte in head:
            try:
                sock.sendall(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                cut = True
                break
            time.sleep(0.02)
        assert cut or _closed_by_server(sock, 5.0) is not None
        assert time.monotonic() - started < 4.0  # 0.5 s limit; the trickle alone would take 5 s


def test_idle_keep_alive_and_silent_connections_are_closed(limited_proxy: tuple[int, LoopThread]) -> None:
    port, _ = limited_proxy
    with (
        socket.create_connection(("127.0.0.1", port)) as silent,
        socket.create_connection(("127.0.0.1", port)) as kept_alive,
    ):
        kept_alive.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        kept_alive.settimeout(5)
        assert kept_alive.recv(1 << 16).startswith(b"HTTP/1.1 200")
        assert _closed_by_server(silent, 5.0) is not None
        assert _closed_by_server(kept_alive, 5.0) is not None


def test_at_the_connection_cap_idle_connections_make_room(limited_proxy: tuple[int, LoopThread]) -> None:
    port, _ = limited_proxy
    idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(60)]
    try:
        time.sleep(0.2)
        closed = sum(1 for sock in idle if _closed_by_server(sock, 0.05) is not None)
        assert closed >= 40  # at most 20 open at once: the oldest idle ones were closed for newcomers
        response = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=10)
        assert response.status_code == 200
    finally:
        for sock in idle:
            sock.close()


def test_when_every_connection_is_busy_a_newcomer_gets_503(
    limited_proxy: tuple[int, LoopThread], upstream: RecordingUpstream
) -> None:
    port, _ = limited_proxy
    upstream.delay = 3.0  # every miss stays in progress for a while
    busy = [socket.create_connection(("127.0.0.1", port)) for _ in range(20)]
    try:
        for number, sock in enumerate(busy):
            sock.sendall(f"GET /example.com/m{number}/@v/list HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        deadline = time.monotonic() + 10
        while len(upstream.targets) < 20 and time.monotonic() < deadline:
            time.sleep(0.05)
        with socket.create_connection(("127.0.0.1", port)) as newcomer:
            newcomer.settimeout(5)
            answer = b""
            while chunk := newcomer.recv(1 << 16):
                answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 503") and b"Retry-After: 1" in head
        assert f"Content-Length: {len(body)}".encode() in head
        for sock in busy:  # the busy ones were not cut: each still gets its answer
            sock.settimeout(10)
            assert sock.recv(1 << 16).startswith(b"HTTP/1.1 404")
    finally:
        for sock in busy:
            sock.close()
