"""WSL's INI files: a lossless syntax tree for editing (``syntax``), WSL's own reading (``reader``) and
the key catalog with value rules (``schema``)."""

from __future__ import annotations

from wslgo.wslconf.reader import ConfigReading, Problem, Setting, read_wsl_config
from wslgo.wslconf.schema import KeySpec, effective, lookup, parse_size, validate
from wslgo.wslconf.syntax import Document, Line, get_value, parse, remove_key, render, set_value

__all__ = [
    "ConfigReading",
    "Document",
    "KeySpec",
    "Line",
    "Problem",
    "Setting",
    "effective",
    "get_value",
    "lookup",
    "parse",
    "parse_size",
    "read_wsl_config",
    "remove_key",
    "render",
    "set_value",
    "validate",
]
