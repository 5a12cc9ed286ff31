"""Fetch the Go release index, cache it under WSLGO_HOME with a TTL, and fall back to the cache offline.

The cache is two files: ``go-index.json`` (the bytes as served) and ``go-index.meta.json`` (URL and
fetched-at). A cache is only used for the URL it was fetched from, so switching ``WSLGO_GO_INDEX`` never
mixes two mirrors' views.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx

from wslgo.errors import UsageError, WslgoError
from wslgo.fsutil import write_atomic
from wslgo.jsontext import loads_json
from wslgo.sdk.index import GoRelease, parse_index

DEFAULT_INDEX_URL = "https://go.dev/dl/?mode=json&include=all"
DEFAULT_MIRROR = "https://go.dev/dl/"
INDEX_TTL_S = 3600.0
INDEX_FILE = "go-index.json"
META_FILE = "go-index.meta.json"


def index_url(environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    return env.get("WSLGO_GO_INDEX") or DEFAULT_INDEX_URL


def mirror_url(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """Archive base URL: ``--mirror``, else ``WSLGO_GO_MIRROR``, else go.dev/dl; always ends with ``/``."""
    env = os.environ if environ is None else environ
    base = explicit or env.get("WSLGO_GO_MIRROR") or DEFAULT_MIRROR
    if not base.startswith(("http://", "https://")):
        raise UsageError(f"mirror {base!r} is not an http(s) URL, expected e.g. https://golang.google.cn/dl/")
    return base if base.endswith("/") else base + "/"


@dataclass(frozen=True)
class IndexResult:
    releases: tuple[GoRelease, ...]
    url: str
    fetched_at: float
    from_cache: bool
    #: Why the network copy was not used although it was wanted (stale cache served offline).
    warning: str | None = None


def _read_cache(home: Path, url: str) -> tuple[str, float] | None:
    try:
        meta = loads_json((home / META_FILE).read_text(encoding="utf-8"))
        text = (home / INDEX_FILE).read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("url") != url or not isinstance(meta.get("fetched_at"), float):
        return None
    return text, meta["fetched_at"]


def _write_cache(home: Path, url: str, text: str, fetched_at: float) -> None:
    home.mkdir(parents=True, exist_ok=True)
    for name, content in (
        (INDEX_FILE, text),
        (META_FILE, json.dumps({"url": url, "fetched_at": fetched_at}) + "\n"),
    ):
        write_atomic(home / name, content.encode("utf-8"))


def load_index(
    client: httpx.Client,
    home: Path,
    url: str,
    *,
    ttl_s: float = INDEX_TTL_S,
    refresh: bool = False,
    now: float | None = None,
) -> IndexResult:
    """The index: the cache when younger than ``ttl_s``, else the network, else any cached copy."""
    current = time.time() if now is None else now
    cached = _read_cache(home, url)
    if cached is not None and not refresh and 0 <= current - cached[1] < ttl_s:
        return IndexResult(parse_index(cached[0], str(home / INDEX_FILE)), url, cached[1], from_cache=True)
    try:
        response = client.get(url)
        response.raise_for_status()
        text = response.text
        releases = parse_index(text, url)
    except (httpx.HTTPError, WslgoError) as exc:
        reason = _describe(exc)
        if cached is None:
            raise WslgoError(
                f"cannot fetch the Go release index from {url} ({reason}) and there is no cached copy "
                f"in {home / INDEX_FILE}; check the network or set WSLGO_GO_INDEX"
            ) from None
        age_min = max(0, int((current - cached[1]) / 60))
        warning = f"using the cached Go release index ({age_min} min old): {url}: {reason}"
        return IndexResult(
            parse_index(cached[0], str(home / INDEX_FILE)), url, cached[1], from_cache=True, warning=warning
        )
    _write_cache(home, url, text, current)
    return IndexResult(releases, url, current, from_cache=False)


def _describe(exc: Exception) -> str:
    if isinstance(exc, httpx.HTTPStatusError):
        return f"HTTP {exc.response.status_code}"
    if isinstance(exc, WslgoError):
        return exc.message
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
