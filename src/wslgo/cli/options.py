"""Global options shared by every command (SPEC §1), carried on the typer context."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


@dataclass
class GlobalOptions:
    debug: bool = False
    no_color: bool = False
    quiet: bool = False

    @property
    def color(self) -> bool:
        """Colour only on a TTY, never with ``--no-color`` or ``NO_COLOR`` (any value, per no-color.org)."""
        if self.no_color or "NO_COLOR" in os.environ:
            return False
        return sys.stdout.isatty()

    def console(self, stderr: bool = False) -> Console:
        """A rich console honouring the colour rules (imported lazily: doctor's JSON path never needs it)."""
        from rich.console import Console

        return Console(
            stderr=stderr,
            no_color=not self.color,
            highlight=False,
            force_terminal=None if self.color else False,
            soft_wrap=True,
        )


def global_options(obj: object) -> GlobalOptions:
    """The context object, or defaults when a command is invoked outside ``main`` (tests)."""
    return obj if isinstance(obj, GlobalOptions) else GlobalOptions()
