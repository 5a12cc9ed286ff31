"""Read and validate ``wslgo.toml``: every mistake is one line naming the file, the line and what is expected.

The text is parsed with ``tomllib`` (its syntax errors already carry a line); the schema is then checked here
and each unknown key or bad value is reported at the line ``tomllines`` finds for it, with the closest
known key when it looks like a typo (``fail_on`` → ``fail-on``). Values are validated by the same rules that
use them later: the Go version range by ``gorange``, ``[env]`` names and values by the go command's own
``go env -w`` rules and its GOPROXY/GOSUMDB/pattern grammars, tools by the tool catalog, check IDs by the
check registry. A policy that loads is one doctor, setup and the fleet report can apply without surprises.

``find_policy`` and ``read_policy`` are the only I/O; ``parse_policy`` is pure.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from wslgo.errors import InputError, UsageError
from wslgo.golang.envvalues import (
    KNOWN_ENV,
    OS_ONLY_ENV,
    PATTERN_LISTS,
    READ_ONLY_ENV,
    writable,
    write_problem,
)
from wslgo.golang.goenv import parse_gosumdb
from wslgo.golang.goproxy import parse_goproxy
from wslgo.golang.pathmatch import pattern_problem, split_patterns
from wslgo.i18n import _
from wslgo.policy.gorange import RangeError, parse_range
from wslgo.policy.model import (
    POLICY_FILE_NAME,
    EnvRule,
    GoVersionRule,
    Policy,
    RequiredCheck,
    ToolRule,
)
from wslgo.policy.tomllines import KeyLines, KeyPath, key_lines

#: A policy is a few dozen lines; anything this big is not one (and is not worth parsing).
MAX_POLICY_BYTES = 1024 * 1024
FAIL_ON_VALUES = ("error", "warning", "info", "never")
SECTIONS: dict[str, tuple[str, ...] | None] = {
    "go": ("version",),
    "env": None,  # any variable `go env -w` accepts
    "tools": ("required",),
    "doctor": ("fail-on", "require-ok"),
}
_TOML_POSITION = re.compile(r"\s*\(at line (?P<line>\d+), column \d+\)$|\s*\(at end of document\)$")


class _Context:
    """The file being validated and the line of each key in it."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.lines: KeyLines = key_lines(text)

    def line(self, key_path: KeyPath) -> int:
        return self.lines.line_of(key_path) or 1

    def fail(self, key_path: KeyPath, message: str) -> InputError:
        return InputError(f"{self.path}:{self.line(key_path)}: {message}")


def _dotted(key_path: KeyPath) -> str:
    return ".".join(str(part) if isinstance(part, str) else f"[{part}]" for part in key_path).replace(
        ".[", "["
    )


