"""``wslgo report`` pages in a real headless Chromium: what a person sees, with and without JavaScript.

Each test runs the real CLI on bundles, opens the page from disk, asserts on the rendered page (visible rows,
cells, counts, what filtering and sorting do) and keeps a screenshot in tests/artifacts/report/.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.fleet_bundles import FIXTURES, HOSTILE_NAME, SCRIPT_CLOSE, SCRIPT_TAG, hostile_bundle

REPO = Path(__file__).resolve().parents[3]
SPEC_POLICY = REPO / "tests" / "data" / "policy" / "wslgo.toml"

pytestmark = pytest.mark.integration


def wslgo(*args: str, cwd: Path, lang: str = "C.UTF-8") -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "wslgo", *args],
        cwd=cwd,
        env=dict(os.environ, LANG=lang),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return proc


class Watch:
    """Everything a page does that the test must know about: dialogs, console errors, requests."""

    def __init__(self, page: Any) -> None:
        self.dialogs: list[str] = []
        self.console: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", lambda message: self.console.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("request", lambda request: self.requests.append(request.url))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


def open_page(context: Any, page_path: Path) -> tuple[Any, Watch]:
    page = context.new_page()
    watch = Watch(page)
    page.goto(page_path.as_uri())
    page.wait_for_load_state("load")
    return page, watch


def visible_rows(page: Any) -> list[str]:
    return [
        row.locator("th a").inner_text() for row in page.locator("#matrix tbody tr").all() if row.is_visible()
    ]


@pytest.fixture
def fleet_page(tmp_path: Path, artifacts: Path) -> tuple[Path, dict[str, Any]]:
    """The issue's command, ``wslgo report tests/bundles/* -o r.html``, plus the same fleet as JSON."""
    everything = [str(path) for path in sorted((REPO / "tests" / "bundles").iterdir())]
    page_path = tmp_path / "r.html"
    proc = wslgo("report", *everything, "--policy", str(SPEC_POLICY), "-o", str(page_path), cwd=tmp_path)
    assert "skipped" in proc.stderr and "README.md" in proc.stderr
    data = json.loads(
        wslgo("report", *everything, "--policy", str(SPEC_POLICY), "--format", "json", cwd=tmp_path).stdout
    )
    shutil.copy(page_path, artifacts / "fleet.html")
    return page_path, data


def test_every_machine_and_every_failing_check_is_visible(
    browser_context: Any, fleet_page: tuple[Path, dict[str, Any]], artifacts: Path
) -> None:
    page_path, data = fleet_page
    page, watch = open_page(browser_context, page_path)
    page.screenshot(path=str(artifacts / "fleet-top.png"))
    assert page.title() == f"wslgo fleet report: {len(FIXTURES)} machines"
    assert visible_rows(page) == sorted(m["name"] for m in data["machines"])
    assert page.locator("#shown").inner_text() == f"Machines shown: {len(FIXTURES)} of {len(FIXTURES)}"

    for index, machine in enumerate(data["machines"], start=1):
        row = page.locator(f"#row-{index}")
        assert row.locator("th a").inner_text() == machine["name"]
        env = machine["environment"]
        cells = row.locator("td").all_inner_texts()
        assert env["go_version"] in cells and env["kernel"] in cells
        failing = {c["id"]: c["status"] for c in machine["checks"] if c["status"] in ("warning", "error")}
        for check_id, status in failing.items():
            column = data_column(page, check_id)
            cell = row.locator("td.cell").nth(column)
            assert cell.is_visible(), (machine["name"], check_id)
            assert cell.inner_text() == {"error": "✗", "warning": "!"}[status]
            assert f"s-{status}" in (cell.get_attribute("class") or "")
            assert (cell.get_attribute("title") or "").startswith(f"{check_id} · {status}")

    # Most common findings first, with how many machines have each — the same numbers as the JSON.
    rows = page.locator("table.common tbody tr").all()
    assert len(rows) == len(data["common_findings"])
    for row, expected in zip(rows, data["common_findings"], strict=True):
        assert row.locator("td").nth(0).inner_text().startswith(expected["id"])
        assert row.locator("td.count").inner_text() == str(expected["count"])
    counts = [int(text) for text in page.locator("table.common td.count").all_inner_texts()]
    assert counts == sorted(counts, reverse=True)

    page.locator("#matrix-section").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "fleet-matrix.png"))
    assert not watch.dialogs and not watch.errors
    assert watch.requests == [page_path.as_uri()]  # nothing but the page itself


def data_column(page: Any, check_id: str) -> int:
    headers = page.locator("#matrix thead th.check").all_inner_texts()
    return headers.index(check_id)


