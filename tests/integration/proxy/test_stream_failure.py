"""A streamed answer whose source fails after the head went out: the connection is aborted, and no
second head (``HTTP/1.1 500``) is ever written into the body.

The stream comes from the S3 store (moto's real S3 server) reached through a TCP relay that cuts the
object's body in the middle, as a flaky network to a team's bucket would: botocore raises while the
proxy is already sending the zip, chunk by chunk.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from tests.integration.proxy.hostile import exchange

pytestmark = pytest.mark.integration

KEY = "example.com/big/@v/v1.0.0.zip"
BODY_BYTES = 1 << 20
CUT_AFTER = 200_000


@dataclass
class CuttingRelay:
    """TCP relay to ``target``; while ``cut`` is set, a connection is closed once it has relayed
    ``CUT_AFTER`` bytes towards the client (only the big object's answer gets that far)."""

    target: tuple[str, int]
    cut: bool = False
    listener: socket.socket = field(default_factory=lambda: socket.create_server(("127.0.0.1", 0)))
    sockets: list[socket.socket] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}"

    def start(self) -> CuttingRelay:
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            self.sockets += [client, server]
            threading.Thread(target=self._pump, args=(client, server, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, True), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, to_client: bool) -> None:
        relayed = 0
        try:
            while data := source.recv(1 << 16):
                if to_client and self.cut and relayed + len(data) > CUT_AFTER:
                    sink.sendall(data[: CUT_AFTER - relayed])
                    break
                sink.sendall(data)
                relayed += len(data)
        except OSError:
            pass
        for sock in (source, sink):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def stop(self) -> None:
        self.listener.close()
        for sock in self.sockets:
            sock.close()


@pytest.fixture
def s3_relay(monkeypatch: pytest.MonkeyPatch) -> Iterator[CuttingRelay]:
    moto_server = pytest.importorskip("moto.server")
    import boto3

    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        for name, value in {
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
            "AWS_DEFAULT_REGION": "us-east-1",
        }.items():
            monkeypatch.setenv(name, value)
        monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
        client = boto3.client("s3", endpoint_url=f"http://{host}:{port}")
        client.create_bucket(Bucket="team-mods")
        client.put_object(Bucket="team-mods", Key=f"go/{KEY}", Body=os.urandom(BODY_BYTES))
        relay = CuttingRelay((host, port)).start()
        yield relay
        relay.stop()
    finally:
        server.stop()


def _one_answer_then_abort(answer: bytes) -> None:
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200"), head[:100]
    assert b"HTTP/1.1 " not in body, "a second response head was written inside the body"
    assert 0 < len(body) < BODY_BYTES
    assert not body.endswith(b"0\r\n\r\n")  # no last chunk: the client sees a broken body, not a short one


def test_stream_failing_mid_body_aborts_the_connection(s3_relay: CuttingRelay, start_proxy, tmp_path) -> None:
    from wslgo.proxy.store import S3Store

    proxy = start_proxy(store=S3Store("s3://team-mods/go", tmp_path, endpoint_url=s3_relay.url), upstream=())
    port = int(proxy.url.rsplit(":", 1)[1])
    s3_relay.cut = True
    # The fast path (a plain GET), then aiohttp (a query string hands the request over).
    for target in (f"/{KEY}", f"/{KEY}?via=aiohttp"):
        raw = f"GET {target} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
        _one_answer_then_abort(exchange(port, raw, timeout=20, half_close=False))
    # The proxy itself is fine: the next answer on a new connection is whole.
    s3_relay.cut = False
    whole = exchange(
        port, f"GET /{KEY} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode(), timeout=20
    )
    assert whole.startswith(b"HTTP/1.1 200") and whole.endswith(b"0\r\n\r\n")
