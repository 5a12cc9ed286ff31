"""User-visible text in English or Simplified Chinese (SPEC §12), through one gettext catalog.

Three ways in, each for one job:

* ``_("Installed {version} into {path}.", version=v, path=p)`` — a sentence for the person at the
  terminal now: translated into the UI language and formatted at once. Errors, notes, progress, help.
* ``M("GOCACHE {path} is on a Windows drive.", path=p)`` — a sentence that is *data*: doctor findings,
  setup reasons. It is a ``str`` whose value is the English text (so JSON, SARIF and tests keep the
  stable English), and it remembers its msgid and parameters so a renderer can ask for
  ``localized("zh")``. Parameters that are themselves ``M`` texts are localized with it.
* ``N_("…")`` marks a constant for extraction; translate it where it is shown with ``_(CONSTANT)``.

Messages are whole sentences with named placeholders; numbers and paths are always placeholders and
never translated. Pieces are never concatenated: the word order differs between the two languages.

The language is chosen once per process: ``--lang`` / ``WSLGO_LANG`` first, then the POSIX order
``LC_ALL``, ``LC_MESSAGES``, ``LANG`` (the first one that is set decides). A value starting with ``zh``
selects Chinese; anything else English. Catalogs are compiled ``.mo`` files shipped in the package
(``wslgo/locale``), built from the ``.po`` sources at build time; nothing is compiled at run time.
"""

# pathlib costs an import on doctor's path (checks build M messages); a string path is all this needs.
# ruff: noqa: PTH100, PTH118, PTH120

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import gettext as _gettext

DOMAIN = "wslgo"
LANGUAGES = ("en", "zh")
#: Where the compiled catalogs live: ``locale/<lang>/LC_MESSAGES/wslgo.mo``. A plain string, and gettext
#: is imported only when a catalog is read: checks build ``M`` messages on doctor's path, which must start
#: fast (English needs no catalog at all).
LOCALE_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "locale")
#: gettext's directory name of each UI language.
CATALOG_NAMES = {"zh": "zh_CN"}

