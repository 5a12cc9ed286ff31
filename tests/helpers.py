"""Builders for evidence used by unit tests (checks are tested from evidence, never the machine)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from wslgo.evidence.model import CommandResult, Evidence, HostMeta, Meta, PathInfo

DEFAULT_CREATED = "2026-11-01T12:00:00+00:00"


def make_evidence(
    *,
    env: Mapping[str, str] | None = None,
    files: Mapping[str, bytes | str] | None = None,
    paths: Mapping[str, PathInfo | Mapping[str, Any] | str] | None = None,
    commands: Iterable[CommandResult | Mapping[str, Any]] = (),
    created: str = DEFAULT_CREATED,
    cwd: str | None = "/home/al/project",
    user: str = "al",
    uid: int = 1000,
    offline: bool = False,
) -> Evidence:
    """Evidence from literal pieces. ``paths`` values may be a kind string (``"dir"``) for brevity."""
    file_bytes = {k: v.encode() if isinstance(v, str) else v for k, v in (files or {}).items()}
    path_infos: dict[str, PathInfo] = {}
    for key, value in (paths or {}).items():
        if isinstance(value, PathInfo):
            path_infos[key] = value
        elif isinstance(value, str):
            path_infos[key] = PathInfo(kind=value, mode="0755" if value == "file" else None)
        else:
            path_infos[key] = PathInfo.from_json(value)
    command_results = [c if isinstance(c, CommandResult) else CommandResult.from_json(c) for c in commands]
    meta = Meta(
        created=created,
        wslgo_version="0.1.0",
        cwd=cwd,
        host=HostMeta(arch="amd64", uid=uid, gid=uid, user=user),
        offline=offline,
    )
    return Evidence(
        meta=meta, env=dict(env or {}), files=file_bytes, paths=path_infos, commands=tuple(command_results)
    )


def cmd(
    *argv: str, stdout: str = "", stderr: str = "", rc: int | None = 0, error: str | None = None
) -> CommandResult:
    return CommandResult(argv=tuple(argv), rc=rc, stdout=stdout, stderr=stderr, error=error)
