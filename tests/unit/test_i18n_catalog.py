"""Every translatable sentence in ``src/`` has a Simplified Chinese entry with the same placeholders (SPEC §12).

Babel extracts the whole tree the way ``babel.cfg`` says (``tests/i18n_catalog.py``); the ``.po`` sources are
the reference, and the compiled catalog must match them. A failure lists what is missing per source file:
``python -m tests.i18n_catalog missing`` prints the same list, ``… update`` adds the msgids to their area
file for translation.
"""

from __future__ import annotations

import re

import pytest

from tests.i18n_catalog import (
    Extracted,
    PoEntry,
    area_of,
    extract,
    format_problems,
    placeholders,
    po_entries,
    problems,
)
from wslgo.i18n import catalog, has_catalog


@pytest.fixture(scope="module")
def extracted() -> list[Extracted]:
    return extract()


@pytest.fixture(scope="module")
def entries() -> list[PoEntry]:
    return po_entries()


def test_extraction_sees_the_whole_tree(extracted: list[Extracted]) -> None:
    files = {file for message in extracted for file, _ in message.locations}
    for expected in (
        "wslgo/checks/go/config.py",
        "wslgo/checks/wsl/vm.py",
        "wslgo/report/text.py",
        "wslgo/cli/doctor.py",
        "wslgo/policy/checks.py",
        "wslgo/fleet/templates/report.html.j2",
    ):
        assert expected in files, f"nothing extracted from {expected}"
    assert len(extracted) > 500


def test_every_msgid_has_a_chinese_entry_with_the_same_placeholders(
    extracted: list[Extracted], entries: list[PoEntry]
) -> None:
    found = problems(extracted, entries)
    assert not found, "msgids to translate (python -m tests.i18n_catalog update):\n" + format_problems(found)


def test_the_checker_catches_missing_and_mismatched_entries() -> None:
    """The comparison itself: a missing entry, a dropped placeholder and a renamed one are all reported."""
    extracted = [
        Extracted("GOCACHE {path} is on a Windows drive.", None, [("wslgo/checks/x.py", 3)]),
        Extracted("{count} file", "{count} files", [("wslgo/checks/x.py", 5)]),
        Extracted("Not translated.", None, [("wslgo/report/y.py", 7)]),
    ]
    entries = [
        PoEntry(
            "checks.po",
            "GOCACHE {path} is on a Windows drive.",
            None,
            ("GOCACHE 位于 Windows 驱动器上。",),
            False,
        ),
        PoEntry("checks.po", "{count} file", "{count} files", ("{total} 个文件",), False),
    ]
    found = problems(extracted, entries)
    assert [(p.file, p.msgid) for p in found] == [
        ("wslgo/checks/x.py", "GOCACHE {path} is on a Windows drive."),
        ("wslgo/checks/x.py", "{count} file"),
        ("wslgo/report/y.py", "Not translated."),
    ]
    report = format_problems(found)
    assert "src/wslgo/checks/x.py: 2" in report and "src/wslgo/report/y.py: 1" in report


def test_placeholders_compare_names_conversions_and_specs() -> None:
    assert placeholders("{name!r} at {where}") == placeholders("{where} 处的 {name!r}")
    assert placeholders("{name!r}") != placeholders("{name}")
    assert placeholders("{size:.1f} GiB") != placeholders("{size} GiB")
    with pytest.raises(ValueError):
        placeholders("{unclosed")


def test_no_msgid_is_translated_twice_differently(entries: list[PoEntry]) -> None:
    """setup.py merges every .po of a language and refuses this; the test says it before a build does."""
    seen: dict[str, PoEntry] = {}
    clashes = []
    for entry in entries:
        if not entry.translated:
            continue
        first = seen.setdefault(entry.msgid, entry)
        if first.strings != entry.strings:
            clashes.append(f"{entry.msgid!r}: {first.file} {first.strings} vs {entry.file} {entry.strings}")
    assert not clashes, "\n".join(clashes)


def test_the_compiled_catalog_matches_the_po_files(entries: list[PoEntry]) -> None:
    """A stale ``.mo`` (a .po edited without ``pip install -e .``) would test yesterday's translations."""
    assert has_catalog("zh"), "the zh_CN catalog is not compiled: pip install -e ."
    zh = catalog("zh")
    stale = []
    for entry in entries:
        if not entry.translated:
            continue
        compiled = zh.ngettext(entry.msgid, entry.plural, 1) if entry.plural else zh.gettext(entry.msgid)
        if compiled != entry.strings[0]:
            stale.append(entry.msgid)
    assert not stale, f"the compiled catalog is stale (pip install -e .): {stale[:5]}"


def test_new_msgids_go_to_their_area_file() -> None:
    assert area_of("wslgo/checks/wsl/vm.py") == "checks"
    assert area_of("wslgo/facts/go.py") == "checks"
    assert area_of("wslgo/report/text.py") == "report"
    assert area_of("wslgo/cli/doctor.py") == "doctor"
    assert area_of("wslgo/proxy/server.py") == "proxy"
    assert area_of("wslgo/cli/main.py") == "core"


def test_chinese_sentences_use_full_width_punctuation(entries: list[PoEntry]) -> None:
    """``，；：？！（）`` next to Chinese text, as goproxy.cn's docs write it (docs/zh-terms.md); code spans
    and placeholders keep their ASCII."""
    cjk = r"[\u4e00-\u9fff]"
    half_width = re.compile(rf"{cjk}[,;:?!()]|[,;:?!(]{cjk}|\){cjk}")
    offenders = [
        f"{entry.file}: {text!r}"
        for entry in entries
        for text in entry.strings
        if half_width.search(re.sub(r"`[^`]*`", "", text))
    ]
    assert not offenders, "\n".join(offenders)
