"""Inflate a ``.gz`` file in a background thread, in big blocks, and read it as a forward-only stream.

Why not ``gzip.GzipFile``: it inflates in small steps (8 KiB reads) and ``tarfile``'s stream mode adds
another 10 KiB copying layer on top; profiling an SDK install showed those layers costing more CPU than
the inflating itself. Here one thread reads 1 MiB of compressed input at a time and calls zlib, which
releases the GIL, so inflating runs beside the thread that creates the files. zlib checks the gzip
trailer (CRC-32 and length) itself when a member ends; a stream that ends before its trailer is an
error. Concatenated gzip members and zero padding after a member are accepted, as by ``gzip``.

The output is handed over as whole blocks; the reader gives out ``memoryview`` slices of them, so a
file's bytes go from zlib's output to ``os.writev`` without another copy.
"""

from __future__ import annotations

import io
import os
import queue
import threading
import zlib
from pathlib import Path

READ_BLOCK = 1 << 20
#: Upper bound of one output block: a small input can inflate to a lot (a "zip bomb"), never all at once.
OUTPUT_BLOCK = 4 << 20
#: Blocks waiting for the reader (so at most ~32 MiB of inflated data is buffered).
QUEUE_DEPTH = 8
_GZIP_WBITS = 16 + zlib.MAX_WBITS


class CorruptStreamError(Exception):
    """The compressed stream is empty, damaged or ends early (message names what is wrong)."""


class _Stopped(Exception):
    """The reader went away; the inflating thread ends quietly."""


_Item = tuple[bytes, int] | BaseException | None


class InflatingReader:
    """A forward-only binary file over the inflated contents of ``path`` (``read``, ``tell``, ``seek``).

    ``seek`` only moves forward (it skips); that is all ``tarfile.TarFile`` needs to read an archive in
    order. ``compressed_position`` says how far into the compressed file the reader has got, for progress.
    Use it as a context manager: leaving stops and joins the thread.
    """

    def __init__(self, path: Path) -> None:
        self.name = str(path)
        self.compressed_position = 0
        self._queue: queue.Queue[_Item] = queue.Queue(maxsize=QUEUE_DEPTH)
        self._stop = threading.Event()
        self._block = memoryview(b"")
        self._at = 0  # position inside ``_block``
        self._offset = 0  # position in the whole inflated stream
        self._ended = False
        self._thread = threading.Thread(target=self._pump, args=(path,), name="inflate", daemon=True)
        self._thread.start()

    # -- the inflating thread -------------------------------------------------------------------------

    def _put(self, item: _Item) -> None:
        while True:
            if self._stop.is_set():
                raise _Stopped
            try:
                self._queue.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def _pump(self, path: Path) -> None:
        try:
            self._inflate(path)
        except _Stopped:
            return
        except BaseException as exc:  # handed to the reader, which raises it in its own thread
            try:
                self._put(exc)
            except _Stopped:
                return
            return
        try:
            self._put(None)
        except _Stopped:
            return

    def _inflate(self, path: Path) -> None:
        inflater: zlib._Decompress | None = None
        members = 0
        consumed = 0
        with open(path, "rb", buffering=0) as compressed:
            while block := compressed.read(READ_BLOCK):
                consumed += len(block)
                pending = block
                while pending:
                    if inflater is None:
                        if members:
                            pending = pending.lstrip(b"\0")  # zero padding after a member, as gzip allows
                            if not pending:
                                break
                        inflater = zlib.decompressobj(_GZIP_WBITS)
                    try:
                        output = inflater.decompress(pending, OUTPUT_BLOCK)
                        if output:
                            self._put((output, consumed))
                        while inflater.unconsumed_tail and not inflater.eof:
                            output = inflater.decompress(inflater.unconsumed_tail, OUTPUT_BLOCK)
                            if output:
                                self._put((output, consumed))
                    except zlib.error as exc:
                        raise CorruptStreamError(f"gzip data is damaged ({exc})") from None
                    if inflater.eof:
                        pending = inflater.unused_data
                        inflater = None
                        members += 1
                    else:
                        pending = b""
        if inflater is not None:
            raise CorruptStreamError("gzip data ends early (truncated file)")
        if not members:
            raise CorruptStreamError("empty file")

    # -- the reader -----------------------------------------------------------------------------------

    def _next_block(self) -> bool:
        if self._ended:
            return False
        item = self._queue.get()
        if item is None:
            self._ended = True
            return False
        if isinstance(item, BaseException):
            self._ended = True
            raise item
        data, self.compressed_position = item
        self._block = memoryview(data)
        self._at = 0
        return True

    def read_views(self, size: int) -> list[memoryview]:
        """The next ``size`` bytes (fewer at the end) as slices of the inflated blocks, without copying."""
        views: list[memoryview] = []
        while size > 0:
            available = len(self._block) - self._at
            if not available:
                if not self._next_block():
                    break
                continue
            take = min(size, available)
            views.append(self._block[self._at : self._at + take])
            self._at += take
            self._offset += take
            size -= take
        return views

    def read(self, size: int = -1) -> bytes:
        if size < 0:
            chunks = [bytes(self._block[self._at :])]
            self._offset += len(self._block) - self._at
            self._at = len(self._block)
            while self._next_block():
                chunks.append(bytes(self._block))
                self._offset += len(self._block)
                self._at = len(self._block)
            return b"".join(chunks)
        views = self.read_views(size)
        return bytes(views[0]) if len(views) == 1 else b"".join(views)

    def tell(self) -> int:
        return self._offset

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if whence != os.SEEK_SET or offset < self._offset:
            raise io.UnsupportedOperation("the inflated stream can only be read forward")
        self.read_views(offset - self._offset)
        return self._offset

    def drain(self) -> None:
        """Read to the end of the stream: only then has zlib checked the last member's CRC-32 and length."""
        self._offset += len(self._block) - self._at
        self._at = len(self._block)
        while self._next_block():
            self._offset += len(self._block)
            self._at = len(self._block)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self._block = memoryview(b"")

    def __enter__(self) -> InflatingReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
