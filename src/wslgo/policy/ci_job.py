"""The CI gate of a team policy: a GitHub Actions job that runs ``wslgo doctor --policy`` and uploads the
result to code scanning (``wslgo ci init --policy``).

The job writes SARIF and hands it to ``github/codeql-action/upload-sarif@v4`` (v4 is that action's current
major version; v3 is the previous one). Uploading needs the ``security-events: write`` permission, and
``contents: read`` for private repositories (the action's README, "Workflow Permissions"); the job sets
both for itself only, so the rest of the workflow keeps its read-only token. Doctor's exit status fails the
job when the policy is broken (``[doctor] fail-on``), and the upload still runs (``!cancelled()``) so the
findings appear as code-scanning alerts anchored in the policy file. Pure text in, text out.
"""

from __future__ import annotations

from wslgo.ci.generate import CHECKOUT, SETUP_GO

UPLOAD_SARIF = "github/codeql-action/upload-sarif@v4"
JOB_ID = "policy"
SARIF_FILE = "wslgo-doctor.sarif"


def _quoted(path: str) -> str:
    """A path as one shell word in a ``run:`` line (policy files rarely need it)."""
    if path and all(char.isalnum() or char in "._-/" for char in path):
        return path
    return "'" + path.replace("'", "'\\''") + "'"


def policy_job_text(policy_path: str) -> str:
    """The job (indented for ``jobs:``) that checks the repository's ``policy_path`` and uploads SARIF."""
    return (
        f"  {JOB_ID}:\n"
        "    # The team policy gate (written by 'wslgo ci init --policy'): doctor's findings go to code\n"
        "    # scanning; the job fails when they reach the policy's [doctor] fail-on.\n"
        "    runs-on: ubuntu-latest\n"
        "    permissions:\n"
        "      contents: read\n"
        "      security-events: write\n"
        "    steps:\n"
        f"      - uses: {CHECKOUT}\n"
        f"      - uses: {SETUP_GO}\n"
        "        with:\n"
        "          go-version-file: go.mod\n"
        "      - name: Install wslgo\n"
        "        run: command -v wslgo >/dev/null || pipx install wslgo\n"
        "      - name: wslgo doctor --policy\n"
        f"        run: wslgo doctor --policy {_quoted(policy_path)} --format sarif --output {SARIF_FILE}\n"
        "      - name: Upload to code scanning\n"
        "        if: ${{ !cancelled() }}\n"
        f"        uses: {UPLOAD_SARIF}\n"
        "        with:\n"
        f"          sarif_file: {SARIF_FILE}\n"
        "          category: wslgo-doctor\n"
    )


def with_policy_job(workflow: str, policy_path: str) -> str:
    """``workflow`` with the policy job as the last job of its top-level ``jobs:`` (added when missing)."""
    lines = workflow.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    start = next((index for index, line in enumerate(lines) if line.rstrip() == "jobs:"), None)
    if start is None:
        return "".join(lines) + "jobs:\n" + policy_job_text(policy_path)
    end = len(lines)
    for index in range(start + 1, len(lines)):
        line = lines[index]
        if line.strip() and not line[0].isspace() and not line.startswith("#"):
            end = index
            break
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1  # keep blank lines before the next top-level key after the job
    return "".join([*lines[:end], policy_job_text(policy_path), *lines[end:]])
