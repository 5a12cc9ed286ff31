"""A lossless concrete syntax tree for WSL's INI files (``/etc/wsl.conf`` and the Windows ``.wslconfig``).

``render(parse(data)) == data`` for every input, including bytes that are not UTF-8: setup may only change
the lines it means to change, so everything else (comments, ``;`` lines, merge-conflict markers, key case,
spacing, quotes, CRLF, a BOM, a missing final newline) must come back byte for byte.

Lines are classified with WSL's own grammar (microsoft/WSL ``src/shared/configfile/configfile.cpp``,
``ParseConfigFile``): a key is ``[A-Za-z][A-Za-z0-9]*``, a section header is ``[name]`` optionally followed by
blanks and a ``#`` comment, ``#`` starts a comment (``;`` does not), a value ends at an unquoted ``#``,
``"`` toggles quoting and backslash escapes are ``\\\\ \\" \\b \\n \\t`` plus a line continuation. A line WSL
rejects is kept verbatim as ``invalid`` with WSL's message, and editing never touches it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Literal

from wslgo.i18n import M

Dialect = Literal["wsl.conf", ".wslconfig"]
LineKind = Literal["blank", "comment", "section", "key", "invalid"]
Encoding = Literal["utf-8", "utf-16-le"]

UTF8_BOM = b"\xef\xbb\xbf"
UTF16LE_BOM = b"\xff\xfe"
_HSPACE = " \t"
_ESCAPES = {"\\": "\\", '"': '"', "b": "\b", "n": "\n", "t": "\t"}
_ENCODE_ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\n": "\\n", "\t": "\\t"}


def _is_alpha(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _is_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@dataclass(frozen=True)
class Line:
    """One logical line: ``text`` without its line break, and ``newline``: LF, CRLF or ``""`` (none).

    A key line continued with a trailing backslash spans several physical lines; its ``text`` then holds
    the inner line breaks, so rendering stays exact.
    """

    text: str
    newline: str
    kind: LineKind
    #: Section name (section lines) or key name (key lines), as written.
    name: str | None = None
    #: Key lines: ``text[value_start:value_end]`` is the raw value (quotes, escapes kept; comment and
    #: trailing blanks excluded).
    value_start: int = 0
    value_end: int = 0
    #: Key lines: the value after WSL's quote/escape/comment processing.
    value: str | None = None
    #: Invalid lines: WSL's warning, e.g. ``Expected '='``.
    error: str | None = None

    @property
    def raw_value(self) -> str:
        return self.text[self.value_start : self.value_end]

    @property
    def physical_lines(self) -> int:
        return self.text.count("\n") + 1


@dataclass(frozen=True)
class Document:
    """A parsed file. ``encoding``/``bom`` say how to turn the text back into the original bytes."""

    lines: tuple[Line, ...]
    dialect: Dialect = ".wslconfig"
    bom: bool = False
    encoding: Encoding = "utf-8"

    def numbered(self) -> Iterator[tuple[int, Line]]:
        """Each line with its 1-based physical line number (what an editor shows)."""
        number = 1
        for line in self.lines:
            yield number, line
            number += line.physical_lines

    def sections(self) -> Iterator[tuple[str | None, int, Line]]:
        """Each line with the section it belongs to (``None`` before the first header) and its number."""
        current: str | None = None
        for number, line in self.numbered():
            if line.kind == "section":
                current = line.name
            yield current, number, line

    @property
    def newline(self) -> str:
        """The file's newline style: CRLF when most line breaks are CRLF, else LF."""
        crlf = sum(1 for line in self.lines if line.newline == "\r\n")
        lf = sum(1 for line in self.lines if line.newline == "\n")
        return "\r\n" if crlf > lf else "\n"


# -- decoding --------------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, bool, Encoding]:
    """Text, BOM flag and encoding such that ``encode`` gives ``data`` back exactly."""
    if data.startswith(UTF16LE_BOM) and len(data) % 2 == 0:
        try:
            text = data[2:].decode("utf-16-le", errors="surrogatepass")
        except UnicodeDecodeError:
            pass
        else:
            if text.encode("utf-16-le", errors="surrogatepass") == data[2:]:
                return text, True, "utf-16-le"
    if data.startswith(UTF8_BOM):
        return data[3:].decode("utf-8", errors="surrogateescape"), True, "utf-8"
    return data.decode("utf-8", errors="surrogateescape"), False, "utf-8"


