"""The translation catalogs against the sources: what Babel extracts from ``src/`` and what the ``.po``
files hold (SPEC §12, docs/i18n.md).

Used by ``tests/unit/test_i18n_catalog.py`` and from the command line (repository root)::

    python -m tests.i18n_catalog missing        # msgids without a Chinese entry, grouped by source file
    python -m tests.i18n_catalog update         # add them, untranslated, to their area's .po file
    python -m tests.i18n_catalog extract [POT]  # write the template (default build/wslgo.pot)

Extraction follows ``babel.cfg`` with the keywords of ``wslgo.i18n``: ``_``, ``M``, ``N_`` and
``ngettext:1,2`` (Jinja2 templates through Jinja2's own extractor).
"""

from __future__ import annotations

import string
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src"
LOCALE = SRC / "wslgo" / "locale"
BABEL_CFG = REPO / "babel.cfg"
KEYWORDS: dict[str, Any] = {"_": None, "M": None, "N_": None, "ngettext": (1, 2)}

#: Which area file a new msgid goes to, by the path of its first use under ``src/wslgo`` (first match).
AREAS: tuple[tuple[str, str], ...] = (
    ("cli/doctor", "doctor"),
    ("cli/report.py", "report"),
    ("report/", "report"),
    ("fleet/", "report"),
    ("checks/", "checks"),
    ("facts/", "checks"),
    ("wslconf/", "checks"),
    ("golang/", "checks"),
    ("evidence/queries.py", "checks"),
    ("policy/", "policy"),
    ("setup/", "setup"),
    ("edit/", "setup"),
    ("cli/setup.py", "setup"),
    ("ci/", "ci"),
    ("cli/ci.py", "ci"),
    ("sdk/", "sdk"),
    ("mirrors/", "sdk"),
    ("cli/go.py", "sdk"),
    ("proxy/", "proxy"),
    ("cli/proxy.py", "proxy"),
    ("cache/", "cache"),
    ("cli/cache.py", "cache"),
    ("tools/", "tools"),
    ("vscode/", "tools"),
    ("cli/tools.py", "tools"),
    ("cli/vscode.py", "tools"),
    ("bench/", "bench"),
    ("cli/bench.py", "bench"),
)
DEFAULT_AREA = "core"
HEADER = """# Simplified Chinese messages for wslgo.
msgid ""
msgstr ""
"Project-Id-Version: wslgo\\n"
"Language: zh_CN\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"
"""


@dataclass
class Extracted:
    """One msgid (with its plural form) and every place in ``src/`` that uses it."""

    msgid: str
    plural: str | None = None
    locations: list[tuple[str, int]] = field(default_factory=list)

    @property
    def first_file(self) -> str:
        return self.locations[0][0]


def _method_map() -> tuple[list[tuple[str, str]], dict[str, dict[str, str]]]:
    from babel.messages import frontend

    with open(BABEL_CFG, encoding="utf-8") as handle:
        if hasattr(frontend, "parse_mapping_cfg"):
            return frontend.parse_mapping_cfg(handle, str(BABEL_CFG))  # type: ignore[no-any-return]
        return frontend.parse_mapping(handle)  # type: ignore[no-any-return]  # Babel < 2.15


def extract(src: Path = SRC) -> list[Extracted]:
    """Every translatable message under ``src`` (paths relative to ``src``), in source order."""
    from babel.messages.extract import extract_from_dir

    method_map, options_map = _method_map()
    found: dict[str, Extracted] = {}
    for filename, line, message, _comments, _context in extract_from_dir(
        str(src), method_map, options_map, keywords=KEYWORDS
    ):
        if isinstance(message, str):
            msgid, plural = message, None
        else:
            parts = [part for part in message if isinstance(part, str)]
            if not parts:
                continue
            msgid, plural = parts[0], (parts[1] if len(parts) > 1 else None)
        if not msgid:
            continue
        entry = found.setdefault(msgid, Extracted(msgid, plural))
        entry.locations.append((filename, line))
    return list(found.values())


@dataclass(frozen=True)
class PoEntry:
    file: str
    msgid: str
    plural: str | None
    strings: tuple[str, ...]  # msgstr, or msgstr[n] for a plural entry
    fuzzy: bool

    @property
    def translated(self) -> bool:
        return not self.fuzzy and all(self.strings) and bool(self.strings)


def po_entries(language_dir: Path = LOCALE / "zh_CN") -> list[PoEntry]:
    """Every entry of every ``.po`` file of one language (the header excluded)."""
    from babel.messages.pofile import read_po

    entries: list[PoEntry] = []
    for po_path in sorted(language_dir.glob("*.po")):
        with open(po_path, "rb") as handle:
            catalog = read_po(handle, locale=language_dir.name)
        for message in catalog:
            if not message.id:
                continue
            if isinstance(message.id, tuple):
                msgid, plural = message.id[0], message.id[1]
                strings = tuple(message.string) if isinstance(message.string, tuple) else (message.string,)
            else:
                msgid, plural = message.id, None
                strings = (message.string if isinstance(message.string, str) else message.string[0],)
            entries.append(PoEntry(po_path.name, msgid, plural, strings, message.fuzzy))
    return entries


