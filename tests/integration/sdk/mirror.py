"""A local Go download mirror on 127.0.0.1 with Range support, a request log and fault injection.

A threaded ``http.server``: real sockets, real HTTP/1.1, real partial content. Faults are queued per
file name and each one is consumed by one request, so a test states exactly which request misbehaves.
"""

from __future__ import annotations

import os
import re
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

_RANGE = re.compile(r"^bytes=(\d+)-(\d*)$")


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up mid-body (a restarted download) is normal here, not a server error."""
        return


@dataclass(frozen=True)
class Fault:
    """``drop``: send headers and ``after`` bytes, then cut the connection. ``status``: answer ``status``.
    ``ignore_range``: answer 200 with the whole file even to a Range request. ``bad_range``: answer 206
    with a Content-Range that does not start where the client asked."""

    kind: str
    after: int = 0
    status: int = 503


@dataclass(frozen=True)
class Logged:
    path: str
    range: str | None
    status: int


@dataclass
class Mirror:
    root: Path
    requests: list[Logged] = field(default_factory=list)
    faults: dict[str, list[Fault]] = field(default_factory=dict)
    server: _QuietServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/"

    def add_fault(self, name: str, fault: Fault) -> None:
        self.faults.setdefault(name, []).append(fault)

    def take_fault(self, name: str) -> Fault | None:
        queue = self.faults.get(name)
        return queue.pop(0) if queue else None

    def start(self) -> Mirror:
        mirror = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                return None

            def do_GET(self) -> None:
                name = self.path.split("?", 1)[0].lstrip("/")
                wanted = self.headers.get("Range")
                file = mirror.root / name
                if "/" in name or not name or not file.is_file():
                    self._simple(404, b"not found\n", name, wanted)
                    return
                fault = mirror.take_fault(name)
                if fault and fault.kind == "status":
                    self._simple(fault.status, b"injected failure\n", name, wanted)
                    return
                size = file.stat().st_size
                start, end = 0, size - 1
                status = 200
                match = _RANGE.match(wanted or "")
                if match and not (fault and fault.kind == "ignore_range"):
                    start = int(match[1])
                    end = int(match[2]) if match[2] else size - 1
                    if start >= size:
                        self.send_response(416)
                        self.send_header("Content-Range", f"bytes */{size}")
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        mirror.requests.append(Logged(name, wanted, 416))
                        return
                    status = 206
                self.send_response(status)
                if status == 206:
                    shown = start + 1 if fault and fault.kind == "bad_range" else start
                    self.send_header("Content-Range", f"bytes {shown}-{end}/{size}")
                self.send_header("Content-Length", str(end - start + 1))
                self.send_header("Content-Type", "application/octet-stream")
                self.end_headers()
                mirror.requests.append(Logged(name, wanted, status))
                with open(file, "rb") as source:
                    if fault and fault.kind == "drop":
                        source.seek(start)
                        self.wfile.write(source.read(fault.after))
                        self.wfile.flush()
                        self.connection.shutdown(socket.SHUT_RDWR)
                        self.close_connection = True
                        return
                    self.wfile.flush()
                    offset, remaining = start, end - start + 1
                    while remaining > 0:
                        sent = os.sendfile(self.connection.fileno(), source.fileno(), offset, remaining)
                        if sent == 0:
                            break
                        offset += sent
                        remaining -= sent

            def _simple(self, status: int, body: bytes, name: str, wanted: str | None) -> None:
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                mirror.requests.append(Logged(name, wanted, status))

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
