"""The command-line frameworks' own words (``Usage:``, ``Options``, ``Show this message and exit.``) in the
UI language (SPEC §12: ``--help`` is translated too).

Our help texts go through ``wslgo.i18n`` like every other sentence, but typer, click and argparse print a
few words of their own. None of them offers a per-process language switch that honours ``--lang`` /
``WSLGO_LANG`` (argparse and older click look words up in gettext's *default* domain, which follows only
``LANGUAGE``/``LC_*``/``LANG``; typer ≥ 0.20 vendors click with the words as plain literals; typer's rich help
reads module constants computed at import). So each is given the words through the extension point it
does have, all from the one catalog:

- click (typer's vendored copy or the real one): every command in the tree gets a ``Context`` subclass
  (``Command.context_class`` is click's documented hook) whose formatter writes our ``Usage:`` prefix and
  which hands the command's help option our text;
- typer's rich help: its panel titles and markers are module constants read when help is drawn;
- argparse (doctor's fast path): a ``HelpFormatter`` subclass and explicit help/usage texts
  (``doctor_parser_texts``).

English needs none of this: nothing here runs unless the UI language is not English.
"""

from __future__ import annotations

import argparse
import importlib
from typing import Any

from wslgo.i18n import N_, _, current_language

#: typer.rich_utils constant → its English text (the msgid).
RICH_CONSTANTS: dict[str, str] = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "ABORTED_TEXT": N_("Aborted."),
    "DEPRECATED_STRING": N_("(deprecated) "),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "RICH_HELP": N_("Try [blue]'{command_path} {help_option}'[/] for help."),
}
USAGE_PREFIX = N_("Usage: ")
HELP_OPTION_HELP = N_("Show this message and exit.")
#: argparse's words (doctor).
ARGPARSE_USAGE_PREFIX = N_("usage: ")
ARGPARSE_OPTIONS_TITLE = N_("options")
ARGPARSE_HELP_HELP = N_("show this help message and exit")


def localize_click_tree(command: Any) -> None:
    """Give ``command`` and every subcommand the UI language's framework words (no-op in English)."""
    if current_language() == "en":
        return
    _localize_rich_constants()
    contexts: dict[type, type] = {}
    pending = [command]
    while pending:
        current = pending.pop()
        base = current.context_class
        if base not in contexts:
            contexts[base] = _localized_context(base)
        current.context_class = contexts[base]
        pending.extend(getattr(current, "commands", {}).values())


def _localize_rich_constants() -> None:
    try:
        rich_utils = importlib.import_module("typer.rich_utils")
    except ImportError:  # typer without rich: click's plain help, covered by the context
        return
    for name, msgid in RICH_CONSTANTS.items():
        if hasattr(rich_utils, name):
            setattr(rich_utils, name, _(msgid))


def _localized_context(base: type) -> type:
    formatter_base: type = base.formatter_class  # type: ignore[attr-defined]

    class LocalizedFormatter(formatter_base):  # type: ignore[misc]
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, args, _(USAGE_PREFIX) if prefix is None else prefix)

    class LocalizedContext(base):  # type: ignore[misc]
        formatter_class = LocalizedFormatter

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            option = self.command.get_help_option(self)
            if option is not None:
                option.help = _(HELP_OPTION_HELP)

    return LocalizedContext


def usage_error_text(exc: Any) -> str:
    """A click usage error's own sentence in the UI language where click's wording is known.

    Click builds these sentences in English from structured fields (the option name, its close matches,
    the missing parameter), so they are rebuilt from the fields; others keep click's words.
    """
    message: str = exc.format_message()
    if current_language() == "en":
        return message
    kind = type(exc).__name__
    if kind == "NoSuchOption" and getattr(exc, "option_name", None):
        name = _printable(exc.option_name)
        possibilities = getattr(exc, "possibilities", None) or []
        if possibilities:
            return _(
                "No such option: {name} (possible options: {options})",
                name=name,
                options=", ".join(sorted(possibilities)),
            )
        return _("No such option: {name}", name=name)
    if kind == "MissingParameter" and not exc.message and getattr(exc, "param", None) is not None:
        hint = exc.param_hint
        if hint is None:
            try:
                hint = exc.param.get_error_hint(exc.ctx)
            except TypeError:  # typer's vendored click takes no context
                hint = exc.param.get_error_hint()
        if not isinstance(hint, str):
            hint = " / ".join(hint)
        param_type = exc.param_type or exc.param.param_type_name
        if param_type == "argument":
            return _("Missing argument {name}.", name=hint)
        if param_type == "option":
            return _("Missing option {name}.", name=hint)
    return message


def _printable(text: str) -> str:
    """A user-typed token safe to print: control characters shown escaped (as click does)."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def localized_help_formatter() -> type[argparse.HelpFormatter]:
    """argparse's help formatter with the ``usage:`` prefix in the UI language."""

    class LocalizedHelpFormatter(argparse.HelpFormatter):
        def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
            super().add_usage(usage, actions, groups, _(ARGPARSE_USAGE_PREFIX) if prefix is None else prefix)

    return LocalizedHelpFormatter


#: argparse's error sentences that doctor can meet, as patterns over argparse's English.
_ARGPARSE_ERRORS = (
    (r"^argument (?P<name>\S+): expected one argument$", N_("argument {name}: expected a value")),
    (
        r"^argument (?P<name>\S+): ignored explicit argument (?P<value>.+)$",
        N_("argument {name}: takes no value (got {value})"),
    ),
)


def argparse_error_text(message: str) -> str:
    """argparse's error sentence in the UI language when it is one doctor can meet; else unchanged.

    argparse formats its errors in English before handing them over (its words come from gettext's
    default domain, which ``--lang`` cannot steer), so the known shapes are matched and re-said.
    """
    if current_language() == "en":
        return message
    import re

    for pattern, msgid in _ARGPARSE_ERRORS:
        match = re.match(pattern, message)
        if match:
            return _(msgid, **match.groupdict())
    return message
