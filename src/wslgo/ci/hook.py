"""``wslgo ci hook install``: a git pre-push hook that runs the workflow locally, as a plan (pure).

The hook goes where git looks for hooks (``git rev-parse --git-path hooks``, which honours
``core.hooksPath``) and is written by the one apply engine (``wslgo.edit.apply``: backup, journal,
atomic write), so ``wslgo undo`` removes it. A pre-push hook that wslgo did not write is never
overwritten: the plan refuses, or with ``--chain`` keeps it as ``pre-push.wslgo-chained`` and the new
hook runs it first with the same arguments and standard input, then ``wslgo ci run``.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from wslgo.edit.plan import FileEdit, Plan
from wslgo.i18n import M

HOOK_NAME = "pre-push"
CHAINED_NAME = "pre-push.wslgo-chained"
MARKER = "# wslgo-ci-hook v1"


@dataclass(frozen=True)
class HookFiles:
    """The hooks directory as it is now."""

    directory: Path
    hook: bytes | None
    hook_mode: int = 0o755
    chained: bytes | None = None


def is_ours(content: bytes | None) -> bool:
    return content is not None and MARKER.encode() in content


def hook_script(command: Sequence[str], run_args: Sequence[str], *, chained: bool) -> bytes:
    """The hook: optionally run the chained hook, then ``wslgo ci run`` in the repository's top level."""
    run = " ".join([shlex.join(command), "ci", "run", "--project", '"$top"', *map(shlex.quote, run_args)])
    lines = [
        "#!/bin/sh",
        MARKER,
        "# Runs the GitHub Actions workflow locally before every push ('wslgo ci run').",
        "# Written by 'wslgo ci hook install'; remove it with 'wslgo undo'. Skip once: git push --no-verify.",
        "set -e",
        "top=$(git rev-parse --show-toplevel)",
    ]
    if chained:
        lines += [
            f'chained="$(dirname "$0")/{CHAINED_NAME}"',
            "input=$(cat)",
            'if [ -n "$input" ]; then',
            '    printf \'%s\\n\' "$input" | "$chained" "$@"',
            "else",
            '    "$chained" "$@" </dev/null',
            "fi",
        ]
    lines.append(f"exec {run} </dev/null")
    return ("\n".join(lines) + "\n").encode()


def plan_hook(files: HookFiles, command: Sequence[str], run_args: Sequence[str], *, chain: bool) -> Plan:
    """The edits that install (or update) the hook; a refusal when another hook is in the way."""
    hook_path = files.directory / HOOK_NAME
    chained_path = files.directory / CHAINED_NAME
    reason = M("git pre-push hook that runs 'wslgo ci run'")
    if files.hook is None or is_ours(files.hook):
        has_chained = (
            files.hook is not None and files.chained is not None and CHAINED_NAME.encode() in files.hook
        )
        script = hook_script(command, run_args, chained=has_chained)
        return Plan((FileEdit(str(hook_path), files.hook, script, reason, "ci", create_mode=0o755),))
    if not chain:
        return Plan(
            refusals=(
                str(
                    M(
                        "{path}: left untouched: a pre-push hook that wslgo did not write is there; re-run "
                        "with --chain to keep it (it then runs first, then 'wslgo ci run')",
                        path=hook_path,
                    )
                ),
            )
        )
    if files.chained is not None:
        return Plan(
            refusals=(
                str(
                    M(
                        "{path}: left untouched: {chained} exists already; move it away or remove it first",
                        path=hook_path,
                        chained=chained_path,
                    )
                ),
            )
        )
    keep = FileEdit(
        str(chained_path),
        None,
        files.hook,
        M("the pre-push hook that was there, kept to run first"),
        "ci",
        create_mode=files.hook_mode,
    )
    script = hook_script(command, run_args, chained=True)
    return Plan((keep, FileEdit(str(hook_path), files.hook, script, reason, "ci")))
