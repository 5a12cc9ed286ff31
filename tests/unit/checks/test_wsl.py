"""WSL001–WSL020 from evidence built of real strings (kernel releases, wsl.exe output, mounts)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.helpers import cmd, make_evidence
from wslgo.checks.model import Finding, Status
from wslgo.checks.wsl import config, platform, system, vm, windows
from wslgo.evidence.model import Evidence, PathInfo
from wslgo.facts.wsl import (
    POWERSHELL_HOST_ARGV,
    automount_root,
    parse_wsl_version_output,
    wsl_kind,
    wslconfig_path,
)

WSL2_KERNEL = "5.15.133.1-microsoft-standard-WSL2\n"  # corpus 32 / 35
OLD_WSL2_KERNEL = "4.19.104-microsoft-standard\n"  # corpus 06 / 21
WSL1_KERNEL = "4.4.0-19041-Microsoft\n"
PLAIN_KERNEL = "6.1.0-18-amd64\n"
PROC_VERSION_WSL2 = (
    "Linux version 4.19.104-microsoft-standard (oe-user@oe-host) (gcc version 8.2.0 (GCC)) "
    "#1 SMP Wed Feb 19 06:37:35 UTC 2020\n"
)
# corpus 09 (English) and 07 (German), as wsl.exe prints them
WSL_VERSION_EN = (
    "WSL version: 1.0.0.0\nKernel version: 5.15.74.2\nWSLg version: 1.0.47\nMSRDC version: 1.2.3575\n"
    "Direct3D version: 1.606.4\nDXCore version: 10.0.25131.1002-220531-1700.rs-onecore-base2-hyp\n"
    "Windows version: 10.0.19045.2311\n"
)
WSL_VERSION_DE = (
    "WSL-Version: 2.0.14.0\nKernelversion: 5.15.133.1\nWSLg-Version: 1.0.59\nMSRDC-Version: 1.2.4677\n"
    "Direct3D-Version: 1.611.1-81528511\nDXCore-Version: 10.0.25131.1002-220531-1700.rs-onecore-base2-hyp\n"
    "Windows Version: 10.0.22621.3007\n"
)
INBOX_USAGE = (
    "Copyright (c) Microsoft Corporation. All rights reserved.\n\nUsage: wsl.exe [Argument] [Options...] "
    "[CommandLine]\n\nArguments for running Linux binaries:\n"
)
PROFILE_CMDS = [
    cmd("cmd.exe", "/c", "echo %USERPROFILE%", stdout="C:\\Users\\al\r\n"),
    cmd("wslpath", "-u", "C:\\Users\\al", stdout="/mnt/c/Users/al\n"),
]
WSLCONFIG = "/mnt/c/Users/al/.wslconfig"
MOUNT_C = (
    "C:\\134 /mnt/c 9p rw,noatime,dirsync,aname=drvfs;path=C:\\134;uid=1000;gid=1000;symlinkroot=/mnt/,"
    "mmap,access=client,msize=65536,trans=fd,rfd=8,wfd=8 0 0\n"
)
MOUNT_C_METADATA = MOUNT_C.replace("path=C:\\134;", "path=C:\\134;metadata;")


def host(memory: int = 32 * 1024**3, cpus: int = 16) -> Any:
    body = json.dumps({"TotalPhysicalMemory": memory, "NumberOfLogicalProcessors": cpus}, indent=4)
    return cmd(*POWERSHELL_HOST_ARGV, stdout=body + "\r\n")


def wsl2(**kwargs: Any) -> Evidence:
    files = {"/proc/sys/kernel/osrelease": WSL2_KERNEL, **kwargs.pop("files", {})}
    env = {"WSL_DISTRO_NAME": "Ubuntu", "PATH": "/usr/local/bin:/usr/bin:/bin", **kwargs.pop("env", {})}
    return make_evidence(files=files, env=env, **kwargs)


def plain_linux() -> Evidence:
    return make_evidence(
        files={"/proc/sys/kernel/osrelease": PLAIN_KERNEL},
        paths={"/run/WSL": "missing", "/proc/sys/fs/binfmt_misc/WSLInterop": "missing"},
        env={"PATH": "/usr/bin"},
    )


def one(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, findings
    return findings[0]


# -- detection ------------------------------------------------------------------------------------


def test_wsl_kind_from_kernel_markers_and_custom_kernel() -> None:
    assert wsl_kind(wsl2()) == "wsl2"
    assert wsl_kind(make_evidence(files={"/proc/sys/kernel/osrelease": WSL1_KERNEL})) == "wsl1"
    assert wsl_kind(make_evidence(files={"/proc/version": PROC_VERSION_WSL2})) == "wsl2"
    assert wsl_kind(plain_linux()) == "none"
    custom = make_evidence(
        files={"/proc/sys/kernel/osrelease": "6.6.36-custom\n"}, env={"WSL_INTEROP": "/run/WSL/1_interop"}
    )
    assert wsl_kind(custom) == "wsl2"
    assert wsl_kind(make_evidence()) is None


def test_environment_kind_statuses() -> None:
    assert one(platform.environment_kind(wsl2())).status is Status.OK
    wsl1 = one(
        platform.environment_kind(
            make_evidence(
                files={"/proc/sys/kernel/osrelease": WSL1_KERNEL}, env={"WSL_DISTRO_NAME": "Debian"}
            )
        )
    )
    assert wsl1.status is Status.WARNING and wsl1.fix == "wsl.exe --set-version Debian 2"
    assert one(platform.environment_kind(plain_linux())).status is Status.INFO
    assert one(platform.environment_kind(make_evidence())).status is Status.SKIPPED


def test_kernel_version() -> None:
    assert one(platform.kernel_version(wsl2())).status is Status.OK
    old = one(platform.kernel_version(wsl2(files={"/proc/sys/kernel/osrelease": OLD_WSL2_KERNEL})))
    assert old.status is Status.WARNING and "4.19.104-microsoft-standard" in old.message
    assert one(platform.kernel_version(plain_linux())).status is Status.SKIPPED


# -- WSL003 ----------------------------------------------------------------------------------------


def test_wsl_version_output_is_parsed_without_labels() -> None:
    assert parse_wsl_version_output(WSL_VERSION_DE)[:2] == ["2.0.14.0", "5.15.133.1"]
    assert parse_wsl_version_output("\ufeff" + WSL_VERSION_EN)[0] == "1.0.0.0"
    assert parse_wsl_version_output(INBOX_USAGE) == []


@pytest.mark.parametrize(
    ("stdout", "expected"), [(WSL_VERSION_DE, "WSL 2.0.14.0"), (WSL_VERSION_EN, "WSL 1.0.0.0")]
)
def test_wsl_package_version_ok(stdout: str, expected: str) -> None:
    finding = one(platform.wsl_package_version(wsl2(commands=[cmd("wsl.exe", "--version", stdout=stdout)])))
    assert finding.status is Status.OK and expected in finding.message


def test_inbox_wsl_is_a_warning_and_missing_is_skipped() -> None:
    inbox = wsl2(commands=[cmd("wsl.exe", "--version", stdout=INBOX_USAGE, rc=-1)])
    assert one(platform.wsl_package_version(inbox)).status is Status.WARNING
    missing = wsl2(commands=[cmd("wsl.exe", "--version", rc=None, error="not-found")])
    assert one(platform.wsl_package_version(missing)).status is Status.SKIPPED
    assert one(platform.wsl_package_version(plain_linux())).status is Status.SKIPPED


# -- WSL004 ----------------------------------------------------------------------------------------

UBUNTU_2004 = 'NAME="Ubuntu"\nVERSION="20.04.6 LTS (Focal Fossa)"\nID=ubuntu\nID_LIKE=debian\nPRETTY_NAME="Ubuntu 20.04.6 LTS"\nVERSION_ID="20.04"\n'
UBUNTU_2404 = 'PRETTY_NAME="Ubuntu 24.04.1 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\nID=ubuntu\n'
DEBIAN_11 = (
    'PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\nNAME="Debian GNU/Linux"\nVERSION_ID="11"\nID=debian\n'
)
KALI = 'PRETTY_NAME="Kali GNU/Linux Rolling"\nID=kali\nVERSION_ID="2024.1"\n'


def test_distro_release_end_of_life() -> None:
    past = one(platform.distro_release(make_evidence(files={"/etc/os-release": UBUNTU_2004})))
    assert past.status is Status.WARNING and "2025-05-31" in past.message
    assert (
        one(platform.distro_release(make_evidence(files={"/etc/os-release": UBUNTU_2404}))).status
        is Status.INFO
    )
    assert (
        one(platform.distro_release(make_evidence(files={"/etc/os-release": DEBIAN_11}))).status
        is Status.WARNING
    )
    before = make_evidence(files={"/etc/os-release": DEBIAN_11}, created="2026-08-01T00:00:00+00:00")
    assert one(platform.distro_release(before)).status is Status.INFO
    assert one(platform.distro_release(make_evidence(files={"/etc/os-release": KALI}))).status is Status.INFO
    assert one(platform.distro_release(make_evidence())).status is Status.SKIPPED


# -- WSL005 ----------------------------------------------------------------------------------------


def test_systemd_state() -> None:
    conf = {"/etc/wsl.conf": "[boot]\nsystemd=true\n"}
    running = wsl2(files={**conf, "/proc/1/comm": "systemd\n"})
    assert one(platform.systemd_state(running)).status is Status.INFO
    pending = one(platform.systemd_state(wsl2(files={**conf, "/proc/1/comm": "init\n"})))
    assert pending.status is Status.WARNING and pending.fix == "wsl.exe --shutdown"
    assert "/etc/wsl.conf:2" in pending.message
    off = one(platform.systemd_state(wsl2(files={"/proc/1/comm": "init\n"})))
    assert off.status is Status.INFO and off.fixable_by == "wsl-conf"
    hidden = wsl2(
        files={"/etc/wsl.conf": "; boot settings\n[boot]\nsystemd=true\n", "/proc/1/comm": "init\n"}
    )
    finding = one(platform.systemd_state(hidden))
    assert finding.status is Status.WARNING and "never reads" in finding.message
    assert one(platform.systemd_state(plain_linux())).status is Status.SKIPPED
    assert one(platform.systemd_state(wsl2())).status is Status.SKIPPED


# -- WSL010 / WSL011 -------------------------------------------------------------------------------


def test_wsl_conf_rejected_line_is_an_error_naming_ignored_settings() -> None:
    data = '[automount]\noptions = "metadata"\n; case sensitivity\n[boot]\nsystemd=true\n[interop]\nappendWindowsPath=false\n'
    findings = config.wsl_conf_syntax(wsl2(files={"/etc/wsl.conf": data}))
    finding = one(findings)
    assert finding.status is Status.ERROR
    assert "/etc/wsl.conf:3" in finding.message
    assert (
        "boot.systemd (line 5)" in finding.message and "interop.appendWindowsPath (line 7)" in finding.message
    )
    assert finding.fix is not None and "wsl.exe --terminate Ubuntu" in finding.fix


def test_wsl_conf_warnings_and_ok() -> None:
    data = "[network]\ngenerateResolveConf = false\n[boot]\nsystemd=yes\n"
    findings = config.wsl_conf_syntax(wsl2(files={"/etc/wsl.conf": data}))
    assert [f.status for f in findings] == [Status.WARNING, Status.WARNING]
    assert "did you mean 'generateResolvConf'" in findings[0].message
    assert "Invalid boolean value 'yes'" in findings[1].message
    assert (
        one(config.wsl_conf_syntax(wsl2(files={"/etc/wsl.conf": "[boot]\nsystemd=true\n"}))).status
        is Status.OK
    )
    absent = wsl2(paths={"/etc/wsl.conf": "missing"})
    assert one(config.wsl_conf_syntax(absent)).status is Status.OK
    assert one(config.wsl_conf_syntax(wsl2())).status is Status.SKIPPED
    assert one(config.wsl_conf_syntax(plain_linux())).status is Status.SKIPPED


def test_wslconfig_found_by_profile_and_problems_are_warnings() -> None:
    data = b"[wsl2]\r\nmemory=8GB\r\n; swap=0\r\npageReporting=false\r\n[experimental]\r\nnetworkingMode=mirrored\r\n[wsl2]\r\nnetworkingMode=nat\r\n"
    evidence = wsl2(files={WSLCONFIG: data}, commands=PROFILE_CMDS)
    assert wslconfig_path(evidence) == WSLCONFIG
    findings = config.wslconfig_syntax(evidence)
    assert [f.status for f in findings] == [Status.WARNING] * 3
    assert f"{WSLCONFIG}:3" in findings[0].message and "skips this line" in findings[0].message
    assert "pageReporting" in findings[1].message
    assert "Duplicated config key 'wsl2.networkingMode'" in findings[2].message


def test_wslconfig_glob_fallback_ok_missing_and_unknown() -> None:
    evidence = wsl2(files={WSLCONFIG: "[wsl2]\nmemory=8GB\n"})
    assert one(config.wslconfig_syntax(evidence)).status is Status.OK
    absent = wsl2(commands=PROFILE_CMDS, paths={WSLCONFIG: "missing"})
    assert one(config.wslconfig_syntax(absent)).status is Status.OK
    assert one(config.wslconfig_syntax(wsl2())).status is Status.SKIPPED
    assert one(config.wslconfig_syntax(plain_linux())).status is Status.SKIPPED


# -- WSL012–WSL015, WSL019 -------------------------------------------------------------------------


def _vm(wslconfig: str, **kwargs: Any) -> Evidence:
    commands = [*PROFILE_CMDS, *kwargs.pop("commands", [])]
    return wsl2(files={WSLCONFIG: wslconfig, **kwargs.pop("files", {})}, commands=commands, **kwargs)


def test_memory() -> None:
    too_much = one(vm.wslconfig_memory(_vm("[wsl2]\nmemory=64GB\n", commands=[host()])))
    assert too_much.status is Status.ERROR and too_much.fixable_by == "wslconfig"
    assert f"{WSLCONFIG}:2" in too_much.message and "memory=24GB" in (too_much.fix or "")
    small = one(vm.wslconfig_memory(_vm("[wsl2]\nmemory=2GB # small\n", commands=[host()])))
    assert small.status is Status.WARNING
    default = one(vm.wslconfig_memory(_vm("[wsl2]\n", commands=[host()])))
    assert default.status is Status.INFO and "16 GiB" in default.message
    lower_bound = _vm("[wsl2]\n", files={"/proc/meminfo": "MemTotal:       16318532 kB\nMemFree: 1 kB\n"})
    finding = one(vm.wslconfig_memory(lower_bound))
    assert finding.status is Status.INFO and "lower bound" in finding.message
    assert one(vm.wslconfig_memory(_vm("[wsl2]\n"))).status is Status.SKIPPED
    assert one(vm.wslconfig_memory(plain_linux())).status is Status.SKIPPED


def test_processors() -> None:
    over = one(vm.wslconfig_processors(_vm("[wsl2]\nprocessors=32\n", commands=[host(cpus=8)])))
    assert over.status is Status.ERROR and "processors=6" in (over.fix or "")
    assert (
        one(vm.wslconfig_processors(_vm("[wsl2]\nprocessors=4\n", commands=[host(cpus=8)]))).status
        is Status.INFO
    )
    cpuinfo = "processor\t: 0\nmodel name\t: x\n\nprocessor\t: 1\nmodel name\t: x\n"
    fallback = one(vm.wslconfig_processors(_vm("[wsl2]\n", files={"/proc/cpuinfo": cpuinfo})))
    assert fallback.status is Status.INFO and "sees 2" in fallback.message
    assert one(vm.wslconfig_processors(plain_linux())).status is Status.SKIPPED


def test_swap() -> None:
    no_swap = one(vm.wslconfig_swap(_vm("[wsl2]\nmemory=4GB\nswap=0\n", commands=[host()])))
    assert no_swap.status is Status.WARNING
    assert (
        one(vm.wslconfig_swap(_vm("[wsl2]\nmemory=16GB\nswap=0\n", commands=[host()]))).status is Status.INFO
    )
    default = one(vm.wslconfig_swap(_vm("[wsl2]\nmemory=6GB\n", commands=[host()])))
    assert default.status is Status.INFO and "2.0 GiB" in default.message
    assert one(vm.wslconfig_swap(plain_linux())).status is Status.SKIPPED


def test_memory_reclaim() -> None:
    disabled = one(vm.memory_reclaim(_vm("[experimental]\nautoMemoryReclaim=Disabled\n")))
    assert disabled.status is Status.WARNING and disabled.fixable_by == "wslconfig"
    default = one(vm.memory_reclaim(_vm("[wsl2]\n")))
    assert default.status is Status.INFO and "dropCache" in default.message
    assert one(vm.memory_reclaim(_vm("[experimental]\nautoMemoryReclaim=gradual\n"))).fix is None
    assert one(vm.memory_reclaim(plain_linux())).status is Status.SKIPPED


def test_networking_mode() -> None:
    mirrored = one(vm.networking_mode(_vm("[experimental]\nnetworkingMode=mirrored\n")))
    assert mirrored.status is Status.INFO and "127.0.0.1" in mirrored.message
    nat = one(vm.networking_mode(_vm("[wsl2]\nlocalhostForwarding=false\n")))
    assert "cannot reach" in nat.message
    assert one(vm.networking_mode(plain_linux())).status is Status.SKIPPED


def test_unread_wslconfig_is_skipped_not_assumed_default() -> None:
    """No profile found, or the file's state not recorded: WSL012-WSL015 and WSL019 say so, never guess."""
    no_profile = wsl2(commands=[host()])
    not_collected = wsl2(commands=[*PROFILE_CMDS, host()])
    for evidence in (no_profile, not_collected):
        for run in (
            vm.wslconfig_memory,
            vm.wslconfig_processors,
            vm.wslconfig_swap,
            vm.memory_reclaim,
            vm.networking_mode,
        ):
            finding = one(run(evidence))
            assert finding.status is Status.SKIPPED and ".wslconfig" in finding.message, (run, finding)
    # Known absent is not unknown: WSL's defaults then apply and are reported.
    absent = wsl2(commands=[*PROFILE_CMDS, host()], paths={WSLCONFIG: "missing"})
    assert one(vm.wslconfig_memory(absent)).status is Status.INFO
    assert "dropCache" in one(vm.memory_reclaim(absent)).message


