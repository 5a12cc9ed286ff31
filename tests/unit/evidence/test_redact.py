"""Redaction (SPEC §2 list) and anonymisation: nothing secret survives, nothing else changes."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import cmd, make_evidence
from wslgo.evidence.model import PathInfo
from wslgo.evidence.redact import (
    MASK,
    anonymize_evidence,
    is_sensitive_name,
    redact_evidence,
    redact_text,
    sensitive_values,
)

TOKEN = "ghp_R3alL00kingT0ken1234567890abcdef"


def test_url_userinfo_is_masked() -> None:
    assert redact_text("GOPROXY=https://al:s3cret@goproxy.corp.example,direct") == (
        "GOPROXY=https://***@goproxy.corp.example,direct"
    )
    assert (
        redact_text("git clone https://oauth2@gitlab.example/x.git")
        == "git clone https://***@gitlab.example/x.git"
    )
    # no userinfo: an @ in the path (module versions) is not touched
    assert redact_text("https://proxy.golang.org/golang.org/x/mod/@v/list") == (
        "https://proxy.golang.org/golang.org/x/mod/@v/list"
    )
    assert redact_text("git@github.com:al/repo.git") == "git@github.com:al/repo.git"


def test_authorization_headers_are_masked() -> None:
    text = 'curl -H "Authorization: Bearer abc.def" https://x\nProxy-Authorization: Basic dXNlcjpwYXNz\n'
    assert redact_text(text) == 'curl -H "Authorization: ***" https://x\nProxy-Authorization: ***\n'


def test_secret_named_assignments_are_masked_in_any_text() -> None:
    rc = "export GITHUB_TOKEN=ghp_abc\nexport AWS_SECRET_ACCESS_KEY='x y z'\nexport GOPATH=$HOME/go\n"
    assert (
        redact_text(rc)
        == "export GITHUB_TOKEN=***\nexport AWS_SECRET_ACCESS_KEY='***'\nexport GOPATH=$HOME/go\n"
    )
    go_env = '{\n\t"GOAUTH": "netrc",\n\t"GOPROXY": "https://u:p@proxy.example"\n}'
    assert json.loads(redact_text(go_env)) == {"GOAUTH": MASK, "GOPROXY": "https://***@proxy.example"}
    gitconfig = "[user]\n\tsigningkey = 3AA5C34371567BD2\n"
    assert redact_text(gitconfig) == "[user]\n\tsigningkey = ***\n"


def test_ordinary_config_is_left_alone() -> None:
    text = (
        '[automount]\noptions = "metadata,umask=22,fmask=11"\n[boot]\nsystemd=true\n'
        "C:\\ on /mnt/c type 9p (rw,noatime,dirsync,aname=drvfs;path=C:\\;uid=1000;gid=1000;symlinkroot=/mnt/)\n"
    )
    assert redact_text(text) == text


def test_given_secrets_are_masked_wherever_they_appear() -> None:
    assert (
        redact_text(f"remote: https://github.com/?t={TOKEN} ok", [TOKEN])
        == "remote: https://github.com/?t=*** ok"
    )


def test_sensitive_names() -> None:
    for name in (
        "GITHUB_TOKEN",
        "github_token",
        "AWS_SECRET_ACCESS_KEY",
        "DB_PASSWORD",
        "GOAUTH",
        "NETRC",
        "GOOGLE_APPLICATION_CREDENTIALS",
        "NPM_AUTH",
        "SSH_AUTH_SOCK",
        "API_KEY",
    ):
        assert is_sensitive_name(name), name
    for name in ("GOPATH", "GOPROXY", "HOME", "PATH", "WSL_DISTRO_NAME", "GONOSUMDB", "AUTHOR"):
        assert not is_sensitive_name(name), name


def test_sensitive_values_skip_short_and_keyword_values() -> None:
    env = {
        "GITHUB_TOKEN": TOKEN,
        "GOAUTH": "netrc",
        "MY_KEY": "1",
        "NETRC": "/home/al/.netrc",
        "HOME": "/home/al",
    }
    assert sensitive_values(env) == (TOKEN,)


def test_redact_evidence_masks_env_files_commands_and_netrc() -> None:
    evidence = make_evidence(
        env={
            "GITHUB_TOKEN": TOKEN,
            "GOPROXY": "https://al:pw@goproxy.corp",
            "HOME": "/home/al",
            "GOAUTH": "netrc",
        },
        files={
            "/home/al/.netrc": "machine github.com login al password hunter2\n",
            "/home/al/.bashrc": f"export GH={TOKEN}\n",
            "/home/al/.config/go/env": b"GOPROXY=https://al:pw@goproxy.corp\n\xff",  # not UTF-8 at the end
        },
        commands=[
            cmd("go", "env", "-json", stdout='{"GOPROXY": "https://al:pw@goproxy.corp", "GOAUTH": "netrc"}'),
            cmd("http-probe", "https://al:pw@goproxy.corp", rc=200),
        ],
    )
    redacted = redact_evidence(evidence)
    assert redacted.meta.redacted is True
    assert redacted.env["GITHUB_TOKEN"] == MASK and redacted.env["GOAUTH"] == MASK
    assert redacted.env["GOPROXY"] == "https://***@goproxy.corp"
    assert redacted.env["HOME"] == "/home/al"
    assert b"hunter2" not in redacted.files["/home/al/.netrc"]
    assert redacted.files["/home/al/.bashrc"] == b"export GH=***\n"
    assert redacted.files["/home/al/.config/go/env"] == b"GOPROXY=https://***@goproxy.corp\n\xff"
    go_env = redacted.command("go", "env", "-json")
    assert go_env is not None and json.loads(go_env.stdout)["GOPROXY"] == "https://***@goproxy.corp"
    assert redacted.command("http-probe", "https://***@goproxy.corp") is not None
    everything = json.dumps([c.to_json() for c in redacted.commands]) + repr(dict(redacted.env))
    everything += b"".join(redacted.files.values()).decode("utf-8", "replace")
    for secret in (TOKEN, "pw@", "hunter2"):
        assert secret not in everything


@given(st.text(max_size=200))
def test_redact_text_is_idempotent(text: str) -> None:
    once = redact_text(text, [TOKEN])
    assert redact_text(once, [TOKEN]) == once


@given(
    user=st.from_regex(r"[a-z][a-z0-9]{2,10}", fullmatch=True),
    password=st.from_regex(r"[A-Za-z0-9!$%^&*()_+~]{1,20}", fullmatch=True),
    host=st.from_regex(r"[a-z]{1,10}\.(com|cn|io)", fullmatch=True),
)
def test_no_url_password_survives(user: str, password: str, host: str) -> None:
    text = f"GOPROXY=https://{user}:{password}@{host}/path,direct"
    redacted = redact_text(text)
    assert f":{password}@" not in redacted
    assert redacted == f"GOPROXY=https://***@{host}/path,direct"


def test_anonymize_replaces_user_and_home_everywhere() -> None:
    evidence = make_evidence(
        env={
            "HOME": "/home/alice",
            "USER": "alice",
            "PATH": "/home/alice/go/bin:/usr/local/bin:/mnt/c/Users/Alice/bin",
        },
        files={
            "/home/alice/.bashrc": "export GOPATH=/home/alice/go  # alice's\n",
            "/home/alice/project/go.mod": "module example.com/alicesvc\n",
            "/mnt/c/Users/Alice/.wslconfig": "[wsl2]\nswapFile=C:\\\\Users\\\\Alice\\\\swap.vhdx\n",
        },
        paths={"/home/alice/go": PathInfo(kind="symlink", target="/mnt/d/alice/go")},
        commands=[
            cmd("cmd.exe", "/c", "echo %USERPROFILE%", stdout="C:\\Users\\Alice\r\n"),
            cmd("wslpath", "-u", "C:\\Users\\Alice", stdout="/mnt/c/Users/Alice\n"),
            cmd("go", "env", "-json", stdout='{"GOPATH": "/home/alice/go"}'),
        ],
        cwd="/home/alice/project",
        user="alice",
    )
    anon = anonymize_evidence(evidence)
    assert anon.meta.anonymized is True and anon.meta.host.user == "user"
    assert anon.meta.cwd == "/home/user/project"
    assert anon.env["HOME"] == "/home/user" and anon.env["USER"] == "user"
    assert anon.env["PATH"] == "/home/user/go/bin:/usr/local/bin:/mnt/c/Users/user/bin"
    assert anon.files["/home/user/.bashrc"] == b"export GOPATH=/home/user/go  # user's\n"
    # a longer word that merely contains the name is not touched
    assert anon.files["/home/user/project/go.mod"] == b"module example.com/alicesvc\n"
    assert "/mnt/c/Users/user/.wslconfig" in anon.files
    assert anon.paths["/home/user/go"].target == "/mnt/d/user/go"
    assert anon.command("cmd.exe", "/c", "echo %USERPROFILE%").stdout == "C:\\Users\\user\r\n"  # type: ignore[union-attr]
    assert anon.command("wslpath", "-u", "C:\\Users\\user") is not None
    dump = repr(anon)
    assert "alice" not in dump.replace("alicesvc", "") and "Alice" not in dump


def test_anonymize_leaves_generic_names_alone() -> None:
    evidence = make_evidence(
        env={"HOME": "/root", "USER": "root"}, files={"/etc/fstab": "/dev/root / ext4\n"}, user="root"
    )
    anon = anonymize_evidence(evidence)
    assert anon.files["/etc/fstab"] == b"/dev/root / ext4\n"
    assert anon.env["HOME"] == "/home/user"
