"""Entry point and the single error boundary (STYLE habit 1).

Command groups are registered lazily: only the module of the command being run is imported, so
``wslgo doctor`` does not pay for the proxy server or the SDK manager at start-up. ``doctor`` goes further
and does not load typer at all (``FAST_COMMANDS``): typer imports pydantic and click, which cost more than
the whole diagnosis, and doctor is the command that must feel instant.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from wslgo.cli.options import GlobalOptions
from wslgo.cli.streams import OutputError, StreamGuard, guarded_streams
from wslgo.errors import ExitCode, UsageError, WslgoError

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


def take_language(args: list[str]) -> tuple[list[str], str | None]:
    """Remove the global ``--lang zh|en`` (anywhere before ``--``) and return its value.

    The language must be fixed before any command module is imported: typer help texts are translated
    when a module defines its commands. So ``--lang`` is read here, for every command alike (doctor's
    argparse path included), and never reaches a command's own parser.
    """
    from wslgo.i18n import parse_language_option

    rest: list[str] = []
    language: str | None = None
    index = 0
    while index < len(args):
        token = args[index]
        if token == "--":
            rest += args[index:]
            break
        if token == "--lang" or token.startswith("--lang="):
            if token == "--lang":
                if index + 1 >= len(args):
                    raise UsageError(_("--lang needs a value: zh or en"))
                value = args[index + 1]
                index += 2
            else:
                value = token.partition("=")[2]
                index += 1
            try:
                language = parse_language_option(value)
            except ValueError:
                raise UsageError(_("--lang {value!r}: expected zh or en", value=value)) from None
            continue
        rest.append(token)
        index += 1
    return rest, language


def _run(args: list[str]) -> object:
    args, language = take_language(args)
    if language is not None:
        from wslgo.i18n import set_language

        set_language(language)
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
    from typer.main import get_command

    from wslgo.cli.app import build_app
    from wslgo.cli.framework_text import localize_click_tree

    click_command = get_command(build_app(command))
    localize_click_tree(click_command)
    return click_command.main(args=args, prog_name="wslgo", standalone_mode=False)


def _(msgid: str, /, **params: object) -> str:
    """``wslgo.i18n._``, imported on first use: only error paths need it, and doctor's start-up is timed."""
    from wslgo.i18n import _ as translate

    return translate(msgid, **params)


def _say(message: str) -> None:
    """One line on stderr, ``wslgo: `` first; a stderr that cannot take it is not worth a second error."""
    with contextlib.suppress(Exception):
        print(f"wslgo: {message}", file=sys.stderr, flush=True)


def _usage_line(exc: Any) -> str | None:
    from wslgo.cli.framework_text import usage_error_text

    message = usage_error_text(exc)
    if not message:  # empty for "no arguments, help shown"
        return None
    path = exc.ctx.command_path.partition(" ")[2] if exc.ctx else ""
    command = f"wslgo {path}".strip()
    return _("usage error: {message} (see '{command} --help')", message=message, command=command)


def _bounded(args: list[str], debug: bool, streams: StreamGuard) -> int:
    """Run the command; map every way it can end to an exit status and at most one line on stderr."""
    try:
        result = _run(args)
        sys.stdout.flush()  # a full or closed stdout must fail here, inside the boundary
    except OutputError as exc:
        streams.discard_stdout()
        if debug:
            traceback.print_exc()
        _say(exc.message)
        return int(exc.exit_code)
    except WslgoError as exc:
        if debug:
            traceback.print_exc()
        _say(exc.message)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        _say(_("interrupted"))
        return 130
    except BrokenPipeError:
        streams.discard_stdout()  # the reader went away (``| head``): not an error
        return int(ExitCode.OK)
    except SystemExit as exc:
        # rich ends a broken pipe with SystemExit(1) while handling the BrokenPipeError.
        if isinstance(exc.__context__, BrokenPipeError):
            streams.discard_stdout()
            return int(ExitCode.OK)
        raise
    except _typer().Exit as exc:
        return int(exc.exit_code)
    except _typer().Abort:
        _say(_("interrupted"))
        return 130
    except _click_exceptions().UsageError as exc:
        line = _usage_line(exc)
        if line:
            _say(line)
        return int(ExitCode.USAGE)
    except _click_exceptions().ClickException as exc:
        _say(exc.format_message())
        return int(ExitCode.USAGE)
    except Exception as exc:
        if debug:
            traceback.print_exc()
        else:
            _say(
                _(
                    "internal error: {error} (re-run with --debug for the traceback)",
                    error=f"{type(exc).__name__}: {exc}",
                )
            )
        return int(ExitCode.INTERNAL)
    if isinstance(result, int):
        return result
    return int(ExitCode.OK)


def main(argv: Sequence[str] | None = None) -> int:
    """Run wslgo; return the exit status. Expected errors print one line, never a traceback."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or os.environ.get("WSLGO_DEBUG") == "1"
    with guarded_streams() as streams:
        return _bounded(args, debug, streams)


def entry() -> None:  # pragma: no cover - console-script shim
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
