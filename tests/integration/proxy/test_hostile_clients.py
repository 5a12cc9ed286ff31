"""A real ``wslgo proxy serve`` against hostile clients: sumdb path games, private names, half-open
sockets, names too long to store (deadlines and the connection cap: test_connection_limits.py)."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import httpx
import pytest

from tests.integration.proxy.hostile import (
    SUMDB_BASE,
    RecordingUpstream,
    ServedProxy,
    exchange,
    get,
    serve_proxy,
)

pytestmark = pytest.mark.integration

SUMDB = "/sumdb/sum.golang.org/"


@pytest.fixture
def upstream() -> Iterator[RecordingUpstream]:
    recording = RecordingUpstream().start()
    yield recording
    recording.stop()


@pytest.fixture
def proxy(upstream: RecordingUpstream) -> Iterator[ServedProxy]:
    with serve_proxy(upstream) as served:
        yield served


# -- items 2 and 3: the sumdb pass-through --------------------------------------------------------


@pytest.mark.parametrize(
    "rest",
    [
        "lookup/../../x",
        "lookup/../../../../etc/passwd",
        "tile/../../x",
        "lookup/..%2F..%2Fx",
        "lookup/..%2f..%2f..%2fx@v1.0.0",
        "tile/8/0/..%2F..%2F..%2Fx",
        "latest/../../x",
        "lookup/rsc.io/quote@v1.5.2/../../../x",
        "lookup/%2e%2e/%2e%2e/x",
    ],
)
def test_sumdb_paths_that_climb_are_404_and_never_forwarded(
    proxy: ServedProxy, upstream: RecordingUpstream, rest: str
) -> None:
    status, body = get(proxy.port, SUMDB + rest)
    assert status == 404, body
    assert upstream.targets == []


@pytest.mark.parametrize(
    "rest",
    [
        "lookup/corp.example.com/x@v1.0.0",
        "lookup//corp.example.com/x@v1.0.0",
        "lookup/./corp.example.com/x@v1.0.0",
        "lookup/corp.example.com/./x@v1.0.0",
        "lookup/corp.example.com/x",
        "lookup/corp.example.com/x@latest",
        "lookup/git.internal.example/team/x@v1.0.0",
        "lookup/corp.example.com%2Fx@v1.0.0",
        "lookup/Corp.example.com/x@v1.0.0",
        "lookup/!corp.example.com/x@v1.0.0",
    ],
)
def test_private_names_never_reach_the_sumdb(
    proxy: ServedProxy, upstream: RecordingUpstream, rest: str
) -> None:
    status, body = get(proxy.port, SUMDB + rest)
    assert status == 404, body  # an upper-case path is not a 500 either
    assert upstream.targets == []


def test_protocol_paths_are_forwarded_rebuilt_from_their_parts(
    proxy: ServedProxy, upstream: RecordingUpstream
) -> None:
    forwarded = [
        "lookup/rsc.io/quote@v1.5.2",
        "lookup/github.com/!azure/go-autorest@v14.2.0+incompatible",
        "tile/8/0/x123/456",
        "tile/8/1/000.p/17",
        "tile/8/data/x001/234.p/5",
        "latest",
    ]
    for rest in forwarded:
        status, body = get(proxy.port, SUMDB + rest)
        assert status == 200 and body == f"sumdb answer for {SUMDB_BASE}{rest}\n".encode(), (rest, body)
    # %21 is the go command's spelling of '!' sometimes: the same lookup, rebuilt canonically.
    assert get(proxy.port, SUMDB + "lookup/github.com/%21azure/go-autorest@v14.2.0+incompatible")[0] == 200
    assert upstream.targets == [SUMDB_BASE + rest for rest in forwarded] + [SUMDB_BASE + forwarded[1]]
    assert upstream.violations() == []


# -- item 4: descriptors held by clients that are not using them -----------------------------------


def _half_open_clients(port: int, count: int) -> list[socket.socket]:
    """``count`` clients that send part of a head and stop: half of them close, half only half-close."""
    kept: list[socket.socket] = []
    for number in range(count):
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(b"GET /rsc.io/quote/@v/list HTTP/1.1\r\nHost: x\r\nUser-Ag")
        if number % 2:
            sock.shutdown(socket.SHUT_WR)  # half-closed: still able to read an answer
            kept.append(sock)
        else:
            sock.close()
    return kept


def test_half_open_clients_do_not_hold_descriptors(proxy: ServedProxy) -> None:
    assert httpx.get(proxy.url + "/healthz", timeout=10).status_code == 200
    baseline = proxy.fds()
    kept = _half_open_clients(proxy.port, 400)
    try:
        # The proxy closes its side at once: each half-closed client reads EOF, not a hang.
        for sock in kept:
            sock.settimeout(10)
            assert sock.recv(100) == b""
        assert proxy.fds_settle(baseline + 4) <= baseline + 4
        response = httpx.get(proxy.url + "/healthz", timeout=10)
        assert response.status_code == 200 and response.json()["service"] == "wslgo-proxy"
    finally:
        for sock in kept:
            sock.close()


def test_a_path_element_too_long_to_store_is_404_not_an_empty_reply(proxy: ServedProxy) -> None:
    for target in ("/" + "a" * 300 + ".com/@v/list", "/example.com/" + "b" * 300 + "/@v/v1.0.0.info"):
        status, body = get(proxy.port, target)
        assert status == 404 and b"longer than 255 bytes" in body, body
    # The same through aiohttp (a query string hands the request over).
    status, _ = get(proxy.port, "/example.com/" + "c" * 300 + "/@v/list?x=1")
    assert status == 404


def test_eof_after_complete_requests_still_gets_every_answer(proxy: ServedProxy) -> None:
    """Half-closing after sending is allowed: the fast path answers every complete request, then closes."""
    pipelined = b"".join(
        f"GET /example.com/m{n}/@v/list HTTP/1.1\r\nHost: x\r\n\r\n".encode() for n in range(3)
    )
    answer = exchange(proxy.port, pipelined, half_close=True)
    assert answer.count(b"HTTP/1.1 404") == 3
