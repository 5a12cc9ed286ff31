"""ci init --policy: the gate job, its permissions for code scanning, and a workflow both GitHub and ci run read."""

from __future__ import annotations

from pathlib import Path

import yaml

from wslgo.ci.generate import workflow_text
from wslgo.ci.plan import plan_run
from wslgo.ci.workflow import load_workflow
from wslgo.golang.gomod import parse_gomod
from wslgo.policy.ci_job import UPLOAD_SARIF, policy_job_text, with_policy_job

GOMOD = parse_gomod("module example.com/hello\n\ngo 1.26\n")


def test_the_job_runs_doctor_with_the_policy_and_uploads_sarif_with_its_own_permissions(
    tmp_path: Path,
) -> None:
    text = with_policy_job(workflow_text(GOMOD, has_gosum=True), "config/wslgo.toml")
    document = yaml.safe_load(text)
    assert document["permissions"] == {"contents": "read"}  # the rest of the workflow stays read-only
    job = document["jobs"]["policy"]
    assert job["permissions"] == {"contents": "read", "security-events": "write"}
    runs = [step.get("run") for step in job["steps"]]
    assert "wslgo doctor --policy config/wslgo.toml --format sarif --output wslgo-doctor.sarif" in runs
    upload = job["steps"][-1]
    assert upload["uses"] == UPLOAD_SARIF == "github/codeql-action/upload-sarif@v4"
    assert upload["with"]["sarif_file"] == "wslgo-doctor.sarif"
    assert upload["if"] == "${{ !cancelled() }}"  # uploaded even when doctor failed the job
    assert list(document["jobs"]) == ["test", "lint", "policy"]

    path = tmp_path / "go.yml"
    path.write_text(text, encoding="utf-8")
    workflow = load_workflow(path)  # wslgo ci run reads it too
    planned = plan_run(workflow, "policy", {})
    assert [item.job.id for item in planned] == ["policy"]


def test_the_job_goes_inside_jobs_even_when_other_keys_follow() -> None:
    workflow = "name: X\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: []\n\nenv:\n  A: 1\n"
    document = yaml.safe_load(with_policy_job(workflow, "wslgo.toml"))
    assert list(document["jobs"]) == ["a", "policy"] and document["env"] == {"A": 1}
    without_jobs = yaml.safe_load(with_policy_job("name: X\non: push", "wslgo.toml"))
    assert list(without_jobs["jobs"]) == ["policy"]


def test_a_policy_path_with_shell_characters_is_one_word() -> None:
    assert "--policy 'team policy/wslgo.toml' --format" in policy_job_text("team policy/wslgo.toml")
