"""The SDKs and tools a local CI run needs, found or installed: the process and HTTP edge of ``ci run``.

``GoProvider`` answers a setup-go request with the SDK the action would choose (``wslgo.ci.setup_go``):
a local one (wslgo's SDK store or the active Go), else one installed through the SDK manager's verified
installer (never activated: the user's shell keeps its Go), else a step failure naming the exact
command to install it. ``LintProvider`` builds golangci-lint at the version the action would use into
``WSLGO_HOME/ci/tools/golangci-lint/<version>/<go>/`` (reused while ``go version -m`` says it is that
version), or fails the step with the exact ``go install`` command. Neither ever substitutes another
version.
"""

from __future__ import annotations

import os
import shlex
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from wslgo.ci.golangci import MODULE, PACKAGE
from wslgo.ci.semver import parse_version
from wslgo.ci.setup_go import GoRequest, resolve_alias, resolve_index, resolve_local
from wslgo.errors import WslgoError
from wslgo.golang.buildinfo import parse_buildinfo
from wslgo.golang.goenv import GoEnvError, parse_go_env_json
from wslgo.golang.version import GoVersion
from wslgo.i18n import M, Message
from wslgo.process import run_command
from wslgo.progress import NoProgress, Progress
from wslgo.sdk.index import GoRelease
from wslgo.sdk.store import SdkStore
from wslgo.tools.install import INSTALL_TIMEOUT_S


@dataclass(frozen=True)
class LocalGo:
    """A Go SDK on this machine: its version and its ``bin/go``."""

    version: GoVersion
    go: Path


class StepProblem(Exception):
    """The step fails with this detail (CI's step would fail too, or wslgo cannot give it what it asks)."""

    def __init__(self, detail: Message) -> None:
        super().__init__(str(detail))
        self.detail = detail


def install_command(version: GoVersion | str) -> str:
    """The command that installs an SDK without changing the active one."""
    text = str(version) if isinstance(version, GoVersion) else version
    return f"wslgo go install {text} --no-use"


class GoProvider:
    """Local SDKs first, then the release index and the verified installer (see the module docstring)."""

    def __init__(
        self,
        active: LocalGo,
        store: SdkStore,
        *,
        install_missing: bool,
        load_releases: Callable[[], tuple[GoRelease, ...]],
        install_release: Callable[[GoRelease, Progress], Path],
        goos: str,
        goarch: str,
        progress: Callable[[], Progress] = NoProgress,
        status: Callable[[str], None] | None = None,
    ) -> None:
        self.active = active
        self.store = store
        self.install_missing = install_missing
        self._load_releases = load_releases
        self._install_release = install_release
        self.goos, self.goarch = goos, goarch
        self._progress = progress
        self._status = status or (lambda _line: None)
        self._releases: tuple[GoRelease, ...] | None = None
        self._index_problem: str | None = None

    def local(self) -> list[LocalGo]:
        """The active Go and every complete SDK in the store (one entry per version)."""
        found = {self.active.version: self.active}
        for sdk in self.store.installed():
            binary = sdk.path / "bin" / "go"
            if binary.is_file() and sdk.version not in found:
                found[sdk.version] = LocalGo(sdk.version, binary)
        return list(found.values())

    def releases(self, spec: str) -> tuple[GoRelease, ...]:
        if self._releases is None and self._index_problem is None:
            try:
                self._releases = self._load_releases()
            except WslgoError as exc:
                self._index_problem = exc.message
        if self._releases is None:
            raise StepProblem(
                M(
                    "cannot resolve '{spec}' without the Go release index ({problem}); install a matching "
                    "SDK first, e.g. '{command}'",
                    spec=spec,
                    problem=self._index_problem,
                    command=install_command(spec if parse_version(spec) else "stable"),
                )
            )
        return self._releases

    def _unable(self, spec: str) -> StepProblem:
        arch = {"amd64": "x64", "386": "ia32"}.get(self.goarch, self.goarch)
        return StepProblem(
            M(
                "no Go release matches '{spec}'; setup-go fails the same way (\"Unable to find Go version "
                "'{spec}' for platform linux and architecture {arch}.\")",
                spec=spec,
                arch=arch,
            )
        )

    def provide(self, request: GoRequest) -> tuple[LocalGo, Message]:
        """The SDK for ``request`` and a sentence saying which and how it was chosen."""
        spec = request.spec
        if request.is_alias:
            release = resolve_alias(spec, self.releases(spec), self.goos, self.goarch)
            if release is None:
                raise self._unable(spec)
            return self._exact(
                release,
                M("{spec} is {version} in the Go release index", spec=spec, version=release.version.tag),
            )
        if request.check_latest:
            try:
                newest = resolve_index(spec, self.releases(spec), self.goos, self.goarch, stable_only=True)
            except StepProblem:
                newest = None  # setup-go too goes on with the spec when the manifest is unreachable
            if newest is not None:
                return self._exact(
                    newest,
                    M(
                        "check-latest: {version} is the newest release matching '{spec}'",
                        version=newest.version.tag,
                        spec=spec,
                    ),
                )
        local = {sdk.version: sdk for sdk in self.local()}
        found = resolve_local(spec, local)
        if found is not None:
            return local[found], M(
                "{version} is on this machine ({path})", version=found.tag, path=local[found].go
            )
        release = resolve_index(spec, self.releases(spec), self.goos, self.goarch)
        if release is None:
            raise self._unable(spec)
        return self._exact(
            release,
            M("{version} is the newest release matching '{spec}'", version=release.version.tag, spec=spec),
        )

    def _exact(self, release: GoRelease, why: Message) -> tuple[LocalGo, Message]:
        version = release.version
        for sdk in self.local():
            if sdk.version == version:
                return sdk, why
        if not self.install_missing:
            raise StepProblem(
                M(
                    "{version} is needed and not installed ({why}); install it with: {command}",
                    version=version.tag,
                    why=why,
                    command=install_command(version),
                )
            )
        self._status(
            str(
                M(
                    "installing {version} through the SDK manager (verified; the active Go stays as it is) …",
                    version=version.tag,
                ).localized()
            )
        )
        try:
            path = self._install_release(release, self._progress())
        except WslgoError as exc:
            raise StepProblem(
                M(
                    "installing {version} failed: {error}; install it with: {command}",
                    version=version.tag,
                    error=exc.message,
                    command=install_command(version),
                )
            ) from None
        return LocalGo(version, path / "bin" / "go"), M("{why}; installed into {path}", why=why, path=path)


