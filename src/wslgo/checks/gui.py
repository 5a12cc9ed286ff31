"""GUI checks: WSLg and the build dependencies of Go GUI toolkits (SPEC §3, GUI001–GUI002).

WSLg facts: microsoft/wslg README (WSL2 only, ``[wsl2] guiApplications=false`` turns it off) and WSL's
init (``src/linux/init/config.cpp``: ``DISPLAY``, ``WAYLAND_DISPLAY``, ``<automount root>wslg``).
"""

from __future__ import annotations

from wslgo.checks.model import Finding, info, ok, skipped, warning
from wslgo.checks.registry import check
from wslgo.evidence.model import Evidence
from wslgo.facts.wsl import (
    automount_root,
    dpkg_installed,
    go_mod_requires,
    project_go_mod,
    wsl_conf_bool,
    wsl_kind,
    wslconfig_state,
)
from wslgo.wslconf import schema

#: Module path prefixes of Go GUI toolkits → the toolkit's name.
GUI_TOOLKITS: dict[str, str] = {
    "fyne.io/fyne": "fyne",
    "gioui.org": "gio",
    "github.com/webview/webview": "webview",
    "github.com/webview/webview_go": "webview",
    "github.com/wailsapp/wails": "wails",
    "github.com/go-gl/glfw": "glfw",
    "github.com/hajimehoshi/ebiten": "ebiten",
}

#: Debian/Ubuntu packages each toolkit needs to build (from the toolkits' install guides).
TOOLKIT_PACKAGES: dict[str, tuple[str, ...]] = {
    "fyne": ("gcc", "pkg-config", "libgl1-mesa-dev", "xorg-dev"),
    "glfw": ("gcc", "pkg-config", "libgl1-mesa-dev", "xorg-dev"),
    "ebiten": ("gcc", "pkg-config", "libgl1-mesa-dev", "libasound2-dev", "xorg-dev"),
    "gio": (
        "gcc",
        "pkg-config",
        "libwayland-dev",
        "libx11-dev",
        "libx11-xcb-dev",
        "libxkbcommon-x11-dev",
        "libgles2-mesa-dev",
        "libegl1-mesa-dev",
        "libffi-dev",
        "libxcursor-dev",
        "libvulkan-dev",
    ),
    "webview": ("gcc", "pkg-config", "libgtk-3-dev", "libwebkit2gtk-4.1-dev"),
    "wails": ("gcc", "pkg-config", "libgtk-3-dev", "libwebkit2gtk-4.1-dev"),
}


def project_toolkits(evidence: Evidence) -> tuple[str, list[str]] | None:
    """The project's go.mod path and the GUI toolkits it requires; ``None`` without a go.mod."""
    found = project_go_mod(evidence)
    if found is None:
        return None
    path, text = found
    toolkits: list[str] = []
    for module in go_mod_requires(text):
        for prefix, name in GUI_TOOLKITS.items():
            if (module == prefix or module.startswith(prefix + "/")) and name not in toolkits:
                toolkits.append(name)
    return path, toolkits


def _gui_applications(evidence: Evidence) -> tuple[bool, str]:
    state = wslconfig_state(evidence)
    if state is not None and state.reading is not None:
        setting = state.reading.setting("wsl2.guiApplications")
        if setting is not None and schema.effective(state.reading, "wsl2.guiApplications") == setting.value:
            return schema.parse_bool(setting.value) is True, state.reading.where(setting.line)
    enabled, source = wsl_conf_bool(evidence, "general.guiApplications")
    return enabled, source


@check("GUI001", "WSLg (GUI apps)")
def wslg(evidence: Evidence) -> list[Finding]:
    kind = wsl_kind(evidence)
    if kind is None or kind == "none":
        return [skipped("Skipped: not running under WSL." if kind else "Skipped: WSL or not is unknown.")]
    wslg_dir = automount_root(evidence) + "wslg"
    present = evidence.exists(wslg_dir)
    display = evidence.env.get("DISPLAY")
    wayland = evidence.env.get("WAYLAND_DISPLAY")
    enabled, source = _gui_applications(evidence)
    toolkits = project_toolkits(evidence)
    facts = (
        f"{wslg_dir} {'present' if present else 'absent' if present is False else 'not recorded'}, "
        f"DISPLAY={display or '(unset)'}, WAYLAND_DISPLAY={wayland or '(unset)'}, "
        f"guiApplications={str(enabled).lower()} ({source})"
    )
    available = kind == "wsl2" and present is True and enabled and bool(display or wayland)
    if available:
        return [info(f"WSLg is available: {facts}.")]
    if toolkits is not None and toolkits[1]:
        fix = (
            "set guiApplications=true under [wsl2] in .wslconfig, then wsl.exe --shutdown"
            if not enabled
            else "wsl.exe --update && wsl.exe --shutdown  # WSLg needs WSL2 from the Store"
        )
        return [
            warning(
                f"WSLg is not available ({facts}) but {toolkits[0]} requires {', '.join(toolkits[1])}: "
                "the GUI program cannot open a window.",
                fix=fix,
            )
        ]
    return [info(f"WSLg is not available: {facts}.")]


@check("GUI002", "Build dependencies of Go GUI toolkits")
def gui_build_deps(evidence: Evidence) -> list[Finding]:
    toolkits = project_toolkits(evidence)
    if toolkits is None:
        return [skipped("Skipped: no go.mod found for the project.")]
    go_mod, names = toolkits
    if not names:
        return [ok(f"{go_mod} requires no GUI toolkit.")]
    needed: list[str] = []
    for name in names:
        needed.extend(pkg for pkg in TOOLKIT_PACKAGES[name] if pkg not in needed)
    installed = dpkg_installed(evidence)
    missing: list[str] = []
    for package in needed:
        if package in ("gcc", "pkg-config"):
            if evidence.which(package) is None and (installed is None or package not in installed):
                missing.append(package)
        elif installed is not None and package not in installed:
            missing.append(package)
    if missing:
        return [
            warning(
                f"{go_mod} requires {', '.join(names)}, which builds with cgo against system libraries; "
                f"missing: {', '.join(missing)}.",
                fix=f"sudo apt-get install -y {' '.join(missing)}",
            )
        ]
    if installed is None:
        return [
            info(
                f"{go_mod} requires {', '.join(names)}; gcc and pkg-config are on PATH, but the package list "
                "(/var/lib/dpkg/status) was not collected, so the libraries were not checked.",
                fix=f"sudo apt-get install -y {' '.join(needed)}",
            )
        ]
    return [ok(f"{go_mod} requires {', '.join(names)}; its build dependencies are installed.")]


__all__ = ["GUI_TOOLKITS", "TOOLKIT_PACKAGES", "project_toolkits"]
