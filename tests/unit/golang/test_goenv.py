"""The go env / Go env file / GOPROXY / GOSUMDB parsers, against real go output and Go's rules."""

from __future__ import annotations

import base64
import json
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.unit.checks.gohelpers import corpus_go_env, real_go_env
from wslgo.golang.goenv import (
    KNOWN_GOSUMDB,
    GoEnvError,
    note_key_hash,
    parse_env_file,
    parse_go_env_json,
    parse_go_env_text,
    parse_gosumdb,
)
from wslgo.golang.goproxy import comma_only_ha, ha_form, parse_goproxy

# -- go env -json / go env text ---------------------------------------------------------------------------


def test_parse_real_go_env_json(go_binary: Path) -> None:
    values = parse_go_env_json(real_go_env(go_binary, {"GOPROXY": "https://a.example|direct"}))
    assert values["GOPROXY"] == "https://a.example|direct"
    assert values["GOCACHE"] == "/home/al/.cache/go-build"
    assert values["GOVERSION"].startswith("go1.")


def test_parse_go_env_json_rejects_non_objects() -> None:
    with pytest.raises(GoEnvError, match="not JSON"):
        parse_go_env_json("GOPROXY='x'")
    with pytest.raises(GoEnvError, match="JSON list"):
        parse_go_env_json("[]")


def test_real_go_env_text_single_quote_format_matches_json(go_binary: Path) -> None:
    """Go >= 1.21 `go env` prints sh-quoted values; reading them gives the same map as -json."""
    env = {"HOME": "/home/al", "PATH": "/usr/bin:/bin", "GOTOOLCHAIN": "local", "GOFLAGS": "-tags=it's"}
    text = subprocess.run([str(go_binary), "env"], env=env, capture_output=True, text=True, check=True).stdout
    assert "GOFLAGS='-tags=it'\\''s'" in text
    as_json = json.loads(
        subprocess.run(
            [str(go_binary), "env", "-json"], env=env, capture_output=True, text=True, check=True
        ).stdout
    )
    parsed = parse_go_env_text(text)
    assert parsed["GOFLAGS"] == "-tags=it's"
    for key in ("GOPROXY", "GOSUMDB", "GOROOT", "GOCACHE", "CGO_ENABLED"):
        assert parsed[key] == as_json[key]


@pytest.mark.parametrize(
    ("prefix", "key", "value"),
    [
        ("35_", "GOROOT", "/usr/lib/go-1.22"),  # Go >= 1.21 single quotes, go bug trailer lines after it
        ("36_", "GOROOT", "/usr/lib/go-1.13"),  # pre-1.21 double quotes
        ("37_", "GOPATH", "/data/go:/home/steveh/code"),
        ("38_", "GO111MODULE", "on"),
    ],
)
def test_corpus_go_env_text(corpus: Path, prefix: str, key: str, value: str) -> None:
    values, version = corpus_go_env(corpus, prefix)
    assert values[key] == value
    assert values["GOPROXY"] == "https://proxy.golang.org,direct"
    assert "uname -sr: Linux 5.15.133.1-microsoft-standard-WSL2" not in values.values()
    assert version.startswith("go version go1.")


# -- the Go env file ------------------------------------------------------------------------------------


def test_env_file_as_go_env_w_writes_it(go_binary: Path, tmp_path: Path) -> None:
    envfile = tmp_path / "env"
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "GOENV": str(envfile), "GOTOOLCHAIN": "local"}
    for assignment in ("GOPROXY=https://a.example|https://b.example|direct", "GOPRIVATE=git.corp.example/*"):
        subprocess.run([str(go_binary), "env", "-w", assignment], env=env, check=True, capture_output=True)
    parsed = parse_env_file(envfile.read_text())
    assert parsed.values == {
        "GOPROXY": "https://a.example|https://b.example|direct",
        "GOPRIVATE": "git.corp.example/*",
    }
    lines = envfile.read_text().split("\n")
    for entry in parsed.entries:
        assert lines[entry.line - 1] == f"{entry.key}={entry.value}"


def test_env_file_rules_follow_read_env_file(go_binary: Path, tmp_path: Path) -> None:
    """Comments and lower-case lines are ignored, the last duplicate wins — checked against the real go."""
    text = (
        "# comment\ngoproxy=https://x.example\nGOPROXY=https://first.example\nGOPROXY=https://last.example\n"
    )
    parsed = parse_env_file(text)
    assert parsed.values == {"GOPROXY": "https://last.example"}
    assert parsed.get("GOPROXY").line == 4  # type: ignore[union-attr]
    envfile = tmp_path / "env"
    envfile.write_text(text)
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin", "GOENV": str(envfile), "GOTOOLCHAIN": "local"}
    real = json.loads(
        subprocess.run(
            [str(go_binary), "env", "-json"], env=env, capture_output=True, text=True, check=True
        ).stdout
    )
    assert real["GOPROXY"] == parsed.values["GOPROXY"]


