from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from tests.modfixtures import build_zip, parse_fixture_name, parse_txtar
from wslgo.proxy.modzip import ZipError, check_zip, hash1, hash_go_mod

MOD = b'module "rsc.io/quote"\n\nrequire "rsc.io/sampler" v1.3.0\n'


def _zip(entries: list[tuple[str, bytes]]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer


def test_go_mod_hash_matches_the_public_go_sum_line() -> None:
    # rsc.io/quote v1.5.2/go.mod h1:… as recorded in countless public go.sum files.
    assert hash_go_mod(MOD) == "h1:LzX7hefJvL54yjefDEDHNONDjII0t9xZLPXsUe+TKr0="


def test_hash1_sorts_and_formats_lines() -> None:
    assert hash1([("b", "00"), ("a", "11")]) == hash1([("a", "11"), ("b", "00")])
    with pytest.raises(ZipError):
        hash1([("a\nb", "00")])


def test_a_valid_zip_passes_and_hash_ignores_entry_order() -> None:
    prefix = "rsc.io/quote@v1.5.2/"
    forward = check_zip(
        _zip([(prefix + "go.mod", MOD), (prefix + "q.go", b"package q\n")]), "rsc.io/quote", "v1.5.2", MOD
    )
    backward = check_zip(
        _zip([(prefix + "q.go", b"package q\n"), (prefix + "go.mod", MOD)]), "rsc.io/quote", "v1.5.2", MOD
    )
    assert forward.h1 == backward.h1 and forward.files == 2


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([("rsc.io/quote@v1.5.1/q.go", b"")], "not under"),
        ([("rsc.io/quote@v1.5.2/../q.go", b"")], "'..'"),
        ([("rsc.io/quote@v1.5.2/A.go", b""), ("rsc.io/quote@v1.5.2/a.go", b"")], "collides"),
        ([("rsc.io/quote@v1.5.2/go.mod", b"module other\n")], "differs from"),
        ([("rsc.io/quote@v1.5.2/x?y.go", b"")], "invalid character"),
        ([("rsc.io/quote@v1.5.2/\u263a.go", b"")], "invalid character"),
        ([("rsc.io/quote@v1.5.2/x/y/a.go", b""), ("rsc.io/quote@v1.5.2/x/Y/b.go", b"")], "collides"),
        ([("rsc.io/quote@v1.5.2/com1.go", b"")], "reserved"),
    ],
)
def test_zip_rules(entries: list[tuple[str, bytes]], message: str) -> None:
    with pytest.raises(ZipError, match=message):
        check_zip(_zip(entries), "rsc.io/quote", "v1.5.2", MOD)


def test_unicode_letters_are_allowed() -> None:
    check_zip(_zip([("rsc.io/quote@v1.5.2/\u03b1.go", b"package q\n")]), "rsc.io/quote", "v1.5.2", None)


def test_truncated_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "q.zip"
    with open(path, "wb") as handle:
        build_zip(handle, "rsc.io/quote", "v1.5.2", [("go.mod", MOD), ("q.go", b"package q\n" * 500)])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ZipError, match="not a readable zip"):
        check_zip(path, "rsc.io/quote", "v1.5.2", MOD)


def test_corrupt_entry_is_refused() -> None:
    prefix = "rsc.io/quote@v1.5.2/"
    buffer = _zip([(prefix + "q.go", b"package q\n" * 100)])
    raw = bytearray(buffer.getvalue())
    index = raw.index(b"package q")
    raw[index] ^= 0xFF  # flip a byte of stored (uncompressed) data: the CRC check must catch it
    with pytest.raises(ZipError, match="corrupt"):
        check_zip(io.BytesIO(bytes(raw)), "rsc.io/quote", "v1.5.2", None)


def test_txtar_parsing_and_names() -> None:
    files = parse_txtar(b"comment\n-- .mod --\nmodule x\n-- a.go --\npackage a")
    assert files == [(".mod", b"module x\n"), ("a.go", b"package a\n")]
    assert parse_fixture_name("rsc.io_!q!u!o!t!e_v1.5.3-!p!r!e.txt") == ("rsc.io/QUOTE", "v1.5.3-PRE")
    assert parse_fixture_name("example.com_invalidpath_v1_v1.0.0.txt") == (
        "example.com/invalidpath/v1",
        "v1.0.0",
    )
