"""The environment a local job starts from: this machine's, minus what a fresh GitHub runner lacks (pure).

A hosted runner has no ``GOFLAGS``, no ``GOTOOLCHAIN``, no ``go env -w`` file and an empty
``$(go env GOPATH)/bin``. Locally those settings would change what the steps do (``GOFLAGS=-mod=mod``
hides a stale vendor directory, a stray ``GOROOT`` runs another SDK, a tool left in ``~/go/bin`` makes a
step pass that fails in CI), so each job run gets:

* the user's environment without the Go variables that change behaviour (each one dropped is noted);
* its own ``GOENV`` file holding only the user's *network and cache* settings (GOPROXY, GOPRIVATE,
  GOSUMDB, GOMODCACHE, …: needed to download at all, e.g. behind the Great Firewall, and they cannot
  change a build's result, since modules are verified by go.sum and the checksum database);
* a fresh ``GOPATH`` (so ``go install tool@v`` lands in an empty ``bin`` like on the runner) while
  ``GOMODCACHE`` stays the user's own, warm module cache;
* ``PATH`` without the user's GOPATH/bin and GOBIN directories;
* no git variables that point at a repository (a pre-push hook runs with ``GIT_DIR`` set).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from wslgo.golang.goenv import EnvFile
from wslgo.i18n import M, Message

#: Go variables that change what a build or test does; a fresh runner has none of them.
BEHAVIOUR_VARIABLES = (
    "GOFLAGS",
    "GOTOOLCHAIN",
    "GOEXPERIMENT",
    "GODEBUG",
    "CGO_ENABLED",
    "GOOS",
    "GOARCH",
    "GOAMD64",
    "GOARM",
    "GOARM64",
    "GO386",
    "GOPPC64",
    "GORISCV64",
    "GOWASM",
    "GOROOT",
    "GOPATH",
    "GOBIN",
    "GOENV",
    "GOWORK",
    "GO111MODULE",
    "GOCOVERDIR",
)
#: ``go env -w`` settings copied into the job's env file: how to reach and cache modules, nothing else.
NETWORK_AND_CACHE_KEYS = (
    "GOPROXY",
    "GONOPROXY",
    "GOPRIVATE",
    "GONOSUMDB",
    "GOSUMDB",
    "GOINSECURE",
    "GOAUTH",
    "GOVCS",
    "GOMODCACHE",
    "GOCACHE",
    "GOCACHEPROG",
    "GOTMPDIR",
    "GOTELEMETRY",
)
#: Git variables that locate a repository (set in hooks); the steps must find the repository themselves.
GIT_LOCATION_VARIABLES = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_PREFIX",
    "GIT_QUARANTINE_PATH",
)


@dataclass(frozen=True)
class UserGo:
    """Where the user's Go keeps things (from ``go env`` of the active Go, with the user's settings)."""

    gopath: str
    gobin: str
    gomodcache: str
    goenv: str


@dataclass(frozen=True)
class JobEnvironment:
    env: dict[str, str]
    #: The job's ``go env -w`` file: the user's network and cache lines only.
    go_env_file: str
    notes: tuple[Message, ...]


def _user_bin_dirs(user: UserGo) -> set[str]:
    dirs = {os.path.normpath(user.gobin)} if user.gobin else set()
    for entry in user.gopath.split(os.pathsep):
        if entry:
            dirs.add(os.path.normpath(Path(entry) / "bin"))
    return dirs


def clean_path(path_value: str, user: UserGo) -> str:
    """``PATH`` without the user's ``GOPATH/bin`` and ``GOBIN`` (tools CI would not have)."""
    dropped = _user_bin_dirs(user)
    kept = [entry for entry in path_value.split(os.pathsep) if os.path.normpath(entry or ".") not in dropped]
    return os.pathsep.join(kept)


def job_environment(
    base: Mapping[str, str],
    user: UserGo,
    user_env_file: EnvFile | None,
    *,
    job_gopath: Path,
    job_goenv: Path,
) -> JobEnvironment:
    """The starting environment of one job run (see the module docstring)."""
    notes: list[Message] = []
    env = {key: value for key, value in base.items() if key not in GIT_LOCATION_VARIABLES}
    for name in BEHAVIOUR_VARIABLES:
        value = env.pop(name, None)
        if value and name not in ("GOPATH", "GOBIN", "GOENV", "GOROOT"):
            notes.append(
                M(
                    "{name}={value} from your environment is not passed to the steps (a GitHub runner "
                    "does not set it)",
                    name=name,
                    value=value,
                )
            )
    lines: list[str] = []
    if user_env_file is not None:
        for entry in user_env_file.entries:
            if entry.key in NETWORK_AND_CACHE_KEYS:
                lines.append(f"{entry.key}={entry.value}")
            elif entry.key not in ("GOPATH", "GOBIN"):
                notes.append(
                    M(
                        "{name}={value} from your Go env file {file} is not applied (a GitHub runner has no "
                        "such setting)",
                        name=entry.key,
                        value=entry.value,
                        file=user.goenv,
                    )
                )
    env["PATH"] = clean_path(env.get("PATH", ""), user)
    env["GOPATH"] = str(job_gopath)
    env["GOENV"] = str(job_goenv)
    if user.gomodcache and "GOMODCACHE" not in env:
        env["GOMODCACHE"] = user.gomodcache
    return JobEnvironment(env, "".join(line + "\n" for line in lines), tuple(notes))
