"""JSONC merge keeps comments, order and trailing commas, and is idempotent."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wslgo.edit.jsonc import JsoncError, merge_jsonc, parse_jsonc

SETTINGS = """{
    // Editor
    "editor.formatOnSave": true, // keep
    "go.toolsManagement.autoUpdate": false,
    /* block
       comment */
    "files.eol": "\\n",
}
"""

LAUNCH = """{
  // Use IntelliSense to learn about possible attributes.
  "version": "0.2.0",
  "configurations": [
    {"name": "Attach", "type": "go", "request": "attach"} // mine
  ]
}"""


def test_parse_accepts_comments_and_trailing_commas() -> None:
    assert parse_jsonc(SETTINGS) == {
        "editor.formatOnSave": True,
        "go.toolsManagement.autoUpdate": False,
        "files.eol": "\n",
    }
    assert parse_jsonc("") is None
    assert parse_jsonc("[1, 2,]") == [1, 2]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('{"a": }', "line 1:7"),
        ('{\n  "a" 1}', "line 2:7"),
        ('{"a": 1', "line 1:8"),
        ('{"a": tru}', "line 1:7"),
        ("/* open", "line 1:1"),
        ('{"a": "x\ny"}', "line 1:9"),
    ],
)
def test_parse_errors_name_line_and_column(text: str, where: str) -> None:
    with pytest.raises(ValueError, match=where) as caught:
        parse_jsonc(text)
    assert isinstance(caught.value, JsoncError)


def test_merge_keeps_comments_and_trailing_comma() -> None:
    merged = merge_jsonc(
        SETTINGS, {"go.toolsManagement.autoUpdate": True, "gopls": {"ui.semanticTokens": True}}
    )
    assert merged == (
        "{\n"
        "    // Editor\n"
        '    "editor.formatOnSave": true, // keep\n'
        '    "go.toolsManagement.autoUpdate": true,\n'
        "    /* block\n"
        "       comment */\n"
        '    "files.eol": "\\n",\n'
        '    "gopls": {\n'
        '        "ui.semanticTokens": true\n'
        "    },\n"
        "}\n"
    )


def test_merge_appends_missing_launch_configurations_by_name() -> None:
    patch = {
        "configurations": [
            {"name": "Attach", "type": "go", "request": "attach", "mode": "local"},
            {"name": "Launch package", "type": "go", "request": "launch", "program": "${fileDirname}"},
        ]
    }
    merged = merge_jsonc(LAUNCH, patch)
    assert '{"name": "Attach", "type": "go", "request": "attach"}, // mine' in merged
    value = parse_jsonc(merged)
    assert [c["name"] for c in value["configurations"]] == ["Attach", "Launch package"]
    assert value["configurations"][0] == {"name": "Attach", "type": "go", "request": "attach"}
    assert merge_jsonc(merged, patch) == merged


def test_merge_into_empty_and_crlf() -> None:
    assert parse_jsonc(merge_jsonc("", {"a": 1})) == {"a": 1}
    crlf = '{\r\n  "a": 1\r\n}\r\n'
    merged = merge_jsonc(crlf, {"b": {"c": [1]}})
    assert "\n" not in merged.replace("\r\n", "")
    assert parse_jsonc(merged) == {"a": 1, "b": {"c": [1]}}


def test_merge_rejects_non_object_top_level() -> None:
    with pytest.raises(JsoncError, match="expected an object"):
        merge_jsonc("[1]", {"a": 1})


json_scalars = st.one_of(st.booleans(), st.integers(-1000, 1000), st.text(max_size=8), st.none())
json_keys = st.text(alphabet="abcdefg.", min_size=1, max_size=6)
json_values = st.recursive(
    json_scalars, lambda inner: st.dictionaries(json_keys, inner, max_size=3), max_leaves=6
)
objects = st.dictionaries(json_keys, json_values, max_size=4)


def _deep_merge(base: dict[str, object], patch: dict[str, object]) -> dict[str, object]:
    out = dict(base)
    for key, value in patch.items():
        current = out.get(key)
        if isinstance(value, dict) and isinstance(current, dict):
            out[key] = _deep_merge(current, value)
        else:
            out[key] = value
    return out


@settings(max_examples=150, deadline=None)
@given(base=objects, patch=objects, indent=st.sampled_from([2, 4, "\t"]), comment=st.booleans())
def test_merge_equals_deep_merge_and_is_idempotent(
    base: dict[str, object], patch: dict[str, object], indent: int | str, comment: bool
) -> None:
    text = json.dumps(base, indent=indent)
    if comment:
        text = "// settings\n" + text + "\n// end\n"
    merged = merge_jsonc(text, patch)
    assert parse_jsonc(merged) == _deep_merge(base, patch)
    assert merge_jsonc(merged, patch) == merged
    if comment:
        assert merged.startswith("// settings\n") and merged.endswith("// end\n")
