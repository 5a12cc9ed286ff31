#!/usr/bin/env python3
"""Benchmark the wslgo module proxy (SPEC §6 targets), everything on 127.0.0.1, bounded in time.

1. Warm hits: wrk requests/s for a 1 MB zip and for a .mod, against nginx serving the SAME files from
   the SAME disk in the same run (target ≥ 0.5× nginx); the same for a Starlette file server under
   uvicorn and granian (the stack choice).
2. ``go mod download`` of the whole fixture graph through the warm proxy vs ``GOPROXY=file://`` on the
   same store (target ≤ 1.2×).
3. RSS of the proxy while 50 clients download a 100 MB zip at once (target < 150 MB).

Warm hits are measured ``--runs`` times, interleaving the servers in each round, and reported as
medians with the ratio to nginx of each round. ``--baseline-src DIR`` adds a second wslgo server run
from another source tree (``git archive <commit> src | tar -x -C DIR``: before/after in one run).

Usage: python bench/proxy_bench.py [--duration 5] [--runs 3] [--json out.json] [--skip-stacks]
       [--skip-rss] [--warm-only] [--workers N] [--baseline-src DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))  # tests.modfixtures: the module graph the proxy tests use

from tests.modfixtures import build_proxy_tree  # noqa: E402

from wslgo.proxy.store import FileStore  # noqa: E402
from wslgo.proxy.transfer import import_tree  # noqa: E402

CORPUS = REPO / "tests" / "data" / "gomod"


def free_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as sock:
        return int(sock.getsockname()[1])


def wait_http(url: str, timeout: float = 15.0) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=1.0, trust_env=False)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit(f"server at {url} did not come up")


def go_binary() -> str:
    import go  # type: ignore[import-not-found]

    return str(Path(go.__file__).parent / "bin" / "go")


def make_module_zip(path: Path, module: str, version: str, size: int) -> None:
    """A valid module zip holding ``size`` bytes of incompressible data (stored, like a vendored blob)."""
    mod = f"module {module}\n".encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(f"{module}@{version}/go.mod", mod)
        with archive.open(f"{module}@{version}/blob.bin", "w", force_zip64=True) as blob:
            remaining = size
            while remaining > 0:
                chunk = os.urandom(min(remaining, 1 << 20))
                blob.write(chunk)
                remaining -= len(chunk)
    (path.parent / f"{version}.mod").write_bytes(mod)
    (path.parent / f"{version}.info").write_text(json.dumps({"Version": version}))


def wrk(url: str, duration: int, connections: int = 32) -> float:
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", url],
        capture_output=True,
        text=True,
        timeout=duration + 30,
    )
    match = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
    if not match or "Non-2xx" in result.stdout:
        raise SystemExit(f"wrk failed for {url}:\n{result.stdout}\n{result.stderr}")
    return float(match.group(1))


def start_nginx(root: Path, work: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    conf = work / "nginx.conf"
    conf.write_text(
        f"""worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  sendfile on; tcp_nopush on;
  client_body_temp_path {work}/nginx-body;
  proxy_temp_path {work}/nginx-proxy;
  fastcgi_temp_path {work}/nginx-fastcgi;
  uwsgi_temp_path {work}/nginx-uwsgi;
  scgi_temp_path {work}/nginx-scgi;
  server {{ listen 127.0.0.1:{port}; root {root}; }}
}}
"""
    )
    process = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(work)])
    wait_http(f"http://127.0.0.1:{port}/")
    return process, port


def start_wslgo(
    store_root: Path, home: Path, src: Path = REPO / "src", workers: int = 1
) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = dict(os.environ, WSLGO_HOME=str(home), PYTHONPATH=str(src))
    extra = ["--workers", str(workers)] if workers > 1 else []
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "wslgo",
            "proxy",
            "serve",
            "--listen",
            f"127.0.0.1:{port}",
            "--offline",
            "--storage",
            str(store_root),
            "--upstream",
            "off",
            *extra,
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_http(f"http://127.0.0.1:{port}/healthz")
    return process, port


def start_asgi(server: str, download_dir: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = dict(os.environ, BENCH_STORE=str(download_dir), PYTHONPATH=str(REPO / "bench" / "proxy"))
    if server == "uvicorn":
        argv = [
            sys.executable,
            "-m",
            "uvicorn",
            "stack_app:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ]
    else:
        argv = [
            sys.executable,
            "-m",
            "granian",
            "--interface",
            "asgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "--log-level",
            "warning",
            "--no-ws",
            "stack_app:app",
        ]
    process = subprocess.Popen(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO / "bench" / "proxy"
    )
    wait_http(f"http://127.0.0.1:{port}/")
    return process, port


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def fixture_targets(download_dir: Path) -> list[str]:
    targets = []
    for zip_path in sorted(download_dir.rglob("*.zip")):
        rel = zip_path.relative_to(download_dir).as_posix()
        module_esc, _, file = rel.partition("/@v/")
        if module_esc.startswith(("example.com/bench", "golang.org/toolchain")):
            # toolchain zips must be checksum-verified by the go command, which GOSUMDB=off forbids
            continue
        from wslgo.proxy.modpath import unescape

        targets.append(f"{unescape(module_esc)}@{unescape(file[:-4])}")
    return targets


def go_env(goproxy: str, cache: Path, work: Path) -> dict[str, str]:
    return dict(
        os.environ,
        GOPROXY=goproxy,
        GOSUMDB="off",
        GOFLAGS="-modcacherw",
        GOMODCACHE=str(cache),
        GOCACHE=str(work / "gocache"),
        GOTOOLCHAIN="local",
        GOENV="off",
    )


def downloadable(targets: list[str], goproxy: str, work: Path) -> list[str]:
    """The fixture versions the go command itself accepts (some are broken on purpose upstream)."""
    cache = Path(tempfile.mkdtemp(dir=work, prefix="gomodcache-"))
    result = subprocess.run(
        [go_binary(), "mod", "download", "-json", *targets],
        env=go_env(goproxy, cache, work),
        capture_output=True,
        text=True,
        cwd=work,
        timeout=300,
    )
    shutil.rmtree(cache, ignore_errors=True)
    decoder, text, good = json.JSONDecoder(), result.stdout.strip(), []
    while text:
        record, end = decoder.raw_decode(text)
        text = text[end:].strip()
        if "Error" not in record:
            good.append(f"{record['Path']}@{record['Version']}")
    return good


def go_download(targets: list[str], goproxy: str, work: Path) -> float:
    cache = Path(tempfile.mkdtemp(dir=work, prefix="gomodcache-"))
    env = go_env(goproxy, cache, work)
    started = time.perf_counter()
    result = subprocess.run(
        [go_binary(), "mod", "download", *targets],
        env=env,
        capture_output=True,
        text=True,
        cwd=work,
        timeout=300,
    )
    elapsed = time.perf_counter() - started
    shutil.rmtree(cache, ignore_errors=True)
    if result.returncode != 0:
        raise SystemExit(f"go mod download via {goproxy} failed:\n{result.stderr[-2000:]}")
    return elapsed


def rss_during_downloads(port: int, pid: int, key: str, clients: int) -> tuple[float, float, int]:
    """Peak VmRSS (MB) of ``pid`` while ``clients`` stream ``key`` concurrently; baseline; bytes."""
    import httpx

    def rss_mb() -> float:
        text = Path(f"/proc/{pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+)", text).group(1)) / 1024  # type: ignore[union-attr]

    baseline = rss_mb()
    peak = baseline
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, rss_mb())
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()

    async def one(client: httpx.AsyncClient) -> int:
        received = 0
        async with client.stream("GET", f"http://127.0.0.1:{port}/{key}") as response:
            assert response.status_code == 200
            async for chunk in response.aiter_raw(1 << 20):
                received += len(chunk)
                await asyncio.sleep(0.001)  # slow-ish readers keep all 50 in flight together
        return received

    async def all_clients() -> int:
        async with httpx.AsyncClient(
            timeout=300, limits=httpx.Limits(max_connections=clients), trust_env=False
        ) as c:
            return sum(await asyncio.gather(*(one(c) for _ in range(clients))))

    total = asyncio.run(all_clients())
    done.set()
    sampler.join()
    return peak, baseline, total


class _Done(Exception):
    """Leave the measurement block early (--warm-only) through the same clean-up."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--repeats", type=int, default=3, help="go mod download repeats")
    parser.add_argument("--json", type=Path, help="write results here")
    parser.add_argument("--skip-stacks", action="store_true")
    parser.add_argument("--skip-rss", action="store_true")
    parser.add_argument("--runs", type=int, default=3, help="rounds of wrk runs over all servers")
    parser.add_argument("--warm-only", action="store_true", help="only the wrk warm-hit comparison")
    parser.add_argument("--workers", type=int, default=1, help="wslgo proxy worker processes")
    parser.add_argument("--baseline-src", type=Path, help="src/ of another wslgo version to compare")
    args = parser.parse_args()

    results: dict[str, object] = {"schema_version": 1, "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="wslgo-proxy-bench-") as tmp:
        work = Path(tmp)
        work.chmod(0o755)  # nginx workers run as an unprivileged user and must read the store
        upstream = work / "upstream"
        build_proxy_tree(CORPUS, upstream)
        store_root = work / "store"
        store = FileStore(store_root)
        report = import_tree(upstream, store)  # validated: the warm store holds only acceptable objects
        download_dir = store.download_dir
        make_module_zip(
            download_dir / "example.com/bench1m/@v/v1.0.0.zip", "example.com/bench1m", "v1.0.0", 1 << 20
        )
        if not args.skip_rss and not args.warm_only:
            make_module_zip(
                download_dir / "example.com/bench100m/@v/v1.0.0.zip",
                "example.com/bench100m",
                "v1.0.0",
                100 << 20,
            )
        results["store_objects"] = report.copied
        results["rejected_fixture_objects"] = len(report.rejected)
        zip_key, mod_key = "example.com/bench1m/@v/v1.0.0.zip", "rsc.io/quote/@v/v1.5.2.mod"

        servers: dict[str, tuple[subprocess.Popen[bytes], int]] = {}
        try:
            servers["nginx"] = start_nginx(download_dir, work)
            ours_name = "wslgo" if args.workers == 1 else f"wslgo ({args.workers} workers)"
            servers[ours_name] = start_wslgo(store_root, work / "home", workers=args.workers)
            if args.baseline_src is not None:
                servers["wslgo baseline"] = start_wslgo(store_root, work / "home-base", src=args.baseline_src)
            if not args.skip_stacks and not args.warm_only:
                servers["starlette+uvicorn"] = start_asgi("uvicorn", download_dir)
                try:
                    servers["starlette+granian"] = start_asgi("granian", download_dir)
                except SystemExit as exc:
                    print(f"granian skipped: {exc}", file=sys.stderr)
            runs: dict[str, dict[str, list[float]]] = {
                name: {"zip_1mb_rps": [], "mod_rps": []} for name in servers
            }
            for round_no in range(1, args.runs + 1):
                for name, (_, port) in servers.items():
                    zip_rps = wrk(f"http://127.0.0.1:{port}/{zip_key}", args.duration)
                    mod_rps = wrk(f"http://127.0.0.1:{port}/{mod_key}", args.duration)
                    runs[name]["zip_1mb_rps"].append(zip_rps)
                    runs[name]["mod_rps"].append(mod_rps)
                    print(
                        f"run {round_no} {name:22s} 1 MB zip {zip_rps:9.0f} req/s  .mod {mod_rps:9.0f} req/s",
                        flush=True,
                    )
            results["warm_hits_runs"] = runs
            results["warm_hits"] = {
                name: {what: round(statistics.median(values), 1) for what, values in measured.items()}
                for name, measured in runs.items()
            }
            ratios: dict[str, dict[str, object]] = {}
            for name in servers:
                if name == "nginx":
                    continue
                per_run = {
                    what: [
                        round(ours / theirs, 3)
                        for ours, theirs in zip(runs[name][what], runs["nginx"][what], strict=True)
                    ]
                    for what in ("zip_1mb_rps", "mod_rps")
                }
                ratios[name] = {
                    "zip_1mb": per_run["zip_1mb_rps"],
                    "mod": per_run["mod_rps"],
                    "zip_1mb_median": statistics.median(per_run["zip_1mb_rps"]),
                    "mod_median": statistics.median(per_run["mod_rps"]),
                }
                print(
                    f"{name}/nginx: zip {ratios[name]['zip_1mb_median']:.2f}× {per_run['zip_1mb_rps']}, "
                    f"mod {ratios[name]['mod_median']:.2f}× {per_run['mod_rps']}",
                    flush=True,
                )
            results["ratio_vs_nginx"] = ratios
            for name in list(servers):
                if name != ours_name:
                    stop(servers.pop(name)[0])
            if args.warm_only:
                raise _Done

            process, port = servers[ours_name]
            targets = downloadable(fixture_targets(download_dir), f"file://{download_dir}", work)
            proxy_times = [
                go_download(targets, f"http://127.0.0.1:{port}", work) for _ in range(args.repeats)
            ]
            file_times = [go_download(targets, f"file://{download_dir}", work) for _ in range(args.repeats)]
            results["go_mod_download"] = {
                "modules": len(targets),
                "proxy_s": [round(t, 3) for t in proxy_times],
                "file_s": [round(t, 3) for t in file_times],
                "ratio_median": round(statistics.median(proxy_times) / statistics.median(file_times), 3),
            }
            print(
                f"go mod download of {len(targets)} module versions: proxy median "
                f"{statistics.median(proxy_times):.2f}s, "
                f"file:// median {statistics.median(file_times):.2f}s, "
                f"ratio {results['go_mod_download']['ratio_median']:.2f}×",
                flush=True,
            )  # type: ignore[index]

            if not args.skip_rss:
                peak, baseline, total = rss_during_downloads(
                    port, process.pid, "example.com/bench100m/@v/v1.0.0.zip", 50
                )
                results["rss_50x100mb"] = {
                    "peak_mb": round(peak, 1),
                    "baseline_mb": round(baseline, 1),
                    "bytes_served": total,
                }
                print(
                    f"RSS during 50 concurrent 100 MB downloads: "
                    f"peak {peak:.1f} MB (idle {baseline:.1f} MB), "
                    f"{total / 1e9:.2f} GB served",
                    flush=True,
                )
        except _Done:
            pass
        finally:
            for process, _ in servers.values():
                stop(process)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