def test_env_file_keeps_carriage_return_like_go() -> None:
    assert parse_env_file("GOSUMDB=sum.golang.org\r\n").values["GOSUMDB"] == "sum.golang.org\r"


# -- GOPROXY --------------------------------------------------------------------------------------------


def test_guide_comma_ha_list_gets_pipe_form() -> None:
    proxies = parse_goproxy("https://goproxy.cn,https://mirrors.aliyun.com/goproxy/,direct")
    assert comma_only_ha(proxies)
    assert ha_form(proxies) == "https://goproxy.cn|https://mirrors.aliyun.com/goproxy/|direct"


def test_default_and_pipe_lists_are_not_comma_ha() -> None:
    assert not comma_only_ha(parse_goproxy("https://proxy.golang.org,direct"))
    assert not comma_only_ha(parse_goproxy("https://a.example|https://b.example,direct"))


def test_direct_not_last_ignores_the_rest() -> None:
    proxies = parse_goproxy("direct,https://proxy.golang.org")
    assert [e.ignored for e in proxies.elements] == [False, True]
    assert proxies.urls == []


def test_bare_host_gets_https_and_single_word_is_invalid() -> None:
    proxies = parse_goproxy("goproxy.io|mirror")
    assert proxies.elements[0].url == "https://goproxy.io"
    assert proxies.elements[1].kind == "invalid"
    assert "missing scheme" in (proxies.elements[1].problem or "")


_element = st.one_of(
    st.sampled_from(
        [
            "direct",
            "off",
            "https://proxy.golang.org",
            "http://127.0.0.1:3000",
            "goproxy.cn",
            "file:///srv/mods",
            "",
            " ",
        ]
    ),
    st.from_regex(r"https://[a-z]{1,8}\.example(/[a-z]{1,5})?", fullmatch=True),
)


@given(st.lists(st.tuples(_element, st.sampled_from([",", "|"])), min_size=1, max_size=6))
def test_goproxy_parse_properties(pieces: list[tuple[str, str]]) -> None:
    value = "".join(text + sep for text, sep in pieces).rstrip(",|")
    proxies = parse_goproxy(value)
    assert [e.text for e in proxies.elements] == [t.strip() for t, _ in pieces if t.strip()][
        : len(proxies.elements)
    ]
    stops = [i for i, e in enumerate(proxies.elements) if e.kind in ("direct", "off")]
    if stops:
        assert all(e.ignored == (i > stops[0]) for i, e in enumerate(proxies.elements))
    if proxies.elements:
        assert proxies.elements[-1].separator is None
    rewritten = parse_goproxy(ha_form(proxies))
    assert not comma_only_ha(rewritten)
    assert not any(e.ignored for e in rewritten.elements)


# -- GOSUMDB --------------------------------------------------------------------------------------------


def test_known_sumdb_key_hash_is_consistent() -> None:
    name, hash16, key64 = KNOWN_GOSUMDB["sum.golang.org"].split("+", 2)
    assert note_key_hash(name, base64.b64decode(key64)) == int(hash16, 16)


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("sum.golang.org+https://sum.golang.org", "invalid GOSUMDB: malformed verifier id"),
        ("sum.golang.org", None),
        ("sum.golang.org https://sum.golang.org", None),
        ("sum.golang.google.cn", None),
        ("off", None),
        ("corp.example", "invalid GOSUMDB: malformed verifier id"),
        ("a b c", "invalid GOSUMDB: too many fields"),
        (
            "sum.golang.org+033de0af+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8",
            "invalid GOSUMDB: invalid verifier hash",
        ),
    ],
)
def test_gosumdb_grammar(value: str, error: str | None) -> None:
    assert parse_gosumdb(value).error == error


def _vkey(name: str, key: bytes) -> str:
    return f"{name}+{note_key_hash(name, key):08x}+{base64.b64encode(key).decode()}"


def test_gosumdb_custom_key_with_url() -> None:
    vkey = _vkey("sumdb.corp.example", b"\x01" + bytes(range(32)))
    parsed = parse_gosumdb(f"{vkey} https://sumdb.corp.example")
    assert parsed.error is None and parsed.name == "sumdb.corp.example"
    assert (
        parse_gosumdb(_vkey("x.example", b"\x02" + bytes(32))).error
        == "invalid GOSUMDB: unknown verifier algorithm"
    )


@given(st.text(alphabet="abc.+/: 0123456789ABCDEF=", max_size=40))
def test_gosumdb_never_crashes_and_plus_url_is_rejected(value: str) -> None:
    parsed = parse_gosumdb(value)
    if "+https:" in value.split(" ")[0]:
        assert parsed.error is not None
