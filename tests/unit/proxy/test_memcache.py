from __future__ import annotations

import math

from wslgo.proxy.memcache import HotCache, build_entry


def test_entry_is_a_complete_http_answer_once_the_date_is_inserted() -> None:
    entry = build_entry("mod", "text/plain; charset=utf-8", b"module x\n")
    answer = entry.head + b"Tue, 01 Dec 2026 00:00:00 GMT" + entry.tail
    head, _, body = answer.partition(b"\r\n\r\n")
    assert body == b"module x\n"
    assert head.split(b"\r\n") == [
        b"HTTP/1.1 200 OK",
        b"Content-Type: text/plain; charset=utf-8",
        b"Content-Length: 9",
        b"Date: Tue, 01 Dec 2026 00:00:00 GMT",
    ]
    assert entry.expires_at == math.inf


def test_least_recently_used_goes_first_and_the_cap_holds() -> None:
    cache = HotCache(max_bytes=30, max_object=10)
    for key in ("a", "b", "c"):
        cache.put(key, "mod", "text/plain", b"x" * 10)
    assert cache.get("a") is not None  # a is now the most recent
    cache.put("d", "mod", "text/plain", b"y" * 10)
    assert "b" not in cache and {"a", "c", "d"} <= {k for k in "abcd" if k in cache}
    assert cache.size == 30 and len(cache) == 3
    cache.put("big", "zip", "application/zip", b"z" * 11)  # over max_object: never kept
    assert "big" not in cache and cache.size == 30
    cache.put("a", "mod", "text/plain", b"new")  # replacing keeps the byte count right
    assert cache.size == 23 and cache.get("a").body == b"new"  # type: ignore[union-attr]
    cache.discard("a")
    assert cache.size == 20 and "a" not in cache
