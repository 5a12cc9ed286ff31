"""``proxy import`` of a module cache someone else controls: links and special files are skipped and
reported, objects must have the shape the go command writes, and nothing else ends up served."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.integration.proxy.test_cli import _serve
from wslgo.home import proxy_dir

pytestmark = pytest.mark.integration

SECRET = b"SECRET: read through a link\n"


def _import(directory: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wslgo", "proxy", "import", str(directory)],
        capture_output=True,
        text=True,
        timeout=60,  # a FIFO opened for reading would block for ever
        check=False,
    )


@pytest.fixture
def hostile_cache(fixture_tree: Path, go, tmp_path: Path) -> Path:
    runner = go("source")
    result = runner.run(
        [
            "mod",
            "download",
            "rsc.io/quote@v1.5.2",
            "rsc.io/sampler@v1.3.0",
            "golang.org/x/text@v0.0.0-20170915032832-14c0d48ead0c",
        ],
        f"file://{fixture_tree}",
    )
    assert result.returncode == 0, result.stderr
    cache = runner.home / "modcache"
    download = cache / "cache" / "download"
    for path in download.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    secret = tmp_path / "secret"
    secret.write_bytes(SECRET)
    (tmp_path / "elsewhere" / "@v").mkdir(parents=True)
    (tmp_path / "elsewhere" / "@v" / "v1.0.0.mod").write_bytes(b"module evil.example/m\n// " + SECRET)
    quote, sampler, text = (
        download / m / "@v" for m in ("rsc.io/quote", "rsc.io/sampler", "golang.org/x/text")
    )
    (quote / "list").unlink()
    (quote / "list").symlink_to(secret)  # any readable file, stored as a list and served
    (sampler / "v1.3.0.mod").unlink()
    (sampler / "v1.3.0.mod").symlink_to(secret)
    (quote / "v1.5.2.info").unlink()
    os.mkfifo(quote / "v1.5.2.info")
    (download / "evil.example").mkdir()
    (download / "evil.example" / "m").symlink_to(tmp_path / "elsewhere")  # a linked directory
    (text / "list").write_bytes(b"v0.3.0\nroot:x:0:0:root:/root:/bin/bash\n")
    (sampler / "list").write_bytes(b"v1.3.0\n")
    (text / "v0.0.0-20170915032832-14c0d48ead0c.mod").write_bytes(b"module example.com/not-text\n")
    return cache


def test_links_and_special_files_are_skipped_and_bad_objects_rejected(hostile_cache: Path) -> None:
    result = _import(hostile_cache)
    assert result.returncode == 1, result.stderr
    assert "4 rejected, 4 skipped (links or special files)" in result.stdout, result.stdout
    err = result.stderr
    assert "skipped rsc.io/quote/@v/list: a symbolic link (not followed)" in err
    assert "skipped rsc.io/sampler/@v/v1.3.0.mod: a symbolic link (not followed)" in err
    assert "skipped rsc.io/quote/@v/v1.5.2.info: not a regular file" in err
    assert "skipped evil.example/m: a symbolic link (not followed)" in err  # a linked directory
    assert "rejected golang.org/x/text/@v/list: list line 2 is 'root:x:0:0:root:/root:/bin/bash'" in err
    assert (
        "rejected golang.org/x/text/@v/v0.0.0-20170915032832-14c0d48ead0c.mod: declares module "
        "'example.com/not-text', stored as 'golang.org/x/text'" in err
    )
    download = proxy_dir() / "cache" / "download"
    stored = {p.relative_to(download).as_posix(): p.read_bytes() for p in download.rglob("*") if p.is_file()}
    assert not [key for key, data in stored.items() if b"SECRET" in data or b"root:x" in data]
    assert "rsc.io/quote/@v/v1.5.2.mod" in stored and stored["rsc.io/sampler/@v/list"] == b"v1.3.0\n"
    assert not any(key.startswith("evil.example") for key in stored)

    # The proxy serves what was imported, and none of what was skipped.
    process, url = _serve("--offline")
    try:
        answers = {
            key: httpx.get(f"{url}/{key}", timeout=10)
            for key in ("rsc.io/quote/@v/list", "rsc.io/sampler/@v/v1.3.0.mod", "golang.org/x/text/@v/list")
        }
        assert all(b"SECRET" not in r.content and b"root:x" not in r.content for r in answers.values())
        assert httpx.get(f"{url}/rsc.io/quote/@v/v1.5.2.mod", timeout=10).status_code == 200
    finally:
        process.terminate()
        process.wait(10)


def test_an_import_root_whose_cache_dir_is_a_link_is_not_entered(hostile_cache: Path, tmp_path: Path) -> None:
    fake_root = tmp_path / "gomodcache"
    fake_root.mkdir()
    (fake_root / "cache").symlink_to(hostile_cache / "cache")
    result = _import(fake_root)
    assert result.returncode == 1
    assert "skipped cache: a symbolic link (not followed)" in result.stderr
    assert "imported 0 objects" in result.stdout
