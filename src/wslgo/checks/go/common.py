"""What the GO checks share: the install command they suggest and two evidence lookups."""

from __future__ import annotations

import re

from wslgo.checks.model import Finding, skipped
from wslgo.evidence.model import Evidence
from wslgo.evidence.queries import go_env
from wslgo.facts import go as gofacts

INSTALL_STABLE = "wslgo go install stable"


def need_go_env(evidence: Evidence) -> dict[str, str] | Finding:
    """``go env -json`` values, or the ``skipped`` finding that says why they are unknown."""
    read = go_env(evidence)
    if read.values is None:
        return skipped(f"Skipped: {read.reason}.")
    return read.values


def known_sdk_dirs(evidence: Evidence) -> list[str]:
    """Recorded go binaries in the well-known install places (inventory STATIC_PATHS + GLOBS)."""
    home = evidence.home or ""
    wslgo_home = gofacts.wslgo_home(evidence) or ""
    patterns = [
        r"/usr/local/go/bin/go",
        r"/usr/lib/go-[^/]+/bin/go",
        r"/usr/lib/golang/bin/go",
        r"/snap/bin/go",
        re.escape(home) + r"/sdk/go[^/]*/bin/go",
        re.escape(home) + r"/\.go/bin/go",
        re.escape(home) + r"/\.goenv/versions/[^/]+/bin/go",
        re.escape(wslgo_home) + r"/sdk/(?!current/)[^/]+/bin/go",
    ]
    regex = re.compile("^(?:" + "|".join(patterns) + ")$")
    return sorted(p for p, i in evidence.paths.items() if regex.match(p) and i.exists and i.executable)
