from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from wslgo.proxy.chain import ChainEntry, parse_chain
from wslgo.proxy.daemon import goproxy_line, read_pid, stop, write_pid
from wslgo.proxy.metrics import Metrics
from wslgo.proxy.singleflight import SingleFlight
from wslgo.proxy.store import FileStore
from wslgo.proxy.upstream import ChainFailure, NotFound, UpstreamError, parse_sumdb_lookup, run_chain


def test_goproxy_line_keeps_the_public_chain_as_fallback() -> None:
    line = goproxy_line("http://127.0.0.1:3000", parse_chain("https://proxy.golang.org|direct"))
    assert line == "go env -w 'GOPROXY=http://127.0.0.1:3000|https://proxy.golang.org|direct'"


def _attempts(outcomes: dict[str, Exception | None]):
    tried: list[str] = []

    async def attempt(entry: ChainEntry) -> str:
        tried.append(entry.url_or_keyword)
        outcome = outcomes[entry.url_or_keyword]
        if outcome is not None:
            raise outcome
        return entry.url_or_keyword

    return tried, attempt


def test_run_chain_semantics() -> None:
    tried, attempt = _attempts({"https://a.x": NotFound("404"), "https://b.x": None})
    assert asyncio.run(run_chain(parse_chain("https://a.x,https://b.x"), attempt)) == "https://b.x"
    tried, attempt = _attempts({"https://a.x": UpstreamError("500"), "https://b.x": None})
    with pytest.raises(ChainFailure) as failure:
        asyncio.run(run_chain(parse_chain("https://a.x,https://b.x"), attempt))
    assert tried == ["https://a.x"] and not failure.value.not_found
    tried, attempt = _attempts({"https://a.x": UpstreamError("500"), "https://b.x": None})
    assert asyncio.run(run_chain(parse_chain("https://a.x|https://b.x"), attempt)) == "https://b.x"
    tried, attempt = _attempts({"https://a.x": NotFound("404")})
    with pytest.raises(ChainFailure) as failure:
        asyncio.run(run_chain(parse_chain("https://a.x,off"), attempt))
    assert failure.value.not_found and "off" in str(failure.value)


def test_single_flight_shares_one_call() -> None:
    calls = 0

    async def work() -> int:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.05)
        return 7

    async def main() -> list[int]:
        flights = SingleFlight()
        return await asyncio.gather(*(flights.do("k", work) for _ in range(20)))

    assert asyncio.run(main()) == [7] * 20 and calls == 1


def test_file_store_atomic_layout(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "s")
    store.put_bytes("rsc.io/quote/@v/v1.0.0.mod", b"module rsc.io/quote\n")
    assert (tmp_path / "s/cache/download/rsc.io/quote/@v/v1.0.0.mod").read_bytes() == b"module rsc.io/quote\n"
    assert list(store.iter_keys()) == ["rsc.io/quote/@v/v1.0.0.mod"]
    assert list((tmp_path / "s/tmp").iterdir()) == []
    with pytest.raises(ValueError):
        store.put_bytes("../escape", b"")
    (tmp_path / "s/tmp/zip-orphan").write_bytes(b"half")
    assert store.clear_staging() == 1


def test_file_store_fsyncs_each_object_once_and_directories_in_a_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The data is durable before its rename; directories are synced once per batch, not per object."""
    import wslgo.proxy.store as store_module

    synced: list[str] = []
    real_fsync = os.fsync

    def counting_fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    monkeypatch.setattr(store_module.os, "fsync", counting_fsync)
    store = FileStore(tmp_path / "s")
    for version in ("v1.0.0", "v1.1.0"):
        store.put_bytes(f"rsc.io/quote/@v/{version}.mod", b"module rsc.io/quote\n")
    store.put_bytes("rsc.io/sampler/@v/v1.3.0.mod", b"module rsc.io/sampler\n")
    assert len(synced) == 3 and all("/tmp/put-" in path for path in synced)  # the staged files
    staged = tmp_path / "s/tmp/zip-1"
    staged.write_bytes(b"zip")
    store.put_file("rsc.io/quote/@v/v1.0.0.zip", staged)
    assert len(synced) == 4 and synced[-1] == str(staged)
    synced.clear()
    assert store.sync_dirs() == 2
    download = tmp_path / "s/cache/download"
    assert sorted(synced) == [str(download / "rsc.io/quote/@v"), str(download / "rsc.io/sampler/@v")]
    assert store.sync_dirs() == 0
    assert oct((download / "rsc.io/quote/@v/v1.0.0.zip").stat().st_mode & 0o777) == "0o644"


def test_sumdb_lookup_parsing() -> None:
    body = b"9\nrsc.io/quote v1.5.2 h1:A=\nrsc.io/quote v1.5.2/go.mod h1:B=\n\ngo.sum database tree\n"
    assert parse_sumdb_lookup(body, "rsc.io/quote", "v1.5.2") == ("h1:A=", "h1:B=")


def test_metrics_text() -> None:
    metrics = Metrics()
    metrics.hits["zip"] += 2
    metrics.observe(0.003)
    text = metrics.render()
    assert 'wslgo_proxy_cache_hits_total{kind="zip"} 2' in text
    assert 'wslgo_proxy_request_duration_seconds_bucket{le="0.005"} 1' in text
    assert "wslgo_proxy_request_duration_seconds_count 1" in text


def test_stop_refuses_a_pid_that_is_not_a_proxy(tmp_path: Path) -> None:
    pid_file = tmp_path / "p.pid"
    write_pid(pid_file, 1)  # pid 1 exists but is not a wslgo proxy: it must not be signalled
    assert read_pid(pid_file) == 1
    result = stop(pid_file)
    assert not result.stopped and not pid_file.exists()
