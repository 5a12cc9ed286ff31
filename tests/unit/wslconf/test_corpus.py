"""Every real file in the shared corpus: exact round trip, no crash, schema problems pinned in snapshots.

Regenerate the snapshots with ``WSLGO_UPDATE_SNAPSHOTS=1 pytest tests/unit/wslconf``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from wslgo.wslconf.reader import FileKind, read_wsl_config
from wslgo.wslconf.syntax import parse, render

SNAPSHOTS = Path(__file__).parent / "snapshots"
KINDS: dict[str, FileKind] = {"wslconfig": ".wslconfig", "wslconf": "wsl.conf"}


def _corpus_files(corpus: Path, folder: str) -> list[Path]:
    return sorted(p for p in (corpus / folder).iterdir() if p.suffix in (".wslconfig", ".conf"))


def _summary(data: bytes, kind: FileKind) -> dict[str, object]:
    reading = read_wsl_config(data, kind)
    return {
        "problems": [[p.line, p.kind, p.message] for p in reading.problems],
        "stopped_at": reading.stopped_at,
        "skipped": [[s.name, s.line] for s in reading.skipped],
        "settings": {key: s.value for key, s in sorted(reading.settings.items())},
    }


@pytest.mark.parametrize("folder", sorted(KINDS))
def test_corpus_round_trips_and_matches_snapshot(corpus: Path, folder: str) -> None:
    kind = KINDS[folder]
    files = _corpus_files(corpus, folder)
    assert len(files) >= 100
    actual: dict[str, object] = {}
    for path in files:
        data = path.read_bytes()
        assert render(parse(data, kind)) == data, path.name
        actual[path.name] = _summary(data, kind)
    snapshot = SNAPSHOTS / f"{folder}.json"
    if os.environ.get("WSLGO_UPDATE_SNAPSHOTS") == "1":
        snapshot.write_text(json.dumps(actual, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
    if not snapshot.exists():
        pytest.fail(f"missing {snapshot}: run with WSLGO_UPDATE_SNAPSHOTS=1")
    expected = json.loads(snapshot.read_text())
    assert actual == expected


def test_corpus_has_the_documented_edge_cases(corpus: Path) -> None:
    """Guard that the snapshot covers what the corpus README promises (BOM, CRLF, ``;`` lines)."""
    data = b"".join(p.read_bytes() for p in _corpus_files(corpus, "wslconfig"))
    assert b"\r\n" in data and b"\xef\xbb\xbf" in data
