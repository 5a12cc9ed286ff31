"""Entry point and the single error boundary (STYLE habit 1).

Command groups are registered lazily: only the module of the command being run is imported, so
``wslgo doctor`` does not pay for the proxy server or the SDK manager at start-up. ``doctor`` goes further
and does not load typer at all (``FAST_COMMANDS``): typer imports pydantic and click, which cost more than
the whole diagnosis, and doctor is the command that must feel instant.
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from wslgo.cli.options import GlobalOptions
from wslgo.errors import ExitCode, WslgoError

GLOBAL_FLAGS = {"--debug", "--no-color", "--quiet", "-q", "--version"}

#: Commands with their own argparse front end (``run(args, options) -> int``), run without typer.
FAST_COMMANDS: dict[str, str] = {"doctor": "wslgo.cli.doctor"}

#: Options whose value may be left out: a bare ``--policy`` means "the nearest wslgo.toml".
OPTIONAL_VALUE_OPTIONS = ("--policy",)


def _command_name(argv: Sequence[str]) -> str | None:
    for token in argv:
        if token in GLOBAL_FLAGS:
            continue
        return None if token.startswith("-") else token
    return None


def _click_exceptions() -> Any:
    """Click's exception module: typer >= 0.20 vendors click as ``typer._click``, older typer uses click."""
    try:
        return importlib.import_module("typer._click.exceptions")
    except ModuleNotFoundError:
        return importlib.import_module("click.exceptions")


def _typer() -> Any:
    """typer, imported only when a typer exception can be in flight (never on doctor's path)."""
    return importlib.import_module("typer")


def _looks_like_value(token: str) -> bool:
    """Whether the token after ``--policy`` is its file: ``*.toml``, or an existing file that is no bundle."""
    if token.startswith("-"):
        return False
    lowered = token.lower()
    if lowered.endswith(".toml"):
        return True
    return Path(token).is_file() and not lowered.endswith((".tar.gz", ".tgz", ".zip"))


def optional_values(args: list[str]) -> list[str]:
    """Spell a bare optional-value option as ``--policy=`` (empty value), which typer and argparse read.

    ``wslgo setup --policy go-env`` must not take the step ``go-env`` for the policy file, so a following
    token counts as the value only when it looks like one (``_looks_like_value``).
    """
    out: list[str] = []
    for index, token in enumerate(args):
        if token == "--":
            return out + args[index:]
        following = args[index + 1] if index + 1 < len(args) else None
        if token in OPTIONAL_VALUE_OPTIONS and (following is None or not _looks_like_value(following)):
            out.append(token + "=")
        else:
            out.append(token)
    return out


def _run(args: list[str]) -> object:
    args = optional_values(args)
    command = _command_name(args)
    if command in FAST_COMMANDS and "--version" not in args:
        position = args.index(command)
        flags = set(args[:position])
        options = GlobalOptions(
            debug="--debug" in flags, no_color="--no-color" in flags, quiet=bool({"--quiet", "-q"} & flags)
        )
        module = importlib.import_module(FAST_COMMANDS[command])
        return module.run(args[position + 1 :], options)
    from wslgo.cli.app import build_app

    app = build_app(command)
    return app(args=args, prog_name="wslgo", standalone_mode=False)


def main(argv: Sequence[str] | None = None) -> int:
    """Run wslgo; return the exit status. Expected errors print one line, never a traceback."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or os.environ.get("WSLGO_DEBUG") == "1"
    try:
        result = _run(args)
    except WslgoError as exc:
        if debug:
            traceback.print_exc()
        print(f"wslgo: {exc.message}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print("wslgo: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except _typer().Exit as exc:
        return int(exc.exit_code)
    except _typer().Abort:
        print("wslgo: interrupted", file=sys.stderr)
        return 130
    except _click_exceptions().UsageError as exc:
        message = exc.format_message()
        if message:  # empty for "no arguments, help shown"
            path = exc.ctx.command_path.partition(" ")[2] if exc.ctx else ""
            hint = f" (see 'wslgo {path} --help')".replace("  ", " ")
            print(f"wslgo: usage error: {message}{hint}", file=sys.stderr)
        return int(ExitCode.USAGE)
    except _click_exceptions().ClickException as exc:
        print(f"wslgo: {exc.format_message()}", file=sys.stderr)
        return int(ExitCode.USAGE)
    except Exception as exc:
        if debug:
            traceback.print_exc()
        else:
            print(
                f"wslgo: internal error: {type(exc).__name__}: {exc} (re-run with --debug for the traceback)",
                file=sys.stderr,
            )
        return int(ExitCode.INTERNAL)
    if isinstance(result, int):
        return result
    return int(ExitCode.OK)


def entry() -> None:  # pragma: no cover - console-script shim
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
