"""Entry point and the single error boundary (STYLE habit 1).

Command groups are registered lazily: only the module of the command being run is imported, so
``wslgo doctor`` does not pay for the proxy server or the SDK manager at start-up.
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback
from collections.abc import Sequence
from typing import Any

import typer

from wslgo import __version__
from wslgo.cli.options import GlobalOptions
from wslgo.errors import ExitCode, WslgoError

#: command name -> module with ``register(app)``.
COMMAND_MODULES: dict[str, str] = {
    "doctor": "wslgo.cli.doctor",
    "capture": "wslgo.cli.capture",
    "setup": "wslgo.cli.setup",
    "undo": "wslgo.cli.setup",
    "go": "wslgo.cli.go",
    "proxy": "wslgo.cli.proxy",
    "tools": "wslgo.cli.tools",
    "vscode": "wslgo.cli.vscode",
    "ci": "wslgo.cli.ci",
    "bench": "wslgo.cli.bench",
}

GLOBAL_FLAGS = {"--debug", "--no-color", "--quiet", "-q", "--version"}


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"wslgo {__version__}")
        raise typer.Exit(0)


def build_app(command: str | None) -> typer.Typer:
    """The typer app with the global options and the command modules needed for ``command``."""
    app = typer.Typer(
        name="wslgo",
        help="Turn a WSL2 distro into a fast, correct Go workstation and keep it that way.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback()
    def root(
        ctx: typer.Context,
        debug: bool = typer.Option(False, "--debug", help="Show tracebacks for internal errors."),
        no_color: bool = typer.Option(False, "--no-color", help="Never colour output (NO_COLOR works too)."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="Silence progress output."),
        version: bool = typer.Option(
            False, "--version", callback=_version_callback, is_eager=True, help="Print the version."
        ),
    ) -> None:
        ctx.obj = GlobalOptions(debug=debug, no_color=no_color, quiet=quiet)

    modules = (
        [COMMAND_MODULES[command]] if command in COMMAND_MODULES else sorted(set(COMMAND_MODULES.values()))
    )
    for module_name in dict.fromkeys(modules):
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue  # a command group not built yet: it simply is not offered
            raise
        module.register(app)
    return app


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


def main(argv: Sequence[str] | None = None) -> int:
    """Run wslgo; return the exit status. Expected errors print one line, never a traceback."""
    click_exceptions = _click_exceptions()
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or os.environ.get("WSLGO_DEBUG") == "1"
    try:
        app = build_app(_command_name(args))
        result = app(args=args, prog_name="wslgo", standalone_mode=False)
    except WslgoError as exc:
        if debug:
            traceback.print_exc()
        print(f"wslgo: {exc.message}", file=sys.stderr)
        return int(exc.exit_code)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:
        print("wslgo: interrupted", file=sys.stderr)
        return 130
    except click_exceptions.UsageError as exc:
        message = exc.format_message()
        if message:  # empty for "no arguments, help shown"
            path = exc.ctx.command_path.partition(" ")[2] if exc.ctx else ""
            hint = f" (see 'wslgo {path} --help')".replace("  ", " ")
            print(f"wslgo: usage error: {message}{hint}", file=sys.stderr)
        return int(ExitCode.USAGE)
    except click_exceptions.ClickException as exc:
        print(f"wslgo: {exc.format_message()}", file=sys.stderr)
        return int(ExitCode.USAGE)
    except KeyboardInterrupt:
        print("wslgo: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
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
