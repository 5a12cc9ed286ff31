"""What the setup steps read (``SetupInputs``) and what the user chose (``SetupOptions``).

Steps are pure functions ``(SetupInputs, SetupOptions) -> Plan``. ``SetupInputs`` is built either from
doctor's evidence (``setup.inputs.inputs_from_evidence``, pure) or by reading a target tree given with
``--root``/``--home``/``--windows-home`` (``setup.reader``, the only I/O in this package). Every path in it
is the real path that apply will write, so ``--root /tmp/distro`` edits ``/tmp/distro/etc/wsl.conf``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING

from wslgo.facts.go import POSIX_RC_NAMES

if TYPE_CHECKING:
    from wslgo.evidence.model import Evidence
    from wslgo.policy.model import Policy

#: Where ``wslgo proxy serve`` listens by default; the ``proxy`` step puts it first in GOPROXY.
DEFAULT_PROXY_URL = "http://127.0.0.1:3000"

#: Shell start-up files setup edits, in the order a login bash/zsh reads them (doctor's list).
RC_NAMES: tuple[str, ...] = POSIX_RC_NAMES


@dataclass(frozen=True)
class HostFacts:
    """The Windows host's RAM and logical CPUs (``.wslconfig`` sizes derive from them); ``None`` = unknown."""

    ram_bytes: int | None = None
    logical_cpus: int | None = None
    #: Where the numbers came from, for the plan's reasons ("powershell.exe", "--memory", "this machine").
    source: str = ""


@dataclass(frozen=True)
class Target:
    """Real paths of the files setup may edit."""

    root: str = "/"
    home: str = "/root"
    windows_home: str | None = None
    wsl_conf: str = "/etc/wsl.conf"
    goenv: str = "/root/.config/go/env"
    #: The distro name for ``wsl.exe --terminate`` (``$WSL_DISTRO_NAME``), when known.
    distro: str | None = None

    def rc_paths(self) -> list[str]:
        return [posixpath.join(self.home, name) for name in RC_NAMES]

    @property
    def wslconfig(self) -> str | None:
        return posixpath.join(self.windows_home, ".wslconfig") if self.windows_home else None


@dataclass(frozen=True)
class Project:
    """The Go project the ``vscode`` step configures (its ``.vscode`` files are in ``SetupInputs.files``)."""

    directory: str
    #: Project-relative directories holding ``package main``; empty when not scanned (a bundle).
    main_packages: tuple[str, ...] = ()

    @property
    def launch_json(self) -> str:
        return posixpath.join(self.directory, ".vscode", "launch.json")

    @property
    def settings_json(self) -> str:
        return posixpath.join(self.directory, ".vscode", "settings.json")


@dataclass(frozen=True)
class SetupInputs:
    target: Target
    #: Real path -> bytes of every file read; a path absent here does not exist.
    files: Mapping[str, bytes] = field(default_factory=dict)
    #: Real path -> why it could not be read (the steps refuse to edit those).
    unreadable: Mapping[str, str] = field(default_factory=dict)
    #: Paths the current user cannot write (apply prints a sudo command instead).
    needs_root: frozenset[str] = frozenset()
    #: The shell environment setup runs in (empty for a ``--root``/``--home`` target).
    env: Mapping[str, str] = field(default_factory=dict)
    #: ``go env -json`` of the winning go (defaults included), when known.
    go_env: Mapping[str, str] = field(default_factory=dict)
    host: HostFacts = field(default_factory=HostFacts)
    #: A Windows ``go.exe``/``git.exe``/``gcc.exe`` wins on PATH over the Linux one (doctor's WSL016).
    windows_tools_shadow: bool = False
    #: The project whose ``.vscode`` files the ``vscode`` step merges into; ``None`` when there is none.
    project: Project | None = None
    #: Doctor's evidence when the inputs came from it (``None`` for a ``--root``/``--home`` target): the
    #: ``tools`` step reads installed tools from its PATH lookups and ``go version -m`` records.
    evidence: Evidence | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "files", MappingProxyType(dict(self.files)))
        object.__setattr__(self, "unreadable", MappingProxyType(dict(self.unreadable)))
        object.__setattr__(self, "env", MappingProxyType(dict(self.env)))
        object.__setattr__(self, "go_env", MappingProxyType(dict(self.go_env)))

    def file(self, path: str) -> bytes | None:
        return self.files.get(path)

    def with_file(self, path: str, data: bytes) -> SetupInputs:
        """The same inputs with ``path`` holding ``data`` (how later steps see earlier steps' edits)."""
        files = dict(self.files)
        files[path] = data
        return replace(self, files=files)


@dataclass(frozen=True)
class SetupOptions:
    #: Host facts given on the command line (``--memory``, ``--processors``) win over the evidence.
    host_memory: int | None = None
    host_processors: int | None = None
    proxy_url: str = DEFAULT_PROXY_URL
    #: A team policy (``--policy``): ``go-env`` also writes its ``[env]`` values, ``tools`` also asks for
    #: its required tools and the Go release it wants.
    policy: Policy | None = None
