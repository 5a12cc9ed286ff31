"""Bar charts of a bench report: median bars with min–max whiskers, one panel per suite.

matplotlib is imported here only, lazily, with the Agg backend: most runs never plot, and a headless WSL
distro has no display for an interactive backend.
"""

from __future__ import annotations

from pathlib import Path

from wslgo.bench.model import BenchReport
from wslgo.errors import UsageError

PLOT_FORMATS = {".png": "png", ".svg": "svg"}


def plot_format(path: Path) -> str:
    """``png`` or ``svg`` from the file name (checked before a long bench starts, not after)."""
    plot_kind = PLOT_FORMATS.get(path.suffix.lower())
    if plot_kind is None:
        raise UsageError(
            f"--plot {path}: unsupported file type {path.suffix or '(none)'!r}; expected .png or .svg"
        )
    if not path.parent.absolute().is_dir():
        raise UsageError(f"--plot {path}: directory {path.parent} does not exist")
    return plot_kind


def write_plot(report: BenchReport, path: Path) -> None:
    plot_kind = plot_format(path)
    try:
        import matplotlib
    except ImportError as exc:
        raise UsageError("--plot needs matplotlib: pip install 'wslgo[plot]'") from exc
    matplotlib.use("Agg")
    from matplotlib import pyplot

    suites = list(dict.fromkeys(m.suite for m in report.measurements))
    if not suites:
        raise UsageError(f"--plot {path}: the report has no measurements to plot")
    figure, axes_list = pyplot.subplots(len(suites), 1, figsize=(9, 3.6 * len(suites)), squeeze=False)
    for axes, suite in zip((row[0] for row in axes_list), suites, strict=True):
        measurements = [m for m in report.measurements if m.suite == suite]
        operations = list(dict.fromkeys(m.operation for m in measurements))
        targets = list(dict.fromkeys(m.target for m in measurements))
        width = 0.8 / max(1, len(targets))
        for target_index, target in enumerate(targets):
            xs, medians, lower, upper = [], [], [], []
            for op_index, operation in enumerate(operations):
                match = next(
                    (m for m in measurements if m.target == target and m.operation == operation), None
                )
                if match is None:
                    continue
                summary = match.summary
                xs.append(op_index + (target_index - (len(targets) - 1) / 2) * width)
                medians.append(summary.median)
                lower.append(summary.median - summary.minimum)
                upper.append(summary.maximum - summary.median)
            filesystem = next(
                (m.filesystem for m in measurements if m.target == target and m.filesystem), None
            )
            label = f"{target} ({filesystem})" if filesystem else target
            axes.bar(xs, medians, width=width, yerr=[lower, upper], capsize=4, label=label)
        axes.set_xticks(range(len(operations)))
        axes.set_xticklabels(operations)
        axes.set_ylabel("seconds (median, min–max)")
        axes.set_title(f"wslgo bench {suite}")
        axes.legend(fontsize="small")
    kernel = report.machine.get("kernel") or "unknown kernel"
    figure.suptitle(f"{report.machine.get('distro') or ''} · {kernel} · {report.created}", fontsize="small")
    figure.tight_layout()
    figure.savefig(path, format=plot_kind)
    pyplot.close(figure)
