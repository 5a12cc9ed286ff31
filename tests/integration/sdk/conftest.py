"""SDK-test helpers; the archives and the mirror fixtures are shared (tests/integration/conftest.py)."""

from __future__ import annotations

import tarfile
from pathlib import Path


def make_tar_gz(path: Path, members: list[tuple[tarfile.TarInfo, bytes | None]]) -> Path:
    """A hand-built archive (for the malicious cases)."""
    import io

    with tarfile.open(path, "w:gz") as tar:
        for info, data in members:
            if data is not None:
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
            else:
                tar.addfile(info)
    return path
