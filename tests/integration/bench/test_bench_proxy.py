"""``wslgo bench proxy`` end to end: the real go binary, a real wslgo proxy, and a static upstream on
127.0.0.1 built from the Go project's module fixtures, which records every request it gets."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.integration.bench.conftest import scratch_left
from tests.modfixtures import build_proxy_tree
from wslgo.bench.gobinary import resolve_go
from wslgo.bench.model import loads_report
from wslgo.bench.proxybench import run_proxy_bench
from wslgo.bench.proxyplan import ROUTE_COLD, ROUTE_FILE, ROUTE_UPSTREAM, ROUTE_WARM, ROUTES, DownloadSource
from wslgo.bench.tempdirs import ScratchArea
from wslgo.cli.main import main

pytestmark = pytest.mark.integration

#: Fixture modules whose zips follow the module zip rules (the proxy's own tests download them too).
MODULES = ("rsc.io/quote", "rsc.io/sampler", "golang.org/x/text", "rsc.io/QUOTE", "example.com/version")
#: A zip go accepts but the proxy refuses (its go.mod differs from the .mod): fails only via the proxy.
REFUSED_BY_PROXY = "example.com/printversion"

GO_MOD = """module example.com/benchproj

go 1.21

require (
\trsc.io/quote v1.5.2
\texample.com/version v1.1.0
)

require (
\tgolang.org/x/text v0.0.0-20170915032832-14c0d48ead0c // indirect
\trsc.io/sampler v1.3.0 // indirect
)
"""


@dataclass
class StaticUpstream:
    """Serves a proxy-layout directory; ``requests`` holds (path, user agent) of every GET, in order."""

    url: str
    requests: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self) -> int:
        with self.lock:
            return len(self.requests)


class _Handler(SimpleHTTPRequestHandler):
    upstream: StaticUpstream

    def do_GET(self) -> None:
        with self.upstream.lock:
            self.upstream.requests.append((self.path, self.headers.get("User-Agent", "")))
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def fixture_tree(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Path:
    root = tmp_path_factory.mktemp("bench-upstream")
    build_proxy_tree(corpus / "gomod", root, only={*MODULES, REFUSED_BY_PROXY})
    return root


@pytest.fixture
def upstream(fixture_tree: Path) -> Iterator[StaticUpstream]:
    state = StaticUpstream(url="")
    handler = type("Handler", (_Handler,), {"upstream": state})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(fixture_tree)))
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    directory = tmp_path / "project"
    directory.mkdir()
    (directory / "go.mod").write_text(GO_MOD)
    return directory


@pytest.fixture
def bench_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temp dir the CLI puts its scratch dirs in (the report's target), so leftovers can be seen."""
    directory = tmp_path / "tmp"
    directory.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(directory))
    return directory


class RecordingProgress:
    """Snapshots the upstream's request count as each step begins and ends."""

    def __init__(self, upstream: StaticUpstream) -> None:
        self.upstream = upstream
        self.steps: list[tuple[str, int, int]] = []
        self._current: tuple[str, int] | None = None

    def start(self, label: str, total: int | None, completed: int = 0, *, unit: str = "bytes") -> None:
        pass

    def step(self, description: str) -> None:
        self._current = (description, self.upstream.count())

    def advance(self, amount: int = 1) -> None:
        assert self._current is not None
        self.steps.append((*self._current, self.upstream.count()))

    def note(self, message: str) -> None:
        pass

    def finish(self) -> None:
        pass


