"""A GitHub Actions workflow file as a typed model, with the line of every part for error messages.

PyYAML's composer gives nodes with marks; the model is built from those nodes (not from ``yaml.safe_load``)
so that every error can name ``FILE:LINE``. Mapping keys are taken as written: in YAML 1.1, which PyYAML
implements, the bare key ``on`` is the boolean ``true`` — GitHub reads it as the string ``on``, and so does
this loader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from wslgo.errors import InputError
from wslgo.i18n import _


class LineDict(dict[str, Any]):
    """A mapping that remembers its own line and each key's line (1-based)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list[Any]):
    line: int = 0
    item_lines: list[int]


def _to_python(node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        mapping = LineDict()
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(_to_python(key_node))
            if key == "<<":
                merged = _to_python(value_node)
                for item in merged if isinstance(merged, list) else [merged]:
                    if isinstance(item, LineDict):
                        for k, v in item.items():
                            mapping.setdefault(k, v)
                            mapping.key_lines.setdefault(k, item.line_of(k))
                continue
            mapping[str(key)] = _to_python(value_node)
            mapping.key_lines[str(key)] = key_node.start_mark.line + 1
        return mapping
    if isinstance(node, yaml.SequenceNode):
        items = LineList(_to_python(child) for child in node.value)
        items.line = node.start_mark.line + 1
        items.item_lines = [child.start_mark.line + 1 for child in node.value]
        return items
    return _scalar(node)


def _scalar(node: yaml.Node) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


@dataclass(frozen=True)
class Step:
    job: str
    index: int
    line: int
    name: str | None = None
    id: str | None = None
    run: str | None = None
    uses: str | None = None
    with_: dict[str, Any] = field(default_factory=dict)
    env: dict[str, Any] = field(default_factory=dict)
    shell: str | None = None
    working_directory: str | None = None
    if_: str | None = None
    continue_on_error: bool = False
    timeout_minutes: float | None = None
    #: Line of each key of the step (for messages about a field).
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        if self.uses:
            return self.uses
        first = (self.run or "").strip().splitlines()
        return f"Run {first[0]}" if first else f"step {self.index + 1}"

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


@dataclass(frozen=True)
class Job:
    id: str
    line: int
    steps: tuple[Step, ...]
    name: str | None = None
    runs_on: Any = None
    env: dict[str, Any] = field(default_factory=dict)
    shell: str | None = None
    working_directory: str | None = None
    needs: tuple[str, ...] = ()
    if_: str | None = None
    matrix: Any = None
    matrix_line: int = 0
    #: ``strategy.fail-fast`` (default true) and ``max-parallel``; may be expressions (strings).
    fail_fast: Any = True
    max_parallel: Any = None
    #: Job-level ``continue-on-error``: a bool or an expression such as ``${{ matrix.experimental }}``.
    continue_on_error: Any = False
    timeout_minutes: float | None = None
    uses: str | None = None
    container: Any = None
    services: Any = None
    lines: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Workflow:
    path: str
    jobs: tuple[Job, ...]
    name: str | None = None
    env: dict[str, Any] = field(default_factory=dict)
    shell: str | None = None
    working_directory: str | None = None
    on: Any = None

    def job(self, job_id: str) -> Job | None:
        return next((job for job in self.jobs if job.id == job_id), None)


def _defaults(where: LineDict, path: str, context: str) -> tuple[str | None, str | None]:
    defaults = where.get("defaults")
    if defaults is None:
        return None, None
    if not isinstance(defaults, dict) or not isinstance(defaults.get("run", {}), dict):
        raise InputError(
            _(
                "{path}:{line}: {context}defaults.run must be a mapping",
                path=path,
                line=where.line_of("defaults"),
                context=context,
            )
        )
    run = defaults.get("run", {})
    shell, workdir = run.get("shell"), run.get("working-directory")
    return (None if shell is None else str(shell)), (None if workdir is None else str(workdir))


def _env(where: LineDict, path: str, context: str) -> dict[str, Any]:
    env = where.get("env")
    if env is None:
        return {}
    if not isinstance(env, dict):
        raise InputError(
            _(
                "{path}:{line}: {context}env must be a mapping of NAME: value",
                path=path,
                line=where.line_of("env"),
                context=context,
            )
        )
    return {str(k): v for k, v in env.items()}


def _string(where: LineDict, key: str, path: str, context: str) -> str | None:
    value = where.get(key)
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        raise InputError(
            _(
                "{path}:{line}: {context}{key} must be a string",
                path=path,
                line=where.line_of(key),
                context=context,
                key=key,
            )
        )
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _step(job_id: str, index: int, raw: Any, line: int, path: str) -> Step:
    context = f"jobs.{job_id}.steps[{index}]."
    if not isinstance(raw, LineDict):
        raise InputError(
            _(
                "{path}:{line}: {where} must be a mapping with 'run' or 'uses'",
                path=path,
                line=line,
                where=context[:-1],
            )
        )
    run, uses = _string(raw, "run", path, context), _string(raw, "uses", path, context)
    if (run is None) == (uses is None):
        raise InputError(
            _(
                "{path}:{line}: {where} needs exactly one of 'run' or 'uses'",
                path=path,
                line=raw.line,
                where=context[:-1],
            )
        )
    with_ = raw.get("with") or {}
    if not isinstance(with_, dict):
        raise InputError(
            _(
                "{path}:{line}: {context}with must be a mapping",
                path=path,
                line=raw.line_of("with"),
                context=context,
            )
        )
    timeout = raw.get("timeout-minutes")
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float))):
        raise InputError(
            _(
                "{path}:{line}: {context}timeout-minutes must be a number",
                path=path,
                line=raw.line_of("timeout-minutes"),
                context=context,
            )
        )
    continue_on_error = raw.get("continue-on-error", False)
    if not isinstance(continue_on_error, bool):
        raise InputError(
            _(
                "{path}:{line}: {context}continue-on-error must be true or false",
                path=path,
                line=raw.line_of("continue-on-error"),
                context=context,
            )
        )
    return Step(
        job=job_id,
        index=index,
        line=raw.line,
        name=_string(raw, "name", path, context),
        id=_string(raw, "id", path, context),
        run=run,
        uses=uses,
        with_={str(k): v for k, v in with_.items()},
        env=_env(raw, path, context),
        shell=_string(raw, "shell", path, context),
        working_directory=_string(raw, "working-directory", path, context),
        if_=_string(raw, "if", path, context),
        continue_on_error=continue_on_error,
        timeout_minutes=None if timeout is None else float(timeout),
        lines=dict(raw.key_lines),
    )


