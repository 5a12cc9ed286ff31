"""A bare ``--policy`` (no file) is spelled ``--policy=`` before typer/argparse see it."""

from __future__ import annotations

from pathlib import Path

from wslgo.cli.main import optional_values


def test_bare_policy_before_a_step_an_option_or_the_end(tmp_path: Path) -> None:
    assert optional_values(["setup", "--policy", "go-env"]) == ["setup", "--policy=", "go-env"]
    assert optional_values(["doctor", "--policy", "--format", "sarif"]) == [
        "doctor",
        "--policy=",
        "--format",
        "sarif",
    ]
    assert optional_values(["setup", "--policy"]) == ["setup", "--policy="]


def test_policy_followed_by_its_file(tmp_path: Path) -> None:
    policy = tmp_path / "team-policy"
    policy.write_text("", encoding="utf-8")
    bundle = tmp_path / "alice.tar.gz"
    bundle.write_bytes(b"")
    assert optional_values(["doctor", "--policy", "missing.toml"]) == ["doctor", "--policy", "missing.toml"]
    assert optional_values(["setup", "--policy", str(policy)]) == ["setup", "--policy", str(policy)]
    # A bundle archive after --policy is a bundle, not the policy.
    assert optional_values(["report", "--policy", str(bundle)]) == ["report", "--policy=", str(bundle)]
    assert optional_values(["report", "--policy=x.toml", "b"]) == ["report", "--policy=x.toml", "b"]
    assert optional_values(["ci", "run", "--", "--policy"]) == ["ci", "run", "--", "--policy"]
