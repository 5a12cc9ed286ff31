"""Bundles: round-trip for every container, deterministic bytes, and one-line errors for bad input."""

from __future__ import annotations

import io
import json
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.helpers import cmd, make_evidence
from wslgo.errors import InputError, UsageError
from wslgo.evidence.bundle import bundle_kind, read_bundle, write_bundle
from wslgo.evidence.model import Evidence, PathInfo


def sample() -> Evidence:
    return make_evidence(
        env={
            "PATH": "/usr/local/go/bin:/usr/bin:/mnt/c/WINDOWS/system32",
            "HOME": "/home/al",
            "GO111MODULE": "on",
        },
        files={
            "/proc/version": "Linux version 5.15.167.4-microsoft-standard-WSL2 (root@f9c826d3017f)\n",
            "/home/al/.bashrc": "export PATH=$PATH:/usr/local/go/bin\n",
            "/etc/wsl.conf": b"\xff\xfe[boot]\r\nsystemd=true\r\n",  # not UTF-8: stored verbatim
            "/mnt/c/Users/Al Smith/.wslconfig": "[wsl2]\nmemory=8GB\n",
        },
        paths={
            "/usr/local/go/bin/go": PathInfo(
                kind="file", mode="0755", size=123, uid=0, gid=0, writable=False
            ),
            "/home/al/go": PathInfo(kind="symlink", target="/mnt/d/go", mode="0777"),
            "/home/al/.cache/go-build": PathInfo(
                kind="dir", free_bytes=10_000_000, mtime="2026-11-01T11:00:00+00:00"
            ),
            "/dev/dxg": "char",
            "/usr/lib/wsl/lib/libcuda.so": "missing",
        },
        commands=[
            cmd("go", "version", stdout="go version go1.27.3 linux/amd64\n"),
            cmd("wsl.exe", "--version", rc=None, error="not-found"),
        ],
    )


@pytest.mark.parametrize("name", ["bundle", "bundle.tar.gz", "bundle.tgz", "bundle.zip"])
def test_round_trip(tmp_path: Path, name: str) -> None:
    evidence = sample()
    written = write_bundle(evidence, tmp_path / name)
    assert read_bundle(written) == evidence


def test_directory_layout_matches_spec(tmp_path: Path) -> None:
    dest = write_bundle(sample(), tmp_path / "b")
    meta = json.loads((dest / "meta.json").read_text())
    assert meta["format"] == "wslgo-bundle" and meta["version"] == 1
    assert meta["host"] == {"arch": "amd64", "uid": 1000, "gid": 1000, "user": "al"}
    assert (dest / "files/proc/version").read_text().startswith("Linux version")
    assert (dest / "files/etc/wsl.conf").read_bytes() == b"\xff\xfe[boot]\r\nsystemd=true\r\n"
    assert (dest / "files/mnt/c/Users/Al Smith/.wslconfig").is_file()
    assert json.loads((dest / "paths.json").read_text())["/home/al/go"] == {
        "kind": "symlink",
        "mode": "0777",
        "target": "/mnt/d/go",
    }
    commands = json.loads((dest / "commands.json").read_text())
    assert commands[1] == {
        "argv": ["wsl.exe", "--version"],
        "error": "not-found",
        "stdout": "",
        "stderr": "",
        "duration_s": 0.0,
    }


@pytest.mark.parametrize("name", ["a.tar.gz", "a.zip"])
def test_archives_are_deterministic(tmp_path: Path, name: str) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    first = write_bundle(sample(), tmp_path / "one" / name).read_bytes()
    second = write_bundle(sample(), tmp_path / "two" / name).read_bytes()
    assert first == second


def test_unknown_suffix_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"unknown bundle suffix '\.json'"):
        bundle_kind(tmp_path / "out.json")
    assert bundle_kind(tmp_path / "out.TGZ") == "tar"


def test_refuses_to_write_into_a_non_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "keep.txt").write_text("mine")
    with pytest.raises(UsageError, match="not an empty directory"):
        write_bundle(sample(), tmp_path / "b")


def test_paths_listed_but_file_content_absent_is_fine(tmp_path: Path) -> None:
    evidence = make_evidence(paths={"/etc/wsl.conf": {"kind": "file", "size": 40}})
    back = read_bundle(write_bundle(evidence, tmp_path / "b"))
    assert back.file("/etc/wsl.conf") is None
    assert back.exists("/etc/wsl.conf") is True


def test_tar_with_single_top_directory_is_accepted(tmp_path: Path) -> None:
    bundle_dir = write_bundle(sample(), tmp_path / "mybundle")
    archive = tmp_path / "wrapped.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(bundle_dir, arcname="mybundle")
    assert read_bundle(archive) == sample()


# -- malformed input: every case is ONE line naming the bundle, the member and what was expected -------


