"""Go version ranges in Go's own order, and the spellings that would not mean what they say."""

from __future__ import annotations

import pytest

from wslgo.golang.version import GoVersion
from wslgo.policy.gorange import RangeError, parse_range, suggested_install


def allows(range_text: str, version: str) -> bool:
    parsed = GoVersion.parse(version)
    assert parsed is not None
    return parse_range(range_text).allows(parsed)


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("1.25.9", False),
        ("1.26rc1", True),  # Go orders 1.26 < 1.26rc1 < 1.26.0
        ("1.26.0", True),
        ("1.27.3", True),
        ("1.28rc1", False),
        ("1.28.0", False),
    ],
)
def test_spec_example_range(version: str, expected: bool) -> None:
    assert allows(">=1.26, <1.28", version) is expected


def test_a_bare_line_is_the_whole_line_and_a_release_is_exact() -> None:
    assert allows("1.27", "1.27.0") and allows("1.27", "1.27.12") and allows("1.27", "1.27rc2")
    assert not allows("1.27", "1.28.0") and not allows("1.27", "1.26.9")
    assert allows("1.27.3", "1.27.3") and not allows("1.27.3", "1.27.4")
    assert allows(">=1.26.2,!=1.26.5", "1.26.6") and not allows(">=1.26.2,!=1.26.5", "1.26.5")


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("<=1.27", "write '<1.28'"),
        (">1.26", "write '>=1.27'"),
        ("==1.27", "write '1.27' for the whole line"),
        (">=1.28, <1.26", "no Go version satisfies"),
        (">=1.27.2, <1.27.2", "no Go version satisfies"),
        ("latest", "is not a Go version"),
        ("~1.27", "is not a Go version"),
        ("", "is not a version range"),
        (">=1.26,,<1.28", "is not a version range"),
    ],
)
def test_misleading_or_empty_ranges_are_refused_with_the_right_spelling(text: str, hint: str) -> None:
    with pytest.raises(RangeError, match=hint.replace("(", r"\(")) as caught:
        parse_range(text)
    assert "\n" not in str(caught.value)


def test_bounds_on_full_releases_are_taken_as_written() -> None:
    assert allows("<=1.27.3", "1.27.3") and not allows("<=1.27.3", "1.27.4")
    assert allows(">1.27.3", "1.27.4") and not allows(">1.27.3", "1.27.3")


def test_suggested_install_picks_the_newest_released_line_inside_the_range() -> None:
    released = ["1.27", "1.26", "1.25"]
    assert suggested_install(parse_range(">=1.26, <1.28"), released) == "1.27"
    assert suggested_install(parse_range(">=1.25, <1.27"), released) == "1.26"
    # Only the start of 1.27 is allowed: install that release, not the newest patch.
    assert suggested_install(parse_range(">=1.26, <1.27.2"), ["1.27"]) == "1.27.0"
    assert suggested_install(parse_range("==1.26.4"), released) == "1.26.4"
    # A range newer than every known line: its lower bound (the SDK index may know it).
    assert suggested_install(parse_range(">=1.29"), released) == "1.29"
