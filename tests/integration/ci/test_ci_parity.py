"""``wslgo ci run`` fails exactly when CI would: the pinned Go (installed from a local mirror), the linter
at the action's version (installed from a local module proxy), the race detector, the matrix."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from tests.integration.ci.conftest import Module
from tests.integration.sdk.mirror import Mirror
from wslgo.cli.main import main
from wslgo.sdk.store import SdkStore

pytestmark = pytest.mark.integration

CALC = "package calc\n\nfunc Add(a, b int) int { return a + b }\n"
CALC_TEST = (
    'package calc\n\nimport "testing"\n\n'
    'func TestAdd(t *testing.T) {\n\tif Add(1, 2) != 3 {\n\t\tt.Fatal("1+2")\n\t}\n}\n'
)
#: Passes under ``go test``, fails under ``go test -race`` (two goroutines write ``hits`` unsynchronized).
RACY_TEST = (
    'package calc\n\nimport (\n\t"sync"\n\t"testing"\n)\n\n'
    "func TestConcurrentAdd(t *testing.T) {\n\thits := 0\n\tvar wg sync.WaitGroup\n"
    "\tfor i := 0; i < 2; i++ {\n\t\twg.Add(1)\n\t\tgo func() { defer wg.Done(); hits = Add(hits, 1) }()\n"
    "\t}\n\twg.Wait()\n}\n"
)

PINNED_OLDER = """\
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - uses: actions/setup-go@v6
        id: go
        with:
          go-version-file: go.mod
      - name: which go
        run: |
          go version
          echo "output=${{ steps.go.outputs.go-version }} GOTOOLCHAIN=$GOTOOLCHAIN"
      - name: go test -race
        run: go test -race ./...
"""


def _run(
    capsys: pytest.CaptureFixture[str], go_binary: Path, module: Module, *args: str
) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["ci", "run", "--project", str(module.root), "--go", str(go_binary), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_workflow_pinning_an_older_go_runs_with_it_installed_from_the_mirror(
    go_module: Module, go_binary: Path, ci_mirror: Mirror, capsys: pytest.CaptureFixture[str]
) -> None:
    go_module.write("go.mod", "module example.com/calc\n\ngo 1.22\n\ntoolchain go1.27.2\n")
    go_module.write("calc.go", CALC)
    go_module.write("calc_test.go", CALC_TEST)
    go_module.workflow(PINNED_OLDER)

    code, out, _err = _run(capsys, go_binary, go_module, "--no-install")
    assert code == 1, out  # never silently the active go1.27.3
    assert "go1.27.2 is needed and not installed" in out and "wslgo go install 1.27.2 --no-use" in out
    assert "go version go1.27" not in out

    code, out, _err = _run(capsys, go_binary, go_module)
    assert code == 0, out
    assert "go version go1.27.2 linux/amd64" in out
    assert "output=1.27.2 GOTOOLCHAIN=local" in out
    assert "go1.27.2 for '1.27.2' from go.mod (toolchain line)" in out
    store = SdkStore(Path(os.environ["WSLGO_HOME"]) / "sdk")
    assert [str(v) for v in store.versions()] == ["1.27.2"]
    assert store.current() is None  # installing for CI never changes the user's active Go
    assert any(r.path == "go1.27.2.linux-amd64.tar.gz" for r in ci_mirror.requests)

    before = len(ci_mirror.requests)
    code, out, _err = _run(capsys, go_binary, go_module, "--format", "json")
    document = json.loads(out)
    assert code == 0 and document["runs"][0]["go"] == "go1.27.2"
    assert not [r for r in ci_mirror.requests[before:] if r.path.endswith(".tar.gz")]  # reused, not fetched


def test_race_and_test_failures_fail_the_run_like_ci(
    go_module: Module, go_binary: Path, ci_mirror: Mirror, capsys: pytest.CaptureFixture[str]
) -> None:
    go_module.write("go.mod", "module example.com/calc\n\ngo 1.27.3\n")
    go_module.write("calc.go", CALC)
    go_module.write("calc_test.go", CALC_TEST)
    go_module.write("racy_test.go", RACY_TEST)
    go_module.workflow(
        PINNED_OLDER.replace(
            "      - name: go test -race\n", "      - run: go test ./...\n      - name: go test -race\n"
        )
    )
    code, out, _err = _run(capsys, go_binary, go_module)
    assert code == 1, out
    assert "✓ Run go test ./..." in out  # without -race the test passes …
    assert "WARNING: DATA RACE" in out and "✗ go test -race" in out  # … with it CI fails, and so do we
    assert "first failure: test / go test -race" in out

    (go_module.root / "racy_test.go").unlink()
    go_module.write("calc_test.go", CALC_TEST.replace("!= 3", "!= 4"))
    code, out, _err = _run(capsys, go_binary, go_module)
    assert code == 1, out
    assert "✗ Run go test ./..." in out and "1+2" in out, out
    assert "- go test -race" in out  # skipped after the failure, as on GitHub


LINT_WORKFLOW = """\
on: push
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - uses: actions/setup-go@v6
        with:
          go-version-file: go.mod
      - name: golangci-lint
        uses: golangci/golangci-lint-action@v8
        with:
          version: v2.1
