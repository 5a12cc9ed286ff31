"""Key lines from TOML source: every way TOML can define a key, and text that only looks like a key."""

from __future__ import annotations

import json
import tomllib
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from wslgo.policy.tomllines import key_lines


def lines_of(text: str) -> dict[tuple[object, ...], int]:
    tomllib.loads(text)  # the scanner only ever sees documents tomllib accepted
    return dict(key_lines(text).lines)


def test_tables_keys_and_comments() -> None:
    text = '# a = 1 is a comment\n[go]\nversion = ">=1.26"  # x = 2\n\n[doctor]\nfail-on = "warning"\n'
    lines = lines_of(text)
    assert lines[("go",)] == 2 and lines[("go", "version")] == 3
    assert lines[("doctor",)] == 5 and lines[("doctor", "fail-on")] == 6
    assert ("a",) not in lines and ("x",) not in lines


def test_dotted_and_quoted_keys_with_spaces_around_dots() -> None:
    text = 'doctor . "fail-on" = "error"\n\'go\'.version = "1.27"\n"a.b" = 1\n"\\u0041" = 2\n'
    lines = lines_of(text)
    assert lines[("doctor",)] == 1 and lines[("doctor", "fail-on")] == 1
    assert lines[("go", "version")] == 2
    assert lines[("a.b",)] == 3  # a quoted key with a dot is one key
    assert lines[("A",)] == 4  # escapes in quoted keys are decoded like tomllib does


def test_inline_tables_and_arrays_spanning_lines() -> None:
    text = (
        "doctor = { fail-on = 'never', require-ok = [\n"
        "] }\n"
        "[tools]\n"
        "required = [\n"
        '  "gopls",  # a comment with = and [brackets]\n'
        '  "dlv",\n'
        "]\n"
        "x = { a = { b = [1, { c = 2 }] } }\n"
    )
    lines = lines_of(text)
    assert lines[("doctor", "fail-on")] == 1 and lines[("doctor", "require-ok")] == 1
    assert lines[("tools", "required", 0)] == 5 and lines[("tools", "required", 1)] == 6
    assert lines[("tools", "x", "a", "b", 1, "c")] == 8


def test_strings_that_look_like_keys_are_skipped() -> None:
    text = (
        'a = """\n'
        "[fake]\n"
        'b = "not a key"\n'
        '"""\n'
        "c = '''\n"
        "d = 1\n"
        "'''\n"
        'e = "x = [1] # \\" still a string"\n'
        'f = """ends with quotes"""""\n'
        "g = 1\n"
    )
    lines = lines_of(text)
    assert set(lines) == {("a",), ("c",), ("e",), ("f",), ("g",)}
    assert lines[("g",)] == 10


def test_arrays_of_tables_are_indexed() -> None:
    text = "[[a]]\nk = 1\n[[a]]\nk = 2\n[a.sub]\nz = 3\n[[a.list]]\nq = 4\n"
    lines = lines_of(text)
    assert lines[("a",)] == 1 and lines[("a", 0)] == 1 and lines[("a", 1)] == 3
    assert lines[("a", 1, "k")] == 4 and lines[("a", 1, "sub", "z")] == 6
    assert lines[("a", 1, "list", 0, "q")] == 8


def test_crlf_and_lookup_falls_back_to_the_parent() -> None:
    found = key_lines("[go]\r\nversion = '1.27'\r\n[env]\r\nGOPROXY = 'off'\r\n")
    assert found.line_of(("env", "GOPROXY")) == 4
    assert found.line_of(("env", "GOPROXY", 3)) == 4
    assert found.line_of(("nothing",)) is None


def test_a_document_it_cannot_follow_keeps_what_it_found() -> None:
    found = key_lines("[go]\nversion = '1.27'\n= broken")
    assert found.line_of(("go", "version")) == 2


# -- property: any document, written in any of TOML's styles, maps each key to the line that names it --------

_KEY = st.from_regex(r"[A-Za-z][A-Za-z0-9_-]{0,8}", fullmatch=True) | st.sampled_from(
    ["fail-on", "a.b", "x y", "version", "GOPROXY", "=", "#", "[t]", "ü", '"q"', "'s'"]
)
_SCALAR = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
    st.integers(-5, 5),
    st.booleans(),
)
_VALUE = st.recursive(
    _SCALAR,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEY, inner, max_size=3),
    max_leaves=8,
)
_DOCUMENT = st.dictionaries(_KEY, st.dictionaries(_KEY, _VALUE, max_size=4) | _VALUE, min_size=1, max_size=4)


def _key(key: str) -> str:
    return (
        key
        if key.replace("-", "").replace("_", "").isalnum() and key.isascii()
        else json.dumps(key, ensure_ascii=False)
    )


def _inline(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_inline(item) for item in value) + "]"
    return "{" + ", ".join(f"{_key(k)} = {_inline(v)}" for k, v in value.items()) + "}"


def _write(document: dict[str, Any], style: int) -> tuple[str, dict[tuple[str, ...], int]]:
    """TOML text for ``document`` in one of three styles, and the line each top-level/second key is on."""
    out: list[str] = []
    expected: dict[tuple[str, ...], int] = {}
    tables = {k: v for k, v in document.items() if isinstance(v, dict)}
    plain = {k: v for k, v in document.items() if not isinstance(v, dict)}
    for key, value in plain.items():
        out.append(f"{_key(key)} = {_inline(value)}  # {_key(key)} = 0")
        expected[(key,)] = len(out)
    for key, table in tables.items():
        if style == 0:  # [table] headers
            out.append(f"[ {_key(key)} ]")
            expected[(key,)] = len(out)
            for sub, value in table.items():
                out.append(f"{_key(sub)} = {_inline(value)}")
                expected[(key, sub)] = len(out)
        elif style == 1:  # dotted keys
            for sub, value in table.items():
                out.append(f"{_key(key)} . {_key(sub)} = {_inline(value)}")
                expected.setdefault((key,), len(out))
                expected[(key, sub)] = len(out)
            if not table:
                out.append(f"{_key(key)} = {{}}")
                expected[(key,)] = len(out)
        else:  # inline tables
            out.append(f"{_key(key)} = {_inline(table)}")
            expected[(key,)] = len(out)
            for sub in table:
                expected[(key, sub)] = len(out)
        out.append("")
    return "\n".join(out) + "\n", expected


@settings(max_examples=150, deadline=None)
@given(document=_DOCUMENT, style=st.integers(0, 2))
def test_every_key_line_matches_how_it_was_written(document: dict[str, Any], style: int) -> None:
    text, expected = _write(document, style)
    assert tomllib.loads(text) == document
    found = key_lines(text)
    for path, line in expected.items():
        assert found.line_of(path) == line, (path, text)
