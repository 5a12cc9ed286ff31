"""A directory bundle whose file is swapped for a symlink while it is read never yields the link's target.

The check (is it a regular file?) and the read must concern the same file: another process renames a
symlink to a secret over a bundle file and a regular file back, as fast as it can, while doctor's bundle
reader reads the bundle again and again. Each read either refuses the link or returns the bundle's own
bytes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import make_evidence
from wslgo.errors import InputError
from wslgo.evidence.bundle import read_bundle, write_bundle

pytestmark = pytest.mark.integration

SWAPPER = """
import os, sys
target, secret = sys.argv[1], sys.argv[2]
link, plain = target + ".link", target + ".plain"
while True:
    os.symlink(secret, link)
    os.rename(link, target)
    with open(plain, "wb") as handle:
        handle.write(b"bundle bytes\\n")
    os.rename(plain, target)
"""


def test_swapped_in_symlink_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_bytes(b"SECRET outside the bundle\n")
    bundle = write_bundle(make_evidence(files={"/etc/hosts": "bundle bytes\n"}), tmp_path / "bundle")
    target = bundle / "files" / "etc" / "hosts"
    swapper = subprocess.Popen([sys.executable, "-c", SWAPPER, str(target), str(secret)])
    read = refused = 0
    try:
        for _ in range(3000):
            try:
                evidence = read_bundle(bundle)
            except InputError as exc:
                assert "symbolic link" in str(exc) or "no such file" in str(exc).lower(), exc
                refused += 1
                continue
            read += 1
            assert evidence.files.get("/etc/hosts", b"bundle bytes\n") == b"bundle bytes\n"
    finally:
        swapper.kill()
        swapper.wait()
    assert read and refused  # both sides of the race were seen