def test_filter_sort_and_fold_work_as_a_person_uses_them(
    browser_context: Any, fleet_page: tuple[Path, dict[str, Any]], artifacts: Path
) -> None:
    page_path, data = fleet_page
    page, watch = open_page(browser_context, page_path)
    total = len(data["machines"])

    page.fill("#filter-text", "windows")
    assert visible_rows(page) == ["wsl2-windows-go-wins"]
    assert page.locator("#shown").inner_text() == f"Machines shown: 1 of {total}"
    page.fill("#filter-text", "22.04")  # by distro
    assert all(
        "22.04" in page.locator(f"#row-{i}").inner_text()
        for i in range(1, total + 1)
        if page.locator(f"#row-{i}").is_visible()
    )
    page.fill("#filter-text", "")

    # "show only these" on a common finding: only the machines that have it.
    page.locator("tr.common-row[data-check='GO021'] button.only").click()
    assert visible_rows(page) == ["wsl2-gocache-on-mnt-c"]
    assert "GO021" in page.locator("#filter-check-text").inner_text()
    page.screenshot(path=str(artifacts / "fleet-filtered.png"))
    page.click("#filter-check-clear")
    assert len(visible_rows(page)) == total

    page.select_option("#filter-status", "clear")
    assert visible_rows(page) == []  # with the SPEC policy, every fixture breaks it
    page.select_option("#filter-status", "all")

    # Sorting: Go version in Go's order (go1.23.4 before go1.27.3), then errors, most first.
    page.click("#matrix thead th[data-key=go] button")
    assert visible_rows(page)[0] == "wsl2-windows-go-wins"
    assert page.get_attribute("#matrix thead th[data-key=go]", "aria-sort") == "ascending"
    page.click("#matrix thead th[data-key=errors] button")
    errors = [int(t) for t in page.locator("#matrix tbody tr td:nth-child(6)").all_inner_texts()]
    assert errors == sorted(errors, reverse=True)
    page.click("#matrix thead th[data-key=name] button")
    assert visible_rows(page) == sorted(m["name"] for m in data["machines"])

    # Columns where no machine has a problem are folded by default and come back on request.
    quiet_header = page.locator("#matrix thead th.check", has_text="GO001")
    assert not quiet_header.is_visible()
    page.uncheck("#hide-quiet")
    assert quiet_header.is_visible()
    page.screenshot(path=str(artifacts / "fleet-all-columns.png"))
    assert not watch.dialogs and not watch.errors


def test_injected_markup_in_a_bundle_stays_inert_text(
    browser_context: Any, tmp_path: Path, artifacts: Path
) -> None:
    bundle = hostile_bundle(tmp_path)
    page_path = tmp_path / "hostile.html"
    wslgo("report", str(bundle), str(FIXTURES[0]), "-o", str(page_path), cwd=tmp_path)
    shutil.copy(page_path, artifacts / "hostile.html")
    page, watch = open_page(browser_context, page_path)

    # The host name is shown as the characters it is.
    assert page.get_by_text(SCRIPT_TAG, exact=False).first.is_visible()
    assert page.locator("#row-1 th a").inner_text() == HOSTILE_NAME
    assert SCRIPT_CLOSE in page.locator("#m-1").inner_text()
    # Nothing it carried became an element, a handler or a link.
    assert page.evaluate("document.querySelectorAll('svg, img, iframe, object, embed').length") == 0
    assert page.evaluate("document.scripts.length") == 2
    assert (
        page.evaluate(
            "[...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length"
        )
        == 0
    )
    assert page.evaluate("[...document.links].filter(a => a.protocol === 'javascript:').length") == 0
    # Hover and focus everything the payloads aimed at, and use the page's script on them.
    page.uncheck("#hide-quiet")
    for cell in [page.locator("#row-1 th"), *page.locator("#row-1 td").all()]:
        cell.hover()
        cell.click()
    page.fill("#filter-text", "<script>")
    assert visible_rows(page) == [HOSTILE_NAME]
    page.screenshot(path=str(artifacts / "hostile.png"))
    assert watch.dialogs == []
    assert watch.errors == []
    assert not [line for line in watch.console if "Content Security Policy" in line], watch.console
    assert watch.requests == [page_path.as_uri()]


def test_the_page_reads_without_javascript(
    no_script_context: Any, fleet_page: tuple[Path, dict[str, Any]], artifacts: Path
) -> None:
    page_path, data = fleet_page
    page, _ = open_page(no_script_context, page_path)
    assert not page.locator("#controls").is_visible()  # nothing that would not work
    assert len(visible_rows(page)) == len(data["machines"])
    assert page.locator("#matrix thead th.check", has_text="GO001").is_visible()  # every column shown
    fixes = page.locator("#m-1 ol.fixes li").all_inner_texts()
    assert fixes == data["machines"][0]["fixes"]
    page.screenshot(path=str(artifacts / "fleet-no-javascript.png"), full_page=True)


def test_the_page_speaks_chinese_when_the_ui_does(
    browser_context: Any, tmp_path: Path, artifacts: Path
) -> None:
    page_path = tmp_path / "zh.html"
    wslgo("report", *(str(p) for p in FIXTURES[:3]), "-o", str(page_path), cwd=tmp_path, lang="zh_CN.UTF-8")
    page, watch = open_page(browser_context, page_path)
    assert page.get_attribute("html", "lang") == "zh-CN"
    assert page.locator("h1").inner_text() == "团队机器报告"
    assert page.locator("#shown").inner_text() == "显示的机器：3 / 3"  # the script's text is translated too
    page.screenshot(path=str(artifacts / "fleet-zh.png"))
    assert not watch.errors
