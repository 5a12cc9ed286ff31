"""loads_json: hostile JSON fails as a positioned JSONDecodeError, like any other bad JSON."""

from __future__ import annotations

import json

import pytest

from wslgo.jsontext import MAX_INT_DIGITS, REPORTED_DEPTH, loads_json


def test_deep_nesting_is_a_decode_error_at_the_first_too_deep_bracket() -> None:
    document = "[" * 200_000 + "]" * 200_000
    with pytest.raises(json.JSONDecodeError) as caught:
        loads_json(document)
    assert caught.value.msg == f"nested more than {REPORTED_DEPTH} levels deep"
    assert caught.value.pos == REPORTED_DEPTH  # offset of bracket number REPORTED_DEPTH + 1


def test_brackets_inside_strings_do_not_count_towards_the_depth() -> None:
    key = "[" * 5000
    assert loads_json(json.dumps({key: [[1]]})) == {key: [[1]]}


@pytest.mark.parametrize("sign", ["", "-"])
def test_a_number_longer_than_the_int_limit_is_a_decode_error_with_its_line(sign: str) -> None:
    document = '{"ok": 1,\n "n": ' + sign + "9" * 100_000 + "}"
    with pytest.raises(json.JSONDecodeError) as caught:
        loads_json(document.encode())
    assert caught.value.msg == f"a number with more than {MAX_INT_DIGITS} digits"
    assert (caught.value.lineno, caught.value.colno) == (2, 7)


def test_ordinary_documents_and_errors_are_unchanged() -> None:
    assert loads_json('{"a": [1, 2.5, "x", null, true], "b": ' + "9" * MAX_INT_DIGITS + "}")["a"] == [
        1,
        2.5,
        "x",
        None,
        True,
    ]
    with pytest.raises(json.JSONDecodeError, match="Expecting value"):
        loads_json("[1,")
