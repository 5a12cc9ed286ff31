"""Steps from evidence (pure): what they change, what they leave alone, and that a second run plans nothing."""

from __future__ import annotations

import json

from tests.helpers import cmd, make_evidence
from wslgo.edit.diff import plan_diff
from wslgo.evidence.model import PathInfo
from wslgo.facts.wsl import POWERSHELL_HOST_ARGV
from wslgo.golang.goenv import parse_env_file
from wslgo.setup.api import plan_inputs, plan_steps
from wslgo.setup.inputs import inputs_from_evidence
from wslgo.setup.model import SetupOptions

GIB = 1024**3
HOME = "/home/al"
GOENV = "/home/al/.config/go/env"
WSLCONFIG = "/mnt/c/Users/al/.wslconfig"


def _evidence(
    files: dict[str, bytes | str],
    *,
    env: dict[str, str] | None = None,
    ram: int = 32 * GIB,
    cpus: int = 16,
    paths: dict[str, object] | None = None,
) -> object:
    host = json.dumps({"TotalPhysicalMemory": ram, "NumberOfLogicalProcessors": cpus})
    return make_evidence(
        env={"HOME": HOME, "PATH": "/usr/bin", "WSL_DISTRO_NAME": "Ubuntu", **(env or {})},
        files=files,
        paths=paths or {},
        commands=[
            cmd(*POWERSHELL_HOST_ARGV, stdout=host),
            cmd("cmd.exe", "/c", "echo %USERPROFILE%", stdout="C:\\Users\\al\r\n"),
            cmd("wslpath", "-u", "C:\\Users\\al", stdout="/mnt/c/Users/al\n"),
        ],
    )


def test_wslconfig_keeps_a_deliberate_value_and_fixes_one_above_host_ram() -> None:
    deliberate = _evidence({WSLCONFIG: "[wsl2]\r\nmemory=8GB\r\n"})
    plan = plan_steps(deliberate, ["wslconfig"])
    after = plan.edits[0].after
    assert b"memory=8GB\r\n" in after and b"processors=12\r\n" in after
    assert b"autoMemoryReclaim=gradual\r\n" in after and b"sparseVhd=true\r\n" in after
    assert b"\n" not in after.replace(b"\r\n", b"")
    assert any("wsl.exe --shutdown" in command for command in plan.commands)
    too_big = plan_steps(_evidence({WSLCONFIG: "[wsl2]\nmemory=64GB\nprocessors=32\n"}), ["wslconfig"])
    assert b"memory=24GB\n" in too_big.edits[0].after and b"processors=12\n" in too_big.edits[0].after


def test_wslconfig_without_host_facts_says_so_and_options_fill_in() -> None:
    evidence = make_evidence(env={"HOME": HOME}, files={WSLCONFIG: "[wsl2]\n"})
    plan = plan_steps(evidence, ["wslconfig"])
    assert any("RAM is unknown" in note for note in plan.notes)
    assert b"memory=" not in plan.edits[0].after
    with_options = plan_steps(evidence, ["wslconfig"], SetupOptions(host_memory=16 * GIB, host_processors=8))
    assert b"memory=12GB" in with_options.edits[0].after and b"processors=6" in with_options.edits[0].after


def test_wsl_conf_needs_root_for_a_normal_user_and_suggests_terminate() -> None:
    evidence = _evidence(
        {"/etc/wsl.conf": "[boot]\nsystemd=true\n"}, paths={"/etc/wsl.conf": PathInfo("file", writable=False)}
    )
    plan = plan_steps(evidence, ["wsl-conf"])
    edit = plan.edits[0]
    assert edit.needs_root and edit.after == b"[boot]\nsystemd=true\n\n[automount]\noptions=metadata\n"
    assert plan.commands[0].startswith("wsl.exe --terminate Ubuntu")
    assert "needs root" in plan_diff(plan)


def test_wsl_conf_is_skipped_on_a_machine_that_is_not_wsl() -> None:
    plain_linux = make_evidence(
        env={"HOME": HOME, "PATH": "/usr/bin"},
        files={
            "/proc/sys/kernel/osrelease": "6.1.0-26-amd64\n",
            "/proc/version": "Linux version 6.1.0-26-amd64\n",
        },
        paths={
            "/run/WSL": "missing",
            "/proc/sys/fs/binfmt_misc/WSLInterop": "missing",
            "/etc/wsl.conf": "missing",
        },
    )
    plan = plan_steps(plain_linux, ["wsl-conf"])
    assert plan.edits == () and plan.commands == ()
    assert any("not WSL" in note for note in plan.notes)


