"""One in-flight upstream fetch per object, however many requests want it (no thundering herd)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

T = TypeVar("T")


class SingleFlight:
    """Concurrent ``do(key, …)`` calls share one task; a waiter that disconnects does not cancel it.

    The shared task is shielded: if the first requester goes away mid-download, the fetch still
    finishes and lands in the store for everyone else.
    """

    def __init__(self) -> None:
        self._inflight: dict[str, asyncio.Future[Any]] = {}
        self.started = 0

    def __len__(self) -> int:
        return len(self._inflight)

    async def do(self, key: str, factory: Callable[[], Awaitable[T]]) -> T:
        task = self._inflight.get(key)
        if task is None:
            self.started += 1
            task = asyncio.ensure_future(factory())
            self._inflight[key] = task
            task.add_done_callback(lambda done: self._finish(key, done))
        result: T = await asyncio.shield(task)
        return result

    def _finish(self, key: str, done: asyncio.Future[Any]) -> None:
        if self._inflight.get(key) is done:
            del self._inflight[key]
        if not done.cancelled():
            done.exception()  # mark retrieved: waiters may all have gone away
