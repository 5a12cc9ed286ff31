"""Bundles: evidence written to and read from a directory, ``.tar.gz``/``.tgz`` or ``.zip`` (SPEC §2).

A bundle is how a machine's state travels into an issue and back into ``doctor --from``; bundles come
from strangers, so reading one is defensive: members must stay inside the bundle (no absolute names, no
``..``, no links, no devices), sizes are capped before anything is decompressed, and every malformed
piece is reported as ONE ``InputError`` line naming the bundle, the member and what was expected.
Writing is deterministic (sorted members, fixed timestamps, no owner names) so that two captures of the
same evidence are byte-identical and fixtures diff cleanly.
"""

from __future__ import annotations

import errno
import io
import json
import os
import shutil
import stat
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from wslgo import safetree
from wslgo.errors import InputError, UsageError, WslgoError
from wslgo.evidence import inventory
from wslgo.evidence.model import (
    BUNDLE_FORMAT,
    BUNDLE_VERSION,
    CommandResult,
    Evidence,
    HostMeta,
    Meta,
    PathInfo,
)
from wslgo.i18n import _
from wslgo.jsontext import loads_json

META = "meta.json"
ENV = "env.json"
PATHS = "paths.json"
COMMANDS = "commands.json"
FILES_DIR = "files"

#: Largest JSON member accepted (a PATH of hundreds of dirs and long go env outputs fit easily).
MAX_JSON_BYTES = 64 * 1024 * 1024
#: Largest total of all members, and most members, a bundle may have (zip/tar bombs stop here).
MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_MEMBERS = 20_000

ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".zip")


# -- writing -----------------------------------------------------------------------------------------


def bundle_kind(dest: Path) -> str:
    """``"tar"``, ``"zip"`` or ``"dir"`` from the destination's name; anything else is a usage error."""
    name = dest.name.lower()
    if name.endswith((".tar.gz", ".tgz")):
        return "tar"
    if name.endswith(".zip"):
        return "zip"
    if dest.is_dir() or not dest.suffix:
        return "dir"
    raise UsageError(
        f"{dest}: unknown bundle suffix {dest.suffix!r} "
        "(expected .tar.gz, .tgz, .zip, or a directory name without a suffix)"
    )


def _json_bytes(data: Any) -> bytes:
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _member_name(path: str) -> str:
    parts = [part for part in path.split("/") if part]
    if not parts or any(part in (".", "..") for part in parts):
        raise InputError(
            f"evidence file path {path!r} cannot be stored (expected a normalised absolute path)"
        )
    return FILES_DIR + "/" + "/".join(parts)


def bundle_members(evidence: Evidence) -> list[tuple[str, bytes]]:
    """Every member of the bundle as ``(name, bytes)``, in the deterministic order they are written."""
    members = [
        (META, _json_bytes(evidence.meta.to_json())),
        (ENV, _json_bytes(dict(evidence.env))),
        (PATHS, _json_bytes({path: info.to_json() for path, info in evidence.paths.items()})),
        (COMMANDS, _json_bytes([command.to_json() for command in evidence.commands])),
    ]
    members += sorted((_member_name(path), data) for path, data in evidence.files.items())
    return members


def _timestamp(evidence: Evidence) -> float:
    try:
        return max(evidence.meta.now().timestamp(), 315532800.0)  # zip cannot go before 1980
    except ValueError:
        return 315532800.0


def write_bundle(evidence: Evidence, dest: Path, *, overwrite: bool = False) -> Path:
    """Write ``evidence`` to ``dest`` (kind chosen by suffix) and return ``dest``.

    Only ``dest`` itself is created: its parent directory must exist (a typo in a path must not grow a
    directory tree somewhere). An existing archive is replaced only with ``overwrite``, atomically (temp
    file and rename); without it the finished archive is linked into place, which fails rather than
    overwrite a file that appeared meanwhile. A directory bundle goes into a new or empty directory only,
    and a failed write removes what it created. Full disk and other environment failures are exit 1.
    """
    from wslgo.fsutil import create_exclusive, write_atomic

    dest = Path(dest)
    kind = bundle_kind(dest)
    members = bundle_members(evidence)
    parent = dest.absolute().parent
    if not parent.is_dir():
        raise UsageError(
            _(
                "{dest}: the directory {parent} does not exist (only the bundle itself is created)",
                dest=dest,
                parent=parent,
            )
        )
    try:
        if kind == "dir":
            _write_dir(members, dest)
            return dest
        buffer = io.BytesIO()
        if kind == "tar":
            _write_tar(members, buffer, _timestamp(evidence))
        else:
            _write_zip(members, buffer, _timestamp(evidence))
        if overwrite:
            write_atomic(dest, buffer.getvalue(), mode=0o644)
        else:
            create_exclusive(dest, buffer.getvalue(), mode=0o644)
    except FileExistsError:
        raise UsageError(_("{dest}: already exists (pass --force to replace it)", dest=dest)) from None
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise WslgoError(
                _("{dest}: cannot write the bundle: no space left on device", dest=dest)
            ) from None
        raise WslgoError(
            _("{dest}: cannot write the bundle: {error}", dest=dest, error=exc.strerror or exc)
        ) from None
    return dest


