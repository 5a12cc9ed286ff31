"""The bench report: measurements with every raw sample, and its versioned JSON form.

The JSON file is a contract (STYLE habit 9): teams keep ``before.json`` and ``after.json`` around and feed
them to ``wslgo bench compare`` months later, so the keys are pinned by a test and ``schema_version``
changes whenever their meaning does. Summaries are written for readers of the file, but on reading they
are recomputed from the raw samples: the samples are the truth.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from wslgo.bench.stats import Summary, summarize
from wslgo.errors import InputError
from wslgo.jsontext import loads_json

SCHEMA_VERSION = 1
REPORT_KIND = "wslgo-bench"


@dataclass(frozen=True)
class Measurement:
    """One thing timed ``len(samples)`` times: ``operation`` of ``suite`` against ``target``.

    ``target`` is the directory measured (fs: where the files were written; build: where GOCACHE lived).
    ``(suite, target, operation)`` identifies a measurement across reports: ``compare`` joins on it.
    """

    suite: str
    target: str
    operation: str
    samples: tuple[float, ...]
    unit: str = "s"
    filesystem: str | None = None
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.suite, self.target, self.operation)

    @property
    def summary(self) -> Summary:
        return summarize(self.samples)

    def to_json(self) -> dict[str, Any]:
        summary = self.summary
        return {
            "suite": self.suite,
            "target": self.target,
            "operation": self.operation,
            "filesystem": self.filesystem,
            "unit": self.unit,
            "params": dict(self.params),
            "median": summary.median,
            "min": summary.minimum,
            "max": summary.maximum,
            "mean": summary.mean,
            "samples": list(self.samples),
        }


@dataclass(frozen=True)
class BenchReport:
    """Everything one ``wslgo bench`` run measured, plus the machine it ran on."""

    created: str
    wslgo_version: str
    machine: Mapping[str, Any]
    parameters: Mapping[str, Any]
    measurements: tuple[Measurement, ...]
    schema_version: int = SCHEMA_VERSION

    def to_json(self) -> dict[str, Any]:
        return {
            "schema_version": self.schema_version,
            "kind": REPORT_KIND,
            "created": self.created,
            "wslgo_version": self.wslgo_version,
            "machine": dict(self.machine),
            "parameters": dict(self.parameters),
            "measurements": [measurement.to_json() for measurement in self.measurements],
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=2, sort_keys=False) + "\n"


def loads_report(text: str, source: str) -> BenchReport:
    """Parse a report file's text; ``source`` names the file in the one-line error on bad input."""
    try:
        data = loads_json(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{source}: line {exc.lineno} column {exc.colno}: invalid JSON ({exc.msg}); "
            "expected a report written by 'wslgo bench --json'"
        ) from exc
    return report_from_json(data, source)


def report_from_json(data: object, source: str) -> BenchReport:
    """Validate and convert decoded JSON into a ``BenchReport`` (``InputError`` naming what is wrong)."""
    if not isinstance(data, dict):
        raise InputError(f"{source}: top level is {_type_name(data)}; expected a JSON object")
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        raise InputError(
            f"{source}: schema_version is {json.dumps(version)}; expected {SCHEMA_VERSION} "
            "(a report written by 'wslgo bench --json')"
        )
    raw_measurements = data.get("measurements")
    if not isinstance(raw_measurements, list):
        raise InputError(f"{source}: 'measurements' is {_type_name(raw_measurements)}; expected a list")
    machine = data.get("machine", {})
    parameters = data.get("parameters", {})
    if not isinstance(machine, dict) or not isinstance(parameters, dict):
        raise InputError(f"{source}: 'machine' and 'parameters' must be JSON objects")
    measurements = tuple(
        _measurement_from_json(item, f"{source}: measurements[{index}]")
        for index, item in enumerate(raw_measurements)
    )
    return BenchReport(
        created=str(data.get("created", "")),
        wslgo_version=str(data.get("wslgo_version", "")),
        machine=MappingProxyType(machine),
        parameters=MappingProxyType(parameters),
        measurements=measurements,
    )


def _measurement_from_json(item: object, where: str) -> Measurement:
    if not isinstance(item, dict):
        raise InputError(f"{where} is {_type_name(item)}; expected an object")
    texts: dict[str, str] = {}
    for name in ("suite", "target", "operation"):
        value = item.get(name)
        if not isinstance(value, str) or not value:
            raise InputError(f"{where}.{name} is {json.dumps(value)}; expected a non-empty string")
        texts[name] = value
    samples = item.get("samples")
    if not isinstance(samples, list) or not samples:
        raise InputError(f"{where}.samples is {json.dumps(samples)}; expected a non-empty list of seconds")
    for position, sample in enumerate(samples):
        if (
            isinstance(sample, bool)
            or not isinstance(sample, int | float)
            or not math.isfinite(sample)
            or sample < 0
        ):
            raise InputError(
                f"{where}.samples[{position}] is {json.dumps(sample)}; expected a non-negative number"
            )
    filesystem = item.get("filesystem")
    params = item.get("params", {})
    return Measurement(
        suite=texts["suite"],
        target=texts["target"],
        operation=texts["operation"],
        samples=tuple(float(sample) for sample in samples),
        unit=str(item.get("unit", "s")),
        filesystem=filesystem if isinstance(filesystem, str) else None,
        params=MappingProxyType(params if isinstance(params, dict) else {}),
    )


def _type_name(value: object) -> str:
    if value is None:
        return "missing or null"
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}.get(
        type(value), "a number" if isinstance(value, int | float) else type(value).__name__
    )
