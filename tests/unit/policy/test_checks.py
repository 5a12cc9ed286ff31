"""POL001–POL004 from evidence: fixture bundles against the SPEC §14 policy, and each rule's edge cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import cmd, make_evidence
from wslgo.checks import registry
from wslgo.checks.model import Finding, Status
from wslgo.checks.runner import run_checks
from wslgo.evidence.bundle import read_bundle
from wslgo.evidence.model import Evidence, PathInfo
from wslgo.policy.checks import POLICY_CHECKS, policy_checks
from wslgo.policy.load import parse_policy, read_policy
from wslgo.policy.model import Policy

REPO = Path(__file__).resolve().parents[3]
BUNDLES = REPO / "tests" / "bundles"
SPEC_POLICY = REPO / "tests" / "data" / "policy" / "wslgo.toml"


def policy_of(text: str) -> Policy:
    return parse_policy("/repo/wslgo.toml", text.encode())


def run(evidence: Evidence, policy: Policy, check_id: str) -> list[Finding]:
    checks = [c for c in policy_checks(policy) if c.id == check_id]
    return [r.finding for r in run_checks(evidence, checks)]


def statuses(findings: list[Finding]) -> list[str]:
    return [f.status.value for f in findings]


def go_env(**values: str) -> dict[str, object]:
    base = {"GOPROXY": "https://proxy.golang.org,direct", "GOPRIVATE": "", "GOVERSION": "go1.27.3"}
    base.update(values)
    return {"argv": ["go", "env", "-json"], "rc": 0, "stdout": json.dumps(base)}


# -- the fixture bundles, each against the SPEC example policy ----------------------------------------------

#: bundle → {check: statuses}; every value below is read off the bundle's own evidence (README of tests/bundles).
EXPECTED = {
    # Linux go1.27.3, default GOPROXY, gopls + dlv in ~/go/bin (built for linux/amd64), no golangci-lint,
    # GOCACHE on ext4, systemd running.
    "wsl2-ubuntu-healthy": {
        "POL001": ["ok"],
        "POL002": ["error", "error"],
        "POL003": ["ok", "ok", "error"],
        "POL004": ["ok", "ok"],
    },
    # The guide's comma-only GOPROXY exported in .bashrc; no tools.
    "wsl2-guide-verbatim": {
        "POL001": ["ok"],
        "POL002": ["error", "error"],
        "POL003": ["error", "error", "error"],
        "POL004": ["ok", "ok"],
    },
    # A Windows go1.23.4 wins: outside >=1.26, <1.28.
    "wsl2-windows-go-wins": {"POL001": ["error"], "POL003": ["error", "error", "error"]},
    # GOCACHE on /mnt/c: GO021 is an error, so require-ok fails.
    "wsl2-gocache-on-mnt-c": {"POL004": ["error", "ok"]},
    # systemd configured but not running: WSL005 warns, so require-ok fails.
    "wsl2-systemd-configured-not-running": {"POL004": ["ok", "error"]},
    # Plain Debian: WSL005 is skipped (not WSL), which cannot confirm require-ok: info, not a failure.
    "linux-plain": {"POL001": ["ok"], "POL004": ["ok", "info"]},
}


@pytest.mark.parametrize("bundle", sorted(EXPECTED))
def test_fixture_bundles_give_the_expected_pol_findings(bundle: str) -> None:
    evidence = read_bundle(BUNDLES / bundle)
    policy = read_policy(SPEC_POLICY)
    results = run_checks(evidence, policy_checks(policy))
    for check_id, expected in EXPECTED[bundle].items():
        got = [r.finding.status.value for r in results if r.check.id == check_id]
        assert got == expected, (
            bundle,
            check_id,
            [r.finding.message for r in results if r.check.id == check_id],
        )


def test_every_pol_finding_names_the_policy_line_and_problems_carry_a_fix() -> None:
    policy = read_policy(SPEC_POLICY)
    for bundle in sorted(p for p in BUNDLES.iterdir() if (p / "meta.json").is_file()):
        for result in run_checks(read_bundle(bundle), policy_checks(policy)):
            finding = result.finding
            if finding.status is Status.SKIPPED:
                continue
            assert f"{policy.path}:" in finding.message, finding.message
            if finding.status is Status.ERROR and result.check.id != "POL004":
                assert finding.fix, (bundle.name, finding.message)


def test_ids_are_valid_documented_and_never_registered_globally() -> None:
    assert list(POLICY_CHECKS) == ["POL001", "POL002", "POL003", "POL004"]
    assert all(registry.category_of(check_id) == "policy" for check_id in POLICY_CHECKS)
    assert not any(c.id.startswith("POL") for c in registry.all_checks())
    with pytest.raises(ValueError, match="bound to a policy"):
        registry.check("POL999", "Nope")
    docs = (REPO / "docs" / "checks.md").read_text(encoding="utf-8")
    for check_id in POLICY_CHECKS:
        section = docs.split(f'<a id="{check_id.lower()}"></a>', 1)[1].split('<a id="', 1)[0]
        assert f"## {check_id}" in section
        for part in ("What it checks", "Why it matters", "How to fix"):
            assert part in section, (check_id, part)


# -- POL001 ---------------------------------------------------------------------------------------------------

RANGE = '[go]\nversion = ">=1.26, <1.28"\n'


@pytest.mark.parametrize(
    ("output", "status", "fix"),
    [
        ("go version go1.27.3 linux/amd64\n", "ok", None),
        ("go version go1.26rc1 linux/amd64\n", "ok", None),  # Go's order: 1.26 < 1.26rc1
        ("go version go1.25.7 linux/amd64\n", "error", "wslgo go install 1.27"),
        ("go version go1.28.0 linux/amd64\n", "error", "wslgo go install 1.27"),
        ("go version devel go1.28-abc123 linux/amd64\n", "warning", "wslgo go install 1.27"),
    ],
)
def test_pol001_orders_versions_like_go(output: str, status: str, fix: str | None) -> None:
    evidence = make_evidence(commands=[cmd("go", "version", stdout=output)])
    [finding] = run(evidence, policy_of(RANGE), "POL001")
    assert finding.status.value == status, finding.message
    assert finding.fix == fix
    assert "/repo/wslgo.toml:2" in finding.message


def test_pol001_without_go_is_an_error_and_without_a_range_skipped() -> None:
    evidence = make_evidence(commands=[cmd("go", "version", rc=None, error="not-found")])
    [finding] = run(evidence, policy_of(RANGE), "POL001")
    assert finding.status is Status.ERROR and "No Go found" in finding.message
    assert statuses(run(evidence, policy_of(""), "POL001")) == ["skipped"]


# -- POL002 ---------------------------------------------------------------------------------------------------


def test_pol002_uses_the_effective_value_and_the_go_commands_list_semantics() -> None:
    policy = policy_of(
        '[env]\nGOPROXY = "https://goproxy.cn|direct"\nGOPRIVATE = "a.example,b.example/*"\n'
        'GOTOOLCHAIN = "local"\n'
    )
    evidence = make_evidence(
        env={"HOME": "/home/al", "GOPROXY": "goproxy.cn | direct"},
        files={"/home/al/.config/go/env": "GOPRIVATE=b.example/*,a.example/\nGOTOOLCHAIN=auto\n"},
        commands=[
            go_env(GOPROXY="goproxy.cn | direct", GOPRIVATE="b.example/*,a.example/", GOTOOLCHAIN="auto")
        ],
    )
    goproxy, goprivate, gotoolchain = run(evidence, policy, "POL002")
    assert goproxy.status is Status.OK and "means the same to the go command" in goproxy.message
    assert "env GOPROXY" in goproxy.message
    assert goprivate.status is Status.OK
    assert gotoolchain.status is Status.ERROR
    assert "~/.config/go/env:2" in gotoolchain.message  # where the wrong value comes from
    assert gotoolchain.fix == "wslgo setup go-env --policy /repo/wslgo.toml"
    assert gotoolchain.fixable_by == "go-env"


def test_pol002_comma_is_not_pipe_and_missing_patterns_are_named() -> None:
    policy = policy_of(
        '[env]\nGOPROXY = "https://a.example|https://b.example|direct"\nGOPRIVATE = "x.example"\n'
    )
    evidence = make_evidence(
        commands=[go_env(GOPROXY="https://a.example,https://b.example,direct", GOPRIVATE="y.example")]
    )
    goproxy, goprivate = run(evidence, policy, "POL002")
    assert goproxy.status is Status.ERROR
    assert (
        goprivate.status is Status.ERROR
        and "missing x.example; not in the policy: y.example" in goprivate.message
    )


def test_pol002_reports_when_go_env_cannot_tell() -> None:
    policy = policy_of('[env]\nGOAUTH = "netrc"\n')
    failing = make_evidence(
        commands=[
            cmd("go", "env", "-json", rc=1, stderr="go: GOCACHE is not an absolute path\n"),
        ]
    )
    [finding] = run(failing, policy, "POL002")
    assert finding.status is Status.ERROR and "GOCACHE is not an absolute path" in finding.message
    old_go = make_evidence(commands=[go_env()])  # a Go that predates GOAUTH does not report it
    [finding] = run(old_go, policy, "POL002")
    assert finding.status is Status.ERROR and "not reported by `go env -json`" in finding.message


# -- POL003 ---------------------------------------------------------------------------------------------------

TOOLS = '[tools]\nrequired = ["gopls"]\n'
GOPLS = "/home/al/go/bin/gopls"


def tool_evidence(info: PathInfo | None, record: dict[str, object] | None) -> Evidence:
    paths = {"/home/al/go/bin": PathInfo(kind="dir")}
    if info is not None:
        paths[GOPLS] = info
    return make_evidence(
        env={"HOME": "/home/al", "PATH": "/usr/bin:/home/al/go/bin"},
        paths=paths,
        commands=[go_env(GOPATH="/home/al/go"), *([record] if record else [])],
    )


def buildinfo(goos: str) -> dict[str, object]:
    stdout = (
        f"{GOPLS}: go1.27.3\n\tpath\tgolang.org/x/tools/gopls\n"
        "\tmod\tgolang.org/x/tools/gopls\tv0.21.0\th1:x=\n"
        f"\tbuild\tGOARCH=amd64\n\tbuild\tGOOS={goos}\n"
    )
    return {"argv": ["go", "version", "-m", GOPLS], "rc": 0, "stdout": stdout}


@pytest.mark.parametrize(
    ("info", "record", "status", "words"),
    [
        (PathInfo(kind="file", mode="0755"), buildinfo("linux"), "ok", "built with go1.27.3 for linux/amd64"),
        (PathInfo(kind="file", mode="0755"), buildinfo("windows"), "error", "built for windows/amd64"),
        (
            PathInfo(kind="symlink", mode="0777", target="/opt/gone/gopls", error="dangling"),
            None,
            "error",
            "/opt/gone/gopls",
        ),
        (
            PathInfo(kind="file", mode="0755"),
            {
                "argv": ["go", "version", "-m", GOPLS],
                "rc": 1,
                "stderr": f"{GOPLS}: could not read Go build info from {GOPLS}: unrecognized file format\n",
            },
            "warning",
            "unrecognized file format",
        ),
        (PathInfo(kind="file", mode="0644"), None, "error", "not installed"),  # not executable
        (None, None, "error", "not installed"),
    ],
)
def test_pol003_installed_and_runnable(
    info: PathInfo | None, record: dict[str, object] | None, status: str, words: str
) -> None:
    [finding] = run(tool_evidence(info, record), policy_of(TOOLS), "POL003")
    assert finding.status.value == status, finding.message
    assert words in finding.message
    if status != "ok":
        assert finding.fix == "wslgo tools install gopls" and finding.fixable_by == "tools"


def test_pol003_skips_when_the_lookups_were_not_recorded() -> None:
    assert statuses(run(make_evidence(), policy_of(TOOLS), "POL003")) == ["skipped"]


# -- POL004 ---------------------------------------------------------------------------------------------------


def test_pol004_fails_a_required_check_that_warns_and_keeps_its_fix() -> None:
    evidence = read_bundle(BUNDLES / "wsl2-systemd-configured-not-running")
    [finding] = run(evidence, policy_of('[doctor]\nrequire-ok = ["WSL005"]\n'), "POL004")
    assert finding.status is Status.ERROR
    assert finding.message.startswith(
        "WSL005 must pass under the policy (/repo/wslgo.toml:2) but reports warning"
    )
    assert finding.fix and "wsl" in finding.fix.lower()


def test_pol004_runs_the_required_check_even_when_doctor_skips_it() -> None:
    """--only/--skip select what doctor shows; require-ok is decided on the check itself."""
    evidence = read_bundle(BUNDLES / "wsl2-gocache-on-mnt-c")
    policy = policy_of('[doctor]\nrequire-ok = ["GO021"]\n')
    only_pol = registry.select(policy_checks(policy), only=["POL004"])
    [result] = run_checks(evidence, only_pol)
    assert result.finding.status is Status.ERROR and "GO021" in result.finding.message
