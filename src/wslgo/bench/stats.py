"""Summary statistics of timing samples.

The median is reported rather than the mean: one slow sample (a 9P hiccup, the antivirus on the Windows
side scanning a new file) should not move the headline number, while min and max still show the spread.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Summary:
    """Median, min, max and mean of a non-empty list of samples (seconds)."""

    median: float
    minimum: float
    maximum: float
    mean: float
    count: int


def summarize(samples: Sequence[float]) -> Summary:
    """Summarise ``samples``; refuses an empty list because a statistic of nothing is a bug upstream."""
    if not samples:
        raise ValueError("cannot summarise an empty list of samples")
    return Summary(
        median=statistics.median(samples),
        minimum=min(samples),
        maximum=max(samples),
        mean=statistics.fmean(samples),
        count=len(samples),
    )
