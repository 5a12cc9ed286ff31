"""NET001–NET003 from http-probe records (argv ["http-probe", URL]) and real go env -json."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import cmd, make_evidence
from tests.unit.checks.gohelpers import go_evidence, statuses
from wslgo.checks.model import Status
from wslgo.checks.net import http_proxy_bypass, proxies_reachable, wslgo_proxy_up
from wslgo.checks.registry import all_checks

LOCAL = "http://127.0.0.1:3000"
NO_GO = make_evidence(
    env={"PATH": "/usr/bin"}, commands=[cmd("go", "env", "-json", rc=None, error="not-found")]
)


def test_net001_needs_network_and_probes(go_binary: Path) -> None:
    assert next(c for c in all_checks() if c.id == "NET001").needs_network
    env = {"GOPROXY": "https://goproxy.cn|https://proxy.golang.org|direct"}
    probes = [
        cmd("http-probe", "https://goproxy.cn", rc=404),
        cmd(
            "http-probe", "https://proxy.golang.org", rc=None, error="connect-failed: Network is unreachable"
        ),
    ]
    findings = proxies_reachable(go_evidence(go_binary, env=env, commands=probes))
    assert statuses(findings) == ["ok", "warning"]
    assert "Network is unreachable" in findings[1].message
    assert statuses(proxies_reachable(go_evidence(go_binary, env=env))) == ["skipped"]
    assert statuses(proxies_reachable(NO_GO)) == ["skipped"]


def test_net002_proxy_without_no_proxy(go_binary: Path) -> None:
    env = {
        "GOPROXY": f"{LOCAL}|https://proxy.golang.org|direct",
        "HTTPS_PROXY": "http://proxy.corp.example:8080",
    }
    (finding,) = http_proxy_bypass(go_evidence(go_binary, env=env))
    assert finding.status is Status.WARNING and "127.0.0.1" in finding.message
    assert finding.fix is not None and "NO_PROXY=localhost,127.0.0.1,::1" in finding.fix
    covered = go_evidence(go_binary, env={**env, "NO_PROXY": "localhost,127.0.0.1"})
    assert statuses(http_proxy_bypass(covered)) == ["ok"]
    lan = go_evidence(
        go_binary, env={**env, "GOPROXY": "http://192.168.1.10:3000|direct", "NO_PROXY": "localhost"}
    )
    (finding,) = http_proxy_bypass(lan)
    assert finding.status is Status.WARNING and "the go command sends" in finding.message
    assert statuses(http_proxy_bypass(go_evidence(go_binary))) == ["ok"]
    assert statuses(http_proxy_bypass(NO_GO)) == ["skipped"]


def test_net003_wslgo_proxy_down_and_up(go_binary: Path) -> None:
    env = {"GOPROXY": f"{LOCAL}|https://proxy.golang.org|direct"}
    down = go_evidence(
        go_binary, env=env, commands=[cmd("http-probe", LOCAL, rc=None, error="connect-refused")]
    )
    (finding,) = wslgo_proxy_up(down)
    assert finding.status is Status.ERROR and finding.fix == "wslgo proxy serve --daemon"
    up = go_evidence(
        go_binary,
        env=env,
        commands=[
            cmd("http-probe", LOCAL, rc=404),
            cmd(
                "http-probe", LOCAL + "/healthz", rc=200, stdout='{"status": "ok", "service": "wslgo-proxy"}'
            ),
        ],
    )
    (finding,) = wslgo_proxy_up(up)
    assert finding.status is Status.OK and "wslgo proxy" in finding.message
    assert statuses(wslgo_proxy_up(go_evidence(go_binary, env=env, offline=True))) == ["skipped"]
    assert statuses(wslgo_proxy_up(go_evidence(go_binary))) == ["ok"]
