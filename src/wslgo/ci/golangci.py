"""What ``golangci/golangci-lint-action`` would install and run, decided like the action (pure).

Read at the source (golangci/golangci-lint-action ``src/version.ts``, ``src/install.ts``, ``src/run.ts``):

* ``install-mode: binary`` (default): ``version`` is ``vMAJOR.MINOR[.PATCH]`` or ``latest``/empty; only
  v2 is accepted, and nothing older than v2.1. An empty ``version`` is read from go.mod's
  ``github.com/golangci/golangci-lint/v2 vX`` (a ``tool`` requirement), else from ``version-file``
  (``.golangci-lint-version`` or ``.tool-versions``), else ``latest``. ``v2.3`` means the newest v2.3
  patch. ``goinstall``: ``go install …/cmd/golangci-lint@VERSION`` (any module query, default
  ``latest``) with ``CGO_ENABLED=1``. ``none``: the ``golangci-lint`` already on PATH, or the step fails.
* Run: ``golangci-lint config path`` then, when a config file exists and ``verify`` is true,
  ``golangci-lint config verify``; then ``golangci-lint run [--path-mode=abs] ARGS`` in
  ``working-directory``. Exit 1 means "issues found", any other non-zero exit "golangci-lint exit with
  code N"; both fail the step. ``install-only`` stops after installing.

Locally the release binary the action downloads is replaced by ``go install`` of the same version from
the module proxy (the same source, built with the job's Go), kept in a wslgo-managed tool directory.
``only-new-issues`` needs the pull request's patch from the GitHub API: the local run lints everything,
which can only report more than CI, never less.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from wslgo.errors import InputError
from wslgo.i18n import M, Message
from wslgo.tools.catalog import DEFAULT_TOOLS

MODULE = "github.com/golangci/golangci-lint/v2"
PACKAGE = DEFAULT_TOOLS["golangci-lint"].package
BINARY = "golangci-lint"
BINARY_MODE, GOINSTALL_MODE, NONE_MODE = "binary", "goinstall", "none"

_VERSION = re.compile(r"^v(\d+)\.(\d+)(?:\.(\d+))?$")
_GOMOD_VERSION = re.compile(r"github.com/golangci/golangci-lint/v2\s(v\S+)")
_TOOL_VERSIONS = re.compile(r"^golangci-lint\s+([^\n#]+)", re.MULTILINE)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _flag(value: Any, default: bool) -> bool:
    text = _text(value).strip().lower()
    return default if not text else text == "true"


@dataclass(frozen=True)
class LintInputs:
    version: str = ""
    version_file: str = ""
    install_mode: str = BINARY_MODE
    install_only: bool = False
    working_directory: str = ""
    args: str = ""
    verify: bool = True
    only_new_issues: bool = False

    @classmethod
    def from_with(cls, values: Mapping[str, Any]) -> LintInputs:
        return cls(
            version=_text(values.get("version")).strip(),
            version_file=_text(values.get("version-file")).strip(),
            install_mode=(_text(values.get("install-mode")).strip().lower() or BINARY_MODE),
            install_only=_flag(values.get("install-only"), False),
            working_directory=_text(values.get("working-directory")).strip(),
            args=_text(values.get("args")),
            verify=_flag(values.get("verify"), True),
            only_new_issues=_flag(values.get("only-new-issues"), False),
        )


class LintVersionError(InputError):
    """The action would refuse this version (the step fails in CI too)."""


def requested_version(
    inputs: LintInputs, gomod_text: str | None, version_file_text: str | None
) -> tuple[str, str]:
    """(the version text the action would request, where it came from); ``''`` means latest."""
    if inputs.version:
        return inputs.version, "version"
    if gomod_text is not None:
        match = _GOMOD_VERSION.search(gomod_text)
        if match:
            return match[1], "go.mod"
    if inputs.version_file:
        if version_file_text is None:
            raise LintVersionError(
                f"The specified golangci-lint version file at: {inputs.version_file} does not exist"
            )
        if PurePosixPath(inputs.version_file).name == ".tool-versions":
            match = _TOOL_VERSIONS.search(version_file_text)
            text = match[1].strip() if match else ""
        else:
            text = version_file_text.strip()
        return ("v" + re.sub(r"^v", "", text, flags=re.IGNORECASE)) if text else "", inputs.version_file
    return "", "default"


def module_query(inputs: LintInputs, requested: str) -> str:
    """The Go module query that names the same release (``v2.3`` → newest v2.3 patch, ``latest``)."""
    if inputs.install_mode == GOINSTALL_MODE:
        return inputs.version or "latest"
    if requested in ("", "latest"):
        return "latest"
    match = _VERSION.match(requested)
    if not match:
        raise LintVersionError(f"invalid version string '{requested}', expected format v1.2 or v1.2.3")
    major, minor = int(match[1]), int(match[2])
    if major != 2:
        raise LintVersionError(
            f"invalid version string '{requested}', golangci-lint v{major} is not supported by "
            "golangci-lint-action >= v7."
        )
    if minor < 1:
        raise LintVersionError(
            f"requested golangci-lint version '{requested}' isn't supported: we support only v2.1 and "
            "later versions"
        )
    return requested


def run_argv(binary: str, inputs: LintInputs) -> list[str]:
    """``golangci-lint run`` with the action's added flags and the user's ``args``."""
    user_args = shlex.split(inputs.args)
    names = {arg.lstrip("-").split("=", 1)[0].lower() for arg in user_args if arg.startswith("-")}
    added = []
    if inputs.working_directory and not names & {"path-prefix", "path-mode"}:
        added.append("--path-mode=abs")
    return [binary, "run", *added, *user_args]


def config_argv(binary: str, inputs: LintInputs, verb: str) -> list[str]:
    """``golangci-lint config path|verify [--config=FILE]`` as the action runs it before linting."""
    config = None
    for arg in shlex.split(inputs.args):
        name, _, value = arg.lstrip("-").partition("=")
        if arg.startswith("-") and name.lower() == "config":
            config = value
    return [binary, "config", verb, *([f"--config={config}"] if config else [])]


def failure_detail(rc: int) -> Message:
    """The action's own words for a failed lint."""
    if rc == 1:
        return M("issues found")
    return M("golangci-lint exit with code {code}", code=rc)


def local_notes(inputs: LintInputs) -> list[Message]:
    notes: list[Message] = []
    if inputs.only_new_issues:
        notes.append(
            M(
                "only-new-issues: the local run lints everything (CI reports only issues new in the pull "
                "request, which needs the GitHub API)"
            )
        )
    return notes
