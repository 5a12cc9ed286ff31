"""The launch.json attributes the Go extension accepts, as data, and a validator for configurations.

Transcribed from vscode-go's ``docs/debugging.md`` ("Launch.json Attributes", generated from the
``debuggers`` contribution of ``extension/package.json``, github.com/golang/vscode-go). Each attribute
lists the JSON types it takes and, where the extension restricts them, the allowed values, separately for
``launch`` and ``attach`` requests. ``wslgo vscode init`` validates every configuration it writes against
this table, so a typo in a template can never reach a user's launch.json; the user's own configurations
are checked too and problems are reported as notes (never rewritten).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Attribute:
    types: tuple[type, ...]
    #: Allowed values (None: any value of the types).
    values: tuple[Any, ...] | None = None


_STR = (str,)
_BOOL = (bool,)
_INT = (int,)
_LIST = (list,)
_DICT = (dict,)

#: Attributes every VS Code debug configuration has (VS Code itself, not the Go extension).
COMMON: dict[str, Attribute] = {
    "name": Attribute(_STR),
    "type": Attribute(_STR, ("go",)),
    "request": Attribute(_STR, ("launch", "attach")),
    "preLaunchTask": Attribute(_STR),
    "postDebugTask": Attribute(_STR),
    "presentation": Attribute(_DICT),
    "internalConsoleOptions": Attribute(_STR, ("neverOpen", "openOnFirstSessionStart", "openOnSessionStart")),
    "debugServer": Attribute(_INT),
    "serverReadyAction": Attribute(_DICT),
}

_BOTH: dict[str, Attribute] = {
    "asRoot": Attribute(_BOOL),
    "backend": Attribute(_STR, ("default", "native", "lldb", "rr")),
    "console": Attribute(_STR, ("internalConsole", "integratedTerminal", "externalTerminal")),
    "cwd": Attribute(_STR),
    "debugAdapter": Attribute(_STR, ("legacy", "dlv-dap")),
    "dlvFlags": Attribute(_LIST),
    "hideSystemGoroutines": Attribute(_BOOL),
    "host": Attribute(_STR),
    "logDest": Attribute(_STR),
    "logOutput": Attribute(_STR),
    "port": Attribute(_INT),
    "showGlobalVariables": Attribute(_BOOL),
    "showLog": Attribute(_BOOL),
    "showRegisters": Attribute(_BOOL),
    "stackTraceDepth": Attribute(_INT),
    "stopOnEntry": Attribute(_BOOL),
    "substitutePath": Attribute(_LIST),
    "trace": Attribute(_STR, ("verbose", "trace", "log", "info", "warn", "error")),
}

LAUNCH: dict[str, Attribute] = {
    **_BOTH,
    "args": Attribute((list, str)),
    "buildFlags": Attribute((str, list)),
    "coreFilePath": Attribute(_STR),
    "env": Attribute(_DICT),
    "envFile": Attribute((str, list)),
    "mode": Attribute(_STR, ("auto", "debug", "test", "exec", "replay", "core")),
    "output": Attribute(_STR),
    "program": Attribute(_STR),
    "traceDirPath": Attribute(_STR),
}

ATTACH: dict[str, Attribute] = {
    **_BOTH,
    "mode": Attribute(_STR, ("local", "remote")),
    "processId": Attribute((int, str)),
    "remotePath": Attribute(_STR),
}

#: Attributes a request/mode cannot work without (the others have defaults: ``program`` is the
#: workspace folder, ``processId`` 0 opens the process picker, ``port`` is 2345).
REQUIRED: dict[tuple[str, str], tuple[str, ...]] = {
    ("launch", "core"): ("coreFilePath",),
    ("launch", "replay"): ("traceDirPath",),
}


def validate_configuration(config: Mapping[str, Any]) -> list[str]:
    """Problems of one ``go`` debug configuration ([] when valid), each naming the attribute."""
    name = config.get("name", "<unnamed>")
    problems: list[str] = []
    for key in ("name", "type", "request"):
        if key not in config:
            problems.append(f"configuration {name!r}: missing {key!r}")
    request = config.get("request")
    table = LAUNCH if request == "launch" else ATTACH if request == "attach" else {}
    default_mode = "auto" if request == "launch" else "local"
    for key, value in config.items():
        attribute = COMMON.get(key) or table.get(key)
        if attribute is None:
            if table or key not in COMMON:
                problems.append(f"configuration {name!r}: unknown attribute {key!r} for request {request!r}")
            continue
        # bool is an int subclass in Python, JSON keeps them apart: true is not a port number.
        wrong_bool = isinstance(value, bool) and bool not in attribute.types
        if wrong_bool or not isinstance(value, attribute.types):
            problems.append(f"configuration {name!r}: {key} must be {_type_names(attribute)}, got {value!r}")
        elif attribute.values is not None and value not in attribute.values:
            allowed = "|".join(str(v) for v in attribute.values)
            problems.append(f"configuration {name!r}: {key} is {value!r}, expected {allowed}")
    if request in ("launch", "attach"):
        mode = config.get("mode", default_mode)
        for key in REQUIRED.get((str(request), str(mode)), ()):
            if key not in config:
                problems.append(f"configuration {name!r}: {request}/{mode} needs {key!r}")
    return problems


def _type_names(attribute: Attribute) -> str:
    names = {str: "a string", bool: "a boolean", int: "a number", list: "an array", dict: "an object"}
    return " or ".join(names.get(t, t.__name__) for t in attribute.types)