def _write_dir(members: list[tuple[str, bytes]], dest: Path) -> None:
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise UsageError(
            _("{dest}: already exists and is not an empty directory (expected a new bundle path)", dest=dest)
        )
    created = not dest.exists()
    try:
        dest.mkdir(exist_ok=True)
        for name, data in members:
            target = dest.joinpath(*name.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    except BaseException:
        if created:
            shutil.rmtree(dest, ignore_errors=True)
        else:
            for child in list(dest.iterdir()):
                if child.is_dir():
                    shutil.rmtree(child, ignore_errors=True)
                else:
                    child.unlink(missing_ok=True)
        raise


def _write_tar(members: list[tuple[str, bytes]], out: Any, mtime: float) -> None:
    import gzip
    import tarfile

    with (
        gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0) as gz,
        tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar,
    ):
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = int(mtime)
            info.mode = 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(data))


def _write_zip(members: list[tuple[str, bytes]], out: Any, mtime: float) -> None:
    import zipfile

    date_time = datetime.fromtimestamp(mtime, UTC).timetuple()[:6]
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, data)


# -- reading -----------------------------------------------------------------------------------------


class _Members:
    """The regular-file members of a bundle, by normalised name, read safely and size-capped."""

    def __init__(self, src: Path) -> None:
        self.src = src
        self.data: dict[str, bytes] = {}
        self.total = 0

    def fail(self, member: str | None, expected: str) -> InputError:
        where = f"bundle {self.src}" + (f": {member}" if member else "")
        return InputError(f"{where}: {expected}")

    def add(self, raw_name: str, size: int, read: Any) -> None:
        name = self.normalise(raw_name)
        if name is None:
            return
        limit = MAX_JSON_BYTES if name.endswith(".json") and "/" not in name else inventory.MAX_FILE_BYTES
        if size > limit:
            raise self.fail(raw_name, f"member is {size} bytes (expected at most {limit})")
        if len(self.data) >= MAX_MEMBERS:
            raise self.fail(None, f"more than {MAX_MEMBERS} members (expected a wslgo bundle)")
        data = read(limit + 1)
        if len(data) > limit:
            raise self.fail(raw_name, f"member is larger than {limit} bytes")
        self.total += len(data)
        if self.total > MAX_TOTAL_BYTES:
            raise self.fail(None, f"more than {MAX_TOTAL_BYTES} bytes in total (expected a wslgo bundle)")
        self.data[name] = data

    def normalise(self, raw_name: str) -> str | None:
        """The member name relative to the bundle root; ``None`` for directory entries."""
        name = raw_name.replace("\\", "/")
        if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
            raise self.fail(raw_name, "absolute member name (expected names relative to the bundle)")
        parts = [part for part in name.split("/") if part not in ("", ".")]
        if ".." in parts:
            raise self.fail(raw_name, "member name escapes the bundle with '..'")
        if not parts:
            return None
        return "/".join(parts)

    def strip_single_root(self) -> None:
        """Accept ``tar czf b.tgz mybundle/`` too: one top directory holding ``meta.json``."""
        if META in self.data or not self.data:
            return
        roots = {name.split("/", 1)[0] for name in self.data}
        if len(roots) == 1:
            root = roots.pop() + "/"
            if root + META in self.data:
                self.data = {name.removeprefix(root): data for name, data in self.data.items()}


def _read_directory(members: _Members) -> None:
    """Regular files only, opened without following any link (see ``wslgo.safetree``)."""
    root = members.src
    for entry in safetree.walk(root):
        try:
            if entry.kind != "file":
                raise safetree.NotRegularFile(entry.relative, entry.kind)
            with safetree.open_regular(root, entry.relative) as handle:
                members.add(entry.relative, os.fstat(handle.fileno()).st_size, handle.read)
        except safetree.NotRegularFile as exc:
            if exc.kind == "symlink":
                raise members.fail(
                    exc.relative, "symbolic link (expected only regular files and directories)"
                ) from None
            if exc.kind == "unreadable":
                raise members.fail(exc.relative, "permission denied") from None
            raise members.fail(
                exc.relative, "special file (expected only regular files and directories)"
            ) from None


