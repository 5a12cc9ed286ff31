"""The two actions ``ci run`` reproduces, as steps: ``actions/setup-go`` and the preparation of
``golangci/golangci-lint-action`` (the runner executes the linter itself, streaming its output).

Decisions come from the pure modules (``setup_go``, ``golangci``); SDKs and linter builds from the
providers of ``toolchain``. What an action leaves for later steps goes through the same files GitHub's
toolkit writes (``GITHUB_ENV``, ``GITHUB_PATH``, ``GITHUB_OUTPUT``), so the runner treats it like any
step's output.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from wslgo.ci.golangci import (
    GOINSTALL_MODE,
    NONE_MODE,
    LintInputs,
    LintVersionError,
    config_argv,
    local_notes,
    module_query,
    requested_version,
)
from wslgo.ci.setup_go import (
    GOTOOLCHAIN_LOCAL,
    GoRequest,
    SetupGoInputs,
    architecture_problem,
    file_source,
    unsupported_input_notes,
    version_from_file,
)
from wslgo.ci.toolchain import GoProvider, LintProvider, LocalGo, StepProblem
from wslgo.i18n import M, Message
from wslgo.process import run_command


@dataclass(frozen=True)
class StepFiles:
    """A step's ``GITHUB_ENV``, ``GITHUB_PATH`` and ``GITHUB_OUTPUT`` files."""

    env: Path
    path: Path
    output: Path

    def as_env(self) -> dict[str, str]:
        return {"GITHUB_ENV": str(self.env), "GITHUB_PATH": str(self.path), "GITHUB_OUTPUT": str(self.output)}

    def append(self, which: Path, line: str) -> None:
        with open(which, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")


def join_messages(parts: list[str]) -> str:
    """Sentences joined with ``; `` and still translatable as a whole (each part localizes itself)."""
    kept = [part for part in parts if part]
    if not kept:
        return ""
    joined: str = kept[-1]
    for part in reversed(kept[:-1]):
        joined = M("{first}; {rest}", first=part, rest=joined)
    return joined


def _read_optional(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


# -- actions/setup-go ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SetupGoDone:
    go: LocalGo
    detail: str


def _request(inputs: SetupGoInputs, project: Path, env: Mapping[str, str]) -> GoRequest | None:
    """What the step asks for (``None``: no version given, the Go on PATH is used)."""
    if inputs.go_version:
        return GoRequest(inputs.go_version, "go-version", inputs.check_latest)
    if not inputs.go_version_file:
        return None
    text = _read_optional(project / inputs.go_version_file)
    if text is None:
        raise StepProblem(
            M("The specified go version file at: {file} does not exist", file=inputs.go_version_file)
        )
    gotoolchain = env.get("GOTOOLCHAIN")  # read before the action sets it, as setup-go does
    spec = version_from_file(inputs.go_version_file, text, gotoolchain)
    if not spec:
        return None
    return GoRequest(spec, file_source(inputs.go_version_file, text, spec, gotoolchain), inputs.check_latest)


def setup_go(
    inputs: SetupGoInputs,
    *,
    project: Path,
    env: Mapping[str, str],
    files: StepFiles,
    provider: GoProvider,
    active: LocalGo,
    default_gopath: Path,
) -> SetupGoDone:
    """Choose (and if needed install) the SDK, then leave what the action leaves for later steps."""
    arch_problem = architecture_problem(inputs.architecture, provider.goarch)
    if arch_problem is not None:
        raise StepProblem(arch_problem)
    request = _request(inputs, project, env)
    files.append(files.env, f"GOTOOLCHAIN={GOTOOLCHAIN_LOCAL}")
    notes: list[Message] = list(unsupported_input_notes(inputs))
    if request is None:
        chosen = active
        how = M("no go-version given: the Go on PATH, {version}", version=chosen.version.tag)
    else:
        chosen, why = provider.provide(request)
        how = M(
            "{version} for '{spec}' from {source}: {why}",
            version=chosen.version.tag,
            spec=request.spec,
            source=request.source,
            why=why,
        )
    gopath_bin = Path(env.get("GOPATH") or default_gopath) / "bin"
    gopath_bin.mkdir(parents=True, exist_ok=True)
    files.append(files.path, str(chosen.go.parent))
    files.append(files.path, str(gopath_bin))
    files.append(files.output, f"go-version={chosen.version}")
    if inputs.cache:
        notes.append(M("cache: the local module and build caches are used as they are"))
    return SetupGoDone(chosen, join_messages([how, *notes]))


# -- golangci/golangci-lint-action -----------------------------------------------------------------------


@dataclass(frozen=True)
class LintTool:
    """The linter binary to run, where, and what the report should say about it."""

    binary: Path
    workdir: Path
    how: str
    notes: tuple[str, ...]

    def argv(self, verb: str, inputs: LintInputs) -> list[str]:
        return config_argv(str(self.binary), inputs, verb)


def lint_tool(
    inputs: LintInputs, *, project: Path, env: Mapping[str, str], provider: LintProvider
) -> LintTool:
    """golangci-lint at the version the action would use (built if needed), or a step failure."""
    workdir = project / inputs.working_directory if inputs.working_directory else project
    if not workdir.is_dir():
        raise StepProblem(M("working-directory ({path}) was not a path", path=inputs.working_directory))
    notes = tuple(local_notes(inputs))
    if inputs.install_mode == NONE_MODE:
        found = shutil.which("golangci-lint", path=env.get("PATH"))
        if found is None:
            raise StepProblem(M("golangci-lint binary not found in the PATH"))
        return LintTool(Path(found), workdir, M("install-mode none: {path} from PATH", path=found), notes)
    go = shutil.which("go", path=env.get("PATH"))
    if go is None:
        raise StepProblem(M("no 'go' on PATH to build golangci-lint with"))
    version_file = _read_optional(workdir / inputs.version_file) if inputs.version_file else None
    try:
        requested, _source = requested_version(inputs, _read_optional(workdir / "go.mod"), version_file)
        query = module_query(inputs, requested)
    except LintVersionError as exc:
        raise StepProblem(M("the action refuses this version: {message}", message=exc.message)) from None
    cgo = "1" if inputs.install_mode == GOINSTALL_MODE else "0"  # release binaries are built without cgo
    binary, _version, how = provider.provide(query, Path(go), env, cgo=cgo)
    return LintTool(binary, workdir, how, notes)


def has_config(tool: LintTool, inputs: LintInputs, env: Mapping[str, str], timeout: float) -> bool:
    """``golangci-lint config path`` names a file (on stderr), as the action checks before verifying."""
    result = run_command(tool.argv("path", inputs), timeout=timeout, cwd=str(tool.workdir), env=env)
    return result.rc == 0 and bool(result.stderr.strip())
