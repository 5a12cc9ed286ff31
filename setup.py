"""Build step: compile the gettext catalogs (``.po`` → ``.mo``) into the package (SPEC §12).

The ``.po`` sources are what people edit and review; the wheel ships the compiled ``.mo`` so nothing is
compiled at run time. An editable install compiles them next to the sources (ignored by git).
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

LOCALE = Path("src/wslgo/locale")


def compile_catalogs(target_root: Path) -> list[str]:
    """Compile every ``locale/<lang>/LC_MESSAGES/*.po`` under ``target_root/wslgo/locale``."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        with open(po_path, "rb") as source:
            catalog = read_po(source, domain=po_path.stem)
        relative = po_path.relative_to(LOCALE).with_suffix(".mo")
        mo_path = target_root / "wslgo" / "locale" / relative
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with open(mo_path, "wb") as target:
            write_mo(target, catalog, use_fuzzy=False)
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