def encode(text: str, bom: bool, encoding: Encoding) -> bytes:
    if encoding == "utf-16-le":
        return (UTF16LE_BOM if bom else b"") + text.encode("utf-16-le", errors="surrogatepass")
    return (UTF8_BOM if bom else b"") + text.encode("utf-8", errors="surrogateescape")


def _split_physical(text: str) -> list[tuple[str, str]]:
    pieces: list[tuple[str, str]] = []
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        if end < 0:
            pieces.append((text[start:], ""))
            break
        if end > start and text[end - 1] == "\r":
            pieces.append((text[start : end - 1], "\r\n"))
        else:
            pieces.append((text[start:end], "\n"))
        start = end + 1
    return pieces


# -- value scanning (WSL's value loop) --------------------------------------------------------------


@dataclass(frozen=True)
class _ValueScan:
    value: str
    raw_end: int  # index just after the last raw character that is not a blank (before any comment)
    error: str | None = None
    needs_continuation: bool = False


def _scan_value(text: str, start: int, newline: str, dialect: Dialect) -> _ValueScan:
    """Scan a value the way ``ParseConfigFile`` does, from ``start`` (first non-blank after ``=``).

    ``text`` may hold embedded line breaks from earlier continuations. ``newline`` is the break that
    follows ``text``: a backslash right before it continues the value on the next line. In ``.wslconfig``
    (opened in text mode, CRLF read as LF) that works for CRLF too; in ``wsl.conf`` a backslash before CR
    is an invalid escape.
    """
    value: list[str] = []
    trimmed = 0
    raw_end = start
    in_quote = False
    i = start
    while i < len(text):
        ch = text[i]
        if ch == "\n" or (ch == "\r" and not text.startswith("\r\n", i)):
            break
        if ch == "\r":  # an embedded CRLF only follows a continuation backslash; handled below
            break
        if ch == '"':
            in_quote = not in_quote
            i += 1
        elif ch == "\\":
            nxt = text[i + 1] if i + 1 < len(text) else None
            if nxt is not None and nxt in _ESCAPES:
                value.append(_ESCAPES[nxt])
                i += 2
            elif nxt == "\n":
                i += 2
            elif nxt == "\r" and text.startswith("\r\n", i + 1) and dialect == ".wslconfig":
                i += 3
            elif nxt is None and (newline == "\n" or (newline == "\r\n" and dialect == ".wslconfig")):
                return _ValueScan("", 0, needs_continuation=True)
            else:
                shown = nxt if nxt is not None else ("\\r" if newline == "\r\n" else "EOF")
                return _ValueScan("", 0, error=M("Invalid escaped character: '{character}'", character=shown))
        elif ch == "#" and not in_quote:
            break
        else:
            value.append(ch)
            i += 1
        if ch not in _HSPACE:
            trimmed = len(value)
            raw_end = i
    if in_quote:
        return _ValueScan("", 0, error=M("Expected '\"'"))
    return _ValueScan("".join(value[:trimmed]), raw_end)


# -- line classification ----------------------------------------------------------------------------


def _skip_hspace(text: str, i: int) -> int:
    while i < len(text) and text[i] in _HSPACE:
        i += 1
    return i


def _at_eol(text: str, i: int) -> bool:
    return i >= len(text) or text[i] == "\r"


def _classify_section(text: str, i: int) -> Line:
    """``text[i]`` is ``[``."""
    j = i + 1
    if j >= len(text) or not _is_alpha(text[j]):
        return Line(text, "", "invalid", error=M("Invalid section name"))
    k = j
    while k < len(text) and _is_alnum(text[k]):
        k += 1
    if k >= len(text) or text[k] != "]":
        return Line(text, "", "invalid", error=M("Expected ']'"))
    rest = _skip_hspace(text, k + 1)
    if not (_at_eol(text, rest) or text[rest] == "#"):
        return Line(text, "", "invalid", error=M("Expected ' ' or '\\n'"))
    return Line(text, "", "section", name=text[j:k])


