from __future__ import annotations

from pathlib import Path

import pytest

from wslgo.edit.jsonc import parse_jsonc
from wslgo.errors import InputError
from wslgo.vscode.plan import VscodeFiles, missing_only, plan_vscode
from wslgo.vscode.project import main_packages
from wslgo.vscode.schema import validate_configuration
from wslgo.vscode.templates import go_settings, launch_configurations

PROJECT = Path("/home/al/project")

USER_LAUNCH = b"""{
    // my own debug setup
    "version": "0.2.0",
    "configurations": [
        {
            "name": "Test current package", // kept as the user wrote it
            "type": "go",
            "request": "launch",
            "mode": "test",
            "program": "${workspaceFolder}/internal",
        },
    ],
}
"""

USER_SETTINGS = b"""{
  /* editor */
  "editor.tabSize": 2,
  "go.toolsManagement.autoUpdate": false, // I update by hand
  "go.gopath": "/home/al/go",
  "gopls": { "ui.semanticTokens": true },
}
"""


def after(plan_edits: object, name: str) -> str:
    for edit in plan_edits:  # type: ignore[attr-defined]
        if edit.path.endswith(name):
            return str(edit.after.decode())
    raise AssertionError(name)


def test_fresh_project_gets_both_files_with_valid_configurations() -> None:
    plan = plan_vscode(PROJECT, VscodeFiles(None, None), main_packages=["cmd/api", "."])
    launch = parse_jsonc(after(plan.edits, "launch.json"))
    names = [c["name"] for c in launch["configurations"]]
    assert names == [
        "Launch cmd/api",
        "Launch package",
        "Test current package",
        "Attach to local process",
        "Connect to dlv --headless (127.0.0.1:2345)",
    ]
    assert launch["configurations"][0]["program"] == "${workspaceFolder}/cmd/api"
    assert all(validate_configuration(c) == [] for c in launch["configurations"])
    settings = parse_jsonc(after(plan.edits, "settings.json"))
    assert settings["go.toolsManagement.autoUpdate"] is True
    assert "go.gopath" not in settings
    assert all(edit.before is None and edit.step == "vscode" for edit in plan.edits)


def test_merge_keeps_comments_trailing_commas_and_user_values() -> None:
    plan = plan_vscode(PROJECT, VscodeFiles(USER_LAUNCH, USER_SETTINGS), build_tags=["integration"])
    launch_text = after(plan.edits, "launch.json")
    assert "// my own debug setup" in launch_text
    assert '"name": "Test current package", // kept as the user wrote it' in launch_text
    launch = parse_jsonc(launch_text)
    tests = [c for c in launch["configurations"] if c["name"] == "Test current package"]
    assert tests == [
        {
            "name": "Test current package",
            "type": "go",
            "request": "launch",
            "mode": "test",
            "program": "${workspaceFolder}/internal",
        }
    ]
    assert len(launch["configurations"]) == 4
    settings_text = after(plan.edits, "settings.json")
    assert "/* editor */" in settings_text and "// I update by hand" in settings_text
    settings = parse_jsonc(settings_text)
    assert settings["go.toolsManagement.autoUpdate"] is False
    assert settings["go.gopath"] == "/home/al/go"
    assert settings["gopls"] == {"ui.semanticTokens": True, "build.buildFlags": ["-tags=integration"]}
    assert settings["go.buildTags"] == "integration"


def test_second_run_plans_nothing() -> None:
    first = plan_vscode(PROJECT, VscodeFiles(USER_LAUNCH, USER_SETTINGS))
    second = plan_vscode(
        PROJECT,
        VscodeFiles(after(first.edits, "launch.json").encode(), after(first.edits, "settings.json").encode()),
    )
    assert second.is_empty
    assert any("already has every" in note for note in second.notes)


def test_bom_is_kept() -> None:
    plan = plan_vscode(PROJECT, VscodeFiles(None, b"\xef\xbb\xbf{}\n"))
    edit = next(e for e in plan.edits if e.path.endswith("settings.json"))
    assert edit.after.startswith(b"\xef\xbb\xbf{")


@pytest.mark.parametrize(
    ("launch", "message"),
    [
        (b'{\n  "version": "0.2.0",,\n}', r"launch.json:2:22: invalid JSONC: unexpected ','"),
        (b"[1]", "top-level value must be an object"),
        (b'{"configurations": {}}', '"configurations" must be an array'),
    ],
)
def test_unusable_launch_json_is_refused(launch: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        plan_vscode(PROJECT, VscodeFiles(launch, None))


def test_user_go_configurations_with_problems_become_notes() -> None:
    launch = b'{"configurations": [{"name": "x", "type": "go", "request": "attach", "mode": "debug"}]}'
    plan = plan_vscode(PROJECT, VscodeFiles(launch, None))
    assert any("mode is 'debug', expected local|remote" in note for note in plan.notes)


@pytest.mark.parametrize(
    ("config", "problem"),
    [
        ({"name": "a", "type": "go", "request": "launch", "mode": "remote"}, "expected auto|debug|test"),
        ({"name": "a", "type": "go", "request": "attach", "port": "2345"}, "port must be a number"),
        ({"name": "a", "type": "go", "request": "attach", "port": True}, "port must be a number"),
        ({"name": "a", "type": "go", "request": "attach", "program": "."}, "unknown attribute 'program'"),
        ({"name": "a", "type": "go", "request": "run"}, "request is 'run', expected launch|attach"),
        ({"type": "go", "request": "launch"}, "missing 'name'"),
        ({"name": "a", "type": "go", "request": "launch", "mode": "core"}, "needs 'coreFilePath'"),
    ],
)
def test_schema_rejects_what_vscode_go_rejects(config: dict[str, object], problem: str) -> None:
    assert any(problem in p for p in validate_configuration(config)), validate_configuration(config)


def test_templates_are_valid_and_settings_leave_gopath_alone() -> None:
    for config in launch_configurations([]):
        assert validate_configuration(config) == []
    assert "go.gopath" not in go_settings(["a", "b"])
    assert missing_only({"gopls": 1}, {"gopls": {"x": 1}}) == {}


def test_main_packages_scan(tmp_path: Path) -> None:
    (tmp_path / "cmd" / "tool").mkdir(parents=True)
    (tmp_path / "cmd" / "tool" / "main.go").write_text("// c\npackage main\n")
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "lib.go").write_text("package lib\n")
    (tmp_path / "vendor" / "x").mkdir(parents=True)
    (tmp_path / "vendor" / "x" / "m.go").write_text("package main\n")
    (tmp_path / "main_test.go").write_text("package main\n")
    assert main_packages(tmp_path) == ["cmd/tool"]