def test_wsl_conf_append_windows_path_only_when_windows_tools_shadow() -> None:
    paths = {"/mnt/c/Go/bin/go.exe": "file", "/usr/local/go/bin/go": "file"}
    shadowed = _evidence(
        {"/etc/wsl.conf": "[interop]\nappendWindowsPath = true\n"},
        env={"PATH": "/mnt/c/Go/bin:/usr/local/go/bin"},
        paths=paths,
    )
    plan = plan_steps(shadowed, ["wsl-conf"])
    assert b"appendWindowsPath = false\n" in plan.edits[0].after
    fine = _evidence(
        {"/etc/wsl.conf": "[interop]\nappendWindowsPath = true\n"},
        env={"PATH": "/usr/local/go/bin:/mnt/c/Go/bin"},
        paths=paths,
    )
    assert b"appendWindowsPath = true\n" in plan_steps(fine, ["wsl-conf"]).edits[0].after


def test_go_env_fixes_the_guides_values_in_the_go_env_file() -> None:
    evidence = _evidence(
        {
            GOENV: "GOPROXY=https://goproxy.cn,https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org+https://sum.golang.org\n"
        }
    )
    plan = plan_steps(evidence, ["go-env"])
    values = parse_env_file(plan.edits[0].after.decode()).values
    assert values == {
        "GOPROXY": "https://goproxy.cn|https://proxy.golang.org|direct",
        "GOSUMDB": "sum.golang.org",
    }


def test_go_cache_moves_settings_off_mnt_and_notes_env_only_values() -> None:
    evidence = _evidence(
        {
            GOENV: "GOCACHE=/mnt/c/go-cache\nGOPRIVATE=x.com\n",
            f"{HOME}/.bashrc": "export GOPATH=/mnt/d/go-workspace\n",
        },
        env={"GOMODCACHE": "/mnt/e/mod"},
    )
    plan = plan_steps(evidence, ["go-cache"])
    by_path = {edit.path: edit.after for edit in plan.edits}
    assert by_path[GOENV] == b"GOPRIVATE=x.com\n"
    assert by_path[f"{HOME}/.bashrc"] == b"# wslgo: export GOPATH=/mnt/d/go-workspace\n"
    assert any("GOMODCACHE=/mnt/e/mod comes from the environment" in note for note in plan.notes)


def test_all_steps_twice_plan_nothing_the_second_time() -> None:
    files = {
        f"{HOME}/.bashrc": "export PATH=$PATH:/usr/local/go/bin\nexport PATH=$PATH:/usr/local/go/bin\n"
        "export GOSUMDB=sum.golang.org+https://sum.golang.org\n",
        "/etc/wsl.conf": "[automount]\nenabled=true\n",
        WSLCONFIG: "[wsl2]\r\n; comment\r\nmemory=4GB # inline\r\n",
    }
    evidence = _evidence(files, env={"GOSUMDB": "sum.golang.org+https://sum.golang.org"})
    steps = ["shell", "go-env", "go-cache", "proxy", "wsl-conf", "wslconfig"]
    first = plan_steps(evidence, steps)
    assert {edit.path for edit in first.edits} == {f"{HOME}/.bashrc", GOENV, "/etc/wsl.conf", WSLCONFIG}
    inputs = inputs_from_evidence(evidence)
    for edit in first.edits:
        inputs = inputs.with_file(edit.path, edit.after)
    second = plan_inputs(inputs, steps)
    assert second.is_empty, plan_diff(second)
    goenv = parse_env_file(next(e.after for e in first.edits if e.path == GOENV).decode()).values
    assert goenv == {
        "GOSUMDB": "sum.golang.org",
        "GOPROXY": "http://127.0.0.1:3000|https://proxy.golang.org,direct",
    }


def test_binary_rc_file_is_refused_and_other_steps_go_on() -> None:
    evidence = _evidence(
        {f"{HOME}/.bashrc": b"\x00\x01\xff binary", GOENV: "GOSUMDB=sum.golang.org+https://sum.golang.org\n"}
    )
    plan = plan_steps(evidence, ["shell", "go-env"])
    assert any(".bashrc: left untouched: not a text file" in refusal for refusal in plan.refusals)
    assert [edit.path for edit in plan.edits] == [GOENV]
