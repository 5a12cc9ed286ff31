"""JSONC (VS Code ``settings.json`` / ``launch.json``) read and merge that keeps every byte it can.

VS Code's files carry ``//`` and ``/* */`` comments and trailing commas, which :mod:`json` rejects and a
load → dump round-trip would destroy. ``merge_jsonc`` therefore never re-serialises the document: it
parses it into spans and splices new text at exact offsets, so comments, key order, indentation, trailing
commas and line endings of everything it does not change stay as they were.

Merge rules (the same ones ``wslgo vscode`` relies on):

- a key missing from an object is appended as the object's last member;
- an existing object meets a ``dict`` patch: merged recursively;
- an existing array meets a list of objects that carry ``"name"`` (``launch.json`` ``configurations``):
  the patch's objects whose name is not present yet are appended, existing ones are left alone;
- anything else (scalars, other lists, type changes) is replaced by the patch value.

Merging is idempotent: merging the same patch into the result changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from wslgo.jsontext import loads_json

__all__ = ["JsoncError", "merge_jsonc", "parse_jsonc"]


class JsoncError(ValueError):
    """Invalid JSONC; ``line``/``column`` are 1-based and also part of the message."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(f"line {line}:{column}: {message}")
        self.line = line
        self.column = column


@dataclass
class _Node:
    """A parsed value with its span ``[start, end)`` in the text."""

    kind: str  # "object", "array", "string", "number", "literal"
    start: int
    end: int
    value: Any = None
    #: objects: (key, key_start, value node) in document order.
    members: list[tuple[str, int, _Node]] = field(default_factory=list)
    #: arrays: element nodes in document order.
    elements: list[_Node] = field(default_factory=list)


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


#: Deeper documents are refused (one line) before the recursive parser could run out of stack.
MAX_DEPTH = 200


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.depth = 0

    def fail(self, message: str, offset: int | None = None) -> JsoncError:
        line, column = _position(self.text, self.pos if offset is None else offset)
        return JsoncError(message, line, column)

    def skip_trivia(self) -> None:
        """Skip whitespace and comments."""
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char in " \t\r\n\ufeff":
                self.pos += 1
            elif text.startswith("//", self.pos):
                newline = text.find("\n", self.pos)
                self.pos = len(text) if newline < 0 else newline
            elif text.startswith("/*", self.pos):
                close = text.find("*/", self.pos + 2)
                if close < 0:
                    raise self.fail("unterminated /* comment")
                self.pos = close + 2
            else:
                return

    def parse_document(self) -> _Node | None:
        self.skip_trivia()
        if self.pos >= len(self.text):
            return None
        node = self.parse_value()
        self.skip_trivia()
        if self.pos < len(self.text):
            raise self.fail(f"unexpected {self.text[self.pos]!r} after the top-level value")
        return node

    def parse_value(self) -> _Node:
        self.skip_trivia()
        if self.pos >= len(self.text):
            raise self.fail("unexpected end of input, expected a value")
        char = self.text[self.pos]
        if char in "{[":
            if self.depth >= MAX_DEPTH:
                raise self.fail(f"nested more than {MAX_DEPTH} levels deep")
            self.depth += 1
            try:
                return self.parse_object() if char == "{" else self.parse_array()
            finally:
                self.depth -= 1
        if char == '"':
            start = self.pos
            value = self.parse_string()
            return _Node("string", start, self.pos, value)
        return self.parse_scalar()

    def parse_string(self) -> str:
        start = self.pos
        index = start + 1
        text = self.text
        while index < len(text):
            char = text[index]
            if char == "\\":
                index += 2
                continue
            if char == '"':
                break
            if char == "\n":
                raise self.fail("newline inside a string", index)
            index += 1
        else:
            raise self.fail("unterminated string", start)
        literal = text[start : index + 1]
        try:
            value = json.loads(literal)
        except json.JSONDecodeError as exc:
            raise self.fail(f"invalid string: {exc.msg}", start + exc.pos) from None
        self.pos = index + 1
        return str(value)

    def parse_scalar(self) -> _Node:
        start = self.pos
        text = self.text
        end = start
        while end < len(text) and text[end] not in " \t\r\n,]}/":
            end += 1
        token = text[start:end]
        if not token:
            raise self.fail(f"unexpected {text[start]!r}, expected a value")
        if token in ("true", "false", "null"):
            value: Any = {"true": True, "false": False, "null": None}[token]
            self.pos = end
            return _Node("literal", start, end, value)
        shown = token if len(token) <= 40 else token[:40] + "..."
        try:
            value = loads_json(token)
        except json.JSONDecodeError as exc:
            raise self.fail(f"unexpected {shown!r}, expected a value ({exc.msg})") from None
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise self.fail(f"unexpected {shown!r}, expected a value")
        self.pos = end
        return _Node("number", start, end, value)

    def parse_object(self) -> _Node:
        node = _Node("object", self.pos, self.pos, {})
        self.pos += 1
        while True:
            self.skip_trivia()
            if self.pos >= len(self.text):
                raise self.fail("unterminated object, expected '}'", node.start)
            char = self.text[self.pos]
            if char == "}":
                self.pos += 1
                node.end = self.pos
                return node
            if char != '"':
                raise self.fail(f"unexpected {char!r}, expected a string key or '}}'")
            key_start = self.pos
            key = self.parse_string()
            self.skip_trivia()
            if self.pos >= len(self.text) or self.text[self.pos] != ":":
                raise self.fail(f"expected ':' after key {key!r}")
            self.pos += 1
            value = self.parse_value()
            node.members.append((key, key_start, value))
            node.value[key] = value.value
            self.skip_trivia()
            if self.pos < len(self.text) and self.text[self.pos] == ",":
                self.pos += 1
                continue
            self.skip_trivia()
            if self.pos >= len(self.text) or self.text[self.pos] != "}":
                raise self.fail("expected ',' or '}' after an object member")

    def parse_array(self) -> _Node:
        node = _Node("array", self.pos, self.pos, [])
        self.pos += 1
        while True:
            self.skip_trivia()
            if self.pos >= len(self.text):
                raise self.fail("unterminated array, expected ']'", node.start)
            if self.text[self.pos] == "]":
                self.pos += 1
                node.end = self.pos
                return node
            element = self.parse_value()
            node.elements.append(element)
            node.value.append(element.value)
            self.skip_trivia()
            if self.pos < len(self.text) and self.text[self.pos] == ",":
                self.pos += 1
                continue
            if self.pos >= len(self.text) or self.text[self.pos] != "]":
                raise self.fail("expected ',' or ']' after an array element")


