"""GOPRIVATE-style matching (Go's path.Match and MatchPrefixPatterns), the cases users meet.

tests/integration/golang/test_real_go_rules.py compares the same functions with the real Go ones on
thousands of patterns; these are the readable examples.
"""

from __future__ import annotations

import pytest

from wslgo.golang.pathmatch import PatternError, match, match_prefix_patterns, pattern_problem, split_patterns


def test_path_match_semantics() -> None:
    assert match("*.corp.example", "git.corp.example")
    assert not match("*.corp.example", "a/b.corp.example")  # * never crosses '/'
    assert match("example.com/[a-c]x", "example.com/bx")
    assert not match("example.com/[^a-c]x", "example.com/bx")
    assert match("ex?mple.com", "example.com")
    assert match("[^a]", "/")  # a negated class may match '/'
    assert match("\\*", "*")


@pytest.mark.parametrize("pattern", ["[]a]", "a\\", "[a-]", "[", "[^]", "x*[", "[\\"])
def test_syntax_errors_are_errors_not_literals(pattern: str) -> None:
    with pytest.raises(PatternError):
        match(pattern, "]")
    assert not match_prefix_patterns(pattern, "]")
    assert pattern_problem(pattern) is not None


@pytest.mark.parametrize(
    ("globs", "module", "private"),
    [
        ("git.corp.example", "git.corp.example/team/repo", True),
        ("*.corp.example", "git.corp.example/team/repo", True),
        ("*.corp.example", "corp.example/repo", False),
        ("github.com/corp/*", "github.com/corp/repo/sub", True),
        ("github.com/corp/*", "github.com/other/repo", False),
        ("github.com/corp", "github.com/corporate/x", False),
        (",,git.corp.example/,", "git.corp.example/x", True),
        ("git.corp.example/a/b/c", "git.corp.example/a", False),
        ("git.[a-c]orp.example", "git.borp.example/x", True),
        ("git.[^a-c]orp.example", "git.borp.example/x", False),
        ("*.corp.example,rsc.io/private", "rsc.io/private/sub/pkg", True),
        ("*.corp.example,rsc.io/private", "rsc.io/privateer", False),
        ("rsc.io/private/", "rsc.io/private", True),
        ("github.com/org/*", "github.com/org", False),
        ("github.com/org/*", "github.com/org/repo/v2", True),
        (" , ", "anything.example", False),
        # The go command does not trim white space: a pattern with a space never matches.
        ("git.corp.example, rsc.io/private", "rsc.io/private/x", False),
        ("[]a],git.corp.example", "git.corp.example/x", True),
    ],
)
def test_match_prefix_patterns(globs: str, module: str, private: bool) -> None:
    assert match_prefix_patterns(globs, module) is private


def test_split_keeps_white_space_and_drops_one_slash() -> None:
    assert split_patterns(" a.example ,b.example//,,") == [" a.example ", "b.example/"]


@pytest.mark.parametrize(
    ("pattern", "fragment"),
    [
        ("https://git.corp.example", "URL scheme"),
        ("git.corp[", "not a valid pattern"),
        ("a b", "white space"),
        (" git.corp.example", "white space"),
        ("/corp", "starts with '/'"),
        ("git\\", "not a valid pattern"),
    ],
)
def test_pattern_problems(pattern: str, fragment: str) -> None:
    assert fragment in (pattern_problem(pattern) or "")
    assert pattern_problem("*.corp.example") is None
