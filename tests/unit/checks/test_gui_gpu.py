"""GUI001–GUI002 and GPU001–GPU002 from evidence."""

from __future__ import annotations

from tests.helpers import make_evidence
from wslgo.checks import gpu, gui
from wslgo.checks.model import Finding, Status
from wslgo.evidence.model import Evidence, PathInfo

WSL2_KERNEL = "5.15.133.1-microsoft-standard-WSL2\n"
FYNE_GO_MOD = "module example.com/app\n\ngo 1.22\n\nrequire (\n\tfyne.io/fyne/v2 v2.4.5\n\tgolang.org/x/text v0.14.0\n)\n"
PLAIN_GO_MOD = "module example.com/app\n\ngo 1.22\n\nrequire golang.org/x/text v0.14.0\n"
DPKG = (
    "Package: libgl1-mesa-dev\nStatus: install ok installed\nVersion: 23.2.1\n\n"
    "Package: xorg-dev\nStatus: install ok installed\n\n"
    "Package: pkg-config\nStatus: deinstall ok config-files\n"
)
DPKG_DRIVER = "Package: nvidia-driver-535\nStatus: install ok installed\n\nPackage: libc6\nStatus: install ok installed\n"


def one(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, findings
    return findings[0]


def wsl2(**kwargs: object) -> Evidence:
    files = {"/proc/sys/kernel/osrelease": WSL2_KERNEL, **kwargs.pop("files", {})}  # type: ignore[dict-item]
    env = {"WSL_DISTRO_NAME": "Ubuntu", "PATH": "/usr/bin:/usr/lib/wsl/lib", **kwargs.pop("env", {})}  # type: ignore[dict-item]
    return make_evidence(files=files, env=env, **kwargs)  # type: ignore[arg-type]


def plain() -> Evidence:
    return make_evidence(files={"/proc/sys/kernel/osrelease": "6.1.0-18-amd64\n"})


def test_wslg_present_absent_and_needed() -> None:
    present = wsl2(env={"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, paths={"/mnt/wslg": "dir"})
    assert "available" in one(gui.wslg(present)).message
    absent = wsl2(paths={"/mnt/wslg": "missing"})
    assert one(gui.wslg(absent)).status is Status.INFO
    needed = wsl2(paths={"/mnt/wslg": "missing"}, files={"/home/al/project/go.mod": FYNE_GO_MOD})
    finding = one(gui.wslg(needed))
    assert finding.status is Status.WARNING and "fyne" in finding.message
    disabled = wsl2(
        paths={"/mnt/wslg": "dir"},
        env={"DISPLAY": ":0"},
        files={
            "/mnt/c/Users/al/.wslconfig": "[wsl2]\nguiApplications=false\n",
            "/home/al/project/go.mod": FYNE_GO_MOD,
        },
    )
    off = one(gui.wslg(disabled))
    assert off.status is Status.WARNING and "/mnt/c/Users/al/.wslconfig:2" in off.message
    assert one(gui.wslg(plain())).status is Status.SKIPPED


def test_gui_build_deps() -> None:
    missing = make_evidence(
        files={"/home/al/project/go.mod": FYNE_GO_MOD, "/var/lib/dpkg/status": DPKG},
        env={"PATH": "/usr/bin"},
        paths={"/usr/bin/gcc": "file"},
    )
    finding = one(gui.gui_build_deps(missing))
    assert finding.status is Status.WARNING and finding.fix == "sudo apt-get install -y pkg-config"
    complete = make_evidence(
        files={"/home/al/project/go.mod": FYNE_GO_MOD, "/var/lib/dpkg/status": DPKG},
        env={"PATH": "/usr/bin"},
        paths={"/usr/bin/gcc": "file", "/usr/bin/pkg-config": "file"},
    )
    assert one(gui.gui_build_deps(complete)).status is Status.OK
    assert one(gui.gui_build_deps(make_evidence(files={"/home/al/go.mod": PLAIN_GO_MOD}))).status is Status.OK
    assert one(gui.gui_build_deps(make_evidence())).status is Status.SKIPPED


def test_gpu_paravirtualisation() -> None:
    libs = {
        "/dev/dxg": "char",
        "/usr/lib/wsl/lib/libcuda.so.1": "file",
        "/usr/lib/wsl/lib/libcuda.so": "file",
    }
    finding = one(gpu.gpu_paravirtualisation(wsl2(paths=libs)))
    assert finding.status is Status.INFO and "/usr/lib/wsl/lib/libcuda.so.1" in finding.message
    assert "absent" in one(gpu.gpu_paravirtualisation(wsl2(paths={"/dev/dxg": "missing"}))).message
    assert one(gpu.gpu_paravirtualisation(wsl2())).status is Status.SKIPPED
    assert one(gpu.gpu_paravirtualisation(plain())).status is Status.SKIPPED


def test_linux_nvidia_driver() -> None:
    by_package = one(gpu.linux_nvidia_driver(wsl2(files={"/var/lib/dpkg/status": DPKG_DRIVER})))
    assert by_package.status is Status.ERROR and "nvidia-driver-535" in (by_package.fix or "")
    shadowing = wsl2(
        env={"PATH": "/usr/bin:/usr/lib/wsl/lib"},
        paths={
            "/usr/lib/x86_64-linux-gnu/libcuda.so.1": PathInfo(kind="file", size=30_000_000),
            "/usr/bin/nvidia-smi": "file",
            "/usr/lib/wsl/lib/nvidia-smi": "file",
        },
        files={"/var/lib/dpkg/status": "Package: libc6\nStatus: install ok installed\n"},
    )
    finding = one(gpu.linux_nvidia_driver(shadowing))
    assert finding.status is Status.ERROR
    assert (
        "/usr/lib/x86_64-linux-gnu/libcuda.so.1" in finding.message
        and "/usr/bin/nvidia-smi" in finding.message
    )
    stub_link = wsl2(
        paths={
            "/usr/lib/x86_64-linux-gnu/libcuda.so.1": PathInfo(
                kind="symlink", target="/usr/lib/wsl/lib/libcuda.so.1"
            )
        },
        files={"/var/lib/dpkg/status": "Package: libc6\nStatus: install ok installed\n"},
    )
    assert one(gpu.linux_nvidia_driver(stub_link)).status is Status.OK
    assert one(gpu.linux_nvidia_driver(wsl2())).status is Status.SKIPPED
    assert one(gpu.linux_nvidia_driver(plain())).status is Status.SKIPPED
