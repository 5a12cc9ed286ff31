"""The typer application: global options and the lazily registered command modules."""

from __future__ import annotations

import importlib

import typer

from wslgo import __version__
from wslgo.cli.main import FAST_COMMANDS
from wslgo.cli.options import GlobalOptions, global_options
from wslgo.i18n import _, parse_language_option, set_language

#: command name -> module with ``register(app)``.
COMMAND_MODULES: dict[str, str] = {
    "capture": "wslgo.cli.capture",
    "setup": "wslgo.cli.setup",
    "undo": "wslgo.cli.setup",
    "go": "wslgo.cli.go",
    "proxy": "wslgo.cli.proxy",
    "tools": "wslgo.cli.tools",
    "vscode": "wslgo.cli.vscode",
    "ci": "wslgo.cli.ci",
    "bench": "wslgo.cli.bench",
    "report": "wslgo.cli.report",
}


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"wslgo {__version__}")
        raise typer.Exit(0)


def _register_passthrough(app: typer.Typer, name: str, module_name: str) -> None:
    """List a fast command in help; its arguments go untouched to its own parser (``run``)."""
    module = importlib.import_module(module_name)

    @app.command(
        name,
        help=_("{summary} See 'wslgo {name} --help' for options.", summary=_(module.SUMMARY), name=name),
        add_help_option=False,
        context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    )
    def passthrough(ctx: typer.Context) -> int:
        return int(module.run(list(ctx.args), global_options(ctx.obj)))


def build_app(command: str | None) -> typer.Typer:
    """The typer app with the global options and the command modules needed for ``command``."""
    app = typer.Typer(
        name="wslgo",
        help=_("Turn a WSL2 distro into a fast, correct Go workstation and keep it that way."),
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback()
    def root(
        ctx: typer.Context,
        debug: bool = typer.Option(False, "--debug", help=_("Show tracebacks for internal errors.")),
        no_color: bool = typer.Option(
            False, "--no-color", help=_("Never colour output (NO_COLOR works too).")
        ),
        quiet: bool = typer.Option(False, "--quiet", "-q", help=_("Silence progress output.")),
        lang: str | None = typer.Option(
            None,
            "--lang",
            metavar="zh|en",
            help=_(
                "Language of the output: zh (Simplified Chinese) or en. Default: WSLGO_LANG, then "
                "LC_ALL, LC_MESSAGES, LANG (a value starting with zh means Chinese)."
            ),
        ),
        version: bool = typer.Option(
            False, "--version", callback=_version_callback, is_eager=True, help=_("Print the version.")
        ),
    ) -> None:
        # ``main`` reads --lang before any module is imported (help texts are translated at import); this
        # covers an app invoked without ``main`` (tests).
        if lang is not None:
            try:
                set_language(parse_language_option(lang))
            except ValueError:
                raise typer.BadParameter(_("expected zh or en"), param_hint="--lang") from None
        ctx.obj = GlobalOptions(debug=debug, no_color=no_color, quiet=quiet)

    modules = (
        [COMMAND_MODULES[command]] if command in COMMAND_MODULES else sorted(set(COMMAND_MODULES.values()))
    )
    if command not in COMMAND_MODULES:  # full help, or a fast command reached through typer
        for name, module_name in FAST_COMMANDS.items():
            _register_passthrough(app, name, module_name)
    for module_name in dict.fromkeys(modules):
        importlib.import_module(module_name).register(app)
    return app
