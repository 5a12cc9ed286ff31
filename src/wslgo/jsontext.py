"""JSON from outside wslgo, parsed so that every failure is a ``json.JSONDecodeError`` (SPEC §11).

``json.loads`` has two failures that are not ``JSONDecodeError``: a document nested deeper than the
interpreter's recursion limit raises ``RecursionError``, and an integer of more than 4300 digits raises a
plain ``ValueError`` (CPython's guard against quadratic int parsing). Code that catches
``JSONDecodeError`` to print "line 3: invalid JSON" then crashed on a hostile bundle, catalog or index.
``loads_json`` turns both into a ``JSONDecodeError`` that names the position and what was wrong, so every
caller's existing one-line error handling covers them.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["MAX_INT_DIGITS", "REPORTED_DEPTH", "loads_json"]

#: CPython's default ``sys.get_int_max_str_digits()``: longer integers are refused, not parsed.
MAX_INT_DIGITS = 4300
#: The depth named in the message when the parser ran out of stack (it fails somewhere below the
#: recursion limit of 1000, always deeper than this).
REPORTED_DEPTH = 500
_LONG_NUMBER = re.compile(rf"-?[0-9]{{{MAX_INT_DIGITS + 1},}}")


def _depth_exceeded_at(text: str, limit: int) -> int:
    """Offset of the first bracket that opens level ``limit + 1`` (strings skipped); 0 if none."""
    depth = 0
    in_string = escaped = False
    for offset, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return offset
        elif char in "]}":
            depth -= 1
    return 0


def loads_json(data: str | bytes) -> Any:
    """``json.loads(data)``, raising only ``json.JSONDecodeError`` (or ``UnicodeDecodeError`` for bytes)."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise
    except ValueError:  # only the int-digits guard raises a plain ValueError
        found = _LONG_NUMBER.search(text)
        position = found.start() if found else 0
        message = f"a number with more than {MAX_INT_DIGITS} digits"
        raise json.JSONDecodeError(message, text, position) from None
    except RecursionError:
        position = _depth_exceeded_at(text, REPORTED_DEPTH)
        message = f"nested more than {REPORTED_DEPTH} levels deep"
        raise json.JSONDecodeError(message, text, position) from None
