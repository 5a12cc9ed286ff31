"""Statistics, the report schema and before/after ratios: pure, no I/O."""

from __future__ import annotations

import json

import pytest

from wslgo.bench.compare import compare_reports
from wslgo.bench.model import SCHEMA_VERSION, BenchReport, Measurement, loads_report, report_from_json
from wslgo.bench.stats import summarize
from wslgo.errors import ExitCode, InputError


def test_summarize_median_min_max_mean() -> None:
    summary = summarize([3.0, 1.0, 2.0, 10.0])
    assert (summary.median, summary.minimum, summary.maximum, summary.count) == (2.5, 1.0, 10.0, 4)
    assert summary.mean == pytest.approx(4.0)


def test_summarize_refuses_no_samples() -> None:
    with pytest.raises(ValueError, match="empty"):
        summarize([])


def _report(*measurements: Measurement) -> BenchReport:
    return BenchReport(
        created="2026-11-01T12:00:00+00:00",
        wslgo_version="0.1.0",
        machine={"kernel": "6.6.87.2-microsoft-standard-WSL2", "filesystems": {"/tmp": "ext4"}},
        parameters={"files": 10},
        measurements=measurements,
    )


def test_report_json_contract_keys_and_round_trip() -> None:
    measurement = Measurement(
        "fs", "/tmp", "create", (0.3, 0.1, 0.2), filesystem="ext4", params={"files": 10}
    )
    data = _report(measurement).to_json()
    assert list(data) == [
        "schema_version",
        "kind",
        "created",
        "wslgo_version",
        "machine",
        "parameters",
        "measurements",
    ]
    assert data["schema_version"] == SCHEMA_VERSION == 1
    assert list(data["measurements"][0]) == [
        "suite",
        "target",
        "operation",
        "filesystem",
        "unit",
        "params",
        "median",
        "min",
        "max",
        "mean",
        "samples",
    ]
    assert data["measurements"][0]["samples"] == [0.3, 0.1, 0.2]
    assert data["measurements"][0]["median"] == 0.2
    again = loads_report(json.dumps(data), "a.json")
    assert again.measurements == (measurement,)
    assert again.measurements[0].key == ("fs", "/tmp", "create")
    assert again.measurements[0].filesystem == "ext4"


def _doc(measurements: object, version: object = 1) -> str:
    return json.dumps({"schema_version": version, "measurements": measurements})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"schema_version": 1,\n "measurements": [}', r"a\.json: line 2 column 19: invalid JSON"),
        ("[1, 2]", r"a\.json: top level is a list; expected a JSON object"),
        (_doc([], version=2), r"a\.json: schema_version is 2; expected 1"),
        (json.dumps({"measurements": []}), r"schema_version is null; expected 1"),
        (_doc({"x": 1}), r"'measurements' is an object; expected a list"),
        (
            _doc([{"suite": "fs", "target": "/t", "operation": "read", "samples": []}]),
            r"measurements\[0\]\.samples",
        ),
        (_doc([{"suite": "fs", "target": "/t", "samples": [1]}]), r"measurements\[0\]\.operation is null"),
        (
            _doc([{"suite": "fs", "target": "/t", "operation": "read", "samples": [0.1, -1]}]),
            r"measurements\[0\]\.samples\[1\] is -1; expected a non-negative number",
        ),
        (
            _doc([{"suite": "fs", "target": "/t", "operation": "read", "samples": ["fast"]}]),
            r"samples\[0\] is \"fast\"",
        ),
    ],
)
def test_malformed_reports_are_one_line_input_errors(text: str, expected: str) -> None:
    with pytest.raises(InputError, match=expected) as caught:
        loads_report(text, "a.json")
    assert caught.value.exit_code == ExitCode.USAGE
    assert "\n" not in caught.value.message


HAND_WRITTEN_BEFORE = {
    "schema_version": 1,
    "measurements": [
        {"suite": "build", "target": "/mnt/c/Temp", "operation": "cold", "samples": [8.0, 8.4, 9.0]},
        {"suite": "build", "target": "/mnt/c/Temp", "operation": "warm", "samples": [1.0, 1.2, 0.9]},
        {"suite": "fs", "target": "/home/al", "operation": "stat", "samples": [0.010, 0.020, 0.030]},
        {"suite": "fs", "target": "/gone", "operation": "read", "samples": [1.0]},
    ],
}
HAND_WRITTEN_AFTER = {
    "schema_version": 1,
    "measurements": [
        {"suite": "fs", "target": "/home/al", "operation": "stat", "samples": [0.020]},
        {"suite": "build", "target": "/mnt/c/Temp", "operation": "cold", "samples": [2.1, 2.0, 1.9, 2.2]},
        {"suite": "build", "target": "/mnt/c/Temp", "operation": "warm", "samples": [1.8, 1.8]},
        {"suite": "fs", "target": "/new", "operation": "read", "samples": [1.0]},
    ],
}


def test_compare_ratios_of_medians_on_hand_written_reports() -> None:
    before = report_from_json(HAND_WRITTEN_BEFORE, "before.json")
    after = report_from_json(HAND_WRITTEN_AFTER, "after.json")
    result = compare_reports(before, after)
    rows = {(row.suite, row.operation): row for row in result.matched}
    assert [(row.suite, row.operation) for row in result.matched] == [
        ("build", "cold"),
        ("build", "warm"),
        ("fs", "stat"),
    ]
    cold = rows[("build", "cold")]
    assert (cold.before_median, cold.after_median) == (8.4, 2.05)
    assert cold.ratio == pytest.approx(2.05 / 8.4)
    assert cold.change == "4.10× faster"
    warm = rows[("build", "warm")]
    assert warm.ratio == pytest.approx(1.8 / 1.0)
    assert warm.change == "1.80× slower"
    assert rows[("fs", "stat")].ratio == pytest.approx(1.0)
    assert rows[("fs", "stat")].change == "same"
    assert result.only_before == (("fs", "/gone", "read"),)
    assert result.only_after == (("fs", "/new", "read"),)


def test_compare_zero_before_has_no_ratio() -> None:
    before = report_from_json(
        {
            "schema_version": 1,
            "measurements": [{"suite": "s", "target": "t", "operation": "o", "samples": [0]}],
        },
        "a",
    )
    after = report_from_json(
        {
            "schema_version": 1,
            "measurements": [{"suite": "s", "target": "t", "operation": "o", "samples": [1]}],
        },
        "b",
    )
    row = compare_reports(before, after).matched[0]
    assert row.ratio is None
    assert row.change == "n/a"
