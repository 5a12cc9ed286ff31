"""The miss path: answered before the store write lands, still one fetch, nothing lost on a clean stop."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import httpx
import pytest

from wslgo.proxy.chain import parse_chain
from wslgo.proxy.store import FileStore

pytestmark = pytest.mark.integration

MOD = "rsc.io/quote/@v/v1.5.2.mod"
ZIP = "rsc.io/quote/@v/v1.5.2.zip"


class GatedStore(FileStore):
    """A real file store whose writes wait until ``gate`` opens (a disk that is far behind)."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.gate = threading.Event()
        self.fail_next = False

    def put_bytes(self, key: str, data: bytes, mtime: float | None = None) -> None:
        assert self.gate.wait(30), "the test never opened the gate"
        if self.fail_next:
            self.fail_next = False
            raise OSError(28, "No space left on device")
        super().put_bytes(key, data, mtime)


def test_misses_are_answered_while_the_write_is_pending(
    fixture_tree, tmp_path, start_upstream, start_proxy, loop_thread
) -> None:
    upstream = start_upstream(fixture_tree)
    store = GatedStore(tmp_path / "gated")
    proxy = start_proxy(store=store, upstream=tuple(parse_chain(upstream.url)))
    for key in (MOD, ZIP, ZIP, MOD):
        answer = httpx.get(f"{proxy.url}/{key}", timeout=10)
        assert answer.status_code == 200 and answer.content == (fixture_tree / key).read_bytes()
    # Answered from the validated bytes; the disk has not been written yet, and the repeated
    # requests did not fetch again.
    assert not (store.download_dir / MOD).exists() and not (store.download_dir / ZIP).exists()
    assert upstream.count(".zip") == 1 and upstream.count(".mod") == 1
    assert list(store.staging_dir().iterdir()) == []

    store.gate.set()
    loop_thread.call(proxy.service.flush)
    assert (store.download_dir / ZIP).read_bytes() == (fixture_tree / ZIP).read_bytes()
    assert (store.download_dir / MOD).read_bytes() == (fixture_tree / MOD).read_bytes()
    assert list(store.staging_dir().iterdir()) == []


def test_a_failed_write_is_counted_and_the_object_fetched_again(
    fixture_tree, tmp_path, start_upstream, start_proxy, loop_thread
) -> None:
    upstream = start_upstream(fixture_tree)
    store = GatedStore(tmp_path / "full")
    store.gate.set()
    proxy = start_proxy(store=store, upstream=tuple(parse_chain(upstream.url)))
    assert httpx.get(f"{proxy.url}/{MOD}", timeout=10).status_code == 200
    loop_thread.call(proxy.service.flush)
    store.fail_next = True
    assert httpx.get(f"{proxy.url}/{ZIP}", timeout=10).status_code == 200  # validated: answered
    loop_thread.call(proxy.service.flush)
    assert not (store.download_dir / ZIP).exists()
    assert proxy.service.metrics.rejected["store_write"] == 1
    assert httpx.get(f"{proxy.url}/{ZIP}", timeout=10).content == (fixture_tree / ZIP).read_bytes()
    loop_thread.call(proxy.service.flush)
    assert upstream.count(".zip") == 2
    assert (store.download_dir / ZIP).read_bytes() == (fixture_tree / ZIP).read_bytes()


def test_stopping_the_server_waits_for_pending_writes(
    fixture_tree, tmp_path, start_upstream, go_binary
) -> None:
    """run_server's cleanup (Ctrl-C, SIGTERM, the bench's stop) flushes before it returns."""
    from wslgo.proxy.server import run_server
    from wslgo.proxy.service import ProxyConfig, ProxyService

    upstream = start_upstream(fixture_tree)
    store = GatedStore(tmp_path / "stop")
    service = ProxyService(store, ProxyConfig(upstream=tuple(parse_chain(upstream.url))))

    async def scenario() -> None:
        ready: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        server = asyncio.ensure_future(run_server(service, "127.0.0.1", 0, ready.set_result))
        port = await ready
        async with httpx.AsyncClient(timeout=10) as client:
            assert (await client.get(f"http://127.0.0.1:{port}/{MOD}")).status_code == 200
        threading.Timer(0.3, store.gate.set).start()
        server.cancel()
        await asyncio.gather(server, return_exceptions=True)
        # Checked before asyncio.run's own teardown, which would also wait for the worker thread.
        assert (store.download_dir / MOD).read_bytes() == (fixture_tree / MOD).read_bytes()

    asyncio.run(scenario())


def test_a_disk_far_behind_makes_misses_wait_for_their_write(
    fixture_tree, tmp_path, start_upstream, start_proxy, monkeypatch
) -> None:
    import wslgo.proxy.service as service_module

    monkeypatch.setattr(service_module, "MAX_PENDING_BYTES", 0)
    upstream = start_upstream(fixture_tree)
    store = GatedStore(tmp_path / "behind")
    proxy = start_proxy(store=store, upstream=tuple(parse_chain(upstream.url)))
    answers: list[httpx.Response] = []
    request = threading.Thread(target=lambda: answers.append(httpx.get(f"{proxy.url}/{MOD}", timeout=30)))
    request.start()
    request.join(0.5)
    assert request.is_alive() and not answers  # held back until the disk catches up
    store.fail_next = True  # and a failed write does not turn a valid object into an error
    store.gate.set()
    request.join(10)
    assert answers[0].status_code == 200 and answers[0].content == (fixture_tree / MOD).read_bytes()
    assert proxy.service.metrics.rejected["store_write"] == 1
