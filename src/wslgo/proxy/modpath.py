"""Module paths and versions on the wire: case-encoding and request paths (all pure).

The GOPROXY protocol (go.dev/ref/mod#goproxy-protocol) escapes every upper-case letter as ``!`` plus
the lower-case letter, so that case-insensitive file systems (NTFS under /mnt/c) keep distinct modules
apart. The proxy stores objects under the escaped names, exactly like ``GOMODCACHE/cache/download``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

#: Characters the go command allows in module path elements (module.CheckPath, import-path rules).
_PATH_CHARS = re.compile(r"^[A-Za-z0-9._~+\-]+$")
_VERSION_CHARS = re.compile(r"^[A-Za-z0-9._~+\-]+$")
#: Canonical semantic versions (what immutable .info/.mod/.zip objects are stored under).
_CANONICAL = re.compile(
    r"^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+incompatible)?$"
)


class EscapeError(ValueError):
    """A module path or version that is not valid on the wire."""


def escape(text: str) -> str:
    """``!`` + lower case for every upper-case ASCII letter (module.EscapePath's encoding)."""
    if "!" in text:
        raise EscapeError(f"{text!r} contains '!', which no module path or version may contain")
    return re.sub(r"[A-Z]", lambda m: "!" + m.group(0).lower(), text)


def unescape(text: str) -> str:
    """Inverse of ``escape``; refuses upper case and a ``!`` not followed by a lower-case letter."""
    if re.search(r"[A-Z]", text):
        raise EscapeError(f"{text!r} has an upper-case letter (expected '!' + lower case)")
    if re.search(r"!(?![a-z])", text):
        raise EscapeError(f"{text!r} has a '!' not followed by a lower-case letter")
    return re.sub(r"!([a-z])", lambda m: m.group(1).upper(), text)


def check_module_path(path: str) -> None:
    """Reject paths that could escape the store or that the go command would never request."""
    if not path or path.startswith("/") or path.endswith("/"):
        raise EscapeError(f"invalid module path {path!r}: empty, or leading/trailing slash")
    elements = path.split("/")
    if "." not in elements[0]:
        raise EscapeError(f"invalid module path {path!r}: first element has no dot")
    for element in elements:
        if not element or not _PATH_CHARS.match(element):
            raise EscapeError(f"invalid module path {path!r}: bad element {element!r}")
        if element.startswith(".") or element.endswith("."):
            raise EscapeError(f"invalid module path {path!r}: element {element!r} starts or ends with a dot")


def check_version(version: str) -> None:
    """A version or query (``master``, a commit hash) safe as a file name: no '/', no leading dot."""
    if not _VERSION_CHARS.match(version) or version.startswith("."):
        raise EscapeError(f"invalid version {version!r}: expected v<semver> or a query without '/'")


def major_matches_path(module: str, version: str) -> bool:
    """module.Check's major-version rule: ``/vN`` paths need vN.x; others v0/v1 or ``+incompatible``."""
    major = version[1:].split(".", 1)[0]
    suffix = re.search(r"(?:/v|\.v)(\d+)(?:-unstable)?$", module)
    if module.startswith("gopkg.in/") and suffix:
        wanted = suffix.group(1)
        return major == wanted or (wanted == "1" and major == "0")
    slash = re.search(r"/v(\d+)$", module)
    if slash and slash.group(1) not in ("0", "1"):
        return major == slash.group(1)
    return major in ("0", "1") or version.endswith("+incompatible")


def is_canonical(version: str) -> bool:
    """True for canonical semver: only those name immutable objects (a branch name resolves anew)."""
    return _CANONICAL.match(version) is not None


class Kind(Enum):
    LIST = "list"
    INFO = "info"
    MOD = "mod"
    ZIP = "zip"
    LATEST = "latest"


@dataclass(frozen=True)
class ModuleRequest:
    """One GOPROXY request: module path (decoded), version (decoded; '' for list/@latest), kind."""

    module: str
    version: str
    kind: Kind

    @property
    def key(self) -> str:
        """Store key relative to ``cache/download``: the same name the go command's cache uses."""
        base = escape(self.module)
        if self.kind is Kind.LIST:
            return f"{base}/@v/list"
        if self.kind is Kind.LATEST:
            return f"{base}/@latest"
        return f"{base}/@v/{escape(self.version)}.{self.kind.value}"


def parse_request(path: str) -> ModuleRequest:
    """Decode ``<escaped module>/@v/<file>`` or ``<escaped module>/@latest`` (no leading slash)."""
    if path.endswith("/@latest"):
        module = unescape(path[: -len("/@latest")])
        check_module_path(module)
        return ModuleRequest(module, "", Kind.LATEST)
    head, sep, file = path.rpartition("/@v/")
    if not sep or not head:
        raise EscapeError(f"{path!r} is not <module>/@v/<file> or <module>/@latest")
    module = unescape(head)
    check_module_path(module)
    if file == "list":
        return ModuleRequest(module, "", Kind.LIST)
    stem, dot, ext = file.rpartition(".")
    if not dot or ext not in ("info", "mod", "zip"):
        raise EscapeError(f"{file!r} is not list, <version>.info, .mod or .zip")
    version = unescape(stem)
    check_version(version)
    return ModuleRequest(module, version, Kind(ext))
