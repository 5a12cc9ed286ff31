"""Pure pieces of the downloader: Content-Range validation and the retry schedule."""

from __future__ import annotations

import io

import pytest

from wslgo.progress import PlainProgress
from wslgo.sdk.download import RetryPolicy, content_range_continues


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes 100-999/1000", True),
        ("bytes 100-999/*", True),
        ("bytes 0-999/1000", False),  # restarted from zero although we asked for 100-
        ("bytes 100-998/1000", False),  # not through the end
        ("bytes 100-999/2000", False),  # another file size than the index says
        ("items 100-999/1000", False),
        (None, False),
    ],
)
def test_content_range_must_continue_the_part(header: str | None, expected: bool) -> None:
    assert content_range_continues(header, 100, 1000) is expected


def test_backoff_doubles_up_to_a_cap() -> None:
    policy = RetryPolicy(attempts=6, backoff_s=0.5, max_backoff_s=3.0)
    assert [policy.delay(n) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3.0, 3.0]


def test_plain_progress_prints_few_lines() -> None:
    stream = io.StringIO()
    progress = PlainProgress(stream)
    progress.start("downloading x", 4_000_000, 1_000_000)
    for _ in range(30):
        progress.advance(100_000)
    progress.finish()
    assert stream.getvalue().splitlines() == [
        "downloading x (4.0 MB, resuming at 1.0 MB)",
        "downloading x: 50% (2.0 MB of 4.0 MB)",
        "downloading x: 75% (3.0 MB of 4.0 MB)",
        "downloading x: done (4.0 MB)",
    ]
