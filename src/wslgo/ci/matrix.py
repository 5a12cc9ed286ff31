"""``strategy.matrix`` expanded into job runs exactly as GitHub does it (pure).

The rules are those of the workflow parser the Actions runner ships (``MatrixBuilder.cs`` in
actions/runner, ``src/Sdk/WorkflowParser/Conversion``), which the documentation ("Running variations of
jobs in a workflow") describes in prose:

1. The cross product of the vectors, in file order (the first vector varies slowest).
2. ``exclude``: each item is a *partial* filter; a combination is dropped when every leaf value of some
   item equals the combination's value at that path (``==`` of the expression language: strings ignore
   case, numbers and strings compare as numbers). Keys must name vectors.
3. ``include``: each item splits into a *filter* (its keys that are vectors) and *extra* values (the
   other keys). Every remaining combination that matches the filter gets the extra values; later items
   overwrite extras of earlier ones, never vector values. An item that matched no combination becomes a
   combination of its own, appended after the product in include order (and is not extended by other
   items). So ``include`` runs after ``exclude`` and can add an excluded combination back.
4. A matrix of only ``include`` items has one run per item.

A job run's display name is ``job (v1, v2, …)`` from the scalar values of its combination (extras added
by ``include`` are not part of the name), cut at 100 characters, as on github.com.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wslgo.ci.expressions import as_text, expressions_in, values_equal
from wslgo.errors import InputError, UsageError
from wslgo.i18n import _

INCLUDE, EXCLUDE = "include", "exclude"
MAX_NAME = 100
#: "A matrix will generate a maximum of 256 jobs per workflow run" (GitHub's documented limit).
MAX_JOBS = 256
#: A cross product this large is refused before it is enumerated (exclude could not bring it to 256 cheaply).
PRODUCT_CEILING = MAX_JOBS * 1024


def _too_many(count: int) -> str:
    return _(
        "the matrix has {count} or more combinations; GitHub runs at most {limit}",
        count=count,
        limit=MAX_JOBS,
    )


@dataclass(frozen=True)
class MatrixEntry:
    """One combination: the ``matrix`` context of one job run."""

    values: Mapping[str, Any]
    #: Scalars shown in the run's name (vector values; an appended include item shows all its values).
    segments: tuple[str, ...]

    def label(self, job_id: str) -> str:
        if not self.segments:
            return job_id
        name = f"{job_id} ({', '.join(self.segments)})"
        return name if len(name) <= MAX_NAME else name[: MAX_NAME - 3] + "..."

    def describe(self) -> str:
        """``key=value, …`` for tables and messages."""
        return ", ".join(f"{key}={as_text(value)}" for key, value in self.values.items())


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every scalar inside ``value`` with its path (mapping keys and list indexes)."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path, value


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        if isinstance(part, int) and isinstance(value, list) and 0 <= part < len(value):
            value = value[part]
        elif isinstance(part, str) and isinstance(value, Mapping):
            value = value.get(part)
        else:
            return None
    return value


@dataclass(frozen=True)
class _Filter:
    """The leaf comparisons of an include/exclude item (an empty filter matches everything)."""

    leaves: tuple[tuple[tuple[Any, ...], Any], ...]

    def matches(self, combination: Mapping[str, Any]) -> bool:
        return all(values_equal(_at(combination, path), expected) for path, expected in self.leaves)


def _segments(values: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(
        text for _path, value in _leaves(dict(values)) if value is not None and (text := as_text(value))
    )


class _Where:
    """Builds ``FILE:LINE: jobs.ID.strategy.matrix…`` messages."""

    def __init__(self, path: str, job_id: str, matrix: Any, line: int) -> None:
        self.path, self.job_id, self.matrix, self.line = path, job_id, matrix, line

    def line_of(self, key: str) -> int:
        finder = getattr(self.matrix, "line_of", None)
        return int(finder(key)) if finder else self.line

    def error(self, key: str | None, message: str) -> InputError:
        line = self.line_of(key) if key else self.line
        return InputError(f"{self.path}:{line}: jobs.{self.job_id}.strategy.matrix: {message}")


def _refuse_expressions(value: Any, where: _Where, key: str) -> None:
    for _path, leaf in _leaves(value):
        if isinstance(leaf, str) and expressions_in(leaf):
            raise where.error(
                key, _("{key} holds an expression; wslgo ci run needs literal matrix values", key=key)
            )


def _items(value: Any, where: _Where, key: str) -> list[Mapping[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise where.error(key, _("{key} must be a list of mappings", key=key))
    for item in value:
        if not isinstance(item, Mapping):
            raise where.error(key, _("every {key} item must be a mapping of KEY: value", key=key))
    return list(value)


def expand_matrix(matrix: Any, *, path: str, job_id: str, line: int) -> list[MatrixEntry]:
    """The combinations of a job's ``strategy.matrix`` (``[empty entry]`` when there is none)."""
    if matrix is None:
        return [MatrixEntry({}, ())]
    where = _Where(path, job_id, matrix, line)
    if not isinstance(matrix, Mapping):
        raise where.error(None, _("the matrix is an expression; wslgo ci run needs a literal matrix"))
    vectors: dict[str, list[Any]] = {}
    for key, value in matrix.items():
        _refuse_expressions(value, where, key)
        if key in (INCLUDE, EXCLUDE):
            continue
        if not isinstance(value, list):
            raise where.error(key, _("vector {key} must be a list of values", key=key))
        if not value:
            raise where.error(key, _("Matrix vector '{key}' does not contain any values", key=key))
        vectors[key] = list(value)
    includes = _items(matrix.get(INCLUDE), where, INCLUDE)
    excludes = _items(matrix.get(EXCLUDE), where, EXCLUDE)
    if not vectors and not includes:
        raise where.error(None, _("Matrix must define at least one vector"))
    product = 1 if vectors else 0
    for values in vectors.values():
        product = min(product * len(values), PRODUCT_CEILING)
    if product >= PRODUCT_CEILING:
        raise where.error(None, _too_many(product))
    exclude_filters = []
    for item in excludes:
        if not item:
            raise where.error(EXCLUDE, _("Matrix exclude filter must not be empty"))
        for key in item:
            if key not in vectors:
                raise where.error(
                    EXCLUDE,
                    _("Matrix exclude key '{key}' does not match any key within the matrix", key=key),
                )
        exclude_filters.append(_Filter(tuple(_leaves(dict(item)))))
    include_rules: list[tuple[_Filter, dict[str, Any], dict[str, Any]]] = []
    for item in includes:
        if not item:
            raise where.error(INCLUDE, _("Matrix include mapping does not contain any values"))
        filter_part = {key: value for key, value in item.items() if key in vectors}
        extra = {key: value for key, value in item.items() if key not in vectors}
        include_rules.append((_Filter(tuple(_leaves(filter_part))), filter_part, extra))
    entries = _build(vectors, exclude_filters, include_rules)
    if len(entries) > MAX_JOBS:
        raise where.error(None, _too_many(len(entries)))
    return entries


