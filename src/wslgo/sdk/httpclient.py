"""One configured httpx client for the index and the archives.

Why one place: timeouts, proxy handling (``HTTPS_PROXY``/``NO_PROXY`` through ``trust_env``), redirects
(go.dev/dl redirects to dl.google.com) and the user agent must be the same for every request.
"""

from __future__ import annotations

import httpx

from wslgo import __version__

#: Connect fast or fail; a stalled read for this long is treated like a reset and retried.
TIMEOUT = httpx.Timeout(connect=10.0, read=30.0, write=30.0, pool=10.0)


def make_client(timeout: httpx.Timeout = TIMEOUT) -> httpx.Client:
    """A client honouring the proxy environment and following redirects."""
    return httpx.Client(
        timeout=timeout,
        follow_redirects=True,
        trust_env=True,
        headers={"User-Agent": f"wslgo/{__version__}"},
    )
