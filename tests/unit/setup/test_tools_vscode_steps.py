"""Steps ``tools`` and ``vscode``: the same tools doctor asks for, the same .vscode merge as vscode init."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import cmd
from tests.unit.checks.gohelpers import built_tool, go_evidence
from wslgo.checks.registry import all_checks, select
from wslgo.checks.runner import run_checks
from wslgo.edit.jsonc import parse_jsonc
from wslgo.setup.api import DEFAULT_STEPS, STEPS, plan_inputs, plan_steps
from wslgo.setup.inputs import inputs_from_evidence
from wslgo.setup.model import Project, SetupInputs, Target

__all__ = ["built_tool"]  # the session fixture, imported so pytest finds it

GOBIN = "/home/al/go/bin"
PROJECT = "/home/al/project"
LAUNCH = f"{PROJECT}/.vscode/launch.json"
SETTINGS = f"{PROJECT}/.vscode/settings.json"


def _version_m(built: tuple[Path, str], binary: str, go_version: str | None = None) -> str:
    path, text = built
    text = text.replace(str(path), binary)
    if go_version:
        text = f"{binary}: {go_version}\n{text.split(chr(10), 1)[1]}"
    return text


def test_both_steps_exist_and_are_opt_in() -> None:
    assert "tools" in STEPS and "vscode" in STEPS
    assert "tools" not in DEFAULT_STEPS and "vscode" not in DEFAULT_STEPS


def test_tools_suggests_one_install_for_what_doctor_flags(
    go_binary: Path, built_tool: tuple[Path, str]
) -> None:
    gopls, lint = f"{GOBIN}/gopls", f"{GOBIN}/golangci-lint"
    evidence = go_evidence(
        go_binary,
        files={f"{PROJECT}/go.mod": "module example.com/x\n\ngo 1.27\n"},
        paths={gopls: "file", lint: "file", f"{GOBIN}/dlv": "missing"},
        commands=[
            cmd("go", "version", "-m", gopls, stdout=_version_m(built_tool, gopls, "go1.21.5")),
            cmd("go", "version", "-m", lint, stdout=_version_m(built_tool, lint)),
        ],
    )
    plan = plan_steps(evidence, ["tools"])
    # gopls built with an older Go (TOOL001 warning), dlv missing (TOOL002 info); golangci-lint is current.
    assert plan.edits == ()
    assert plan.commands == ("wslgo tools install gopls dlv",)
    assert any("go1.21.5" in note for note in plan.notes)

    doctor_asks = {
        r.finding.fix
        for r in run_checks(evidence, select(all_checks(), only=["TOOL"]))
        if r.finding.fixable_by
    }
    assert doctor_asks >= {"wslgo tools install gopls", "wslgo tools install dlv"}
    assert "wslgo tools install golangci-lint" not in doctor_asks


def test_tools_plans_nothing_when_everything_is_current(
    go_binary: Path, built_tool: tuple[Path, str]
) -> None:
    names = ("gopls", "dlv", "golangci-lint")
    evidence = go_evidence(
        go_binary,
        paths={f"{GOBIN}/{name}": "file" for name in names},
        commands=[
            cmd("go", "version", "-m", f"{GOBIN}/{n}", stdout=_version_m(built_tool, f"{GOBIN}/{n}"))
            for n in names
        ],
    )
    plan = plan_steps(evidence, ["tools"])
    assert plan.commands == () and plan.edits == () and plan.notes


def test_tools_without_evidence_says_how_to_look() -> None:
    plan = plan_inputs(SetupInputs(target=Target(home="/home/al")), ["tools"])
    assert plan.commands == () and "wslgo tools list" in plan.notes[0]


def test_vscode_creates_both_files_for_the_evidence_project(go_binary: Path) -> None:
    evidence = go_evidence(go_binary)
    inputs = inputs_from_evidence(evidence)
    assert inputs.project == Project(PROJECT)
    plan = plan_inputs(inputs, ["vscode"])
    edited = {edit.path: edit for edit in plan.edits}
    assert set(edited) == {LAUNCH, SETTINGS}
    assert all(edit.before is None and edit.step == "vscode" for edit in edited.values())
    launch = parse_jsonc(edited[LAUNCH].after.decode())
    assert launch["configurations"][0]["name"] == "Launch package"
    assert parse_jsonc(edited[SETTINGS].after.decode())["go.toolsManagement.autoUpdate"] is True
    # Applied (the files now hold the plan's bytes), the step plans nothing: setup is idempotent.
    again = inputs
    for edit in plan.edits:
        again = again.with_file(edit.path, edit.after)
    assert plan_inputs(again, ["vscode"]).is_empty


def test_vscode_keeps_comments_and_user_values(go_binary: Path) -> None:
    settings = '{\n  // mine\n  "go.toolsManagement.autoUpdate": false,\n}\n'
    evidence = go_evidence(go_binary, files={SETTINGS: settings})
    inputs = SetupInputs(
        target=Target(home="/home/al"),
        files={SETTINGS: settings.encode()},
        project=Project(PROJECT, ("cmd/server",)),
        evidence=evidence,
    )
    plan = plan_inputs(inputs, ["vscode"])
    edited = {edit.path: edit for edit in plan.edits}
    after = edited[SETTINGS].after.decode()
    assert "// mine" in after and parse_jsonc(after)["go.toolsManagement.autoUpdate"] is False
    names = [c["name"] for c in parse_jsonc(edited[LAUNCH].after.decode())["configurations"]]
    assert "Launch cmd/server" in names


@pytest.mark.parametrize(
    ("data", "expected"),
    [(b'{ "configurations": [ ', "invalid JSONC"), (b"\x00\x01binary", "not a text file")],
)
def test_vscode_refuses_an_unusable_file_and_other_steps_go_on(data: bytes, expected: str) -> None:
    inputs = SetupInputs(
        target=Target(home="/home/al", goenv="/home/al/.config/go/env"),
        files={LAUNCH: data},
        project=Project(PROJECT),
    )
    plan = plan_inputs(inputs, ["go-env", "vscode"])
    assert len(plan.refusals) == 1 and LAUNCH in plan.refusals[0] and expected in plan.refusals[0]
    assert all(edit.path != LAUNCH for edit in plan.edits)


def test_vscode_suggests_the_go_extension_when_doctor_found_none(go_binary: Path) -> None:
    evidence = go_evidence(go_binary, paths={"/home/al/.vscode-server": "dir"})
    plan = plan_steps(evidence, ["vscode"])
    assert "code --install-extension golang.go" in plan.commands
    with_extension = go_evidence(
        go_binary,
        paths={
            "/home/al/.vscode-server": "dir",
            "/home/al/.vscode-server/extensions/golang.go-0.46.1": "dir",
        },
    )
    assert plan_steps(with_extension, ["vscode"]).commands == ()


def test_vscode_without_a_project_asks_for_one() -> None:
    plan = plan_inputs(SetupInputs(target=Target(home="/home/al")), ["vscode"])
    assert plan.edits == () and "--project" in plan.notes[0]


def test_settings_json_is_valid_json_after_merge(go_binary: Path) -> None:
    plan = plan_steps(go_evidence(go_binary), ["vscode"])
    settings = next(edit for edit in plan.edits if edit.path == SETTINGS)
    assert isinstance(json.loads(settings.after), dict)


def test_go030_fixable_by_shell_only_where_the_shell_step_clears_it() -> None:
    """A duplicated Go PATH line is the shell step's; conflicting GOPATH values are no step's to pick."""
    from tests.helpers import make_evidence
    from wslgo.checks.go.shell import shell_rc_duplicates

    bashrc = "export GOPATH=$HOME/go\nexport GOPATH=$HOME/work\nexport PATH=$PATH:/usr/local/go/bin\n"
    bashrc += "export PATH=$PATH:/usr/local/go/bin\n"
    env = {"HOME": "/home/al", "PATH": "/usr/bin"}
    evidence = make_evidence(env=env, files={"/home/al/.bashrc": bashrc})
    before = shell_rc_duplicates(evidence)
    path_dup = next(f for f in before if "PATH line" in f.message)
    conflict = next(f for f in before if f.message.startswith("GOPATH"))
    assert path_dup.fixable_by == "shell"
    assert conflict.fixable_by is None and "~/.bashrc:1, ~/.bashrc:2" in (conflict.fix or "")

    (edit,) = plan_steps(evidence, ["shell"]).edits
    after = shell_rc_duplicates(make_evidence(env=env, files={"/home/al/.bashrc": edit.after}))
    assert not any("PATH line" in f.message for f in after)
    assert any(f.message.startswith("GOPATH") for f in after)  # which is why it is not fixable_by shell
