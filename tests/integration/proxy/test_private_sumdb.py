"""Private names never leave for a public upstream or sumdb; sumdb hashes are checked before storing."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import httpx
import pytest
from aiohttp import web

from tests.integration.proxy.conftest import _start_app
from wslgo.proxy.chain import parse_chain
from wslgo.proxy.modzip import check_zip, hash_go_mod

pytestmark = pytest.mark.integration


def test_private_module_never_reaches_public_upstream(fixture_tree, start_upstream, start_proxy, go) -> None:
    public = start_upstream(fixture_tree)
    private = start_upstream(fixture_tree)
    proxy = start_proxy(
        upstream=tuple(parse_chain(public.url)),
        private_patterns="rsc.io/quote,*.corp.example",
        private_upstream=tuple(parse_chain(private.url)),
        sumdbs=(("sum.golang.org", public.url + "/sumdb-should-not-be-asked"),),
    )
    runner = go()
    work = runner.new_module()
    (work / "m.go").write_text('package m\n\nimport _ "rsc.io/quote"\n')
    result = runner.run(["get", "rsc.io/quote@v1.5.2"], proxy.url, cwd=work)
    assert result.returncode == 0, result.stderr
    assert not [path for path in public.requests if "rsc.io/quote" in path], public.requests
    assert private.count("rsc.io/quote/@v/v1.5.2.zip") == 1
    assert public.count("rsc.io/sampler/@v/v1.3.0.zip") == 1  # public deps still go the public way
    # A sumdb lookup for the private name is refused locally, not forwarded.
    lookup = httpx.get(f"{proxy.url}/sumdb/sum.golang.org/lookup/rsc.io/quote@v1.5.2")
    assert lookup.status_code == 404
    assert not [path for path in public.requests if "quote" in path]


def _lookup_body(module: str, version: str, zip_hash: str, mod_hash: str) -> bytes:
    return (
        f"42\n{module} {version} {zip_hash}\n{module} {version}/go.mod {mod_hash}\n\n— signed note\n".encode()
    )


def test_sumdb_hash_mismatch_refuses_the_zip(
    fixture_tree, start_upstream, start_proxy, loop_thread, go
) -> None:
    upstream = start_upstream(fixture_tree)
    mod = (fixture_tree / "rsc.io/quote/@v/v1.5.2.mod").read_bytes()
    good_zip = check_zip(fixture_tree / "rsc.io/quote/@v/v1.5.2.zip", "rsc.io/quote", "v1.5.2", mod).h1
    wrong = "h1:" + base64.b64encode(hashlib.sha256(b"evil").digest()).decode()
    answers = {"rsc.io/quote@v1.5.2": _lookup_body("rsc.io/quote", "v1.5.2", wrong, hash_go_mod(mod))}
    seen: list[str] = []

    async def lookup(request: web.Request) -> web.Response:
        key = request.match_info["key"]
        seen.append(key)
        if key in answers:
            return web.Response(body=answers[key])
        return web.Response(status=404, text="not found\n")

    app = web.Application()
    app.router.add_get("/lookup/{key:.+}", lookup)
    _, port = loop_thread.call(lambda: _start_app(app))
    sumdb = f"http://127.0.0.1:{port}"
    proxy = start_proxy(upstream=tuple(parse_chain(upstream.url)), sumdbs=(("sum.example", sumdb),))

    response = httpx.get(f"{proxy.url}/rsc.io/quote/@v/v1.5.2.zip", timeout=10)
    assert response.status_code == 502 and "SECURITY ERROR" in response.text
    assert not (proxy.store.download_dir / "rsc.io/quote/@v/v1.5.2.zip").exists()
    assert proxy.service.metrics.rejected["sumdb"] == 1

    # The sumdb's correct answer lets it through (a fresh proxy: answers are cached per process).
    answers["rsc.io/quote@v1.5.2"] = _lookup_body("rsc.io/quote", "v1.5.2", good_zip, hash_go_mod(mod))
    honest = start_proxy(upstream=tuple(parse_chain(upstream.url)), sumdbs=(("sum.example", sumdb),))
    assert httpx.get(f"{honest.url}/rsc.io/quote/@v/v1.5.2.zip", timeout=10).status_code == 200
    # sumdb pass-through: supported, and lookups forwarded verbatim.
    assert httpx.get(f"{honest.url}/sumdb/sum.example/supported").status_code == 200
    assert httpx.get(f"{honest.url}/sumdb/other.example/supported").status_code == 404
    forwarded = httpx.get(f"{honest.url}/sumdb/sum.example/lookup/rsc.io/quote@v1.5.2")
    assert forwarded.status_code == 200 and good_zip in forwarded.text


def test_unreachable_sumdb_does_not_block(fixture_tree, start_upstream, start_proxy) -> None:
    upstream = start_upstream(fixture_tree)
    proxy = start_proxy(
        upstream=tuple(parse_chain(upstream.url)), sumdbs=(("sum.example", "http://127.0.0.1:9"),)
    )
    assert httpx.get(f"{proxy.url}/rsc.io/quote/@v/v1.5.2.zip", timeout=10).status_code == 200
    assert proxy.service.metrics.upstream_errors["sumdb:sum.example"] >= 1


def test_healthz_and_metrics(fixture_tree, start_upstream, start_proxy) -> None:
    upstream = start_upstream(fixture_tree)
    proxy = start_proxy(upstream=tuple(parse_chain(upstream.url)))
    health = httpx.get(f"{proxy.url}/healthz").json()
    assert health["service"] == "wslgo-proxy" and health["status"] == "ok"
    httpx.get(f"{proxy.url}/rsc.io/quote/@v/v1.5.2.mod")
    httpx.get(f"{proxy.url}/rsc.io/quote/@v/v1.5.2.mod")
    metrics = httpx.get(f"{proxy.url}/metrics")
    assert metrics.headers["content-type"].startswith("text/plain")
    text = metrics.text
    assert 'wslgo_proxy_cache_hits_total{kind="mod"} 1' in text
    assert 'wslgo_proxy_cache_misses_total{kind="mod"} 1' in text
    assert 'wslgo_proxy_request_duration_seconds_bucket{le="+Inf"}' in text
    assert Path(proxy.store.download_dir / "rsc.io/quote/@v/v1.5.2.mod").is_file()
