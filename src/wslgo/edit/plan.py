"""A plan: the file edits a step wants, with reasons, before anything touches the disk (SPEC §4).

Steps (``wslgo.setup``), ``wslgo vscode init`` and ``wslgo ci init`` all produce ``Plan`` objects; the one
apply engine (``wslgo.edit.apply``) backs up, writes atomically, journals and undoes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FileEdit:
    """Replace the bytes of ``path``: ``before`` is ``None`` when the file does not exist yet."""

    path: str
    before: bytes | None
    after: bytes
    reason: str
    #: The step that wants this edit (``shell``, ``go-env``, ``vscode`` …).
    step: str = ""
    #: True when the current user cannot write the file (then apply prints the exact sudo command).
    needs_root: bool = False
    #: Mode for a file the edit creates (existing files keep theirs).
    create_mode: int = 0o644

    @property
    def changes(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class Plan:
    """Everything a run would do: edits plus commands to *suggest* (never run silently)."""

    edits: tuple[FileEdit, ...] = ()
    #: Commands for the user, e.g. ``wsl.exe --shutdown`` with why, or a ``sudo`` line.
    commands: tuple[str, ...] = ()
    #: Human notes: refusals ("left untouched: …"), things already correct.
    notes: tuple[str, ...] = field(default_factory=tuple)
    #: Files a step refused to touch, one line each naming the file and why (setup then exits 1).
    refusals: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not any(edit.changes for edit in self.edits)

    def merged(self, other: Plan) -> Plan:
        return Plan(
            self.edits + other.edits,
            self.commands + other.commands,
            self.notes + other.notes,
            self.refusals + other.refusals,
        )