def placeholders(text: str) -> list[tuple[str, str, str]]:
    """The ``{name!conv:spec}`` fields of a ``str.format`` template, sorted (``ValueError`` if malformed)."""
    fields = [
        (name, conversion or "", spec or "")
        for _literal, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    ]
    return sorted(fields)


@dataclass(frozen=True)
class Problem:
    file: str  # the source file (or .po file) to look at
    line: int
    msgid: str
    reason: str


def problems(extracted: Iterable[Extracted], entries: Iterable[PoEntry]) -> list[Problem]:
    """Extracted msgids without a Chinese entry, with other placeholders, or translated twice differently."""
    by_id: dict[str, list[PoEntry]] = {}
    for entry in entries:
        by_id.setdefault(entry.msgid, []).append(entry)
    found: list[Problem] = []
    for message in extracted:
        file, line = message.locations[0]
        translated = [entry for entry in by_id.get(message.msgid, []) if entry.translated]
        if not translated:
            found.append(Problem(file, line, message.msgid, "no Chinese entry"))
            continue
        if len({entry.strings for entry in translated}) > 1:
            names = ", ".join(entry.file for entry in translated)
            found.append(Problem(file, line, message.msgid, f"translated differently in {names}"))
        entry = translated[0]
        try:
            wanted = placeholders(message.plural or message.msgid)
            for text in entry.strings:
                got = placeholders(text)
                if got != wanted:
                    found.append(
                        Problem(
                            file, line, message.msgid, f"placeholders {got} in {entry.file}, want {wanted}"
                        )
                    )
        except ValueError as exc:
            found.append(Problem(file, line, message.msgid, f"not a valid format template: {exc}"))
    return found


def format_problems(found: Iterable[Problem]) -> str:
    """Problems grouped by source file, one line each: easy to see what each file still lacks."""
    by_file: dict[str, list[Problem]] = {}
    for problem in found:
        by_file.setdefault(problem.file, []).append(problem)
    lines: list[str] = []
    for file in sorted(by_file):
        items = by_file[file]
        lines.append(f"src/{file}: {len(items)}")
        lines += [f"  line {p.line}: {p.msgid!r}: {p.reason}" for p in sorted(items, key=lambda p: p.line)]
    return "\n".join(lines)


def area_of(source_file: str) -> str:
    relative = source_file.removeprefix("wslgo/")
    return next((area for prefix, area in AREAS if relative.startswith(prefix)), DEFAULT_AREA)


def _po_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def update(language_dir: Path = LOCALE / "zh_CN") -> dict[str, int]:
    """Append every extracted msgid that no ``.po`` file holds to its area file, untranslated."""
    known = {entry.msgid for entry in po_entries(language_dir)}
    added: dict[str, list[Extracted]] = {}
    for message in extract():
        if message.msgid not in known:
            added.setdefault(area_of(message.first_file), []).append(message)
    for area, messages in added.items():
        po_path = language_dir / f"{area}.po"
        text = po_path.read_text(encoding="utf-8") if po_path.exists() else HEADER
        blocks = [text.rstrip("\n") + "\n"]
        for message in messages:
            where = " ".join(dict.fromkeys(file.removeprefix("wslgo/") for file, _ in message.locations))
            block = [f"#: {where}", f"msgid {_po_quote(message.msgid)}"]
            if message.plural is not None:
                block += [f"msgid_plural {_po_quote(message.plural)}", 'msgstr[0] ""']
            else:
                block.append('msgstr ""')
            blocks.append("\n" + "\n".join(block) + "\n")
        po_path.write_text("".join(blocks), encoding="utf-8")
    return {area: len(messages) for area, messages in added.items()}


def write_pot(target: Path) -> int:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalog = Catalog(project="wslgo", domain="wslgo")
    messages = extract()
    for message in messages:
        msgid: Any = (message.msgid, message.plural) if message.plural is not None else message.msgid
        catalog.add(msgid, locations=[(f"src/{file}", line) for file, line in message.locations])
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as handle:
        write_po(handle, catalog, width=110)
    return len(messages)


def _main(argv: list[str]) -> Iterator[str]:
    command = argv[0] if argv else "missing"
    if command == "missing":
        found = problems(extract(), po_entries())
        yield format_problems(found) if found else "every msgid has a Chinese entry"
        if found:
            raise SystemExit(1)
    elif command == "update":
        added = update()
        yield ", ".join(f"{area}.po: +{count}" for area, count in sorted(added.items())) or "nothing to add"
    elif command == "extract":
        target = Path(argv[1]) if len(argv) > 1 else REPO / "build" / "wslgo.pot"
        yield f"{target}: {write_pot(target)} messages"
    else:
        raise SystemExit(
            f"usage: python -m tests.i18n_catalog [missing|update|extract [POT]] (got {command!r})"
        )


if __name__ == "__main__":
    for output in _main(sys.argv[1:]):
        print(output)
