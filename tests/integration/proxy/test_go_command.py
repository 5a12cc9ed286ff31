"""The real go command against the proxy: same modules, same go.sum lines as GOPROXY=file://."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wslgo.proxy.chain import parse_chain

pytestmark = pytest.mark.integration


def _sum_lines(work: Path) -> list[str]:
    return sorted((work / "go.sum").read_text().splitlines())


def test_go_get_through_proxy_matches_file_proxy(fixture_tree, start_upstream, start_proxy, go) -> None:
    upstream = start_upstream(fixture_tree)
    proxy = start_proxy(upstream=tuple(parse_chain(upstream.url)))

    via_proxy = go("proxy")
    work = via_proxy.new_module()
    (work / "m.go").write_text('package m\n\nimport _ "rsc.io/quote"\n')
    result = via_proxy.run(["get", "rsc.io/quote@v1.5.2"], proxy.url, cwd=work)
    assert result.returncode == 0, result.stderr

    via_file = go("file")
    work_file = via_file.new_module()
    (work_file / "m.go").write_text('package m\n\nimport _ "rsc.io/quote"\n')
    result_file = via_file.run(["get", "rsc.io/quote@v1.5.2"], f"file://{fixture_tree}", cwd=work_file)
    assert result_file.returncode == 0, result_file.stderr

    assert _sum_lines(work) == _sum_lines(work_file)
    assert len(_sum_lines(work)) == 6

    # The store is a module cache download dir: file:// on it gives the same answers with no server.
    via_store = go("store")
    work_store = via_store.new_module()
    (work_store / "m.go").write_text('package m\n\nimport _ "rsc.io/quote"\n')
    download_dir = proxy.store.download_dir
    offline = via_store.run(["get", "rsc.io/quote@v1.5.2"], f"file://{download_dir}", cwd=work_store)
    assert offline.returncode == 0, offline.stderr
    assert _sum_lines(work_store) == _sum_lines(work)


def test_mod_download_json_and_versions(fixture_tree, start_upstream, start_proxy, go) -> None:
    upstream = start_upstream(fixture_tree)
    proxy = start_proxy(upstream=tuple(parse_chain(upstream.url)))
    runner = go()
    targets = ["rsc.io/QUOTE@v1.5.3-PRE", "example.com/version@v1.1.0", "rsc.io/sampler@v1.99.99"]
    result = runner.run(["mod", "download", "-json", *targets], proxy.url)
    assert result.returncode == 0, result.stderr
    decoder = json.JSONDecoder()
    text, records = result.stdout.strip(), []
    while text:
        record, end = decoder.raw_decode(text)
        records.append(record)
        text = text[end:].strip()
    assert [r["Path"] + "@" + r["Version"] for r in records] == targets
    assert all(r.get("Sum", "").startswith("h1:") and "Error" not in r for r in records)

    reference = go("ref").run(["mod", "download", "-json", *targets], f"file://{fixture_tree}")
    ref_sums = sorted(line for line in reference.stdout.splitlines() if '"Sum"' in line or "GoModSum" in line)
    got_sums = sorted(line for line in result.stdout.splitlines() if '"Sum"' in line or "GoModSum" in line)
    assert got_sums == ref_sums

    versions = runner.run(["list", "-m", "-versions", "rsc.io/sampler"], proxy.url)
    assert versions.returncode == 0, versions.stderr
    assert versions.stdout.split()[0] == "rsc.io/sampler"
    assert "v1.99.99" in versions.stdout.split() and "v1.3.0" in versions.stdout.split()

    # Case-encoded paths land in the store under their escaped names.
    assert (proxy.store.download_dir / "rsc.io/!q!u!o!t!e/@v/v1.5.3-!p!r!e.zip").is_file()
    assert proxy.service.metrics.hits["zip"] == 0

    # A second, cold module cache is served from the store: no new upstream zip requests.
    before = upstream.count(".zip")
    again = go("again").run(["mod", "download", "-json", *targets], proxy.url)
    assert again.returncode == 0, again.stderr
    assert upstream.count(".zip") == before
    assert proxy.service.metrics.hits["zip"] == 3


def test_unknown_module_is_404_text_plain(fixture_tree, start_upstream, start_proxy, go) -> None:
    import httpx

    upstream = start_upstream(fixture_tree)
    proxy = start_proxy(upstream=tuple(parse_chain(upstream.url)))
    response = httpx.get(f"{proxy.url}/example.com/nope/@v/v1.0.0.info")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/plain")
    bad = httpx.get(f"{proxy.url}/example.com/Upper/@v/list")
    assert bad.status_code == 404 and "upper-case" in bad.text
    result = go().run(["mod", "download", "example.com/nope@v1.0.0"], proxy.url)
    assert result.returncode != 0
    assert "404" in result.stderr or "not found" in result.stderr