def _typo_hint(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    if not close:
        close = [key for key in known if key.lower() == name.lower().replace("_", "-")]
    return _(" (did you mean {key!r}?)", key=close[0]) if close else ""


def _unknown_key(ctx: _Context, key_path: KeyPath, known: Iterable[str]) -> InputError:
    names = sorted(known)
    return ctx.fail(
        key_path,
        _(
            "unknown key {key!r}{hint}; expected one of: {names}",
            key=_dotted(key_path),
            hint=_typo_hint(str(key_path[-1]), names),
            names=", ".join(names),
        ),
    )


def _expect_string(ctx: _Context, key_path: KeyPath, value: object, example: str) -> str:
    if not isinstance(value, str):
        raise ctx.fail(
            key_path,
            _(
                "{key} is {value} ({kind}); expected a string such as {example}",
                key=_dotted(key_path),
                value=_toml_repr(value),
                kind=_toml_type(value),
                example=example,
            ),
        )
    return value


def _expect_strings(ctx: _Context, key_path: KeyPath, value: object, example: str) -> list[str]:
    if not isinstance(value, list):
        raise ctx.fail(
            key_path,
            _(
                "{key} is {value} ({kind}); expected an array of strings such as {example}",
                key=_dotted(key_path),
                value=_toml_repr(value),
                kind=_toml_type(value),
                example=example,
            ),
        )
    for index, item in enumerate(value):
        _expect_string(ctx, (*key_path, index), item, example.strip("[]").split(",")[0].strip())
    return list(value)


def _toml_type(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "table"
    if isinstance(value, str):
        return "string"
    return "date/time"


def _toml_repr(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = repr(value) if not isinstance(value, dict) else "{…}"
    return text if len(text) <= 60 else text[:57] + "…"


# -- sections ---------------------------------------------------------------------------------------------


def _go(ctx: _Context, table: dict[str, Any]) -> GoVersionRule | None:
    raw = table.get("version")
    if raw is None:
        return None
    text = _expect_string(ctx, ("go", "version"), raw, '">=1.26, <1.28"')
    try:
        allowed = parse_range(text)
    except RangeError as exc:
        raise ctx.fail(("go", "version"), str(exc)) from None
    return GoVersionRule(allowed, ctx.line(("go", "version")))


def _env_value_problem(name: str, value: str) -> str | None:
    """Why the go command would refuse or misread ``value`` for ``name`` (its own grammar)."""
    if value == "":
        return _("an empty value leaves the go command's default in place; remove the key or give a value")
    problem = write_problem(name, value)
    if problem is not None:
        return _("go env -w would refuse it: {problem}", problem=problem)
    if name == "GOPROXY":
        invalid = parse_goproxy(value).invalid
        if invalid:
            return _(
                "element {element!r} is not a URL, 'direct' or 'off' ({problem})",
                element=invalid[0].text,
                problem=invalid[0].problem or "",
            )
    if name == "GOSUMDB":
        sumdb = parse_gosumdb(value)
        if sumdb.error:
            return _("the go command rejects it: {problem}", problem=sumdb.error)
    if name in PATTERN_LISTS:
        for pattern in split_patterns(value):
            problem = pattern_problem(pattern)
            if problem:
                return _("pattern {pattern!r} {problem}", pattern=pattern, problem=problem)
    return None


def _env(ctx: _Context, table: dict[str, Any]) -> tuple[EnvRule, ...]:
    rules: list[EnvRule] = []
    for name, raw in table.items():
        key_path: KeyPath = ("env", name)
        if not writable(name):
            problem = write_problem(name, "") or ""
            candidates = sorted(KNOWN_ENV - READ_ONLY_ENV - OS_ONLY_ENV)
            raise ctx.fail(
                key_path,
                _(
                    "[env] {name}: {problem}{hint}; expected a variable `go env -w` sets, such as "
                    "GOPROXY, GOPRIVATE, GOSUMDB, GOTOOLCHAIN or GOFLAGS",
                    name=name,
                    problem=problem,
                    hint=_typo_hint(name, candidates) if name not in KNOWN_ENV else "",
                ),
            )
        value = _expect_string(ctx, key_path, raw, f'"{_example_value(name)}"')
        value_problem = _env_value_problem(name, value)
        if value_problem is not None:
            raise ctx.fail(
                key_path,
                _("[env] {name} = {value!r}: {problem}", name=name, value=value, problem=value_problem),
            )
        rules.append(EnvRule(name, value, ctx.line(key_path)))
    return tuple(rules)


def _example_value(name: str) -> str:
    return {
        "GOPROXY": "https://goproxy.cn|direct",
        "GOPRIVATE": "git.corp.example/*",
        "GOSUMDB": "sum.golang.org",
        "GOTOOLCHAIN": "local",
        "CGO_ENABLED": "1",
    }.get(name, "value")


def _tools(ctx: _Context, table: dict[str, Any], known_tools: Iterable[str]) -> tuple[ToolRule, ...]:
    raw = table.get("required")
    if raw is None:
        return ()
    names = _expect_strings(ctx, ("tools", "required"), raw, '["gopls", "dlv"]')
    known = sorted(known_tools)
    rules: list[ToolRule] = []
    for index, name in enumerate(names):
        if name not in known:
            raise ctx.fail(
                ("tools", "required", index),
                _(
                    "[tools] required: {name!r} is not a tool `wslgo tools install` knows{hint}; "
                    "expected one of: {known}",
                    name=name,
                    hint=_typo_hint(name, known),
                    known=", ".join(known),
                ),
            )
        if name not in (rule.name for rule in rules):
            rules.append(ToolRule(name, ctx.line(("tools", "required", index))))
    return tuple(rules)


def _doctor(
    ctx: _Context, table: dict[str, Any], check_ids: Iterable[str]
) -> tuple[str | None, tuple[RequiredCheck, ...]]:
    fail_on: str | None = None
    if "fail-on" in table:
        fail_on = _expect_string(ctx, ("doctor", "fail-on"), table["fail-on"], '"warning"')
        if fail_on not in FAIL_ON_VALUES:
            raise ctx.fail(
                ("doctor", "fail-on"),
                _(
                    "[doctor] fail-on = {value!r}; expected one of: {values}",
                    value=fail_on,
                    values=", ".join(FAIL_ON_VALUES),
                ),
            )
    required: list[RequiredCheck] = []
    if "require-ok" in table:
        ids = _expect_strings(ctx, ("doctor", "require-ok"), table["require-ok"], '["GO021", "WSL005"]')
        known = sorted(check_ids)
        for index, raw in enumerate(ids):
            check_id = raw.strip().upper()
            if check_id not in known:
                raise ctx.fail(
                    ("doctor", "require-ok", index),
                    _(
                        "[doctor] require-ok: {value!r} is not a doctor check ID{hint}; expected IDs such "
                        "as GO021 or WSL005 (docs/checks.md lists them)",
                        value=raw,
                        hint=_typo_hint(check_id, known),
                    ),
                )
            if check_id not in (item.check_id for item in required):
                required.append(RequiredCheck(check_id, ctx.line(("doctor", "require-ok", index))))
    return fail_on, tuple(required)


# -- the document -------------------------------------------------------------------------------------------


def _decode(path: str, data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            _(
                "{path}:{line}: not UTF-8 (byte {byte}); expected a UTF-8 TOML file",
                path=path,
                line=line,
                byte=exc.start,
            )
        ) from None


def _toml(path: str, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POSITION.search(message)
        line = match["line"] if match and match["line"] else str(text.count("\n") + 1)
        reason = _TOML_POSITION.sub("", message)
        raise InputError(
            _("{path}:{line}: invalid TOML: {reason}", path=path, line=line, reason=reason)
        ) from None
    except RecursionError:
        raise InputError(_("{path}: invalid TOML: arrays or tables nested too deeply", path=path)) from None


def _default_check_ids() -> list[str]:
    from wslgo.checks.registry import all_checks

    return [check.id for check in all_checks()]


def _default_tools() -> list[str]:
    from wslgo.tools.catalog import DEFAULT_TOOLS

    return list(DEFAULT_TOOLS)


def parse_policy(
    path: str,
    data: bytes,
    *,
    check_ids: Callable[[], Iterable[str]] = _default_check_ids,
    tool_names: Callable[[], Iterable[str]] = _default_tools,
) -> Policy:
    """Validate the bytes of a policy file named ``path``; raises ``InputError`` (one line) on any mistake."""
    text = _decode(path, data)
    document = _toml(path, text)
    ctx = _Context(path, text)
    for name, value in document.items():
        if name not in SECTIONS:
            raise _unknown_key(ctx, (name,), SECTIONS)
        if not isinstance(value, dict):
            raise ctx.fail(
                (name,),
                _(
                    "{key} is {value} ({kind}); expected a table: [{key}]",
                    key=name,
                    value=_toml_repr(value),
                    kind=_toml_type(value),
                ),
            )
        allowed = SECTIONS[name]
        if allowed is not None:
            for key in value:
                if key not in allowed:
                    raise _unknown_key(ctx, (name, key), allowed)
    go = _go(ctx, document.get("go", {}))
    env = _env(ctx, document.get("env", {}))
    tools = _tools(ctx, document.get("tools", {}), tool_names())
    fail_on, require_ok = _doctor(ctx, document.get("doctor", {}), check_ids())
    return Policy(path, go, env, tools, fail_on, require_ok)


# -- finding and reading the file ---------------------------------------------------------------------------


def find_policy(start: Path) -> Path | None:
    """``wslgo.toml`` in ``start`` or the nearest parent directory that has one."""
    directory = start.resolve()
    for candidate_dir in (directory, *directory.parents):
        candidate = candidate_dir / POLICY_FILE_NAME
        if candidate.is_file():
            return candidate
    return None


def read_policy(path: Path) -> Policy:
    """Read and validate the policy file at ``path``."""
    shown = str(path.resolve()) if path.exists() else str(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_POLICY_BYTES + 1)
    except IsADirectoryError:
        raise InputError(_("{path}: is a directory; expected a wslgo.toml file", path=shown)) from None
    except FileNotFoundError:
        raise InputError(_("{path}: no such file; expected a wslgo.toml policy", path=shown)) from None
    except OSError as exc:
        raise InputError(
            _("{path}: cannot read the policy: {reason}", path=shown, reason=exc.strerror or exc)
        ) from None
    if len(data) > MAX_POLICY_BYTES:
        raise InputError(
            _(
                "{path}: larger than {limit} bytes; expected a small wslgo.toml policy",
                path=shown,
                limit=MAX_POLICY_BYTES,
            )
        )
    return parse_policy(shown, data)


def resolve_policy(option: str, start: Path) -> Policy:
    """The policy a ``--policy [FILE]`` option names: ``FILE``, or (empty) the nearest ``wslgo.toml``."""
    if option:
        return read_policy(Path(option))
    found = find_policy(start)
    if found is None:
        raise UsageError(
            _(
                "--policy: no {name} in {start} or any parent directory; name the file with --policy FILE",
                name=POLICY_FILE_NAME,
                start=start.resolve(),
            )
        )
    return read_policy(found)


def repository_policy_path(option: str, root: Path) -> str:
    """The policy ``--policy [FILE]`` names, validated, as a path relative to the repository ``root``.

    CI checks out the repository only, so a policy outside it could never be read there.
    """
    policy = resolve_policy(option, root)
    try:
        return Path(policy.path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise UsageError(
            _(
                "--policy {path}: outside the repository {root}; CI can only read a policy committed to it",
                path=policy.path,
                root=root,
            )
        ) from None
