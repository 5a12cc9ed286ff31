"""Resolving names through the symlinks an archive created (pure), and the member filter built on it."""

from __future__ import annotations

import tarfile

import pytest

from wslgo.sdk.extract import UnsafeArchiveError, check_member
from wslgo.sdk.links import MAX_HOPS, MAX_LINKS, LinkTable


def member(name: str, kind: bytes = tarfile.REGTYPE, linkname: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = linkname
    return info


def accept_all(links: LinkTable, pairs: list[tuple[str, str]]) -> None:
    for name, target in pairs:
        check_member(member(name, tarfile.SYMTYPE, target), "a.tgz", links)
        links.add(name, target)


def test_resolve_follows_links_like_the_kernel() -> None:
    links = LinkTable({"go/a": ".", "go/lib": "src/lib", "go/src/lib": "../pkg"})
    assert links.resolve("go", "a/a/a/bin") == "go/bin"
    assert links.resolve("go", "lib/x") == "go/pkg/x"
    assert links.resolve("go/bin", "../lib") == "go/pkg"
    assert links.resolve("go", "a/..") is None  # a is go/ itself, so a/.. is above it
    assert links.resolve("go", "/etc") is None
    assert links.resolve("go", "") is None


def test_the_chain_from_the_report_is_refused_at_its_first_escaping_link() -> None:
    links = LinkTable()
    accept_all(links, [("go/a", ".")])
    # Judged as text, go/b -> a/.. is go/ itself; followed through go/a it is the directory above go/.
    with pytest.raises(UnsafeArchiveError, match=r"symlink 'go/b' -> 'a/\.\.' points outside"):
        check_member(member("go/b", tarfile.SYMTYPE, "a/.."), "a.tgz", links)


def test_a_new_link_that_redirects_an_earlier_one_is_refused() -> None:
    links = LinkTable()
    accept_all(links, [("go/p", "q/..")])  # go/q does not exist yet: go/p is go/
    with pytest.raises(UnsafeArchiveError, match=r"makes the earlier link 'go/p' point outside"):
        check_member(member("go/q", tarfile.SYMTYPE, "."), "a.tgz", links)


def test_climbing_above_go_on_the_way_back_in_is_refused() -> None:
    # ../go/x stays in go/ while the tree is called go/, and leaves it once renamed to sdk/go1.X.Y.
    with pytest.raises(UnsafeArchiveError, match="points outside"):
        check_member(member("go/l", tarfile.SYMTYPE, "../go/x"), "a.tgz", LinkTable())


def test_long_chains_inside_are_fine_and_loops_are_refused() -> None:
    links = LinkTable()
    accept_all(links, [("go/l0", "sub")] + [(f"go/l{i}", f"l{i - 1}") for i in range(1, MAX_HOPS)])
    assert links.resolve("go", f"l{MAX_HOPS - 1}/x") == "go/sub/x"
    with pytest.raises(UnsafeArchiveError, match="points outside"):
        check_member(member(f"go/l{MAX_HOPS}", tarfile.SYMTYPE, f"l{MAX_HOPS - 1}"), "a.tgz", links)
    loop = LinkTable()
    accept_all(loop, [("go/x", "y")])
    with pytest.raises(UnsafeArchiveError, match="points outside"):
        check_member(member("go/y", tarfile.SYMTYPE, "x"), "a.tgz", loop)


@pytest.mark.parametrize(
    ("linkname", "message"),
    [
        ("go/lib/x", "goes through a symlink"),
        ("go/lib", "goes through a symlink"),
        ("go/../secret", "points outside"),
        ("/etc/passwd", "points outside"),
        ("other/x", "points outside"),
    ],
)
def test_hard_links_name_plain_paths_only(linkname: str, message: str) -> None:
    links = LinkTable({"go/lib": "sub"})
    with pytest.raises(UnsafeArchiveError, match=message):
        check_member(member("go/h", tarfile.LNKTYPE, linkname), "a.tgz", links)
    assert check_member(member("go/h", tarfile.LNKTYPE, "go/sub/x"), "a.tgz", links) == "go/h"


def test_the_number_of_symlinks_is_capped() -> None:
    links = LinkTable({f"go/l{i}": "sub" for i in range(MAX_LINKS)})
    with pytest.raises(UnsafeArchiveError, match=f"more than {MAX_LINKS} symlinks"):
        check_member(member("go/one-more", tarfile.SYMTYPE, "sub"), "a.tgz", links)


def test_an_empty_link_target_is_refused() -> None:
    # The kernel cannot create or follow it; found by the property test as an I/O error mid-extraction.
    with pytest.raises(UnsafeArchiveError, match="points outside"):
        check_member(member("go/a", tarfile.SYMTYPE, ""), "a.tgz", LinkTable())
