"""``wslgo.i18n``: how the UI language is chosen, and messages that stay data until they are shown."""

from __future__ import annotations

import pickle

import pytest

from wslgo.i18n import (
    Joined,
    M,
    Translated,
    _,
    current_language,
    language_from_environment,
    localized,
    parse_language_option,
    set_language,
)


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_TW.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LC_ALL": "C", "LC_MESSAGES": "zh_CN.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LC_ALL": "", "LANG": "zh_CN.UTF-8"}, "zh"),  # an empty variable is not set
        ({"WSLGO_LANG": "zh", "LC_ALL": "C"}, "zh"),
        ({"WSLGO_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"WSLGO_LANG": "fr", "LANG": "zh_CN.UTF-8"}, "en"),
    ],
)
def test_language_from_environment(environ: dict[str, str], language: str) -> None:
    assert language_from_environment(environ) == language


@pytest.mark.parametrize(
    ("value", "language"), [("zh", "zh"), ("zh_CN", "zh"), ("zh-Hans", "zh"), ("en_US", "en")]
)
def test_lang_option_values(value: str, language: str) -> None:
    assert parse_language_option(value) == language


@pytest.mark.parametrize("value", ["fr", "", "zhx", "english", "c"])
def test_lang_option_refuses_other_languages(value: str) -> None:
    with pytest.raises(ValueError):
        parse_language_option(value)


def test_first_use_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert current_language() == "zh"
    assert _("Fixes:") == "修复方法："


def test_message_is_english_data_and_localizes_nested_messages() -> None:
    inner = M("env {name}", name="GOPROXY")
    message = M("{name}={value} ({source})", name="GOPROXY", value="off", source=inner)
    assert message == "GOPROXY=off (env GOPROXY)"
    assert message.localized("zh") == "GOPROXY=off（环境变量 GOPROXY）"
    assert pickle.loads(pickle.dumps(message)).localized("zh") == message.localized("zh")


def test_joined_translates_each_part_and_the_separator() -> None:
    parts = Joined([M("no ~/.vscode-server"), "/mnt/c/code"], "; ")
    assert parts == "no ~/.vscode-server; /mnt/c/code"
    assert localized(parts, "zh") == "没有 ~/.vscode-server；/mnt/c/code"
    assert (
        localized(M("VS Code Remote: {facts}.", facts=parts), "zh")
        == "VS Code 远程开发：没有 ~/.vscode-server；/mnt/c/code。"
    )


def test_translated_keeps_each_rendering_and_falls_back_to_english() -> None:
    text = Translated({"en": "GOPROXY=https://***@host", "zh": "GOPROXY=https://***@host（中文）"})
    assert text == "GOPROXY=https://***@host"
    assert text.localized("zh").endswith("（中文）")
    assert text.localized("ja") == "GOPROXY=https://***@host"
    set_language("zh")
    assert localized(text) == text.localized("zh")
    assert pickle.loads(pickle.dumps(text)).texts == text.texts
