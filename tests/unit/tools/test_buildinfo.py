from __future__ import annotations

from wslgo.tools.buildinfo import parse_buildinfo

OUTPUT = (
    "/home/al/go/bin/gopls: go1.24.2\n"
    "\tpath\tgolang.org/x/tools/gopls\n"
    "\tmod\tgolang.org/x/tools/gopls\tv0.18.1\th1:abc=\n"
    "\tdep\tgolang.org/x/mod\tv0.23.0\th1:def=\n"
    "\tdep\tgolang.org/x/tools\tv0.30.0\n"
    "\t=>\t../tools\t(devel)\n"
    "\tbuild\t-buildmode=exe\n"
    "\tbuild\tCGO_ENABLED=1\n"
    "/home/al/go/bin/dlv: go1.23.3\n"
    "\tpath\tgithub.com/go-delve/delve/cmd/dlv\n"
    "\tmod\tgithub.com/go-delve/delve\tv1.24.2\th1:x=\n"
)


def test_parses_each_binary_with_main_module_deps_and_settings() -> None:
    gopls, dlv = parse_buildinfo(OUTPUT)
    assert gopls.file == "/home/al/go/bin/gopls"
    assert gopls.go_version == "go1.24.2"
    assert gopls.package == "golang.org/x/tools/gopls"
    assert gopls.version == "v0.18.1"
    assert gopls.deps[1].replaced_by == ("../tools", "(devel)")
    assert gopls.setting("CGO_ENABLED") == "1"
    assert gopls.setting("GOOS") is None
    assert (dlv.version, dlv.go_version, dlv.deps) == ("v1.24.2", "go1.23.3", ())


def test_devel_build_and_noise() -> None:
    text = "garbage line\n\tmod\tignored\tv1\n./tool: go1.27.3\n\tpath\texample.com/t\n\tmod\texample.com/t\t(devel)\t\n"
    (info,) = parse_buildinfo(text)
    assert info.version == "(devel)"
    assert parse_buildinfo("") == []