# -- WSL016 ----------------------------------------------------------------------------------------

WIN_GO = "/mnt/c/Program Files/Go/bin"


def test_windows_go_ahead_of_linux_go() -> None:
    path = f"/usr/bin:{WIN_GO}:/usr/local/go/bin"
    paths = {f"{WIN_GO}/go.exe": "file", "/usr/local/go/bin/go": "file"}
    finding = one(windows.windows_tools_on_path(wsl2(env={"PATH": path}, paths=paths)))
    assert finding.status is Status.WARNING and finding.fixable_by == "wsl-conf"
    assert f"{WIN_GO}/go.exe comes before /usr/local/go/bin/go" in finding.message
    fine = wsl2(env={"PATH": f"/usr/local/go/bin:/usr/bin:{WIN_GO}"}, paths=paths)
    assert one(windows.windows_tools_on_path(fine)).status is Status.OK
    only_windows = wsl2(env={"PATH": f"/usr/bin:{WIN_GO}"}, paths={f"{WIN_GO}/go.exe": "file"})
    assert "no Linux go" in one(windows.windows_tools_on_path(only_windows)).message
    off = wsl2(
        env={"PATH": path}, paths=paths, files={"/etc/wsl.conf": "[interop]\nappendWindowsPath=false\n"}
    )
    assert one(windows.windows_tools_on_path(off)).status is Status.OK
    assert one(windows.windows_tools_on_path(plain_linux())).status is Status.SKIPPED


