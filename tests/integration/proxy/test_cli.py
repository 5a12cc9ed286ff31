"""The real ``wslgo proxy`` process: kill -9 mid-fetch, --daemon/stop, import/export/stats, S3."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.integration.proxy.conftest import Fault, Upstream
from tests.modfixtures import build_zip
from wslgo.cli.main import main
from wslgo.home import proxy_dir
from wslgo.proxy.chain import parse_chain
from wslgo.proxy.upstream import IN_MEMORY_BODY

pytestmark = pytest.mark.integration

ZIP = "rsc.io/quote/@v/v1.5.2.zip"


def _serve(*args: str) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "wslgo", "proxy", "serve", "--listen", "127.0.0.1:0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.startswith("wslgo proxy listening on "), line
    return process, line.split()[4]


def _get_ignoring_errors(url: str) -> None:
    try:
        httpx.get(url, timeout=60)
    except httpx.HTTPError:
        pass  # the proxy is killed under this request on purpose


def _big_module_tree(root: Path, fixture_tree: Path) -> tuple[str, bytes]:
    """The fixtures plus example.com/big v1.0.0, whose zip is larger than a body kept in memory."""
    shutil.copytree(fixture_tree, root)
    module, version = "example.com/big", "v1.0.0"
    mod = f"module {module}\n".encode()
    versions = root / module / "@v"
    versions.mkdir(parents=True)
    (versions / f"{version}.mod").write_bytes(mod)
    (versions / f"{version}.info").write_text(f'{{"Version":"{version}"}}')
    (versions / "list").write_text(f"{version}\n")
    with open(versions / f"{version}.zip", "wb") as handle:
        build_zip(handle, module, version, [("go.mod", mod), ("blob.bin", os.urandom(3 * IN_MEMORY_BODY))])
    # Random bytes do not deflate: half of this zip is more than IN_MEMORY_BODY, so it spills to tmp/.
    return f"{module}/@v/{version}.zip", (versions / f"{version}.zip").read_bytes()


def _kill_mid_fetch(
    process: subprocess.Popen[str], url: str, upstream: Upstream, key: str, staging: Path | None = None
) -> None:
    """Request ``key`` and SIGKILL the proxy while the upstream holds back the second half of it
    (once the first half is in ``staging``, when given)."""
    try:
        threading.Thread(target=_get_ignoring_errors, args=(f"{url}/{key}",), daemon=True).start()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not upstream.count(key):
            time.sleep(0.05)
        assert upstream.count(key), "the fetch never started"
        while staging is not None and time.monotonic() < deadline and not any(staging.glob("zip-*")):
            time.sleep(0.05)
        time.sleep(0.3)  # the first half is in flight / in memory / in the staged file
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(10)


def test_kill_9_during_fetch_leaves_no_partial_object(fixture_tree, tmp_path, start_upstream, go) -> None:
    big_key, big_zip = _big_module_tree(tmp_path / "upstream", fixture_tree)
    upstream = start_upstream(tmp_path / "upstream")
    store = proxy_dir() / "cache" / "download"
    staging = proxy_dir() / "tmp"

    # A small zip is held in memory until it is validated: killed mid-body, nothing is on disk.
    upstream.faults[ZIP] = Fault("slow", delay=30.0)
    process, url = _serve("--upstream", upstream.url)
    httpx.get(f"{url}/rsc.io/quote/@v/v1.5.2.mod", timeout=30).raise_for_status()
    _kill_mid_fetch(process, url, upstream, ZIP)
    assert not (store / ZIP).exists()
    assert (store / "rsc.io/quote/@v/v1.5.2.mod").is_file()  # complete objects survive
    assert list(staging.iterdir()) == []

    # A large one streams into tmp/ as it arrives: the kill leaves an orphan there, never in the cache.
    upstream.faults[big_key] = Fault("slow", delay=30.0)
    process, url = _serve("--upstream", upstream.url)
    httpx.get(f"{url}/{big_key.replace('.zip', '.mod')}", timeout=30).raise_for_status()
    _kill_mid_fetch(process, url, upstream, big_key, staging)
    assert not (store / big_key).exists()
    orphans = list(staging.glob("zip-*"))
    assert orphans and 0 < orphans[0].stat().st_size < len(big_zip)

    upstream.faults.clear()
    process, url = _serve("--upstream", upstream.url)
    try:
        assert list(staging.iterdir()) == []  # orphans cleared on start
        result = go().run(["mod", "download", "rsc.io/quote@v1.5.2", "example.com/big@v1.0.0"], url)
        assert result.returncode == 0, result.stderr
        assert (store / ZIP).read_bytes() == (fixture_tree / ZIP).read_bytes()
        assert (store / big_key).read_bytes() == big_zip
    finally:
        process.terminate()
        process.wait(10)


def test_daemon_survives_and_stop_kills_it(fixture_tree, tmp_path) -> None:
    pid_file = tmp_path / "proxy.pid"
    port_probe = __import__("socket").create_server(("127.0.0.1", 0))
    port = port_probe.getsockname()[1]
    port_probe.close()
    started = subprocess.run(
        [
            sys.executable,
            "-m",
            "wslgo",
            "proxy",
            "serve",
            "--daemon",
            "--listen",
            f"127.0.0.1:{port}",
            "--upstream",
            f"file://{fixture_tree}",
            "--pid-file",
            str(pid_file),
        ],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert started.returncode == 0, started.stderr
    assert f"go env -w 'GOPROXY=http://127.0.0.1:{port}|file://{fixture_tree}'" in started.stdout
    pid = int(pid_file.read_text())
    try:
        assert httpx.get(f"http://127.0.0.1:{port}/healthz").json()["service"] == "wslgo-proxy"
        assert os.getsid(pid) == pid  # its own session: closing the shell does not hang it up
        probe = subprocess.run(
            [sys.executable, "-m", "wslgo", "proxy", "probe", "--url", f"http://127.0.0.1:{port}"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert probe.returncode == 0 and "✓ wslgo proxy" in probe.stdout
    finally:
        stopped = subprocess.run(
            [sys.executable, "-m", "wslgo", "proxy", "stop", "--pid-file", str(pid_file)],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    assert stopped.returncode == 0, stopped.stdout
    assert not pid_file.exists()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)


def test_probe_reports_nothing_listening(capsys) -> None:
    assert main(["proxy", "probe", "--url", "http://127.0.0.1:9"]) == 1
    assert "✗" in capsys.readouterr().out


def test_import_a_real_module_cache_then_export(fixture_tree, go, tmp_path, capsys) -> None:
    runner = go("source")
    result = runner.run(
        ["mod", "download", "rsc.io/quote@v1.5.2", "rsc.io/sampler@v1.3.0"], f"file://{fixture_tree}"
    )
    assert result.returncode == 0, result.stderr
    cache = runner.home / "modcache"
    # A half-written zip another go left behind must be refused, not imported.
    (cache / "cache/download/rsc.io/sampler/@v/v1.3.0.zip").write_bytes(b"PK\x03\x04 truncated")

    assert main(["proxy", "import", str(cache)]) == 1
    out = capsys.readouterr()
    assert "rejected" in out.out and "v1.3.0.zip" in out.err
    download = proxy_dir() / "cache" / "download"
    assert (download / ZIP).is_file()
    assert not (download / "rsc.io/sampler/@v/v1.3.0.zip").exists()
    assert not list(download.rglob("*.lock")) and not list(download.rglob("*.ziphash"))

    assert main(["proxy", "stats", "--format", "json"]) == 0
    stats = __import__("json").loads(capsys.readouterr().out)
    assert stats["schema_version"] == 1 and stats["zips"] == 1

    exported = tmp_path / "exported"
    assert main(["proxy", "export", str(exported)]) == 0
    check = go("check").run(["mod", "download", "rsc.io/quote@v1.5.2"], f"file://{exported}")
    assert check.returncode == 0, check.stderr


def test_usage_errors_are_one_line(capsys) -> None:
    assert main(["proxy", "serve", "--upstream", "ftp://x"]) == 2
    assert "must be https, http or file" in capsys.readouterr().err
    assert main(["proxy", "serve", "--listen", "nowhere"]) == 2


def test_systemd_unit(capsys) -> None:
    assert main(["proxy", "unit", "--listen", "127.0.0.1:3000"]) == 0
    text = capsys.readouterr().out
    assert "ExecStart=" in text and "proxy serve --listen 127.0.0.1:3000" in text
    assert main(["proxy", "unit", "--install"]) == 0
    assert (Path(os.environ["XDG_CONFIG_HOME"]) / "systemd/user/wslgo-proxy.service").is_file()


def test_s3_store_against_moto(fixture_tree, start_upstream, start_proxy, go, monkeypatch, tmp_path) -> None:
    moto_server = pytest.importorskip("moto.server")
    import boto3

    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        for name, value in {
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": endpoint,
        }.items():
            monkeypatch.setenv(name, value)
        boto3.client("s3").create_bucket(Bucket="team-mods")
        from wslgo.proxy.store import S3Store

        store = S3Store("s3://team-mods/go", tmp_path)
        upstream = start_upstream(fixture_tree)
        proxy = start_proxy(store=store, upstream=tuple(parse_chain(upstream.url)))
        result = go("s3").run(["mod", "download", "-json", "rsc.io/quote@v1.5.2"], proxy.url)
        assert result.returncode == 0, result.stderr
        keys = set(store.iter_keys())
        assert {
            "rsc.io/quote/@v/v1.5.2.zip",
            "rsc.io/quote/@v/v1.5.2.mod",
            "rsc.io/quote/@v/v1.5.2.info",
        } <= keys
        # A second proxy on the same bucket (a teammate) serves it without touching the upstream.
        before = len(upstream.requests)
        teammate = start_proxy(
            store=S3Store("s3://team-mods/go", tmp_path / "b"), upstream=tuple(parse_chain(upstream.url))
        )
        again = go("s3b").run(["mod", "download", "rsc.io/quote@v1.5.2"], teammate.url)
        assert again.returncode == 0, again.stderr
        assert len(upstream.requests) == before
    finally:
        server.stop()
