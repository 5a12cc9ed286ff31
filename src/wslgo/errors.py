"""Exit codes and the expected-error type every command raises.

One enum so that the meaning of an exit status is written down exactly once (SPEC §1); the CLI's
single error boundary (``wslgo.cli.main.main``) maps ``WslgoError`` to one line and its code.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit statuses of every wslgo command."""

    OK = 0
    #: Ran fine and found problems (doctor findings at/above --fail-on, setup/undo refused a change).
    PROBLEMS = 1
    #: Usage or input error: bad flag, unreadable bundle, malformed config file.
    USAGE = 2
    #: Internal error: a bug in wslgo (traceback with --debug).
    INTERNAL = 3


class WslgoError(Exception):
    """An expected failure with a one-line message for the user.

    The message must name what was wrong (file, line, value) and what was expected; the CLI prints it
    verbatim as ``wslgo: <message>`` and exits with ``exit_code``.
    """

    exit_code: ExitCode = ExitCode.PROBLEMS

    def __init__(self, message: str, exit_code: ExitCode | None = None) -> None:
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(WslgoError):
    """Bad command-line usage or unusable input (exit 2)."""

    exit_code = ExitCode.USAGE


class InputError(WslgoError):
    """An input file or bundle that cannot be read or parsed (exit 2)."""

    exit_code = ExitCode.USAGE