_state: dict[str, Any] = {"language": None}
_catalogs: dict[str, _gettext.NullTranslations] = {}


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The UI language the environment asks for: ``zh`` or ``en``."""
    env = os.environ if environ is None else environ
    explicit = env.get("WSLGO_LANG", "").strip()
    if explicit:
        return normalize_language(explicit)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def normalize_language(value: str) -> str:
    """``zh``, ``zh_CN.UTF-8``, ``zh-Hans`` → ``zh``; anything else → ``en``."""
    return "zh" if value.strip().lower().startswith("zh") else "en"


def parse_language_option(value: str) -> str:
    """The value of ``--lang``: ``zh`` or ``en`` (``zh_CN``, ``zh-Hans``, ``en_US`` … too).

    Unlike the environment, where any locale that is not Chinese means English, an option is typed on
    purpose: a value that names neither language is a usage error (``ValueError``), not English.
    """
    lowered = value.strip().lower()
    if lowered.startswith(("zh", "en")) and (len(lowered) == 2 or lowered[2] in "_-.@"):
        return lowered[:2]
    raise ValueError(value)


def set_language(language: str | None) -> str:
    """Fix the UI language for this process (``None``: from the environment); returns it."""
    chosen = language_from_environment() if language is None else normalize_language(language)
    _state["language"] = chosen
    return chosen


def reset_language() -> None:
    """Forget the chosen language: the next use decides again from the environment (tests use this)."""
    _state["language"] = None


def current_language() -> str:
    """The UI language of this process (decided from the environment on first use)."""
    language = _state["language"]
    if language is None:
        language = set_language(None)
    return str(language)


def catalog(language: str) -> _gettext.NullTranslations:
    """The compiled catalog of ``language`` (English and a missing catalog: the identity)."""
    found = _catalogs.get(language)
    if found is None:
        import gettext as _gettext

        found = _gettext.NullTranslations()
        name = CATALOG_NAMES.get(language)
        if name is not None:
            mo_path = os.path.join(LOCALE_DIR, name, "LC_MESSAGES", f"{DOMAIN}.mo")
            try:
                with open(mo_path, "rb") as handle:
                    found = _gettext.GNUTranslations(handle)
            except OSError:
                pass
        _catalogs[language] = found
    return found


def has_catalog(language: str) -> bool:
    """Whether a compiled catalog for ``language`` is installed (English always is)."""
    import gettext as _gettext

    return language == "en" or isinstance(catalog(language), _gettext.GNUTranslations)


def translate(msgid: str, language: str | None = None) -> str:
    """``msgid`` in ``language`` (default: the UI language), unformatted."""
    lang = current_language() if language is None else language
    if lang == "en":
        return msgid
    return catalog(lang).gettext(msgid)


def _format(template: str, params: Mapping[str, object], language: str) -> str:
    if not params:
        return template
    values = {
        key: value.localized(language) if isinstance(value, Message) else value
        for key, value in params.items()
    }
    return template.format(**values)


def _(msgid: str, /, **params: object) -> str:
    """``msgid`` translated into the UI language, its ``{name}`` placeholders filled from ``params``."""
    language = current_language()
    return _format(translate(msgid, language), params, language)


def ngettext(singular: str, plural: str, count: int, /, **params: object) -> str:
    """The singular or plural sentence for ``count`` in the UI language (``count`` is a placeholder too)."""
    language = current_language()
    if language == "en":
        template = singular if count == 1 else plural
    else:
        template = catalog(language).ngettext(singular, plural, count)
    return _format(template, {"count": count, **params}, language)


def N_(msgid: str, /) -> str:
    """Mark ``msgid`` for extraction only; it is translated where it is shown."""
    return msgid


class Message(str):
    """A sentence that is data: its value is the English text; ``localized`` renders another language.

    Being a ``str`` keeps every consumer that only needs the stable English (JSON, SARIF, JUnit, tests)
    unchanged; a renderer that shows the UI language calls ``localized``.
    """

    msgid: str
    params: dict[str, object]

    def __new__(cls, msgid: str, params: Mapping[str, object] | None = None) -> Message:
        values = dict(params or {})
        instance = super().__new__(cls, _format(msgid, values, "en"))
        instance.msgid = msgid
        instance.params = values
        return instance

    def localized(self, language: str | None = None) -> str:
        """This sentence in ``language`` (default: the UI language)."""
        lang = current_language() if language is None else language
        if lang == "en":
            return str.__str__(self)
        return _format(translate(self.msgid, lang), self.params, lang)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Message, (self.msgid, self.params))


class Translated(Message):
    """A sentence already rendered in each language it is shown in: its value is the English text.

    A report redacts what it shows (SPEC §2), and redaction works on finished text, not on a template:
    ``build_report`` renders every finding in English and in the UI language, redacts each, and keeps
    both here, so renderers still call ``localized`` and the machine formats still read the English.
    A language that was not rendered falls back to the English text.
    """

    texts: dict[str, str]

    def __new__(cls, texts: Mapping[str, str]) -> Translated:
        english = texts["en"]
        instance = str.__new__(cls, english)
        instance.msgid = english
        instance.params = {}
        instance.texts = dict(texts)
        return instance

    def localized(self, language: str | None = None) -> str:
        lang = current_language() if language is None else language
        return self.texts.get(lang, self.texts["en"])

    def __reduce__(self) -> tuple[Any, ...]:
        return (Translated, (self.texts,))


class Joined(Message):
    """Clauses shown as one list (``a; b; c``): each clause localized, the separator too (``；``).

    For facts that come and go independently (``code on PATH at …; no ~/.vscode-server; …``), where a
    sentence per combination would multiply the catalog; each clause is still a whole translatable unit.
    """

    items: tuple[str, ...]
    separator: str

    def __new__(cls, items: Iterable[str], separator: str = "; ") -> Joined:
        parts = tuple(items)
        instance = str.__new__(cls, separator.join(str.__str__(part) for part in parts))
        instance.msgid = ""
        instance.params = {}
        instance.items = parts
        instance.separator = separator
        return instance

    def localized(self, language: str | None = None) -> str:
        lang = current_language() if language is None else language
        if lang == "en":
            return str.__str__(self)
        return translate(self.separator, lang).join(localized(part, lang) for part in self.items)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Joined, (self.items, self.separator))


#: List separators ``Joined`` translates (marked here so extraction finds them).
SEPARATORS = (N_("; "), N_(", "))


def M(msgid: str, /, **params: object) -> Message:
    """A translatable sentence kept as data (English value, localizable later)."""
    return Message(msgid, params)


def localized(text: str, language: str | None = None) -> str:
    """``text`` in ``language`` when it is a ``Message``; any other string as it is."""
    if isinstance(text, Message):
        return text.localized(language)
    return text


__all__ = [
    "LANGUAGES",
    "N_",
    "Joined",
    "M",
    "Message",
    "Translated",
    "_",
    "current_language",
    "has_catalog",
    "language_from_environment",
    "localized",
    "ngettext",
    "parse_language_option",
    "reset_language",
    "set_language",
    "translate",
]
