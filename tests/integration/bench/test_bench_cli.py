"""``wslgo bench`` end to end: real files in tmp dirs, the real go binary, real plots."""

from __future__ import annotations

import json
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.integration.bench.conftest import scratch_left
from wslgo.cli.main import main

pytestmark = pytest.mark.integration


def _assert_positive_samples(report: dict[str, object], per_measurement: int) -> None:
    measurements = report["measurements"]
    assert isinstance(measurements, list)
    for measurement in measurements:
        samples = measurement["samples"]
        assert len(samples) == per_measurement
        assert all(isinstance(sample, float) and sample > 0 for sample in samples), measurement
        assert measurement["min"] <= measurement["median"] <= measurement["max"]


def test_fs_bench_json_png_and_cleanup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = tmp_path / "a", tmp_path / "b with space"
    first.mkdir()
    second.mkdir()
    report_path, plot_path = tmp_path / "fs.json", tmp_path / "fs.png"
    rc = main(
        ["bench", "fs", "--dirs", f"{first},{second}", "--files", "6", "--repeat", "2",
         "--json", str(report_path), "--plot", str(plot_path)]
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert rc == 0, err
    assert "create" in out and "median" in out
    assert "[1/16] fs " in err  # plain progress lines: stderr is not a terminal here
    report = json.loads(report_path.read_text())
    assert report["schema_version"] == 1
    assert {"kernel", "distro", "wsl", "cpus", "memory_bytes", "filesystems"} <= set(report["machine"])
    assert set(report["machine"]["filesystems"]) == {str(first), str(second)}
    keys = [(m["suite"], m["target"], m["operation"]) for m in report["measurements"]]
    assert keys == [
        ("fs", str(d), op) for d in (first, second) for op in ("create", "stat", "read", "delete")
    ]
    assert all(m["params"]["files"] == 6 for m in report["measurements"])
    _assert_positive_samples(report, 2)
    assert scratch_left(first, second) == []
    data = plot_path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])
    assert width > 100 and height > 100
    from matplotlib import image

    assert image.imread(str(plot_path)).shape[:2] == (height, width)


def test_quiet_silences_progress(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "fs", "--dirs", str(tmp_path), "--files", "2", "--repeat", "1", "--quiet"]) == 0
    assert capsys.readouterr().err == ""
    assert main(["--quiet", "bench", "fs", "--dirs", str(tmp_path), "--files", "2", "--repeat", "1"]) == 0
    assert capsys.readouterr().err == ""


