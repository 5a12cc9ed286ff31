"""Module zip rules (golang.org/x/mod/zip) and the ``h1:`` hash (golang.org/x/mod/sumdb/dirhash).

A zip is checked in one streaming pass before it may enter the store: every entry's CRC is verified
while its SHA-256 is computed, so a truncated or corrupted download can never be cached, and the h1
hash needed for the sumdb comparison comes for free.
"""

from __future__ import annotations

import base64
import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

#: Limits from golang.org/x/mod/zip (MaxZipFile, MaxGoMod, MaxLICENSE).
MAX_ZIP_BYTES = 500 << 20
MAX_GO_MOD_BYTES = 16 << 20
MAX_LICENSE_BYTES = 16 << 20
_CHUNK = 1 << 20


class ZipError(ValueError):
    """A zip that breaks the module zip rules; the message names the entry and the rule."""


@dataclass(frozen=True)
class ZipCheck:
    """What the check learned: the dirhash of the zip and its file count."""

    h1: str
    files: int
    uncompressed_bytes: int


def hash1(lines_source: list[tuple[str, str]]) -> str:
    """dirhash.Hash1 from (file name, sha256 hex) pairs: sha256 over sorted ``hex  name\\n`` lines."""
    summary = hashlib.sha256()
    for name, digest in sorted(lines_source):
        if "\n" in name:
            raise ZipError(f"file name {name!r} contains a newline")
        summary.update(f"{digest}  {name}\n".encode())
    return "h1:" + base64.b64encode(summary.digest()).decode()


def hash_go_mod(mod: bytes) -> str:
    """The ``/go.mod h1:`` line's hash: Hash1 over one file named ``go.mod``."""
    return hash1([("go.mod", hashlib.sha256(mod).hexdigest())])


def check_zip(source: Path | BinaryIO, module: str, version: str, mod: bytes | None) -> ZipCheck:
    """Validate a module zip and return its h1 hash; raise ``ZipError`` naming the broken rule."""
    if isinstance(source, Path):
        size = source.stat().st_size
        if size > MAX_ZIP_BYTES:
            raise ZipError(f"zip is {size} bytes, more than the {MAX_ZIP_BYTES} limit")
    prefix = f"{module}@{version}/"
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ZipError(f"not a readable zip: {exc}") from exc
    with archive:
        seen_names: set[str] = set()
        _check_case_collisions([e.filename[len(prefix) :] for e in archive.infolist() if not e.is_dir()])
        digests: list[tuple[str, str]] = []
        total = 0
        for entry in archive.infolist():
            name = entry.filename
            if not name.startswith(prefix):
                raise ZipError(f"entry {name!r} is not under {prefix!r}")
            relative = name[len(prefix) :]
            if entry.is_dir():
                continue
            _check_file_path(name, relative)
            if name in seen_names:
                raise ZipError(f"entry {name!r} appears twice")
            seen_names.add(name)
            total += entry.file_size
            if total > MAX_ZIP_BYTES:
                raise ZipError(f"uncompressed size exceeds the {MAX_ZIP_BYTES} byte limit")
            if relative == "go.mod" and entry.file_size > MAX_GO_MOD_BYTES:
                raise ZipError(f"go.mod is {entry.file_size} bytes, more than {MAX_GO_MOD_BYTES}")
            if relative == "LICENSE" and entry.file_size > MAX_LICENSE_BYTES:
                raise ZipError(f"LICENSE is {entry.file_size} bytes, more than {MAX_LICENSE_BYTES}")
            digest = hashlib.sha256()
            content_for_mod = bytearray() if relative == "go.mod" else None
            try:
                with archive.open(entry) as stream:
                    while chunk := stream.read(_CHUNK):
                        digest.update(chunk)
                        if content_for_mod is not None:
                            content_for_mod += chunk
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
                raise ZipError(f"entry {name!r} is corrupt or truncated: {exc}") from exc
            if content_for_mod is not None and mod is not None and bytes(content_for_mod) != mod:
                raise ZipError(f"{name!r} differs from the {module}@{version} .mod file")
            digests.append((name, digest.hexdigest()))
    return ZipCheck(h1=hash1(digests), files=len(digests), uncompressed_bytes=total)


#: ASCII punctuation module.CheckFilePath allows in file names (everything else must be a letter/digit).
_FILE_PUNCT = set("!#$%&()+,-.=@[]^_{}~ ")
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10)}


def _check_file_path(name: str, relative: str) -> None:
    """module.CheckFilePath: the go command refuses to extract anything else, so we refuse to store it."""
    if not relative or relative.startswith("/"):
        raise ZipError(f"entry {name!r} has an invalid file path")
    for element in relative.split("/"):
        if element in ("", ".", ".."):
            raise ZipError(f"entry {name!r} has an empty, '.' or '..' path element")
        for char in element:
            if not (char.isascii() and (char.isalnum() or char in _FILE_PUNCT)) and not (
                not char.isascii() and char.isalpha()
            ):
                raise ZipError(f"entry {name!r}: invalid character {char!r} in file name")
        if element.split(".", 1)[0].upper() in _WINDOWS_RESERVED:
            raise ZipError(f"entry {name!r}: {element!r} is a reserved file name on Windows")


def _check_case_collisions(names: list[str]) -> None:
    """No two files, and no two directories, may differ only in case (x/y and x/Y collide on NTFS)."""
    seen: dict[str, str] = {}
    for name in names:
        parts = name.split("/")
        for depth in range(1, len(parts) + 1):
            prefix = "/".join(parts[:depth])
            folded = prefix.casefold()
            other = seen.setdefault(folded, prefix)
            if other != prefix:
                raise ZipError(f"entry {name!r}: {prefix!r} collides with {other!r} (case-insensitive)")


def check_mod(mod: bytes) -> None:
    """A ``.mod`` file must fit the limit and be UTF-8 text (the go command parses it as such)."""
    if len(mod) > MAX_GO_MOD_BYTES:
        raise ZipError(f".mod is {len(mod)} bytes, more than {MAX_GO_MOD_BYTES}")
    try:
        mod.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ZipError(f".mod is not UTF-8: {exc}") from exc
