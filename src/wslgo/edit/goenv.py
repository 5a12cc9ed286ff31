"""The Go env file (``$GOENV``, default ``~/.config/go/env``), edited exactly as ``go env -w`` does.

The file belongs to the go command: ``go env -w``/``-u`` rewrite it with their own rules
(``cmd/go/internal/envcmd/env.go``, ``updateEnvFile``): ``KEY=VALUE`` lines with no quoting, duplicates
reduced to the last copy, new keys appended, runs of key lines sorted by key, LF endings. wslgo applies the
same rules so the bytes it writes are the bytes ``go env -w`` would write (a test compares them with the
real binary), and the next ``go env -w`` by the user changes nothing of ours. When every requested value is
already in effect the text is returned unchanged, so setup is idempotent without reformatting a file.

Reading is ``wslgo.golang.goenv.parse_env_file`` (``cmd/go/internal/cfg`` ``readEnvFile``), the same
parser doctor uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from wslgo.golang.goenv import parse_env_file

__all__ = ["update_goenv"]


def _line_key(line: str) -> str:
    """``lineToKey``: the part before the first ``=``, or ``""`` (no ``=``, or a ``#`` before it)."""
    index = line.find("=")
    if index < 0 or "#" in line[:index]:
        return ""
    return line[:index]


def _check(key: str, value: str) -> None:
    if not key or "=" in key or "#" in key or not key.isascii() or not key[0].isupper():
        raise ValueError(f"invalid Go environment variable name {key!r}")
    if "\n" in value or "\r" in value:
        raise ValueError(f"{key}: a Go env file value cannot contain a line break")


def update_goenv(text: str, set_values: Mapping[str, str] | None = None, unset: Iterable[str] = ()) -> str:
    """``text`` after ``go env -w K=V …`` for ``set_values`` and ``go env -u K …`` for ``unset``."""
    add = dict(set_values or {})
    remove = set(unset)
    for key, value in add.items():
        _check(key, value)
    current = parse_env_file(text).values
    if all(current.get(key) == value for key, value in add.items()) and not (remove & current.keys()):
        return text

    lines = text.split("\n")
    lines = [line + "\n" for line in lines[:-1]] + ([lines[-1] + "\n"] if lines[-1] else [])

    previous: dict[str, int] = {}
    for index, line in enumerate(lines):
        key = _line_key(line)
        if key:
            if key in previous:
                lines[previous[key]] = ""
            previous[key] = index
    for key in list(add):
        if key in previous:
            lines[previous[key]] = f"{key}={add.pop(key)}\n"
    lines.extend(f"{key}={value}\n" for key, value in add.items())
    for key in remove:
        if key in previous:
            lines[previous[key]] = ""

    start = 0
    for index in range(len(lines) + 1):
        if index == len(lines) or _line_key(lines[index]) == "":
            lines[start:index] = sorted(lines[start:index], key=_line_key)
            start = index + 1
    return "".join(lines)
