"""Hostile SDK archives for property tests: links, hard links, ``..``, absolute names and long chains.

``members()`` draws archive member lists from a small alphabet of names so that links, files and
directories collide and chain into each other often; ``write_archive`` packs them (optionally after a
real ``go/`` tree); ``check_contained`` asserts what must hold whatever the extractor decided.
"""

from __future__ import annotations

import io
import os
import stat
import tarfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

NAMES = ("a", "b", "c", "sub", "lib")
#: A file beside the extraction directory that hostile hard links and symlinks aim at.
SECRET = "secret.txt"


@dataclass(frozen=True)
class Member:
    kind: str  # dir, file, sym, hard
    name: str
    target: str = ""


def _relative(parts: list[str]) -> str:
    return "/".join(parts)


_components = st.sampled_from((*NAMES, ".", "..", ""))
_inside_names = st.lists(st.sampled_from(NAMES), min_size=1, max_size=3).map(lambda p: "go/" + "/".join(p))
_hostile_names = st.sampled_from(
    ("go/../escaped", "/tmp/wslgo-escaped", "../escaped", "other/x", "go/./a/../b")
)
_names = st.one_of(_inside_names, _inside_names, _inside_names, _hostile_names)
_link_targets = st.one_of(
    st.lists(_components, min_size=1, max_size=6).map(_relative),
    st.integers(1, 6).map(lambda n: "../" * n + SECRET),
    st.just("/etc"),
    st.sampled_from((".", "..", "../go", "../go/a", "a/..", "b/..", "a/../..", "sub/../..")),
)
_hard_targets = st.one_of(
    _inside_names, st.sampled_from(("go/../" + SECRET, "/etc/passwd", SECRET, "go/a/b/../../" + SECRET))
)


def _chain(length: int) -> list[Member]:
    """The reported climb: go/l0 -> ., go/l1 -> l0/.., go/l2 -> l1/.., … then a hard link through it."""
    chain = [Member("sym", "go/l0", ".")]
    chain += [Member("sym", f"go/l{i}", f"l{i - 1}/..") for i in range(1, length)]
    chain.append(Member("hard", "go/stolen", f"go/l{length - 1}/" + SECRET))
    return chain


_member = st.one_of(
    st.builds(Member, st.just("dir"), _names),
    st.builds(Member, st.just("file"), _names),
    st.builds(Member, st.just("sym"), _names, _link_targets),
    st.builds(Member, st.just("sym"), _names, _link_targets),
    st.builds(Member, st.just("hard"), _names, _hard_targets),
)


@st.composite
def members(draw: st.DrawFn) -> list[Member]:
    drawn = draw(st.lists(_member, max_size=14))
    if draw(st.booleans()):
        chain = _chain(draw(st.integers(2, 8)))
        at = draw(st.integers(0, len(drawn)))
        drawn[at:at] = chain
    return [Member("dir", "go"), *drawn]


def tar_info(member: Member) -> tuple[tarfile.TarInfo, bytes | None]:
    info = tarfile.TarInfo(member.name)
    info.mtime = 1_700_000_000
    if member.kind == "dir":
        info.type, info.mode = tarfile.DIRTYPE, 0o755
        return info, None
    if member.kind == "file":
        info.mode = 0o644
        data = f"inside {member.name}\n".encode()
        info.size = len(data)
        return info, data
    info.type = tarfile.SYMTYPE if member.kind == "sym" else tarfile.LNKTYPE
    info.linkname = member.target
    return info, None


def write_archive(path: Path, drawn: list[Member], base: Path | None = None) -> Path:
    """A .tar.gz of ``base`` (a real ``go/`` tree, added first) followed by ``drawn``."""
    with tarfile.open(path, "w:gz", compresslevel=1) as tar:
        if base is not None:
            tar.add(base, arcname="go")
            drawn = [m for m in drawn if m != Member("dir", "go")]
        for member in drawn:
            info, data = tar_info(member)
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return path


def snapshot_outside(sandbox: Path, skip: Path) -> dict[str, tuple[int, int, int]]:
    """Every path in ``sandbox`` but ``skip``'s subtree: (mode, size, link count)."""
    state: dict[str, tuple[int, int, int]] = {}
    for directory, dirs, files in os.walk(sandbox):
        here = Path(directory)
        if here == skip or skip in here.parents:
            dirs[:] = []
            continue
        for name in dirs + files:
            path = here / name
            if path == skip:
                continue
            info = path.lstat()
            state[str(path.relative_to(sandbox))] = (info.st_mode, info.st_size, info.st_nlink)
    return state


def check_contained(tree: Path) -> None:
    """Nothing in ``tree`` resolves outside it, and no file shares its inode with a name outside it."""
    root = os.path.realpath(tree)
    inodes: dict[tuple[int, int], list[str]] = {}
    for directory, dirs, files in os.walk(tree):
        for name in dirs + files:
            path = Path(directory) / name
            info = path.lstat()
            resolved = os.path.realpath(path)
            assert resolved == root or resolved.startswith(root + os.sep), f"{path} resolves to {resolved}"
            if stat.S_ISREG(info.st_mode):
                inodes.setdefault((info.st_dev, info.st_ino), []).append(str(path))
    for (_, _), paths in inodes.items():
        links = os.lstat(paths[0]).st_nlink
        assert links == len(paths), f"{paths[0]} has {links} names, only {len(paths)} inside the tree"