def parse_jsonc(text: str) -> Any:
    """The value of a JSONC document (``None`` for an empty one); raises :class:`JsoncError`."""
    node = _Parser(text).parse_document()
    return None if node is None else node.value


# -- merge ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Style:
    newline: str
    indent_unit: str


def _detect_style(text: str) -> _Style:
    newline = "\r\n" if "\r\n" in text else "\n"
    unit = "    "
    for line in text.splitlines():
        stripped = line.lstrip(" \t")
        if stripped and len(stripped) < len(line):
            unit = line[: len(line) - len(stripped)]
            break
    return _Style(newline, unit)


def _line_indent(text: str, offset: int) -> str:
    line_start = text.rfind("\n", 0, offset) + 1
    index = line_start
    while index < len(text) and text[index] in " \t":
        index += 1
    return text[line_start:index]


def _render(value: Any, indent: str, style: _Style) -> str:
    dumped = json.dumps(value, indent=style.indent_unit, ensure_ascii=False)
    return dumped.replace("\n", style.newline + indent)


def _is_named_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) and "name" in item for item in value)


def _same(node: _Node, value: Any) -> bool:
    return type(node.value) is type(value) and node.value == value


def _trailing_comma_after(text: str, end: int, close: int) -> int | None:
    """Offset just past a comma between ``end`` and ``close`` (only trivia may precede it)."""
    parser = _Parser(text)
    parser.pos = end
    parser.skip_trivia()
    if parser.pos < close and text[parser.pos] == ",":
        return parser.pos + 1
    return None


def _newline_in_trivia(text: str, start: int, close: int) -> int | None:
    """Offset just past the first newline between ``start`` and ``close`` that is not inside a comment."""
    index = start
    while index < close:
        if text.startswith("/*", index):
            found = text.find("*/", index + 2)
            index = close if found < 0 else found + 2
            continue
        if text.startswith("//", index):
            found = text.find("\n", index)
            index = close if found < 0 else found
            continue
        if text[index] == "\n":
            return index + 1
        index += 1
    return None