# -- golangci-lint ---------------------------------------------------------------------------------------


def go_version_of(go: Path, env: Mapping[str, str]) -> GoVersion:
    """``go env GOVERSION`` of ``go`` in ``env`` (a step failure when it cannot tell)."""
    result = run_command([str(go), "env", "-json", "GOVERSION"], timeout=60, env=env)
    try:
        raw = parse_go_env_json(result.stdout).get("GOVERSION", "") if result.rc == 0 else ""
    except GoEnvError:
        raw = ""
    version = GoVersion.parse(raw.split(" ", 1)[0].split("-", 1)[0]) if raw else None
    if version is None:
        detail = (result.stderr or result.error or "").strip().splitlines()
        raise StepProblem(
            M("{go} cannot tell its version: {detail}", go=go, detail=detail[-1] if detail else raw or "?")
        )
    return version


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


class LintProvider:
    """golangci-lint builds per (version, Go) under ``root``; see the module docstring."""

    def __init__(self, root: Path, status: Callable[[str], None] | None = None) -> None:
        self.root = root
        self._status = status or (lambda _line: None)

    def resolve(self, query: str, go: Path, env: Mapping[str, str]) -> str:
        """The exact module version a query names (``v2.3`` → ``v2.3.1``), asked of the module proxy."""
        if query.startswith("v") and parse_version(query[1:]) is not None:
            return query
        with tempfile.TemporaryDirectory(prefix="wslgo-ci-query-") as empty:
            result = run_command(
                [str(go), "list", "-m", "-f", "{{.Version}}", f"{MODULE}@{query}"],
                timeout=120,
                cwd=empty,
                env={**env, "GOFLAGS": ""},
            )
        version = result.stdout.strip()
        if result.rc != 0 or not version:
            raise StepProblem(
                M(
                    "cannot resolve golangci-lint {query} through the module proxy: {error}",
                    query=query,
                    error=_last_line(result.stderr or result.error or "") or f"exit {result.rc}",
                )
            )
        return version

    def provide(self, query: str, go: Path, env: Mapping[str, str], *, cgo: str) -> tuple[Path, str, Message]:
        """(binary, exact version, what was done); builds it when the managed copy is missing or stale."""
        go_version = go_version_of(go, env)
        version = self.resolve(query, go, env)
        target = self.root / version / go_version.tag
        binary = target / "golangci-lint"
        if self._is_build(binary, version, go, env):
            return (
                binary,
                version,
                M(
                    "golangci-lint {version} (built with {go}) from {path}",
                    version=version,
                    go=go_version.tag,
                    path=binary,
                ),
            )
        spec = f"{PACKAGE}@{version}"
        command = f"GOBIN={shlex.quote(str(target))} {shlex.quote(str(go))} install {spec}"
        self._status(
            str(
                M(
                    "installing golangci-lint {version} with {go} …", version=version, go=go_version.tag
                ).localized()
            )
        )
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=".tmp-golangci-", dir=self.root))
        except OSError as exc:
            raise StepProblem(
                M(
                    "{path}: {error}; install it with: {command}",
                    path=exc.filename or self.root,
                    error=exc.strerror or exc,
                    command=command,
                )
            ) from None
        try:
            install_env = {**env, "GOBIN": str(staging), "CGO_ENABLED": cgo, "GOFLAGS": ""}
            result = run_command([str(go), "install", spec], timeout=INSTALL_TIMEOUT_S, env=install_env)
            if result.rc != 0 or not (staging / "golangci-lint").is_file():
                raise StepProblem(
                    M(
                        "cannot install golangci-lint {version}: {error}; install it with: {command}",
                        version=version,
                        error=_last_line(result.stderr or result.stdout or result.error or "")
                        or f"exit {result.rc}",
                        command=command,
                    )
                )
            self._place(staging, target, lambda: self._is_build(binary, version, go, env))
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return (
            binary,
            version,
            M(
                "golangci-lint {version} built with {go} into {path}",
                version=version,
                go=go_version.tag,
                path=binary,
            ),
        )

    @staticmethod
    def _place(staging: Path, target: Path, target_is_good: Callable[[], bool]) -> None:
        """Rename the fresh build into place; a good build another run placed first is kept as it is
        (it may be running), a stale one is moved aside first."""
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            if target_is_good():
                return
            trash = target.with_name(f".trash-{os.getpid()}-{os.urandom(4).hex()}")
            target.rename(trash)
            shutil.rmtree(trash, ignore_errors=True)
        try:
            staging.rename(target)
        except OSError:
            if not target_is_good():  # another run placed a good build in between: use it
                raise

    @staticmethod
    def _is_build(binary: Path, version: str, go: Path, env: Mapping[str, str]) -> bool:
        if not binary.is_file() or not os.access(binary, os.X_OK):
            return False
        result = run_command([str(go), "version", "-m", str(binary)], timeout=60, env=env)
        if result.rc != 0:
            return False
        info = parse_buildinfo(result.stdout)
        return info is not None and info.main_package == PACKAGE and info.module_version == version
