"""Random request heads and random checksum-database paths against a real ``wslgo proxy serve``.

Whatever arrives — truncated heads, bare line feeds, bodies, odd methods and versions, ``..`` and
``%2F`` in every position, private module names spelled every way — the recording upstream only ever
sees module requests and checksum-database paths inside its two bases, in the protocol's own shapes,
never naming a private module; and once the clients are gone the proxy holds no more descriptors
than before.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import httpx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.integration.proxy.hostile import (
    PROXY_BASE,
    SUMDB_BASE,
    RecordingUpstream,
    ServedProxy,
    exchange,
    serve_proxy,
)
from wslgo.proxy.modpath import parse_request

pytestmark = pytest.mark.integration

_MODULES = st.sampled_from(
    [
        "rsc.io/quote",
        "golang.org/x/text",
        "corp.example.com/x",
        "git.internal.example/team/y",
        "Corp.example.com/x",
        "!corp.example.com/x",
        "corp.example.com%2Fx",
        "%21corp.example.com/x",
        "a" * 300 + ".com/x",
    ]
)
_VERSIONS = st.sampled_from(
    ["@v1.5.2", "@v1.0.0", "", "@latest", "@v1.0.0@v1.0.0", "@V1.0.0", "@v1.0.0/go.mod"]
)
#: Pieces inserted between the segments of a well-formed path: every way to climb or to hide a name.
_INJECTIONS = st.sampled_from(
    ["..", ".", "", "%2e%2e", "..%2F..", "%2F", "..%2f..%2f..", "%2e", "x", "\\..", ";"]
)


@st.composite
def _mutated(draw: st.DrawFn, shape: st.SearchStrategy[str]) -> str:
    """A protocol-shaped path with a few segments inserted anywhere."""
    segments = draw(shape).split("/")
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2, 3]))):
        segments.insert(draw(st.integers(0, len(segments))), draw(_INJECTIONS))
    return "/".join(segments) + draw(st.sampled_from(["", "", "", "", "", "?x=1", "/", "#f"]))


_sumdb_rest = _mutated(
    st.one_of(
        st.builds(lambda m, v: f"lookup/{m}{v}", _MODULES, _VERSIONS),
        st.sampled_from(["tile/8/0/x123/456", "tile/8/data/000.p/5", "tile/8/1/000", "latest", "supported"]),
    )
)
_module_rest = _mutated(
    st.builds(
        lambda m, f: f"{m}/{f}",
        _MODULES,
        st.sampled_from(
            ["@v/list", "@v/v1.0.0.info", "@v/v1.0.0.mod", "@v/v1.0.0.zip", "@latest", "@v/master.info"]
        ),
    )
)
#: Weighted towards requests that reach the pass-through and the module path (where the upstream
#: could be reached); the rest is garbage the server must survive.
_target = st.one_of(
    _sumdb_rest.map(lambda rest: "/sumdb/sum.golang.org/" + rest),
    _sumdb_rest.map(lambda rest: "/sumdb/sum.golang.org/" + rest),
    _sumdb_rest.map(lambda rest: "/sumdb/sum.golang.org/" + rest),
    st.builds(lambda n, r: f"/sumdb/{n}/{r}", st.sampled_from(["other", "..", "%2e%2e", ""]), _sumdb_rest),
    _module_rest.map(lambda rest: "/" + rest),
    _module_rest.map(lambda rest: "/" + rest),
    st.text(min_size=1, max_size=60),
    st.sampled_from(["*", "http://127.0.0.1/sumdb/sum.golang.org/lookup/../../x", "//etc/passwd"]),
)
_header = st.one_of(
    st.sampled_from(
        [
            "Host: x",
            "Connection: close",
            "Connection: keep-alive",
            "Content-Length: 5",
            "Content-Length: 99999",
            "Content-Length: -1",
            "Transfer-Encoding: chunked",
            "Expect: 100-continue",
            "Upgrade: websocket",
            "X-Long: " + "y" * 9000,
            "Bad Header",
            ": empty",
        ]
    ),
    st.text(alphabet="abcXYZ:- \t", max_size=30),
)


@st.composite
def request_heads(draw: st.DrawFn) -> tuple[bytes, bool]:
    method = draw(st.sampled_from(["GET"] * 6 + ["HEAD", "POST", "PUT", "get", "G ET", ""]))
    version = draw(st.sampled_from(["HTTP/1.1"] * 4 + ["HTTP/1.0", "HTTP/2", "", "HTTP/1.1 x"]))
    eol = draw(st.sampled_from(["\r\n", "\r\n", "\r\n", "\n"]))
    host = ["Host: 127.0.0.1"] if draw(st.integers(0, 9)) else []  # aiohttp answers 400 without one
    noise = draw(st.lists(_header, max_size=4)) if draw(st.integers(0, 2)) == 0 else []
    lines = [f"{method} {draw(_target)} {version}", *host, *noise]
    raw = (eol.join(lines) + eol + eol).encode("utf-8", "surrogateescape")
    if draw(st.integers(0, 3)) == 0:
        raw += draw(st.binary(max_size=20))
    if draw(st.integers(0, 4)) == 0:
        raw = raw[: draw(st.integers(0, len(raw)))]  # cut anywhere: a head that never completes
    return raw, draw(st.booleans())


@pytest.fixture(scope="module")
def upstream() -> Iterator[RecordingUpstream]:
    recording = RecordingUpstream().start()
    yield recording
    recording.stop()


@pytest.fixture(scope="module")
def proxy(upstream: RecordingUpstream) -> Iterator[ServedProxy]:
    with serve_proxy(upstream) as served:
        yield served


@pytest.fixture(scope="module")
def baseline_fds(proxy: ServedProxy) -> int:
    assert httpx.get(proxy.url + "/healthz", timeout=10).status_code == 200  # everything imported, pools up
    return proxy.fds()


def _get(target: str) -> tuple[bytes, bool]:
    return f"GET {target} HTTP/1.1\r\nHost: x\r\n\r\n".encode(), False


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(head=request_heads())
@example(head=_get("/sumdb/sum.golang.org/lookup/rsc.io/quote@v1.5.2"))
@example(head=_get("/sumdb/sum.golang.org/lookup/../../x"))
@example(head=_get("/sumdb/sum.golang.org/lookup/..%2F..%2Fx"))
@example(head=_get("/sumdb/sum.golang.org/lookup//corp.example.com/x@v1.0.0"))
@example(head=_get("/rsc.io/quote/@v/list"))
@example(head=(b"GET /rsc.io/quote/@v/list HTTP/1.1\r\nHost: x\r\nUser-", True))
def test_random_heads_never_reach_outside_the_upstream_base(
    proxy: ServedProxy, upstream: RecordingUpstream, baseline_fds: int, head: tuple[bytes, bool]
) -> None:
    raw, half_close = head
    exchange(proxy.port, raw, timeout=0.3 if not half_close else 5.0, half_close=half_close)
    assert upstream.violations() == []


def test_after_the_fuzz_only_protocol_shapes_were_forwarded_and_descriptors_are_back(
    proxy: ServedProxy, upstream: RecordingUpstream, baseline_fds: int
) -> None:
    # (Runs after the property test in this module: it checks what that one left behind.)
    from wslgo.proxy.sumdb import parse_sumdb_path

    assert upstream.violations() == []
    assert any(t.startswith(SUMDB_BASE) for t in upstream.targets), upstream.targets  # it did reach it
    for target in upstream.targets:
        if target.startswith(SUMDB_BASE):
            assert parse_sumdb_path(target[len(SUMDB_BASE) :]).path == target[len(SUMDB_BASE) :]
        else:
            parse_request(target[len(PROXY_BASE) :])
    settled = proxy.fds_settle(baseline_fds + 6)
    assert settled <= baseline_fds + 6, (baseline_fds, settled, os.listdir(f"/proc/{proxy.process.pid}/fd"))
    assert httpx.get(proxy.url + "/healthz", timeout=10).status_code == 200