def _job(job_id: str, raw: Any, line: int, path: str) -> Job:
    context = f"jobs.{job_id}."
    if not isinstance(raw, LineDict):
        raise InputError(_("{path}:{line}: jobs.{job} must be a mapping", path=path, line=line, job=job_id))
    needs_raw = raw.get("needs", [])
    needs = (needs_raw,) if isinstance(needs_raw, str) else tuple(str(n) for n in needs_raw or [])
    steps_raw = raw.get("steps", [])
    if raw.get("uses") is None and not isinstance(steps_raw, list):
        raise InputError(
            _(
                "{path}:{line}: {context}steps must be a list",
                path=path,
                line=raw.line_of("steps"),
                context=context,
            )
        )
    item_lines = getattr(steps_raw, "item_lines", [raw.line] * len(steps_raw or []))
    steps = tuple(_step(job_id, i, s, item_lines[i], path) for i, s in enumerate(steps_raw or []))
    shell, workdir = _defaults(raw, path, context)
    strategy = raw.get("strategy")
    matrix, matrix_line = None, 0
    fail_fast: Any = True
    max_parallel: Any = None
    if strategy is not None and not isinstance(strategy, LineDict):
        raise InputError(
            _(
                "{path}:{line}: {context}strategy must be a mapping",
                path=path,
                line=raw.line_of("strategy"),
                context=context,
            )
        )
    if isinstance(strategy, LineDict):
        if "matrix" in strategy:
            matrix, matrix_line = strategy["matrix"], strategy.line_of("matrix")
        fail_fast = strategy.get("fail-fast", True)
        max_parallel = strategy.get("max-parallel")
    timeout = raw.get("timeout-minutes")
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float))):
        raise InputError(
            _(
                "{path}:{line}: {context}timeout-minutes must be a number",
                path=path,
                line=raw.line_of("timeout-minutes"),
                context=context,
            )
        )
    return Job(
        id=job_id,
        line=line,
        steps=steps,
        name=_string(raw, "name", path, context),
        runs_on=raw.get("runs-on"),
        env=_env(raw, path, context),
        shell=shell,
        working_directory=workdir,
        needs=needs,
        if_=_string(raw, "if", path, context),
        matrix=matrix,
        matrix_line=matrix_line,
        fail_fast=fail_fast,
        max_parallel=max_parallel,
        continue_on_error=raw.get("continue-on-error", False),
        timeout_minutes=None if timeout is None else float(timeout),
        uses=_string(raw, "uses", path, context),
        container=raw.get("container"),
        services=raw.get("services"),
        lines=dict(raw.key_lines),
    )


def parse_workflow(text: str, path: str) -> Workflow:
    """Parse workflow YAML; any problem is an ``InputError`` naming ``path:line``."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:
        raise InputError(_("{path}: the workflow is nested too deeply to be a workflow", path=path)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        where = ""
        if exc.context and exc.context_mark and exc.context_mark is not mark:
            where = f" ({exc.context} at line {exc.context_mark.line + 1})"
        raise InputError(
            _(
                "{path}{line}: invalid YAML: {problem}{where}",
                path=path,
                line=line,
                problem=exc.problem or exc.context,
                where=where,
            )
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(_("{path}: invalid YAML: {error}", path=path, error=exc)) from None
    if node is None:
        raise InputError(_("{path}: the workflow is empty", path=path))
    try:
        document = _to_python(node)
    except RecursionError:
        raise InputError(_("{path}: the workflow is nested too deeply to be a workflow", path=path)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(
            _(
                "{path}{line}: invalid YAML value: {error}",
                path=path,
                line=f":{mark.line + 1}" if mark else "",
                error=exc,
            )
        ) from None
    if not isinstance(document, LineDict):
        raise InputError(_("{path}:1: a workflow must be a mapping with 'on' and 'jobs'", path=path))
    jobs_raw = document.get("jobs")
    if not isinstance(jobs_raw, LineDict) or not jobs_raw:
        raise InputError(
            _("{path}:{line}: 'jobs' must be a non-empty mapping", path=path, line=document.line_of("jobs"))
        )
    jobs = tuple(_job(job_id, raw, jobs_raw.line_of(job_id), path) for job_id, raw in jobs_raw.items())
    shell, workdir = _defaults(document, path, "")
    return Workflow(
        path=path,
        jobs=jobs,
        name=_string(document, "name", path, ""),
        env=_env(document, path, ""),
        shell=shell,
        working_directory=workdir,
        on=document.get("on"),
    )


def load_workflow(path: Path) -> Workflow:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(
            _("{path}: no such workflow file (create one with 'wslgo ci init')", path=path)
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(_("{path}: cannot read the workflow: {error}", path=path, error=exc)) from None
    return parse_workflow(text, str(path))
