"""The lossless syntax tree: exact round trips and edits that touch only their lines."""

from __future__ import annotations

import pytest

from wslgo.wslconf.syntax import get_value, parse, remove_key, render, set_value


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"[wsl2]\r\nmemory=4GB\r\n",
        b"\xef\xbb\xbf[wsl2]\nmemory=4GB",
        b"\xff\xfe" + "[wsl2]\r\nmemory=4GB\r\n".encode("utf-16-le"),
        b"\xff\xfe[",  # odd length: not UTF-16, kept as bytes
        b"[wsl2]\nswapFile=C:\\\\temp\\\\swap.vhdx\n",
        b"; comment\n<<<<<<< HEAD\nmemory=8GB\n=======\n>>>>>>> branch\n",
        b"[boot]\ncommand = echo \\\n  continued\n",
        b"[network]\nhostname=\xff\xfe\xfd\n",
        b"{{ ansible_managed }}\n[user]\ndefault={{ user }}\n",
        b"a\rb\n\r\n\n",
    ],
)
def test_round_trip_is_exact(data: bytes) -> None:
    assert render(parse(data, "wsl.conf")) == data
    assert render(parse(data, ".wslconfig")) == data


def test_lines_are_classified_with_wsl_grammar() -> None:
    doc = parse(
        b"# c\n\n[wsl2]   # header comment\nmemory = 4GB # inline\n; semicolon\nkernel_command_line=x\n[ wsl2 ]\n",
        ".wslconfig",
    )
    kinds = [line.kind for line in doc.lines]
    assert kinds == ["comment", "blank", "section", "key", "invalid", "invalid", "invalid"]
    assert doc.lines[3].value == "4GB"
    assert doc.lines[3].raw_value == "4GB"
    assert doc.lines[4].error == "Invalid key name"
    assert doc.lines[5].error == "Expected '='"
    assert doc.lines[6].error == "Invalid section name"


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("k=4GB#c", "4GB"),
        ('k="a # b"', "a # b"),
        ('k=a"b c"d', "ab cd"),
        ('k=" padded "', " padded "),
        ("k=C:\\\\dir\\\\file", "C:\\dir\\file"),
        ("k=x\\ty", "x\ty"),
        ("k=", ""),
        ("k=  spaced  ", "spaced"),
    ],
)
def test_values_follow_wsl_rules(line: str, value: str) -> None:
    assert get_value(parse(f"[s]\n{line}\n".encode(), "wsl.conf"), "s", "k") == value


@pytest.mark.parametrize("line", ["k=C:\\Users\\me", 'k="open', "k=C:\\temp\\k"])
def test_bad_escapes_and_quotes_make_the_line_invalid(line: str) -> None:
    doc = parse(f"[s]\n{line}\n".encode(), "wsl.conf")
    assert doc.lines[1].kind == "invalid"


def test_backslash_before_crlf_continues_only_in_wslconfig() -> None:
    data = b"[boot]\r\ncommand=a\\\r\nb\r\n"
    assert get_value(parse(data, ".wslconfig"), "boot", "command") == "ab"
    assert parse(data, "wsl.conf").lines[1].kind == "invalid"


def test_set_value_replaces_first_occurrence_keeping_style() -> None:
    data = b'[WSL2]\r\nMemory = "4GB"   # half\r\nmemory=2GB\r\n'
    doc = set_value(parse(data), "wsl2", "memory", "8GB")
    assert render(doc) == b'[WSL2]\r\nMemory = "8GB"   # half\r\nmemory=2GB\r\n'


def test_set_value_adds_to_last_section_occurrence_before_blank_lines() -> None:
    data = b"[wsl2]\nmemory=4GB\n\n[experimental]\nsparseVhd=true\n\n[wsl2]\nswap=0\n\n# end\n"
    out = render(set_value(parse(data), "wsl2", "processors", "6"))
    assert (
        out
        == b"[wsl2]\nmemory=4GB\n\n[experimental]\nsparseVhd=true\n\n[wsl2]\nswap=0\nprocessors=6\n\n# end\n"
    )


def test_set_value_copies_spacing_of_sibling_keys() -> None:
    out = render(set_value(parse(b"[wsl2]\nmemory = 4GB\n"), "wsl2", "swap", "0"))
    assert out == b"[wsl2]\nmemory = 4GB\nswap = 0\n"


def test_set_value_appends_section_keeping_crlf_bom_and_missing_final_newline() -> None:
    data = b"\xef\xbb\xbf[wsl2]\r\nmemory=4GB"
    out = render(set_value(parse(data), "experimental", "autoMemoryReclaim", "gradual"))
    assert out == b"\xef\xbb\xbf[wsl2]\r\nmemory=4GB\r\n\r\n[experimental]\r\nautoMemoryReclaim=gradual"


def test_set_value_on_empty_file_and_windows_path_is_escaped() -> None:
    out = render(set_value(parse(b""), "wsl2", "swapFile", "C:\\temp\\swap.vhdx"))
    assert out == b"[wsl2]\nswapFile=C:\\\\temp\\\\swap.vhdx\n"
    assert get_value(parse(out), "wsl2", "swapFile") == "C:\\temp\\swap.vhdx"


def test_set_value_quotes_values_wsl_would_cut() -> None:
    out = render(set_value(parse(b"[boot]\n"), "boot", "command", "echo #1"))
    assert out == b'[boot]\ncommand="echo #1"\n'
    assert get_value(parse(out), "boot", "command") == "echo #1"


def test_set_value_into_empty_value_with_comment() -> None:
    out = render(set_value(parse(b"[wsl2]\nmemory=# fill me\n"), "wsl2", "memory", "4GB"))
    assert out == b"[wsl2]\nmemory=4GB # fill me\n"


def test_invalid_lines_are_never_touched() -> None:
    data = b"[wsl2]\n; memory=1GB\nmemory_x=1\n"
    out = render(set_value(parse(data), "wsl2", "memory", "4GB"))
    assert out == b"[wsl2]\n; memory=1GB\nmemory_x=1\nmemory=4GB\n"


def test_remove_key_removes_every_occurrence_and_keeps_the_rest() -> None:
    data = b"[wsl2]\r\npageReporting=false\r\nmemory=4GB\r\nPAGEREPORTING=true"
    out = render(remove_key(parse(data), "wsl2", "pagereporting"))
    assert out == b"[wsl2]\r\nmemory=4GB"
    assert remove_key(parse(data), "wsl2", "absent").lines == parse(data).lines


def test_utf16_file_stays_utf16_after_edit() -> None:
    data = b"\xff\xfe" + "[wsl2]\r\nmemory=4GB\r\n".encode("utf-16-le")
    out = render(set_value(parse(data), "wsl2", "memory", "8GB"))
    assert out == b"\xff\xfe" + "[wsl2]\r\nmemory=8GB\r\n".encode("utf-16-le")
