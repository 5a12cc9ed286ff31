"""What ``actions/setup-go`` would choose, decided the way the action decides it (pure).

Read at the source (actions/setup-go ``src/main.ts`` and ``src/installer.ts``):

* ``go-version`` wins over ``go-version-file`` (a warning when both are given); an empty input counts as
  not given. Without either, the action uses the Go already on PATH.
* ``go-version-file``: for ``go.mod``/``go.work`` the ``toolchain go1.X.Y`` line (regex
  ``^toolchain go(1\\.\\d+(?:\\.\\d+|rc\\d+)?)``) unless ``GOTOOLCHAIN`` is ``local`` in the action's
  environment, else the ``go`` line (``^go (\\d+(\\.\\d+)*)``); ``.tool-versions``: the ``golang`` line;
  any other file: its whole content, trimmed. The file is read *before* the action sets GOTOOLCHAIN.
* The spec is a node-semver range (``wslgo.ci.semver``). ``stable``/``oldstable`` (exact, lower case) are
  aliases for the newest release of the newest / the previous release line.
* With ``check-latest: false`` (the default) the runner's tool cache is searched first (an explicit
  version by exact name, a range by its highest satisfying version), then the manifest (stable releases,
  newest first), then go.dev's index. With ``check-latest: true`` the newest stable satisfying release is
  resolved first. Here the "tool cache" is the set of SDKs on this machine (wslgo's store and the active
  Go), and the index is the one ``wslgo go`` uses.
* After resolving, the action exports ``GOTOOLCHAIN=local`` (through ``GITHUB_ENV``), adds
  ``$(go env GOPATH)/bin`` to PATH and sets the ``go-version`` output.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from wslgo.ci.semver import from_go, is_explicit, parse_version, satisfies
from wslgo.golang.version import GoVersion
from wslgo.i18n import M, Message
from wslgo.sdk.index import GoRelease

STABLE_ALIAS = "stable"
OLDSTABLE_ALIAS = "oldstable"
GOTOOLCHAIN_LOCAL = "local"

_TOOLCHAIN = re.compile(r"^toolchain go(1\.\d+(?:\.\d+|rc\d+)?)", re.MULTILINE)
_GO = re.compile(r"^go (\d+(\.\d+)*)", re.MULTILINE)
_TOOL_VERSIONS = re.compile(r"^golang\s+([^\n#]+)", re.MULTILINE)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _boolean(value: Any, default: bool) -> bool:
    text = _text(value).strip().lower()
    if not text:
        return default
    return text == "true"


@dataclass(frozen=True)
class SetupGoInputs:
    """The action's inputs after expression rendering (``''`` = not given, like ``core.getInput``)."""

    go_version: str = ""
    go_version_file: str = ""
    check_latest: bool = False
    cache: bool = True
    architecture: str = ""
    download_base_url: str = ""

    @classmethod
    def from_with(cls, values: Mapping[str, Any]) -> SetupGoInputs:
        return cls(
            go_version=_text(values.get("go-version")).strip(),
            go_version_file=_text(values.get("go-version-file")).strip(),
            check_latest=_boolean(values.get("check-latest"), False),
            cache=_boolean(values.get("cache"), True),
            architecture=_text(values.get("architecture")).strip(),
            download_base_url=_text(values.get("go-download-base-url")).strip(),
        )


def version_from_file(name: str, text: str, gotoolchain: str | None) -> str:
    """setup-go's ``parseGoVersionFile``: the spec the file names (``''`` when it names none)."""
    base = PurePosixPath(name).name
    if base in ("go.mod", "go.work"):
        if gotoolchain != GOTOOLCHAIN_LOCAL:
            toolchain = _TOOLCHAIN.search(text)
            if toolchain:
                return toolchain[1]
        go = _GO.search(text)
        return go[1] if go else ""
    if base == ".tool-versions":
        match = _TOOL_VERSIONS.search(text)
        return match[1].strip() if match else ""
    return text.strip()


