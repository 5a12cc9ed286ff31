"""GPU checks: WSL's GPU paravirtualisation and the Linux NVIDIA driver that must not be installed
(SPEC §3, GPU001–GPU002).

Facts: the GPU reaches WSL2 through ``/dev/dxg`` and the user-mode libraries in ``/usr/lib/wsl/lib``
(microsoft/WSL ``LXSS_LIB_PATH``). NVIDIA's CUDA on WSL User Guide: "users must not install any NVIDIA GPU
Linux driver within WSL 2" — a distro driver shadows the ``libcuda.so`` stub that forwards to the Windows
driver.
"""

from __future__ import annotations

import posixpath

from wslgo.checks.model import Finding, error, info, ok, skipped
from wslgo.checks.registry import check
from wslgo.evidence.model import Evidence
from wslgo.facts.wsl import dpkg_installed, wsl_conf_bool, wsl_kind
from wslgo.i18n import N_, Joined, M

WSL_LIB = "/usr/lib/wsl/lib"
#: Where a distro's NVIDIA driver puts libcuda (the collector globs these).
DISTRO_LIB_DIRS = ("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64")
DRIVER_PACKAGE_PREFIXES = ("nvidia-driver-", "libnvidia-compute-", "nvidia-dkms-", "cuda-drivers")


def _skip_unless_wsl2(evidence: Evidence) -> Finding | None:
    kind = wsl_kind(evidence)
    if kind is None:
        return skipped(M("Skipped: the evidence does not say whether this is WSL."))
    if kind == "none":
        return skipped(M("Skipped: not running under WSL."))
    if kind == "wsl1":
        return skipped(M("Skipped: WSL1 has no GPU paravirtualisation (it needs WSL2)."))
    return None


def _libcuda(evidence: Evidence, directory: str) -> list[str]:
    return sorted(
        path
        for path, entry in evidence.paths_under(directory)
        if posixpath.dirname(path) == directory
        and posixpath.basename(path).startswith("libcuda.so")
        and entry.exists
    )


@check("GPU001", N_("GPU paravirtualisation (/dev/dxg, /usr/lib/wsl/lib)"))
def gpu_paravirtualisation(evidence: Evidence) -> list[Finding]:
    if (finding := _skip_unless_wsl2(evidence)) is not None:
        return [finding]
    dxg = evidence.exists("/dev/dxg")
    if dxg is None:
        return [skipped(M("Skipped: /dev/dxg was not recorded."))]
    libs = _libcuda(evidence, WSL_LIB)
    enabled, source = wsl_conf_bool(evidence, "gpu.enabled")
    if not enabled:
        return [
            info(M("GPU paravirtualisation is turned off: [gpu] enabled=false ({source}).", source=source))
        ]
    if dxg and libs:
        return [
            info(
                M(
                    "GPU available: /dev/dxg and {libraries} (CUDA through the Windows driver).",
                    libraries=", ".join(libs),
                )
            )
        ]
    if dxg:
        return [
            info(
                M(
                    "/dev/dxg is present but {directory} has no libcuda.so: DirectX/Mesa work; for CUDA "
                    "install the NVIDIA driver on Windows (not in the distro).",
                    directory=WSL_LIB,
                )
            )
        ]
    return [info(M("No GPU paravirtualisation: /dev/dxg is absent (no supported GPU driver on Windows)."))]


def _driver_files(evidence: Evidence) -> list[str]:
    found: list[str] = []
    for directory in DISTRO_LIB_DIRS:
        for path in _libcuda(evidence, directory):
            entry = evidence.path(path)
            if entry is None:
                continue
            # A symlink into /usr/lib/wsl/lib is how ldconfig exposes the stub; a real file is a driver.
            if entry.kind == "file" or (
                entry.kind == "symlink" and not (entry.target or "").startswith(WSL_LIB)
            ):
                found.append(path)
    smi = evidence.which("nvidia-smi")
    if smi is not None and not smi.startswith(WSL_LIB + "/"):
        entry = evidence.path(smi)
        if entry is not None and entry.kind == "file":
            found.append(M("{path} (wins on PATH over {stub})", path=smi, stub=f"{WSL_LIB}/nvidia-smi"))
    return found


@check("GPU002", N_("No Linux NVIDIA driver inside the distro"))
def linux_nvidia_driver(evidence: Evidence) -> list[Finding]:
    if (finding := _skip_unless_wsl2(evidence)) is not None:
        return [finding]
    files = _driver_files(evidence)
    installed = dpkg_installed(evidence)
    packages = sorted(
        name for name in (installed or set()) if any(name.startswith(p) for p in DRIVER_PACKAGE_PREFIXES)
    )
    if files or packages:
        parts: list[str] = []
        if files:
            parts.append(M("files: {files}", files=Joined(files, ", ")))
        if packages:
            parts.append(M("packages (/var/lib/dpkg/status): {packages}", packages=", ".join(packages)))
        remove = f"sudo apt-get remove --purge {' '.join(packages)}" if packages else f"sudo rm {files[0]}"
        return [
            error(
                M(
                    "A Linux NVIDIA driver is installed in the distro ({evidence}); it shadows WSL's libcuda "
                    "stub in {directory}, and CUDA breaks. NVIDIA: do not install a Linux GPU driver in WSL "
                    "2; use the cuda-toolkit-* packages, not cuda or cuda-drivers.",
                    evidence=Joined(parts),
                    directory=WSL_LIB,
                ),
                fix=f"{remove} && sudo ldconfig",
            )
        ]
    if installed is None and not any(True for _ in evidence.paths_under("/usr/lib/x86_64-linux-gnu")):
        return [
            skipped(
                M("Skipped: neither the package list nor the distro's library directories were recorded.")
            )
        ]
    return [
        ok(
            M(
                "No Linux NVIDIA driver in the distro (no libcuda outside /usr/lib/wsl/lib, no driver "
                "package)."
            )
        )
    ]


__all__ = ["DRIVER_PACKAGE_PREFIXES"]
