"""A deterministic generator of a Go module that is worth building: real code, real imports, stdlib only.

The default ``bench build`` project must exist on every machine, need no network (stdlib only, so no
module downloads blur the numbers) and look like a real code base to the compiler and the build cache:
many packages, several files each, generics, methods, closures, and an import graph with depth, so that
the cache holds one entry per package and a warm build has real lookups to do. The same ``seed`` and sizes
always give byte-identical sources, so numbers from two machines are comparable.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass

MODULE_PATH = "example.com/wslgobench"
GO_DIRECTIVE = "1.21"


@dataclass(frozen=True)
class ModuleShape:
    """How big the generated module is: ``packages`` libraries of ``files_per_package`` files each."""

    packages: int = 40
    files_per_package: int = 5
    max_imports: int = 3
    seed: int = 1

    def __post_init__(self) -> None:
        if self.packages < 1 or self.files_per_package < 1 or self.max_imports < 0:
            raise ValueError(f"invalid module shape {self!r}: sizes must be positive")


def package_name(index: int) -> str:
    return f"p{index:03d}"


def generate_module(shape: ModuleShape) -> Mapping[str, str]:
    """All files of the module: relative path (``/``-separated) -> Go source text."""
    rng = random.Random(shape.seed)
    files: dict[str, str] = {"go.mod": f"module {MODULE_PATH}\n\ngo {GO_DIRECTIVE}\n"}
    for index in range(shape.packages):
        deps = _choose_deps(rng, index, shape.max_imports)
        name = package_name(index)
        for file_index in range(shape.files_per_package):
            files[f"{name}/f{file_index}.go"] = _library_file(rng, name, file_index, deps, shape)
    roots = list(range(max(0, shape.packages - 4), shape.packages))
    files["cmd/benchapp/main.go"] = _main_file(roots)
    return files


def _choose_deps(rng: random.Random, index: int, max_imports: int) -> tuple[int, ...]:
    """Earlier packages only, so the import graph is acyclic; nearer ones favoured to build depth."""
    if index == 0 or max_imports == 0:
        return ()
    count = min(index, rng.randint(1, max_imports))
    window = list(range(max(0, index - 8), index))
    picks = set(rng.sample(window, min(count, len(window))))
    return tuple(sorted(picks))


def _library_file(
    rng: random.Random, name: str, file_index: int, deps: tuple[int, ...], shape: ModuleShape
) -> str:
    k = file_index
    mult = rng.randint(3, 97)
    mask = rng.randint(1, 255)
    cases = rng.randint(4, 9)
    words = [f"{name}w{k}x{n}" for n in range(rng.randint(8, 16))]
    dep_imports = ""
    dep_calls = ""
    if k == 0 and deps:
        dep_imports = "\n" + "".join(f'\t"{MODULE_PATH}/{package_name(dep)}"\n' for dep in deps)
        dep_calls = "".join(f"\ttotal += {package_name(dep)}.Entry(n / 2)\n" for dep in deps)
    switch_arms = "".join(
        f"\t\tcase {case}:\n\t\t\ttotal += (i*{mult + case}) ^ {mask}\n" for case in range(cases)
    )
    table = "".join(f'\t"{word}": {rng.randint(1, 10_000)},\n' for word in words)
    entry = ""
    if k == 0:
        sums = "".join(f"\ttotal += Compute{j}(n)\n" for j in range(shape.files_per_package))
        entry = f"""
// Entry is the package's root: it pulls in every file and every imported package.
func Entry(n int) int {{
	if n <= 0 {{
		return 0
	}}
	total := 0
{sums}{dep_calls}	return total
}}
"""
    return f"""// This module exists to be compiled by "wslgo bench build"; it computes nothing useful.

package {name}

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
{dep_imports})

// Record{k} is a small value type with methods, as real code has many of.
type Record{k} struct {{
	ID    int
	Name  string
	Tags  []string
	Score float64
}}

// String formats the record.
func (r Record{k}) String() string {{
	return fmt.Sprintf("%d:%s:%v:%.2f", r.ID, r.Name, r.Tags, r.Score)
}}

// AddTag adds a normalised tag, keeping tags sorted.
func (r *Record{k}) AddTag(tag string) error {{
	if strings.TrimSpace(tag) == "" {{
		return errors.New("{name}: empty tag")
	}}
	r.Tags = append(r.Tags, strings.ToLower(tag))
	sort.Strings(r.Tags)
	return nil
}}

// Map{k} applies f to every element.
func Map{k}[T, U any](in []T, f func(T) U) []U {{
	out := make([]U, 0, len(in))
	for _, v := range in {{
		out = append(out, f(v))
	}}
	return out
}}

// Filter{k} keeps the elements for which keep is true.
func Filter{k}[T any](in []T, keep func(T) bool) []T {{
	var out []T
	for _, v := range in {{
		if keep(v) {{
			out = append(out, v)
		}}
	}}
	return out
}}

var weights{k} = map[string]int{{
{table}}}

// Compute{k} mixes arithmetic and branches.
func Compute{k}(n int) int {{
	total := 0
	for i := 0; i < n; i++ {{
		switch i % {cases} {{
{switch_arms}		}}
	}}
	keys := make([]string, 0, len(weights{k}))
	for key := range weights{k} {{
		keys = append(keys, key)
	}}
	sort.Strings(keys)
	for _, key := range keys {{
		total += weights{k}[key] % (n + 1)
	}}
	return total
}}

// Parse{k} reads space-separated integers.
func Parse{k}(s string) ([]int, error) {{
	fields := strings.Fields(s)
	values := make([]int, 0, len(fields))
	for _, field := range fields {{
		value, err := strconv.Atoi(field)
		if err != nil {{
			return nil, fmt.Errorf("{name}: parse %q: %w", field, err)
		}}
		values = append(values, value)
	}}
	return values, nil
}}

// Render{k} writes records to a buffer, one per line.
func Render{k}(records []Record{k}) string {{
	var buf bytes.Buffer
	names := Map{k}(records, func(r Record{k}) string {{ return r.Name }})
	for i, r := range Filter{k}(records, func(r Record{k}) bool {{ return r.Score >= 0 }}) {{
		buf.WriteString(strconv.Itoa(i))
		buf.WriteByte(' ')
		buf.WriteString(r.String())
		buf.WriteByte('\\n')
	}}
	buf.WriteString(strings.Join(names, ","))
	return buf.String()
}}
{entry}"""


def _main_file(roots: list[int]) -> str:
    imports = "".join(f'\t"{MODULE_PATH}/{package_name(root)}"\n' for root in roots)
    calls = "".join(f"\ttotal += {package_name(root)}.Entry(10)\n" for root in roots)
    return f"""// Command benchapp links every package of the module into one binary.
package main

import (
	"fmt"

{imports})

func main() {{
	total := 0
{calls}	fmt.Println(total)
}}
"""
