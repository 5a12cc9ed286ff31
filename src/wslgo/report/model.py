"""The report every renderer draws from: findings plus a summary of the machine (SPEC §3 JSON schema).

Built once from evidence and check results; messages and fixes are redacted here, at the edge, so every
format — and live versus replayed doctor — shows the same text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wslgo import __version__
from wslgo.checks.model import CheckResult, Finding, Status
from wslgo.i18n import N_, Translated, current_language, localized

if TYPE_CHECKING:
    from wslgo.evidence.model import Evidence

SCHEMA_VERSION = 1
STATUS_ORDER = (Status.OK, Status.INFO, Status.WARNING, Status.ERROR, Status.SKIPPED)
CATEGORY_ORDER = ("wsl", "go", "net", "tool", "gui", "gpu", "policy")
#: Category headings; translated where they are shown.
CATEGORY_TITLES = {
    "wsl": N_("WSL — the distro and its VM"),
    "go": N_("Go — toolchain and environment"),
    "net": N_("Network — reaching modules"),
    "tool": N_("Tools — editor, debugger, linters, git, containers"),
    "gui": N_("GUI — WSLg"),
    "gpu": N_("GPU — paravirtualisation"),
    "policy": N_("Policy — the team's wslgo.toml"),
}


@dataclass(frozen=True)
class Report:
    results: tuple[CheckResult, ...]
    environment: dict[str, Any] = field(default_factory=dict)
    wslgo_version: str = __version__

    @property
    def summary(self) -> dict[str, int]:
        counts = Counter(result.finding.status for result in self.results)
        return {status.value: counts.get(status, 0) for status in STATUS_ORDER}

    def at_or_above(self, threshold: Status | None) -> list[CheckResult]:
        """Findings that make doctor exit 1 under ``--fail-on threshold`` (``None`` = never)."""
        if threshold is None:
            return []
        return [
            r
            for r in self.results
            if r.finding.status is not Status.SKIPPED and r.finding.status.severity >= threshold.severity
        ]

    def fixes(self) -> list[str]:
        """Distinct fixes of warnings and errors (then infos), in report order."""
        ordered = sorted(
            (r for r in self.results if r.finding.fix and r.finding.status is not Status.OK),
            key=lambda r: -r.finding.status.severity,
        )
        return list(dict.fromkeys(r.finding.fix for r in ordered if r.finding.fix))


def build_report(
    evidence: Evidence,
    results: Iterable[CheckResult],
    redact: Callable[[str], str] | None = None,
    languages: Iterable[str] | None = None,
) -> Report:
    """Bind results to a machine summary, redacting every message and fix.

    Each message and fix is rendered in English and in ``languages`` (default: the UI language) and
    each rendering is redacted, so the report keeps a ``Translated`` text: renderers still show the UI
    language, machine formats still read the English value.
    """
    if redact is None:
        from wslgo.evidence.redact import redact_text, sensitive_values

        secrets = sensitive_values(evidence.env)

        def redact(text: str) -> str:
            return redact_text(text, secrets)

    wanted = [current_language()] if languages is None else list(languages)
    extra = [language for language in dict.fromkeys(wanted) if language != "en"]

    def render(text: str) -> Translated:
        texts = {"en": redact(str.__str__(text))}
        for language in extra:
            texts[language] = redact(localized(text, language))
        return Translated(texts)

    clean = tuple(
        CheckResult(
            r.check,
            Finding(
                r.finding.status,
                render(r.finding.message),
                render(r.finding.fix) if r.finding.fix else None,
                r.finding.fixable_by,
                r.finding.changes,
            ),
        )
        for r in results
    )
    from wslgo.report.environment import describe_environment

    return Report(results=clean, environment=describe_environment(evidence))
