"""What a small object must look like before the proxy keeps it: ``list``, ``.mod``, ``.info`` (pure).

Whatever is stored is served to every distro, so an object that arrives from a tree someone else
controls (``proxy import``) is held to the shape the go command itself writes into a module cache:
``list`` is one canonical version per line and nothing else; ``.mod`` is UTF-8 go.mod text whose
``module`` line names the module it is stored under; ``.info`` is a small JSON object whose
``Version`` is the version it is stored under. A symlinked ``/etc/passwd`` or a stray binary fails
each of these. (Answers from an upstream are held to the looser rules the go command applies to a
proxy — see ``service`` — so that a module whose go.mod names another path still gets the go command's
own clear error.)
"""

from __future__ import annotations

import json

from wslgo.golang.gomod import parse_gomod
from wslgo.proxy.modpath import is_canonical, major_matches_path
from wslgo.proxy.modzip import check_mod

#: A list or .info larger than this is not one the go command wrote.
MAX_SMALL_OBJECT_BYTES = 1 << 20


class ObjectError(ValueError):
    """An object that does not have the expected shape; the message says what is wrong."""


def check_version_list(data: bytes) -> list[str]:
    """The versions of a module-cache ``list``: one canonical version per line (an empty list is fine)."""
    if len(data) > MAX_SMALL_OBJECT_BYTES:
        raise ObjectError(f"list is {len(data)} bytes, more than {MAX_SMALL_OBJECT_BYTES}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ObjectError(f"list is not UTF-8 text (byte {exc.start})") from None
    versions: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if not is_canonical(line):
            raise ObjectError(f"list line {number} is {line[:60]!r} (expected one canonical version)")
        versions.append(line)
    return versions


def check_declared_mod(data: bytes, module: str) -> None:
    """``.mod`` from a foreign module cache: go.mod text whose ``module`` line is ``module``."""
    try:
        check_mod(data)
    except ValueError as exc:
        raise ObjectError(str(exc)) from None
    parsed = parse_gomod(data.decode("utf-8"))
    if parsed.module is None:
        raise ObjectError("no 'module' line (expected a go.mod file)")
    if parsed.module != module:
        raise ObjectError(f"declares module {parsed.module[:200]!r}, stored as {module!r}")


def check_info(data: bytes, module: str, version: str) -> None:
    """``.info``: a JSON object with a string ``Version``, equal to ``version`` when that is canonical
    for the module's major version (a query such as ``master`` resolves to another version)."""
    if len(data) > MAX_SMALL_OBJECT_BYTES:
        raise ObjectError(f"info is {len(data)} bytes, more than {MAX_SMALL_OBJECT_BYTES}")
    try:
        info = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise ObjectError(f"info is not JSON ({type(exc).__name__})") from None
    if not isinstance(info, dict) or not isinstance(info.get("Version"), str):
        raise ObjectError("info is not a JSON object with a Version")
    if (
        version
        and is_canonical(version)
        and major_matches_path(module, version)
        and info["Version"] != version
    ):
        raise ObjectError(f"info names {info['Version'][:80]!r}, expected {version!r}")


__all__ = [
    "MAX_SMALL_OBJECT_BYTES",
    "ObjectError",
    "check_declared_mod",
    "check_info",
    "check_version_list",
]