def _read_tar(members: _Members) -> None:
    import tarfile

    try:
        with tarfile.open(members.src, mode="r:*") as archive:
            for info in archive:
                if info.isdir():
                    members.normalise(info.name)
                    continue
                if not info.isfile():
                    raise members.fail(
                        info.name, "link or special file (expected only regular files and directories)"
                    )
                extracted = archive.extractfile(info)
                if extracted is None:
                    raise members.fail(info.name, "unreadable member")
                members.add(info.name, info.size, extracted.read)
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise members.fail(None, f"damaged .tar.gz archive ({exc})") from exc


def _read_zip(members: _Members) -> None:
    import zipfile

    try:
        with zipfile.ZipFile(members.src) as archive:
            for info in archive.infolist():
                mode = info.external_attr >> 16
                if info.is_dir():
                    members.normalise(info.filename)
                    continue
                if stat.S_IFMT(mode) not in (0, stat.S_IFREG):  # 0: made by tools that set no type
                    raise members.fail(
                        info.filename, "link or special file (expected only regular files and directories)"
                    )
                with archive.open(info) as handle:
                    members.add(info.filename, info.file_size, handle.read)
    # RuntimeError covers zipfile's "compression method not supported" (a subclass of it).
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, RuntimeError) as exc:
        raise members.fail(None, f"damaged .zip archive ({exc})") from exc


def _load_members(src: Path) -> _Members:
    members = _Members(src)
    if not src.exists():
        raise members.fail(None, "no such file or directory (expected a bundle directory, .tar.gz or .zip)")
    try:
        if src.is_dir():
            _read_directory(members)
        else:
            import tarfile
            import zipfile

            if zipfile.is_zipfile(src):
                _read_zip(members)
            elif _looks_like_tar(src, tarfile):
                _read_tar(members)
            else:
                raise members.fail(None, "not a bundle (expected a directory, a .tar.gz/.tgz or a .zip)")
    except PermissionError as exc:
        raise members.fail(None, f"permission denied ({exc.filename or src})") from exc
    except InputError:
        raise
    except OSError as exc:
        raise members.fail(None, f"cannot be read ({exc.strerror or exc})") from exc
    members.strip_single_root()
    return members


def _looks_like_tar(src: Path, tarfile: Any) -> bool:
    try:
        return bool(tarfile.is_tarfile(src))
    except (OSError, EOFError):
        return False


def _parse_json(members: _Members, name: str, expected: type, required: bool) -> Any:
    raw = members.data.get(name)
    if raw is None:
        if required:
            raise members.fail(name, "missing (expected a wslgo bundle with meta.json at its root)")
        return expected()
    try:
        parsed = loads_json(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise members.fail(name, f"not UTF-8 at byte {exc.start} (expected UTF-8 JSON)") from exc
    except json.JSONDecodeError as exc:
        raise members.fail(name, f"line {exc.lineno}: invalid JSON: {exc.msg}") from exc
    if not isinstance(parsed, expected):
        found = type(parsed).__name__
        raise members.fail(name, f"top level is a JSON {found} (expected a JSON {_json_type(expected)})")
    return parsed


def _json_type(expected: type) -> str:
    return {dict: "object", list: "array", str: "string", int: "integer", bool: "boolean"}.get(
        expected, expected.__name__
    )


def _field(
    members: _Members,
    member: str,
    where: str,
    data: Mapping[str, Any],
    key: str,
    kinds: tuple[type, ...],
    required: bool = False,
) -> Any:
    """``data[key]`` checked against JSON types (``bool`` is never accepted as an integer)."""
    if key not in data or data[key] is None:
        if required:
            raise members.fail(member, f"{where}missing {key!r}")
        return None
    value = data[key]
    ok = isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds)
    if not ok:
        names = " or ".join(_json_type(k) if k is not float else "number" for k in kinds)
        raise members.fail(member, f"{where}{key!r} is {json.dumps(value)[:60]} (expected a {names})")
    return value


def _parse_meta(members: _Members) -> Meta:
    data = _parse_json(members, META, dict, required=True)
    if data.get("format") != BUNDLE_FORMAT:
        raise members.fail(META, f"format is {json.dumps(data.get('format'))} (expected {BUNDLE_FORMAT!r})")
    version = data.get("version")
    if version != BUNDLE_VERSION or isinstance(version, bool):
        raise members.fail(META, f"version is {json.dumps(version)} (expected {BUNDLE_VERSION})")
    created = _field(members, META, "", data, "created", (str,), required=True)
    try:
        datetime.fromisoformat(created.replace("Z", "+00:00"))
    except ValueError as exc:
        raise members.fail(META, f"'created' is {created!r} (expected an ISO-8601 timestamp)") from exc
    host_data = _field(members, META, "", data, "host", (dict,)) or {}
    host = HostMeta(
        arch=_field(members, META, "host: ", host_data, "arch", (str,)) or "amd64",
        uid=_field(members, META, "host: ", host_data, "uid", (int,)),
        gid=_field(members, META, "host: ", host_data, "gid", (int,)),
        user=_field(members, META, "host: ", host_data, "user", (str,)),
    )
    redacted = _field(members, META, "", data, "redacted", (bool,))
    return Meta(
        created=created,
        wslgo_version=_field(members, META, "", data, "wslgo_version", (str,)) or "unknown",
        redacted=True if redacted is None else redacted,
        cwd=_field(members, META, "", data, "cwd", (str,)),
        host=host,
        anonymized=bool(_field(members, META, "", data, "anonymized", (bool,))),
        offline=bool(_field(members, META, "", data, "offline", (bool,))),
    )


