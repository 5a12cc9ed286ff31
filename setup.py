"""Build step: compile the gettext catalogs (``.po`` → ``.mo``) into the package (SPEC §12).

The ``.po`` sources are what people edit and review, one file per area of the program
(``locale/zh_CN/checks.po``, ``setup.po``, …) so that work on different commands never edits the same
file; they are merged into one ``wslgo.mo`` per language. A msgid translated differently in two files is a
build error. The wheel ships the compiled ``.mo`` so nothing is compiled at run time; an editable install
compiles it next to the sources (ignored by git).
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

LOCALE = Path("src/wslgo/locale")


def merged_catalog(language_dir: Path) -> object:
    """One Babel catalog holding every message of ``language_dir/*.po``."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    merged = Catalog(locale=language_dir.name, domain="wslgo")
    origin: dict[object, tuple[Path, object]] = {}
    for po_path in sorted(language_dir.glob("*.po")):
        with open(po_path, "rb") as source:
            part = read_po(source, locale=language_dir.name)
        if merged.plural_forms != part.plural_forms:
            merged.plural_forms = part.plural_forms  # type: ignore[misc]
        for message in part:
            if not message.id or message.fuzzy or not message.string:
                continue
            seen = origin.get(message.id)
            if seen is not None and seen[1] != message.string:
                raise SystemExit(f"{po_path}: {message.id!r} is translated differently in {seen[0]}")
            origin[message.id] = (po_path, message.string)
            merged[message.id] = message
    return merged


def compile_catalogs(target_root: Path) -> list[str]:
    """Compile ``locale/<lang>/*.po`` into ``target_root/wslgo/locale/<lang>/LC_MESSAGES/wslgo.mo``."""
    from babel.messages.mofile import write_mo

    written = []
    for language_dir in sorted(path for path in LOCALE.iterdir() if path.is_dir()):
        catalog = merged_catalog(language_dir)
        mo_path = target_root / "wslgo" / "locale" / language_dir.name / "LC_MESSAGES" / "wslgo.mo"
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with open(mo_path, "wb") as target:
            write_mo(target, catalog, use_fuzzy=False)  # type: ignore[arg-type]
        written.append(str(mo_path))
    return written


class BuildWithCatalogs(build_py):
    """``build_py`` that also writes the compiled catalogs."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            compile_catalogs(Path("src"))
        else:
            compile_catalogs(Path(self.build_lib))


setup(cmdclass={"build_py": BuildWithCatalogs})
