"""Whether a required tool is installed *and runnable here*, from what the TOOL checks already know.

Installed: the TOOL checks' lookup (PATH first, then GOBIN and GOPATH/bin). Runnable, as far as evidence can
tell without running the tool: the file is executable, a symlink still has a target, and the
``go version -m`` record — which every Go-built tool carries — says it was built for this machine's
GOOS/GOARCH (a ``windows/amd64`` gopls copied into ``~/go/bin`` is "installed" but never runs in Linux).
``go version -m`` failing on the file means it is not a Go binary the go command can read; the tool may
still run, so that is reported as unknown rather than broken.
"""

from __future__ import annotations

from dataclasses import dataclass

from wslgo.evidence.model import Evidence
from wslgo.facts.tools import build_info, tool_binary
from wslgo.golang.buildinfo import BuildInfo
from wslgo.i18n import M


@dataclass(frozen=True)
class ToolFacts:
    name: str
    binary: str | None
    #: False when neither PATH nor the Go bin directories were recorded (the tool may exist).
    known: bool
    build: BuildInfo | None = None
    #: Why the tool cannot run here (dangling link, built for another OS/arch); ``None`` when it can.
    problem: str | None = None
    #: ``go version -m`` ran and failed: its first line (runnable or not is then unknown).
    unreadable: str | None = None
    #: ``linux/amd64`` from the build record, when recorded.
    target: str | None = None


def _target(build: BuildInfo) -> str | None:
    goos, goarch = build.settings.get("GOOS"), build.settings.get("GOARCH")
    return f"{goos}/{goarch}" if goos and goarch else None


def tool_facts(evidence: Evidence, name: str) -> ToolFacts:
    """Where ``name`` is and whether it can run on the machine the evidence describes."""
    binary, known = tool_binary(evidence, name)
    if binary is None:
        return ToolFacts(name, None, known)
    seen = evidence.path(binary)
    if seen is not None and seen.error == "dangling":
        target = seen.target or "?"
        return ToolFacts(
            name, binary, True, problem=M("a symlink to {target}, which does not exist", target=target)
        )
    build = build_info(evidence, binary)
    if build is None:
        record = evidence.command("go", "version", "-m", binary)
        if record is not None and record.error is None and record.rc not in (0, None):
            first = (record.stderr.strip() or record.stdout.strip()).splitlines()
            return ToolFacts(name, binary, True, unreadable=first[0] if first else f"exit {record.rc}")
        return ToolFacts(name, binary, True)
    built_for = _target(build)
    host = f"linux/{evidence.meta.host.arch}"
    if built_for is not None and built_for != host:
        return ToolFacts(
            name,
            binary,
            True,
            build,
            problem=M("it was built for {target}, this machine is {host}", target=built_for, host=host),
            target=built_for,
        )
    return ToolFacts(name, binary, True, build, target=built_for)
