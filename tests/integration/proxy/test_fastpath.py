"""The GOPROXY fast path: raw HTTP/1.1 on a socket (pipelining, hand-over to aiohttp) and uvloop."""

from __future__ import annotations

import asyncio
import socket
import threading
from pathlib import Path

import httpx
import pytest

from wslgo.proxy.chain import parse_chain
from wslgo.proxy.server import run_server
from wslgo.proxy.service import ProxyConfig, ProxyService
from wslgo.proxy.store import FileStore

pytestmark = pytest.mark.integration

MOD = "rsc.io/quote/@v/v1.5.2.mod"
INFO = "rsc.io/quote/@v/v1.5.2.info"
ZIP = "rsc.io/quote/@v/v1.5.2.zip"


def _read_responses(sock: socket.socket, count: int) -> list[tuple[int, dict[str, str], bytes]]:
    """Parse ``count`` Content-Length-delimited responses off a socket."""
    sock.settimeout(20)
    data = b""
    answers: list[tuple[int, dict[str, str], bytes]] = []
    while len(answers) < count:
        end = data.find(b"\r\n\r\n")
        if end < 0:
            chunk = sock.recv(1 << 16)
            assert chunk, f"connection closed after {len(answers)} answers"
            data += chunk
            continue
        lines = data[:end].decode("latin-1").split("\r\n")
        headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
        length = int(headers["content-length"])
        while len(data) < end + 4 + length:
            chunk = sock.recv(1 << 16)
            assert chunk
            data += chunk
        answers.append((int(lines[0].split()[1]), headers, data[end + 4 : end + 4 + length]))
        data = data[end + 4 + length :]
    return answers


def _connect(url: str) -> socket.socket:
    host, _, port = url.removeprefix("http://").partition(":")
    return socket.create_connection((host, int(port)))


def test_pipelined_requests_are_answered_in_order(fixture_tree, start_upstream, start_proxy) -> None:
    upstream = start_upstream(fixture_tree)
    proxy = start_proxy(upstream=tuple(parse_chain(upstream.url)))
    assert httpx.get(f"{proxy.url}/{MOD}").status_code == 200  # now warm in memory
    paths = [MOD, ZIP, INFO, "rsc.io/quote/@v/v9.9.9.mod", MOD, "healthz", MOD]
    with _connect(proxy.url) as sock:
        sock.sendall(b"".join(f"GET /{p} HTTP/1.1\r\nHost: x\r\n\r\n".encode() for p in paths))
        answers = _read_responses(sock, len(paths))
    assert [status for status, _, _ in answers] == [200, 200, 200, 404, 200, 200, 200]
    mod = (fixture_tree / MOD).read_bytes()
    assert answers[0][2] == mod and answers[4][2] == mod and answers[6][2] == mod
    assert answers[1][2] == (fixture_tree / ZIP).read_bytes()
    assert answers[1][1]["content-type"] == "application/zip"
    assert answers[2][2] == (fixture_tree / INFO).read_bytes()
    assert answers[3][1]["content-type"].startswith("text/plain") and b"v9.9.9" in answers[3][2]
    assert b'"wslgo-proxy"' in answers[5][2]  # /healthz: the connection went over to aiohttp
    assert all("date" in headers for _, headers, _ in answers)
    assert upstream.count(MOD) == 1  # every later .mod came from memory
    assert proxy.service.metrics.hits["mod"] >= 3


