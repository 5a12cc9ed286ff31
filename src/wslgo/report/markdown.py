"""``--format markdown``: a table to paste into an issue (already redacted)."""

from __future__ import annotations

from wslgo.i18n import _, localized
from wslgo.report.model import Report
from wslgo.report.text import MARKS, summary_line


def _cell(text: str | None) -> str:
    if not text:
        return ""
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: Report) -> str:
    env = report.environment
    lines = [
        f"### wslgo doctor {report.wslgo_version}",
        "",
        "| | |",
        "|---|---|",
    ]
    for key in ("wsl", "distro", "kernel", "go_version", "go_target", "arch"):
        if env.get(key):
            lines.append(f"| {key} | `{_cell(str(env[key]))}` |")
    heading = _("| | ID | Check | Finding | Fix |")
    lines += ["", summary_line(report), "", heading, "|---|---|---|---|---|"]
    for r in report.results:
        fix = f"`{_cell(localized(r.finding.fix))}`" if r.finding.fix else ""
        lines.append(
            f"| {MARKS[r.finding.status]} | {r.check.id} | {_cell(_(r.check.title))} | "
            f"{_cell(localized(r.finding.message))} | {fix} |"
        )
    return "\n".join(lines) + "\n"
