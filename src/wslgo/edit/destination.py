"""Where the bytes of a planned file really go: through a symlink to its target (SPEC §11 "Links").

Dotfile managers (stow, chezmoi, yadm, home-manager) make ``~/.bashrc`` a symlink into a repository. A
rename onto the link path would replace the link with a plain file and silently fork the user's dotfiles,
so every writer edits the link's *target* and keeps the link, and the journal records both (the link's
text and the resolved file) so undo can put back exactly what was there.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from wslgo.errors import InputError
from wslgo.i18n import _


@dataclass(frozen=True)
class Destination:
    """A planned path, the file its bytes are written to, and the link text when it is a symlink."""

    path: Path
    real: Path
    #: ``os.readlink(path)`` when ``path`` is a symlink, else ``None``.
    link: str | None


def read_link(path: Path) -> str | None:
    """The text of the symlink at ``path``; ``None`` when ``path`` is not a symlink (or is missing)."""
    try:
        return os.readlink(path)  # noqa: PTH115 - the exact text; Path.readlink normalises it
    except (FileNotFoundError, NotADirectoryError, OSError):
        return None


def resolve_destination(path: Path) -> Destination:
    """``path`` itself, or the existing file its symlink chain ends at.

    A link that ends nowhere (dangling) or loops is an ``InputError``: creating a file at a dangling
    link's target would write into a place the user never named.
    """
    link = read_link(path)
    if link is None:
        return Destination(path, path, None)
    real = Path(os.path.realpath(path))
    if not real.exists():
        raise InputError(
            _(
                "{path}: left untouched: it is a symlink to {link}, which does not exist; "
                "fix or remove the link",
                path=path,
                link=link,
            )
        )
    return Destination(path, real, link)


def read_current(path: Path) -> bytes | None:
    """The file's bytes now, ``None`` when it does not exist; other errors are one ``InputError`` line."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise InputError(_("{path}: is a directory, expected a file", path=path)) from None
    except OSError as exc:
        raise InputError(_("{path}: cannot read: {error}", path=path, error=exc.strerror or exc)) from None
