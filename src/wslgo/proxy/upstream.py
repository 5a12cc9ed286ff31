"""Fetching from the upstream chain with the go command's GOPROXY semantics.

Each entry of the chain is an HTTP(S) proxy, a ``file://`` directory in proxy layout, ``direct`` (the
real go command against version control) or ``off``. ``NotFound`` (404/410) always moves on to the next
entry; any other failure moves on only when the entry was followed by ``|``.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TypeVar
from urllib.parse import unquote, urlsplit

import httpx

from wslgo.proxy.chain import ChainEntry
from wslgo.proxy.store import staging_prefix
from wslgo.proxy.sumdb import Lookup

T = TypeVar("T")


class NotFound(Exception):
    """The upstream answered 404/410 (or the object is absent in a file:// store): try the next one."""


class UpstreamError(Exception):
    """Anything else: 5xx, reset, timeout, invalid content. Falls through only after ``|``."""


class TooLarge(UpstreamError):
    pass


@dataclass(frozen=True)
class ChainFailure(Exception):
    """Every entry failed. ``not_found`` is True when the chain ended on a 404/410-class answer."""

    message: str
    not_found: bool
    errors: tuple[str, ...] = field(default=())

    def __str__(self) -> str:
        return self.message


async def run_chain(
    entries: list[ChainEntry],
    attempt: Callable[[ChainEntry], Awaitable[T]],
    on_error: Callable[[ChainEntry, Exception], None] | None = None,
) -> T:
    """Try ``attempt`` on each entry in GOPROXY order; return the first success or raise ChainFailure."""
    errors: list[str] = []
    last_not_found = False
    for entry in entries:
        if entry.url_or_keyword == "off":
            errors.append("module lookup disabled by upstream 'off'")
            last_not_found = True
            break
        try:
            return await attempt(entry)
        except NotFound as exc:
            errors.append(f"{entry.url_or_keyword}: {exc}")
            last_not_found = True
            continue
        except (UpstreamError, httpx.HTTPError, OSError) as exc:
            if on_error is not None:
                on_error(entry, exc)
            errors.append(f"{entry.url_or_keyword}: {type(exc).__name__}: {exc}".rstrip(": "))
            last_not_found = False
            if entry.fallthrough_on_any_error:
                continue
            break
    if not errors:
        errors.append("no upstream configured")
        last_not_found = True
    return_message = "; ".join(errors)
    raise ChainFailure(return_message, last_not_found, tuple(errors))


#: Upstream connections: each miss holds one while it downloads. The go command runs GOMAXPROCS downloads
#: at a time per client (``go mod download``, module graph loading), several distros may miss at once,
#: and kept-alive connections save a TCP (and TLS) handshake per object on a cold run.
UPSTREAM_LIMITS = httpx.Limits(max_connections=128, max_keepalive_connections=64, keepalive_expiry=30.0)
#: Bodies up to this size are kept in memory (validated there, written once); larger ones go to a file.
IN_MEMORY_BODY = 1 << 20


@dataclass(frozen=True)
class Body:
    """A downloaded body: in memory (``data``) or, when large, in a staging file (``path``)."""

    size: int
    data: bytes | None = None
    path: Path | None = None


@dataclass
class HttpUpstreams:
    """HTTP(S) and file:// access with one pooled client (honours HTTPS_PROXY/NO_PROXY)."""

    default_timeout: float = 30.0
    timeouts: dict[str, float] = field(default_factory=dict)
    client: httpx.AsyncClient | None = None

    def open(self) -> None:
        """Build the client now: its first creation imports the transport and loads the CA bundle
        (about a second on a busy machine), which must not be paid by the first cache miss."""
        self._client()

    def _client(self) -> httpx.AsyncClient:
        if self.client is None:
            self.client = httpx.AsyncClient(
                trust_env=True,
                follow_redirects=True,
                limits=UPSTREAM_LIMITS,
                headers={"User-Agent": "wslgo-proxy"},
            )
        return self.client

    async def close(self) -> None:
        if self.client is not None:
            await self.client.aclose()
            self.client = None

    def timeout_for(self, base: str) -> float:
        return self.timeouts.get(base.rstrip("/"), self.default_timeout)

    async def get_bytes(self, base: str, key: str, limit: int) -> bytes:
        """GET ``base/key`` fully into memory (small objects: list, info, mod, sumdb answers)."""
        if base.startswith("file:"):
            return _file_read(base, key, limit)
        timeout = self.timeout_for(base)
        url = f"{base.rstrip('/')}/{key}"
        async with asyncio.timeout(timeout):
            async with self._client().stream("GET", url, timeout=timeout) as response:
                _raise_for_status(response, url)
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body += chunk
                    if len(body) > limit:
                        raise TooLarge(f"{url} is larger than {limit} bytes")
                _check_length(response, len(body), url)
                return bytes(body)

    async def get_body(self, base: str, key: str, limit: int, staging: Path) -> Body:
        """GET ``base/key``: kept in memory up to ``IN_MEMORY_BODY``, beyond that streamed into a new
        file in ``staging`` as it arrives (the caller validates, then stores or removes it).

        Nearly every module zip is small: it is validated from memory and written to disk once, never
        read back. A large one never sits in memory whole.
        """
        if base.startswith("file:"):
            source = _file_path(base, key)
            try:
                size = source.stat().st_size
            except (FileNotFoundError, NotADirectoryError) as exc:
                raise NotFound(f"{key} not in {base}") from exc
            if size > limit:
                raise TooLarge(f"{source} is larger than {limit} bytes")
            if size <= IN_MEMORY_BODY:
                data = await asyncio.to_thread(source.read_bytes)
                return Body(len(data), data=data)
            copy = _staging_file(staging)
            try:
                await asyncio.to_thread(shutil.copyfile, source, copy)
            except BaseException:
                copy.unlink(missing_ok=True)
                raise
            return Body(copy.stat().st_size, path=copy)
        timeout = self.timeout_for(base)
        url = f"{base.rstrip('/')}/{key}"
        buffer = bytearray()
        spill: BinaryIO | None = None
        target: Path | None = None
        received = 0
        try:
            async with asyncio.timeout(timeout):
                async with self._client().stream("GET", url, timeout=timeout) as response:
                    _raise_for_status(response, url)
                    async for chunk in response.aiter_bytes(1 << 16):
                        received += len(chunk)
                        if received > limit:
                            raise TooLarge(f"{url} is larger than {limit} bytes")
                        if spill is not None:
                            spill.write(chunk)
                            continue
                        buffer += chunk
                        if len(buffer) > IN_MEMORY_BODY:
                            target = _staging_file(staging)
                            spill = open(target, "wb")  # noqa: SIM115 - closed in finally
                            spill.write(buffer)
                            buffer = bytearray()
                    _check_length(response, received, url)
        except BaseException:
            if spill is not None:
                spill.close()
            if target is not None:
                target.unlink(missing_ok=True)
            raise
        if spill is not None and target is not None:
            spill.close()
            return Body(received, path=target)
        return Body(received, data=bytes(buffer))


def _staging_file(staging: Path) -> Path:
    fd, name = tempfile.mkstemp(dir=staging, prefix=staging_prefix("zip"))
    os.close(fd)
    return Path(name)


def _raise_for_status(response: httpx.Response, url: str) -> None:
    if response.status_code in (404, 410):
        raise NotFound(f"{response.status_code} for {url}")
    if response.status_code != 200:
        raise UpstreamError(f"HTTP {response.status_code} for {url}")


def _check_length(response: httpx.Response, received: int, url: str) -> None:
    declared = response.headers.get("content-length")
    encoded = response.headers.get("content-encoding", "identity") != "identity"
    if declared is not None and not encoded and declared.isdigit() and int(declared) != received:
        raise UpstreamError(f"{url}: got {received} of {declared} bytes")


def _file_path(base: str, key: str) -> Path:
    root = Path(unquote(urlsplit(base).path))
    return root / key


def _file_read(base: str, key: str, limit: int) -> bytes:
    path = _file_path(base, key)
    try:
        if path.stat().st_size > limit:
            raise TooLarge(f"{path} is larger than {limit} bytes")
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError) as exc:
        raise NotFound(f"{key} not in {base}") from exc


