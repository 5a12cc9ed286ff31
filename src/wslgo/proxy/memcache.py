"""A size-capped LRU of small objects (.mod, .info, list, @latest) with their HTTP answer prebuilt.

Warm hits are the proxy's common case; a go build asks for hundreds of ``.mod``/``.info`` files. Keeping
their bytes in memory, with the response head (status line, Content-Type, Content-Length) already
encoded, turns a warm hit into one dict lookup and one socket write: no stat, no open, no header
objects per request. Only the ``Date`` line is added per response (it changes once a second).
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass


@dataclass(frozen=True)
class HotEntry:
    """One cached object. ``head`` ends just before the Date value; ``tail`` is CRLF CRLF + body."""

    kind: str
    content_type: str
    body: bytes
    #: time.time() after which the copy must not be served (inf for immutable objects; list/@latest
    #: expire with the list TTL).
    expires_at: float
    head: bytes
    tail: bytes


def build_entry(kind: str, content_type: str, body: bytes, expires_at: float = math.inf) -> HotEntry:
    head = (
        f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\nDate: "
    ).encode("latin-1")
    return HotEntry(kind, content_type, body, expires_at, head, b"\r\n\r\n" + body)


class HotCache:
    """LRU by total body bytes; objects larger than ``max_object`` are never kept.

    Not thread-safe and needs no lock: each server process touches it from its event loop only.
    """

    def __init__(self, max_bytes: int, max_object: int | None = None) -> None:
        self.max_bytes = max_bytes
        self.max_object = max_object if max_object is not None else max(max_bytes // 64, 0)
        self._entries: OrderedDict[str, HotEntry] = OrderedDict()
        self.size = 0

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: str) -> bool:
        return key in self._entries

    def get(self, key: str) -> HotEntry | None:
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
        return entry

    def put(self, key: str, kind: str, content_type: str, body: bytes, expires_at: float = math.inf) -> None:
        if len(body) > self.max_object:
            return
        old = self._entries.pop(key, None)
        if old is not None:
            self.size -= len(old.body)
        self._entries[key] = build_entry(kind, content_type, body, expires_at)
        self.size += len(body)
        while self.size > self.max_bytes and self._entries:
            _, dropped = self._entries.popitem(last=False)
            self.size -= len(dropped.body)

    def discard(self, key: str) -> None:
        old = self._entries.pop(key, None)
        if old is not None:
            self.size -= len(old.body)
