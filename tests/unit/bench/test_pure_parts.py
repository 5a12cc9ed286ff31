"""Module generator, file plan, machine facts, candidate choice, build controls, formatting: no I/O."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from tests.helpers import cmd, make_evidence
from wslgo.bench.buildbench import bench_environment, build_command
from wslgo.bench.candidates import choose_windows_temp
from wslgo.bench.fsplan import MAX_SIZE, MIN_SIZE, plan_files
from wslgo.bench.gobinary import GoToolchain, looks_native
from wslgo.bench.gomodgen import MODULE_PATH, ModuleShape, generate_module
from wslgo.bench.machine import facts_from_evidence, filesystem_for, windows_drive
from wslgo.bench.render import format_seconds
from wslgo.facts.wsl import parse_mounts
from wslgo.progress import NoProgress, PlainProgress, progress_for

IMPORT = re.compile(rf'"{re.escape(MODULE_PATH)}/(p\d+)"')


def test_generated_module_is_deterministic_and_seed_dependent() -> None:
    shape = ModuleShape(packages=6, files_per_package=3)
    assert generate_module(shape) == generate_module(shape)
    assert generate_module(shape) != generate_module(ModuleShape(packages=6, files_per_package=3, seed=2))


def test_generated_module_layout_and_acyclic_imports() -> None:
    files = generate_module(ModuleShape(packages=12, files_per_package=4))
    assert files["go.mod"].startswith(f"module {MODULE_PATH}\n")
    assert len([path for path in files if path.startswith("p")]) == 12 * 4
    imported_somewhere = set()
    for path, text in files.items():
        if not path.endswith(".go"):
            continue
        package = path.split("/")[0]
        for dep in IMPORT.findall(text):
            imported_somewhere.add(dep)
            if package != "cmd":
                assert int(dep[1:]) < int(package[1:]), f"{path} imports {dep}: not an earlier package"
    assert len(imported_somewhere) >= 6  # a real import graph, not islands
    assert "package main" in files["cmd/benchapp/main.go"]


def test_file_plan_sizes_layout_and_determinism() -> None:
    plan = plan_files(300, seed=7)
    assert len(plan.files) == 300
    assert all(MIN_SIZE <= planned.size <= MAX_SIZE for planned in plan.files)
    assert len({planned.relpath for planned in plan.files}) == 300
    assert {planned.relpath.split("/")[0] for planned in plan.files} == set(plan.subdirs)
    assert len(plan.subdirs) == 19
    assert all(len(plan.content(planned)) == planned.size for planned in plan.files)
    assert plan == plan_files(300, seed=7)
    assert plan.files != plan_files(300, seed=8).files
    assert len(plan_files(100_000).subdirs) == 256
    with pytest.raises(ValueError):
        plan_files(0)


MOUNTS = (
    "/dev/sdc / ext4 rw,relatime 0 0\n"
    "none /tmp tmpfs rw 0 0\n"
    "C:\\134 /mnt/c 9p rw,dirsync,aname=drvfs;path=C:\\;uid=1000 0 0\n"
    "D:\\134 /mnt/my\\040drive 9p rw 0 0\n"
    "none /mnt/c virtiofs rw 0 0\n"
)


def test_filesystem_for_longest_mount_point_and_escapes() -> None:
    mounts = parse_mounts(MOUNTS)
    assert mounts[3].point == "/mnt/my drive"
    assert filesystem_for("/home/al", mounts) == "ext4"
    assert filesystem_for("/tmp/x", mounts) == "tmpfs"
    assert filesystem_for("/tmpfoo", mounts) == "ext4"
    assert filesystem_for("/mnt/my drive/go", mounts) == "9p"
    assert filesystem_for("/mnt/c/Users", mounts) == "virtiofs"  # the later mount hides the earlier one
    assert filesystem_for("/x", []) is None


def test_machine_facts_from_wsl2_evidence() -> None:
    evidence = make_evidence(
        files={
            "/proc/sys/kernel/osrelease": "6.6.87.2-microsoft-standard-WSL2\n",
            "/etc/os-release": 'NAME="Ubuntu"\nPRETTY_NAME="Ubuntu 24.04.1 LTS"\n',
            "/proc/meminfo": "MemTotal:       16318480 kB\nMemFree: 1 kB\n",
            "/proc/cpuinfo": "processor\t: 0\nmodel name\t: x\n\nprocessor\t: 1\n\nprocessor\t: 2\n\nprocessor\t: 3\n",
            "/proc/self/mounts": MOUNTS,
        },
        commands=[cmd("go", "version", stdout="go version go1.24.1 linux/amd64\n")],
    )
    facts = facts_from_evidence(
        evidence,
        ["/home/al", "/mnt/c/Users/al/AppData/Local/Temp", "/home/al/link"],
        go_version="go1.27.3",
        resolved={"/home/al/link": "/tmp/real"},
    )
    assert facts == {
        "source": "evidence",
        "kernel": "6.6.87.2-microsoft-standard-WSL2",
        "distro": "Ubuntu 24.04.1 LTS",
        "wsl": "wsl2",
        "arch": "amd64",
        "cpus": 4,
        "memory_bytes": 16318480 * 1024,
        "go_version": "go1.27.3",
        "filesystems": {
            "/home/al": "ext4",
            "/mnt/c/Users/al/AppData/Local/Temp": "virtiofs",
            "/home/al/link": "tmpfs",
        },
    }


def test_machine_facts_unknown_when_evidence_is_empty() -> None:
    facts = facts_from_evidence(make_evidence(), ["/tmp"], go_version=None)
    assert facts["kernel"] is None and facts["cpus"] is None and facts["memory_bytes"] is None
    assert facts["filesystems"] == {"/tmp": None}


def test_windows_drive_follows_automount_root() -> None:
    assert windows_drive(make_evidence()) == "/mnt/c"
    evidence = make_evidence(files={"/etc/wsl.conf": "[automount]\nroot = /win/\n"})
    assert windows_drive(evidence) == "/win/c"


T = "/mnt/c/Users/{}/AppData/Local/Temp"


@pytest.mark.parametrize(
    ("profiles", "user", "windows_temp_ok", "expected"),
    [
        ([(T.format("Al"), True), (T.format("bob"), True)], "al", True, T.format("Al")),
        ([(T.format("Public"), True), (T.format("bob"), True)], "al", True, T.format("bob")),
        ([(T.format("bob"), True), (T.format("carol"), True)], "al", True, "/mnt/c/Windows/Temp"),
        ([(T.format("al"), False)], "al", True, "/mnt/c/Windows/Temp"),
        ([(T.format("bob"), True), (T.format("carol"), True)], None, False, T.format("bob")),
        ([], "al", False, None),
    ],
)
def test_choose_windows_temp(
    profiles: list[tuple[str, bool]], user: str | None, windows_temp_ok: bool, expected: str | None
) -> None:
    assert choose_windows_temp(profiles, user, windows_temp_ok, "/mnt/c") == expected


def test_bench_environment_controls_the_go_command() -> None:
    toolchain = GoToolchain(binary=Path("/sdk/go/bin/go"), goroot="/sdk/go", version="go1.27.3")
    base = {"PATH": "/usr/bin", "GOFLAGS": "-race -a", "GOTOOLCHAIN": "auto", "GOCACHE": "/mnt/c/cache"}
    env = bench_environment(base, toolchain, Path("/tmp/c"), Path("/tmp/m"), offline=True)
    assert env["GOFLAGS"] == "-modcacherw"
    assert env["GOTOOLCHAIN"] == "local"
    assert (env["GOCACHE"], env["GOMODCACHE"], env["GOROOT"]) == ("/tmp/c", "/tmp/m", "/sdk/go")
    assert (env["GOPROXY"], env["GOWORK"]) == ("off", "off")
    assert env["PATH"] == "/usr/bin"
    online = bench_environment({"GOPROXY": "https://p"}, toolchain, Path("/c"), Path("/m"), offline=False)
    assert online["GOPROXY"] == "https://p" and "GOWORK" not in online


def test_build_command_sends_binaries_away_from_the_project() -> None:
    assert build_command("go", has_main=True, output_dir=Path("/s/bin")) == [
        "go",
        "build",
        "-o",
        "/s/bin/",
        "./...",
    ]
    assert build_command("go", has_main=False, output_dir=Path("/s/bin")) == ["go", "build", "./..."]


def test_looks_native() -> None:
    assert looks_native(b"\x7fELF\x02")
    assert not looks_native(b"#!/usr/bin/env python3")
    assert not looks_native(b"")


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0.000_812, "812 µs"), (0.0123, "12.3 ms"), (0.5, "500 ms"), (1.2349, "1.23 s"), (250.4, "250 s")],
)
def test_format_seconds(seconds: float, text: str) -> None:
    assert format_seconds(seconds) == text


def test_plain_progress_lines_and_quiet() -> None:
    stream = io.StringIO()
    progress = PlainProgress(stream)
    progress.start("bench", 2, unit="steps")
    progress.step("fs /tmp: create")
    progress.advance()
    progress.step("fs /tmp: stat")
    progress.note("skipping /mnt/c")
    progress.finish()
    assert stream.getvalue().splitlines() == [
        "[1/2] fs /tmp: create",
        "[2/2] fs /tmp: stat",
        "skipping /mnt/c",
    ]
    from rich.console import Console

    assert isinstance(progress_for(True, Console(file=io.StringIO())), NoProgress)
    assert isinstance(progress_for(False, Console(file=io.StringIO())), PlainProgress)
