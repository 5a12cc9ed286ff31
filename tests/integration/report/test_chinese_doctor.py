"""``LANG=zh_CN.UTF-8 wslgo doctor --from BUNDLE`` on every fixture bundle: every title, message and fix is
Chinese, and ``--format json`` is the English document plus ``*_zh`` keys (SPEC §12).

Runs the real command in a child process (the locale comes from the environment, as for a user). "English
sentence" is defined in ``tests/english_leaks.py``; every message must also contain Chinese, so a
translation missing for a short message cannot pass unnoticed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.english_leaks import english_sentences, has_chinese

REPO = Path(__file__).resolve().parents[3]
BUNDLES = REPO / "tests" / "bundles"
NAMES = sorted(p.name for p in BUNDLES.iterdir() if (p / "meta.json").is_file())
ZH_KEYS = {"title_zh", "message_zh", "fix_zh"}


def doctor(name: str, *args: str, lang: str = "zh_CN.UTF-8", extra: dict[str, str] | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "WSLGO_LANG"))}
    env.update({"LANG": lang, "NO_COLOR": "1", **(extra or {})})
    proc = subprocess.run(
        [sys.executable, "-m", "wslgo", "doctor", "--from", str(BUNDLES / name), "--fail-on", "never", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_every_fixture_bundle_is_covered() -> None:
    assert len(NAMES) >= 10


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("output_format", ["text", "markdown"])
def test_no_english_sentence_in_the_chinese_report(name: str, output_format: str) -> None:
    rendered = doctor(name, "--verbose", "--format", output_format)
    assert has_chinese(rendered)
    leaks = [(line, english_sentences(line)) for line in rendered.splitlines() if english_sentences(line)]
    assert not leaks, "English in the Chinese report:\n" + "\n".join(
        f"{line}\n  -> {found}" for line, found in leaks
    )


def _entries(name: str, lang: str) -> dict[str, Any]:
    return json.loads(doctor(name, "--format", "json", lang=lang))  # type: ignore[no-any-return]


@pytest.mark.parametrize("name", NAMES)
def test_chinese_json_is_the_english_json_plus_zh_keys(name: str) -> None:
    english = _entries(name, "en_US.UTF-8")
    chinese = _entries(name, "zh_CN.UTF-8")
    stripped = {
        **chinese,
        "checks": [{k: v for k, v in c.items() if k not in ZH_KEYS} for c in chinese["checks"]],
    }
    assert stripped == english
    for entry in english["checks"]:
        assert not ZH_KEYS & set(entry), "an English run must not carry *_zh keys"
    for entry in chinese["checks"]:
        assert set(entry) >= ZH_KEYS
        assert has_chinese(entry["message_zh"]), entry
        assert (entry["fix_zh"] is None) == (entry["fix"] is None), entry
        for text in (entry["title_zh"], entry["message_zh"], entry["fix_zh"] or ""):
            assert not english_sentences(text), (entry["id"], text)


def test_lang_option_and_wslgo_lang_override_the_locale() -> None:
    name = "wsl2-guide-verbatim"
    english = doctor(name, lang="C.UTF-8")
    assert not has_chinese(english)
    assert doctor(name, "--lang", "zh", lang="C.UTF-8") == doctor(name, lang="zh_CN.UTF-8")
    assert has_chinese(doctor(name, lang="C.UTF-8", extra={"WSLGO_LANG": "zh"}))
    assert doctor(name, lang="zh_CN.UTF-8", extra={"WSLGO_LANG": "en"}) == english
    assert doctor(name, lang="zh_CN.UTF-8", extra={"LC_ALL": "C"}) == english
    assert has_chinese(doctor(name, lang="C.UTF-8", extra={"LC_MESSAGES": "zh_TW.UTF-8"}))
