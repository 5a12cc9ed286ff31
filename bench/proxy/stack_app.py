"""Minimal Starlette file server over a proxy store, to compare ASGI stacks with the aiohttp server.

Run by bench/proxy_bench.py under uvicorn and granian: it does what the proxy does on a warm hit
(map the URL to a file under the store, 404 otherwise) and nothing else, so the comparison is fair.
"""

from __future__ import annotations

import os
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

ROOT = Path(os.environ["BENCH_STORE"]).resolve()
SMALL: dict[str, bytes] = {}


async def serve(request: Request) -> Response:
    key = request.path_params["key"]
    path = (ROOT / key).resolve()
    if ROOT not in path.parents or not path.is_file():
        return PlainTextResponse("not found\n", status_code=404)
    if key.endswith(".zip"):
        return FileResponse(path, media_type="application/zip")
    data = SMALL.get(key)
    if data is None:
        data = SMALL[key] = path.read_bytes()
    return Response(data, media_type="text/plain; charset=utf-8")


app = Starlette(routes=[Route("/{key:path}", serve)])