def _classify(text: str, newline: str, dialect: Dialect) -> Line | None:
    """Classify one logical line; ``None`` means "a key line that continues on the next line"."""
    i = _skip_hspace(text, 0)
    if _at_eol(text, i):
        return Line(text, newline, "blank")
    ch = text[i]
    if ch == "#":
        return Line(text, newline, "comment")
    if ch == "[":
        return replace(_classify_section(text, i), newline=newline)
    if not _is_alpha(ch):
        return Line(text, newline, "invalid", error=M("Invalid key name"))
    k = i
    while k < len(text) and _is_alnum(text[k]):
        k += 1
    name = text[i:k]
    eq = _skip_hspace(text, k)
    if eq >= len(text) or text[eq] != "=":
        return Line(text, newline, "invalid", error=M("Expected '='"))
    start = _skip_hspace(text, eq + 1)
    scan = _scan_value(text, start, newline, dialect)
    if scan.needs_continuation:
        return None
    if scan.error is not None:
        return Line(text, newline, "invalid", error=scan.error)
    return Line(
        text,
        newline,
        "key",
        name=name,
        value_start=start,
        value_end=max(scan.raw_end, start),
        value=scan.value,
    )


def _classify_lines(pieces: list[tuple[str, str]], dialect: Dialect) -> list[Line]:
    lines: list[Line] = []
    index = 0
    while index < len(pieces):
        text, newline = pieces[index]
        index += 1
        line = _classify(text, newline, dialect)
        while line is None:
            if index >= len(pieces):  # a continuation at the very end: WSL reads EOF after the backslash
                line = Line(
                    text,
                    newline,
                    "invalid",
                    error=M("Invalid escaped character: '{character}'", character="EOF"),
                )
                break
            following, next_newline = pieces[index]
            index += 1
            text = text + newline + following
            newline = next_newline
            line = _classify(text, newline, dialect)
        lines.append(line)
    return lines


def parse(data: bytes, dialect: Dialect = ".wslconfig") -> Document:
    """Parse bytes into a ``Document``; never fails (undecodable bytes ride along as escapes)."""
    text, bom, encoding = decode(data)
    return Document(tuple(_classify_lines(_split_physical(text), dialect)), dialect, bom, encoding)


def parse_text(text: str, dialect: Dialect = ".wslconfig") -> Document:
    return Document(tuple(_classify_lines(_split_physical(text), dialect)), dialect)


def render_text(doc: Document) -> str:
    return "".join(line.text + line.newline for line in doc.lines)


def render(doc: Document) -> bytes:
    """The exact bytes of ``doc``: ``render(parse(data)) == data`` for every ``data``."""
    return encode(render_text(doc), doc.bom, doc.encoding)


# -- values -----------------------------------------------------------------------------------------


def encode_value(value: str, *, quoted: bool = False) -> str:
    """Write ``value`` so WSL's parser reads it back exactly (``C:\\dir`` becomes ``C:\\\\dir``).

    Quotes are added when needed (a ``#``, or blanks at either end) or asked for (to keep a file's style).
    """
    if "\r" in value:
        raise ValueError(f"a WSL config value cannot contain a carriage return: {value!r}")
    body = "".join(_ENCODE_ESCAPES.get(ch, ch) for ch in value)
    needs_quotes = "#" in value or value != value.strip(_HSPACE)
    if quoted or needs_quotes:
        return f'"{body}"'
    return body


def _is_quoted(raw_value: str) -> bool:
    return len(raw_value) >= 2 and raw_value.startswith('"') and raw_value.endswith('"')


def _matches(name: str | None, wanted: str) -> bool:
    return name is not None and name.lower() == wanted.lower()


def find_key(doc: Document, section: str, key: str) -> int | None:
    """Index in ``doc.lines`` of the first key line ``section.key`` (case-insensitive, as WSL matches)."""
    for index, (current, _number, line) in enumerate(doc.sections()):
        if line.kind == "key" and _matches(current, section) and _matches(line.name, key):
            return index
    return None


