"""The sdk/ store on real files in a temp dir: listing, the current symlink, remove, sweep."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from wslgo.errors import WslgoError
from wslgo.golang.version import GoVersion
from wslgo.sdk.store import SdkStore, exchange_paths


def v(text: str) -> GoVersion:
    version = GoVersion.parse(text)
    assert version is not None
    return version


@pytest.fixture
def store(tmp_path: Path) -> SdkStore:
    root = tmp_path / "sdk"
    for tag in ("go1.27.3", "go1.27.10", "go1.26.1"):
        (root / tag / "bin").mkdir(parents=True)
    (root / ".tmp-go1.28.0-abc").mkdir()  # leftover of a killed install
    (root / "not-a-version").mkdir()
    return SdkStore(root)


def test_installed_ignores_temp_and_foreign_names(store: SdkStore) -> None:
    assert [sdk.version.tag for sdk in store.installed()] == ["go1.27.10", "go1.27.3", "go1.26.1"]


def test_activate_switches_the_symlink_atomically(store: SdkStore) -> None:
    assert store.current() is None
    store.activate(v("go1.27.3"))
    assert os.readlink(store.root / "current") == "go1.27.3"
    store.activate(v("go1.26.1"))
    assert store.current() == v("go1.26.1")
    assert sorted(p.name for p in store.root.iterdir() if p.name.startswith(".current-")) == []
    with pytest.raises(WslgoError, match=r"go1\.20\.1 is not installed"):
        store.activate(v("go1.20.1"))
    assert store.current() == v("go1.26.1")


def test_dangling_current_is_no_active_sdk(store: SdkStore) -> None:
    store.activate(v("go1.27.3"))
    store.remove(v("go1.27.3"))
    assert store.current() is None


def test_sweep_removes_leftovers_only(store: SdkStore) -> None:
    (store.root / ".current-1-ab").symlink_to("go1.27.3")
    removed = {p.name for p in store.sweep()}
    assert removed == {".tmp-go1.28.0-abc", ".current-1-ab"}
    assert (store.root / "not-a-version").is_dir() and (store.root / "go1.27.3").is_dir()


def test_place_refuses_to_overwrite_unless_replacing(store: SdkStore, tmp_path: Path) -> None:
    new_tree = store.make_temp_dir("go1.27.3") / "go"
    (new_tree / "bin").mkdir(parents=True)
    (new_tree / "NEW").write_text("new")
    with pytest.raises(WslgoError, match="already installed"):
        store.place(new_tree, v("go1.27.3"))
    store.place(new_tree, v("go1.27.3"), replace=True)
    assert (store.root / "go1.27.3" / "NEW").read_text() == "new"


def test_exchange_paths_swaps_two_directories(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "from-a").touch()
    (tmp_path / "b").mkdir()
    if not exchange_paths(tmp_path / "a", tmp_path / "b"):
        pytest.skip("file system without RENAME_EXCHANGE")
    assert (tmp_path / "b" / "from-a").exists() and not (tmp_path / "a" / "from-a").exists()
