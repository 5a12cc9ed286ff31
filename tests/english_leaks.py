"""What counts as "an English sentence leaking into Chinese output" (SPEC §12), for the tests.

Chinese output legitimately keeps a lot of ASCII: commands (``wslgo tools install gopls``), paths (even with
spaces: ``…/Microsoft VS Code/bin``), variable names and values, the go command's own error text, product
names (``Microsoft Store``). None of those is prose. An English sentence is recognised by its shape and its
small words:

- text inside backticks (code spans) is skipped;
- a *run* is three or more ASCII words (letters, ``'`` and ``-`` inside) separated only by spaces;
- a run is English prose when one of its words is an English function word (``the``, ``is``, ``not``,
  ``to`` …): commands, paths and names practically never contain one, sentences practically always do.
"""

from __future__ import annotations

import re

FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "not",
        "no",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "and",
        "or",
        "but",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "can",
        "cannot",
        "could",
        "does",
        "do",
        "has",
        "have",
        "had",
        "will",
        "would",
        "should",
        "only",
        "when",
        "if",
        "so",
        "as",
        "than",
        "then",
        "there",
        "which",
        "who",
        "what",
    ]
)
_CODE_SPAN = re.compile(r"`[^`]*`")
_WORD = r"[A-Za-z][A-Za-z'’-]*"
_RUN = re.compile(rf"(?<![\w/.\-=:])({_WORD}(?: +{_WORD}){{2,}})(?![\w/.\-=:])")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def english_sentences(text: str) -> list[str]:
    """The runs of ``text`` that read as English prose (empty when there is none)."""
    found: list[str] = []
    for line in text.splitlines():
        prose = _CODE_SPAN.sub(" ", line)
        for match in _RUN.finditer(prose):
            words = [word.lower() for word in match.group(1).split()]
            if any(word in FUNCTION_WORDS for word in words):
                found.append(match.group(1))
    return found


def has_chinese(text: str) -> bool:
    return bool(_CJK.search(text))
