"""The HTTP face of the proxy: a minimal GOPROXY front (``fastpath``) over an aiohttp application.

The go command's plain ``GET`` requests for module paths are answered by ``wslgo.proxy.fastpath``:
warm small objects from a bounded in-memory copy with a prebuilt answer, zips with ``sendfile(2)``
(the bytes never enter Python, so 50 concurrent 100 MB downloads cost almost no memory). Everything
else (``/healthz``, ``/metrics``, ``/sumdb/…``, unusual requests) is handed to the aiohttp app below.
See docs/proxy.md for the measurements behind this split.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import time
from collections.abc import Awaitable, Callable

from aiohttp import web

from wslgo import __version__
from wslgo.proxy.fastpath import ConnectionLimits, FastServer
from wslgo.proxy.modpath import EscapeError, parse_request
from wslgo.proxy.service import ProxyService, Served
from wslgo.proxy.store import FileStore

log = logging.getLogger("wslgo.proxy")

SERVICE_NAME = "wslgo-proxy"
SERVICE_KEY: web.AppKey[ProxyService] = web.AppKey("service", ProxyService)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def build_app(service: ProxyService) -> web.Application:
    app = web.Application(middlewares=[_measure])
    app[SERVICE_KEY] = service
    app.router.add_get("/healthz", _healthz)
    app.router.add_get("/metrics", _metrics)
    app.router.add_get("/sumdb/{name}/{rest:.+}", _sumdb)
    app.router.add_get("/{tail:.+}", _module)

    async def _close(app: web.Application) -> None:
        await service.close()

    app.on_cleanup.append(_close)
    return app


@web.middleware
async def _measure(request: web.Request, handler: Handler) -> web.StreamResponse:
    started = time.perf_counter()
    service = request.app[SERVICE_KEY]
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        service.metrics.responses[str(exc.status)] += 1
        raise
    service.metrics.observe(time.perf_counter() - started)
    service.metrics.responses[str(response.status)] += 1
    return response


async def _healthz(request: web.Request) -> web.Response:
    service = request.app[SERVICE_KEY]
    body = {
        "service": SERVICE_NAME,
        "version": __version__,
        "status": "ok",
        "storage": service.store.description,
        "offline": service.config.offline,
        "upstream": [e.url_or_keyword for e in service.config.upstream],
        "uptime_s": round(time.time() - service.started_at, 3),
        "inflight": len(service.flights),
    }
    return web.json_response(body)


async def _metrics(request: web.Request) -> web.Response:
    text = request.app[SERVICE_KEY].metrics.render()
    return web.Response(text=text, content_type="text/plain", charset="utf-8", headers={"X-Format": "0.0.4"})


async def _sumdb(request: web.Request) -> web.StreamResponse:
    service = request.app[SERVICE_KEY]
    served = await service.sumdb_passthrough(request.match_info["name"], request.match_info["rest"])
    return await _respond(request, service, served)


async def _module(request: web.Request) -> web.StreamResponse:
    service = request.app[SERVICE_KEY]
    tail = request.match_info["tail"]
    hot = service.hot(tail)
    if hot is not None:
        service.metrics.hits[hot.kind] += 1
        service.metrics.bytes_served += len(hot.body)
        return web.Response(body=hot.body, headers={"Content-Type": hot.content_type})
    try:
        module_request = parse_request(tail)
    except EscapeError as exc:
        return await _respond(request, service, Served.text(404, str(exc)))
    served = await service.serve(module_request)
    return await _respond(request, service, served)


async def _respond(request: web.Request, service: ProxyService, served: Served) -> web.StreamResponse:
    headers = dict(served.headers)
    if served.path is not None:
        response = web.FileResponse(served.path, headers={**headers, "Content-Type": served.content_type})
        size = served.path.stat().st_size
        service.metrics.bytes_served += size
        return response
    if served.stream is not None:
        stream_response = web.StreamResponse(status=served.status, headers=headers)
        stream_response.content_type = served.content_type
        await stream_response.prepare(request)
        iterator = served.stream
        while True:
            chunk = await asyncio.to_thread(next, iterator, b"")
            if not chunk:
                break
            service.metrics.bytes_served += len(chunk)
            await stream_response.write(chunk)
        await stream_response.write_eof()
        return stream_response
    body = served.body or b""
    service.metrics.bytes_served += len(body)
    content_type, _, charset = served.content_type.partition("; charset=")
    return web.Response(
        status=served.status, body=body, content_type=content_type, charset=charset or None, headers=headers
    )


async def run_server(
    service: ProxyService,
    host: str,
    port: int,
    ready: Callable[[int], None] | None = None,
    *,
    reuse_port: bool = False,
    clear_staging: bool = True,
    limits: ConnectionLimits | None = None,
) -> None:
    """Serve until cancelled; ``ready(port)`` is called once the socket listens (port 0 → real port).

    ``reuse_port``: several worker processes bind the same port (SO_REUSEPORT) and the kernel spreads
    connections over them. ``clear_staging=False`` for all but the first worker: another worker's
    staged download in ``tmp/`` is not a leftover. ``limits``: timeouts and the connection cap
    (``fastpath.ConnectionLimits``), for the fast path and aiohttp alike.
    """
    limits = limits or ConnectionLimits()
    if clear_staging and isinstance(service.store, FileStore):
        removed = service.store.clear_staging()
        if removed:
            log.info("removed %d leftovers of interrupted fetches", removed)
    service.open()
    runner = web.AppRunner(
        build_app(service), access_log=None, handle_signals=False, keepalive_timeout=limits.idle_timeout
    )
    await runner.setup()
    server = runner.server
    assert server is not None
    listener = socket.create_server((host, port), backlog=1024, reuse_port=reuse_port)
    bound = int(listener.getsockname()[1])
    fast = FastServer(service, server, limits)
    listening = await asyncio.get_running_loop().create_server(fast, sock=listener)
    if ready is not None:
        ready(bound)
    try:
        await asyncio.Event().wait()
    finally:
        listening.close()
        fast.close_all()
        await runner.cleanup()


def healthz_payload(text: str) -> dict[str, object] | None:
    """Parse a /healthz body; None when it is not this service (used by probe and doctor)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return None
    return data if isinstance(data, dict) and data.get("service") == SERVICE_NAME else None
