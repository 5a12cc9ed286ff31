"""SPEC §11 trust rules for setup/undo, through the real CLI on real files (issue 11, "Data loss").

- needs-root files are backed up before the staged copy, and undo hands back the exact sudo command;
- a symlinked rc file is edited through its link, and undo restores both;
- one writer at a time (a lock in WSLGO_HOME), and each file's hash is checked again just before its
  rename;
- ``undo --force`` keeps what it overwrites;
- a full disk stops the run at the file it could not write, rolls back what was written and reports
  what was not reached (a real small tmpfs).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration import tmpfs
from wslgo.cli.main import main
from wslgo.errors import WslgoError

pytestmark = pytest.mark.integration
full_tmpfs = tmpfs.full_tmpfs  # the fixture

#: The apply engine's test hook (``wslgo.edit.apply.PAUSE_BEFORE_RENAME_ENV``).
PAUSE_BEFORE_RENAME_ENV = "WSLGO_TEST_PAUSE_BEFORE_RENAME"
BASHRC = b"# my bashrc\nexport GOSUMDB=sum.golang.org+https://sum.golang.org\n"
WSL_CONF = b"[automount]\nenabled=true\n"


def _wslgo(*args: str, unprivileged: bool = False, **kwargs: object) -> subprocess.CompletedProcess[str]:
    prefix: list[str] = []
    if unprivileged and os.geteuid() == 0:
        # root without its capabilities: permission bits apply to it like to any user.
        prefix = ["setpriv", "--inh-caps=-all", "--bounding-set=-all"]
    return subprocess.run(
        [*prefix, sys.executable, "-m", "wslgo", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        **kwargs,  # type: ignore[arg-type]
    )


def _runs() -> Path:
    return Path(os.environ["WSLGO_HOME"]) / "runs"


# -- 7. needs root: backed up first, undo prints the exact sudo command --------------------------------


@pytest.fixture
def root_owned_tree(tmp_path: Path) -> Iterator[Path]:
    """A distro tree whose /etc this user cannot write (like /etc for a normal user)."""
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("running as root needs setpriv to drop the capabilities that bypass permissions")
    root = tmp_path / "distro"
    (root / "etc").mkdir(parents=True)
    (root / "home" / "al").mkdir(parents=True)
    (root / "etc" / "wsl.conf").write_bytes(WSL_CONF)
    (root / "etc").chmod(0o555)
    yield root
    (root / "etc").chmod(0o755)


def _sudo_line(output: str, verb: str) -> list[str]:
    found = re.search(rf"run: (sudo {verb} \S+ \S+)", output)
    assert found, output
    return shlex.split(found.group(1))


def test_needs_root_file_is_backed_up_and_undo_gives_the_exact_sudo_command(root_owned_tree: Path) -> None:
    conf = root_owned_tree / "etc" / "wsl.conf"
    setup = _wslgo("setup", "wsl-conf", "--root", str(root_owned_tree), "--yes", unprivileged=True)
    assert setup.returncode == 0, setup.stderr
    assert f"needs-root: {conf}: needs root" in setup.stdout
    (run_dir,) = _runs().iterdir()
    assert (run_dir / "backups" / "000-wsl.conf").read_bytes() == WSL_CONF  # before anything is staged
    sudo_cp = _sudo_line(setup.stdout, "cp")
    subprocess.run(sudo_cp[1:], check=True)  # the user runs it (here as the test, which may write)
    assert conf.read_bytes() != WSL_CONF

    undo = _wslgo("undo", unprivileged=True)
    assert undo.returncode == 1
    assert f"needs-root: {conf}: not undone: needs root; run: sudo cp " in undo.stdout
    assert f"run {run_dir.name} not undone yet" in undo.stdout
    assert conf.read_bytes() != WSL_CONF
    restore = _sudo_line(undo.stdout, "cp")
    assert restore[2] == str(run_dir / "backups" / "000-wsl.conf") and restore[3] == str(conf)
    subprocess.run(restore[1:], check=True)
    assert conf.read_bytes() == WSL_CONF

    again = _wslgo("undo", unprivileged=True)
    assert again.returncode == 0 and f"run {run_dir.name} undone" in again.stdout
    assert "already has its old contents" in again.stdout


def test_needs_root_run_the_user_never_finished_undoes_cleanly(root_owned_tree: Path) -> None:
    setup = _wslgo("setup", "wsl-conf", "--root", str(root_owned_tree), "--yes", unprivileged=True)
    assert setup.returncode == 0
    undo = _wslgo("undo", unprivileged=True)  # the sudo command was never run: nothing to put back
    assert undo.returncode == 0 and "undone" in undo.stdout
    assert (root_owned_tree / "etc" / "wsl.conf").read_bytes() == WSL_CONF


# -- 8. symlinked rc files (dotfile managers) -------------------------------------------------------------


@pytest.fixture
def linked_home(tmp_path: Path) -> Path:
    """``~/.bashrc -> dotfiles/bashrc`` (relative, as stow makes it), mode 0600."""
    home = tmp_path / "home"
    (home / "dotfiles").mkdir(parents=True)
    (home / "dotfiles" / "bashrc").write_bytes(BASHRC)
    (home / "dotfiles" / "bashrc").chmod(0o600)
    (home / ".bashrc").symlink_to("dotfiles/bashrc")
    return home


def test_symlinked_rc_file_is_edited_through_its_link_and_undo_restores_both(
    linked_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link, target = linked_home / ".bashrc", linked_home / "dotfiles" / "bashrc"
    assert main(["setup", "shell", "--home", str(linked_home), "--yes"]) == 0
    assert f"written: {link}" in capsys.readouterr().out
    assert link.is_symlink() and os.readlink(link) == "dotfiles/bashrc"
    assert b"# >>> wslgo >>>" in target.read_bytes() and target.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in linked_home.iterdir()) == [".bashrc", "dotfiles"]

    assert main(["undo"]) == 0
    assert link.is_symlink() and os.readlink(link) == "dotfiles/bashrc"
    assert target.read_bytes() == BASHRC and target.stat().st_mode & 0o777 == 0o600


def test_undo_refuses_a_link_replaced_after_the_run_and_force_restores_it_keeping_a_copy(
    linked_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link, target = linked_home / ".bashrc", linked_home / "dotfiles" / "bashrc"
    assert main(["setup", "shell", "--home", str(linked_home), "--yes"]) == 0
    link.unlink()
    link.write_bytes(b"# a plain file the user made meanwhile\n")
    capsys.readouterr()
    assert main(["undo"]) == 1
    assert "no longer the symlink to dotfiles/bashrc" in capsys.readouterr().out
    assert main(["undo", "--force"]) == 0
    out = capsys.readouterr().out
    assert os.readlink(link) == "dotfiles/bashrc" and target.read_bytes() == BASHRC
    kept = re.search(r"what it replaced is kept in (\S+)", out)
    assert kept, out
    assert Path(kept.group(1)).read_bytes() == b"# a plain file the user made meanwhile\n"


def test_a_dangling_link_is_refused_not_replaced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    (home / ".config" / "go").mkdir(parents=True)
    env_file = home / ".config" / "go" / "env"
    env_file.symlink_to("../../dotfiles/goenv")  # the dotfiles repository is not checked out
    args = ["setup", "proxy", "--home", str(home), "--yes", "--proxy-url", "http://127.0.0.1:3000"]
    assert main(args) == 1
    out = capsys.readouterr().out
    assert (
        f"refused: {env_file}: left untouched: it is a symlink to ../../dotfiles/goenv, which does not" in out
    )
    assert os.readlink(env_file) == "../../dotfiles/goenv" and not (home / "dotfiles").exists()


# -- 10. undo --force keeps what it overwrites ------------------------------------------------------------


def test_undo_force_keeps_a_copy_of_what_it_overwrites_and_says_where(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    bashrc = home / ".bashrc"
    bashrc.write_bytes(BASHRC)
    assert main(["setup", "shell", "--home", str(home), "--yes"]) == 0
    edited = bashrc.read_bytes() + b"alias gs='git status'\n"
    bashrc.write_bytes(edited)
    capsys.readouterr()
    assert main(["undo", "--force"]) == 0
    out = capsys.readouterr().out
    kept = re.search(rf"restored: {re.escape(str(bashrc))}: restored; what it replaced is kept in (\S+)", out)
    assert kept, out
    copy = Path(kept.group(1))
    assert copy.read_bytes() == edited and copy.parent.name == "overwritten"
    assert copy.parent.parent.parent == _runs() and bashrc.read_bytes() == BASHRC


# -- 9. one writer at a time ------------------------------------------------------------------------------


def _proxy_value(home: Path) -> str:
    text = (home / ".config" / "go" / "env").read_text()
    found = re.search(r"^GOPROXY=(.*)$", text, re.MULTILINE)
    assert found, text
    return found.group(1)


def test_concurrent_setup_runs_keep_every_edit_and_undo_restores_the_original(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / ".bashrc").write_bytes(BASHRC)
    urls = [f"http://127.0.0.1:{3001 + n}" for n in range(6)]
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "wslgo",
                "setup",
                "proxy",
                "--home",
                str(home),
                "--yes",
                "--proxy-url",
                url,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for url in urls
    ]
    results = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0] * 6, results
    value = _proxy_value(home)
    assert all(url in value.split("|") for url in urls), value
    for _ in urls:
        assert main(["undo"]) == 0
    assert not (home / ".config" / "go" / "env").exists()
    assert (home / ".bashrc").read_bytes() == BASHRC
    assert main(["undo"]) == 2 and "nothing to undo" in capsys.readouterr().err


@pytest.fixture
def paused_run(tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    """``setup proxy`` stopped just before renaming its first file, holding the lock."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".bashrc").write_bytes(BASHRC)
    first = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "wslgo",
            "setup",
            "proxy",
            "--home",
            str(home),
            "--yes",
            "--proxy-url",
            "http://127.0.0.1:3001",
        ],
        env=dict(os.environ, **{PAUSE_BEFORE_RENAME_ENV: "1"}),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert first.stderr is not None
    assert first.stderr.readline() == "wslgo: paused before renaming file 1\n"
    yield home, first
    if first.poll() is None:
        first.kill()
    first.communicate()