def get_value(doc: Document, section: str, key: str) -> str | None:
    """The value WSL reads for ``section.key`` (the first occurrence), or ``None`` when absent."""
    index = find_key(doc, section, key)
    return None if index is None else doc.lines[index].value


def _key_line(name: str, separator: str, encoded: str, newline: str, dialect: Dialect) -> Line:
    text = f"{name}{separator}{encoded}"
    line = _classify(text, newline, dialect)
    if line is None or line.kind != "key":
        raise ValueError(f"cannot write {name}={encoded!r} as a WSL config line")
    return line


def _separator(line: Line) -> str:
    """The text between a key's name and its value, e.g. ``" = "``."""
    assert line.name is not None
    start = line.text.index(line.name) + len(line.name)
    return line.text[start : line.value_start]


def set_value(doc: Document, section: str, key: str, value: str) -> Document:
    """Set ``section.key`` to ``value``, touching only the lines it must.

    The first occurrence is the one WSL reads, so that one is rewritten in place (key case, spacing,
    quote style and an inline comment kept). Otherwise the key is added at the end of the last
    ``[section]`` (before its trailing blank lines and comments), or a new section is appended.
    """
    lines = list(doc.lines)
    index = find_key(doc, section, key)
    if index is not None:
        old = lines[index]
        encoded = encode_value(value, quoted=_is_quoted(old.raw_value))
        text = old.text[: old.value_start] + encoded
        tail = old.text[old.value_end :]
        if tail[:1] == "#" and not text[-1:].isspace():
            tail = " " + tail
        new_line = _classify(text + tail, old.newline, doc.dialect)
        if new_line is None or new_line.kind != "key" or new_line.value != value:
            raise ValueError(f"cannot write {key}={value!r} into line {old.text!r}")
        lines[index] = new_line
        return replace(doc, lines=tuple(lines))

    newline = doc.newline
    encoded = encode_value(value)
    anchor: int | None = None
    separator = "="
    for position, (current, _number, line) in enumerate(doc.sections()):
        if not _matches(current, section):
            continue
        if line.kind == "section" and _matches(line.name, section):
            anchor = position
        elif line.kind in ("key", "invalid"):
            anchor = position
            if line.kind == "key":
                separator = _separator(line)
    if anchor is not None:
        previous = lines[anchor]
        new_line = _key_line(key, separator, encoded, previous.newline or "", doc.dialect)
        if previous.newline == "":
            lines[anchor] = replace(previous, newline=newline)
        lines.insert(anchor + 1, new_line)
        return replace(doc, lines=tuple(lines))

    final_newline = not lines or lines[-1].newline != ""
    if lines and lines[-1].newline == "":
        lines[-1] = replace(lines[-1], newline=newline)
    if lines and lines[-1].kind != "blank":
        lines.append(Line("", newline, "blank"))
    lines.append(Line(f"[{section}]", newline, "section", name=section))
    lines.append(_key_line(key, "=", encoded, newline if final_newline else "", doc.dialect))
    return replace(doc, lines=tuple(lines))


def remove_key(doc: Document, section: str, key: str) -> Document:
    """Remove every ``section.key`` line (all occurrences, so no later duplicate takes effect)."""
    kept = [
        line
        for current, _number, line in doc.sections()
        if not (line.kind == "key" and _matches(current, section) and _matches(line.name, key))
    ]
    if len(kept) == len(doc.lines):
        return doc
    if kept and doc.lines[-1].newline == "" and kept[-1].newline != "":
        # The removed line was the last one and had no final newline: keep the file's ending as it was.
        kept[-1] = replace(kept[-1], newline="")
    return replace(doc, lines=tuple(kept))


__all__ = [
    "Dialect",
    "Document",
    "Line",
    "LineKind",
    "decode",
    "encode",
    "encode_value",
    "find_key",
    "get_value",
    "parse",
    "parse_text",
    "remove_key",
    "render",
    "render_text",
    "set_value",
]