"""


def test_failing_lint_with_the_linter_installed_at_the_actions_version(
    go_module: Module, go_binary: Path, ci_mirror: Mirror, capsys: pytest.CaptureFixture[str]
) -> None:
    go_module.write("go.mod", "module example.com/calc\n\ngo 1.27.3\n")
    go_module.write("calc.go", CALC + "\nfunc add_three(a int) int { return Add(a, 3) }\n")
    go_module.workflow(LINT_WORKFLOW)
    code, out, _err = _run(capsys, go_binary, go_module)
    assert code == 1, out  # a lint CI would fail on is never "skipped"
    assert "calc.go:5:6: don't use underscores in Go names; func add_three" in out
    assert "golangci-lint v2.1.6 built with go1.27.3" in out and "issues found" in out
    tool = (
        Path(os.environ["WSLGO_HOME"])
        / "ci"
        / "tools"
        / "golangci-lint"
        / "v2.1.6"
        / "go1.27.3"
        / "golangci-lint"
    )
    assert tool.is_file()

    go_module.write("calc.go", CALC + "\nfunc AddThree(a int) int { return Add(a, 3) }\n")
    code, out, _err = _run(capsys, go_binary, go_module)
    assert code == 0, out
    assert f"golangci-lint v2.1.6 (built with go1.27.3) from {tool}" in out  # reused, not rebuilt
    assert "0 issues." in out


def test_lint_version_the_action_refuses_and_missing_linter_fail_the_step(
    go_module: Module, go_binary: Path, ci_mirror: Mirror, capsys: pytest.CaptureFixture[str]
) -> None:
    go_module.write("go.mod", "module example.com/calc\n\ngo 1.27.3\n")
    go_module.write("calc.go", CALC)
    go_module.workflow(LINT_WORKFLOW.replace("version: v2.1", "version: v2.0"))
    code, out, _err = _run(capsys, go_binary, go_module)
    assert code == 1 and "isn't supported: we support only v2.1 and later versions" in out
    go_module.workflow(LINT_WORKFLOW.replace("version: v2.1", "install-mode: none"))
    code, out, _err = _run(capsys, go_binary, go_module)
    assert code == 1 and "golangci-lint binary not found in the PATH" in out
    go_module.workflow(LINT_WORKFLOW.replace("version: v2.1", "version: v2.9"))
    code, out, _err = _run(capsys, go_binary, go_module)
    assert code == 1 and "cannot resolve golangci-lint v2.9 through the module proxy" in out


MATRIX = """\
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      fail-fast: false
      matrix:
        go: ['1.27.2', '1.27.3']
        mode: [plain, vet]
        exclude:
          - go: '1.27.2'
            mode: vet
    steps:
      - uses: actions/setup-go@v6
        with:
          go-version: ${{ matrix.go }}
      - run: go version
      - if: matrix.mode == 'vet'
        run: go vet ./...
      - run: go build ./...
