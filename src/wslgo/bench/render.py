"""Tables for the terminal: a bench report and a before/after comparison (built here, printed by the CLI)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table

from wslgo.bench.compare import ComparisonResult
from wslgo.bench.model import Measurement


def format_seconds(seconds: float) -> str:
    """``812 µs``, ``12.3 ms``, ``1.24 s``: three significant digits in a unit a person reads at a glance."""
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1.0:
        return f"{seconds * 1e3:.3g} ms"
    if seconds < 100:
        return f"{seconds:.3g} s"
    return f"{seconds:.0f} s"


def measurements_table(measurements: Sequence[Measurement], title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for name, justify in (
        ("suite", "left"),
        ("target", "left"),
        ("fs", "left"),
        ("operation", "left"),
        ("n", "right"),
        ("median", "right"),
        ("min", "right"),
        ("max", "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for measurement in measurements:
        summary = measurement.summary
        table.add_row(
            measurement.suite,
            measurement.target,
            measurement.filesystem or "?",
            measurement.operation,
            str(summary.count),
            format_seconds(summary.median),
            format_seconds(summary.minimum),
            format_seconds(summary.maximum),
        )
    return table


def comparison_table(result: ComparisonResult, before_name: str, after_name: str) -> Table:
    table = Table(
        title=f"{before_name} → {after_name} (ratio = after/before of medians)", title_justify="left"
    )
    for name, justify in (
        ("suite", "left"),
        ("target", "left"),
        ("operation", "left"),
        ("before", "right"),
        ("after", "right"),
        ("ratio", "right"),
        ("change", "left"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for row in result.matched:
        ratio = row.ratio
        table.add_row(
            row.suite,
            row.target,
            row.operation,
            format_seconds(row.before_median),
            format_seconds(row.after_median),
            "n/a" if ratio is None else f"{ratio:.3f}",
            row.change,
        )
    return table
