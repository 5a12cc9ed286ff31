"""Build information of a Go binary, from ``go version -m <binary>`` output.

Tools such as gopls, dlv and golangci-lint embed the Go version they were built with and their own
module version. Doctor (TOOL001–TOOL003) and ``wslgo tools list`` read both from the same parser. The
format is cmd/go's ``version -m``: a header ``<path>: <go version>`` then tab-indented records
(``path``, ``mod``, ``dep``, ``=>`` replacements, ``build key=value``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wslgo.golang.version import GoVersion


@dataclass(frozen=True)
class ModuleRef:
    path: str
    version: str
    sum: str | None = None


@dataclass(frozen=True)
class BuildInfo:
    binary: str
    go_version_raw: str
    main_package: str | None = None
    main_module: ModuleRef | None = None
    deps: tuple[ModuleRef, ...] = ()
    settings: dict[str, str] = field(default_factory=dict)

    @property
    def go_version(self) -> GoVersion | None:
        """The toolchain that built the binary (``None`` for devel builds or an experiment suffix)."""
        raw = self.go_version_raw.split(" ")[0].split("-")[0]
        return GoVersion.parse(raw)

    @property
    def module_version(self) -> str | None:
        return self.main_module.version if self.main_module else None


def parse_buildinfo(text: str) -> BuildInfo | None:
    """Parse one binary's ``go version -m`` output; ``None`` when there is no Go build info header."""
    info: BuildInfo | None = None
    deps: list[ModuleRef] = []
    settings: dict[str, str] = {}
    main_package: str | None = None
    main_module: ModuleRef | None = None
    for raw in text.splitlines():
        if not raw.strip():
            continue
        if not raw.startswith("\t"):
            if info is not None:
                break  # a second binary's header: one binary per call
            binary, sep, version = raw.rpartition(": ")
            if not sep or not version.startswith(("go", "devel")):
                continue
            info = BuildInfo(binary=binary, go_version_raw=version.strip())
            continue
        if info is None:
            continue
        fields = raw.strip("\t").split("\t")
        record, rest = fields[0], fields[1:]
        if record == "path" and rest:
            main_package = rest[0]
        elif record == "mod" and len(rest) >= 2:
            main_module = ModuleRef(rest[0], rest[1], rest[2] if len(rest) > 2 and rest[2] else None)
        elif record == "dep" and len(rest) >= 2:
            deps.append(ModuleRef(rest[0], rest[1], rest[2] if len(rest) > 2 and rest[2] else None))
        elif record == "=>" and rest and deps:
            # A replacement applies to the dep line just above it.
            deps[-1] = ModuleRef(
                rest[0], rest[1] if len(rest) > 1 else "", rest[2] if len(rest) > 2 else None
            )
        elif record == "build" and rest:
            key, _, value = rest[0].partition("=")
            settings[key] = value
    if info is None:
        return None
    return BuildInfo(info.binary, info.go_version_raw, main_package, main_module, tuple(deps), settings)