def _product(vectors: Mapping[str, list[Any]]) -> Iterator[dict[str, Any]]:
    if not vectors:
        return
    names = list(vectors)
    sizes = [len(vectors[name]) for name in names]
    total = 1
    for size in sizes:
        total *= size
    for index in range(total):
        combination: dict[str, Any] = {}
        block = total
        for name, size in zip(names, sizes, strict=True):
            block //= size
            combination[name] = vectors[name][(index // block) % size]
        yield combination


def _build(
    vectors: Mapping[str, list[Any]],
    excludes: Sequence[_Filter],
    includes: Sequence[tuple[_Filter, dict[str, Any], dict[str, Any]]],
) -> list[MatrixEntry]:
    entries: list[MatrixEntry] = []
    matched = [False] * len(includes)
    for combination in _product(vectors):
        if any(rule.matches(combination) for rule in excludes):
            continue
        segments = _segments(combination)
        values = dict(combination)
        for number, (rule, _filter, extra) in enumerate(includes):
            if rule.matches(combination):
                matched[number] = True
                values.update(extra)
        entries.append(MatrixEntry(values, segments))
    for number, (_rule, filter_part, extra) in enumerate(includes):
        if not matched[number]:
            values = {**filter_part, **extra}
            entries.append(MatrixEntry(values, _segments(values)))
    return entries


def parse_matrix_options(values: Sequence[str]) -> dict[str, str]:
    """``--matrix KEY=VALUE`` options (repeatable) as a mapping."""
    choice: dict[str, str] = {}
    for value in values:
        key, sep, wanted = value.partition("=")
        if not sep or not key:
            raise UsageError(_("--matrix {value}: expected KEY=VALUE", value=value))
        choice[key] = wanted
    return choice


def select_entries(entries: Sequence[MatrixEntry], wanted: Mapping[str, str]) -> list[MatrixEntry]:
    """The entries whose values equal every wanted ``KEY=VALUE`` they have.

    ``==`` of the expression language (so ``go=1.20`` finds the YAML number ``1.20``), or the same text.
    """

    def same(value: Any, wanted_text: str) -> bool:
        return values_equal(value, wanted_text) or as_text(value).lower() == wanted_text.lower()

    return [
        entry
        for entry in entries
        if all(same(entry.values[key], value) for key, value in wanted.items() if key in entry.values)
    ]
