"""Resumable, verified downloads: stream into ``<name>.part``, hash while streaming, check size and sha256.

Why hash while streaming: hashing after the download reads the file a second time; on a 70 MB archive
that is the difference between matching ``curl`` and trailing it. On resume the existing part is hashed
first (it is on local disk, so this is fast) and the stream continues the same hash.

Failure modes are explicit: a server that ignores ``Range`` (200 instead of 206) or answers with a
``Content-Range`` that does not continue our part restarts the file cleanly; 5xx answers, resets,
truncated bodies and read timeouts are retried with exponential backoff, each retry resuming where the
part ends; anything else (404, a wrong hash) is a one-line error.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from wslgo.errors import WslgoError
from wslgo.progress import NoProgress, Progress

_CONTENT_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+|\*)$")
_HASH_BLOCK = 1 << 20


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5
    backoff_s: float = 0.5
    max_backoff_s: float = 8.0

    def delay(self, failures: int) -> float:
        return float(min(self.max_backoff_s, self.backoff_s * (2 ** (failures - 1))))


@dataclass(frozen=True)
class Expected:
    """What the index promises about the file."""

    filename: str
    size: int
    sha256: str


class _Retryable(Exception):
    """A failure worth another attempt (5xx, reset, truncated body, timeout)."""


class _Restart(Exception):
    """The server cannot continue our part: start the file again from byte 0 (not counted as a failure)."""


def _hash_file(path: Path) -> tuple[hashlib._Hash, int]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as source:
        while block := source.read(_HASH_BLOCK):
            digest.update(block)
            size += len(block)
    return digest, size


def content_range_continues(header: str | None, offset: int, total: int) -> bool:
    """Does a 206's ``Content-Range`` continue a part of ``offset`` bytes of a ``total``-byte file?"""
    match = _CONTENT_RANGE.match((header or "").strip())
    if not match:
        return False
    start, end, length = int(match[1]), int(match[2]), match[3]
    return start == offset and end == total - 1 and (length == "*" or int(length) == total)


def download_verified(
    client: httpx.Client,
    url: str,
    downloads: Path,
    expected: Expected,
    *,
    progress: Progress | None = None,
    retry: RetryPolicy | None = None,
    on_retry: Callable[[str], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Path:
    """Download ``url`` to ``downloads/<filename>`` verified against ``expected``; return the path.

    A complete, verified file already there is reused. An interrupted download leaves
    ``<filename>.part`` behind for the next call to resume; a file that fails verification is deleted.
    """
    sink = progress or NoProgress()
    policy = retry or RetryPolicy()
    downloads.mkdir(parents=True, exist_ok=True)
    final = downloads / expected.filename
    part = downloads / f"{expected.filename}.part"
    if final.exists():
        digest, size = _hash_file(final)
        if size == expected.size and digest.hexdigest() == expected.sha256:
            return final
        final.unlink()

    digest, offset = hashlib.sha256(), 0
    if part.exists():
        if part.stat().st_size > expected.size:
            part.unlink()
        else:
            digest, offset = _hash_file(part)

    failures = 0
    last_error = ""
    sink.start(f"downloading {expected.filename}", expected.size, offset)
    try:
        while offset < expected.size:
            try:
                offset, digest = _fetch_into(client, url, part, expected, offset, digest, sink)
            except _Restart as exc:
                if on_retry:
                    on_retry(f"{url}: {exc}; restarting the download from the beginning")
                part.unlink(missing_ok=True)
                digest, offset = hashlib.sha256(), 0
                sink.start(f"downloading {expected.filename}", expected.size, 0)
                continue
            except _Retryable as exc:
                offset = part.stat().st_size if part.exists() else 0
                failures += 1
                last_error = str(exc)
                if failures >= policy.attempts:
                    break
                wait = policy.delay(failures)
                if on_retry:
                    on_retry(f"{url}: {last_error}; retrying in {wait:.1f} s (resuming at {offset} bytes)")
                sleep(wait)
                digest, offset = _hash_file(part) if part.exists() else (hashlib.sha256(), 0)
    finally:
        sink.finish()
    if offset < expected.size:
        raise WslgoError(
            f"download of {url} failed after {failures} attempts ({last_error}); "
            f"{offset} of {expected.size} bytes kept in {part} for the next try"
        )
    actual = digest.hexdigest()
    if actual != expected.sha256:
        part.unlink(missing_ok=True)
        raise WslgoError(
            f"{expected.filename}: sha256 {actual} does not match the index ({expected.sha256}); "
            "the download was deleted and nothing was installed"
        )
    part.replace(final)
    return final


def _fetch_into(
    client: httpx.Client,
    url: str,
    part: Path,
    expected: Expected,
    offset: int,
    digest: hashlib._Hash,
    sink: Progress,
) -> tuple[int, hashlib._Hash]:
    """One request: append to ``part`` from ``offset``; return the new offset and the running hash."""
    headers = {"Accept-Encoding": "identity"}
    if offset:
        headers["Range"] = f"bytes={offset}-"
    try:
        with client.stream("GET", url, headers=headers) as response:
            status = response.status_code
            if status >= 500 or status == 429:
                raise _Retryable(f"HTTP {status}")
            if status == 416 and offset:
                raise _Restart("the server refused the resume range (HTTP 416)")
            if status not in (200, 206):
                raise WslgoError(f"cannot download {url}: HTTP {status}")
            if offset and status == 200:
                # The server ignored Range and sends the whole file: take it from byte 0.
                part.unlink(missing_ok=True)
                digest, offset = hashlib.sha256(), 0
                sink.start(f"downloading {expected.filename}", expected.size, 0)
            elif status == 206 and not (
                offset
                and content_range_continues(response.headers.get("Content-Range"), offset, expected.size)
            ):
                raise _Restart(f"unexpected Content-Range {response.headers.get('Content-Range')!r}")
            with open(part, "ab") as sink_file:
                for chunk in response.iter_raw():
                    offset += len(chunk)
                    if offset > expected.size:
                        part.unlink(missing_ok=True)
                        raise WslgoError(
                            f"{url} is larger than the index's {expected.size} bytes; "
                            "the download was deleted and nothing was installed"
                        )
                    sink_file.write(chunk)
                    digest.update(chunk)
                    sink.advance(len(chunk))
    except httpx.TransportError as exc:
        raise _Retryable(f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__) from None
    if offset < expected.size:
        raise _Retryable(f"the connection ended after {offset} of {expected.size} bytes")
    return offset, digest