def test_warm_proxy_and_file_store_never_reach_the_upstream(
    project: Path, upstream: StaticUpstream, go_binary: Path, tmp_path: Path
) -> None:
    toolchain = resolve_go(str(go_binary))
    progress = RecordingProgress(upstream)
    work = tmp_path / "work"
    work.mkdir()
    with ScratchArea() as scratch:
        measurements, facts = run_proxy_bench(
            toolchain,
            DownloadSource(label="p", module_root=project),
            upstream.url,
            repeat=2,
            no_sumdb=True,
            scratch=scratch,
            work_parent=work,
            progress=progress,
        )
        assert scratch_left(work), "scratch dirs exist while the bench runs"
    assert scratch_left(work) == []
    assert (project / "go.mod").read_text() == GO_MOD and not (project / "go.sum").exists()

    assert [m.operation for m in measurements] == list(ROUTES)
    assert all(m.suite == "proxy" and m.target == str(work) for m in measurements)
    assert all(len(m.samples) == 2 and all(s > 0 for s in m.samples) for m in measurements)
    assert facts == {"modules_downloaded": 4, "warm_upstream_fetches": 0}

    requests = {description.split(" (")[0]: after - before for description, before, after in progress.steps}
    assert len(progress.steps) == 8
    for description, before, after in progress.steps:
        if ROUTE_WARM in description or ROUTE_FILE in description:
            assert after == before, f"{description} reached the upstream"
        else:
            assert after > before, f"{description} made no upstream request"
    # go itself (GoCommand) asks the upstream directly; cold runs ask only through the proxy.
    agents = {agent.split("/")[0] for _, agent in upstream.requests}
    assert agents == {"GoCommand", "wslgo-proxy"}
    assert requests[f"download via {ROUTE_COLD}"] > 0 and requests[f"download via {ROUTE_UPSTREAM}"] > 0
    cold = next(m for m in measurements if m.operation == ROUTE_COLD)
    warm = next(m for m in measurements if m.operation == ROUTE_WARM)
    proxied = sum(1 for _, agent in upstream.requests if agent.startswith("wslgo-proxy"))
    assert sum(cold.params["upstream_fetches"]) == proxied and warm.params["upstream_fetches"] == [0, 0]


