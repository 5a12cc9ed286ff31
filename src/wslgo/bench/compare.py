"""Before/after comparison of two bench reports: the ratio of medians per matching measurement.

The ratio is ``after / before`` of the medians, so 0.25 reads "takes a quarter of the time" and the
speed-up is its inverse. Measurements are joined on ``(suite, target, operation)``; those present in only
one report are listed rather than silently dropped, because a renamed directory is a common mistake.
"""

from __future__ import annotations

from dataclasses import dataclass

from wslgo.bench.model import BenchReport, Measurement


@dataclass(frozen=True)
class Comparison:
    """One measurement present in both reports."""

    suite: str
    target: str
    operation: str
    before_median: float
    after_median: float

    @property
    def ratio(self) -> float | None:
        """``after / before``; None when ``before`` is zero (no meaningful ratio)."""
        if self.before_median == 0:
            return None
        return self.after_median / self.before_median

    @property
    def change(self) -> str:
        """Human wording: ``3.20× faster``, ``1.10× slower``, ``same``."""
        ratio = self.ratio
        if ratio is None:
            return "n/a"
        if _within_noise(ratio, 1.0):
            return "same"
        if ratio < 1.0:
            return "n/a" if ratio == 0 else f"{1.0 / ratio:.2f}× faster"
        return f"{ratio:.2f}× slower"


@dataclass(frozen=True)
class ComparisonResult:
    matched: tuple[Comparison, ...]
    only_before: tuple[tuple[str, str, str], ...]
    only_after: tuple[tuple[str, str, str], ...]


def compare_reports(before: BenchReport, after: BenchReport) -> ComparisonResult:
    """Join ``before`` and ``after`` on measurement keys, in ``before``'s order."""
    after_by_key: dict[tuple[str, str, str], Measurement] = {m.key: m for m in after.measurements}
    before_keys = {m.key for m in before.measurements}
    matched = tuple(
        Comparison(
            suite=m.suite,
            target=m.target,
            operation=m.operation,
            before_median=m.summary.median,
            after_median=after_by_key[m.key].summary.median,
        )
        for m in before.measurements
        if m.key in after_by_key
    )
    return ComparisonResult(
        matched=matched,
        only_before=tuple(m.key for m in before.measurements if m.key not in after_by_key),
        only_after=tuple(m.key for m in after.measurements if m.key not in before_keys),
    )


def _within_noise(ratio: float, target: float) -> bool:
    """Within 0.5 %: closer than any WSL timing is repeatable, so it reads as "same"."""
    return abs(ratio - target) <= 0.005 * target
