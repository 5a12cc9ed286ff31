"""Read a target tree (``--root``/``--home``/``--windows-home``) into ``SetupInputs``: setup's only I/O.

Image builders and tests point setup at a directory instead of the running machine. Nothing of this
process's environment leaks into such a plan (its GOPATH is not the image's); host facts come from this
machine unless ``--memory``/``--processors`` say otherwise (SPEC §4).
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from wslgo.errors import UsageError
from wslgo.setup.model import HostFacts, Project, SetupInputs, Target

MAX_FILE_BYTES = 8 * 1024 * 1024


def machine_host_facts() -> HostFacts:
    try:
        ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        ram = None
    return HostFacts(ram_bytes=ram, logical_cpus=os.cpu_count(), source="this machine")


def _default_home(root: Path) -> Path:
    """The single user home under ``root/home``, else ``root/root``."""
    homes = (
        sorted(path for path in (root / "home").glob("*") if path.is_dir())
        if (root / "home").is_dir()
        else []
    )
    if len(homes) == 1:
        return homes[0]
    if len(homes) > 1:
        names = ", ".join(path.name for path in homes)
        raise UsageError(f"{root / 'home'}: several homes ({names}); pass --home DIR")
    return root / "root"


def _needs_root(path: Path) -> bool:
    if path.exists():
        return not os.access(path, os.W_OK)
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    return not os.access(parent, os.W_OK | os.X_OK)


def scan_project(directory: Path) -> Project:
    """The project at ``directory`` with its main packages (for the ``vscode`` step's launch entries)."""
    from wslgo.vscode.project import main_packages

    return Project(str(directory), tuple(main_packages(directory)))


def with_project_scan(inputs: SetupInputs) -> SetupInputs:
    """``inputs`` with the project's main packages filled in, when the project is on this machine.

    Evidence records the project's ``.vscode`` files but not its package clauses; live ``setup`` and
    ``doctor --fix`` scan them here so the ``vscode`` step plans what ``wslgo vscode init`` would.
    """
    if inputs.project is None or not Path(inputs.project.directory).is_dir():
        return inputs
    return replace(inputs, project=scan_project(Path(inputs.project.directory)))


def read_target(
    *,
    root: Path | None = None,
    home: Path | None = None,
    windows_home: Path | None = None,
    project: Path | None = None,
) -> SetupInputs:
    """Inputs for a directory target; a named directory that does not exist is a usage error."""
    for label, directory in (
        ("--root", root),
        ("--home", home),
        ("--windows-home", windows_home),
        ("--project", project),
    ):
        if directory is not None and not directory.is_dir():
            raise UsageError(f"{label} {directory}: not a directory")
    root_dir = (root or Path("/")).resolve()
    home_dir = (home.resolve() if home else None) or (
        _default_home(root_dir) if root else Path(os.environ.get("HOME") or Path.home())
    )
    target = Target(
        root=str(root_dir),
        home=str(home_dir),
        windows_home=str(windows_home.resolve()) if windows_home else None,
        wsl_conf=str(root_dir / "etc" / "wsl.conf"),
        goenv=str(home_dir / ".config" / "go" / "env"),
        distro=os.environ.get("WSL_DISTRO_NAME") or None,
    )
    candidates = [target.wsl_conf, target.goenv, *target.rc_paths()]
    if target.wslconfig:
        candidates.append(target.wslconfig)
    project_facts = scan_project(project.resolve()) if project else None
    if project_facts is not None:
        candidates += [project_facts.launch_json, project_facts.settings_json]
    files: dict[str, bytes] = {}
    unreadable: dict[str, str] = {}
    needs_root: set[str] = set()
    for name in candidates:
        path = Path(name)
        try:
            if path.is_file() and path.stat().st_size > MAX_FILE_BYTES:
                unreadable[name] = f"larger than {MAX_FILE_BYTES} bytes"
                continue
            files[name] = path.read_bytes()
        except FileNotFoundError:
            pass
        except OSError as exc:
            unreadable[name] = exc.strerror or str(exc)
        if _needs_root(path):
            needs_root.add(name)
    return SetupInputs(
        target=target,
        files=files,
        unreadable=unreadable,
        needs_root=frozenset(needs_root),
        host=machine_host_facts(),
        project=project_facts,
    )