def test_automount_root_follows_wsl_conf() -> None:
    evidence = wsl2(files={"/etc/wsl.conf": "[automount]\nroot = /\n"})
    assert automount_root(evidence) == "/"
    assert automount_root(wsl2(files={"/etc/wsl.conf": "[automount]\nroot=/win\n"})) == "/win/"
    assert automount_root(wsl2()) == "/mnt/"


# -- WSL017 / WSL018 / WSL020 ----------------------------------------------------------------------


def test_drvfs_options() -> None:
    on_mnt = wsl2(files={"/proc/self/mounts": MOUNT_C}, cwd="/mnt/c/Users/al/src/app")
    finding = one(windows.drvfs_options(on_mnt))
    assert finding.status is Status.WARNING and finding.fixable_by == "wsl-conf"
    assert one(windows.drvfs_options(wsl2(files={"/proc/self/mounts": MOUNT_C}))).status is Status.INFO
    assert one(windows.drvfs_options(wsl2(files={"/proc/self/mounts": MOUNT_C_METADATA}))).status is Status.OK
    assert one(windows.drvfs_options(wsl2())).status is Status.SKIPPED
    assert one(windows.drvfs_options(plain_linux())).status is Status.SKIPPED


GENERATED_RESOLV = (
    "# This file was automatically generated by WSL. To stop automatic generation of this file, add the "
    "following entry to /etc/wsl.conf:\n# [network]\n# generateResolvConf = false\nnameserver 10.255.255.254\n"
)


