"""A misbehaving upstream never puts a corrupt object in the store; go gets an error or a fallback."""

from __future__ import annotations

import asyncio
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import httpx
import pytest

from tests.integration.proxy.conftest import Fault
from wslgo.proxy.chain import parse_chain
from wslgo.proxy.store import FileStore

pytestmark = pytest.mark.integration

ZIP = "rsc.io/quote/@v/v1.5.2.zip"


def _store_files(store_root: Path) -> list[str]:
    return sorted(p.relative_to(store_root).as_posix() for p in store_root.rglob("*") if p.is_file())


@pytest.mark.parametrize(
    "fault",
    [
        Fault("status", status=500),
        Fault("reset"),
        Fault("truncate"),
        Fault("replace", body=b"PK\x03\x04 this is not a zip"),
    ],
    ids=["500", "reset", "truncated", "garbage"],
)
def test_broken_zip_is_never_stored_and_go_fails(
    fixture_tree, start_upstream, start_proxy, go, fault
) -> None:
    upstream = start_upstream(fixture_tree)
    upstream.faults[ZIP] = fault
    proxy = start_proxy(upstream=tuple(parse_chain(upstream.url)))
    result = go().run(["mod", "download", "-json", "rsc.io/quote@v1.5.2"], proxy.url)
    assert result.returncode != 0
    assert '"Error"' in result.stdout
    # The valid .mod and .info were answered before the zip failed; their store writes run in the
    # background and may still be staged in tmp/ when go exits. Wait for them, then nothing is left.
    proxy.settle()
    assert not (proxy.store.download_dir / ZIP).exists()
    assert not any(p.name.endswith(".zip") for p in proxy.store.download_dir.rglob("*"))
    assert (proxy.store.download_dir / "rsc.io/quote/@v/v1.5.2.mod").is_file()
    assert list((proxy.store.root / "tmp").iterdir()) == []


def test_wrong_module_zip_is_rejected(fixture_tree, start_upstream, start_proxy, go) -> None:
    """A well-formed zip of ANOTHER version (wrong prefix) must not be cached under this name."""
    upstream = start_upstream(fixture_tree)
    upstream.faults[ZIP] = Fault("replace", body=(fixture_tree / "rsc.io/quote/@v/v1.5.1.zip").read_bytes())
    proxy = start_proxy(upstream=tuple(parse_chain(upstream.url)))
    response = httpx.get(f"{proxy.url}/{ZIP}", timeout=10)
    assert response.status_code == 502
    assert "not under 'rsc.io/quote@v1.5.2/'" in response.text
    assert not (proxy.store.download_dir / ZIP).exists()
    assert proxy.service.metrics.rejected["zip"] == 1


def test_zip_whose_go_mod_differs_from_mod_is_rejected(fixture_tree, start_upstream, start_proxy) -> None:
    """example.com/printversion's fixture ships a go.mod that differs from its .mod (real corpus data)."""
    upstream = start_upstream(fixture_tree)
    proxy = start_proxy(upstream=tuple(parse_chain(upstream.url)))
    response = httpx.get(f"{proxy.url}/example.com/printversion/@v/v1.0.0.zip", timeout=10)
    assert response.status_code == 502 and "differs from" in response.text
    assert not (proxy.store.download_dir / "example.com/printversion/@v/v1.0.0.zip").exists()


def test_comma_stops_on_500_but_pipe_falls_through(fixture_tree, start_upstream, start_proxy, go) -> None:
    broken = start_upstream(fixture_tree)
    broken.faults[".zip"] = Fault("status", status=503)
    healthy = start_upstream(fixture_tree)

    strict = start_proxy(upstream=tuple(parse_chain(f"{broken.url},{healthy.url}")))
    result = go("strict").run(["mod", "download", "rsc.io/quote@v1.5.2"], strict.url)
    assert result.returncode != 0
    assert healthy.count(".zip") == 0

    tolerant = start_proxy(upstream=tuple(parse_chain(f"{broken.url}|{healthy.url}")))
    result = go("tolerant").run(["mod", "download", "rsc.io/quote@v1.5.2"], tolerant.url)
    assert result.returncode == 0, result.stderr
    assert healthy.count(ZIP) == 1
    assert tolerant.service.metrics.upstream_errors[broken.url] >= 1


def test_comma_falls_through_on_404(fixture_tree, tmp_path, start_upstream, start_proxy, go) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    first = start_upstream(empty)
    second = start_upstream(fixture_tree)
    proxy = start_proxy(upstream=tuple(parse_chain(f"{first.url},{second.url}")))
    result = go().run(["mod", "download", "rsc.io/quote@v1.5.2"], proxy.url)
    assert result.returncode == 0, result.stderr
    assert first.count(ZIP) == 1 and second.count(ZIP) == 1


