"""GO010–GO016: GOPROXY, GOSUMDB, verification, GO111MODULE, GOPRIVATE, GOTOOLCHAIN, env vs env file."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import cmd, make_evidence
from tests.unit.checks.gohelpers import go_evidence, statuses
from wslgo.checks.go.config import (
    checksums_enabled,
    env_vs_envfile,
    go111module,
    goproxy_syntax,
    gosumdb_syntax,
    gotoolchain,
    private_modules,
)
from wslgo.checks.model import Status

GUIDE_ENV_FILE = "GOPROXY=https://goproxy.cn,https://mirrors.aliyun.com/goproxy/,direct\nGOSUMDB=sum.golang.org+https://sum.golang.org\n"
NO_GO = make_evidence(
    env={"PATH": "/usr/bin"}, commands=[cmd("go", "env", "-json", rc=None, error="not-found")]
)


def test_go010_default_is_ok(go_binary: Path) -> None:
    (finding,) = goproxy_syntax(go_evidence(go_binary))
    assert finding.status is Status.OK and "go env -json" in finding.message


def test_go010_guide_comma_ha_from_env_file(go_binary: Path) -> None:
    (finding,) = goproxy_syntax(go_evidence(go_binary, envfile=GUIDE_ENV_FILE))
    assert finding.status is Status.WARNING
    assert "~/.config/go/env:1" in finding.message
    assert finding.fix == "go env -w GOPROXY='https://goproxy.cn|https://mirrors.aliyun.com/goproxy/|direct'"
    assert finding.fixable_by == "go-env"


def test_go010_env_source_points_at_rc_export(go_binary: Path) -> None:
    value = "https://goproxy.cn,https://goproxy.io,direct"
    evidence = go_evidence(
        go_binary, env={"GOPROXY": value}, files={"/home/al/.bashrc": f"\nexport GOPROXY={value}\n"}
    )
    (finding,) = goproxy_syntax(evidence)
    assert "env GOPROXY" in finding.message
    assert (
        finding.fix
        == "edit ~/.bashrc:2 to read: export GOPROXY='https://goproxy.cn|https://goproxy.io|direct'"
    )


def test_go010_direct_first_and_invalid_element(go_binary: Path) -> None:
    findings = goproxy_syntax(go_evidence(go_binary, env={"GOPROXY": "direct,https://proxy.golang.org"}))
    assert statuses(findings) == ["warning"] and "never tries https://proxy.golang.org" in findings[0].message
    findings = goproxy_syntax(go_evidence(go_binary, env={"GOPROXY": "goproxy|direct"}))
    assert statuses(findings) == ["error"] and "'goproxy'" in findings[0].message


def test_go010_unreachable_when_online(go_binary: Path) -> None:
    probes = [cmd("http-probe", "https://goproxy.cn", rc=None, error="timeout")]
    evidence = go_evidence(go_binary, env={"GOPROXY": "https://goproxy.cn|direct"}, commands=probes)
    (finding,) = goproxy_syntax(evidence)
    assert finding.status is Status.WARNING and "timeout" in finding.message
    offline = go_evidence(
        go_binary, env={"GOPROXY": "https://goproxy.cn|direct"}, commands=probes, offline=True
    )
    assert statuses(goproxy_syntax(offline)) == ["ok"]


def test_go010_skipped_without_go() -> None:
    (finding,) = goproxy_syntax(NO_GO)
    assert finding.status is Status.SKIPPED and "no `go` on PATH" in finding.message


def test_go011_guide_value_is_error(go_binary: Path) -> None:
    (finding,) = gosumdb_syntax(go_evidence(go_binary, envfile=GUIDE_ENV_FILE))
    assert finding.status is Status.ERROR
    assert "malformed verifier id" in finding.message and "~/.config/go/env:2" in finding.message
    assert finding.fix == "go env -w GOSUMDB=sum.golang.org" and finding.fixable_by == "go-env"


def test_go011_ok_forms(go_binary: Path) -> None:
    for value in ("sum.golang.org", "sum.golang.org https://sum.golang.org", "sum.golang.google.cn"):
        assert statuses(gosumdb_syntax(go_evidence(go_binary, env={"GOSUMDB": value}))) == ["ok"], value
    assert statuses(gosumdb_syntax(NO_GO)) == ["skipped"]


def test_go012_verification_disabled(go_binary: Path) -> None:
    findings = checksums_enabled(go_evidence(go_binary, env={"GOSUMDB": "off"}))
    assert statuses(findings) == ["warning"] and "GOTOOLCHAIN downloads" in findings[0].message
    findings = checksums_enabled(go_evidence(go_binary, envfile="GOPRIVATE=*\n"))
    assert statuses(findings) == ["warning"] and "inherited from GOPRIVATE" in findings[0].message
    findings = checksums_enabled(go_evidence(go_binary, env={"GOINSECURE": "github.com"}))
    assert statuses(findings) == ["warning"]
    assert statuses(checksums_enabled(go_evidence(go_binary, env={"GOPRIVATE": "git.corp.example"}))) == [
        "ok"
    ]
    assert statuses(checksums_enabled(NO_GO)) == ["skipped"]


def test_go013_go111module(go_binary: Path) -> None:
    assert statuses(go111module(go_evidence(go_binary))) == ["ok"]
    assert statuses(go111module(go_evidence(go_binary, env={"GO111MODULE": "on"}))) == ["info"]  # corpus 38
    (finding,) = go111module(go_evidence(go_binary, envfile="GO111MODULE=auto\n"))
    assert finding.status is Status.WARNING and finding.fix == "go env -u GO111MODULE"
    assert statuses(go111module(NO_GO)) == ["skipped"]


GOMOD = """module git.corp.example/team/service

