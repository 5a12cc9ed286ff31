"""The Chinese documents say what the English ones say (SPEC §12): ``docs/checks.zh-CN.md`` has a section for
every check ID doctor can report (POL included), and every section, like ``README.zh-CN.md``, keeps every
command, path, key and value of its English original (the code spans), so a section that falls behind the
English one — a new option, a changed command — fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wslgo.checks.registry import all_checks
from wslgo.policy.checks import POLICY_CHECKS

REPO = Path(__file__).resolve().parents[2]
CHECKS_EN = REPO / "docs" / "checks.md"
CHECKS_ZH = REPO / "docs" / "checks.zh-CN.md"
README_EN = REPO / "README.md"
README_ZH = REPO / "README.zh-CN.md"
_ANCHOR = re.compile(r'^<a id="([a-z]+\d{3})"></a>$', re.MULTILINE)
_CODE = re.compile(r"`([^`\n]+)`")


def all_ids() -> list[str]:
    return [check.id for check in all_checks()] + list(POLICY_CHECKS)


def sections(text: str) -> dict[str, str]:
    """Anchor id → the text up to the next anchor (or the next top-level heading)."""
    marks = list(_ANCHOR.finditer(text))
    found: dict[str, str] = {}
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(text)
        body = text[mark.end() : end]
        found[mark.group(1)] = body.split("\n# ", 1)[0]
    return found


def code_spans(text: str) -> set[str]:
    return set(_CODE.findall(text))


@pytest.mark.parametrize("check_id", all_ids())
def test_every_check_id_has_a_chinese_section(check_id: str) -> None:
    zh = sections(CHECKS_ZH.read_text(encoding="utf-8"))
    assert check_id.lower() in zh, f"docs/checks.zh-CN.md has no section for {check_id}"
    assert re.search(rf"^## {check_id} — \S", zh[check_id.lower()], re.MULTILINE), check_id
    assert f"[{check_id}](#{check_id.lower()})" in CHECKS_ZH.read_text(encoding="utf-8"), (
        "missing from the index"
    )


def test_chinese_sections_are_the_english_sections() -> None:
    english = sections(CHECKS_EN.read_text(encoding="utf-8"))
    chinese = sections(CHECKS_ZH.read_text(encoding="utf-8"))
    assert list(chinese) == list(english), "the Chinese page has other sections, or in another order"


@pytest.mark.parametrize("anchor", list(sections(CHECKS_EN.read_text(encoding="utf-8"))))
def test_chinese_section_keeps_every_command_path_and_value(anchor: str) -> None:
    english = sections(CHECKS_EN.read_text(encoding="utf-8"))[anchor]
    chinese = sections(CHECKS_ZH.read_text(encoding="utf-8")).get(anchor, "")
    missing = sorted(code_spans(english) - code_spans(chinese))
    assert not missing, f"docs/checks.zh-CN.md#{anchor} lacks {missing}"


def test_readme_zh_says_what_the_readme_says() -> None:
    english = README_EN.read_text(encoding="utf-8")
    chinese = README_ZH.read_text(encoding="utf-8")
    assert "(README.zh-CN.md)" in english and "(README.md)" in chinese
    missing = sorted(code_spans(english) - code_spans(chinese))
    assert not missing, f"README.zh-CN.md lacks {missing}"
    for link in re.findall(r"\]\((docs/[^)#]+)\)", english):
        if link != "docs/checks.md":
            assert f"({link})" in chinese, link


def test_each_language_links_to_the_other() -> None:
    assert "(checks.zh-CN.md)" in CHECKS_EN.read_text(encoding="utf-8")
    assert "(checks.md)" in CHECKS_ZH.read_text(encoding="utf-8")
