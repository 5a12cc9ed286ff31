"""Keeping the proxy alive beyond one shell: pid file, start/stop, and a systemd user unit.

One proxy serves every distro of the machine (they share the VM network), so it must outlive the
terminal that started it. ``--daemon`` starts a detached ``wslgo proxy serve`` in its own session;
``stop`` signals exactly the process named in the pid file, after checking it really is ours.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from wslgo.errors import WslgoError
from wslgo.fsutil import write_atomic
from wslgo.home import proxy_dir
from wslgo.proxy.chain import ChainEntry, format_chain


def default_pid_file() -> Path:
    return proxy_dir() / "proxy.pid"


def default_log_file() -> Path:
    return proxy_dir() / "proxy.log"


def goproxy_line(listen_url: str, fallback: list[ChainEntry]) -> str:
    """The exact command that points Go at the proxy, keeping the public chain as a fallback.

    ``|`` after our proxy: if it is down, Go falls through to the next entry instead of failing.
    Quoted, because ``|`` is a pipe to the shell.
    """
    chain = [ChainEntry(listen_url, True), *[e for e in fallback if e.url_or_keyword != listen_url]]
    return f"go env -w 'GOPROXY={format_chain(chain)}'"


def read_pid(pid_file: Path) -> int | None:
    try:
        text = pid_file.read_text().strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return int(text) if text.isdigit() else None


def write_pid(pid_file: Path, pid: int) -> None:
    """The pid file, whole or not at all: ``stop`` never reads half a number."""
    pid_file.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(pid_file, f"{pid}\n".encode())


def is_our_proxy(pid: int) -> bool:
    """True when ``pid`` is alive and is a ``wslgo … proxy serve`` (a recycled pid is left alone)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    words = [w.decode(errors="replace") for w in cmdline]
    return any("wslgo" in w for w in words) and "proxy" in words and "serve" in words


@dataclass(frozen=True)
class StopResult:
    pid: int | None
    stopped: bool
    message: str


def stop(pid_file: Path, timeout: float = 10.0) -> StopResult:
    pid = read_pid(pid_file)
    if pid is None:
        return StopResult(None, False, f"no pid file at {pid_file}: is the proxy running?")
    if not is_our_proxy(pid):
        pid_file.unlink(missing_ok=True)
        return StopResult(
            pid, False, f"process {pid} from {pid_file} is not running (stale pid file removed)"
        )
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and is_our_proxy(pid):
        time.sleep(0.05)
    if is_our_proxy(pid):
        os.kill(pid, signal.SIGKILL)
    pid_file.unlink(missing_ok=True)
    return StopResult(pid, True, f"stopped proxy (pid {pid})")


def spawn_daemon(serve_args: list[str], log_file: Path) -> int:
    """Start ``python -m wslgo proxy serve ARGS`` detached (new session, no tty); return its pid."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with open(log_file, "ab") as log, open(os.devnull, "rb") as devnull:
        process = subprocess.Popen(
            [sys.executable, "-m", "wslgo", "proxy", "serve", *serve_args],
            stdin=devnull,
            stdout=log,
            stderr=log,
            start_new_session=True,
            close_fds=True,
        )
    return process.pid


def is_healthy(url: str) -> bool:
    """True when ``url/healthz`` answers as a wslgo proxy (not merely some server on that port)."""
    import httpx

    from wslgo.proxy.server import healthz_payload

    try:
        response = httpx.get(f"{url}/healthz", timeout=1.0, trust_env=False)
    except httpx.HTTPError:
        return False
    return response.status_code == 200 and healthz_payload(response.text) is not None


def start_daemon(
    serve_args: list[str], pid_file: Path, log_file: Path, url: str, timeout: float = 15.0
) -> int:
    """Start a detached ``proxy serve SERVE_ARGS`` and wait until it answers on ``url``; its pid.

    Refuses to start a second proxy over a running one; raises ``WslgoError`` naming the log file when the
    child exits at start or does not answer within ``timeout`` seconds.
    """
    running = read_pid(pid_file)
    if running is not None and is_our_proxy(running):
        raise WslgoError(f"a proxy is already running (pid {running}, {pid_file}); 'wslgo proxy stop' first")
    pid = spawn_daemon([*serve_args, "--pid-file", str(pid_file)], log_file)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if read_pid(pid_file) == pid and is_healthy(url):
            return pid
        with contextlib.suppress(ChildProcessError):
            finished, status = os.waitpid(pid, os.WNOHANG)
            if finished:
                raise WslgoError(f"proxy exited at start (status {status}); see {log_file}")
        time.sleep(0.1)
    raise WslgoError(f"proxy did not answer on {url}/healthz within {timeout:.0f}s; see {log_file}")


def systemd_unit(serve_args: list[str]) -> str:
    """A systemd *user* unit (WSL with systemd=true in /etc/wsl.conf) running the proxy in foreground."""
    command = shlex.join([sys.executable, "-m", "wslgo", "proxy", "serve", *serve_args])
    return (
        "[Unit]\n"
        "Description=wslgo caching Go module proxy\n"
        "After=network-online.target\n\n"
        "[Service]\n"
        "Type=simple\n"
        f"ExecStart={command}\n"
        "Restart=on-failure\n"
        "RestartSec=2\n\n"
        "[Install]\n"
        "WantedBy=default.target\n"
    )


def systemd_unit_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "systemd" / "user" / "wslgo-proxy.service"
