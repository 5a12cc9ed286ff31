"""A minimal HTTP/1.1 front for the GOPROXY paths, in front of the aiohttp application.

Why: the go command's requests are all alike — ``GET /<module>/@v/<file> HTTP/1.1``, no body, no
query — and a warm hit is the common case. aiohttp's generic machinery (request objects, router,
middleware, response objects, header multidicts) costs several times more than the work itself, so
this protocol answers those requests directly:

- a warm ``.mod``/``.info``/``list``/``@latest`` is one dict lookup and one ``write`` of a prebuilt
  answer (``wslgo.proxy.memcache``);
- any other module path goes to ``ProxyService.serve`` and its answer is written here, zips with
  ``sendfile(2)`` (zero copy, also under uvloop, whose loop has no ``sendfile``: aiohttp's
  ``FileResponse`` would read the file through Python there);
- anything else — ``/healthz``, ``/metrics``, ``/sumdb/…``, another method, HTTP/1.0, a body, a
  query string, percent-encoding, an oversized or malformed head — hands the connection over to
  aiohttp for the rest of its life, so the unusual cases keep a complete, well-tested HTTP server.

Requests on one connection are answered strictly in order (pipelining is allowed), one at a time.

A connection costs a file descriptor, so none may be held by a client that is not using it
(``ConnectionLimits``): a client that closes its side is closed at once unless complete requests are
still to be answered (half-close after sending is allowed), a request head must arrive within
``header_timeout`` of its first byte (a trickle of bytes does not extend it), a kept-alive connection
with nothing in progress is closed after ``idle_timeout``, and at ``max_connections`` the longest-idle
connection makes room for a new one — or, when every connection is busy, the new one gets a 503.
Connections handed over to aiohttp stay counted until they close.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import resource
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http import HTTPStatus
from typing import Any, cast

from wslgo.proxy.metrics import Metrics
from wslgo.proxy.modpath import EscapeError, parse_request
from wslgo.proxy.service import ProxyService, Served

log = logging.getLogger("wslgo.proxy")

#: Largest request head handled here (aiohttp's own limit is 8190 per line; it answers 431/400).
MAX_HEAD = 8190
#: Pipelined bytes buffered while one request is being answered, before reading pauses.
MAX_BUFFERED = 64 << 10
#: Characters of escaped module paths and versions; anything else is aiohttp's to interpret. The go
#: command sometimes sends the case-encoding ``!`` as ``%21`` (``/rsc.io/%21c%21g%21o/@v/…``): decoded
#: here, or every later request on that keep-alive connection would go through aiohttp.
_SAFE_TARGET = re.compile(rb"/[A-Za-z0-9._~+!@/-]+\Z")
#: Headers that mean a body or a protocol switch: not a plain GET, so aiohttp handles the connection.
_BODY_HEADERS = (b"content-length", b"transfer-encoding", b"upgrade", b"expect")
_NOT_MODULE = (b"/sumdb/", b"/healthz", b"/metrics")
_STREAM_CHUNK = 1 << 16


def default_max_connections() -> int:
    """Half the descriptors this process may open (the rest: store files, upstream connections, pipes)."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return 8192
    return max(16, min(8192, soft // 2))


@dataclass(frozen=True)
class ConnectionLimits:
    """What keeps a client that is not using its connection from holding a descriptor."""

    #: Seconds from the first byte of a request head (or from connecting) to its end.
    header_timeout: float = 15.0
    #: Seconds a kept-alive connection may wait for its next request (aiohttp's too).
    idle_timeout: float = 60.0
    #: Open connections at most, counting those handed over to aiohttp.
    max_connections: int = field(default_factory=default_max_connections)


_BUSY_BODY = b"too many connections; try again soon\n"
_BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
    b"Content-Length: %d\r\nRetry-After: 1\r\nConnection: close\r\n\r\n%b" % (len(_BUSY_BODY), _BUSY_BODY)
)


class HttpDate:
    """The ``Date`` header value, formatted at most once a second."""

    def __init__(self) -> None:
        self._second = -1
        self._value = b""

    def now(self, wall: float) -> bytes:
        second = int(wall)
        if second != self._second:
            self._second = second
            self._value = formatdate(second, usegmt=True).encode("ascii")
        return self._value


def response_head(
    status: int,
    content_type: str,
    length: int | None,
    date: bytes,
    headers: dict[str, str],
    close: bool,
) -> bytes:
    """Status line and headers; ``length=None`` means a chunked body."""
    lines = [
        f"HTTP/1.1 {status} {HTTPStatus(status).phrase}",
        f"Content-Type: {content_type}",
        "Transfer-Encoding: chunked" if length is None else f"Content-Length: {length}",
        f"Date: {date.decode('ascii')}",
        *(f"{name}: {value}" for name, value in headers.items()),
    ]
    if close:
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


class FastServer:
    """Protocol factory shared by all connections of one listening socket."""

    def __init__(
        self,
        service: ProxyService,
        fallback: Callable[[], asyncio.Protocol],
        limits: ConnectionLimits | None = None,
    ) -> None:
        self.service = service
        #: Builds an aiohttp ``RequestHandler`` (``web.Server`` instance) for a handed-over connection.
        self.fallback = fallback
        self.limits = limits or ConnectionLimits()
        self.date = HttpDate()
        self.connections: set[GoproxyProtocol] = set()
        #: Connections aiohttp serves now; counted against ``limits.max_connections`` until they close.
        self.handed_off: set[HandedOff] = set()

    def __call__(self) -> GoproxyProtocol:
        return GoproxyProtocol(self)

    @property
    def open_connections(self) -> int:
        return len(self.connections) + len(self.handed_off)

    def make_room(self) -> bool:
        """At the cap, close the longest-idle connection (no request in progress); False if none is."""
        if self.open_connections < self.limits.max_connections:
            return True
        idle = [c for c in self.connections if c.evictable]
        if not idle:
            return False
        min(idle, key=lambda c: c.last_activity).close()
        return True

    def close_all(self) -> None:
        for connection in list(self.connections):
            connection.close()
        for handed in list(self.handed_off):
            handed.close()


class HandedOff(asyncio.Protocol):
    """aiohttp's handler for a connection given to it, forwarded to as is, but still counted."""

    def __init__(self, server: FastServer, handler: asyncio.Protocol) -> None:
        self._server = server
        self._handler = handler
        self._transport: asyncio.BaseTransport | None = None
        server.handed_off.add(self)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport
        self._handler.connection_made(transport)

    def data_received(self, data: bytes) -> None:
        self._handler.data_received(data)

    def eof_received(self) -> bool | None:
        return self._handler.eof_received()

    def pause_writing(self) -> None:
        self._handler.pause_writing()

    def resume_writing(self) -> None:
        self._handler.resume_writing()

    def connection_lost(self, exc: Exception | None) -> None:
        self._server.handed_off.discard(self)
        self._handler.connection_lost(exc)

    def close(self) -> None:
        if self._transport is not None:
            self._transport.close()


class GoproxyProtocol(asyncio.Protocol):
    def __init__(self, server: FastServer) -> None:
        self._server = server
        self._metrics: Metrics = server.service.metrics
        self._loop: asyncio.AbstractEventLoop | None = None
        self._transport: asyncio.Transport | None = None
        self._buffer = b""
        self._task: asyncio.Task[None] | None = None
        self._write_paused = False
        self._drained: asyncio.Future[None] | None = None
        self._reading_paused = False
        self._closed = False
        #: The client closed its side: answer what is complete, then close.
        self._eof = False
        #: Where the answer in progress stands: a failure after this is an abort, never a second head.
        self._head_sent = False
        #: The handler the connection was given to (see _hand_off), if it was.
        self._handed: HandedOff | None = None
        #: One timer per connection for its deadline (header or idle, see _on_deadline).
        self._timer: asyncio.TimerHandle | None = None
        self._deadline_kind = "header"
        self._head_started = 0.0
        self.last_activity = 0.0

    @property
    def evictable(self) -> bool:
        """Nothing in progress: closing it loses no answer (the client opens a new connection)."""
        return self._task is None and not self._write_paused and not self._closed

    # ---- asyncio callbacks -----------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports do not subclass asyncio.Transport but have its interface.
        transport = cast(asyncio.Transport, transport)
        self._transport = transport
        self._loop = asyncio.get_running_loop()
        self.last_activity = self._head_started = self._loop.time()
        if not self._server.make_room():
            self._closed = True
            self._metrics.responses["503"] += 1
            transport.write(_BUSY)
            transport.close()
            return
        # Pause as soon as anything is left unsent: answers go out one at a time, in order, and
        # sendfile needs the transport's own buffer empty before it writes to the socket.
        transport.set_write_buffer_limits(high=0)
        self._server.connections.add(self)
        self._schedule(self._head_started + self._server.limits.header_timeout)

    def connection_lost(self, exc: Exception | None) -> None:
        self._closed = True
        self._server.connections.discard(self)
        self._cancel_timer()
        if self._task is not None:
            self._task.cancel()  # the upstream fetch itself is shielded and completes for others
        self._wake_drained()

    def pause_writing(self) -> None:
        self._write_paused = True

    def resume_writing(self) -> None:
        self._write_paused = False
        self._wake_drained()
        if self._task is None:
            self._process()

    def data_received(self, data: bytes) -> None:
        if self._loop is not None:
            self.last_activity = self._loop.time()
        self._buffer = self._buffer + data if self._buffer else data
        if self._task is not None or self._write_paused:
            if len(self._buffer) > MAX_BUFFERED and not self._reading_paused and self._transport:
                self._transport.pause_reading()
                self._reading_paused = True
            return
        self._process()

    def eof_received(self) -> bool | None:
        """The client will send nothing more: complete requests are still answered, then it closes.

        An unfinished head can never be completed now, so without an answer in progress the
        connection closes at once (a CLOSE_WAIT socket kept open would hold a descriptor for ever).
        """
        self._eof = True
        if self._task is None and not self._write_paused:
            self._process()
        if self._handed is not None and not self._handed.eof_received() and self._transport is not None:
            self._transport.close()  # what asyncio does when a protocol does not keep a half-closed socket
        return True

    def close(self) -> None:
        """Close now (pending writes are still flushed); from here on it no longer counts as open."""
        if self._transport is not None and not self._closed:
            self._closed = True
            self._server.connections.discard(self)
            self._cancel_timer()
            self._transport.close()

    # ---- deadlines -------------------------------------------------------------------------------
    def _schedule(self, deadline: float) -> None:
        self._cancel_timer()
        if self._loop is not None:
            self._timer = self._loop.call_at(deadline, self._on_deadline)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _on_deadline(self) -> None:
        """Close a connection whose head is late or that idled too long; otherwise look again later.

        The idle deadline moves with ``last_activity`` without touching the timer on every request:
        it is re-armed here, when it fires early.
        """
        self._timer = None
        if self._closed or self._loop is None:
            return
        limits = self._server.limits
        now = self._loop.time()
        if self._task is not None or self._write_paused:
            self._schedule(now + limits.idle_timeout)  # an answer is in progress
            return
        if self._deadline_kind == "header":
            deadline = self._head_started + limits.header_timeout
        else:
            deadline = self.last_activity + limits.idle_timeout
        if now < deadline:
            self._schedule(deadline)
            return
        log.debug("closing a connection: %s timeout", self._deadline_kind)
        self.close()

    def _set_deadline(self, consumed: bool) -> None:
        """After the buffer was processed: a head under way gets the header deadline (from its first
        byte, so a trickle does not extend it), an empty buffer the idle one."""
        if self._buffer:
            if self._deadline_kind != "header" or consumed:
                self._deadline_kind = "header"
                self._head_started = self.last_activity
                self._schedule(self._head_started + self._server.limits.header_timeout)
        elif self._deadline_kind != "idle":
            self._deadline_kind = "idle"
            self._schedule(self.last_activity + self._server.limits.idle_timeout)

    # ---- request loop ----------------------------------------------------------------------------
    def _process(self) -> None:
        transport = self._transport
        server = self._server
        metrics = self._metrics
        consumed = False
        while self._buffer and self._task is None and not self._write_paused and not self._closed:
            buffer = self._buffer
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(buffer) > MAX_HEAD or b"\n\n" in buffer:
                    self._hand_off()
                break
            line_end = buffer.find(b"\r\n")
            parts = buffer[:line_end].split(b" ")
            raw_target = parts[1] if len(parts) == 3 else b""
            if b"%21" in raw_target:
                raw_target = raw_target.replace(b"%21", b"!")
            head_rest = buffer[line_end : end + 2].lower()
            if (
                len(parts) != 3
                or parts[0] != b"GET"
                or parts[2] != b"HTTP/1.1"
                or end > MAX_HEAD
                or _SAFE_TARGET.match(raw_target) is None
                or raw_target.startswith(_NOT_MODULE)
                or head_rest.count(b"\n") != head_rest.count(b"\r\n")
                or any(name in head_rest for name in _BODY_HEADERS)
            ):
                self._hand_off()
                break
            consumed = True
            close = False
            at = head_rest.find(b"\r\nconnection:")
            if at >= 0:
                close = b"close" in head_rest[at + 13 : head_rest.find(b"\r\n", at + 2)]
            self._buffer = buffer[end + 4 :]
            target = raw_target.decode("ascii")
            started = time.perf_counter()
            wall = time.time()
            entry = server.service.memory.get(target[1:])
            if entry is not None and entry.expires_at > wall and transport is not None:
                date = server.date.now(wall)
                if close:
                    transport.write(entry.head + date + b"\r\nConnection: close" + entry.tail)
                    transport.close()
                    self._closed = True
                else:
                    transport.write(entry.head + date + entry.tail)
                metrics.hits[entry.kind] += 1
                metrics.responses["200"] += 1
                metrics.bytes_served += len(entry.body)
                metrics.observe(time.perf_counter() - started)
                continue
            self._task = asyncio.ensure_future(self._answer(target, close, started))
        if self._reading_paused and not self._closed and transport is not None:
            self._reading_paused = False
            transport.resume_reading()
        if self._task is None and not self._closed and not self._write_paused:
            if self._eof:
                self.close()  # what is left can never become a complete request
            else:
                self._set_deadline(consumed)

    def _hand_off(self) -> None:
        """Give this connection, with what is buffered, to aiohttp for the rest of its life."""
        transport = self._transport
        if transport is None or self._closed:
            return
        self._server.connections.discard(self)
        self._closed = True
        self._cancel_timer()  # aiohttp's keep-alive timeout takes over
        handler = HandedOff(self._server, self._server.fallback())
        self._handed = handler
        transport.set_write_buffer_limits()
        transport.set_protocol(handler)
        handler.connection_made(transport)
        if self._write_paused:
            handler.pause_writing()
        if self._reading_paused:
            transport.resume_reading()
        data, self._buffer = self._buffer, b""
        if data:
            handler.data_received(data)

    async def _answer(self, target: str, close: bool, started: float) -> None:
        self._head_sent = False
        try:
            served = await self._serve(target)
            status: int | None = await self._write_served(served, close)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            status = await self._fail(target, exc)
            close = True
        finally:
            self._task = None
        if self._loop is not None:
            self.last_activity = self._loop.time()
        if status is None:
            return
        metrics = self._server.service.metrics
        metrics.responses[str(status)] += 1
        metrics.observe(time.perf_counter() - started)
        if close:
            self.close()
            self._closed = True
        elif not self._closed:
            self._process()

    async def _serve(self, target: str) -> Served:
        try:
            request = parse_request(target[1:])
        except EscapeError as exc:
            return Served.text(404, str(exc))
        return await self._server.service.serve(request)

    async def _fail(self, target: str, exc: Exception) -> int | None:
        """Answer 500 when nothing of the answer was sent yet; otherwise abort the connection.

        Once a head is out, a second one would land inside the first answer's body: the client must
        see a broken response (and retry), not a mangled one. Returns the status sent, or None.
        """
        went_away = self._closed or isinstance(exc, ConnectionError)
        if went_away and not self._head_sent:
            log.debug("client went away during %s: %s", target, exc)
        elif self._head_sent:
            if not went_away:
                log.warning("serving %s failed after its head was sent; connection aborted: %s", target, exc)
        else:
            log.error("serving %s failed: %s: %s", target, type(exc).__name__, exc, exc_info=exc)
            try:
                return await self._write_served(Served.text(500, "internal error"), True)
            except Exception as second:
                log.debug("could not answer 500 for %s: %s", target, second)
        self._abort()
        return None

    def _abort(self) -> None:
        self._closed = True
        if self._transport is not None:
            self._transport.abort()

    def _write(self, data: bytes) -> None:
        if self._closed or self._transport is None:
            raise ConnectionResetError("connection closed")
        self._transport.write(data)

    async def _write_served(self, served: Served, close: bool) -> int:
        metrics = self._server.service.metrics
        date = self._server.date.now(time.time())
        if served.path is not None:
            try:
                fd = os.open(served.path, os.O_RDONLY | os.O_CLOEXEC)
            except FileNotFoundError:
                return await self._write_served(Served.text(404, f"{served.path.name}: not found"), close)
            try:
                size = os.fstat(fd).st_size
                head = response_head(200, served.content_type, size, date, served.headers, close)
                await self._send_file(head, fd, size)
            finally:
                os.close(fd)
            metrics.bytes_served += size
            return served.status
        if served.stream is not None:
            head = response_head(served.status, served.content_type, None, date, served.headers, close)
            self._head_sent = True
            self._write(head)
            iterator = served.stream
            while True:
                chunk = await asyncio.to_thread(next, iterator, b"")
                if not chunk:
                    break
                self._write(b"%x\r\n%b\r\n" % (len(chunk), chunk))
                metrics.bytes_served += len(chunk)
                await self._wait_drained()
            self._write(b"0\r\n\r\n")
            return served.status
        body = served.body or b""
        head = response_head(served.status, served.content_type, len(body), date, served.headers, close)
        self._head_sent = True
        self._write(head + body)
        metrics.bytes_served += len(body)
        return served.status

    # ---- flow control and sendfile ---------------------------------------------------------------
    def _wake_drained(self) -> None:
        if self._drained is not None and not self._drained.done():
            self._drained.set_result(None)
        self._drained = None

    async def _wait_drained(self) -> None:
        """Until the transport's buffer is empty (the write limits make pause_writing say so)."""
        while self._write_paused and not self._closed:
            if self._drained is None:
                self._drained = asyncio.get_running_loop().create_future()
            await self._drained
        if self._closed:
            raise ConnectionResetError("connection closed")

    async def _send_file(self, head: bytes, fd: int, size: int) -> None:
        """``head`` then ``size`` bytes of ``fd``, straight from the page cache to the socket.

        Not ``loop.sendfile``: uvloop has none (aiohttp then reads the file through Python), and the
        standard loop sends the head in a segment of its own. Here the head goes with ``MSG_MORE``
        so that it leaves in the same segment as the file's first bytes, as nginx's ``tcp_nopush``.
        """
        await self._wait_drained()  # earlier answers first, in order
        transport = self._transport
        if transport is None or self._closed:
            raise ConnectionResetError("connection closed")
        self._head_sent = True
        await sendfile_to_socket(asyncio.get_running_loop(), transport, head, fd, size)


async def sendfile_to_socket(
    loop: asyncio.AbstractEventLoop, transport: asyncio.Transport, head: bytes, fd: int, size: int
) -> None:
    """Write ``head`` and the file to the transport's socket, whose write buffer must be empty.

    Readiness is awaited on a ``dup`` of the socket: loops refuse reader/writer callbacks on a
    descriptor a transport owns, and epoll tracks the duplicate independently.
    """
    raw = transport.get_extra_info("socket")
    if raw is None:
        raise ConnectionResetError("connection closed")
    sock = socket.socket(fileno=os.dup(raw.fileno()))
    try:
        view = memoryview(head)
        while view:
            try:
                sent = sock.send(view, socket.MSG_MORE if size else 0)
            except BlockingIOError:
                await _writable(loop, sock.fileno())
                continue
            view = view[sent:]
        offset = 0
        while offset < size:
            try:
                sent = os.sendfile(sock.fileno(), fd, offset, size - offset)
            except BlockingIOError:
                await _writable(loop, sock.fileno())
                continue
            if sent == 0:
                raise ConnectionResetError("file ended early or the peer closed")
            offset += sent
    finally:
        sock.close()  # closes the duplicate only; the transport's socket stays open


async def _writable(loop: asyncio.AbstractEventLoop, fd: int) -> None:
    ready: asyncio.Future[Any] = loop.create_future()

    def wake() -> None:
        if not ready.done():
            ready.set_result(None)

    loop.add_writer(fd, wake)
    try:
        await ready
    finally:
        loop.remove_writer(fd)
