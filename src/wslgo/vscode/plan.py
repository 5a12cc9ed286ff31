"""Plan the ``.vscode`` edits: merge wanted entries into the user's JSONC without overriding anything.

Pure: file contents in, ``Plan`` out. The merge itself is the shared lossless JSONC merger
(``wslgo.edit.jsonc``); this module decides *what* to merge so that a user's explicit value always wins:
only keys the user does not have are added, and launch configurations are added by name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wslgo.edit.jsonc import JsoncError, merge_jsonc, parse_jsonc
from wslgo.edit.plan import FileEdit, Plan
from wslgo.errors import InputError, WslgoError
from wslgo.vscode.schema import validate_configuration
from wslgo.vscode.templates import LAUNCH_VERSION, go_settings, launch_configurations

STEP = "vscode"


@dataclass(frozen=True)
class VscodeFiles:
    """The current bytes of the two files (``None``: absent)."""

    launch: bytes | None
    settings: bytes | None


def missing_only(existing: Any, wanted: Mapping[str, Any]) -> dict[str, Any]:
    """The part of ``wanted`` the user does not have yet (objects recursively; values never replaced)."""
    if not isinstance(existing, Mapping):
        return dict(wanted)
    patch: dict[str, Any] = {}
    for key, value in wanted.items():
        if key not in existing:
            patch[key] = value
        elif isinstance(value, Mapping) and isinstance(existing[key], Mapping):
            nested = missing_only(existing[key], value)
            if nested:
                patch[key] = nested
    return patch


def _decode(path: Path, data: bytes | None) -> tuple[str, Any]:
    if data is None:
        return "", None
    try:
        text = data.decode("utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start}); left untouched") from None
    try:
        return text, parse_jsonc(text)
    except JsoncError as exc:
        detail = str(exc).removeprefix(f"line {exc.line}:{exc.column}: ")
        raise InputError(
            f"{path}:{exc.line}:{exc.column}: invalid JSONC: {detail}; nothing written"
        ) from None


def _encode(original: bytes | None, text: str) -> bytes:
    data = text.encode("utf-8")
    return b"\xef\xbb\xbf" + data if original and original.startswith(b"\xef\xbb\xbf") else data


def plan_vscode(
    project: Path,
    files: VscodeFiles,
    *,
    main_packages: Sequence[str] = (),
    build_tags: Sequence[str] = (),
) -> Plan:
    """Edits of ``project/.vscode/{launch,settings}.json``; raises ``InputError`` for unusable files."""
    launch_path = project / ".vscode" / "launch.json"
    settings_path = project / ".vscode" / "settings.json"
    notes: list[str] = []

    configs = launch_configurations(main_packages)
    for config in configs:
        problems = validate_configuration(config)
        if problems:  # a template bug: never write an invalid configuration
            raise WslgoError(f"internal template error: {'; '.join(problems)}")

    launch_text, launch_value = _decode(launch_path, files.launch)
    if launch_value is not None and not isinstance(launch_value, dict):
        raise InputError(f"{launch_path}: top-level value must be an object; nothing written")
    existing_configs = (launch_value or {}).get("configurations", [])
    if not isinstance(existing_configs, list):
        raise InputError(f'{launch_path}: "configurations" must be an array; nothing written')
    for config in existing_configs:
        if isinstance(config, dict) and config.get("type") == "go":
            notes.extend(f"{launch_path}: {problem}" for problem in validate_configuration(config))
    existing_names = {c.get("name") for c in existing_configs if isinstance(c, dict)}
    new_configs = [c for c in configs if c["name"] not in existing_names]
    launch_patch: dict[str, Any] = missing_only(launch_value, {"version": LAUNCH_VERSION})
    if new_configs:
        launch_patch["configurations"] = new_configs
    edits: list[FileEdit] = []
    if launch_patch:
        after = merge_jsonc(launch_text, launch_patch)
        edits.append(
            FileEdit(
                str(launch_path),
                files.launch,
                _encode(files.launch, after),
                f"debug configurations: {', '.join(c['name'] for c in new_configs) or 'version'}",
                STEP,
            )
        )

    settings_text, settings_value = _decode(settings_path, files.settings)
    if settings_value is not None and not isinstance(settings_value, dict):
        raise InputError(f"{settings_path}: top-level value must be an object; nothing written")
    settings_patch = missing_only(settings_value, go_settings(build_tags))
    if settings_patch:
        after = merge_jsonc(settings_text, settings_patch)
        edits.append(
            FileEdit(
                str(settings_path),
                files.settings,
                _encode(files.settings, after),
                f"Go settings: {', '.join(settings_patch)}",
                STEP,
            )
        )
    if not edits:
        notes.append(f"{project / '.vscode'}: already has every configuration and setting wslgo adds")
    return Plan(tuple(edits), (), tuple(notes))
