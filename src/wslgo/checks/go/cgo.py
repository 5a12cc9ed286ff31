"""GO040: a C compiler for cgo (and `go test -race`)."""

from __future__ import annotations

from wslgo.checks.go.common import need_go_env
from wslgo.checks.model import Finding, info, ok, skipped, warning
from wslgo.checks.registry import check
from wslgo.evidence.model import Evidence
from wslgo.facts.go import setting
from wslgo.i18n import N_, M


@check("GO040", N_("C compiler for cgo"))
def cgo_compiler(evidence: Evidence) -> list[Finding]:
    values = need_go_env(evidence)
    if isinstance(values, Finding):
        return [values]
    item = setting(evidence, "CGO_ENABLED", values)
    cc = (values.get("CC") or "gcc").split()[0]
    if cc.startswith("/"):
        seen = evidence.path(cc)
        compiler = cc if seen is not None and seen.exists else None
        known = seen is not None
    else:
        compiler = evidence.which(cc)
        known = cc in ("gcc", "cc", "clang") or compiler is not None
    effective = values.get("CGO_ENABLED", "")
    if item.user_set and item.value == "1":
        if not known:
            return [skipped(M("Skipped: whether the C compiler {cc} is on PATH was not recorded.", cc=cc))]
        if compiler is None:
            return [
                warning(
                    M(
                        "CGO_ENABLED=1 ({source}) but the C compiler {cc} (CC in `go env -json`) is not on "
                        "PATH: any package using cgo (net, os/user with some tags, sqlite drivers, -race) "
                        "fails to build.",
                        source=item.source,
                        cc=cc,
                    ),
                    fix="sudo apt-get install -y gcc",
                )
            ]
        return [
            ok(
                M(
                    "CGO_ENABLED=1 ({source}) and the C compiler is {compiler}.",
                    source=item.source,
                    compiler=compiler,
                )
            )
        ]
    if effective == "0" and not item.user_set:
        return [
            info(
                M(
                    "`go env -json` reports CGO_ENABLED=0 because no C compiler ({cc}) was found: `go test "
                    "-race` and cgo packages need cgo and gcc.",
                    cc=cc,
                ),
                fix="sudo apt-get install -y gcc",
            )
        ]
    if effective == "0":
        return [
            info(
                M(
                    "CGO_ENABLED=0 ({source}): cgo is off by choice; `go test -race` needs it.",
                    source=item.source,
                )
            )
        ]
    if compiler:
        return [
            ok(
                M(
                    "CGO_ENABLED={value} ({source}); C compiler {cc} ({compiler}).",
                    value=effective or "1",
                    source=item.source,
                    cc=cc,
                    compiler=compiler,
                )
            )
        ]
    return [
        ok(
            M(
                "CGO_ENABLED={value} ({source}); C compiler {cc}.",
                value=effective or "1",
                source=item.source,
                cc=cc,
            )
        )
    ]
