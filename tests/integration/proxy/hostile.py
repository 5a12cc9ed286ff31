"""Tools for attacking a running proxy: a recording upstream, a real ``wslgo proxy serve``, raw sockets.

The upstream records every request target exactly as it arrived on its socket (``BaseHTTPRequestHandler``
does not normalise ``..`` or percent-escapes), so a test can tell what the proxy really sent.
"""

from __future__ import annotations

import os
import posixpath
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

SUMDB_BASE = "/base/sumdb/"
PROXY_BASE = "/base/proxy/"
#: Private patterns the proxy is started with, and names that must never reach the upstream.
PRIVATE = "corp.example.com,*.internal.example"
PRIVATE_MARKERS = ("corp.example.com", "internal.example")


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        return


@dataclass
class RecordingUpstream:
    """Module proxy under ``/base/proxy/`` and checksum database under ``/base/sumdb/``; records targets."""

    targets: list[str] = field(default_factory=list)
    server: _QuietServer | None = None
    #: Seconds to wait before answering (keeps the proxy's requests in progress).
    delay: float = 0.0

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> RecordingUpstream:
        upstream = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                return None

            def do_GET(self) -> None:
                upstream.targets.append(self.path)
                time.sleep(upstream.delay)
                if self.path.startswith(SUMDB_BASE):
                    body, status = f"sumdb answer for {self.path}\n".encode(), 200
                else:
                    body, status = b"not found\n", 404
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def violations(self) -> list[str]:
        """Targets outside the two bases (raw, or once ``..`` and escapes are resolved) or naming a
        private module."""
        bad: list[str] = []
        for target in self.targets:
            decoded = unquote(target)
            normalised = posixpath.normpath(decoded)
            inside = any(
                target.startswith(base) and normalised.startswith(base.rstrip("/"))
                for base in (SUMDB_BASE, PROXY_BASE)
            )
            segments = decoded.split("/")
            plain = decoded.replace("!", "").lower()
            if not inside or ".." in segments or any(marker in plain for marker in PRIVATE_MARKERS):
                bad.append(target)
        return bad


@dataclass
class ServedProxy:
    process: subprocess.Popen[str]
    url: str

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def fds(self) -> int:
        return len(os.listdir(f"/proc/{self.process.pid}/fd"))

    def fds_settle(self, at_most: int, timeout: float = 15.0) -> int:
        """The descriptor count once it is at most ``at_most`` (or the last count seen at the deadline)."""
        deadline = time.monotonic() + timeout
        count = self.fds()
        while count > at_most and time.monotonic() < deadline:
            time.sleep(0.1)
            count = self.fds()
        return count


@contextmanager
def serve_proxy(upstream: RecordingUpstream, *extra: str) -> Iterator[ServedProxy]:
    """A real ``wslgo proxy serve`` subprocess in front of ``upstream`` (private names go nowhere)."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "wslgo",
            "proxy",
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--upstream",
            upstream.url + PROXY_BASE.rstrip("/"),
            "--private",
            PRIVATE,
            "--private-upstream",
            "off",
            "--sumdb",
            f"sum.golang.org={upstream.url}{SUMDB_BASE.rstrip('/')}",
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("wslgo proxy listening on "), line
        yield ServedProxy(process, line.split()[4])
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def exchange(port: int, raw: bytes, timeout: float = 5.0, half_close: bool = True) -> bytes:
    """Send ``raw`` on a new connection and read until the proxy closes it (or ``timeout``)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(raw)
        if half_close:
            sock.shutdown(socket.SHUT_WR)
        received = b""
        try:
            while chunk := sock.recv(1 << 16):
                received += chunk
        except (TimeoutError, ConnectionResetError):
            pass
        return received


def get(port: int, target: str) -> tuple[int, bytes]:
    """One ``GET`` with the target sent verbatim (no client-side normalisation); status and body."""
    raw = f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode("latin-1")
    answer = exchange(port, raw, half_close=False)
    head, _, body = answer.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/1.1 ") else 0
    return status, body
