"""The process runner: the one place wslgo starts subprocesses and decodes what they print.

Output is decoded here, once, so evidence never holds raw bytes (SPEC §2): ``wsl.exe`` writes UTF-16LE
unless ``WSL_UTF8=1`` (detected by a BOM or NUL bytes), everything else is UTF-8 with replacement.
"""

from __future__ import annotations

import codecs
import os
import subprocess
import time
from collections.abc import Mapping, Sequence

from wslgo.evidence.model import CommandResult

DEFAULT_TIMEOUT_S = 5.0


def decode_output(data: bytes) -> str:
    """Decode command output: UTF-16 (BOM or NULs in the first bytes) or UTF-8, never raising."""
    if not data:
        return ""
    if data.startswith(codecs.BOM_UTF16_LE):
        return data[2:].decode("utf-16-le", errors="replace")
    if data.startswith(codecs.BOM_UTF16_BE):
        return data[2:].decode("utf-16-be", errors="replace")
    head = data[:64]
    if len(head) >= 2 and head.count(0) >= len(head) // 4:
        # UTF-16LE without BOM: ASCII text has a NUL in every odd position.
        odd_nuls = head[1::2].count(0)
        if odd_nuls >= len(head[1::2]) // 2:
            return data[: len(data) - len(data) % 2].decode("utf-16-le", errors="replace")
        return data[len(data) % 2 :].decode("utf-16-be", errors="replace")
    text = data.decode("utf-8", errors="replace")
    return text[1:] if text.startswith("\ufeff") else text


def run_command(
    argv: Sequence[str],
    *,
    timeout: float = DEFAULT_TIMEOUT_S,
    cwd: str | None = None,
    env: Mapping[str, str] | None = None,
    stdin_data: bytes | None = None,
) -> CommandResult:
    """Run ``argv`` to completion (or ``timeout``) and return a decoded ``CommandResult``.

    Never raises for the ordinary failures (missing program, no permission, timeout): those are
    recorded in ``CommandResult.error`` so that doctor reports them as findings.
    """
    started = time.monotonic()
    try:
        proc = subprocess.Popen(
            list(argv),
            cwd=cwd,
            env=dict(env) if env is not None else None,
            stdin=subprocess.PIPE if stdin_data is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except FileNotFoundError:
        return CommandResult(argv=tuple(argv), error="not-found", cwd=cwd)
    except PermissionError:
        return CommandResult(argv=tuple(argv), error="permission-denied", cwd=cwd)
    except OSError as exc:
        return CommandResult(argv=tuple(argv), error=f"os-error: {exc.strerror or exc}", cwd=cwd)
    try:
        out, err = proc.communicate(input=stdin_data, timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        out, err = proc.communicate()
        return CommandResult(
            argv=tuple(argv),
            rc=None,
            stdout=decode_output(out or b""),
            stderr=decode_output(err or b""),
            duration_s=time.monotonic() - started,
            error="timeout",
            cwd=cwd,
        )
    return CommandResult(
        argv=tuple(argv),
        rc=proc.returncode,
        stdout=decode_output(out),
        stderr=decode_output(err),
        duration_s=time.monotonic() - started,
        cwd=cwd,
    )


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """Kill the whole process group: a hung ``go`` may have children holding the pipes open."""
    try:
        os.killpg(proc.pid, 9)
    except (ProcessLookupError, PermissionError):
        proc.kill()
