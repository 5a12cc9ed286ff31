"""Redaction and anonymisation of evidence (SPEC §2), and of every message doctor prints.

Bundles and reports get pasted into public issues, so secrets must not survive a capture: values of
environment variables with secret-looking names, userinfo in URLs, ``Authorization`` headers and
``.netrc`` contents are replaced by ``***`` in env values, file contents and command outputs alike
(``go env -json`` repeats ``GOPROXY``). ``redact_text`` is idempotent and cheap because doctor's
reporters run it over every message, live or replayed, which keeps both reports identical.

The user name and home path are kept by default (checks need them); ``anonymize_evidence`` replaces
them consistently everywhere, including the Windows profile, for people who do not want them public.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping

from wslgo.evidence.model import CommandResult, Evidence, HostMeta, PathInfo

MASK = "***"

#: Secret-looking variable names: ``*TOKEN*|*SECRET*|*PASSWORD*|*KEY*|*CREDENTIAL*|*_AUTH*``, or exactly
#: ``GOAUTH`` / ``NETRC`` (SPEC §2). Matched case-insensitively: shells keep ``github_token`` too.
_SENSITIVE_PART = re.compile(r"TOKEN|SECRET|PASSWORD|PASSWD|KEY|CREDENTIAL|_AUTH", re.IGNORECASE)
_SENSITIVE_EXACT = frozenset({"GOAUTH", "NETRC"})

#: Values shorter than this are not hunted for in free text: "on" or "1" would mask half a report.
MIN_SECRET_LENGTH = 6

_URL_USERINFO = re.compile(r"(?P<scheme>\b[A-Za-z][A-Za-z0-9+.-]*://)(?P<userinfo>[^\s/@'\"<>]+)@")
_AUTH_HEADER = re.compile(
    r"(?P<name>\b(?:proxy-)?authorization\s*:\s*)(?P<value>[^\r\n\"']+)",
    re.IGNORECASE,
)
#: ``NAME=value`` (shell, ini, git config) and ``"NAME": "value"`` (JSON) where NAME looks secret.
_ASSIGNMENT = re.compile(
    r"(?P<name>\b[A-Za-z_][A-Za-z0-9_]*)(?P<sep>[ \t]*=[ \t]*)"
    r"(?:\"(?P<dq>[^\"\n]*)\"|'(?P<sq>[^'\n]*)'|(?P<bare>[^\s'\"]+))"
)
_JSON_PAIR = re.compile(
    r"\"(?P<name>[A-Za-z_][A-Za-z0-9_]*)\"(?P<sep>\s*:\s*)\"(?P<value>(?:[^\"\\]|\\.)*)\""
)

NETRC_PLACEHOLDER = b"*** .netrc contents removed by wslgo capture ***\n"


def is_sensitive_name(name: str) -> bool:
    """Does an environment variable with this name hold a secret (SPEC §2 list)?"""
    return name.upper() in _SENSITIVE_EXACT or bool(_SENSITIVE_PART.search(name))


def sensitive_values(env: Mapping[str, str]) -> tuple[str, ...]:
    """Secret values worth hunting for in free text, longest first (so overlaps mask fully).

    ``GOAUTH``/``NETRC`` are masked as variables but not hunted for: their values are keywords and
    paths (``netrc``, ``~/.netrc``), not secret material, and masking them everywhere would mangle
    unrelated text.
    """
    values = {
        value
        for name, value in env.items()
        if is_sensitive_name(name)
        and name.upper() not in _SENSITIVE_EXACT
        and len(value) >= MIN_SECRET_LENGTH
        and value.strip("*")
    }
    return tuple(sorted(values, key=lambda value: (-len(value), value)))


def _mask_assignment(match: re.Match[str]) -> str:
    if not is_sensitive_name(match["name"]):
        return match[0]
    quote = '"' if match["dq"] is not None else "'" if match["sq"] is not None else ""
    return f"{match['name']}{match['sep']}{quote}{MASK}{quote}"


def _mask_json_pair(match: re.Match[str]) -> str:
    if not is_sensitive_name(match["name"]):
        return match[0]
    return f'"{match["name"]}"{match["sep"]}"{MASK}"'


def redact_text(text: str, secrets: Iterable[str] = ()) -> str:
    """Mask URL userinfo, ``Authorization`` values, secret-named assignments and the given secrets.

    Idempotent: ``redact_text(redact_text(t)) == redact_text(t)``.
    """
    for secret in secrets:
        if secret and secret in text:
            text = text.replace(secret, MASK)
    if "://" in text:
        text = _URL_USERINFO.sub(lambda m: f"{m['scheme']}{MASK}@", text)
    if "uthorization" in text or "UTHORIZATION" in text:
        text = _AUTH_HEADER.sub(lambda m: f"{m['name']}{MASK}", text)
    if "=" in text:
        text = _ASSIGNMENT.sub(_mask_assignment, text)
    if '":' in text or '" :' in text:
        text = _JSON_PAIR.sub(_mask_json_pair, text)
    return text


def _redact_bytes(data: bytes, secrets: tuple[str, ...]) -> bytes:
    """Redact file bytes without disturbing bytes that are not UTF-8 (they round-trip unchanged)."""
    text = data.decode("utf-8", errors="surrogateescape")
    redacted = redact_text(text, secrets)
    return data if redacted == text else redacted.encode("utf-8", errors="surrogateescape")


def _is_netrc(path: str, env: Mapping[str, str]) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name in (".netrc", "_netrc") or (bool(env.get("NETRC")) and path == env.get("NETRC"))


def redact_evidence(evidence: Evidence) -> Evidence:
    """A copy of ``evidence`` safe to publish (SPEC §2 redaction list); ``meta.redacted`` set."""
    env = dict(evidence.env)
    secrets = sensitive_values(env)
    redacted_env = {
        name: MASK if is_sensitive_name(name) else redact_text(value, secrets) for name, value in env.items()
    }
    files = {
        path: NETRC_PLACEHOLDER if _is_netrc(path, env) else _redact_bytes(data, secrets)
        for path, data in evidence.files.items()
    }
    commands = tuple(
        dataclasses.replace(
            command,
            argv=tuple(redact_text(arg, secrets) for arg in command.argv),
            stdout=redact_text(command.stdout, secrets),
            stderr=redact_text(command.stderr, secrets),
        )
        for command in evidence.commands
    )
    return dataclasses.replace(
        evidence,
        env=redacted_env,
        files=files,
        commands=commands,
        meta=dataclasses.replace(evidence.meta, redacted=True),
    )


# -- anonymisation -------------------------------------------------------------------------------------

ANON_USER = "user"
ANON_HOME = "/home/user"
_WINDOWS_PROFILE = re.compile(r"^(?P<drive>[A-Za-z]):\\Users\\(?P<name>[^\\\r\n]+?)\s*$", re.MULTILINE)
#: Names too generic to hunt for as words (replacing "root" would rewrite /dev/root and rootfs).
_GENERIC_NAMES = frozenset({"root", "user", "admin", "users", "public", "default"})


def _windows_user(evidence: Evidence) -> str | None:
    result = evidence.command("cmd.exe", "/c", "echo %USERPROFILE%")
    if result is None or not result.ok:
        return None
    match = _WINDOWS_PROFILE.search(result.stdout)
    return match["name"] if match else None


def _anonymizer(evidence: Evidence) -> Callable[[str], str]:
    """One substitution covering the home path, the Linux user name and the Windows profile name."""
    replacements: dict[str, str] = {}
    home = (evidence.env.get("HOME") or "").rstrip("/")
    if home and home != ANON_HOME:
        replacements[r"(?<![A-Za-z0-9_.~-])" + re.escape(home) + r"(?![A-Za-z0-9_.-])"] = ANON_HOME
    names = {
        evidence.meta.host.user,
        evidence.env.get("USER"),
        evidence.env.get("LOGNAME"),
        _windows_user(evidence),
    }
    if home.startswith("/home/"):
        names.add(home.rsplit("/", 1)[-1])
    for name in sorted({n for n in names if n}, key=lambda n: (-len(n), n)):
        if len(name) < 2 or name.lower() in _GENERIC_NAMES or name == ANON_USER:
            continue
        replacements[r"(?<![A-Za-z0-9_-])" + re.escape(name) + r"(?![A-Za-z0-9_-])"] = ANON_USER
    if not replacements:
        return lambda text: text
    keys = list(replacements)
    pattern = re.compile("|".join(f"({key})" for key in keys))
    values = [replacements[key] for key in keys]

    def substitute(text: str) -> str:
        return pattern.sub(lambda match: values[(match.lastindex or 1) - 1], text)

    return substitute


def anonymize_evidence(evidence: Evidence) -> Evidence:
    """Replace the user name and home path by ``user`` and ``/home/user`` everywhere, consistently."""
    anon = _anonymizer(evidence)

    def anon_bytes(data: bytes) -> bytes:
        text = data.decode("utf-8", errors="surrogateescape")
        changed = anon(text)
        return data if changed == text else changed.encode("utf-8", errors="surrogateescape")

    def anon_info(info: PathInfo) -> PathInfo:
        return info if info.target is None else dataclasses.replace(info, target=anon(info.target))

    def anon_command(command: CommandResult) -> CommandResult:
        return dataclasses.replace(
            command,
            argv=tuple(anon(arg) for arg in command.argv),
            stdout=anon(command.stdout),
            stderr=anon(command.stderr),
            cwd=anon(command.cwd) if command.cwd is not None else None,
        )

    meta = evidence.meta
    host = meta.host
    new_host = HostMeta(
        arch=host.arch, uid=host.uid, gid=host.gid, user=ANON_USER if host.user else host.user
    )
    return dataclasses.replace(
        evidence,
        env={name: anon(value) for name, value in evidence.env.items()},
        files={anon(path): anon_bytes(data) for path, data in evidence.files.items()},
        paths={anon(path): anon_info(info) for path, info in evidence.paths.items()},
        commands=tuple(anon_command(command) for command in evidence.commands),
        meta=dataclasses.replace(
            meta,
            cwd=anon(meta.cwd) if meta.cwd is not None else None,
            host=new_host,
            anonymized=True,
        ),
    )


__all__ = [
    "MASK",
    "anonymize_evidence",
    "is_sensitive_name",
    "redact_evidence",
    "redact_text",
    "sensitive_values",
]
