"""Bundles for fleet-report tests: a hostile one (markup in every string a bundle controls) and many copies.

Both start from the real fixture bundles in tests/bundles and change only the strings under test, written
with the product's own bundle writer, so the report reads them through the same reader as any bundle.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from wslgo.evidence.bundle import read_bundle, write_bundle
from wslgo.evidence.model import CommandResult, Evidence, HostMeta

BUNDLES = Path(__file__).resolve().parent / "bundles"
FIXTURES = sorted(p for p in BUNDLES.iterdir() if (p / "meta.json").is_file())

#: Payloads a hostile or careless bundle could carry. Each would show a dialog if it ever ran.
SCRIPT_TAG = "<script>alert('hostname')</script>"
SCRIPT_CLOSE = "</script><script>alert('json')</script>"
ATTRIBUTE = '" onmouseover="alert(\'attr\')" x="'
SINGLE_QUOTE = "x' onfocus='alert(1)' autofocus='"
JS_URL = "javascript:alert('url')"
#: A bundle's directory name is the machine's name in the report (no "/" or "." allowed in it here).
HOSTILE_NAME = "evil\"><svg onload=alert('name')>"


def _with_go_env(evidence: Evidence, **values: str) -> tuple[CommandResult, ...]:
    commands = []
    for command in evidence.commands:
        if command.argv == ("go", "env", "-json") and command.ok:
            data = json.loads(command.stdout)
            data.update(values)
            command = dataclasses.replace(command, stdout=json.dumps(data, indent="\t"))
        commands.append(command)
    return tuple(commands)


def hostile_bundle(directory: Path) -> Path:
    """The guide-verbatim machine with markup in its host name, user, distro name, GOPROXY and GOPATH."""
    evidence = read_bundle(BUNDLES / "wsl2-guide-verbatim")
    env = dict(evidence.env)
    env.update(
        NAME=SCRIPT_TAG,
        HOSTNAME=SCRIPT_TAG,
        WSL_DISTRO_NAME=SINGLE_QUOTE,
        GOPROXY=f"{JS_URL},{SCRIPT_CLOSE},direct",
        GOPATH=f"/mnt/d/{ATTRIBUTE}",
    )
    hostile = dataclasses.replace(
        evidence,
        env=env,
        meta=dataclasses.replace(
            evidence.meta, host=HostMeta(arch="amd64", uid=1000, gid=1000, user=SCRIPT_CLOSE)
        ),
        commands=_with_go_env(evidence, GOPROXY=env["GOPROXY"], GOPATH=env["GOPATH"]),
    )
    return write_bundle(hostile, directory / HOSTILE_NAME)


def many_bundles(directory: Path, count: int, *, archive: bool = True) -> list[Path]:
    """``count`` bundles cycling through the fixtures, each with its own host name (``team-NN``)."""
    written = []
    sources = [read_bundle(path) for path in FIXTURES]
    for index in range(count):
        evidence = sources[index % len(sources)]
        env = dict(evidence.env, NAME=f"DESKTOP-{index:03d}", HOSTNAME=f"DESKTOP-{index:03d}")
        machine = dataclasses.replace(evidence, env=env)
        name = f"team-{index:02d}-{FIXTURES[index % len(FIXTURES)].name}"
        written.append(write_bundle(machine, directory / (name + (".tar.gz" if archive else ""))))
    return written
