"""``--format text``: grouped by category, flutter-style marks, a summary line, numbered fixes.

Plain ANSI instead of rich: doctor's default output must not pay rich's import time.
"""

from __future__ import annotations

from wslgo.checks.model import Status
from wslgo.i18n import _, localized, ngettext
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


def summary_line(report: Report) -> str:
    s = report.summary
    return _(
        "Doctor summary: {ok} ok, {info} info, {warnings}, {errors}, {skipped} skipped.",
        ok=s["ok"],
        info=s["info"],
        warnings=ngettext("{count} warning", "{count} warnings", s["warning"]),
        errors=ngettext("{count} error", "{count} errors", s["error"]),
        skipped=s["skipped"],
    )


def header_facts(environment: dict[str, object]) -> list[str]:
    """What the report's first line says about the machine (WSL kind, distro, kernel, Go)."""
    wsl = environment.get("wsl")
    kernel = environment.get("kernel")
    go_version = environment.get("go_version")
    go = f"{go_version} {environment.get('go_target') or ''}".strip()
    facts = [
        str(wsl).upper() if wsl in ("wsl1", "wsl2") else _("not WSL"),
        str(environment.get("distro") or _("unknown distro")),
        _("kernel {release}", release=kernel) if kernel else None,
        go if go_version else _("no go"),
    ]
    return [fact for fact in facts if fact]


def render_text(report: Report, *, color: bool = False, verbose: bool = False) -> str:
    """The human report. Skipped findings are listed only with ``verbose`` (counted always)."""
    lines: list[str] = []
    lines.append(
        _paint("wslgo doctor", _BOLD, color) + " — " + _(", ").join(header_facts(report.environment))
    )
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
        title = CATEGORY_TITLES.get(category)
        lines.append(_paint(_(title) if title else category, _BOLD, color))
        for result in report.results:
            if result.check.category != category:
                continue
            status = result.finding.status
            if status is Status.SKIPPED and not verbose:
                continue
            mark = _paint(f"[{MARKS[status]}]", _COLORS[status], color)
            lines.append(f"  {mark} {result.check.id} {localized(result.finding.message)}")
    lines.append("")
    lines.append(summary_line(report))
    fixes = report.fixes()
    if fixes:
        lines.append("")
        lines.append(_paint(_("Fixes:"), _BOLD, color))
        width = len(str(len(fixes)))
        for number, fix in enumerate(fixes, start=1):
            lines.append(f"  {number:>{width}}. {localized(fix)}")
    if not verbose and report.summary["skipped"]:
        lines.append("")
        lines.append(
            ngettext(
                "({count} skipped check hidden; --verbose lists it.)",
                "({count} skipped checks hidden; --verbose lists them.)",
                report.summary["skipped"],
            )
        )
    return "\n".join(lines) + "\n"