def test_connection_close_and_requests_for_aiohttp(fixture_tree, start_upstream, start_proxy) -> None:
    upstream = start_upstream(fixture_tree)
    proxy = start_proxy(upstream=tuple(parse_chain(upstream.url)))
    httpx.get(f"{proxy.url}/{MOD}")
    with _connect(proxy.url) as sock:
        sock.sendall(f"GET /{MOD} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        [(status, headers, body)] = _read_responses(sock, 1)
        assert status == 200 and headers["connection"] == "close"
        assert sock.recv(10) == b""  # closed by the server
    # A query string, HEAD and HTTP/1.0 are aiohttp's; the answers stay correct.
    assert httpx.get(f"{proxy.url}/{MOD}?x=1").content == (fixture_tree / MOD).read_bytes()
    head = httpx.head(f"{proxy.url}/{MOD}")
    assert head.status_code in (200, 405)
    with _connect(proxy.url) as sock:
        sock.sendall(f"GET /{MOD} HTTP/1.0\r\n\r\n".encode())
        [(status, _, body)] = _read_responses(sock, 1)
    assert status == 200 and body == (fixture_tree / MOD).read_bytes()
    # An upper-case letter is not valid on the wire: 404, as before the fast path.
    assert httpx.get(f"{proxy.url}/rsc.io/QUOTE/@v/v1.5.2.mod").status_code == 404


def test_percent_encoded_case_escapes_stay_on_the_fast_path(
    fixture_tree, start_upstream, start_proxy
) -> None:
    """The go command sends ``!`` as ``%21`` for some paths; that connection must not go to aiohttp."""
    upstream = start_upstream(fixture_tree)
    proxy = start_proxy(upstream=tuple(parse_chain(upstream.url)))
    escaped = "rsc.io/%21q%21u%21o%21t%21e/@v/v1.5.3-%21p%21r%21e"
    paths = [f"{escaped}.mod", f"{escaped}.zip", MOD, "healthz"]
    with _connect(proxy.url) as sock:
        sock.sendall(b"".join(f"GET /{p} HTTP/1.1\r\nHost: x\r\n\r\n".encode() for p in paths))
        answers = _read_responses(sock, len(paths))
    plain = "rsc.io/!q!u!o!t!e/@v/v1.5.3-!p!r!e"
    assert [status for status, _, _ in answers] == [200, 200, 200, 200]
    assert answers[0][2] == (fixture_tree / f"{plain}.mod").read_bytes()
    assert answers[1][2] == (fixture_tree / f"{plain}.zip").read_bytes()
    # aiohttp names itself in a Server header, the fast path does not: only /healthz went over.
    assert ["server" in headers for _, headers, _ in answers] == [False, False, False, True]


def test_uvloop_server_serves_zips_with_sendfile(fixture_tree, go, go_binary: Path, tmp_path: Path) -> None:
    uvloop = pytest.importorskip("uvloop")
    store = FileStore(tmp_path / "store")
    service = ProxyService(
        store, ProxyConfig(upstream=tuple(parse_chain(f"file://{fixture_tree}")), go_binary=str(go_binary))
    )
    loop = uvloop.new_event_loop()
    ready = threading.Event()
    bound: list[int] = []

    def on_ready(port: int) -> None:
        bound.append(port)
        ready.set()

    task = loop.create_task(run_server(service, "127.0.0.1", 0, on_ready))
    thread = threading.Thread(
        target=loop.run_until_complete, args=(asyncio.gather(task, return_exceptions=True),)
    )
    thread.start()
    try:
        assert ready.wait(10)
        url = f"http://127.0.0.1:{bound[0]}"
        big = store.download_dir / "example.com/big/@v/v1.0.0.zip"
        big.parent.mkdir(parents=True)
        big.write_bytes((fixture_tree / ZIP).read_bytes() * 1500)  # ~4 MB: several sendfile rounds
        with httpx.Client() as client:
            for _ in range(3):
                assert client.get(f"{url}/{ZIP}").content == (fixture_tree / ZIP).read_bytes()

        async def many() -> list[bytes]:
            async with httpx.AsyncClient(timeout=30) as client:
                responses = await asyncio.gather(
                    *(client.get(f"{url}/example.com/big/@v/v1.0.0.zip") for _ in range(20))
                )
            return [r.content for r in responses]

        expected = big.read_bytes()
        assert all(body == expected for body in asyncio.run(many()))
        result = go().run(["mod", "download", "-json", "rsc.io/quote@v1.5.2"], url)
        assert result.returncode == 0, result.stderr
    finally:
        loop.call_soon_threadsafe(task.cancel)
        thread.join(15)
        loop.close()


def test_two_servers_share_one_port_with_reuse_port(
    fixture_tree, loop_thread, tmp_path: Path, go_binary: Path
) -> None:
    """What ``--workers`` would build on: SO_REUSEPORT listeners over one store, each answering."""
    store = FileStore(tmp_path / "store")
    config = ProxyConfig(upstream=tuple(parse_chain(f"file://{fixture_tree}")), go_binary=str(go_binary))
    ports: list[int] = []
    ready = [threading.Event(), threading.Event()]
    tasks = []
    for index in range(2):

        def on_ready(port: int, index: int = index) -> None:
            ports.append(port)
            ready[index].set()

        port = ports[0] if ports else 0
        service = ProxyService(store, config)
        tasks.append(
            loop_thread.call(
                lambda service=service, port=port, on_ready=on_ready, index=index: asyncio.ensure_future(
                    run_server(
                        service, "127.0.0.1", port, on_ready, reuse_port=True, clear_staging=index == 0
                    )
                )
            )
        )
        assert ready[index].wait(10)
    try:
        assert ports[0] == ports[1]
        for _ in range(8):  # new connections each time: the kernel spreads them over both
            response = httpx.get(f"http://127.0.0.1:{ports[0]}/{MOD}", headers={"Connection": "close"})
            assert response.content == (fixture_tree / MOD).read_bytes()
    finally:

        async def stop(task: asyncio.Task[None]) -> None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

        for task in tasks:
            loop_thread.call(lambda task=task: stop(task))