def test_a_second_run_says_who_holds_the_lock_and_waits(
    paused_run: tuple[Path, subprocess.Popen[str]],
) -> None:
    home, first = paused_run
    second = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "wslgo",
            "setup",
            "proxy",
            "--home",
            str(home),
            "--yes",
            "--proxy-url",
            "http://127.0.0.1:3002",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert second.stderr is not None
    lock = Path(os.environ["WSLGO_HOME"]) / "setup.lock"
    assert second.stderr.readline() == (
        f"wslgo: waiting for another run (wslgo setup, pid {first.pid}) to finish: it holds {lock}\n"
    )
    assert second.poll() is None
    first.communicate(input="\n", timeout=60)  # let the first one finish
    assert first.returncode == 0
    second.communicate(timeout=60)
    assert second.returncode == 0
    assert _proxy_value(home).split("|")[:2] == ["http://127.0.0.1:3002", "http://127.0.0.1:3001"]


def test_a_run_that_cannot_get_the_lock_in_time_fails_with_exit_1(
    paused_run: tuple[Path, subprocess.Popen[str]],
) -> None:
    from wslgo.edit.apply import writer_lock

    _home, first = paused_run
    with pytest.raises(WslgoError) as caught, writer_lock(timeout_s=1.0):
        pytest.fail("the lock was taken twice")
    assert caught.value.exit_code == 1
    assert f"another run (wslgo setup, pid {first.pid}) still holds" in caught.value.message
    first.communicate(input="\n", timeout=60)