def test_build_bench_cold_warm_svg_and_cleanup(
    tmp_path: Path, tiny_module: Path, go_binary: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    caches = [tmp_path / "cache-a", tmp_path / "cache-b"]
    for cache in caches:
        cache.mkdir()
    before = sorted(p.name for p in tiny_module.rglob("*"))
    report_path, plot_path = tmp_path / "build.json", tmp_path / "build.svg"
    rc = main(
        ["bench", "build", "--project", str(tiny_module), "--cache-dirs", ",".join(map(str, caches)),
         "--repeat", "2", "--go", str(go_binary), "--json", str(report_path), "--plot", str(plot_path), "-q"]
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert rc == 0, err
    assert "cold" in out and "warm" in out
    report = json.loads(report_path.read_text())
    keys = [(m["suite"], m["target"], m["operation"]) for m in report["measurements"]]
    assert keys == [("build", str(c), op) for c in caches for op in ("cold", "warm")]
    assert report["parameters"]["go"] == str(go_binary)
    assert report["machine"]["go_version"].startswith("go1.")
    _assert_positive_samples(report, 2)
    assert scratch_left(*caches) == []
    assert sorted(p.name for p in tiny_module.rglob("*")) == before
    root = ET.parse(plot_path).getroot()
    assert root.tag.endswith("svg")
    assert "warm" in plot_path.read_text()


def test_build_bench_never_writes_a_binary_into_the_project(
    tmp_path: Path, tiny_module: Path, go_binary: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A module with one command: plain 'go build ./...' would write ./tiny; the bench must not."""
    (tiny_module / "main.go").write_text("package main\n\nfunc main() {}\n")
    before = sorted(p.name for p in tiny_module.rglob("*"))
    args = ["bench", "build", "--project", str(tiny_module), "--cache-dirs", str(tmp_path), "--repeat", "1"]
    assert main([*args, "--go", str(go_binary), "-q"]) == 0, capsys.readouterr().err
    assert sorted(p.name for p in tiny_module.rglob("*")) == before
    assert scratch_left(tmp_path) == []


def test_build_bench_default_generated_module_compiles(
    tmp_path: Path, go_binary: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The generator's code must really compile (a cold build compiles fmt & co., so one small run)."""
    rc = main(
        ["bench", "build", "--packages", "3", "--cache-dirs", str(tmp_path), "--repeat", "1",
         "--go", str(go_binary), "--json", str(tmp_path / "r.json"), "-q"]
    )  # fmt: skip
    assert rc == 0, capsys.readouterr().err
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["parameters"]["project"] == "generated:3x5:seed1"
    _assert_positive_samples(report, 1)
    assert scratch_left(tmp_path) == []


def test_compare_prints_ratios(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def write(name: str, samples: list[float]) -> Path:
        path = tmp_path / name
        measurement = {"suite": "build", "target": "/mnt/c/T", "operation": "cold", "samples": samples}
        path.write_text(json.dumps({"schema_version": 1, "measurements": [measurement]}))
        return path

    rc = main(
        ["bench", "compare", str(write("before.json", [8.0, 8.4, 9.0])), str(write("after.json", [2.1]))]
    )
    out = capsys.readouterr().out
    assert rc == 0
    assert "0.250" in out and "4.00× faster" in out and "8.4 s" in out and "2.1 s" in out


def test_compare_without_common_measurements_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, target in (("a.json", "/x"), ("b.json", "/y")):
        measurement = {"suite": "fs", "target": target, "operation": "read", "samples": [1]}
        (tmp_path / name).write_text(json.dumps({"schema_version": 1, "measurements": [measurement]}))
    assert main(["bench", "compare", str(tmp_path / "a.json"), str(tmp_path / "b.json")]) == 1
    assert "only in" in capsys.readouterr().out


def _one_line_error(capsys: pytest.CaptureFixture[str], *needles: str) -> None:
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("wslgo: ")
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_bad_input_is_one_line_exit_2(
    tmp_path: Path, go_binary: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing"
    assert main(["bench", "fs", "--dirs", str(missing), "--files", "1"]) == 2
    _one_line_error(capsys, str(missing), "not an existing directory")

    not_go = tmp_path / "not-go"
    not_go.mkdir()
    assert main(["bench", "build", "--project", str(not_go), "--go", str(go_binary)]) == 2
    _one_line_error(capsys, "no go.mod")

    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "go.mod").write_text("module broken\n\ngo 1.21\n")
    (broken / "x.go").write_text("package x\n\nfunc F() int { return undefined }\n")
    args = ["bench", "build", "--project", str(broken), "--cache-dirs", str(tmp_path), "--repeat", "1"]
    assert main([*args, "--go", str(go_binary), "-q"]) == 2
    _one_line_error(capsys, "go build ./...' failed", "undefined")
    assert scratch_left(tmp_path) == []

    good = tmp_path / "good.json"
    good.write_text(json.dumps({"schema_version": 1, "measurements": []}))
    malformed = tmp_path / "malformed.json"
    malformed.write_text('{"schema_version": 1, "measurements": [\n')
    assert main(["bench", "compare", str(malformed), str(good)]) == 2
    _one_line_error(capsys, str(malformed), "line 2", "invalid JSON")
    assert main(["bench", "compare", str(good), str(tmp_path / "nope.json")]) == 2
    _one_line_error(capsys, "nope.json", "no such file")

    assert main(["bench", "fs", "--dirs", str(tmp_path), "--plot", str(tmp_path / "chart.jpg")]) == 2
    _one_line_error(capsys, "chart.jpg", ".png or .svg")
    assert main(["bench", "build", "--go", str(tmp_path / "nope" / "go")]) == 2
    _one_line_error(capsys, "--go", "not an executable Go binary")