def test_dns() -> None:
    assert one(system.dns_resolv_conf(wsl2(files={"/etc/resolv.conf": GENERATED_RESOLV}))).status is Status.OK
    broken = wsl2(
        files={"/etc/wsl.conf": "[network]\ngenerateResolvConf = false\n", "/etc/resolv.conf": "# empty\n"}
    )
    assert one(system.dns_resolv_conf(broken)).status is Status.ERROR
    dangling = wsl2(
        files={"/etc/wsl.conf": "[network]\ngenerateResolvConf=false\n"},
        paths={
            "/etc/resolv.conf": PathInfo(kind="symlink", target="../run/systemd/resolve/stub-resolv.conf")
        },
    )
    assert "symlink" in one(system.dns_resolv_conf(dangling)).message
    assert one(system.dns_resolv_conf(wsl2())).status is Status.SKIPPED
    assert one(system.dns_resolv_conf(plain_linux())).status is Status.SKIPPED


def test_clock_drift() -> None:
    go_env = cmd("go", "env", "-json", stdout=json.dumps({"GOCACHE": "/home/al/.cache/go-build"}))
    future = make_evidence(
        commands=[go_env],
        paths={"/home/al/.cache/go-build/3f": PathInfo(kind="dir", mtime="2026-11-01T15:00:00Z")},
    )
    finding = one(system.clock_drift(future))
    assert finding.status is Status.WARNING and "/home/al/.cache/go-build/3f" in finding.message
    present = make_evidence(
        commands=[go_env],
        paths={"/home/al/project/main.go": PathInfo(kind="file", mtime="2026-11-01T11:59:00Z")},
    )
    assert one(system.clock_drift(present)).status is Status.OK
    assert one(system.clock_drift(make_evidence())).status is Status.SKIPPED


def test_wsl016_a_go_symlink_to_go_exe_is_not_a_linux_go() -> None:
    from tests.helpers import make_evidence
    from wslgo.checks.wsl.windows import windows_tools_on_path
    from wslgo.evidence.model import PathInfo

    evidence = make_evidence(
        env={"PATH": "/usr/local/bin:/usr/bin:/mnt/c/Program Files/Go/bin", "WSL_DISTRO_NAME": "Ubuntu"},
        files={"/proc/sys/kernel/osrelease": "5.15.167.4-microsoft-standard-WSL2\n"},
        paths={
            "/usr/local/bin": "dir",
            "/usr/bin": "dir",
            "/mnt/c/Program Files/Go/bin": "dir",
            "/usr/local/bin/go": PathInfo(
                kind="symlink", mode="0777", target="/mnt/c/Program Files/Go/bin/go.exe"
            ),
            "/mnt/c/Program Files/Go/bin/go.exe": PathInfo(kind="file", mode="0777"),
        },
    )
    [finding] = windows_tools_on_path(evidence)
    assert finding.status.value == "warning", finding.message
    assert "no Linux go on PATH" in finding.message
