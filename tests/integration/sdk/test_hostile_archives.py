"""Generated hostile archives: whatever the extractor accepts stays inside the SDK tree.

The property test drives ``extract_go_archive`` on real files for many generated member lists (links,
hard links, ``..``, absolute names, long chains of links that each look harmless); the CLI tests run a
real ``wslgo go install`` from the local mirror on archives built from the real (tiny) toolchain plus
such members, and on the chain from the report.
"""

from __future__ import annotations

import json
import os
import shutil
import tarfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.integration.conftest import write_index
from tests.integration.sdk.helpers import current_target, run_cli, sdk_root
from tests.integration.sdk.hostile import (
    SECRET,
    Member,
    check_contained,
    members,
    snapshot_outside,
    write_archive,
)
from tests.integration.sdk.mirror import Mirror
from tests.integration.sdk.repack import Archive, file_entry, index_entry, sha256_of, stage_tree
from wslgo.errors import WslgoError
from wslgo.sdk.extract import UnsafeArchiveError, extract_go_archive

pytestmark = pytest.mark.integration


def _sandbox(base: Path) -> tuple[Path, Path]:
    """``base/sandbox/{secret.txt, into/}``: the secret is what escapes would reach."""
    sandbox = base / "sandbox"
    if sandbox.exists():
        shutil.rmtree(sandbox)
    (sandbox / "into").mkdir(parents=True)
    (sandbox / SECRET).write_text("outside the SDK\n")
    return sandbox, sandbox / "into"


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drawn=members())
def test_extraction_never_reaches_outside(tmp_path: Path, drawn: list[Member]) -> None:
    sandbox, into = _sandbox(tmp_path)
    archive = write_archive(tmp_path / "hostile.tar.gz", drawn)
    before = snapshot_outside(sandbox, into)
    try:
        tree = extract_go_archive(archive, into, threads=2)
    except (UnsafeArchiveError, WslgoError):
        tree = None
    # Refused or not, nothing outside ``into`` changed and nothing got a second name (hard link).
    assert snapshot_outside(sandbox, into) == before
    assert not Path("/tmp/wslgo-escaped").exists()
    if tree is not None:
        check_contained(tree)
        # The tree is renamed on install: what stays inside under ``go/`` must stay inside under any name.
        moved = sandbox / "sdk" / "go1.99.9"
        moved.parent.mkdir()
        tree.rename(moved)
        check_contained(moved)


def test_the_reported_chain_with_a_hard_link_through_it(tmp_path: Path) -> None:
    sandbox, into = _sandbox(tmp_path)
    chain = [Member("dir", "go"), Member("sym", "go/a", "."), Member("sym", "go/b", "a/..")]
    chain += [Member("sym", "go/c", "b/.."), Member("hard", "go/h", "go/c/sandbox/" + SECRET)]
    archive = write_archive(tmp_path / "chain.tar.gz", chain)
    with pytest.raises(UnsafeArchiveError, match=r"symlink 'go/b' -> 'a/\.\.' points outside"):
        extract_go_archive(archive, into)
    assert (sandbox / SECRET).stat().st_nlink == 1


# -- through the CLI, from the local mirror ---------------------------------------------------------

VERSION = "go1.27.5"


@pytest.fixture(scope="module")
def tiny_stage(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real go/ tree (bin/go reports go1.27.5) to which the hostile members are added."""
    return stage_tree(VERSION, tmp_path_factory.mktemp("stage"), contents="tiny")


def _serve(mirror: Mirror, archive: Path) -> None:
    """``archive`` as the only linux/amd64 archive of go1.27.5 (replacing the index)."""
    name = f"{VERSION}.linux-amd64.tar.gz"
    target = mirror.root / name
    target.unlink(missing_ok=True)
    shutil.copyfile(archive, target)
    entry = Archive(VERSION, target, sha256_of(target), target.stat().st_size)
    write_index(mirror.root, [index_entry(VERSION, [file_entry(entry)])])


def _install(
    capsys: pytest.CaptureFixture[str], home: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str]:
    monkeypatch.setenv("WSLGO_HOME", str(home))
    code, _, err = run_cli(capsys, "go", "install", VERSION.removeprefix("go"), "--refresh")
    return code, err


def test_cli_refuses_the_reported_chain_and_installs_nothing(
    mirror: Mirror,
    tiny_stage: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    chain = [Member("sym", "go/a", "."), Member("sym", "go/b", "a/.."), Member("sym", "go/c", "b/..")]
    chain += [Member("sym", "go/d", "c/.."), Member("hard", "go/stolen", "go/d/" + SECRET)]
    _serve(mirror, write_archive(tmp_path / "chain.tar.gz", chain, base=tiny_stage))
    home = tmp_path / "home"
    home.mkdir()
    (home / SECRET).write_text("outside the SDK\n")  # where go/d leads: WSLGO_HOME/sdk/.tmp-*/go/d
    code, err = _install(capsys, home, monkeypatch)
    assert code == 1 and len(err.splitlines()) == 1, err
    assert "symlink 'go/b' -> 'a/..' points outside the top-level 'go/'" in err
    assert (home / SECRET).stat().st_nlink == 1
    assert not (sdk_root() / VERSION).exists() and current_target() is None


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drawn=members())
def test_cli_install_of_generated_archives_stays_inside(
    mirror: Mirror,
    tiny_stage: Path,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    drawn: list[Member],
) -> None:
    work = tmp_path_factory.mktemp("cli-hostile")
    _serve(mirror, write_archive(work / "hostile.tar.gz", drawn, base=tiny_stage))
    home = work / "home"
    home.mkdir()
    for directory in (work, home):  # a chain of a few links from WSLGO_HOME/sdk/.tmp-*/go/ reaches both
        (directory / SECRET).write_text("outside the SDK\n")
    before = snapshot_outside(work, home)
    code, err = _install(capsys, home, monkeypatch)
    assert code in (0, 1), err
    assert snapshot_outside(work, home) == before
    assert (home / SECRET).stat().st_nlink == 1 and (home / SECRET).read_text() == "outside the SDK\n"
    installed = home / "sdk" / VERSION
    if code == 0:
        assert current_target() == VERSION
        check_contained(installed)
    else:
        assert len(err.splitlines()) == 1, err
        assert not installed.exists()
    assert not Path("/tmp/wslgo-escaped").exists()


def test_generated_archives_use_the_real_layout(tiny_stage: Path, tmp_path: Path) -> None:
    """Sanity for the CLI property test: the base tree is the real go/ shape, with go first."""
    archive = write_archive(tmp_path / "base.tar.gz", [Member("dir", "go")], base=tiny_stage)
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert names[0] == "go" and "go/bin/go" in names and "go/VERSION" in names
    assert json.dumps(sorted(os.listdir(tiny_stage)))  # the stage exists and is listable
