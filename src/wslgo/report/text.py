"""``--format text``: grouped by category, flutter-style marks, a summary line, numbered fixes.

Plain ANSI instead of rich: doctor's default output must not pay rich's import time.
"""

from __future__ import annotations

from wslgo.checks.model import Status
from wslgo.report.model import CATEGORY_ORDER, CATEGORY_TITLES, Report

MARKS = {
    Status.OK: "✓",
    Status.WARNING: "!",
    Status.ERROR: "✗",
    Status.INFO: "·",
    Status.SKIPPED: "-",
}
_COLORS = {
    Status.OK: "\x1b[32m",
    Status.WARNING: "\x1b[33m",
    Status.ERROR: "\x1b[31m",
    Status.INFO: "\x1b[36m",
    Status.SKIPPED: "\x1b[2m",
}
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"


def _paint(text: str, style: str, color: bool) -> str:
    return f"{style}{text}{_RESET}" if color else text


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def summary_line(report: Report) -> str:
    s = report.summary
    parts = [
        f"{s['ok']} ok",
        f"{s['info']} info",
        _plural(s["warning"], "warning"),
        _plural(s["error"], "error"),
        f"{s['skipped']} skipped",
    ]
    return "Doctor summary: " + ", ".join(parts) + "."


def render_text(report: Report, *, color: bool = False, verbose: bool = False) -> str:
    """The human report. Skipped findings are listed only with ``verbose`` (counted always)."""
    lines: list[str] = []
    env = report.environment
    facts = [
        f"{env.get('wsl') or 'unknown'}".upper() if env.get("wsl") in ("wsl1", "wsl2") else "not WSL",
        env.get("distro") or "unknown distro",
        f"kernel {env['kernel']}" if env.get("kernel") else None,
        f"{env['go_version']} {env.get('go_target') or ''}".strip() if env.get("go_version") else "no go",
    ]
    lines.append(_paint("wslgo doctor", _BOLD, color) + " — " + ", ".join(f for f in facts if f))
    categories = [
        c
        for c in CATEGORY_ORDER
        if any(
            r.check.category == c and (verbose or r.finding.status is not Status.SKIPPED)
            for r in report.results
        )
    ]
    for category in categories:
        lines.append("")
        lines.append(_paint(CATEGORY_TITLES.get(category, category), _BOLD, color))
        for result in report.results:
            if result.check.category != category:
                continue
            status = result.finding.status
            if status is Status.SKIPPED and not verbose:
                continue
            mark = _paint(f"[{MARKS[status]}]", _COLORS[status], color)
            lines.append(f"  {mark} {result.check.id} {result.finding.message}")
    lines.append("")
    lines.append(summary_line(report))
    fixes = report.fixes()
    if fixes:
        lines.append("")
        lines.append(_paint("Fixes:", _BOLD, color))
        width = len(str(len(fixes)))
        for number, fix in enumerate(fixes, start=1):
            lines.append(f"  {number:>{width}}. {fix}")
    if not verbose and report.summary["skipped"]:
        lines.append("")
        lines.append(f"({report.summary['skipped']} skipped checks hidden; --verbose lists them.)")
    return "\n".join(lines) + "\n"