def _parse_env(members: _Members) -> dict[str, str]:
    data = _parse_json(members, ENV, dict, required=False)
    for name, value in data.items():
        if not isinstance(value, str):
            raise members.fail(ENV, f"{name!r} is {json.dumps(value)[:60]} (expected a string value)")
    return dict(data)


_PATH_FIELDS: dict[str, tuple[type, ...]] = {
    "kind": (str,),
    "mode": (str,),
    "size": (int,),
    "uid": (int,),
    "gid": (int,),
    "writable": (bool,),
    "mtime": (str,),
    "target": (str,),
    "free_bytes": (int,),
    "error": (str,),
}


def _parse_paths(members: _Members) -> dict[str, PathInfo]:
    data = _parse_json(members, PATHS, dict, required=False)
    paths: dict[str, PathInfo] = {}
    for path, entry in data.items():
        where = f"{path!r}: "
        if not path.startswith("/"):
            raise members.fail(PATHS, f"key {path!r} (expected an absolute path)")
        if not isinstance(entry, dict):
            raise members.fail(PATHS, f"{where}{json.dumps(entry)[:60]} (expected an object with 'kind')")
        for key, kinds in _PATH_FIELDS.items():
            _field(members, PATHS, where, entry, key, kinds, required=key == "kind")
        mode = entry.get("mode")
        if mode is not None and not _is_octal_mode(mode):
            expected = "expected octal permission bits, e.g. '0755'"
            raise members.fail(PATHS, f"{where}'mode' is {mode!r} ({expected})")
        try:
            paths[path] = PathInfo.from_json(entry)
        except ValueError as exc:
            raise members.fail(PATHS, f"{where}{exc}") from exc
    return paths


def _is_octal_mode(mode: str) -> bool:
    return 0 < len(mode) <= 6 and all(char in "01234567" for char in mode)


_COMMAND_FIELDS: dict[str, tuple[type, ...]] = {
    "rc": (int,),
    "stdout": (str,),
    "stderr": (str,),
    "duration_s": (int, float),
    "error": (str,),
    "cwd": (str,),
}


def _parse_commands(members: _Members) -> list[CommandResult]:
    data = _parse_json(members, COMMANDS, list, required=False)
    commands: list[CommandResult] = []
    for index, entry in enumerate(data):
        where = f"entry {index}: "
        if not isinstance(entry, dict):
            raise members.fail(COMMANDS, f"{where}{json.dumps(entry)[:60]} (expected an object with 'argv')")
        for key, kinds in _COMMAND_FIELDS.items():
            _field(members, COMMANDS, where, entry, key, kinds)
        try:
            commands.append(CommandResult.from_json(entry))
        except ValueError as exc:
            raise members.fail(COMMANDS, f"{where}{exc}") from exc
    return commands


def _files(members: _Members) -> Iterator[tuple[str, bytes]]:
    prefix = FILES_DIR + "/"
    for name, data in members.data.items():
        if name.startswith(prefix):
            yield "/" + name[len(prefix) :], data


def read_bundle(src: Path) -> Evidence:
    """The ``Evidence`` stored in a bundle directory, ``.tar.gz``/``.tgz`` or ``.zip``.

    Raises ``InputError`` (one line: bundle, member, what was expected) for anything malformed.
    """
    members = _load_members(Path(src))
    meta = _parse_meta(members)
    return Evidence(
        meta=meta,
        env=_parse_env(members),
        files=dict(sorted(_files(members))),
        paths=_parse_paths(members),
        commands=tuple(_parse_commands(members)),
    )


def is_bundle_path(candidate: Path) -> bool:
    """Cheap test used by the CLI: does ``candidate`` look like a bundle (without parsing it)?"""
    if candidate.is_dir():
        return (candidate / META).is_file()
    return candidate.name.lower().endswith(ARCHIVE_SUFFIXES) and candidate.is_file()


__all__ = ["bundle_kind", "bundle_members", "is_bundle_path", "read_bundle", "write_bundle"]
