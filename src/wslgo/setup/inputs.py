"""``SetupInputs`` from doctor's evidence (pure): the live machine, a bundle, or ``doctor --fix``."""

from __future__ import annotations

from wslgo.evidence.model import Evidence
from wslgo.evidence.queries import go_env_values
from wslgo.facts.wsl import host_facts, windows_profile, windows_tools_first
from wslgo.golang.goenv import env_file_path
from wslgo.setup.model import HostFacts, Project, SetupInputs, Target


def host_from_evidence(evidence: Evidence) -> HostFacts:
    """RAM and logical CPUs of the Windows host from the powershell.exe core command, when it ran.

    The VM's own ``/proc/meminfo`` is not a fallback here: it is already capped by ``.wslconfig``, so sizes
    derived from it would shrink the VM a little more on every run.
    """
    facts = host_facts(evidence)
    if facts is None or facts.vm_only:
        return HostFacts()
    return HostFacts(ram_bytes=facts.memory_bytes, logical_cpus=facts.logical_cpus, source="powershell.exe")


def windows_home_from_evidence(evidence: Evidence) -> str | None:
    """The Windows profile (holds ``.wslconfig``), found exactly as doctor's WSL011–WSL015 find it."""
    profile = windows_profile(evidence)
    return profile[0] if profile else None


def inputs_from_evidence(evidence: Evidence) -> SetupInputs:
    home = evidence.home or "/root"
    go_env = go_env_values(evidence)
    target = Target(
        root="/",
        home=home,
        windows_home=windows_home_from_evidence(evidence),
        wsl_conf="/etc/wsl.conf",
        goenv=env_file_path(home, evidence.env, go_env.get("GOENV")) or "",
        distro=evidence.env.get("WSL_DISTRO_NAME") or None,
    )
    candidates = [target.wsl_conf, target.goenv, *target.rc_paths()]
    if target.wslconfig:
        candidates.append(target.wslconfig)
    project = Project(evidence.meta.cwd) if evidence.meta.cwd else None
    if project is not None:
        candidates += [project.launch_json, project.settings_json]
    needs_root: set[str] = set()
    unreadable: dict[str, str] = {}
    uid = evidence.meta.host.uid
    for path in candidates:
        if not path:
            continue
        info = evidence.path(path)
        if info is not None and info.error:
            unreadable[path] = info.error
        if (info is not None and info.writable is False) or (
            path.startswith("/etc/") and uid not in (None, 0) and (info is None or info.writable is None)
        ):
            needs_root.add(path)
    return SetupInputs(
        target=target,
        files={path: data for path, data in evidence.files.items() if path in candidates},
        unreadable=unreadable,
        needs_root=frozenset(needs_root),
        env=dict(evidence.env),
        go_env=go_env,
        host=host_from_evidence(evidence),
        windows_tools_shadow=bool(windows_tools_first(evidence)),
        project=project,
        evidence=evidence,
    )
