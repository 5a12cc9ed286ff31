"""Command-line value types every command shares: what a path or a number of seconds may be (SPEC §11).

Two classes of silent mistakes start here. ``Path("")`` is ``.``, so ``--root ''`` (an unset shell
variable) quietly meant "the current directory" and setup edited files there; and a bare ``float`` accepts
``-5``, ``nan`` and ``inf`` for a timeout or a TTL. Each option that takes a path or a duration uses one of
these parsers (typer's ``parser=``, argparse's ``type=``), so the rule and its message live once.

The parsers raise ``UsageError`` (exit 2, one line naming the option and the value).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from wslgo.errors import UsageError


def _(msgid: str, /, **params: object) -> str:
    """``wslgo.i18n._``, imported only when a value is refused (doctor's start-up does not pay for it)."""
    from wslgo.i18n import _ as translate

    return translate(msgid, **params)


def path_value(option: str) -> Callable[[str | Path], Path]:
    """A parser for ``option`` that refuses an empty value instead of reading it as ``.``."""

    def parse(value: str | Path) -> Path:
        if isinstance(value, Path):  # a default, already a path
            return value
        if not value:
            raise UsageError(
                _(
                    "{option} '': expected a path (an empty value would silently mean the current "
                    "directory; write . if you mean it)",
                    option=option,
                )
            )
        return Path(value)

    return parse


def parse_seconds(
    option: str, value: str | float, *, allow_zero: bool = False, shown: str | None = None
) -> float:
    """``value`` as a finite number of seconds: positive (or zero when ``allow_zero``).

    ``shown`` replaces ``OPTION VALUE`` in the message when the value came from inside a larger one.
    """
    where = shown or f"{option} {value}"
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise UsageError(_("{where}: expected a number of seconds such as 30 or 2.5", where=where)) from None
    if not math.isfinite(seconds) or seconds < 0 or (seconds == 0 and not allow_zero):
        if allow_zero:
            raise UsageError(_("{where}: expected zero or a positive number of seconds", where=where))
        raise UsageError(_("{where}: expected a positive number of seconds", where=where))
    return seconds


def seconds_value(option: str, *, allow_zero: bool = False) -> Callable[[str | float], float]:
    """A parser for ``option`` that accepts only a finite, non-negative (or positive) duration."""

    def parse(value: str | float) -> float:
        return parse_seconds(option, value, allow_zero=allow_zero)

    return parse


def text_value(option: str) -> Callable[[str], str]:
    """A parser for a string option that names a place (a binary, a store, a list of directories).

    An empty value is refused rather than read as "use the default": the user asked for something.
    """

    def parse(value: str) -> str:
        if not value:
            raise UsageError(
                _("{option} '': expected a value (leave the option out to use the default)", option=option)
            )
        return value

    return parse