def test_a_file_changed_just_before_the_rename_is_left_alone(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    bashrc = home / ".bashrc"
    bashrc.write_bytes(BASHRC)
    run = subprocess.Popen(
        [sys.executable, "-m", "wslgo", "setup", "shell", "--home", str(home), "--yes"],
        env=dict(os.environ, **{PAUSE_BEFORE_RENAME_ENV: "1"}),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert run.stderr is not None and run.stderr.readline() == "wslgo: paused before renaming file 1\n"
    with open(bashrc, "ab") as handle:  # an editor saves the file at that very moment
        handle.write(b"alias gs='git status'\n")
    out, _err = run.communicate(input="\n", timeout=60)
    assert run.returncode == 1
    assert f"refused: {bashrc}: left untouched: it changed while setup was writing it" in out
    assert bashrc.read_bytes() == BASHRC + b"alias gs='git status'\n"
    assert sorted(p.name for p in home.iterdir()) == [".bashrc"]  # no temp file left behind


# -- a full disk ----------------------------------------------------------------------------------------


def test_disk_full_names_the_file_rolls_back_and_reports_the_rest(tmp_path: Path, full_tmpfs: Path) -> None:
    root = tmp_path / "distro"
    (root / "etc").mkdir(parents=True)
    home = root / "home" / "al"
    home.mkdir(parents=True)
    (home / ".bashrc").write_bytes(BASHRC)
    (root / "etc" / "wsl.conf").write_bytes(WSL_CONF)
    wslconfig = full_tmpfs / ".wslconfig"
    project = tmp_path / "project"
    project.mkdir()
    (project / "go.mod").write_text("module example.com/p\n\ngo 1.22\n")
    (project / "main.go").write_text("package main\n\nfunc main() {}\n")
    args = ["--root", str(root), "--windows-home", str(full_tmpfs), "--project", str(project)]
    proc = _wslgo("setup", "shell", "wsl-conf", "wslconfig", "vscode", *args, "--memory", "32GB", "--yes")
    assert proc.returncode == 1
    assert proc.stderr == (
        f"wslgo: stopped: {wslconfig}: cannot write: no space left on device; "
        "nothing was changed (files already written were rolled back)\n"
    )
    assert f"failed: {wslconfig}: cannot write: no space left on device" in proc.stdout
    assert f"not-written: {project / '.vscode' / 'settings.json'}: not written" in proc.stdout
    assert f"rolled-back: {home / '.bashrc'}: rolled back" in proc.stdout
    assert f"rolled-back: {root / 'etc' / 'wsl.conf'}: rolled back" in proc.stdout
    assert (home / ".bashrc").read_bytes() == BASHRC and (root / "etc" / "wsl.conf").read_bytes() == WSL_CONF
    assert not wslconfig.exists() and not (project / ".vscode").exists()
    assert sorted(p.name for p in full_tmpfs.iterdir()) == ["filler"]
    undo = _wslgo("undo")
    assert undo.returncode == 2 and "nothing to undo" in undo.stderr


def test_a_full_state_directory_stops_before_touching_anything(tmp_path: Path, full_tmpfs: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / ".bashrc").write_bytes(BASHRC)
    proc = _wslgo(
        "setup", "shell", "--home", str(home), "--yes", env=dict(os.environ, WSLGO_HOME=str(full_tmpfs))
    )
    assert proc.returncode == 1
    assert re.fullmatch(
        rf"wslgo: {re.escape(str(full_tmpfs))}/runs/\S+/manifest\.json: cannot write: no space left on device; "
        r"nothing was written\n",
        proc.stderr,
    ), proc.stderr
    assert (home / ".bashrc").read_bytes() == BASHRC


def _file_size_limit(limit: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))  # writes past it fail with EFBIG


def test_a_write_failure_without_root_also_stops_and_rolls_back(tmp_path: Path) -> None:
    """The same stop-and-roll-back path as a full disk, provoked without root by a file-size limit."""
    root = tmp_path / "distro"
    (root / "etc").mkdir(parents=True)
    home = root / "home" / "al"
    home.mkdir(parents=True)
    (home / ".bashrc").write_bytes(BASHRC)
    (root / "etc" / "wsl.conf").write_bytes(WSL_CONF)
    windows = tmp_path / "win"
    windows.mkdir()
    big = b"[wsl2]\r\nmemory=64GB\r\n" + b"; a long comment line kept by the lossless editor\r\n" * 200
    (windows / ".wslconfig").write_bytes(big)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "wslgo",
            "setup",
            "shell",
            "wsl-conf",
            "wslconfig",
            "--root",
            str(root),
            "--windows-home",
            str(windows),
            "--memory",
            "32GB",
            "--yes",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        preexec_fn=lambda: _file_size_limit(8192),
    )
    assert proc.returncode == 1, proc.stderr
    wslconfig = windows / ".wslconfig"
    assert re.fullmatch(
        rf"wslgo: stopped: {re.escape(str(wslconfig))}: left untouched: cannot write its copy "
        r"\S+/backups/002-\.wslconfig: File too large; "
        r"nothing was changed \(files already written were rolled back\)\n",
        proc.stderr,
    ), proc.stderr
    assert f"rolled-back: {home / '.bashrc'}: rolled back" in proc.stdout
    assert (home / ".bashrc").read_bytes() == BASHRC and (root / "etc" / "wsl.conf").read_bytes() == WSL_CONF
    assert (windows / ".wslconfig").read_bytes() == big


def test_vscode_init_stops_and_rolls_back_the_same_way(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / ".vscode").mkdir(parents=True)
    (project / "go.mod").write_text("module example.com/p\n\ngo 1.22\n")
    (project / "main.go").write_text("package main\n\nfunc main() {}\n")
    settings = project / ".vscode" / "settings.json"
    big = "{\n" + "".join(f'  "editor.x{n}": {n},\n' for n in range(400)) + '  "editor.tabSize": 4\n}\n'
    settings.write_text(big)
    proc = subprocess.run(
        [sys.executable, "-m", "wslgo", "vscode", "init", "--project", str(project), "--yes"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        preexec_fn=lambda: _file_size_limit(8192),
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.count("\n") == 1 and f"wslgo: stopped: {settings}: left untouched" in proc.stderr
    assert f"rolled-back: {project / '.vscode' / 'launch.json'}: rolled back" in proc.stdout
    assert sorted(p.name for p in (project / ".vscode").iterdir()) == ["settings.json"]
    assert settings.read_text() == big