def _insert_item(
    text: str, container: _Node, item_text: str, last_end: int | None, item_indent: str, style: _Style
) -> str:
    """Insert ``item_text`` (a member or element, no comma) as the last item of ``container``."""
    close = container.end - 1
    open_indent = _line_indent(text, container.start)
    if last_end is None:
        interior = text[container.start + 1 : close]
        inner = item_indent
        if interior.strip() == "":
            insertion = f"{style.newline}{inner}{item_text}{style.newline}{open_indent}"
            return text[: container.start + 1] + insertion + text[close:]
        return (
            text[: container.start + 1] + f"{style.newline}{inner}{item_text}" + text[container.start + 1 :]
        )
    comma_end = _trailing_comma_after(text, last_end, close)
    after_last = comma_end if comma_end is not None else last_end
    newline_at = _newline_in_trivia(text, after_last, close)
    if newline_at is None:
        # Everything on one line: `{"a": 1}` → `{"a": 1, "b": 2}`.
        if comma_end is not None:
            return text[:comma_end] + f" {item_text}," + text[comma_end:]
        return text[:last_end] + f", {item_text}" + text[last_end:]
    suffix = "," if comma_end is not None else ""
    new_line = f"{item_indent}{item_text}{suffix}{style.newline}"
    updated = text[:newline_at] + new_line + text[newline_at:]
    if comma_end is None:
        updated = updated[:last_end] + "," + updated[last_end:]
    return updated


def _item_indent(text: str, container: _Node, style: _Style) -> str:
    if container.kind == "object" and container.members:
        return _line_indent(text, container.members[0][1])
    if container.kind == "array" and container.elements:
        return _line_indent(text, container.elements[0].start)
    return _line_indent(text, container.start) + style.indent_unit


def _render_item(text: str, container: _Node, value: Any, indent: str, style: _Style) -> str:
    """Compact JSON inside a non-empty one-line container, indented JSON everywhere else."""
    has_items = bool(container.members or container.elements)
    if has_items and "\n" not in text[container.start : container.end]:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    return _render(value, indent, style)


def _one_step(text: str, node: _Node, patch: Mapping[str, Any], style: _Style) -> str | None:
    """Apply the first missing part of ``patch`` to the object ``node``; ``None`` when nothing is missing."""
    existing = {key: value for key, _, value in node.members}
    for key, wanted in patch.items():
        current = existing.get(key)
        if current is None:
            indent = _item_indent(text, node, style)
            rendered = _render_item(text, node, wanted, indent, style)
            member = f"{json.dumps(key, ensure_ascii=False)}: {rendered}"
            last_end = node.members[-1][2].end if node.members else None
            return _insert_item(text, node, member, last_end, indent, style)
        if isinstance(wanted, Mapping) and current.kind == "object":
            result = _one_step(text, current, wanted, style)
            if result is not None:
                return result
            continue
        if current.kind == "array" and _is_named_list(wanted) and wanted:
            present = {element.value.get("name") for element in current.elements if element.kind == "object"}
            for item in wanted:
                if item["name"] not in present:
                    indent = _item_indent(text, current, style)
                    last_end = current.elements[-1].end if current.elements else None
                    rendered = _render_item(text, current, item, indent, style)
                    return _insert_item(text, current, rendered, last_end, indent, style)
            continue
        if not _same(current, wanted):
            indent = _line_indent(text, current.start)
            return text[: current.start] + _render(wanted, indent, style) + text[current.end :]
    return None


def merge_jsonc(text: str, patch: Mapping[str, Any]) -> str:
    """``text`` with ``patch`` merged in (see the module docstring); comments and layout are kept.

    An empty (or whitespace/comment-only) document becomes a new object. Raises :class:`JsoncError` when
    ``text`` is not valid JSONC or its top-level value is not an object.
    """
    style = _detect_style(text)
    root = _Parser(text).parse_document()
    if root is None:
        body = _render(dict(patch), "", style)
        stripped = text.rstrip()
        prefix = stripped + style.newline if stripped else ""
        return prefix + body + style.newline
    if root.kind != "object":
        line, column = _position(text, root.start)
        raise JsoncError(f"top-level value is {root.kind}, expected an object", line, column)
    # One splice at a time, re-parsing in between: every offset is always fresh, and each splice adds
    # something the patch wants, so the loop ends.
    for _ in range(10_000):
        updated = _one_step(text, root, patch, style)
        if updated is None:
            return text
        text = updated
        parsed = _Parser(text).parse_document()
        if parsed is None or parsed.kind != "object":  # pragma: no cover - splices keep an object
            raise JsoncError("merge produced an invalid document", 1, 1)
        root = parsed
    raise JsoncError("merge did not converge", 1, 1)  # pragma: no cover - each step adds a wanted part
