"""Shell rc block editor: in-place block, marked lines, exact unmanage, CRLF kept (property-tested)."""

from __future__ import annotations

import subprocess

from hypothesis import given, settings
from hypothesis import strategies as st

from wslgo.edit import shellrc
from wslgo.setup.steps.shell import BLOCK_BODY

BODY = ["export A=1"]


def test_block_appended_once_then_replaced_in_place() -> None:
    text = "# rc\nalias ll='ls -l'\n"
    once = shellrc.set_block(text, BODY)
    assert once == text + "# >>> wslgo >>>\nexport A=1\n# <<< wslgo <<<\n"
    assert shellrc.set_block(once, BODY) == once
    moved = once + "echo after\n"
    replaced = shellrc.set_block(moved, ["export A=2"])
    assert replaced == text + "# >>> wslgo >>>\nexport A=2\n# <<< wslgo <<<\necho after\n"


def test_crlf_and_missing_final_newline() -> None:
    text = "a\r\nb"
    out = shellrc.set_block(text, BODY)
    assert out == "a\r\nb\r\n# >>> wslgo >>>\r\nexport A=1\r\n# <<< wslgo <<<\r\n"


def test_comment_out_and_unmanage_restore() -> None:
    text = "export PATH=$PATH:/usr/local/go/bin\nexport PATH=$PATH:/usr/local/go/bin\n"
    marked = shellrc.comment_out(text, [1])
    assert marked.splitlines()[1] == "# wslgo: export PATH=$PATH:/usr/local/go/bin"
    managed = shellrc.set_block(marked, BODY)
    assert shellrc.unmanage(managed) == text
    assert shellrc.marked_lines(managed) == ["export PATH=$PATH:/usr/local/go/bin"]


def test_find_exports_skips_block_and_unquotes() -> None:
    text = shellrc.set_block("export GOPATH='/mnt/d/go'\nGOSUMDB=\"x y\"  # c\n", ["export GOPATH=/x"])
    found = shellrc.find_exports(text)
    assert [(e.name, e.value, e.line_number) for e in found] == [
        ("GOPATH", "/mnt/d/go", 1),
        ("GOSUMDB", "x y", 2),
    ]


def test_block_is_idempotent_in_a_real_shell(tmp_path: object) -> None:
    script = "\n".join(BLOCK_BODY)
    probe = f'PATH=/usr/bin:/bin\n{script}\nfirst="$PATH"\n{script}\n[ "$first" = "$PATH" ] && echo same'
    result = subprocess.run(["sh", "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "same"


line = st.one_of(
    st.sampled_from(
        [
            "export PATH=$PATH:/usr/local/go/bin",
            "export GOPATH=/mnt/d/go-workspace",
            "# a comment",
            "",
            "alias g=git",
            "  export GOSUMDB=sum.golang.org+https://sum.golang.org",
        ]
    ),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=20),
)


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(line, max_size=12),
    newline=st.sampled_from(["\n", "\r\n"]),
    final=st.booleans(),
    picks=st.lists(st.integers(0, 11), max_size=4),
    bodies=st.lists(st.lists(st.sampled_from(["export A=1", "export B=2", "# x"]), max_size=3), min_size=1),
)
def test_edits_then_unmanage_restore_bytes(
    lines: list[str], newline: str, final: bool, picks: list[int], bodies: list[list[str]]
) -> None:
    lines = [item for item in lines if not item.startswith("# wslgo: ") and "wslgo" not in item]
    text = newline.join(lines) + (newline if final and lines else "")
    edited = shellrc.comment_out(text, [index for index in picks if index < len(lines)])
    for body in bodies:
        edited = shellrc.set_block(edited, body)
    assert shellrc.block_body(edited) == bodies[-1]
    assert shellrc.set_block(edited, bodies[-1]) == edited
    restored = shellrc.unmanage(edited)
    if text.endswith(("\n", "\r")) or not text:
        assert restored == text
    else:
        # A file without a final newline gains one before the block; everything else is exact.
        assert restored in (text, text + "\n", text + "\r\n")
    original_lines = text.split("\n")
    edited_lines = edited.split("\n")
    for index, original in enumerate(original_lines[:-1]):  # complete lines (a newline follows)
        if index not in picks:
            assert edited_lines[index] == original