@dataclass(frozen=True)
class DirectResult:
    """What ``go mod download -json`` produced in its temporary module cache."""

    version: str
    info: Path
    mod: Path
    zip: Path | None
    workdir: Path


@dataclass
class DirectFetcher:
    """``direct``: the real go command in a throw-away module cache, then the proxy imports the files.

    The child runs with ``GOPROXY=direct`` and ``GOSUMDB=off`` (the proxy verifies hashes itself against
    its configured sumdb, the same way for every upstream), and with ``GOPRIVATE`` set so that a
    private module name never reaches a public service from this path either.
    """

    go_binary: str
    staging: Path
    private_patterns: str = ""
    timeout: float = 300.0

    def _env(self, cache: Path) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            GOPROXY="direct",
            GOSUMDB="off",
            GOMODCACHE=str(cache / "mod"),
            GOCACHE=str(cache / "gocache"),
            GOFLAGS="-modcacherw",
            GO111MODULE="on",
            GOWORK="off",
            GOTOOLCHAIN="local",
            GOENV="off",
            # A proxy has no terminal: a repository that wants credentials must fail, not hang.
            GIT_TERMINAL_PROMPT="0",
            GCM_INTERACTIVE="never",
        )
        if self.private_patterns:
            env["GOPRIVATE"] = self.private_patterns
        return env

    async def _run(self, argv: list[str], workdir: Path) -> tuple[int, bytes, bytes]:
        process = await asyncio.create_subprocess_exec(
            *argv,
            cwd=workdir,
            env=self._env(workdir),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            async with asyncio.timeout(self.timeout):
                stdout, stderr = await process.communicate()
        except TimeoutError:
            process.kill()
            await process.wait()
            raise UpstreamError(f"{' '.join(argv)} timed out after {self.timeout:.0f}s") from None
        return process.returncode or 0, stdout, stderr

    async def download(self, module: str, query: str) -> DirectResult:
        """Run ``go mod download -json module@query``; the caller removes ``result.workdir``."""
        workdir = Path(tempfile.mkdtemp(prefix=staging_prefix("direct"), dir=self.staging))
        try:
            rc, stdout, stderr = await self._run(
                [self.go_binary, "mod", "download", "-json", f"{module}@{query}"], workdir
            )
            try:
                result = json.loads(stdout or b"{}")
            except json.JSONDecodeError:
                result = {}
            error = str(result.get("Error", "")) or stderr.decode(errors="replace").strip()
            if rc != 0 or error or not result.get("Info"):
                raise _classify(error or f"go mod download exited {rc}")
            zip_path = result.get("Zip")
            return DirectResult(
                version=str(result["Version"]),
                info=Path(result["Info"]),
                mod=Path(result["GoMod"]),
                zip=Path(zip_path) if zip_path else None,
                workdir=workdir,
            )
        except BaseException:
            shutil.rmtree(workdir, ignore_errors=True)
            raise

    async def list_versions(self, module: str) -> list[str]:
        workdir = Path(tempfile.mkdtemp(prefix=staging_prefix("direct"), dir=self.staging))
        try:
            rc, stdout, stderr = await self._run(
                [self.go_binary, "list", "-m", "-versions", "-json", f"{module}@latest"], workdir
            )
            try:
                result = json.loads(stdout or b"{}")
            except json.JSONDecodeError:
                result = {}
            error = (
                (result.get("Error") or {}).get("Err", "") if isinstance(result.get("Error"), dict) else ""
            )
            if rc != 0 or error:
                raise _classify(error or stderr.decode(errors="replace").strip())
            return [str(v) for v in result.get("Versions") or []]
        finally:
            shutil.rmtree(workdir, ignore_errors=True)


def _classify(message: str) -> Exception:
    lowered = message.lower()
    markers = ("not found", "unknown revision", "no matching versions", "404", "410", "does not exist")
    if any(marker in lowered for marker in markers):
        return NotFound(message.splitlines()[-1] if message else "not found")
    return UpstreamError(message.splitlines()[-1] if message else "go command failed")


def sumdb_lookup_key(module: str, version: str) -> str:
    return Lookup(module, version).path


def parse_sumdb_lookup(body: bytes, module: str, version: str) -> tuple[str | None, str | None]:
    """The zip and go.mod hashes a sumdb ``/lookup`` answer records for ``module@version``."""
    zip_hash = mod_hash = None
    for line in body.decode("utf-8", errors="replace").splitlines():
        fields = line.split()
        if len(fields) != 3 or fields[0] != module:
            continue
        if fields[1] == version:
            zip_hash = fields[2]
        elif fields[1] == f"{version}/go.mod":
            mod_hash = fields[2]
    return zip_hash, mod_hash
