"""Reporters are pure: feed them findings, read the text back."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from wslgo.checks.model import Check, CheckResult, Finding, Status
from wslgo.i18n import set_language
from wslgo.report.json_report import render_json, report_to_dict
from wslgo.report.junit import render_junit
from wslgo.report.markdown import render_markdown
from wslgo.report.model import Report
from wslgo.report.sarif import render_sarif
from wslgo.report.text import render_text


def _check(check_id: str, category: str) -> Check:
    return Check(id=check_id, title=f"title of {check_id}", category=category, run=lambda e: [])


REPORT = Report(
    results=(
        CheckResult(
            _check("GO011", "go"),
            Finding(
                Status.ERROR,
                "GOSUMDB 'sum.golang.org+https://sum.golang.org' (~/.config/go/env:2) is a malformed verifier id.",
                "go env -w GOSUMDB=sum.golang.org",
                "go-env",
            ),
        ),
        CheckResult(
            _check("GO021", "go"), Finding(Status.WARNING, "GOCACHE is on /mnt/c.", "wslgo setup go-cache")
        ),
        CheckResult(_check("GO030", "go"), Finding(Status.WARNING, "dup", "wslgo setup go-cache")),
        CheckResult(_check("NET001", "net"), Finding(Status.SKIPPED, "Skipped: --offline.")),
        CheckResult(
            _check("WSL001", "wsl"), Finding(Status.OK, "WSL2 (kernel 5.15.167.4-microsoft-standard-WSL2).")
        ),
        CheckResult(_check("WSL019", "wsl"), Finding(Status.INFO, "Networking mode NAT (default).")),
    ),
    environment={"wsl": "wsl2", "distro": "Ubuntu 24.04.1 LTS", "kernel": "5.15", "go_version": "go1.27.3"},
)


def test_summary_counts_every_status() -> None:
    assert REPORT.summary == {"ok": 1, "info": 1, "warning": 2, "error": 1, "skipped": 1}


def test_fail_on_thresholds() -> None:
    assert [r.check.id for r in REPORT.at_or_above(Status.ERROR)] == ["GO011"]
    assert len(REPORT.at_or_above(Status.WARNING)) == 3
    assert REPORT.at_or_above(None) == []


def test_json_contract_keys() -> None:
    data = json.loads(render_json(REPORT))
    assert data["schema_version"] == 1
    assert set(data) == {"schema_version", "wslgo_version", "summary", "environment", "checks"}
    assert set(data["checks"][0]) == {
        "id",
        "title",
        "category",
        "status",
        "message",
        "fix",
        "fixable_by",
        "docs",
    }
    assert data["checks"][0]["docs"] == "docs/checks.md#go011"
    assert report_to_dict(REPORT)["summary"]["error"] == 1


def test_json_contract_keys_in_a_chinese_ui() -> None:
    """A Chinese UI adds exactly ``title_zh``, ``message_zh`` and ``fix_zh`` (null when ``fix`` is) to every
    check entry; ``message``, ``fix`` and ``title`` stay English and nothing else changes (SPEC §12)."""
    english = json.loads(render_json(REPORT))
    set_language("zh")
    chinese = json.loads(render_json(REPORT))
    for en_entry, zh_entry in zip(english["checks"], chinese["checks"], strict=True):
        assert set(zh_entry) == set(en_entry) | {"title_zh", "message_zh", "fix_zh"}
        assert {k: v for k, v in zh_entry.items() if not k.endswith("_zh")} == en_entry
        assert (zh_entry["fix_zh"] is None) == (en_entry["fix"] is None)
    assert {k: v for k, v in chinese.items() if k != "checks"} == {
        k: v for k, v in english.items() if k != "checks"
    }


def test_text_groups_marks_summary_and_numbered_unique_fixes() -> None:
    text = render_text(REPORT)
    assert "[✗] GO011" in text and "[!] GO021" in text and "[✓] WSL001" in text and "[·] WSL019" in text
    assert "NET001" not in text  # skipped hidden unless verbose
    assert "Doctor summary: 1 ok, 1 info, 2 warnings, 1 error, 1 skipped." in text
    assert "  1. go env -w GOSUMDB=sum.golang.org" in text
    assert text.count("wslgo setup go-cache") == 1
    assert "\x1b[" not in text
    assert "\x1b[31m" in render_text(REPORT, color=True)
    assert "[-] NET001" in render_text(REPORT, verbose=True)


def test_markdown_escapes_pipes() -> None:
    report = Report(results=(CheckResult(_check("GO010", "go"), Finding(Status.WARNING, "a|b", "x | y")),))
    md = render_markdown(report)
    assert "a\\|b" in md and "`x \\| y`" in md


def test_sarif_rules_results_and_locations() -> None:
    sarif = json.loads(render_sarif(REPORT))
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [
        "GO011",
        "GO021",
        "GO030",
        "NET001",
        "WSL001",
        "WSL019",
    ]
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels == {"GO011": "error", "GO021": "warning", "GO030": "warning", "WSL019": "note"}
    location = run["results"][0]["locations"][0]["physicalLocation"]
    assert location == {"artifactLocation": {"uri": "~/.config/go/env"}, "region": {"startLine": 2}}


def test_junit_failures_follow_fail_on() -> None:
    root = ET.fromstring(render_junit(REPORT, Status.WARNING))
    suite = root.find("testsuite")
    assert suite is not None and suite.get("failures") == "3" and suite.get("skipped") == "1"
    failed = [case.get("name") for case in suite.iter("testcase") if case.find("failure") is not None]
    assert failed == ["GO011", "GO021", "GO030"]
    root = ET.fromstring(render_junit(REPORT, None))
    assert root.find("testsuite").get("failures") == "0"  # type: ignore[union-attr]


def test_build_report_redacts_secrets_but_not_ordinary_words() -> None:
    from tests.helpers import make_evidence
    from wslgo.report.model import build_report

    evidence = make_evidence(env={"PATH": "/usr/bin", "GITHUB_TOKEN": "ghp_abcdef123456", "HOME": "/home/al"})
    result = CheckResult(
        _check("GO010", "go"),
        Finding(Status.WARNING, "PATH has ghp_abcdef123456 and https://al:pw@proxy.corp/", "export PATH=x"),
    )
    report = build_report(evidence, [result])
    message = report.results[0].finding.message
    assert "ghp_abcdef123456" not in message and "pw@" not in message
    assert message.startswith("PATH has ***") and "https://***@proxy.corp/" in message
    assert report.results[0].finding.fix == "export PATH=x"
