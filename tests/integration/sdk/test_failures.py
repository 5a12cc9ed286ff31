"""Every way an install can go wrong leaves the installed SDKs and the active one exactly as before.

Each test first installs go1.27.1 (a tiny real archive, see repack.py) so that there is a state to
preserve, then provokes one failure against the local mirror and compares a full snapshot of ``sdk/``.
"""

from __future__ import annotations

import hashlib
import os
import tarfile
from pathlib import Path

import httpx
import pytest

from tests.integration.conftest import Archives, add_release
from tests.integration.sdk.conftest import make_tar_gz
from tests.integration.sdk.helpers import current_target, leftovers, run_cli, sdk_root, snapshot
from tests.integration.sdk.mirror import Fault, Logged, Mirror
from wslgo.sdk.download import RetryPolicy
from wslgo.sdk.index import host_platform, parse_index
from wslgo.sdk.installer import Installer
from wslgo.sdk.store import SdkStore

pytestmark = pytest.mark.integration


@pytest.fixture
def installed_before(mirror: Mirror, capsys: pytest.CaptureFixture[str]) -> dict[str, tuple[int, int]]:
    assert run_cli(capsys, "go", "install", "1.27.1")[0] == 0
    assert current_target() == "go1.27.1"
    return snapshot(sdk_root())


def downloads() -> Path:
    return Path(os.environ["WSLGO_HOME"]) / "downloads"


def assert_untouched(before: dict[str, tuple[int, int]]) -> None:
    assert snapshot(sdk_root()) == before
    assert current_target() == "go1.27.1"
    assert leftovers() == []


