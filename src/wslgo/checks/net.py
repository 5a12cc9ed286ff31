"""NET checks: can the go command reach its module proxies (SPEC §3)?

Reachability comes from the collector's ``http-probe`` records (argv ``["http-probe", URL]``, ``rc`` = the
HTTP status, ``error`` = "timeout", "connect-refused", …): any HTTP status means the server answered.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from wslgo.checks.model import Finding, error, ok, skipped, warning
from wslgo.checks.registry import check
from wslgo.evidence.model import Evidence
from wslgo.evidence.queries import go_env
from wslgo.facts.go import setting
from wslgo.golang.goproxy import is_loopback_url, parse_goproxy

#: The wslgo proxy's health endpoint answers JSON containing this marker (SPEC §6).
WSLGO_PROXY_MARKER = '"wslgo-proxy"'
SERVE = "wslgo proxy serve --daemon"


def _goproxy(evidence: Evidence) -> tuple[list[str], str, Finding | None]:
    read = go_env(evidence)
    if read.values is None:
        return [], "", skipped(f"Skipped: {read.reason}.")
    item = setting(evidence, "GOPROXY", read.values)
    proxies = parse_goproxy(item.value or "")
    urls = proxies.network_urls
    return urls, f"GOPROXY={item.value} ({item.source})", None


@check("NET001", "GOPROXY reachable", needs_network=True)
def proxies_reachable(evidence: Evidence) -> list[Finding]:
    urls, where, skip = _goproxy(evidence)
    if skip:
        return [skip]
    if not urls:
        return [ok(f"{where} names no HTTP proxy to reach.")]
    findings: list[Finding] = []
    unknown: list[str] = []
    for url in urls:
        probe = evidence.command("http-probe", url)
        if probe is None:
            unknown.append(url)
        elif probe.error is not None:
            findings.append(
                warning(
                    f"{url} from {where} did not answer (http-probe: {probe.error}, "
                    f"{probe.duration_s:.1f} s): downloads through it fail or wait for the timeout.",
                    fix=f"curl -sSI {url}  (check DNS, VPN and HTTPS_PROXY; or drop it from GOPROXY)",
                )
            )
        else:
            findings.append(ok(f"{url} answered HTTP {probe.rc} in {probe.duration_s:.2f} s ({where})."))
    if unknown and len(unknown) == len(urls):
        return [skipped(f"Skipped: no http-probe was recorded for {', '.join(unknown)}.")]
    return findings


def _no_proxy_covers(no_proxy: str, host: str) -> bool:
    for pattern in (p.strip().lower() for p in no_proxy.split(",")):
        if not pattern:
            continue
        if pattern == "*":
            return True
        name = pattern.rsplit(":", 1)[0] if pattern.count(":") == 1 else pattern
        name = name.lstrip("*").lstrip(".")
        if host == name or host.endswith("." + name):
            return True
        if "/" in name and host[:1].isdigit():
            import ipaddress

            try:
                if ipaddress.ip_address(host) in ipaddress.ip_network(name, strict=False):
                    return True
            except ValueError:
                continue
    return False


def _private_host(host: str) -> bool:
    import ipaddress

    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return "." not in host or host.endswith((".local", ".lan", ".internal", ".home.arpa"))
    return address.is_private or address.is_link_local


@check("NET002", "HTTP proxy bypassed for a local GOPROXY")
def http_proxy_bypass(evidence: Evidence) -> list[Finding]:
    urls, where, skip = _goproxy(evidence)
    if skip:
        return [skip]
    env = evidence.env
    http_proxy = next(
        ((n, env[n]) for n in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy") if env.get(n)), None
    )
    local = [u for u in urls if is_loopback_url(u) or _private_host((urlsplit(u).hostname or "").lower())]
    if not local:
        return [ok(f"{where} uses no local proxy.")]
    if http_proxy is None:
        return [ok(f"No HTTP(S)_PROXY is set, so the local proxy {local[0]} is reached directly.")]
    no_proxy_name = next((n for n in ("NO_PROXY", "no_proxy") if env.get(n)), None)
    no_proxy = env.get(no_proxy_name, "") if no_proxy_name else ""
    findings: list[Finding] = []
    for url in local:
        host = (urlsplit(url).hostname or "").lower()
        if _no_proxy_covers(no_proxy, host):
            continue
        no_proxy_text = f"{no_proxy_name}={no_proxy}" if no_proxy_name else "NO_PROXY is not set"
        if is_loopback_url(url):
            effect = (
                "the go command itself never proxies loopback addresses, but curl, editors and other tools "
                "(and wslgo's own probe) send the request to the HTTP proxy, which cannot reach this machine"
            )
        else:
            effect = "the go command sends its module requests to the HTTP proxy, which cannot reach it"
        wanted = ",".join(
            dict.fromkeys([*(p for p in no_proxy.split(",") if p), "localhost", "127.0.0.1", "::1"])
        )
        if not is_loopback_url(url):
            wanted += f",{host}"
        findings.append(
            warning(
                f"env {http_proxy[0]} is set and {no_proxy_text} does not cover {host} from "
                f"{where}: {effect}.",
                fix=f"export NO_PROXY={wanted}  (and the same in lower case: no_proxy)",
            )
        )
    if findings:
        return findings
    return [ok(f"{no_proxy_name}={no_proxy} covers the local proxy in {where}.")]


@check("NET003", "Local wslgo proxy answering")
def wslgo_proxy_up(evidence: Evidence) -> list[Finding]:
    urls, where, skip = _goproxy(evidence)
    if skip:
        return [skip]
    local = [u for u in urls if is_loopback_url(u)]
    if not local:
        return [ok(f"{where} does not use a local (loopback) proxy.")]
    findings: list[Finding] = []
    for url in local:
        probe = evidence.command("http-probe", url)
        base = url.rstrip("/")
        health = evidence.command("http-probe", base + "/healthz")
        if probe is None and health is None:
            reason = "offline mode" if evidence.meta.offline else "no http-probe recorded"
            findings.append(skipped(f"Skipped: {url} from {where} was not probed ({reason})."))
            continue
        answered = [p for p in (probe, health) if p is not None and p.error is None]
        if not answered:
            failed = probe if probe is not None else health
            assert failed is not None
            findings.append(
                error(
                    f"The local proxy {url} from {where} is not answering (http-probe: "
                    f"{failed.error}): every "
                    "module download fails or falls back.",
                    # setup's proxy step only edits GOPROXY; starting the proxy is this command.
                    fix=SERVE,
                )
            )
            continue
        is_wslgo = health is not None and health.error is None and WSLGO_PROXY_MARKER in health.stdout
        name = "the wslgo proxy" if is_wslgo else "a local proxy"
        status = answered[0].rc
        findings.append(ok(f"{url} ({where}) answers HTTP {status}: {name} is up."))
    return findings