"""


def test_matrix_with_an_excluded_entry_runs_each_entry_with_its_go(
    go_module: Module, go_binary: Path, ci_mirror: Mirror, capsys: pytest.CaptureFixture[str]
) -> None:
    go_module.write("go.mod", "module example.com/calc\n\ngo 1.22\n")
    go_module.write("calc.go", CALC)
    go_module.workflow(MATRIX)
    report = go_module.root / "r.json"
    code, out, _err = _run(capsys, go_binary, go_module, "--format", "json", "--output", str(report))
    document = json.loads(report.read_text())
    assert out == ""
    assert code == 0, out
    runs = [(r["name"], r["go"], r["status"]) for r in document["runs"]]
    assert runs == [
        ("test (1.27.2, plain)", "go1.27.2", "success"),
        ("test (1.27.3, plain)", "go1.27.3", "success"),
        ("test (1.27.3, vet)", "go1.27.3", "success"),
    ]
    assert document["schema_version"] == 1 and document["exit_code"] == 0
    vet_steps = [s["status"] for r in document["runs"] for s in r["steps"] if s["name"] == "Run go vet ./..."]
    assert vet_steps == ["skipped", "skipped", "success"]
    assert "go version go1.27.2 linux/amd64" in _err  # machine formats stream the steps' output to stderr

    code, out, _err = _run(capsys, go_binary, go_module, "--job", "test", "--matrix", "mode=vet")
    assert code == 0
    assert "test (1.27.3, vet)" in out and "test (1.27.2, plain)" not in out

    code, out, _err = _run(capsys, go_binary, go_module, "--format", "junit")
    suites = ET.fromstring(out)
    assert [s.get("name") for s in suites] == [
        "test (1.27.2, plain)",
        "test (1.27.3, plain)",
        "test (1.27.3, vet)",
    ]
    assert suites.get("failures") == "0"


def test_fail_fast_cancels_the_rest_of_the_matrix_and_keep_going_runs_it(
    go_module: Module, go_binary: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    go_module.write("go.mod", "module example.com/calc\n\ngo 1.22\n")
    go_module.workflow(
        "on: push\njobs:\n  t:\n    strategy:\n      matrix:\n        n: [1, 2, 3]\n"
        "    steps:\n      - run: test ${{ matrix.n }} -ne 1\n  after:\n    needs: t\n    steps:\n      - run: echo after\n"
    )
    code, out, _err = _run(capsys, go_binary, go_module)
    assert code == 1
    assert "○ t (2)  (fail-fast: t (1) failed)" in out and "○ t (3)" in out
    assert "- job after  (needs t, which did not succeed)" in out
    code, out, _err = _run(capsys, go_binary, go_module, "--keep-going", "--format", "json")
    statuses = [(r["name"], r["status"]) for r in json.loads(out)["runs"]]
    assert statuses == [
        ("t (1)", "failure"),
        ("t (2)", "success"),
        ("t (3)", "success"),
        ("after", "skipped"),
    ]


def test_job_starts_like_a_fresh_runner_and_gotoolchain_follows_setup_go(
    go_module: Module,
    go_binary: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    user_gopath = tmp_path / "user-gopath"
    (user_gopath / "bin").mkdir(parents=True)
    stray = user_gopath / "bin" / "stray-tool"
    stray.write_text("#!/bin/sh\nexit 0\n")
    stray.chmod(stray.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("GOPATH", str(user_gopath))
    monkeypatch.setenv("PATH", f"{user_gopath / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("GOFLAGS", "-tags=neverinci")
    go_env = tmp_path / "user-go-env"
    go_env.write_text("GOFLAGS=-mod=mod\nGOPRIVATE=corp.example\n")
    monkeypatch.setenv("GOENV", str(go_env))
    go_module.write("go.mod", "module example.com/calc\n\ngo 1.27.3\n")
    go_module.workflow(
        "on: push\njobs:\n  t:\n    env:\n      GOTOOLCHAIN: auto\n    steps:\n"
        '      - run: echo "before=$GOTOOLCHAIN flags=[$(go env GOFLAGS)] private=$(go env GOPRIVATE)"\n'
        "      - uses: actions/setup-go@v6\n        with:\n          go-version: '1.27'\n"
        '      - run: echo "after=$(go env GOTOOLCHAIN)"\n'
        '      - run: echo "step=$(go env GOTOOLCHAIN)"\n        env:\n          GOTOOLCHAIN: go1.27.3+auto\n'
        "      - run: command -v stray-tool || echo no-stray-tool\n"
    )
    code, out, _err = _run(capsys, go_binary, go_module)
    assert code == 0, out
    assert "before=auto flags=[] private=corp.example" in out  # network settings kept, behaviour dropped
    assert "after=local" in out  # setup-go's GITHUB_ENV line overrides the job's env, as on GitHub
    assert "step=go1.27.3+auto" in out  # a step's own env wins
    assert "no-stray-tool" in out  # the user's ~/go/bin is not on a runner's PATH
    assert "GOFLAGS=-tags=neverinci from your environment is not passed" in out
    assert f"GOFLAGS=-mod=mod from your Go env file {go_env} is not applied" in out


def test_tools_a_job_installs_exist_in_that_job_only(
    go_module: Module, go_binary: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    go_module.write("go.mod", "module example.com/calc\n\ngo 1.27.3\n")
    go_module.workflow(
        "on: push\njobs:\n  install:\n    steps:\n      - uses: actions/setup-go@v6\n        with:\n"
        "          go-version-file: go.mod\n"
        "      - run: go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.1.0\n"
        '      - run: golangci-lint version && ls "$(go env GOPATH)/bin"\n'
        "  reuse:\n    needs: install\n    steps:\n      - uses: actions/setup-go@v6\n        with:\n"
        "          go-version-file: go.mod\n      - run: golangci-lint version\n"
    )
    code, out, _err = _run(capsys, go_binary, go_module)
    assert "golangci-lint has version v2.1.0\ngolangci-lint\n" in out  # installed at the pinned version
    assert code == 127, out  # the next job runs on a fresh runner: the tool is gone, as in CI
    assert "first failure: reuse / Run golangci-lint version" in out


def test_matrix_entry_on_another_os_is_not_run_and_not_counted_as_a_pass(
    go_module: Module, go_binary: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    go_module.write("go.mod", "module example.com/calc\n\ngo 1.27.3\n")
    go_module.workflow(
        "on: push\njobs:\n  t:\n    runs-on: ${{ matrix.os }}\n    strategy:\n      matrix:\n"
        "        os: [ubuntu-latest, windows-latest]\n    steps:\n      - run: echo on-${{ matrix.os }}\n"
    )
    code, out, _err = _run(capsys, go_binary, go_module)
    assert code == 1 and "on-ubuntu-latest" in out and "on-windows-latest" not in out
    assert "! t (windows-latest)  (runs-on windows-latest: wslgo runs Linux jobs only)" in out
    assert (
        main(["ci", "run", "--project", str(go_module.root), "--go", str(go_binary), "--allow-unsupported"])
        == 0
    )


def test_ci_init_workflow_runs_green_then_red_exactly_when_ci_would(
    go_module: Module, go_binary: Path, ci_mirror: Mirror, capsys: pytest.CaptureFixture[str]
) -> None:
    go_module.write("go.mod", "module example.com/calc\n\ngo 1.27.2\n")
    go_module.write("calc.go", CALC)
    go_module.write("calc_test.go", CALC_TEST)
    assert main(["ci", "init", "--project", str(go_module.root), "--yes"]) == 0
    code, out, err = _run(capsys, go_binary, go_module, "--format", "json")
    document = json.loads(out)
    assert code == 0, err
    assert [(r["name"], r["go"], r["status"]) for r in document["runs"]] == [
        ("test (go.mod)", "go1.27.2", "success"),  # go.mod's go line, installed from the mirror
        ("test (stable)", "go1.27.3", "success"),  # the newest release in the index
        ("lint", "go1.27.2", "success"),
    ]
    lint_step = document["runs"][2]["steps"][-1]
    assert "golangci-lint v2.8.0" in lint_step["detail"]

    go_module.write("calc.go", CALC + "\nfunc add_one(a int) int { return Add(a, 1) }\n")
    code, out, _err = _run(capsys, go_binary, go_module, "--job", "lint")
    assert code == 1 and "func add_one (var-naming)" in out and "issues found" in out
