"""``direct`` for real: a local git repository, the real go command inside the proxy and in front of it.

The module path ends in ``.git`` so the go command skips the ``?go-get=1`` HTML lookup and goes straight
to git; git's ``url.<base>.insteadOf`` (given through ``GIT_CONFIG_COUNT``, so no config file is
touched) sends ``https://example.com/fixture/repo`` to the local repository. The proxy's ``direct``
child inherits that environment, exactly as a user's git configuration would reach it.
"""

from __future__ import annotations

import json
import socket
import subprocess
from pathlib import Path

import httpx
import pytest

from wslgo.proxy.chain import parse_chain
from wslgo.proxy.modzip import check_zip

pytestmark = pytest.mark.integration

MODULE = "example.com/fixture/repo.git"
#: What the go command asks git for: the repository root without the ``.git`` of the module path.
REPO_URL = "https://example.com/fixture/repo"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, timeout=30)


@pytest.fixture
def git_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with tags v1.0.0 and v1.1.0, reachable as REPO_URL for every git started from here."""
    repo = tmp_path / "repo.git"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.email", "fixture@example.com")
    _git(repo, "config", "user.name", "fixture")
    (repo / "go.mod").write_text(f"module {MODULE}\n\ngo 1.21\n")
    for version in ("v1.0.0", "v1.1.0"):
        (repo / "repo.go").write_text(
            f'package repo\n\n// Version is this release.\nconst Version = "{version}"\n'
        )
        _git(repo, "add", ".")
        _git(repo, "commit", "-q", "-m", f"release {version}")
        _git(repo, "tag", version)
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", f"url.{repo.as_uri()}.insteadOf")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", REPO_URL)
    return repo


def _client_env() -> dict[str, str]:
    """No checksum database for the fixture, but no GOPRIVATE either: that would bypass the proxy."""
    return {"GOPRIVATE": "", "GONOPROXY": "", "GONOSUMDB": "example.com/fixture"}


def _dead_url() -> str:
    with socket.create_server(("127.0.0.1", 0)) as sock:
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # closed again: connection refused


def _assert_stored(store_dir: Path, version: str) -> None:
    base = store_dir / "cache" / "download" / MODULE / "@v"
    info = json.loads((base / f"{version}.info").read_text())
    assert info["Version"] == version
    mod = (base / f"{version}.mod").read_bytes()
    assert mod == f"module {MODULE}\n\ngo 1.21\n".encode()
    checked = check_zip(base / f"{version}.zip", MODULE, version, mod)
    assert checked.h1.startswith("h1:")


def test_comma_after_a_dead_upstream_does_not_fall_through_to_direct(git_module: Path, start_proxy) -> None:
    proxy = start_proxy(upstream=tuple(parse_chain(f"{_dead_url()},direct")))
    response = httpx.get(f"{proxy.url}/{MODULE}/@v/v1.0.0.info", timeout=60)
    assert response.status_code == 502, response.text
    assert proxy.service.metrics.upstream_fetches["direct"] == 0


@pytest.mark.parametrize("chain", ["direct", "dead|direct"])
def test_direct_serves_a_git_repository_to_the_go_command(
    chain: str, git_module: Path, start_proxy, go, tmp_path: Path
) -> None:
    upstream = chain.replace("dead", _dead_url())
    proxy = start_proxy(upstream=tuple(parse_chain(upstream)), default_timeout=60.0)
    client = go("proxy")
    env = _client_env()

    listed = client.run(["list", "-m", "-versions", MODULE], proxy.url, **env)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.split() == [MODULE, "v1.0.0", "v1.1.0"]

    downloaded = client.run(["mod", "download", "-json", f"{MODULE}@v1.0.0"], proxy.url, **env)
    assert downloaded.returncode == 0, downloaded.stderr
    record = json.loads(downloaded.stdout)
    assert "Error" not in record, record
    _assert_stored(proxy.store.root, "v1.0.0")

    work = client.new_module()
    (work / "m.go").write_text(f'package m\n\nimport _ "{MODULE}"\n')
    got = client.run(["get", f"{MODULE}@latest"], proxy.url, cwd=work, **env)
    assert got.returncode == 0, got.stderr
    assert f"{MODULE} v1.1.0" in (work / "go.mod").read_text()
    _assert_stored(proxy.store.root, "v1.1.0")

    # The same hashes as the go command computes on its own from the repository.
    reference = go("reference")
    ref_work = reference.new_module()
    (ref_work / "m.go").write_text(f'package m\n\nimport _ "{MODULE}"\n')
    ref_got = reference.run(["get", f"{MODULE}@v1.1.0"], "direct", cwd=ref_work, **env)
    assert ref_got.returncode == 0, ref_got.stderr
    assert sorted((work / "go.sum").read_text().splitlines()) == sorted(
        (ref_work / "go.sum").read_text().splitlines()
    )
    ref_download = reference.run(["mod", "download", "-json", f"{MODULE}@v1.0.0"], "direct", **env)
    ref_record = json.loads(ref_download.stdout)
    assert (record["Sum"], record["GoModSum"]) == (ref_record["Sum"], ref_record["GoModSum"])

    if chain.startswith("dead"):
        assert sum(proxy.service.metrics.upstream_errors.values()) >= 1
    assert proxy.service.metrics.upstream_fetches["direct"] >= 1


def test_direct_answers_not_found_for_a_missing_version(git_module: Path, start_proxy, go) -> None:
    proxy = start_proxy(upstream=tuple(parse_chain("direct")), default_timeout=60.0)
    response = httpx.get(f"{proxy.url}/{MODULE}/@v/v9.9.9.info", timeout=60)
    assert response.status_code == 404, response.text
    assert "v9.9.9" in response.text
    result = go().run(["mod", "download", "-json", f"{MODULE}@v9.9.9"], proxy.url, **_client_env())
    assert result.returncode != 0
    assert not (proxy.store.root / "cache" / "download" / MODULE / "@v" / "v9.9.9.zip").exists()


def test_private_pattern_goes_only_to_direct(
    git_module: Path, fixture_tree, start_upstream, start_proxy, go
) -> None:
    public = start_upstream(fixture_tree)
    proxy = start_proxy(
        upstream=tuple(parse_chain(public.url)),
        private_patterns="example.com/fixture",
        default_timeout=60.0,
    )
    client = go()
    work = client.new_module()
    (work / "m.go").write_text(f'package m\n\nimport (\n\t_ "{MODULE}"\n\t_ "rsc.io/quote"\n)\n')
    got = client.run(["get", f"{MODULE}@v1.0.0", "rsc.io/quote@v1.5.2"], proxy.url, cwd=work, **_client_env())
    assert got.returncode == 0, got.stderr
    _assert_stored(proxy.store.root, "v1.0.0")
    assert not [path for path in public.requests if "fixture" in path], public.requests
    assert public.count("rsc.io/quote/@v/v1.5.2.zip") == 1  # public modules still go the public way
