"""Index cache TTL and offline fallback, against a real closed port on 127.0.0.1 (connection refused)."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import httpx
import pytest

from wslgo.errors import WslgoError
from wslgo.sdk.index_cache import INDEX_FILE, META_FILE, load_index, mirror_url

INDEX = json.dumps([{"version": "go1.27.3", "stable": True, "files": []}])


@pytest.fixture
def closed_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/dl/?mode=json"


def seed(home: Path, url: str, fetched_at: float) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / INDEX_FILE).write_text(INDEX)
    (home / META_FILE).write_text(json.dumps({"url": url, "fetched_at": fetched_at}))


def test_fresh_cache_is_used_without_the_network(tmp_path: Path, closed_url: str) -> None:
    seed(tmp_path, closed_url, 1000.0)
    with httpx.Client() as client:
        result = load_index(client, tmp_path, closed_url, now=1000.0 + 60)
    assert result.from_cache and result.warning is None and result.releases[0].tag == "go1.27.3"


def test_stale_cache_is_served_offline_with_a_warning(tmp_path: Path, closed_url: str) -> None:
    seed(tmp_path, closed_url, 1000.0)
    with httpx.Client() as client:
        result = load_index(client, tmp_path, closed_url, now=1000.0 + 7200)
    assert result.from_cache
    assert result.warning is not None and result.warning.startswith(
        "using the cached Go release index (120 min old)"
    )


def test_cache_of_another_url_is_not_used(tmp_path: Path, closed_url: str) -> None:
    seed(tmp_path, "https://other.example/index", 1000.0)
    with httpx.Client() as client, pytest.raises(WslgoError, match="and there is no cached copy"):
        load_index(client, tmp_path, closed_url, now=1000.0)


def test_mirror_url_normalization(monkeypatch: pytest.MonkeyPatch) -> None:
    assert mirror_url("https://golang.google.cn/dl") == "https://golang.google.cn/dl/"
    monkeypatch.setenv("WSLGO_GO_MIRROR", "https://mirrors.aliyun.com/golang/")
    assert mirror_url() == "https://mirrors.aliyun.com/golang/"
    with pytest.raises(WslgoError, match="is not an http"):
        mirror_url("ftp://x/")