def resolve_local(spec: str, local: Iterable[GoVersion]) -> GoVersion | None:
    """tool-cache ``find``: an explicit version by exact name, a range by its highest satisfying one."""
    versions = list(local)
    if is_explicit(spec):
        wanted = parse_version(spec)
        return next(
            (v for v in versions if wanted is not None and _same(v, wanted.core(), wanted.prerelease)),
            None,
        )
    matching = [version for version in versions if satisfies(version, spec)]
    return max(matching) if matching else None


def _same(version: GoVersion, core: tuple[int, int, int], prerelease: tuple[object, ...]) -> bool:
    semver = from_go(version)
    return semver.core() == core and semver.prerelease == prerelease


def _for_host(releases: Sequence[GoRelease], goos: str, goarch: str) -> list[GoRelease]:
    return [release for release in releases if release.archive_for(goos, goarch) is not None]


def resolve_index(
    spec: str, releases: Sequence[GoRelease], goos: str, goarch: str, *, stable_only: bool = False
) -> GoRelease | None:
    """The newest release satisfying ``spec`` that has an archive for this host (manifest, then dist)."""
    candidates = sorted(_for_host(releases, goos, goarch), key=lambda r: r.version, reverse=True)
    stable = [release for release in candidates if release.stable]
    found = next((release for release in stable if satisfies(release.version, spec)), None)
    if found is not None or stable_only:
        return found
    return next((release for release in candidates if satisfies(release.version, spec)), None)


def resolve_alias(alias: str, releases: Sequence[GoRelease], goos: str, goarch: str) -> GoRelease | None:
    """``stable``: the newest release; ``oldstable``: the newest of the previous release line."""
    finals = sorted(
        (r for r in _for_host(releases, goos, goarch) if r.version.is_release),
        key=lambda r: r.version,
        reverse=True,
    )
    if alias == STABLE_ALIAS:
        return finals[0] if finals else None
    lines = list(dict.fromkeys(release.version.line for release in finals))
    if len(lines) < 2:
        return None
    return next(release for release in finals if release.version.line == lines[1])


@dataclass(frozen=True)
class GoRequest:
    """What one setup-go step asks for, and where that came from (for the report)."""

    spec: str
    #: ``go-version``, ``go.mod (toolchain line)``, ``go.mod (go line)``, ``.go-version`` …
    source: str
    check_latest: bool = False

    @property
    def is_alias(self) -> bool:
        return self.spec in (STABLE_ALIAS, OLDSTABLE_ALIAS)


def file_source(name: str, text: str, spec: str, gotoolchain: str | None) -> str:
    """Which line of the version file gave ``spec`` (for the step's detail)."""
    base = PurePosixPath(name).name
    if base in ("go.mod", "go.work"):
        toolchain = _TOOLCHAIN.search(text)
        if toolchain and gotoolchain != GOTOOLCHAIN_LOCAL and toolchain[1] == spec:
            return f"{name} (toolchain line)"
        return f"{name} (go line)"
    return name


def unsupported_input_notes(inputs: SetupGoInputs) -> list[Message]:
    """Inputs a local run cannot honour, each as a note (architecture mismatches fail the step)."""
    notes: list[Message] = []
    if inputs.download_base_url:
        notes.append(
            M(
                "go-download-base-url {url} is not used: SDKs come from wslgo's mirror setting "
                "(WSLGO_GO_MIRROR)",
                url=inputs.download_base_url,
            )
        )
    return notes


def architecture_problem(architecture: str, host_arch: str) -> Message | None:
    """A non-host ``architecture`` input cannot be honoured here (the step fails, never runs another)."""
    if not architecture:
        return None
    aliases = {"x64": "amd64", "amd64": "amd64", "arm64": "arm64", "x86": "386", "ia32": "386", "arm": "arm"}
    wanted = aliases.get(architecture.lower(), architecture.lower())
    if wanted == host_arch:
        return None
    return M(
        "architecture {architecture} is not this machine's ({host}); wslgo runs SDKs for this host only",
        architecture=architecture,
        host=host_arch,
    )
