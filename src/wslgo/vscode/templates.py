"""What ``wslgo vscode init`` wants in ``.vscode/launch.json`` and ``.vscode/settings.json``.

Pure data from a few facts about the project (its main packages), so the same input always produces the
same configurations and the tests can pin them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

#: ``dlv --headless --listen=127.0.0.1:2345`` is Delve's documented default port.
HEADLESS_PORT = 2345
LAUNCH_VERSION = "0.2.0"


def launch_configurations(main_packages: Sequence[str]) -> list[dict[str, Any]]:
    """Launch each main package (``.``-relative dirs), test the current package, attach, connect.

    With no main package found, one "Launch package" entry debugs the workspace folder, which is what
    the Go extension itself would default to.
    """
    configs: list[dict[str, Any]] = []
    for package in main_packages or ["."]:
        clean = package.strip("/").removeprefix("./")
        suffix = "" if clean in ("", ".") else f"/{clean}"
        label = "Launch package" if not suffix else f"Launch {clean}"
        configs.append(
            {
                "name": label,
                "type": "go",
                "request": "launch",
                "mode": "debug",
                "program": "${workspaceFolder}" + suffix,
            }
        )
    configs.append(
        {
            "name": "Test current package",
            "type": "go",
            "request": "launch",
            "mode": "test",
            "program": "${fileDirname}",
        }
    )
    configs.append(
        {
            "name": "Attach to local process",
            "type": "go",
            "request": "attach",
            "mode": "local",
            "processId": "${command:pickGoProcess}",
        }
    )
    configs.append(
        {
            "name": f"Connect to dlv --headless (127.0.0.1:{HEADLESS_PORT})",
            "type": "go",
            "request": "attach",
            "mode": "remote",
            "host": "127.0.0.1",
            "port": HEADLESS_PORT,
        }
    )
    return configs


def go_settings(build_tags: Sequence[str] = ()) -> dict[str, Any]:
    """Go extension settings wslgo recommends on WSL; ``go.gopath`` is deliberately absent.

    ``go.toolsManagement.autoUpdate`` keeps gopls/dlv in step with the extension; build tags, when the
    project uses them, go to both gopls (``build.buildFlags``) and the test runner (``go.buildTags``) so the
    editor and ``go test`` see the same files.
    """
    settings: dict[str, Any] = {
        "go.toolsManagement.autoUpdate": True,
        "go.useLanguageServer": True,
        "gopls": {"build.buildFlags": [f"-tags={','.join(build_tags)}"] if build_tags else []},
        "[go]": {
            "editor.formatOnSave": True,
            "editor.codeActionsOnSave": {"source.organizeImports": "explicit"},
        },
    }
    if build_tags:
        settings["go.buildTags"] = ",".join(build_tags)
    return settings
