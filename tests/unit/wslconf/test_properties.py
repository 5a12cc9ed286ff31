"""Property tests: generated INI documents × generated edit sequences."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from wslgo.wslconf.reader import read_wsl_config
from wslgo.wslconf.syntax import Dialect, get_value, parse, remove_key, render, set_value

SECTIONS = ["wsl2", "WSL2", "experimental", "boot", "network", "x1"]
KEYS = ["memory", "Memory", "swap", "systemd", "hostname", "k"]
VALUES = ["4GB", "true", "", "C:\\dir\\swap.vhdx", "echo #1", " padded ", 'say "hi"', "a\tb", "ü"]

line_text = st.one_of(
    st.sampled_from(
        ["", "   ", "# comment", "; semicolon", "<<<<<<< HEAD", "=======", "{{ jinja }}", "[ bad ]"]
    ),
    st.builds(lambda s, c: f"[{s}]{c}", st.sampled_from(SECTIONS), st.sampled_from(["", "  # c", " x"])),
    st.builds(
        lambda k, sep, v, c: f"{k}{sep}{v}{c}",
        st.sampled_from([*KEYS, "bad_key", "9x"]),
        st.sampled_from(["=", " = ", "\t=  ", ""]),
        st.sampled_from(["4GB", '"8GB"', "x\\\\y", "C:\\Users", '"open', "1", "v # inline", "v#c"]),
        st.sampled_from(["", "  ", " # trailing"]),
    ),
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=12),
)
documents = st.builds(
    lambda bom, lines, newlines, final: (
        (b"\xef\xbb\xbf" if bom else b"")
        + "".join(
            text + (newlines[i % len(newlines)] if i < len(lines) - 1 or final else "")
            for i, text in enumerate(lines)
        ).encode("utf-8", errors="surrogateescape")
    ),
    st.booleans(),
    st.lists(line_text, max_size=12),
    st.lists(st.sampled_from(["\n", "\r\n"]), min_size=1, max_size=3),
    st.booleans(),
)
raw_bytes = st.binary(max_size=200)
edits = st.lists(
    st.tuples(
        st.sampled_from(["set", "remove"]),
        st.sampled_from(SECTIONS),
        st.sampled_from(KEYS),
        st.sampled_from(VALUES),
    ),
    max_size=5,
)
dialects = st.sampled_from(["wsl.conf", ".wslconfig"])
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.one_of(documents, raw_bytes), dialects)
def test_render_parse_is_identity(data: bytes, dialect: Dialect) -> None:
    assert render(parse(data, dialect)) == data
    read_wsl_config(data, dialect)  # never raises


@FAST
@given(documents, dialects, edits)
# Setting an empty value before an inline comment added one more blank on every run.
@example(data=b"[WSL2]\nmemory=v # inline", dialect="wsl.conf", ops=[("set", "wsl2", "memory", "")])
def test_edits_are_idempotent_local_and_visible(
    data: bytes, dialect: Dialect, ops: list[tuple[str, str, str, str]]
) -> None:
    doc = parse(data, dialect)
    for op, section, key, value in ops:
        before = doc
        if op == "set":
            doc = set_value(doc, section, key, value)
            assert get_value(doc, section, key) == value
            assert set_value(doc, section, key, value) == doc
            # The reader (WSL's view) sees the value, unless an earlier invalid line stops wsl.conf.
            reading = read_wsl_config(render(doc), dialect)
            seen = [e.value for e in reading.entries if e.name.lower() == f"{section}.{key}".lower()]
            if reading.stopped_at is None:
                assert seen[:1] == [value]
        else:
            doc = remove_key(doc, section, key)
            assert get_value(doc, section, key) is None
            assert remove_key(doc, section, key) == doc
        # Lines not targeted never change: every old line that is not the key survives in order.
        untouched_before = [
            (ln.text, ln.newline)
            for sec, _n, ln in before.sections()
            if not (
                ln.kind == "key"
                and (sec or "").lower() == section.lower()
                and (ln.name or "").lower() == key.lower()
            )
        ]
        after_texts = [ln.text for ln in doc.lines]
        position = 0
        for text, _newline in untouched_before:
            position = after_texts.index(text, position) + 1
        assert render(parse(render(doc), dialect)) == render(doc)
        assert doc.bom == before.bom
