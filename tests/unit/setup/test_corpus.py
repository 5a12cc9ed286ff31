"""Every real wsl.conf / .wslconfig in the shared corpus goes through its step: no crash, lossless, idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest

from wslgo.setup.api import plan_inputs
from wslgo.setup.model import HostFacts, SetupInputs, SetupOptions, Target
from wslgo.wslconf.syntax import parse, render

GIB = 1024**3


def _corpus_files(corpus: Path, folder: str) -> list[Path]:
    return sorted(p for p in (corpus / folder).iterdir() if p.suffix in (".conf", ".wslconfig"))


def _is_subsequence(small: list[bytes], big: list[bytes]) -> bool:
    iterator = iter(big)
    return all(any(item == other for other in iterator) for item in small)


@pytest.mark.parametrize(
    ("folder", "step", "kind"),
    [("wslconf", "wsl-conf", "wsl.conf"), ("wslconfig", "wslconfig", ".wslconfig")],
)
def test_corpus_through_the_step(corpus: Path, folder: str, step: str, kind: str) -> None:
    files = _corpus_files(corpus, folder)
    assert len(files) >= 100
    target = Target(
        root="/r", home="/r/home/al", windows_home="/w", wsl_conf="/r/etc/wsl.conf", goenv="/r/env"
    )
    path = target.wsl_conf if step == "wsl-conf" else "/w/.wslconfig"
    changed = 0
    for sample in files:
        data = sample.read_bytes()
        assert render(parse(data, kind)) == data, sample.name  # type: ignore[arg-type]
        inputs = SetupInputs(target=target, files={path: data}, host=HostFacts(32 * GIB, 16, "test"))
        plan = plan_inputs(inputs, [step], SetupOptions())
        if plan.refusals:
            assert not plan.edits, sample.name
            continue
        if not plan.edits:
            continue
        changed += 1
        after = plan.edits[0].after
        # Lossless: every original line survives, in order (edits insert lines or rewrite a value in place).
        original_lines = data.splitlines(keepends=True)
        kept = _is_subsequence(original_lines, after.splitlines(keepends=True))
        rewritten = sum(1 for line in original_lines if line not in after.splitlines(keepends=True))
        assert kept or rewritten <= 4, sample.name
        if b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b""):
            assert b"\n" not in after.replace(b"\r\n", b""), f"{sample.name}: CRLF not kept"
        if data.startswith(b"\xef\xbb\xbf"):
            assert after.startswith(b"\xef\xbb\xbf"), sample.name
        again = plan_inputs(inputs.with_file(path, after), [step], SetupOptions())
        assert again.is_empty, sample.name
    assert changed > 50