def _tar(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def _meta(**overrides: object) -> bytes:
    meta: dict[str, object] = {
        "format": "wslgo-bundle",
        "version": 1,
        "created": "2026-11-01T12:00:00+00:00",
        "wslgo_version": "0.1.0",
        "redacted": True,
        "host": {"arch": "amd64"},
    }
    meta.update(overrides)
    return json.dumps(meta).encode()


def _error(src: Path) -> str:
    with pytest.raises(InputError) as caught:
        read_bundle(src)
    message = caught.value.message
    assert "\n" not in message
    assert str(src) in message
    return message


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        ({"env.json": b"{}"}, "meta.json: missing"),
        ({"meta.json": b"{not json"}, "meta.json: line 1: invalid JSON"),
        ({"meta.json": b"[]"}, "meta.json: top level is a JSON list (expected a JSON object)"),
        ({"meta.json": _meta(format="other")}, "format is \"other\" (expected 'wslgo-bundle')"),
        ({"meta.json": _meta(version=2)}, "version is 2 (expected 1)"),
        ({"meta.json": _meta(version=True)}, "version is true (expected 1)"),
        (
            {"meta.json": _meta(created="yesterday")},
            "'created' is 'yesterday' (expected an ISO-8601 timestamp)",
        ),
        ({"meta.json": _meta(created=None)}, "meta.json: missing 'created'"),
        (
            {"meta.json": _meta(host={"arch": "amd64", "uid": "1000"})},
            "host: 'uid' is \"1000\" (expected a integer)",
        ),
        (
            {"meta.json": _meta(), "env.json": b'{"PATH": 1}'},
            "env.json: 'PATH' is 1 (expected a string value)",
        ),
        ({"meta.json": _meta(), "env.json": b"\xff\xfe"}, "env.json: not UTF-8 at byte 0"),
        (
            {"meta.json": _meta(), "paths.json": b'{"/x": {"kind": "weird"}}'},
            "paths.json: '/x': unknown path kind",
        ),
        (
            {"meta.json": _meta(), "paths.json": b'{"rel": {"kind": "file"}}'},
            "key 'rel' (expected an absolute path)",
        ),
        (
            {"meta.json": _meta(), "paths.json": b'{"/x": {"kind": "file", "size": "9"}}'},
            "'/x': 'size' is \"9\"",
        ),
        ({"meta.json": _meta(), "paths.json": b'{"/x": {"kind": "file", "mode": "rwx"}}'}, "'mode' is 'rwx'"),
        (
            {"meta.json": _meta(), "paths.json": b'{"/x": "file"}'},
            "paths.json: '/x': \"file\" (expected an object",
        ),
        ({"meta.json": _meta(), "commands.json": b"{}"}, "commands.json: top level is a JSON dict"),
        (
            {"meta.json": _meta(), "commands.json": b'[{"argv": []}]'},
            "commands.json: entry 0: 'argv' must be",
        ),
        ({"meta.json": _meta(), "commands.json": b'[{"argv": ["go"], "rc": "0"}]'}, "entry 0: 'rc' is \"0\""),
        (
            {"meta.json": _meta(), "commands.json": b'["go version"]'},
            'entry 0: "go version" (expected an object',
        ),
    ],
)
def test_malformed_bundles_are_one_line_input_errors(
    tmp_path: Path, members: dict[str, bytes], expected: str
) -> None:
    assert expected in _error(_tar(tmp_path / "bad.tar.gz", members))


def test_missing_bundle(tmp_path: Path) -> None:
    assert "no such file or directory" in _error(tmp_path / "nope.zip")


def test_not_a_bundle(tmp_path: Path) -> None:
    junk = tmp_path / "notes.tar.gz"
    junk.write_text("hello, I am not an archive\n")
    assert "not a bundle" in _error(junk)


def test_truncated_archive(tmp_path: Path) -> None:
    good = write_bundle(sample(), tmp_path / "good.tar.gz").read_bytes()
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(good[: len(good) // 2])
    assert "damaged .tar.gz archive" in _error(cut)


def test_tar_traversal_member_is_refused(tmp_path: Path) -> None:
    bad = _tar(tmp_path / "evil.tar.gz", {"meta.json": _meta(), "files/../../etc/passwd": b"root:x:0:0"})
    assert "escapes the bundle with '..'" in _error(bad)
    assert not (tmp_path.parent / "etc" / "passwd").exists()


def test_tar_absolute_member_is_refused(tmp_path: Path) -> None:
    bad = _tar(tmp_path / "abs.tar.gz", {"meta.json": _meta(), "/etc/passwd": b"x"})
    assert "absolute member name" in _error(bad)


def test_tar_symlink_member_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "link.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        data = _meta()
        info = tarfile.TarInfo("meta.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("files/etc/wsl.conf")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/shadow"
        tar.addfile(link)
    assert "link or special file" in _error(path)


def test_zip_traversal_and_symlink_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "evil.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("meta.json", _meta())
        archive.writestr("../outside.txt", b"x")
    assert "escapes the bundle" in _error(path)

    path = tmp_path / "link.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("meta.json", _meta())
        info = zipfile.ZipInfo("files/etc/wsl.conf")
        info.external_attr = (0o120777) << 16
        archive.writestr(info, "/etc/shadow")
    assert "link or special file" in _error(path)


def test_directory_bundle_with_symlink_is_refused(tmp_path: Path) -> None:
    bundle = write_bundle(sample(), tmp_path / "b")
    (bundle / "files" / "etc" / "shadow").symlink_to("/etc/shadow")
    assert "symbolic link" in _error(bundle)


def test_oversized_member_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        data = _meta()
        info = tarfile.TarInfo("meta.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
        big = tarfile.TarInfo("files/var/log/huge")
        big.size = 9 * 1024 * 1024
        tar.addfile(big, io.BytesIO(b"\0" * big.size))
    assert "member is 9437184 bytes (expected at most 8388608)" in _error(path)