def test_slow_upstream_times_out_then_falls_back(fixture_tree, start_upstream, start_proxy, go) -> None:
    slow = start_upstream(fixture_tree)
    slow.faults[ZIP] = Fault("slow", delay=5.0)
    healthy = start_upstream(fixture_tree)
    proxy = start_proxy(upstream=tuple(parse_chain(f"{slow.url}|{healthy.url}")), timeouts=((slow.url, 0.5),))
    result = go().run(["mod", "download", "rsc.io/quote@v1.5.2"], proxy.url)
    assert result.returncode == 0, result.stderr
    assert healthy.count(ZIP) == 1


def test_fifty_concurrent_misses_cause_one_upstream_fetch(fixture_tree, start_upstream, start_proxy) -> None:
    upstream = start_upstream(fixture_tree)
    upstream.delay = 0.3  # keep the fetch in flight while all 50 requests arrive
    proxy = start_proxy(upstream=tuple(parse_chain(upstream.url)))
    expected = (fixture_tree / ZIP).read_bytes()

    async def fetch_all() -> list[bytes]:
        limits = httpx.Limits(max_connections=50)
        async with httpx.AsyncClient(timeout=20, limits=limits) as client:
            responses = await asyncio.gather(*(client.get(f"{proxy.url}/{ZIP}") for _ in range(50)))
        assert all(r.status_code == 200 for r in responses)
        return [r.content for r in responses]

    bodies = asyncio.run(fetch_all())
    assert all(body == expected for body in bodies)
    assert upstream.count(ZIP) == 1
    assert upstream.count("v1.5.2.mod") == 1
    with zipfile.ZipFile(io.BytesIO(bodies[0])) as archive:
        assert archive.testzip() is None


def test_stale_list_served_when_every_upstream_fails(fixture_tree, start_upstream, start_proxy) -> None:
    upstream = start_upstream(fixture_tree)
    proxy = start_proxy(upstream=tuple(parse_chain(upstream.url)), list_ttl=0.0)
    url = f"{proxy.url}/rsc.io/quote/@v/list"
    fresh = httpx.get(url)
    assert fresh.status_code == 200 and "Warning" not in fresh.headers
    upstream.faults["@v/list"] = Fault("status", status=500)
    stale = httpx.get(url)
    assert stale.status_code == 200
    assert stale.text == fresh.text
    assert "Stale" in stale.headers["Warning"]
    assert proxy.service.metrics.stale["list"] == 1
    # Without a cached copy an upstream failure is an error, never an empty list.
    missing = httpx.get(f"{proxy.url}/rsc.io/sampler/@v/list")
    assert missing.status_code == 502 and "HTTP 500" in missing.text
    # A 404 is an answer, not a failure: not served stale.
    upstream.faults["@v/list"] = Fault("status", status=404)
    assert httpx.get(url).status_code == 404


def test_offline_serves_only_the_store(fixture_tree, start_upstream, start_proxy, go, tmp_path) -> None:
    upstream = start_upstream(fixture_tree)
    online = start_proxy(upstream=tuple(parse_chain(upstream.url)))
    assert go("warm").run(["mod", "download", "rsc.io/quote@v1.5.2"], online.url).returncode == 0
    online.settle()  # the zip was answered from memory; its store write lands in the background
    seen = len(upstream.requests)
    offline = start_proxy(store=online.store, upstream=tuple(parse_chain(upstream.url)), offline=True)
    result = go("cold").run(["mod", "download", "rsc.io/quote@v1.5.2"], offline.url)
    assert result.returncode == 0, result.stderr
    assert httpx.get(f"{offline.url}/rsc.io/quote/@v/v1.5.1.info").status_code == 404
    assert len(upstream.requests) == seen


def test_a_second_proxy_keeps_a_live_proxys_staged_files(tmp_path, start_proxy) -> None:
    """Starting a proxy clears the orphans of a killed one, never the staged writes of one that runs."""
    store = FileStore(tmp_path / "shared")
    staging = store.staging_dir()
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        ours = staging / f"put-{live.pid}-inflight"
        ours.write_bytes(b"half a zip")
        dead = subprocess.run(
            [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
        )
        orphan = staging / f"zip-{dead.stdout.strip()}-orphan"
        orphan.write_bytes(b"left by kill -9")
        legacy = staging / "put-abcdef"  # no pid: an older wslgo's leftover
        legacy.write_bytes(b"old")
        start_proxy(store=store)
        assert sorted(p.name for p in staging.iterdir()) == [ours.name]
    finally:
        live.kill()
        live.wait()
