"""``--help`` and usage errors in Chinese, including the frameworks' own words (SPEC §12).

typer/click print ``Usage:``, ``Options``, ``Commands`` and ``Show this message and exit.`` themselves, and
argparse (doctor's fast path) ``usage:``, ``options`` and ``show this help message and exit``; in a Chinese
UI none of them may stay English. Runs the real ``wslgo`` in a child process with the locale in its
environment, as a user would.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

FRAMEWORK_ENGLISH = (
    "Usage:",
    "Options",
    "Commands",
    "Show this message and exit",
    "usage:",
    "show this help",
)


def wslgo(*args: str, lang: str = "zh_CN.UTF-8") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "WSLGO_LANG"))}
    env.update({"LANG": lang, "COLUMNS": "100", "NO_COLOR": "1"})
    return subprocess.run(
        [sys.executable, "-m", "wslgo", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_root_help_in_chinese() -> None:
    proc = wslgo("--help")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    for english in FRAMEWORK_ENGLISH:
        assert english not in out, english
    for chinese in (
        "用法：wslgo",
        "选项",
        "命令",
        "显示此帮助信息并退出。",
        "内部错误时显示调用栈。",
        "--lang",
    ):
        assert chinese in out, chinese
    assert "诊断本发行版的 Go 配置" in out  # doctor's summary, listed by typer


@pytest.mark.parametrize("command", [["go", "--help"], ["go", "install", "--help"], ["report", "--help"]])
def test_subcommand_help_frameworks_words_in_chinese(command: list[str]) -> None:
    proc = wslgo(*command)
    assert proc.returncode == 0, proc.stderr
    assert "用法：wslgo " + command[0] in proc.stdout
    assert "显示此帮助信息并退出。" in proc.stdout
    for english in ("Usage:", "Show this message and exit"):
        assert english not in proc.stdout


def test_doctor_help_in_chinese_on_the_argparse_path() -> None:
    proc = wslgo("doctor", "--help")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.startswith("用法：wslgo doctor")
    for chinese in ("选项", "显示此帮助信息并退出", "重放一个诊断包", "报告语言"):
        assert chinese in out, chinese
    for english in FRAMEWORK_ENGLISH:
        assert english not in out, english


def test_lang_option_switches_help_either_way() -> None:
    assert "用法：" in wslgo("--lang", "zh", "--help", lang="C.UTF-8").stdout
    english = wslgo("--lang", "en", "doctor", "--help").stdout
    assert english.startswith("usage: wslgo doctor") and "show this help message and exit" in english


def test_usage_errors_in_chinese() -> None:
    unknown = wslgo("go", "install", "--bogus")
    assert unknown.returncode == 2
    assert unknown.stderr.strip() == (
        "wslgo: 用法错误：没有这个选项：--bogus（可用的选项：--no-use）（参见 'wslgo go install --help'）"
    )
    doctor = wslgo("doctor", "--format")
    assert doctor.returncode == 2
    assert doctor.stderr.strip() == "wslgo: 参数 --format/-f：需要一个值（参见 'wslgo doctor --help'）"
    extra = wslgo("doctor", "--bogus")
    assert extra.stderr.strip() == "wslgo: 无法识别的参数：--bogus（参见 'wslgo doctor --help'）"


def test_bad_lang_value_is_a_usage_error() -> None:
    proc = wslgo("--lang", "fr", "doctor", lang="C.UTF-8")
    assert proc.returncode == 2
    assert proc.stderr.strip() == "wslgo: --lang 'fr': expected zh or en"
    missing = wslgo("doctor", "--lang", lang="C.UTF-8")
    assert missing.returncode == 2 and "--lang needs a value" in missing.stderr
