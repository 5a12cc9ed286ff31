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
from wslgo.i18n import N_, M

#: The wslgo proxy's health endpoint answers JSON containing this marker (SPEC §6).
WSLGO_PROXY_MARKER = '"wslgo-proxy"'
SERVE = "wslgo proxy serve --daemon"


def _goproxy(evidence: Evidence) -> tuple[list[str], str, Finding | None]:
    read = go_env(evidence)
    if read.values is None:
        return [], "", skipped(M("Skipped: {reason}.", reason=read.reason))
    item = setting(evidence, "GOPROXY", read.values)
    proxies = parse_goproxy(item.value or "")
    urls = proxies.network_urls
    return urls, M("{name}={value} ({source})", name="GOPROXY", value=item.value, source=item.source), None


@check("NET001", N_("GOPROXY reachable"), needs_network=True)
def proxies_reachable(evidence: Evidence) -> list[Finding]:
    urls, where, skip = _goproxy(evidence)
    if skip:
        return [skip]
    if not urls:
        return [ok(M("{where} names no HTTP proxy to reach.", where=where))]
    findings: list[Finding] = []
    unknown: list[str] = []
    for url in urls:
        probe = evidence.command("http-probe", url)
        if probe is None:
            unknown.append(url)
        elif probe.error is not None:
            findings.append(
                warning(
                    M(
                        "{url} from {where} did not answer (http-probe: {error}, {seconds} s): downloads "
                        "through it fail or wait for the timeout.",
                        url=url,
                        where=where,
                        error=probe.error,
                        seconds=f"{probe.duration_s:.1f}",
                    ),
                    fix=M(
                        "{command}  (check DNS, VPN and HTTPS_PROXY; or drop it from GOPROXY)",
                        command=f"curl -sSI {url}",
                    ),
                )
            )
        else:
            findings.append(
                ok(
                    M(
                        "{url} answered HTTP {status} in {seconds} s ({where}).",
                        url=url,
                        status=probe.rc,
                        seconds=f"{probe.duration_s:.2f}",
                        where=where,
                    )
                )
            )
    if unknown and len(unknown) == len(urls):
        return [skipped(M("Skipped: no http-probe was recorded for {urls}.", urls=", ".join(unknown)))]
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


@check("NET002", N_("HTTP proxy bypassed for a local GOPROXY"))
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
        return [ok(M("{where} uses no local proxy.", where=where))]
    if http_proxy is None:
        return [ok(M("No HTTP(S)_PROXY is set, so the local proxy {url} is reached directly.", url=local[0]))]
    no_proxy_name = next((n for n in ("NO_PROXY", "no_proxy") if env.get(n)), None)
    no_proxy = env.get(no_proxy_name, "") if no_proxy_name else ""
    findings: list[Finding] = []
    for url in local:
        host = (urlsplit(url).hostname or "").lower()
        if _no_proxy_covers(no_proxy, host):
            continue
        no_proxy_text = f"{no_proxy_name}={no_proxy}" if no_proxy_name else M("NO_PROXY is not set")
        if is_loopback_url(url):
            effect = M(
                "the go command itself never proxies loopback addresses, but curl, editors and other tools "
                "(and wslgo's own probe) send the request to the HTTP proxy, which cannot reach this machine"
            )
        else:
            effect = M("the go command sends its module requests to the HTTP proxy, which cannot reach it")
        wanted = ",".join(
            dict.fromkeys([*(p for p in no_proxy.split(",") if p), "localhost", "127.0.0.1", "::1"])
        )
        if not is_loopback_url(url):
            wanted += f",{host}"
        findings.append(
            warning(
                M(
                    "env {name} is set and {no_proxy} does not cover {host} from {where}: {effect}.",
                    name=http_proxy[0],
                    no_proxy=no_proxy_text,
                    host=host,
                    where=where,
                    effect=effect,
                ),
                fix=M(
                    "{command}  (and the same in lower case: no_proxy)", command=f"export NO_PROXY={wanted}"
                ),
            )
        )
    if findings:
        return findings
    return [
        ok(
            M(
                "{no_proxy} covers the local proxy in {where}.",
                no_proxy=f"{no_proxy_name}={no_proxy}",
                where=where,
            )
        )
    ]


@check("NET003", N_("Local wslgo proxy answering"))
def wslgo_proxy_up(evidence: Evidence) -> list[Finding]:
    urls, where, skip = _goproxy(evidence)
    if skip:
        return [skip]
    local = [u for u in urls if is_loopback_url(u)]
    if not local:
        return [ok(M("{where} does not use a local (loopback) proxy.", where=where))]
    findings: list[Finding] = []
    for url in local:
        probe = evidence.command("http-probe", url)
        base = url.rstrip("/")
        health = evidence.command("http-probe", base + "/healthz")
        if probe is None and health is None:
            reason = M("offline mode") if evidence.meta.offline else M("no http-probe recorded")
            findings.append(
                skipped(
                    M(
                        "Skipped: {url} from {where} was not probed ({reason}).",
                        url=url,
                        where=where,
                        reason=reason,
                    )
                )
            )
            continue
        answered = [p for p in (probe, health) if p is not None and p.error is None]
        if not answered:
            failed = probe if probe is not None else health
            assert failed is not None
            findings.append(
                error(
                    M(
                        "The local proxy {url} from {where} is not answering (http-probe: {error}): every "
                        "module download fails or falls back.",
                        url=url,
                        where=where,
                        error=failed.error,
                    ),
                    # setup's proxy step only edits GOPROXY; starting the proxy is this command.
                    fix=SERVE,
                )
            )
            continue
        is_wslgo = health is not None and health.error is None and WSLGO_PROXY_MARKER in health.stdout
        status = answered[0].rc
        findings.append(
            ok(
                M(
                    "{url} ({where}) answers HTTP {status}: the wslgo proxy is up.",
                    url=url,
                    where=where,
                    status=status,
                )
                if is_wslgo
                else M(
                    "{url} ({where}) answers HTTP {status}: a local proxy is up.",
                    url=url,
                    where=where,
                    status=status,
                )
            )
        )
    return findings
