"""One rule, one home, through the real CLI: where doctor and setup used to disagree, they now agree.

Each test drives ``wslgo doctor`` / ``wslgo setup`` on a bundle or a ``--root`` tree and names the
disagreement it pins (every one of them was reproduced on the code before the rules got one home).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from wslgo.cli.main import main
from wslgo.evidence.bundle import read_bundle, write_bundle

pytestmark = pytest.mark.integration

BUNDLES = Path(__file__).resolve().parents[2] / "bundles"
SMALL_HOST = BUNDLES / "wsl2-small-host-go-settings"


def _doctor_json(bundle: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, object]]:
    main(["doctor", "--from", str(bundle), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    return {entry["id"] + ":" + str(index): entry for index, entry in enumerate(report["checks"])}


def _finding(report: dict[str, dict[str, object]], check_id: str) -> dict[str, object]:
    return next(entry for key, entry in report.items() if key.startswith(check_id + ":"))


def test_memory_recommendation_is_the_same_on_a_6_gib_host(capsys: pytest.CaptureFixture[str]) -> None:
    # Before: WSL012 said memory=4GB, and `setup wslconfig` wrote memory=2GB (less than WSL's default).
    wsl012 = _finding(_doctor_json(SMALL_HOST, capsys), "WSL012")
    assert wsl012["status"] == "warning" and "set memory=4GB under [wsl2]" in str(wsl012["fix"])
    assert main(["setup", "--from", str(SMALL_HOST), "wslconfig"]) == 0
    plan = capsys.readouterr().out
    assert "+memory=4GB" in plan and "memory=2GB" not in plan


def _root_tree(tmp_path: Path, bashrc: str, wsl_conf: str = "") -> tuple[Path, Path]:
    root = tmp_path / "distro"
    (root / "etc").mkdir(parents=True)
    home = root / "home" / "al"
    home.mkdir(parents=True)
    (home / ".bashrc").write_text(bashrc)
    (root / "etc" / "wsl.conf").write_text(wsl_conf)
    return root, home


def test_windows_drive_follows_the_automount_root(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Before: setup tested startswith("/mnt/"): /mnt/wsl (a Linux tmpfs) moved, /c/… under root=/ stayed.
    root, _ = _root_tree(
        tmp_path,
        "export GOMODCACHE=/mnt/wsl/shared/mod\nexport GOPATH=/c/Users/al/go\n",
        "[automount]\nroot = /\n",
    )
    assert main(["setup", "--root", str(root), "go-cache", "--dry-run"]) == 0
    plan = capsys.readouterr().out
    assert "+# wslgo: export GOPATH=/c/Users/al/go" in plan
    assert "# wslgo: export GOMODCACHE" not in plan


def test_declare_x_is_an_export_for_setup_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Before: doctor's scan saw `declare -x GOPATH=…`, setup's editor did not; `export -n` is no export.
    root, _ = _root_tree(tmp_path, "declare -x GOPATH=/mnt/d/go\nexport -n GOCACHE=/mnt/c/cache\n")
    assert main(["setup", "--root", str(root), "go-cache", "--dry-run"]) == 0
    plan = capsys.readouterr().out
    assert "+# wslgo: declare -x GOPATH=/mnt/d/go" in plan
    assert "# wslgo: export -n GOCACHE" not in plan


def test_goproxy_correction_is_the_same(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Before: GO010 suggested 'direct' (dropping goproxy.cn) and `setup go-env` wrote nothing.
    root, home = _root_tree(tmp_path, "")
    (home / ".config" / "go").mkdir(parents=True)
    (home / ".config" / "go" / "env").write_text("GOPROXY=direct,https://goproxy.cn\n")
    assert main(["setup", "--root", str(root), "go-env", "--dry-run"]) == 0
    assert "+GOPROXY=https://goproxy.cn|direct" in capsys.readouterr().out


def test_goprivate_patterns_match_like_the_go_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: GOPRIVATE=" git.corp.example" was trimmed and counted as covering git.corp.example/…; the go
    # command does not trim, so the module's path went to the public proxy while doctor said all was well.
    evidence = read_bundle(SMALL_HOST)
    commands = []
    for command in evidence.commands:
        if command.argv == ("go", "env", "-json"):
            values = json.loads(command.stdout)
            values["GOPRIVATE"] = values["GONOPROXY"] = values["GONOSUMDB"] = " git.corp.example"
            command = replace(command, stdout=json.dumps(values, indent="\t") + "\n")
        commands.append(command)
    bundle = tmp_path / "bundle"
    write_bundle(replace(evidence, commands=tuple(commands)), bundle)
    report = _doctor_json(bundle, capsys)
    go014 = [entry for key, entry in report.items() if key.startswith("GO014:")]
    assert any("white space" in str(entry["message"]) for entry in go014)
    assert any("not matched by GOPRIVATE" in str(entry["message"]) for entry in go014)


def test_setup_removes_the_windows_go_alias_doctor_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: GO002 said "delete the alias at ~/.bashrc:116" under `wslgo setup shell`, which left it.
    bundle = BUNDLES / "wsl2-windows-go-wins"
    go002 = _finding(_doctor_json(bundle, capsys), "GO002")
    assert go002["fixable_by"] == "shell" and "alias at ~/.bashrc:116" in str(go002["fix"])
    assert main(["setup", "--from", str(bundle), "shell"]) == 0
    assert "+# wslgo: alias go=go.exe" in capsys.readouterr().out
