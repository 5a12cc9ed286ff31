"""Reports in the UI language: redaction of every rendering, the JSON contract in both languages, and
the renderers' own words (SPEC §2 redaction, §12 Chinese UI)."""

from __future__ import annotations

import json

from tests.helpers import make_evidence
from wslgo.checks.model import Check, CheckResult, Finding, Status
from wslgo.i18n import M, set_language
from wslgo.report.json_report import render_json
from wslgo.report.markdown import render_markdown
from wslgo.report.model import build_report
from wslgo.report.sarif import render_sarif
from wslgo.report.text import render_text

SECRET = "s3cr3t-t0ken-value"


def _results() -> list[CheckResult]:
    check = Check(id="GO010", title="GOPROXY syntax", category="go", run=lambda e: [])
    url = f"https://build:{SECRET}@proxy.corp.example"
    source = M("env {name}", name="GOPROXY")
    where = M("{name}={value} ({source})", name="GOPROXY", value=url, source=source)
    return [
        CheckResult(
            check,
            Finding(
                Status.WARNING,
                M(
                    "{where}: {url} did not answer (http-probe: {error}).",
                    where=where,
                    url=url,
                    error="timeout",
                ),
                M("{command}  (check the URL, VPN and HTTPS_PROXY)", command=f"curl -sSI {url}"),
            ),
        )
    ]


def _report(language: str) -> tuple[object, str]:
    set_language(language)
    evidence = make_evidence(env={"GOPROXY_TOKEN": SECRET, "PATH": "/usr/bin"})
    return build_report(evidence, _results()), language


def test_every_language_rendering_is_redacted() -> None:
    report, _ = _report("zh")
    for rendered in (render_text(report), render_markdown(report), render_json(report), render_sarif(report)):
        assert SECRET not in rendered
        assert "***" in rendered
    text = render_text(report)
    assert "没有响应" in text and "环境变量 GOPROXY" in text and "修复方法：" in text


def test_json_adds_zh_keys_only_when_the_ui_is_chinese() -> None:
    english = json.loads(render_json(_report("en")[0]))
    chinese = json.loads(render_json(_report("zh")[0]))
    entry = chinese["checks"][0]
    assert entry["message"] == english["checks"][0]["message"]
    assert "did not answer" in entry["message"]
    assert "没有响应" in entry["message_zh"] and SECRET not in entry["message_zh"]
    assert entry["title_zh"] == "GOPROXY 语法"
    assert entry["fix_zh"].endswith("（检查 URL、VPN 和 HTTPS_PROXY）")
    assert set(english["checks"][0]) == set(entry) - {"title_zh", "message_zh", "fix_zh"}


def test_sarif_stays_english_in_a_chinese_ui() -> None:
    report, _ = _report("zh")
    document = json.loads(render_sarif(report))
    text = document["runs"][0]["results"][0]["message"]["text"]
    assert "did not answer" in text and "没有响应" not in text
    assert document["runs"][0]["tool"]["driver"]["rules"][0]["name"] == "GOPROXY syntax"


def test_text_report_words_in_chinese() -> None:
    report, _ = _report("zh")
    text = render_text(report)
    assert "Go — 工具链和环境" in text
    assert "诊断汇总：0 项正常，0 项信息，1 项警告，0 项错误，0 项已跳过。" in text
    markdown = render_markdown(report)
    assert "| | ID | 检查项 | 检查结果 | 修复方法 |" in markdown
    assert "| GO010 | GOPROXY 语法 |" in markdown


def test_english_summary_counts_singular_and_plural() -> None:
    report, _ = _report("en")
    assert "Doctor summary: 0 ok, 0 info, 1 warning, 0 errors, 0 skipped." in render_text(report)
