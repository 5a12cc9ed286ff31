"""``wslgo report --format markdown``: the fleet for an issue or a wiki page.

Markdown renderers differ in what HTML they let through, so every bundle string is escaped for both
Markdown and HTML here (``|``, backticks, ``<``, ``>``, ``&``, brackets): a host name can neither break the
tables nor become a link or a tag. Code spans are avoided for bundle data for the same reason.
"""

from __future__ import annotations

from wslgo.checks.model import Status
from wslgo.fleet.model import Fleet, status_label
from wslgo.i18n import _, localized, ngettext
from wslgo.report.text import MARKS

_ESCAPES = str.maketrans(
    {
        "|": "\\|",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
        "<": "&lt;",
        ">": "&gt;",
        "&": "&amp;",
        "\n": " ",
        "\r": " ",
        "#": "\\#",
        "!": "\\!",
    }
)


#: A bundle can make a string as long as it likes; a table cell shows this much of it.
CELL_CHARS = 4000


def cell(text: str | None) -> str:
    """Bundle text made inert for Markdown and for the HTML some renderers allow (and clipped)."""
    text = text or "—"
    if len(text) > CELL_CHARS:
        text = text[: CELL_CHARS - 1] + "…"
    return text.translate(_ESCAPES)


def render_markdown(fleet: Fleet) -> str:
    lines = [
        "## "
        + ngettext(
            "wslgo fleet report: {count} machine", "wslgo fleet report: {count} machines", len(fleet.machines)
        ),
        "",
        _(
            "{errors} with errors, {warnings} with warnings only, {clear} without warnings or errors.",
            errors=fleet.count_machines(Status.ERROR),
            warnings=fleet.count_machines(Status.WARNING),
            clear=fleet.all_clear,
        ),
    ]
    if fleet.policy_path:
        lines += ["", _("Policy: {path}", path=cell(fleet.policy_path))]
    lines += ["", "### " + _("Most common findings"), ""]
    if fleet.common:
        lines += [f"| {_('Check')} | {_('Status')} | {_('Machines')} | {_('Which')} |", "|---|---|---:|---|"]
        for item in fleet.common:
            names = ", ".join(cell(fleet.machine(index).name) for index in item.machines)
            title = cell(_(item.check.title))
            status = f"{MARKS[item.status]} {status_label(item.status)}"
            lines.append(f"| {item.check.id} {title} | {status} | {item.count} | {names} |")
    else:
        lines.append(_("No machine has a warning or an error."))
    problem_checks = [check for check in fleet.checks if check.id not in fleet.quiet]
    lines += ["", "### " + _("Machines × checks"), ""]
    header = [_("Machine"), "Go", "WSL", _("Distro"), _("Kernel"), *(check.id for check in problem_checks)]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for machine in fleet.machines:
        facts = machine.facts
        marks = [MARKS[machine.status_of(check.id) or Status.SKIPPED] for check in problem_checks]
        row = [
            cell(machine.name),
            cell(facts.go_version),
            cell(facts.wsl_label),
            cell(facts.distro),
            cell(facts.kernel),
            *marks,
        ]
        lines.append("| " + " | ".join(row) + " |")
    lines += ["", "### " + _("Each machine and its fixes")]
    for machine in fleet.machines:
        lines += ["", f"#### {cell(machine.name)}", ""]
        if machine.fixes:
            lines += [f"{number}. {cell(localized(fix))}" for number, fix in enumerate(machine.fixes, 1)]
        else:
            lines.append(_("Nothing to fix."))
    return "\n".join(lines) + "\n"
