"""``bench proxy`` pure parts: module lists, go invocation, the -json stream and failure lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wslgo.bench.proxybench import parse_upstream
from wslgo.bench.proxyplan import (
    ROUTE_COLD,
    ROUTE_FILE,
    ROUTE_UPSTREAM,
    ROUTE_WARM,
    ROUTES,
    DownloadSource,
    ModuleVersion,
    download_argv,
    download_environment,
    download_failure,
    file_goproxy,
    find_module_root,
    parse_json_stream,
    parse_module_list,
    proxy_step_count,
    with_sumdb_hint,
)
from wslgo.errors import ExitCode, InputError, UsageError


def test_module_list_forms_comments_and_duplicates() -> None:
    text = (
        "# modules to fetch\n"
        "rsc.io/quote@v1.5.2\n"
        "\n"
        "golang.org/x/text v0.3.0   # as 'go list -m all' prints it\n"
        "rsc.io/quote@v1.5.2\n"
        "  example.com/version@v1.1.0  \n"
        "rsc.io/sampler@latest\n"
    )
    assert parse_module_list(text, "mods.txt") == (
        ModuleVersion("rsc.io/quote", "v1.5.2"),
        ModuleVersion("golang.org/x/text", "v0.3.0"),
        ModuleVersion("example.com/version", "v1.1.0"),
        ModuleVersion("rsc.io/sampler", "latest"),
    )
    assert str(ModuleVersion("rsc.io/QUOTE", "v1.5.3-PRE")) == "rsc.io/QUOTE@v1.5.3-PRE"


@pytest.mark.parametrize(
    ("text", "line", "value"),
    [
        ("rsc.io/quote@v1.5.2\nexample.com/main\n", 2, "'example.com/main'"),
        ("rsc.io/quote@1.5.2\n", 1, "'rsc.io/quote@1.5.2'"),
        ("@v1.0.0\n", 1, "'@v1.0.0'"),
        ("a v1 b\n", 1, "'a v1 b'"),
        ("# c\nexample.com/a v1.0.0 => example.com/b v1.0.0\n", 2, "=>"),
    ],
)
def test_module_list_errors_name_file_line_and_value(text: str, line: int, value: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_module_list(text, "mods.txt")
    message = str(caught.value)
    assert message.startswith(f"mods.txt:{line}: ") and value in message and "\n" not in message
    assert caught.value.exit_code == ExitCode.USAGE


def test_empty_module_list_is_refused() -> None:
    with pytest.raises(InputError, match=r"^mods.txt: no module@version line"):
        parse_module_list("# nothing\n\n", "mods.txt")


def test_argv_project_uses_a_scratch_modfile_and_modules_mode_lists_them(tmp_path: Path) -> None:
    project = DownloadSource(label="p", module_root=tmp_path)
    modfile = tmp_path / "scratch" / "go.mod"
    assert download_argv("/go/bin/go", project, modfile) == [
        "/go/bin/go", "mod", "download", "-json", f"-modfile={modfile}", "all",
    ]  # fmt: skip
    with pytest.raises(ValueError):
        download_argv("go", project, None)
    listed = DownloadSource(
        label="m",
        modules=(ModuleVersion("rsc.io/quote", "v1.5.2"), ModuleVersion("rsc.io/QUOTE", "v1.5.3-PRE")),
    )
    assert not listed.is_project and project.is_project
    assert download_argv("go", listed, None) == [
        "go", "mod", "download", "-json", "rsc.io/quote@v1.5.2", "rsc.io/QUOTE@v1.5.3-PRE",
    ]  # fmt: skip


def test_environment_changes_only_the_controlled_variables(tmp_path: Path) -> None:
    base = {
        "PATH": "/usr/bin",
        "GOFLAGS": "-race -a",
        "GOSUMDB": "sum.golang.org",
        "GONOSUMDB": "corp.example.com",
        "GOPROXY": "https://user.example",
        "GOWORK": "/home/al/go.work",
    }
    env = download_environment(
        base,
        goroot="/sdk/go",
        goproxy="http://127.0.0.1:5000",
        gomodcache=tmp_path / "mc",
        gocache=tmp_path / "gc",
        no_sumdb=False,
    )
    assert env["GOPROXY"] == "http://127.0.0.1:5000" and env["GOMODCACHE"] == str(tmp_path / "mc")
    assert env["GOFLAGS"] == "-modcacherw" and env["GOTOOLCHAIN"] == "local" and env["GOWORK"] == "off"
    assert env["GOROOT"] == "/sdk/go" and env["GOCACHE"] == str(tmp_path / "gc")
    assert env["GOSUMDB"] == "sum.golang.org" and env["GONOSUMDB"] == "corp.example.com"
    assert env["PATH"] == "/usr/bin"
    assert base["GOPROXY"] == "https://user.example"  # the caller's mapping is not modified
    offline = download_environment(
        base, goroot="/sdk/go", goproxy="off", gomodcache=tmp_path, gocache=tmp_path, no_sumdb=True
    )
    assert offline["GOSUMDB"] == "off" and offline["GONOSUMDB"] == "corp.example.com"


def test_file_goproxy_is_an_absolute_file_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert file_goproxy(Path("store/cache/download")) == f"file://{tmp_path}/store/cache/download"


def test_find_module_root_walks_up(tmp_path: Path) -> None:
    (tmp_path / "m" / "a" / "b").mkdir(parents=True)
    (tmp_path / "m" / "go.mod").write_text("module example.com/m\n")
    assert find_module_root(tmp_path / "m" / "a" / "b") == tmp_path / "m"
    assert find_module_root(tmp_path / "m") == tmp_path / "m"
    assert find_module_root(tmp_path) is None


def test_routes_order_and_step_count() -> None:
    assert ROUTES == (ROUTE_UPSTREAM, ROUTE_COLD, ROUTE_WARM, ROUTE_FILE)
    assert proxy_step_count(3) == 12


def test_json_stream_concatenated_and_truncated() -> None:
    first = {"Path": "rsc.io/quote", "Version": "v1.5.2"}
    second = {"Path": "rsc.io/sampler", "Version": "v1.3.0", "Error": "boom"}
    text = json.dumps(first, indent="\t") + "\n" + json.dumps(second, indent="\t") + "\n"
    assert parse_json_stream(text) == [first, second]
    assert parse_json_stream(text + '{"Path": "cut') == [first, second]
    assert parse_json_stream("") == [] and parse_json_stream("not json") == []


def test_failure_from_json_error_record_names_the_module() -> None:
    stdout = json.dumps({"Path": "rsc.io/quote", "Version": "v1.5.2", "Sum": "h1:x"}) + json.dumps(
        {
            "Path": "example.com/nope",
            "Version": "v1.0.0",
            "Error": "example.com/nope@v1.0.0: reading http://127.0.0.1:9/example.com/nope/@v/v1.0.0.info: "
            "404 Not Found\n\tserver response: not found: example.com/nope\n",
        }
    )
    line = download_failure(stdout, "")
    assert line == (
        "example.com/nope@v1.0.0: reading http://127.0.0.1:9/example.com/nope/@v/v1.0.0.info: 404 Not Found "
        "(server response: not found: example.com/nope)"
    )
    bare = json.dumps({"Path": "rsc.io/sampler", "Version": "v1.3.0", "Error": "zip: not a valid zip file"})
    assert download_failure(bare, "") == "rsc.io/sampler@v1.3.0: zip: not a valid zip file"


def test_failure_from_stderr_graph_loading_and_fallbacks() -> None:
    stderr = (
        "go: downloading rsc.io/quote v1.5.2\n"
        "go: rsc.io/quote@v1.5.2: reading http://127.0.0.1:1/rsc.io/quote/@v/v1.5.2.mod: 502 Bad Gateway\n"
        "\tserver response: upstream http://127.0.0.1:2: connection refused\n"
    )
    assert download_failure("", stderr) == (
        "rsc.io/quote@v1.5.2: reading http://127.0.0.1:1/rsc.io/quote/@v/v1.5.2.mod: 502 Bad Gateway "
        "(server response: upstream http://127.0.0.1:2: connection refused)"
    )
    newer = "go: go.mod requires go >= 1.99 (running go 1.27.3; GOTOOLCHAIN=local)\n"
    assert download_failure("", newer) == "go.mod requires go >= 1.99 (running go 1.27.3; GOTOOLCHAIN=local)"
    assert download_failure("", "") == "(no output from go)"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("off", "turned off"), ("ftp://x.example", "scheme"), (",,", "no entries")],
)
def test_upstream_chain_errors(text: str, fragment: str) -> None:
    with pytest.raises(UsageError, match=fragment) as caught:
        parse_upstream(text, "--upstream")
    assert str(caught.value).startswith(f"--upstream {text!r}: ")


def test_upstream_chain_accepts_go_grammar() -> None:
    chain = parse_upstream("http://127.0.0.1:3000|https://proxy.golang.org,direct", "--upstream")
    assert [entry.url_or_keyword for entry in chain] == [
        "http://127.0.0.1:3000", "https://proxy.golang.org", "direct",
    ]  # fmt: skip


def test_sumdb_failures_point_at_no_sumdb() -> None:
    failure = (
        "example.com/version@v1.1.0: verifying go.mod: example.com/version@v1.1.0/go.mod: "
        'Get "https://sum.golang.org/lookup/example.com/version@v1.1.0": dial tcp: no such host'
    )
    assert with_sumdb_hint(failure, no_sumdb=False).endswith("--no-sumdb sets GOSUMDB=off)")
    assert with_sumdb_hint(failure, no_sumdb=True) == failure
    assert (
        with_sumdb_hint("rsc.io/quote@v1.5.2: 404 Not Found", no_sumdb=False)
        == "rsc.io/quote@v1.5.2: 404 Not Found"
    )
