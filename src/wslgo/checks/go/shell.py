"""GO030: the shell start-up files set Go's PATH entries and variables once."""

from __future__ import annotations

import re

from wslgo.checks.model import Change, Finding, ok, sets, skipped, warning
from wslgo.checks.registry import check
from wslgo.evidence.model import Evidence
from wslgo.facts import go as gofacts
from wslgo.facts.go import rc_where, tilde
from wslgo.golang.shellrc import RcLine, go_path_entry
from wslgo.i18n import N_, Joined, M

_GO_VARS = re.compile(r"^(GO[A-Z0-9_]*|CGO_[A-Z_]+)$")


@check("GO030", N_("Shell rc files set Go once"))
def shell_rc_duplicates(evidence: Evidence) -> list[Finding]:
    files = gofacts.rc_files(evidence)
    if not files:
        return [
            skipped(M("Skipped: no shell start-up file (~/.bashrc, ~/.profile, ~/.zshrc, …) was recorded."))
        ]
    lines = gofacts.rc_lines(evidence)
    findings: list[Finding] = []
    by_text: dict[str, list[RcLine]] = {}
    for line in lines:
        if line.is_path_edit and re.search(r"go[^/:]*/bin|GOPATH|GOROOT|GOBIN", line.value):
            key = " ".join(line.text.split())
            by_text.setdefault(key, []).append(line)
    block_files = gofacts.evidence_block_files(evidence)
    for text, copies in by_text.items():
        if len(copies) > 1:
            places = [rc_where(evidence, line) for line in copies]
            # setup's shell step takes such a line over into its block (once) when it adds exactly one Go
            # directory and sits in a file that gets the block.
            entry = go_path_entry(copies[0].value)
            taken_over = entry is not None and all(line.path in block_files for line in copies)
            changes: tuple[Change, ...] = ()
            if taken_over and entry is not None:
                removed = [sets("line", str(line.line), line.path) for line in copies]
                changes = (*removed, sets("path", "", entry[0]))
            findings.append(
                warning(
                    M(
                        "The PATH line `{line}` appears {count} times ({places}): each copy adds the "
                        "directory again (an `echo … >> ~/.bashrc` run twice).",
                        line=text,
                        count=len(places),
                        places=", ".join(places),
                    ),
                    fix=M(
                        "delete all but one of {places}  (or: wslgo setup shell)", places=", ".join(places)
                    ),
                    fixable_by="shell" if changes else None,
                    changes=changes,
                )
            )
    by_name: dict[str, list[tuple[str, str]]] = {}
    for line in lines:
        if line.kind == "assign" and _GO_VARS.match(line.name):
            by_name.setdefault(line.name, []).append((line.value, rc_where(evidence, line)))
    for name, assignments in sorted(by_name.items()):
        distinct = {value for value, _ in assignments}
        if len(distinct) > 1:
            listing = Joined(
                [M("{value!r} at {where}", value=value, where=where) for value, where in assignments], ", "
            )
            where_set = ", ".join(dict.fromkeys(where for _, where in assignments))
            # No setup step picks one of the user's values (the shell step manages PATH only), so the fix is
            # the edit itself, naming every line.
            findings.append(
                warning(
                    M(
                        "{name} is set to different values: {listing}; which one wins depends on the shell "
                        "and the order the files are read.",
                        name=name,
                        listing=listing,
                    ),
                    fix=M(
                        "keep one of {places} and delete the other {name} lines (the last one read wins)",
                        places=where_set,
                        name=name,
                    ),
                )
            )
    if findings:
        return findings
    names = ", ".join(tilde(evidence, path) for path, _ in files)
    return [ok(M("No duplicated Go PATH line or conflicting Go variable in {files}.", files=names))]
