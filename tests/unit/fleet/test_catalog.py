"""Every sentence the policy and fleet-report code shows has a Simplified Chinese translation (SPEC §12).

The msgids are extracted from the sources the way Babel extracts them (``_``, ``M``, ``N_``, ``ngettext``;
the page template through Jinja2's extractor), then looked up in the compiled catalog.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from jinja2.ext import babel_extract

from wslgo.i18n import catalog, has_catalog

SRC = Path(__file__).resolve().parents[3] / "src" / "wslgo"
SOURCES = [
    *sorted((SRC / "policy").glob("*.py")),
    *sorted((SRC / "fleet").glob("*.py")),
    SRC / "cli" / "report.py",
]
TEMPLATE = SRC / "fleet" / "templates" / "report.html.j2"
KEYWORDS = {"_": None, "M": None, "N_": None, "ngettext": (1, 2)}


def _strings(message: object) -> tuple[str, ...]:
    if isinstance(message, str):
        return (message,)
    return tuple(part for part in message if isinstance(part, str))  # type: ignore[attr-defined]


def messages() -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    for path in SOURCES:
        found += [_strings(m) for _, m, _, _ in extract_from_file("python", str(path), keywords=KEYWORDS)]
    with open(TEMPLATE, "rb") as handle:
        options = {"trim_blocks": "true", "lstrip_blocks": "true"}
        found += [_strings(m) for _, _, m, _ in babel_extract(handle, ["_", "ngettext"], [], options)]
    return found


def test_the_sources_have_messages_to_check() -> None:
    assert len(messages()) > 100


@pytest.mark.parametrize("message", messages(), ids=lambda m: m[0][:40])
def test_message_is_translated_with_the_same_placeholders(message: tuple[str, ...]) -> None:
    assert has_catalog("zh"), "the zh_CN catalog is not compiled: pip install -e ."
    zh = catalog("zh")
    translated = zh.gettext(message[0]) if len(message) == 1 else zh.ngettext(message[0], message[1], 2)
    assert translated != message[0], f"no zh_CN translation for {message[0]!r}"
    placeholders = set(re.findall(r"\{[a-z_]+(?:![rs])?\}", message[-1]))
    assert set(re.findall(r"\{[a-z_]+(?:![rs])?\}", translated)) == placeholders, translated
