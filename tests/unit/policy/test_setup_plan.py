"""setup --policy: the go-env and tools steps plan the policy's values; what POL002 asks is what setup writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from wslgo.checks.model import Status
from wslgo.checks.runner import run_checks
from wslgo.edit.plan import Plan
from wslgo.evidence.bundle import read_bundle
from wslgo.golang.envvalues import same_value
from wslgo.golang.goenv import parse_env_file
from wslgo.policy.checks import policy_checks
from wslgo.policy.load import parse_policy, read_policy
from wslgo.policy.setup_plan import POLICY_STEPS
from wslgo.setup.api import plan_inputs
from wslgo.setup.common import resolve
from wslgo.setup.inputs import inputs_from_evidence
from wslgo.setup.model import SetupInputs, SetupOptions, Target

REPO = Path(__file__).resolve().parents[3]
BUNDLES = REPO / "tests" / "bundles"
SPEC_POLICY = REPO / "tests" / "data" / "policy" / "wslgo.toml"
ALL_BUNDLES = sorted(p.name for p in BUNDLES.iterdir() if (p / "meta.json").is_file())


def applied(inputs: SetupInputs, plan: Plan) -> SetupInputs:
    for edit in plan.edits:
        inputs = inputs.with_file(edit.path, edit.after)
    return inputs


def test_guide_bundle_env_moves_to_the_go_env_file_and_the_shadowing_export_is_commented() -> None:
    inputs = inputs_from_evidence(read_bundle(BUNDLES / "wsl2-guide-verbatim"))
    policy = read_policy(SPEC_POLICY)
    plan = plan_inputs(inputs, ["go-env"], SetupOptions(policy=policy))
    edits = {edit.path: edit for edit in plan.edits}
    bashrc = edits["/home/al/.bashrc"].after.decode()
    assert '# wslgo: export GOPROXY="https://goproxy.cn,https://goproxy.io,direct"' in bashrc
    goenv = parse_env_file(edits["/home/al/.config/go/env"].after.decode()).values
    assert goenv["GOPROXY"] == "http://127.0.0.1:3000|https://goproxy.cn|direct"
    assert goenv["GOPRIVATE"] == "git.corp.example/*"
    assert goenv["GOSUMDB"] == "sum.golang.org"  # the step's own correction still applies
    assert "required by the team policy" in edits["/home/al/.config/go/env"].reason
    # Idempotent: on its own output the step plans nothing.
    again = plan_inputs(applied(inputs, plan), ["go-env"], SetupOptions(policy=policy))
    assert again.is_empty, [e.path for e in again.edits]


@pytest.mark.parametrize("bundle", ALL_BUNDLES)
def test_what_pol002_asks_for_is_what_setup_writes(bundle: str) -> None:
    """SPEC §11: every fixable POL002 finding is fixed by the plan of the step it names."""
    evidence = read_bundle(BUNDLES / bundle)
    policy = read_policy(SPEC_POLICY)
    results = run_checks(evidence, policy_checks(policy))
    fixable = [r for r in results if r.check.id == "POL002" and r.finding.fixable_by == "go-env"]
    failing = [r for r in fixable if r.finding.status is Status.ERROR]
    assert failing, "every fixture lacks the policy's GOPROXY"
    inputs = inputs_from_evidence(evidence)
    after = applied(
        inputs, plan_inputs(inputs, [failing[0].finding.fixable_by or ""], SetupOptions(policy=policy))
    )
    for rule in policy.env:
        source = resolve(after, rule.name)
        assert source is not None and same_value(rule.name, source.value, rule.value), (
            bundle,
            rule.name,
            source,
        )


def test_values_already_in_effect_are_left_alone() -> None:
    policy = parse_policy("/repo/wslgo.toml", b'[env]\nGOPROXY = "https://proxy.golang.org,direct"\n')
    inputs = inputs_from_evidence(read_bundle(BUNDLES / "wsl2-ubuntu-healthy"))
    plan = plan_inputs(inputs, ["go-env"], SetupOptions(policy=policy))
    assert plan.is_empty


def test_tools_step_asks_for_the_policy_tools_and_a_go_inside_the_range() -> None:
    policy = read_policy(SPEC_POLICY)
    healthy = inputs_from_evidence(read_bundle(BUNDLES / "wsl2-ubuntu-healthy"))
    assert plan_inputs(healthy, ["tools"], SetupOptions(policy=policy)).commands == (
        "wslgo tools install golangci-lint",
    )
    windows = inputs_from_evidence(read_bundle(BUNDLES / "wsl2-windows-go-wins"))
    commands = plan_inputs(windows, ["tools"], SetupOptions(policy=policy)).commands
    # One install command for the step's own tools and the policy's (no tool twice), and Go first.
    assert commands == ("wslgo go install 1.27", "wslgo tools install gopls dlv golangci-lint")
    assert plan_inputs(windows, ["tools"], SetupOptions()).commands == (
        "wslgo tools install gopls dlv golangci-lint",
    )


def test_a_target_tree_without_evidence_says_what_only_the_machine_can_tell(tmp_path: Path) -> None:
    policy = read_policy(SPEC_POLICY)
    inputs = SetupInputs(target=Target(root=str(tmp_path), home=str(tmp_path), goenv=str(tmp_path / "env")))
    plan = plan_inputs(inputs, list(POLICY_STEPS), SetupOptions(policy=policy))
    assert any("wslgo doctor --policy" in note for note in plan.notes)
    assert [edit.path for edit in plan.edits] == [str(tmp_path / "env")]
