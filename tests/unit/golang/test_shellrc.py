"""The shell rc scan: exports, PATH edits, aliases and functions, each with its line number."""

from __future__ import annotations

from wslgo.golang.shellrc import function_body, scan_rc

GUIDE_TWICE = """# ~/.bashrc: executed by bash(1) for non-login shells.
case $- in
    *i*) ;;
      *) return;;
esac
export PATH=$PATH:/usr/local/go/bin
export GOPROXY="https://goproxy.cn,direct"   # China mirror
export PATH=$PATH:/usr/local/go/bin
GOPATH=/mnt/d/go-workspace; export GOPATH
alias go='/mnt/c/Program Files/Go/bin/go.exe'
alias ll='ls -alF'
go() {
  command go.exe "$@"
}
"""


def test_scan_finds_assignments_with_lines() -> None:
    lines = scan_rc("/home/al/.bashrc", GUIDE_TWICE)
    paths = [(x.line, x.value) for x in lines if x.is_path_edit]
    assert paths == [(6, "$PATH:/usr/local/go/bin"), (8, "$PATH:/usr/local/go/bin")]
    goproxy = next(x for x in lines if x.name == "GOPROXY")
    assert (goproxy.line, goproxy.value, goproxy.exported) == (7, "https://goproxy.cn,direct", True)
    gopath = next(x for x in lines if x.name == "GOPATH")
    assert (gopath.line, gopath.value, gopath.exported) == (9, "/mnt/d/go-workspace", False)
    assert gopath.where == "/home/al/.bashrc:9"


def test_scan_finds_alias_and_function_named_go() -> None:
    lines = scan_rc("/home/al/.bashrc", GUIDE_TWICE)
    alias = next(x for x in lines if x.kind == "alias" and x.name == "go")
    assert alias.value == "/mnt/c/Program Files/Go/bin/go.exe"
    function = next(x for x in lines if x.kind == "function")
    assert (function.name, function.line) == ("go", 12)
    assert "go.exe" in function_body(GUIDE_TWICE, 12)
    assert "alias ll" not in function_body(GUIDE_TWICE, 12)


def test_scan_fish_and_comments() -> None:
    text = "# export GOPATH=/nope\nset -gx GOPATH /home/al/go\nfish_add_path /usr/local/go/bin\nfunction go\n"
    lines = scan_rc("/home/al/.config/fish/config.fish", text)
    assert [(x.kind, x.name, x.value, x.line) for x in lines] == [
        ("assign", "GOPATH", "/home/al/go", 2),
        ("assign", "PATH", "/usr/local/go/bin", 3),
        ("function", "go", "", 4),
    ]


def test_hash_inside_quotes_is_not_a_comment() -> None:
    (line,) = scan_rc("/x", "export GOFLAGS='-ldflags=-X=a#b'\n")
    assert line.value == "-ldflags=-X=a#b"
