"""``wslgo ci init`` / ``wslgo ci run`` on a real Go module with the real go binary.

The steps compile packages without imports (no standard-library build is needed, so a cold GOCACHE costs
seconds, not minutes) yet exercise the real go command: one build passes, one fails with a compile error.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from wslgo.cli.main import main
from wslgo.edit.apply import undo

pytestmark = pytest.mark.integration

WORKFLOW = """\
name: local
on:
  push:
env:
  GREETING: hello
jobs:
  build:
    runs-on: ubuntu-latest
    env:
      TARGET: ./calc/...
    steps:
      - uses: actions/checkout@v5
      - uses: actions/setup-go@v6
        with:
          go-version-file: go.mod
      - uses: actions/cache@v4
        with:
          path: ~/go/pkg/mod
          key: ${{ hashFiles('go.sum') }}
      - name: build calc
        run: |
          go build ${{ env.TARGET }}
          echo "built=yes" >> "$GITHUB_OUTPUT"
          echo "FROM_STEP=$GREETING-there" >> "$GITHUB_ENV"
        id: calc
      - name: env and dirs
        working-directory: calc
        shell: sh
        run: |
          test "$FROM_STEP" = "hello-there"
          test -f calc.go
          echo "output ${{ steps.calc.outputs.built }} matrix-free"
      - name: build broken
        run: |
          echo before-failure
          go build ./broken/...
          echo never-printed
      - name: skipped after failure
        run: echo should-not-run
      - name: report on failure
        if: failure()
        run: echo "failure handler ran"
      - name: always
        if: ${{ always() }}
        run: exit 0
  after:
    needs: build
    runs-on: ubuntu-latest
    steps:
      - run: echo unreachable
