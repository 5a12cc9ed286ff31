"""The check registry: the SPEC §3 catalog is complete, IDs are valid, every check is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import make_evidence
from wslgo.checks import registry
from wslgo.checks.model import Check, Finding, Status
from wslgo.checks.runner import run_checks

DOCS = Path(__file__).resolve().parents[3] / "docs" / "checks.md"

CATALOG = (
    [f"WSL{n:03d}" for n in (1, 2, 3, 4, 5, *range(10, 21))]
    + [f"GO{n:03d}" for n in (1, 2, 3, 4, 5, 6, *range(10, 17), *range(20, 27), 30, 40)]
    + ["NET001", "NET002", "NET003"]
    + [f"TOOL{n:03d}" for n in range(1, 7)]
    + ["GUI001", "GUI002", "GPU001", "GPU002"]
)


def test_every_catalog_id_is_registered() -> None:
    ids = [c.id for c in registry.all_checks()]
    assert ids == sorted(ids)
    missing = sorted(set(CATALOG) - set(ids))
    assert not missing, f"SPEC §3 IDs without a check: {missing}"


def test_every_check_has_a_docs_section_with_what_why_fix() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for item in registry.all_checks():
        anchor = f'<a id="{item.id.lower()}"></a>'
        assert anchor in text, f"docs/checks.md lacks the anchor for {item.id}"
        section = text.split(anchor, 1)[1].split('<a id="', 1)[0]
        assert re.search(rf"^## {item.id}\b", section, re.M), f"no '## {item.id}' heading"
        for part in ("What it checks", "Why it matters", "How to fix"):
            assert part in section, f"{item.id}: section lacks '{part}'"
        assert item.docs == f"docs/checks.md#{item.id.lower()}"


def test_metadata_is_complete() -> None:
    for item in registry.all_checks():
        assert item.title and item.title[0].isupper(), item.id
        assert item.category in registry.CATEGORY_BY_PREFIX.values()


@pytest.mark.parametrize("bad", ["GO1", "go001", "XYZ001", "GO0001", "WSL01a"])
def test_malformed_ids_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="does not match"):
        registry.check(bad, "Title")


def test_duplicate_ids_are_refused() -> None:
    existing = registry.all_checks()[0].id
    with pytest.raises(ValueError, match="registered twice"):
        registry.check(existing, "Again")(lambda e: [])


def test_select_by_id_and_prefix() -> None:
    checks = registry.all_checks()
    only_go0 = registry.select(checks, only=["GO0"])
    assert only_go0 and all(c.id.startswith("GO0") for c in only_go0)
    no_wsl = registry.select(checks, skip=["wsl"])
    assert not any(c.id.startswith("WSL") for c in no_wsl)
    assert [c.id for c in registry.select(checks, only=["GO011", "NET001"])] == ["GO011", "NET001"]


def test_runner_turns_a_crash_into_a_finding_and_skips_network_offline() -> None:
    def crashing(evidence: object) -> list[Finding]:
        raise ZeroDivisionError("boom")

    checks = [
        Check("GO999", "Crashes", "go", crashing),
        Check("NET999", "Needs net", "net", lambda e: [Finding(Status.OK, "fine")], needs_network=True),
        Check("GO998", "Silent", "go", lambda e: []),
    ]
    results = run_checks(make_evidence(), checks, offline=True)
    by_id = {r.check.id: r.finding for r in results}
    assert by_id["GO999"].status is Status.ERROR and "ZeroDivisionError" in by_id["GO999"].message
    assert by_id["NET999"].status is Status.SKIPPED
    assert by_id["GO998"].status is Status.ERROR
    online = run_checks(make_evidence(), checks[1:2], offline=False)
    assert online[0].finding.status is Status.OK
