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
from wslgo.i18n import N_, M
from wslgo.wslconf import schema

NOT_WSL = M("Skipped: not running under WSL.")
UNSET = M("(unset)")

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


@check("GUI001", N_("WSLg (GUI apps)"))
def wslg(evidence: Evidence) -> list[Finding]:
    kind = wsl_kind(evidence)
    if kind is None or kind == "none":
        return [skipped(NOT_WSL if kind else M("Skipped: WSL or not is unknown."))]
    wslg_dir = automount_root(evidence) + "wslg"
    present = evidence.exists(wslg_dir)
    display = evidence.env.get("DISPLAY")
    wayland = evidence.env.get("WAYLAND_DISPLAY")
    enabled, source = _gui_applications(evidence)
    toolkits = project_toolkits(evidence)
    if present:
        where = M("{path} present", path=wslg_dir)
    elif present is False:
        where = M("{path} absent", path=wslg_dir)
    else:
        where = M("{path} not recorded", path=wslg_dir)
    facts = M(
        "{where}, DISPLAY={display}, WAYLAND_DISPLAY={wayland}, guiApplications={enabled} ({source})",
        where=where,
        display=display or UNSET,
        wayland=wayland or UNSET,
        enabled=str(enabled).lower(),
        source=source,
    )
    available = kind == "wsl2" and present is True and enabled and bool(display or wayland)
    if available:
        return [info(M("WSLg is available: {facts}.", facts=facts))]
    if toolkits is not None and toolkits[1]:
        fix = (
            M(
                "set guiApplications=true under [wsl2] in .wslconfig, then {command}",
                command="wsl.exe --shutdown",
            )
            if not enabled
            else M(
                "{command}  # WSLg needs WSL2 from the Store",
                command="wsl.exe --update && wsl.exe --shutdown",
            )
        )
        return [
            warning(
                M(
                    "WSLg is not available ({facts}) but {gomod} requires {toolkits}: the GUI program cannot "
                    "open a window.",
                    facts=facts,
                    gomod=toolkits[0],
                    toolkits=", ".join(toolkits[1]),
                ),
                fix=fix,
            )
        ]
    return [info(M("WSLg is not available: {facts}.", facts=facts))]


@check("GUI002", N_("Build dependencies of Go GUI toolkits"))
def gui_build_deps(evidence: Evidence) -> list[Finding]:
    toolkits = project_toolkits(evidence)
    if toolkits is None:
        return [skipped(M("Skipped: no go.mod found for the project."))]
    go_mod, names = toolkits
    if not names:
        return [ok(M("{gomod} requires no GUI toolkit.", gomod=go_mod))]
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
                M(
                    "{gomod} requires {toolkits}, which builds with cgo against system libraries; missing: "
                    "{packages}.",
                    gomod=go_mod,
                    toolkits=", ".join(names),
                    packages=", ".join(missing),
                ),
                fix=f"sudo apt-get install -y {' '.join(missing)}",
            )
        ]
    if installed is None:
        return [
            info(
                M(
                    "{gomod} requires {toolkits}; gcc and pkg-config are on PATH, but the package list "
                    "(/var/lib/dpkg/status) was not collected, so the libraries were not checked.",
                    gomod=go_mod,
                    toolkits=", ".join(names),
                ),
                fix=f"sudo apt-get install -y {' '.join(needed)}",
            )
        ]
    return [
        ok(
            M(
                "{gomod} requires {toolkits}; its build dependencies are installed.",
                gomod=go_mod,
                toolkits=", ".join(names),
            )
        )
    ]


__all__ = ["GUI_TOOLKITS", "TOOLKIT_PACKAGES", "project_toolkits"]