go 1.22

require (
	github.com/stretchr/testify v1.9.0
	git.corp.example/team/lib v0.3.0
	go.uber.org/zap v1.27.0
)
"""


def test_go014_private_module_leaks(go_binary: Path) -> None:
    evidence = go_evidence(go_binary, files={"/home/al/project/go.mod": GOMOD})
    (finding,) = private_modules(evidence)
    assert finding.status is Status.WARNING
    assert "git.corp.example/team/lib (~/project/go.mod:7)" in finding.message
    assert finding.fix == "go env -w GOPRIVATE=git.corp.example"
    covered = go_evidence(
        go_binary, env={"GOPRIVATE": "*.corp.example"}, files={"/home/al/project/go.mod": GOMOD}
    )
    assert statuses(private_modules(covered)) == ["ok"]


def test_go014_bad_pattern_and_skip(go_binary: Path) -> None:
    (finding,) = private_modules(go_evidence(go_binary, env={"GOPRIVATE": "https://git.corp.example"}))
    assert finding.status is Status.WARNING and "URL scheme" in finding.message
    assert statuses(private_modules(NO_GO)) == ["skipped"]


def test_go015_toolchain(go_binary: Path) -> None:
    newer = "module example.com/x\n\ngo 1.28.0\n"
    local = go_evidence(go_binary, env={"GOTOOLCHAIN": "local"}, files={"/home/al/project/go.mod": newer})
    (finding,) = gotoolchain(local)
    assert finding.status is Status.ERROR and "~/project/go.mod:3" in finding.message
    assert finding.fix is not None and finding.fix.startswith("wslgo go install go1.28.0")
    auto_off = go_evidence(
        go_binary, env={"GOTOOLCHAIN": "auto", "GOSUMDB": "off"}, files={"/home/al/project/go.mod": newer}
    )
    assert statuses(gotoolchain(auto_off)) == ["warning"]
    auto = go_evidence(go_binary, env={"GOTOOLCHAIN": "auto"}, files={"/home/al/project/go.mod": newer})
    assert statuses(gotoolchain(auto)) == ["info"]
    fine = go_evidence(go_binary, files={"/home/al/project/go.mod": GOMOD})
    assert statuses(gotoolchain(fine)) == ["ok"]
    assert statuses(gotoolchain(make_evidence(files={"/home/al/project/go.mod": newer}))) == ["skipped"]


def test_go016_environment_beats_env_file(go_binary: Path) -> None:
    evidence = go_evidence(
        go_binary,
        env={"GOPROXY": "https://goproxy.io,direct"},
        envfile="GOPROXY=http://127.0.0.1:3000|https://proxy.golang.org|direct\n",
        files={"/home/al/.profile": "export GOPROXY=https://goproxy.io,direct\n"},
    )
    (finding,) = env_vs_envfile(evidence)
    assert finding.status is Status.WARNING
    assert "~/.config/go/env:1" in finding.message and "~/.profile:1" in finding.message
    agree = go_evidence(go_binary, env={"GOPROXY": "off"}, envfile="GOPROXY=off\n")
    assert statuses(env_vs_envfile(agree)) == ["ok"]
    assert statuses(env_vs_envfile(make_evidence(env={"HOME": "/home/al"}))) == ["skipped"]