def test_cli_project_json_plot_and_compare(
    project: Path,
    upstream: StaticUpstream,
    go_binary: Path,
    tmp_path: Path,
    bench_tmp: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # the long tmp path would wrap the table's route names
    report_path, plot_path = tmp_path / "proxy.json", tmp_path / "proxy.svg"
    rc = main(
        ["bench", "proxy", "--project", str(project / "."), "--upstream", upstream.url, "--no-sumdb",
         "--repeat", "1", "--go", str(go_binary), "--json", str(report_path), "--plot", str(plot_path)]
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert rc == 0, err
    assert "proxy warm" in out and "file:// store" in out and "median" in out
    assert "[1/4] download via upstream (repeat 1/1)" in err
    assert scratch_left(bench_tmp) == []

    text = report_path.read_text()
    report = json.loads(text)
    assert report["schema_version"] == 1 and report["kind"] == "wslgo-bench"
    assert report["parameters"]["upstream"] == upstream.url
    assert report["parameters"]["source"] == str(project)
    assert report["parameters"]["modules_downloaded"] == 4
    assert report["parameters"]["gosumdb"] == "off"
    assert set(report["machine"]["filesystems"]) == {str(bench_tmp)}
    keys = [(m["suite"], m["target"], m["operation"]) for m in report["measurements"]]
    assert keys == [("proxy", str(bench_tmp), route) for route in ROUTES]
    for measurement in report["measurements"]:
        assert len(measurement["samples"]) == 1 and measurement["samples"][0] > 0
        assert measurement["filesystem"] == report["machine"]["filesystems"][str(bench_tmp)]
    assert loads_report(text, str(report_path)).dumps() == text

    root = ET.parse(plot_path).getroot()
    assert root.tag.endswith("svg")

    # A second run, from a module list this time: compare joins them on (suite, target, route).
    modules_file = tmp_path / "modules.txt"
    modules_file.write_text("rsc.io/quote@v1.5.2\nrsc.io/QUOTE v1.5.3-PRE\nexample.com/version@v1.1.0\n")
    second = tmp_path / "modules.json"
    rc = main(
        ["bench", "proxy", "--modules", str(modules_file), "--upstream", upstream.url, "--no-sumdb",
         "--repeat", "1", "--go", str(go_binary), "--json", str(second), "--quiet"]
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert rc == 0, err
    assert err == ""
    assert json.loads(second.read_text())["parameters"]["modules_downloaded"] == 3
    rc = main(["bench", "compare", str(report_path), str(second)])
    out, err = capsys.readouterr()
    assert rc == 0, err
    for route in ROUTES:
        assert route in out
    assert "only in" not in out


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    _out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("wslgo: "), err
    assert "Traceback" not in err
    return lines[0]


def test_bad_input_is_one_line_exit_2(
    tmp_path: Path,
    project: Path,
    upstream: StaticUpstream,
    go_binary: Path,
    bench_tmp: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    common = ["--no-sumdb", "--repeat", "1", "--go", str(go_binary), "--quiet"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["bench", "proxy", "--project", str(empty), "--upstream", upstream.url, *common]) == 2
    assert "no go.mod" in _one_line_error(capsys)

    monkeypatch.chdir(empty)
    assert main(["bench", "proxy", "--upstream", upstream.url, *common]) == 2
    assert f"current directory {empty}: no go.mod" in _one_line_error(capsys)

    with socket_closed_port() as port:
        rc = main(
            ["bench", "proxy", "--project", str(project), "--upstream", f"http://127.0.0.1:{port}", *common]
        )
    assert rc == 2
    line = _one_line_error(capsys)
    assert f"127.0.0.1:{port}" in line and "connection refused" in line
    assert "@v1." in line  # names the module it could not fetch

    bad_list = tmp_path / "mods.txt"
    bad_list.write_text("rsc.io/quote@v1.5.2\nexample.com/nope@v1.0.0\n")
    assert main(["bench", "proxy", "--modules", str(bad_list), "--upstream", upstream.url, *common]) == 2
    line = _one_line_error(capsys)
    assert "example.com/nope@v1.0.0" in line and "404" in line

    # The upstream route succeeds, the cold proxy refuses the zip: its answer is in the one line, and
    # the proxy's own log warnings do not leak onto the terminal (a real process: pytest captures logging).
    bad_list.write_text(f"rsc.io/quote@v1.5.2\n{REFUSED_BY_PROXY}@v1.0.0\n")
    refused = subprocess.run(
        [sys.executable, "-m", "wslgo", "bench", "proxy", "--modules", str(bad_list), "--upstream", upstream.url,
         *common],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert refused.returncode == 2, refused.stderr
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("wslgo: "), refused.stderr
    assert "via proxy cold (GOPROXY=http://127.0.0.1:" in lines[0]
    assert f"{REFUSED_BY_PROXY}@v1.0.0: " in lines[0] and "502" in lines[0] and "invalid zip" in lines[0]

    bad_list.write_text("rsc.io/quote@v1.5.2\nexample.com/main\n")
    assert main(["bench", "proxy", "--modules", str(bad_list), *common]) == 2
    assert f"{bad_list}:2: 'example.com/main'" in _one_line_error(capsys)

    both = ["--project", str(project), "--modules", str(bad_list)]
    assert main(["bench", "proxy", *both, *common]) == 2
    assert "exclude each other" in _one_line_error(capsys)

    assert main(["bench", "proxy", "--project", str(project), "--upstream", "off", *common]) == 2
    assert "turned off" in _one_line_error(capsys)
    assert scratch_left(bench_tmp) == []


class socket_closed_port:
    """A port on 127.0.0.1 that nothing listens on (bound, then closed, so it is not reused at once)."""

    def __enter__(self) -> int:
        import socket

        with socket.create_server(("127.0.0.1", 0)) as sock:
            return int(sock.getsockname()[1])

    def __exit__(self, *args: object) -> None:
        pass


def test_ctrl_c_stops_the_proxy_and_removes_scratch(
    project: Path, upstream: StaticUpstream, go_binary: Path, tmp_path: Path
) -> None:
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    env = dict(os.environ, TMPDIR=str(tmpdir), PYTHONUNBUFFERED="1")
    args = ["bench", "proxy", "--project", str(project), "--upstream", upstream.url, "--no-sumdb",
            "--repeat", "100", "--go", str(go_binary)]  # fmt: skip
    proc = subprocess.Popen(
        [sys.executable, "-m", "wslgo", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stderr is not None
    deadline = time.monotonic() + 60
    seen = []
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        seen.append(line)
        if not line or "[7/" in line:  # repeat 2, the warm proxy is running
            break
    if "[7/" not in seen[-1]:
        proc.kill()
        raise AssertionError(f"bench never reached step 7: {''.join(seen)}")
    assert scratch_left(tmpdir)
    proc.send_signal(signal.SIGINT)
    rest = proc.stderr.read()
    assert proc.wait(timeout=60) == 130
    assert "Traceback" not in rest
    assert scratch_left(tmpdir) == []
