"""wslgo.toml: the SPEC §14 example loads; every mistake is ONE line naming file, line and what is expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from wslgo.errors import ExitCode, InputError, UsageError
from wslgo.policy.load import (
    MAX_POLICY_BYTES,
    find_policy,
    parse_policy,
    read_policy,
    repository_policy_path,
    resolve_policy,
)

SPEC_EXAMPLE = """\
[go]
version = ">=1.26, <1.28"          # the SDK range the team supports
[env]
GOPROXY = "http://127.0.0.1:3000|https://goproxy.cn|direct"   # required values (exact)
GOPRIVATE = "git.corp.example/*"
[tools]
required = ["gopls", "dlv", "golangci-lint"]
[doctor]
fail-on = "warning"
require-ok = ["GO021", "WSL005"]    # checks that must be ok, not merely not-error
"""


def load(text: str) -> object:
    return parse_policy("/repo/wslgo.toml", text.encode("utf-8"))


def error_of(text: str | bytes) -> str:
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    with pytest.raises(InputError) as caught:
        parse_policy("/repo/wslgo.toml", data)
    message = caught.value.message
    assert "\n" not in message, message
    assert caught.value.exit_code is ExitCode.USAGE
    return message


def test_spec_example_loads_with_the_line_of_each_requirement() -> None:
    policy = parse_policy("/repo/wslgo.toml", SPEC_EXAMPLE.encode())
    assert policy.go is not None and policy.go.allowed.text == ">=1.26, <1.28" and policy.go.line == 2
    assert [(rule.name, rule.line) for rule in policy.env] == [("GOPROXY", 4), ("GOPRIVATE", 5)]
    assert policy.tool_names == ("gopls", "dlv", "golangci-lint")
    assert policy.fail_on == "warning"
    assert [(r.check_id, r.line) for r in policy.require_ok] == [("GO021", 10), ("WSL005", 10)]
    assert policy.where(4) == "/repo/wslgo.toml:4"


def test_the_same_policy_written_with_dotted_keys_and_inline_tables() -> None:
    text = (
        'go.version = "1.27"\n'
        'env = { GOPROXY = "https://goproxy.cn|direct" }\n'
        "tools.required = [\n"
        '  "gopls",\n'
        '  "gopls",\n'
        "]\n"
        'doctor."require-ok" = ["go021"]\n'
    )
    policy = parse_policy("/repo/wslgo.toml", text.encode())
    assert policy.env[0].line == 2 and policy.tools[0].line == 4 and len(policy.tools) == 1
    assert policy.require_ok[0].check_id == "GO021" and policy.require_ok[0].line == 7


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            SPEC_EXAMPLE.replace("fail-on", "fail_on"),
            "/repo/wslgo.toml:9: unknown key 'doctor.fail_on' (did you mean 'fail-on'?)",
        ),
        (
            SPEC_EXAMPLE.replace("[tools]", "[tool]"),
            "/repo/wslgo.toml:6: unknown key 'tool' (did you mean 'tools'?)",
        ),
        (
            SPEC_EXAMPLE.replace("version =", "versoin ="),
            "/repo/wslgo.toml:2: unknown key 'go.versoin' (did you mean 'version'?)",
        ),
        (SPEC_EXAMPLE + "\n[doctor.extra]\nx = 1\n", "/repo/wslgo.toml:12: unknown key 'doctor.extra'"),
        (
            'doctor = { "fail-on" = "warning", requre-ok = [] }\n',
            "/repo/wslgo.toml:1: unknown key 'doctor.requre-ok' (did you mean 'require-ok'?)",
        ),
        (
            SPEC_EXAMPLE.replace("GOPRIVATE =", "GOPRIVAT ="),
            "/repo/wslgo.toml:5: [env] GOPRIVAT: unknown go command variable GOPRIVAT (did you mean 'GOPRIVATE'?)",
        ),
    ],
)
def test_unknown_keys_name_their_line_and_the_likely_key(text: str, expected: str) -> None:
    assert error_of(text).startswith(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[go]\nversion = "<=1.27"\n', "/repo/wslgo.toml:2: '<=1.27' in '<=1.27' excludes 1.27.1"),
        ("[go]\nversion = 1.27\n", "/repo/wslgo.toml:2: go.version is 1.27 (number); expected a string"),
        ('[env]\nGOROOT = "/usr/local/go"\n', "/repo/wslgo.toml:2: [env] GOROOT: GOROOT cannot be modified;"),
        ('[env]\nGOPATH = "~/go"\n', "/repo/wslgo.toml:2: [env] GOPATH = '~/go': go env -w would refuse it"),
        ('[env]\nGOPROXY = "ftp://mirror"\n', "/repo/wslgo.toml:2: [env] GOPROXY = 'ftp://mirror': element"),
        ('[env]\nGOPROXY = ""\n', "/repo/wslgo.toml:2: [env] GOPROXY = '': an empty value"),
        ('[env]\nGOSUMDB = "sum.golang.org+https://sum.golang.org"\n', "malformed verifier id"),
        ('[env]\nGOPRIVATE = "https://git.corp.example/*"\n', "contains a URL scheme"),
        ("[env]\nCGO_ENABLED = 1\n", "/repo/wslgo.toml:2: env.CGO_ENABLED is 1 (number); expected a string"),
        (
            '[tools]\nrequired = [\n  "gopls",\n  "dlvv",\n]\n',
            "/repo/wslgo.toml:4: [tools] required: 'dlvv' is not a tool",
        ),
        (
            '[tools]\nrequired = "gopls"\n',
            "/repo/wslgo.toml:2: tools.required is 'gopls' (string); expected an array",
        ),
        (
            '[doctor]\nfail-on = "warn"\n',
            "/repo/wslgo.toml:2: [doctor] fail-on = 'warn'; expected one of: error, warning",
        ),
        (
            '[doctor]\nrequire-ok = ["GO021", "WSL05"]\n',
            "/repo/wslgo.toml:2: [doctor] require-ok: 'WSL05' is not a doctor check ID",
        ),
        ('[doctor]\nrequire-ok = ["POL001"]\n', "'POL001' is not a doctor check ID"),
        ('go = "1.27"\n', "/repo/wslgo.toml:1: go is '1.27' (string); expected a table: [go]"),
        ('[[go]]\nversion = "1.27"\n', "/repo/wslgo.toml:1: go is"),
    ],
)
def test_bad_values_name_file_line_and_what_is_expected(text: str, expected: str) -> None:
    assert expected in error_of(text)


def test_toml_syntax_errors_keep_tomllibs_line() -> None:
    assert error_of('[go]\nversion = ">=1.26"\n[doctor\n').startswith("/repo/wslgo.toml:3: invalid TOML:")
    assert error_of("a = ").startswith("/repo/wslgo.toml:1: invalid TOML: Invalid value")


def test_encoding_bom_and_hostile_input() -> None:
    policy = parse_policy("/repo/wslgo.toml", b"\xef\xbb\xbf[go]\r\nversion = '1.27'\r\n")
    assert policy.go is not None and policy.go.line == 2
    assert error_of(b"[go]\nversion = '\xff'\n") == (
        "/repo/wslgo.toml:2: not UTF-8 (byte 16); expected a UTF-8 TOML file"
    )
    deep = "a = " + "[" * 5000 + "]" * 5000
    assert "nested too deeply" in error_of(deep)


def test_empty_policy_is_valid_and_requires_nothing() -> None:
    policy = parse_policy("/repo/wslgo.toml", b"# nothing yet\n")
    assert policy.go is None and not policy.env and not policy.tools and policy.fail_on is None


def test_find_policy_walks_up_from_the_project(tmp_path: Path) -> None:
    (tmp_path / "wslgo.toml").write_text(SPEC_EXAMPLE, encoding="utf-8")
    nested = tmp_path / "cmd" / "tool"
    nested.mkdir(parents=True)
    assert find_policy(nested) == tmp_path / "wslgo.toml"
    assert resolve_policy("", nested).path == str(tmp_path / "wslgo.toml")
    (tmp_path / "wslgo.toml").unlink()
    (tmp_path / "wslgo.toml").mkdir()  # a directory of that name is not a policy
    assert find_policy(nested) is None


def test_resolve_and_read_errors_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"--policy: no wslgo.toml in .* or any parent directory"):
        resolve_policy("", tmp_path)
    with pytest.raises(InputError, match="no such file"):
        read_policy(tmp_path / "missing.toml")
    with pytest.raises(InputError, match="is a directory"):
        read_policy(tmp_path)
    big = tmp_path / "big.toml"
    big.write_bytes(b"# " + b"x" * MAX_POLICY_BYTES)
    with pytest.raises(InputError, match="larger than"):
        read_policy(big)


def test_ci_needs_the_policy_inside_the_repository(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "config").mkdir(parents=True)
    (repo / "config" / "team.toml").write_text(SPEC_EXAMPLE, encoding="utf-8")
    assert repository_policy_path(str(repo / "config" / "team.toml"), repo) == "config/team.toml"
    outside = tmp_path / "wslgo.toml"
    outside.write_text(SPEC_EXAMPLE, encoding="utf-8")
    with pytest.raises(UsageError, match="outside the repository"):
        repository_policy_path(str(outside), repo)