"""


@pytest.fixture
def module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path / "mod"
    (root / "calc").mkdir(parents=True)
    (root / "broken").mkdir()
    (root / "go.mod").write_text("module example.com/mod\n\ngo 1.27.3\n")
    (root / "calc" / "calc.go").write_text("package calc\n\nfunc Add(a, b int) int { return a + b }\n")
    (root / "broken" / "broken.go").write_text("package broken\n\nfunc F() int { return undefined }\n")
    monkeypatch.setenv("GOFLAGS", "-modcacherw")
    monkeypatch.setenv("GOPROXY", "off")
    monkeypatch.setenv("GOCACHE", str(tmp_path_factory.mktemp("ci-gocache")))
    monkeypatch.setenv("GOMODCACHE", str(tmp_path / "modcache"))
    return root


def _write(root: Path, text: str) -> Path:
    path = root / ".github" / "workflows" / "go.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_run_passes_fails_and_reports_like_actions(
    module: Path, go_binary: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(module, WORKFLOW)
    code = main(["ci", "run", "--project", str(module), "--go", str(go_binary)])
    out = capsys.readouterr().out
    assert code == 1, out  # go build's exit status: the first failing step's code
    assert "✓ actions/checkout@v5" in out
    assert "✓ actions/setup-go@v6" in out and "go1.27.3 for '1.27.3' from go.mod (go line)" in out
    assert "- actions/cache@v4  (actions/cache@v4: the cache service is GitHub's" in out
    assert "✓ build calc" in out
    assert "output yes matrix-free" in out and "✓ env and dirs" in out
    assert "before-failure" in out and "undefined: undefined" in out and "never-printed" not in out
    assert "✗ build broken" in out and "exit 1" in out
    assert "should-not-run" not in out and "- skipped after failure" in out
    assert "failure handler ran" in out and "✓ always" in out
    assert "- job after  (needs build, which did not succeed)" in out
    assert "first failure: build / build broken (line 33, exit 1)" in out


def test_run_single_passing_job_exit_0(
    module: Path, go_binary: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(
        module,
        "on: push\njobs:\n  ok:\n    steps:\n      - run: go build ./calc/...\n      - run: exit 7\n"
        "        continue-on-error: true\n  other:\n    steps:\n      - run: exit 3\n",
    )
    assert main(["ci", "run", "--project", str(module), "--go", str(go_binary), "--job", "ok"]) == 0
    out = capsys.readouterr().out
    assert "1 passed, 1 failed" in out and "first failure:" not in out
    assert main(["ci", "run", "--project", str(module), "--go", str(go_binary), "--job", "other"]) == 3


def test_race_prerequisites_are_reported_before_running(
    module: Path, go_binary: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(
        module,
        "on: push\nenv:\n  CGO_ENABLED: 0\njobs:\n  t:\n    steps:\n      - run: echo step-started\n"
        "      - run: go test -race ./calc/...\n",
    )
    code = main(["ci", "run", "--project", str(module), "--go", str(go_binary)])
    captured = capsys.readouterr()
    assert code != 0
    assert "go test -race will fail: the workflow sets CGO_ENABLED=0" in captured.err
    assert "set CGO_ENABLED: 1" in captured.err
    assert "step-started" in captured.out  # the warning came first, on stderr, then the run


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "on: push\njobs:\n  t:\n    steps:\n      - run: echo ${{ secrets.X }}\n",
            "go.yml:5: jobs.t.steps[0].run",
        ),
        ("on: push\njobs:\n  t:\n    steps:\n      - run: 'unclosed\n", "go.yml:6: invalid YAML"),
    ],
)
def test_bad_workflows_exit_2_before_running(
    module: Path, go_binary: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    _write(module, text)
    assert main(["ci", "run", "--project", str(module), "--go", str(go_binary)]) == 2
    assert message in capsys.readouterr().err


def test_init_writes_the_workflow_as_a_diff_and_undo_removes_it(
    module: Path, go_binary: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ci", "init", "--project", str(module), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "+++ b/" in out and "+          - go-version-file: go.mod" in out
    target = module / ".github" / "workflows" / "go.yml"
    assert "go test -race ./..." in target.read_text()
    assert main(["ci", "run", "--project", str(module), "--list"]) == 0
    listing = capsys.readouterr().out
    assert "job test (go.mod)" in listing and "job test (stable)" in listing
    assert (
        "go vet: run (bash)" in listing and "golangci-lint: golangci-lint at the action's version" in listing
    )
    written = target.read_bytes()
    target.write_text(target.read_text().replace("go vet ./...", "go vet ./calc/..."))
    edited = target.read_bytes()
    assert main(["ci", "init", "--project", str(module), "--dry-run"]) == 0
    diff = capsys.readouterr().out
    assert "-        run: go vet ./calc/..." in diff and "+        run: go vet ./..." in diff
    assert target.read_bytes() == edited
    assert undo().refused  # the user's later edit is never overwritten by undo
    target.write_bytes(written)
    assert not undo().refused
    assert not target.exists()


def test_setup_go_prefers_an_sdk_installed_by_wslgo_go(
    module: Path, go_binary: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sdk_bin = Path(os.environ["WSLGO_HOME"]) / "sdk" / "go1.26.9" / "bin"
    sdk_bin.mkdir(parents=True)
    (sdk_bin / "go").symlink_to(go_binary)
    _write(
        module,
        "on: push\njobs:\n  t:\n    steps:\n      - uses: actions/setup-go@v6\n        with:\n"
        "          go-version: '1.26'\n      - run: command -v go\n",
    )
    assert main(["ci", "run", "--project", str(module), "--go", str(go_binary)]) == 0
    out = capsys.readouterr().out
    assert f"go1.26.9 for '1.26' from go-version: go1.26.9 is on this machine ({sdk_bin / 'go'})" in out
    assert f"{sdk_bin / 'go'}\n" in out


def test_undo_command_restores_after_ci_init(module: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ci", "init", "--project", str(module), "--yes"]) == 0
    assert (module / ".github" / "workflows" / "go.yml").exists()
    assert main(["undo"]) == 0
    assert not (module / ".github" / "workflows" / "go.yml").exists()
