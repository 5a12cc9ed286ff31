"""Parse ``go version -m FILE``: which Go built a binary, and from which module version.

The go command embeds build information in every binary it links (``runtime/debug.BuildInfo``);
``go version -m`` prints it as tab-separated lines::

    /home/al/go/bin/gopls: go1.24.2
    \tpath\tgolang.org/x/tools/gopls
    \tmod\tgolang.org/x/tools/gopls\tv0.18.1\th1:…
    \tdep\tgolang.org/x/mod\tv0.23.0\th1:…
    \t=>\t../mod\t(devel)
    \tbuild\tCGO_ENABLED=1

This is the installed version wslgo reports, never a guess from the file name.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ModuleVersion:
    path: str
    version: str
    sum: str = ""
    #: ``=>`` replacement (path, version) when the module was replaced.
    replaced_by: tuple[str, str] | None = None


@dataclass(frozen=True)
class BuildInfo:
    file: str
    go_version: str
    #: The main package path (``path`` line).
    package: str = ""
    main: ModuleVersion | None = None
    deps: tuple[ModuleVersion, ...] = ()
    settings: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def setting(self, key: str) -> str | None:
        for name, value in self.settings:
            if name == key:
                return value
        return None

    @property
    def version(self) -> str:
        """The main module's version (``(devel)`` for a binary built inside its own checkout)."""
        return self.main.version if self.main else ""


def parse_buildinfo(text: str) -> list[BuildInfo]:
    """Every binary described in ``go version -m`` output (one per ``FILE: goX`` header).

    Lines that do not fit the format are ignored; a file that is not a Go binary simply does not appear
    (``go version -m`` prints an error for it on stderr instead).
    """
    results: list[BuildInfo] = []
    current: dict[str, object] | None = None
    deps: list[ModuleVersion] = []
    settings: list[tuple[str, str]] = []

    def flush() -> None:
        if current is not None:
            results.append(
                BuildInfo(
                    file=str(current["file"]),
                    go_version=str(current["go"]),
                    package=str(current.get("package", "")),
                    main=current.get("main"),  # type: ignore[arg-type]
                    deps=tuple(deps),
                    settings=tuple(settings),
                )
            )

    last: str | None = None  # "main" or "dep": what a following "=>" line replaces
    for line in text.splitlines():
        if not line.strip():
            continue
        if not line.startswith("\t"):
            file, sep, go = line.rpartition(": ")
            if sep and go.strip().startswith(("go", "devel")):
                flush()
                current, deps, settings, last = {"file": file, "go": go.strip()}, [], [], None
            continue
        if current is None:
            continue
        fields = line.strip("\t\r").split("\t")
        kind = fields[0]
        if kind == "path" and len(fields) >= 2:
            current["package"] = fields[1]
        elif kind in ("mod", "dep") and len(fields) >= 3:
            module = ModuleVersion(fields[1], fields[2], fields[3] if len(fields) > 3 else "")
            if kind == "mod":
                current["main"] = module
                last = "main"
            else:
                deps.append(module)
                last = "dep"
        elif kind == "=>" and len(fields) >= 2:
            target = (fields[1], fields[2] if len(fields) > 2 else "")
            if last == "main" and isinstance(current.get("main"), ModuleVersion):
                main = current["main"]
                assert isinstance(main, ModuleVersion)
                current["main"] = ModuleVersion(main.path, main.version, main.sum, target)
            elif last == "dep" and deps:
                dep = deps[-1]
                deps[-1] = ModuleVersion(dep.path, dep.version, dep.sum, target)
        elif kind == "build" and len(fields) >= 2:
            key, _, value = fields[1].partition("=")
            settings.append((key, value))
    flush()
    return results
