"""The caching logic between the HTTP handlers and the store/upstreams (no HTTP framework here).

Rules (SPEC §6): .info/.mod/.zip of canonical versions are immutable once stored; list and @latest
are refreshed after a TTL and served stale, marked with a ``Warning`` header, when every upstream
fails; every object is validated before it is stored; private modules only ever travel to the
private chain (``direct`` by default) and never to a sumdb.
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
import shutil
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from wslgo.golang.pathmatch import match_prefix_patterns
from wslgo.golang.semver import is_pseudo, sort_key
from wslgo.proxy.chain import ChainEntry, parse_chain
from wslgo.proxy.memcache import HotCache, HotEntry
from wslgo.proxy.metrics import Metrics
from wslgo.proxy.modpath import (
    Kind,
    ModuleRequest,
    escape,
    is_canonical,
    unescape,
)
from wslgo.proxy.modzip import (
    MAX_GO_MOD_BYTES,
    MAX_ZIP_BYTES,
    ZipCheck,
    ZipError,
    check_mod,
    check_zip,
    hash_go_mod,
)
from wslgo.proxy.objects import check_info
from wslgo.proxy.singleflight import SingleFlight
from wslgo.proxy.store import FileStore, S3Store
from wslgo.proxy.sumdb import Lookup, SumdbPathError, parse_sumdb_path
from wslgo.proxy.upstream import (
    Body,
    ChainFailure,
    DirectFetcher,
    HttpUpstreams,
    NotFound,
    UpstreamError,
    parse_sumdb_lookup,
    run_chain,
    sumdb_lookup_key,
)

log = logging.getLogger("wslgo.proxy")

MAX_SMALL_BYTES = 1 << 20
#: Validated objects answered but still being written; above this the next miss waits for the disk.
MAX_PENDING_BYTES = 64 << 20
STALE_WARNING = '110 wslgo-proxy "Response is Stale: every upstream failed"'
CONTENT_TYPES = {
    Kind.LIST: "text/plain; charset=utf-8",
    Kind.LATEST: "application/json",
    Kind.INFO: "application/json",
    Kind.MOD: "text/plain; charset=utf-8",
    Kind.ZIP: "application/zip",
}


@dataclass(frozen=True)
class ProxyConfig:
    upstream: tuple[ChainEntry, ...] = tuple(parse_chain("https://proxy.golang.org|direct"))
    private_patterns: str = ""
    private_upstream: tuple[ChainEntry, ...] = (ChainEntry("direct"),)
    #: sumdb name → base URL (``sum.golang.org`` → ``https://sum.golang.org``).
    sumdbs: tuple[tuple[str, str], ...] = ()
    offline: bool = False
    list_ttl: float = 60.0
    go_binary: str = "go"
    default_timeout: float = 30.0
    timeouts: tuple[tuple[str, float], ...] = ()
    memory_cache_bytes: int = 32 << 20


@dataclass(frozen=True)
class Served:
    """A response, framework-neutral: exactly one of body/path/stream is set for a 200."""

    status: int
    content_type: str = "text/plain; charset=utf-8"
    body: bytes | None = None
    path: Path | None = None
    stream: Iterator[bytes] | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def text(cls, status: int, message: str) -> Served:
        return cls(status, body=(message.rstrip("\n") + "\n").encode())


class ProxyService:
    def __init__(
        self, store: FileStore | S3Store, config: ProxyConfig, metrics: Metrics | None = None
    ) -> None:
        self.store = store
        self.config = config
        self.metrics = metrics or Metrics()
        self.flights = SingleFlight()
        self.http = HttpUpstreams(config.default_timeout, dict(config.timeouts))
        self.direct = DirectFetcher(config.go_binary, store.staging_dir(), config.private_patterns)
        #: Warm small objects with their HTTP answer prebuilt (the server's fast path reads it directly).
        self.memory = HotCache(config.memory_cache_bytes)
        self._sumdb_answers: OrderedDict[str, tuple[str | None, str | None]] = OrderedDict()
        #: Validated objects already answered whose store write is still running (see _store_answered).
        self._pending: dict[str, bytes] = {}
        self._pending_bytes = 0
        self._writes: set[asyncio.Future[None]] = set()
        self.started_at = time.time()

    def open(self) -> None:
        """Prepare what the first miss would otherwise pay for (the upstream client)."""
        self.http.open()

    async def close(self) -> None:
        await self.flush()
        await self.http.close()
        await asyncio.to_thread(self.store.sync_dirs)

    async def flush(self) -> None:
        """Wait until every answered object is in the store (a clean stop loses nothing)."""
        while self._writes:
            await asyncio.gather(*list(self._writes), return_exceptions=True)

    # ---- store access ----------------------------------------------------------------------------
    async def _io(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Reads: inline for files (page cache, microseconds); S3 calls block, so in a thread."""
        if isinstance(self.store, FileStore):
            return fn(*args)
        return await asyncio.to_thread(fn, *args)

    async def _write(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Writes always in a thread: an fsync waits for a journal commit (milliseconds, more on a
        busy disk) and must not stall the event loop's other requests; concurrent fsyncs from
        several threads also share one commit."""
        return await asyncio.to_thread(fn, *args)

    async def _store_answered(self, key: str, data: bytes) -> None:
        """Store validated ``data`` in the background: the request that fetched it is answered now.

        Only the durable write (staged file, fsync, rename) is deferred, never the validation, so the
        store still receives only checked objects, atomically. Until the write lands the bytes are
        served from ``_pending`` and a new miss for the key finds them there (still one upstream
        fetch). A crash in between loses the object, which is then fetched again, exactly as a crash
        just before the rename would; ``close`` waits for the writes, so a clean stop loses nothing.
        """
        self._pending[key] = data
        self._pending_bytes += len(data)
        task = asyncio.ensure_future(self._write(self.store.put_bytes, key, data))
        self._writes.add(task)
        task.add_done_callback(lambda done: self._written(key, data, done))
        if self._pending_bytes > MAX_PENDING_BYTES:
            # The disk is behind: wait for it instead of piling up memory (its failure is _written's
            # to report; this object is valid and still answered).
            await asyncio.wait([task])

    def _written(self, key: str, data: bytes, done: asyncio.Future[None]) -> None:
        self._writes.discard(done)
        if self._pending.get(key) is data:
            del self._pending[key]
        self._pending_bytes -= len(data)
        error = None if done.cancelled() else done.exception()
        if done.cancelled() or error is not None:
            self.metrics.rejected["store_write"] += 1
            log.warning("could not store %s (it will be fetched again): %s", key, error or "cancelled")

    async def _small_object(self, key: str) -> bytes | None:
        """A stored .mod/.info: from memory, from a write in progress, or from the store."""
        hot = self.memory.get(key)
        if hot is not None:
            return hot.body
        pending = self._pending.get(key)
        if pending is not None:
            return pending
        data: bytes | None = await self._io(self.store.read, key)
        return data

    def is_private(self, module: str) -> bool:
        return bool(self.config.private_patterns) and match_prefix_patterns(
            self.config.private_patterns, module
        )

    def chain_for(self, module: str) -> list[ChainEntry]:
        return list(self.config.private_upstream if self.is_private(module) else self.config.upstream)

    # ---- serving ---------------------------------------------------------------------------------
    async def serve(self, request: ModuleRequest) -> Served:
        if request.kind in (Kind.LIST, Kind.LATEST):
            return await self._serve_refreshable(request)
        if not is_canonical(request.version):
            if request.kind is Kind.INFO:
                return await self._serve_query_info(request)
            return Served.text(404, f"{request.module}@{request.version}: not a canonical version")
        cached = await self._serve_stored(request)
        if cached is not None:
            self.metrics.hits[request.kind.value] += 1
            return cached
        self.metrics.misses[request.kind.value] += 1
        if self.config.offline:
            return Served.text(404, f"{request.module}@{request.version}: not in the cache (offline)")
        try:
            fetched = await self.flights.do(request.key, lambda: self._fetch_immutable(request))
        except ChainFailure as failure:
            return Served.text(404 if failure.not_found else 502, f"{request.key}: {failure}")
        if fetched is not None:
            # The validated bytes just written: answered from memory, not read back from the store.
            return Served(200, CONTENT_TYPES[request.kind], body=fetched)
        stored = await self._serve_stored(request)
        if stored is None:
            return Served.text(502, f"{request.key}: fetched but not stored")
        return stored

    def hot(self, key: str) -> HotEntry | None:
        """A warm object straight from memory: the common case, kept free of parsing and awaits.

        The URL of a stored object IS its store key; a list/@latest copy is returned only while fresh.
        The caller counts the hit (``metrics.hits[entry.kind]``).
        """
        entry = self.memory.get(key)
        if entry is None or entry.expires_at <= time.time():
            return None
        return entry

    async def _serve_stored(self, request: ModuleRequest) -> Served | None:
        key = request.key
        content_type = CONTENT_TYPES[request.kind]
        pending = self._pending.get(key)
        if pending is not None:
            return Served(200, content_type, body=pending)
        if request.kind is not Kind.ZIP:
            entry = self.memory.get(key)
            if entry is not None:
                return Served(200, content_type, body=entry.body)
            data = await self._io(self.store.read, key)
            if data is None:
                return None
            self.memory.put(key, request.kind.value, content_type, data)
            return Served(200, content_type, body=data)
        path = self.store.local_path(key)
        if path is not None:
            return Served(200, content_type, path=path) if path.is_file() else None
        stream = await self._io(self.store.open_stream, key)
        return None if stream is None else Served(200, content_type, stream=stream)

    async def _serve_refreshable(self, request: ModuleRequest) -> Served:
        key = request.key
        content_type = CONTENT_TYPES[request.kind]
        entry = self.hot(key)
        if entry is not None:
            self.metrics.hits[request.kind.value] += 1
            return Served(200, content_type, body=entry.body)
        info = await self._io(self.store.stat, key)
        now = time.time()
        fresh = info is not None and (now - info.mtime) < self.config.list_ttl
        if info is not None and (fresh or self.config.offline):
            data = await self._io(self.store.read, key)
            if data is not None:
                self.metrics.hits[request.kind.value] += 1
                # Offline, a copy is re-read from the store after one TTL (an import may have added to it).
                expires = (now if self.config.offline else info.mtime) + self.config.list_ttl
                self.memory.put(key, request.kind.value, content_type, data, expires)
                return Served(200, content_type, body=data)
        self.metrics.misses[request.kind.value] += 1
        if self.config.offline:
            if request.kind is Kind.LIST:
                versions = await self.stored_versions(request.module)
                if versions:
                    return Served(200, content_type, body="".join(v + "\n" for v in versions).encode())
            return Served.text(404, f"{request.module}: not in the cache (offline)")
        try:
            data = await self.flights.do(key, lambda: self._fetch_refreshable(request))
        except ChainFailure as failure:
            if not failure.not_found and info is not None:
                stale = await self._io(self.store.read, key)
                if stale is not None:
                    self.metrics.stale[request.kind.value] += 1
                    log.warning("serving stale %s: %s", key, failure)
                    return Served(
                        200,
                        content_type,
                        body=stale,
                        headers={"Warning": STALE_WARNING, "X-Wslgo-Stale": "1"},
                    )
            return Served.text(404 if failure.not_found else 502, f"{key}: {failure}")
        return Served(200, content_type, body=data)

    async def _serve_query_info(self, request: ModuleRequest) -> Served:
        """``@v/master.info``-style queries resolve anew each time: passed through, never stored."""
        self.metrics.misses["query"] += 1
        if self.config.offline:
            return Served.text(404, f"{request.module}@{request.version}: queries need an upstream (offline)")
        try:
            data = await self.flights.do(request.key, lambda: self._fetch_small_via_chain(request))
        except ChainFailure as failure:
            return Served.text(404 if failure.not_found else 502, f"{request.key}: {failure}")
        return Served(200, CONTENT_TYPES[Kind.INFO], body=data)

    async def stored_versions(self, module: str) -> list[str]:
        """Canonical, non-pseudo versions with a stored .info (an offline list when none was cached)."""
        prefix = f"{escape(module)}/@v/"
        found: list[str] = []
        if isinstance(self.store, FileStore):
            directory = self.store.download_dir / prefix
            names = [p.name for p in directory.glob("*.info")] if directory.is_dir() else []
        else:
            names = [
                k[len(prefix) :]
                for k in await asyncio.to_thread(lambda: list(self.store.iter_keys()))
                if k.startswith(prefix) and "/" not in k[len(prefix) :]
            ]
        for name in names:
            if name.endswith(".info"):
                version = unescape(name[: -len(".info")])
                if is_canonical(version) and not is_pseudo(version):
                    found.append(version)
        return sorted(found, key=sort_key)

    # ---- fetching --------------------------------------------------------------------------------
    async def ensure(self, request: ModuleRequest) -> None:
        """Make sure the immutable object is in the store (one upstream fetch however many callers)."""
        key = request.key
        if key in self.memory or key in self._pending or await self._io(self.store.stat, key) is not None:
            return
        await self.flights.do(request.key, lambda: self._fetch_immutable(request))

    def _on_error(self, entry: ChainEntry, exc: Exception) -> None:
        self.metrics.upstream_errors[entry.url_or_keyword] += 1
        log.warning("upstream %s failed: %s", entry.url_or_keyword, exc)

    async def _fetch_immutable(self, request: ModuleRequest) -> bytes | None:
        """Fetch, validate and store one object; returns its bytes when they are at hand (everything
        but a large zip or a ``direct`` fetch), so the answer needs no read back from the store."""
        # A fetch that finished between the caller's store lookup and this flight has stored it.
        pending = self._pending.get(request.key)
        if pending is not None:
            return pending
        if await self._io(self.store.stat, request.key) is not None:
            return None
        if request.kind is Kind.ZIP:
            await self.ensure(ModuleRequest(request.module, request.version, Kind.MOD))

        async def attempt(entry: ChainEntry) -> bytes | None:
            self.metrics.upstream_fetches[entry.url_or_keyword] += 1
            if entry.url_or_keyword == "direct":
                await self._fetch_direct(request.module, request.version)
                if await self._io(self.store.stat, request.key) is None:
                    raise NotFound(
                        f"direct fetch of {request.module}@{request.version} produced no {request.kind.value}"
                    )
                return None
            if request.kind is Kind.ZIP:
                return await self._fetch_zip(entry.url_or_keyword, request)
            data = await self.http.get_bytes(entry.url_or_keyword, request.key, _limit(request.kind))
            self.metrics.bytes_fetched += len(data)
            await self._validate_small(request, data)
            self.memory.put(request.key, request.kind.value, CONTENT_TYPES[request.kind], data)
            await self._store_answered(request.key, data)
            return data

        return await run_chain(self.chain_for(request.module), attempt, self._on_error)

    async def _fetch_small_via_chain(self, request: ModuleRequest) -> bytes:
        async def attempt(entry: ChainEntry) -> bytes:
            self.metrics.upstream_fetches[entry.url_or_keyword] += 1
            if entry.url_or_keyword == "direct":
                return await self._direct_query(request)
            data = await self.http.get_bytes(entry.url_or_keyword, request.key, MAX_SMALL_BYTES)
            self.metrics.bytes_fetched += len(data)
            await self._validate_small(request, data)
            return data

        return await run_chain(self.chain_for(request.module), attempt, self._on_error)

    async def _fetch_refreshable(self, request: ModuleRequest) -> bytes:
        data = await self._fetch_small_via_chain(request)
        await self._write(self.store.put_bytes, request.key, data)
        expires = time.time() + self.config.list_ttl
        self.memory.put(request.key, request.kind.value, CONTENT_TYPES[request.kind], data, expires)
        return data

    async def _validate_small(self, request: ModuleRequest, data: bytes) -> None:
        try:
            if request.kind in (Kind.INFO, Kind.LATEST):
                check_info(data, request.module, request.version if request.kind is Kind.INFO else "")
            elif request.kind is Kind.MOD:
                check_mod(data)
                await self._verify_sum(request.module, request.version, mod_hash=hash_go_mod(data))
            elif request.kind is Kind.LIST:
                text = data.decode("utf-8")
                if any(" " in line.split(" ", 1)[0] for line in text.splitlines()):
                    raise ZipError("list is not one version per line")
        except (ValueError, UnicodeDecodeError) as exc:
            self.metrics.rejected[request.kind.value] += 1
            raise UpstreamError(f"invalid {request.kind.value} for {request.module}: {exc}") from exc

    async def _fetch_zip(self, base: str, request: ModuleRequest) -> bytes | None:
        body = await self.http.get_body(base, request.key, MAX_ZIP_BYTES, self.store.staging_dir())
        self.metrics.bytes_fetched += body.size
        try:
            await self._store_zip(request, body)
        finally:
            if body.path is not None:
                body.path.unlink(missing_ok=True)  # left only when refused (stored → renamed away)
        return body.data

    async def _store_zip(self, request: ModuleRequest, body: Body) -> None:
        """Validate the zip (in a worker thread: it inflates and hashes every file, CPU work that would
        stall other requests), ask the sumdb when one is configured, then store it. A zip held in
        memory is stored in the background (``_store_answered``); a staged file is checked and
        renamed in the same worker thread."""
        mod = await self._small_object(ModuleRequest(request.module, request.version, Kind.MOD).key)
        ask_sumdb = bool(self.config.sumdbs) and not self.is_private(request.module)
        store, staged = self.store, body.path

        def check_then_move() -> ZipCheck:
            source: Path | BinaryIO = staged if staged is not None else io.BytesIO(body.data or b"")
            checked = check_zip(source, request.module, request.version, mod)
            if staged is not None and not ask_sumdb:
                store.put_file(request.key, staged)
            return checked

        try:
            checked = await asyncio.to_thread(check_then_move)
        except ZipError as exc:
            self.metrics.rejected["zip"] += 1
            raise UpstreamError(f"invalid zip for {request.module}@{request.version}: {exc}") from exc
        if ask_sumdb:
            await self._verify_sum(request.module, request.version, zip_hash=checked.h1)
            if staged is not None:
                await self._write(store.put_file, request.key, staged)
        if body.data is not None:
            await self._store_answered(request.key, body.data)

    async def _verify_sum(
        self, module: str, version: str, zip_hash: str | None = None, mod_hash: str | None = None
    ) -> None:
        """Compare with the first configured sumdb; unreachable → store anyway (the client checks too)."""
        if not self.config.sumdbs or self.is_private(module):
            return
        name, base = self.config.sumdbs[0]
        key = f"{module}@{version}"
        answer = self._sumdb_answers.get(key)
        if answer is None:
            try:
                body = await self.http.get_bytes(base, sumdb_lookup_key(module, version), MAX_SMALL_BYTES)
            except NotFound:
                log.warning("sumdb %s has no record of %s", name, key)
                return
            except Exception as exc:
                self.metrics.upstream_errors[f"sumdb:{name}"] += 1
                log.warning("sumdb %s unreachable for %s: %s", name, key, exc)
                return
            answer = parse_sumdb_lookup(body, module, version)
            self._sumdb_answers[key] = answer
            while len(self._sumdb_answers) > 4096:
                self._sumdb_answers.popitem(last=False)
        want_zip, want_mod = answer
        for got, want, what in ((zip_hash, want_zip, "zip"), (mod_hash, want_mod, "go.mod")):
            if got is not None and want is not None and got != want:
                self.metrics.rejected["sumdb"] += 1
                raise UpstreamError(
                    f"SECURITY ERROR: {key} {what} hash {got} does not match {want} recorded in {name}"
                )

    async def _fetch_direct(self, module: str, version: str) -> None:
        await self.flights.do(f"direct:{module}@{version}", lambda: self._run_direct(module, version))

    async def _run_direct(self, module: str, query: str) -> str:
        result = await self.direct.download(module, query)
        try:
            version = result.version
            info = ModuleRequest(module, version, Kind.INFO)
            mod = ModuleRequest(module, version, Kind.MOD)
            zip_request = ModuleRequest(module, version, Kind.ZIP)
            mod_bytes = result.mod.read_bytes()
            await self._validate_small(mod, mod_bytes)
            info_bytes = result.info.read_bytes()
            await self._validate_small(info, info_bytes)
            if await self._io(self.store.stat, mod.key) is None:
                await self._write(self.store.put_bytes, mod.key, mod_bytes)
            if result.zip is not None and await self._io(self.store.stat, zip_request.key) is None:
                staged = self.store.staging_dir() / f"direct-{os.getpid()}-{id(result)}.zip"
                shutil.copyfile(result.zip, staged)
                try:
                    await self._store_zip(zip_request, Body(staged.stat().st_size, path=staged))
                finally:
                    staged.unlink(missing_ok=True)
            if await self._io(self.store.stat, info.key) is None:
                await self._write(self.store.put_bytes, info.key, info_bytes)
            return version
        finally:
            shutil.rmtree(result.workdir, ignore_errors=True)

    async def _direct_query(self, request: ModuleRequest) -> bytes:
        if request.kind is Kind.LIST:
            versions = await self.direct.list_versions(request.module)
            return "".join(v + "\n" for v in versions).encode()
        query = "latest" if request.kind is Kind.LATEST else request.version
        version = await self.flights.do(
            f"direct:{request.module}@{query}", lambda: self._run_direct(request.module, query)
        )
        data = await self._io(self.store.read, ModuleRequest(request.module, version, Kind.INFO).key)
        if data is None:
            raise UpstreamError(f"direct fetch of {request.module}@{query} stored no info")
        return bytes(data)

    # ---- sumdb pass-through ------------------------------------------------------------------------
    def sumdb_base(self, name: str) -> str | None:
        return dict(self.config.sumdbs).get(name)

    async def sumdb_passthrough(self, name: str, rest: str) -> Served:
        """Pass a checksum database request through, rebuilt from its parsed parts (``sumdb``).

        Anything outside the protocol's grammar, and any lookup of a private module, is answered 404
        here and never reaches the upstream: not its path, not the module's name.
        """
        base = self.sumdb_base(name)
        if base is None:
            return Served.text(404, f"sumdb {name} is not configured on this proxy")
        if rest == "supported":
            return Served.text(200, "")
        try:
            parsed = parse_sumdb_path(rest)
        except SumdbPathError as exc:
            return Served.text(404, f"not a checksum database path: {exc}")
        if isinstance(parsed, Lookup) and self.is_private(parsed.module):
            return Served.text(404, "private module: not looked up in a public checksum database")
        if self.config.offline:
            return Served.text(404, "offline: the checksum database is not contacted")
        try:
            data = await self.http.get_bytes(base, parsed.path, 16 << 20)
        except NotFound as exc:
            return Served.text(404, str(exc))
        except Exception as exc:
            self.metrics.upstream_errors[f"sumdb:{name}"] += 1
            return Served.text(502, f"sumdb {name}: {type(exc).__name__}: {exc}")
        return Served(200, "text/plain; charset=utf-8", body=data)


def _limit(kind: Kind) -> int:
    return MAX_GO_MOD_BYTES if kind is Kind.MOD else MAX_SMALL_BYTES