def test_wrong_sha256_is_refused_before_extraction(
    mirror: Mirror,
    go_archives: Archives,
    installed_before: dict[str, tuple[int, int]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_release(mirror, "go1.27.4", go_archives.by_version["go1.27.2"].path, sha256="ab" * 32)
    code, _, err = run_cli(capsys, "go", "install", "1.27.4", "--refresh")
    assert code == 1
    assert "does not match the index (" + "ab" * 32 + ")" in err and len(err.splitlines()) == 1
    assert_untouched(installed_before)
    assert list(downloads().iterdir()) == []  # the bad bytes are not kept for a "resume"


@pytest.mark.parametrize("damage", ["truncated", "flipped"])
def test_corrupted_archive_with_matching_hash_fails_extraction_cleanly(
    mirror: Mirror,
    go_archives: Archives,
    installed_before: dict[str, tuple[int, int]],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    damage: str,
) -> None:
    data = bytearray(go_archives.by_version["go1.27.2"].path.read_bytes())
    if damage == "truncated":
        data = data[: len(data) // 2]
    else:
        for offset in range(len(data) // 2, len(data) // 2 + 64):
            data[offset] ^= 0xFF
    bad = tmp_path / "bad.tar.gz"
    bad.write_bytes(bytes(data))
    add_release(mirror, "go1.27.4", bad)  # the index vouches for the damaged bytes: only extraction can tell
    code, _, err = run_cli(capsys, "go", "install", "1.27.4", "--refresh")
    assert code == 1
    assert "not a valid .tar.gz archive" in err
    assert_untouched(installed_before)


def test_archive_whose_go_reports_another_version_is_refused(
    mirror: Mirror,
    go_archives: Archives,
    installed_before: dict[str, tuple[int, int]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_release(mirror, "go1.27.4", go_archives.by_version["go1.27.2"].path)
    code, _, err = run_cli(capsys, "go", "install", "1.27.4", "--refresh")
    assert code == 1
    assert "the archive's go reports 'go1.27.2', expected go1.27.4" in err
    assert_untouched(installed_before)


def _file(name: str, data: bytes = b"x", mode: int = 0o644) -> tuple[tarfile.TarInfo, bytes | None]:
    info = tarfile.TarInfo(name)
    info.mode = mode
    return info, data


def _special(name: str, kind: bytes, linkname: str = "") -> tuple[tarfile.TarInfo, bytes | None]:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = linkname
    if kind == tarfile.DIRTYPE:
        info.mode = 0o755
    return info, None


MALICIOUS = {
    "dotdot": ([_special("go/", tarfile.DIRTYPE), _file("go/../escaped.txt")], "outside the top-level 'go/'"),
    "absolute": (
        [_special("go/", tarfile.DIRTYPE), _file("/tmp/wslgo-escaped.txt")],
        "outside the top-level",
    ),
    "not-under-go": ([_file("evil/bin/go")], "outside the top-level 'go/'"),
    "symlink-escape": (
        [_special("go/", tarfile.DIRTYPE), _special("go/link", tarfile.SYMTYPE, "../../../escape-dir")],
        "points outside the top-level",
    ),
    "write-through-link": (
        [
            _special("go/", tarfile.DIRTYPE),
            _special("go/lib", tarfile.SYMTYPE, "sub"),
            _special("go/sub", tarfile.DIRTYPE),
            _file("go/lib/x"),
        ],
        "would be written through a link",
    ),
    "hardlink-escape": (
        [_special("go/", tarfile.DIRTYPE), _special("go/h", tarfile.LNKTYPE, "etc/passwd")],
        "hard link",
    ),
    "device": ([_special("go/", tarfile.DIRTYPE), _special("go/null", tarfile.CHRTYPE)], "is a device file"),
    "fifo": ([_special("go/", tarfile.DIRTYPE), _special("go/pipe", tarfile.FIFOTYPE)], "is a fifo file"),
}


@pytest.mark.parametrize("case", sorted(MALICIOUS))
def test_malicious_archives_are_rejected_and_write_nothing_outside(
    mirror: Mirror,
    installed_before: dict[str, tuple[int, int]],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    case: str,
) -> None:
    members, message = MALICIOUS[case]
    archive = make_tar_gz(tmp_path / f"{case}.tar.gz", members)
    add_release(mirror, "go1.27.4", archive)
    code, _, err = run_cli(capsys, "go", "install", "1.27.4", "--refresh")
    assert code == 1, err
    assert message in err and len(err.splitlines()) == 1
    assert_untouched(installed_before)
    assert not (sdk_root() / "escaped.txt").exists() and not Path("/tmp/wslgo-escaped.txt").exists()


def test_index_without_an_archive_for_this_host(
    mirror: Mirror, installed_before: dict[str, tuple[int, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(capsys, "go", "install", "latest")  # go1.28rc1: darwin/arm64 only
    goos, goarch = host_platform()
    assert code == 1
    assert err.strip() == f"wslgo: go1.28rc1 has no {goos}/{goarch} archive in the Go release index"
    assert_untouched(installed_before)


def _name(version: str) -> str:
    return f"{version}.linux-amd64.tar.gz"


def test_truncated_download_resumes_with_range(
    mirror: Mirror,
    go_archives: Archives,
    installed_before: dict[str, tuple[int, int]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = go_archives.by_version["go1.27.2"].path.read_bytes()
    half = len(data) // 2
    (downloads() / f"{_name('go1.27.2')}.part").write_bytes(data[:half])
    code, _, err = run_cli(capsys, "go", "install", "1.27.2")
    assert (code, err) == (0, "")
    assert [r for r in mirror.requests if r.path == _name("go1.27.2")] == [
        Logged(_name("go1.27.2"), f"bytes={half}-", 206)
    ]
    assert current_target() == "go1.27.2"


def test_connection_dropped_mid_file_is_retried_and_resumed(
    mirror: Mirror, installed_before: dict[str, tuple[int, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    mirror.add_fault(_name("go1.27.2"), Fault("drop", after=1_000_000))
    mirror.add_fault(_name("go1.27.2"), Fault("status", status=503))
    code, _, _ = run_cli(capsys, "go", "install", "1.27.2")
    assert code == 0
    log = [r for r in mirror.requests if r.path == _name("go1.27.2")]
    assert [(r.range is not None, r.status) for r in log] == [(False, 200), (True, 503), (True, 206)]
    resumed_at = int(log[2].range.removeprefix("bytes=").rstrip("-"))  # type: ignore[union-attr]
    assert 0 < resumed_at <= 1_000_000
    assert current_target() == "go1.27.2"


@pytest.mark.parametrize("fault", ["ignore_range", "bad_range"])
def test_server_that_cannot_resume_restarts_cleanly(
    mirror: Mirror,
    go_archives: Archives,
    installed_before: dict[str, tuple[int, int]],
    capsys: pytest.CaptureFixture[str],
    fault: str,
) -> None:
    data = go_archives.by_version["go1.27.2"].path.read_bytes()
    (downloads() / f"{_name('go1.27.2')}.part").write_bytes(data[:1000] + b"garbage that must not survive")
    mirror.add_fault(_name("go1.27.2"), Fault(fault))
    code, _, err = run_cli(capsys, "go", "install", "1.27.2")
    assert (code, err) == (0, "")
    statuses = [r.status for r in mirror.requests if r.path == _name("go1.27.2")]
    assert statuses == ([200] if fault == "ignore_range" else [206, 200])


def _installer(mirror: Mirror, client: httpx.Client, **kwargs: object) -> Installer:
    goos, goarch = host_platform()
    return Installer(
        client=client,
        store=SdkStore(sdk_root()),
        downloads=downloads(),
        mirror=mirror.url,
        goos=goos,
        goarch=goarch,
        **kwargs,  # type: ignore[arg-type]
    )


def test_download_that_keeps_failing_keeps_the_part_and_the_next_run_resumes(
    mirror: Mirror, installed_before: dict[str, tuple[int, int]]
) -> None:
    name = _name("go1.27.2")
    for _ in range(2):
        mirror.add_fault(name, Fault("drop", after=500_000))
    index = parse_index(httpx.get(mirror.url + "index.json").text, "index")
    release = next(r for r in index if r.tag == "go1.27.2")
    with httpx.Client() as client:
        installer = _installer(mirror, client, retry=RetryPolicy(attempts=2, backoff_s=0.01))
        with pytest.raises(Exception, match="failed after 2 attempts"):
            installer.install(release, activate=True)
        assert_untouched(installed_before)
        part = downloads() / f"{name}.part"
        kept = part.stat().st_size
        assert 0 < kept <= 1_000_000
        result = installer.install(release, activate=True)
    assert result.installed and current_target() == "go1.27.2"
    assert mirror.requests[-1] == Logged(name, f"bytes={kept}-", 206)
    assert not part.exists()


class _InterruptDuringExtraction:
    """A progress sink that presses Ctrl-C halfway through extraction."""

    def __init__(self) -> None:
        self.extracting = False
        self.seen = 0

    def start(self, label: str, total: int | None, completed: int = 0, *, unit: str = "bytes") -> None:
        self.extracting = label.startswith("extracting")

    def step(self, description: str) -> None:
        return None

    def advance(self, amount: int = 1) -> None:
        self.seen += amount
        if self.extracting and self.seen > 0:
            raise KeyboardInterrupt

    def note(self, message: str) -> None:
        return None

    def finish(self) -> None:
        return None


def test_ctrl_c_mid_extraction_leaves_nothing_behind(
    mirror: Mirror, go_archives: Archives, installed_before: dict[str, tuple[int, int]]
) -> None:
    index = parse_index(httpx.get(mirror.url + "index.json").text, "index")
    release = next(r for r in index if r.tag == "go1.27.2")
    with httpx.Client() as client:
        installer = _installer(mirror, client, progress=_InterruptDuringExtraction())
        with pytest.raises(KeyboardInterrupt):
            installer.install(release, activate=True)
    assert_untouched(installed_before)
    # The verified archive stays in downloads/ so the next attempt needs no network.
    archive = downloads() / _name("go1.27.2")
    assert hashlib.sha256(archive.read_bytes()).hexdigest() == go_archives.by_version["go1.27.2"].sha256
