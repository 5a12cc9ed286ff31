"""GO020–GO026: where GOPATH, GOCACHE, GOMODCACHE, the project and the install target live, free space
and ownership.
"""

from __future__ import annotations

import posixpath
import shlex

from wslgo.checks.go.common import add_to_path, need_go_env
from wslgo.checks.model import Change, Finding, error, info, ok, sets, skipped, warning
from wslgo.checks.registry import check
from wslgo.evidence.model import Evidence
from wslgo.facts import go as gofacts
from wslgo.facts.go import setting
from wslgo.i18n import N_, M

FREE_SPACE_MIN = 2 * 1024**3


def _dir_on_mnt(
    evidence: Evidence, name: str, status: str, why: str, fix_value: str | None, step: str | None
) -> list[Finding]:
    values = need_go_env(evidence)
    if isinstance(values, Finding):
        return [values]
    item = setting(evidence, name, values)
    entries = [e for e in (item.value or "").split(":") if e] if name == "GOPATH" else [item.value or ""]
    bad = [(e, w) for e in entries if e and (w := gofacts.windows_drive_location(evidence, e))]
    if not bad:
        return [
            ok(
                M(
                    "{name}={value} ({source}) is on the Linux file system.",
                    name=name,
                    value=item.value,
                    source=item.source,
                )
            )
        ]
    where = bad[0][1]
    message = M(
        "{name}={value} ({source}): {where}; {why}",
        name=name,
        value=item.value,
        source=item.source,
        where=where,
        why=why,
    )
    fix = gofacts.set_fix(evidence, item, fix_value) if fix_value else None
    # go-cache removes the user's setting so go's default applies; an inherited GOMODCACHE follows GOPATH.
    owner = item
    if not item.user_set and name == "GOMODCACHE":
        owner = setting(evidence, "GOPATH", values)
    fixable: str | None = None
    changes: tuple[Change, ...] = ()
    if fix_value and step and owner.user_set and gofacts.setup_can_change(evidence, owner):
        fixable, changes = step, (sets("go", name, fix_value),)
    make = error if status == "error" else warning
    return [make(message, fix=fix, fixable_by=fixable, changes=changes)]


@check("GO020", N_("GOPATH on the Linux file system"))
def gopath_on_mnt(evidence: Evidence) -> list[Finding]:
    home = evidence.home or "/home/$USER"
    return _dir_on_mnt(
        evidence,
        "GOPATH",
        "warning",
        M("module downloads, `go install` and builds read and write it over 9P (several times slower)."),
        posixpath.join(home, "go"),
        "go-cache",
    )


@check("GO021", N_("GOCACHE on the Linux file system"))
def gocache_on_mnt(evidence: Evidence) -> list[Finding]:
    home = evidence.home or "/home/$USER"
    return _dir_on_mnt(
        evidence,
        "GOCACHE",
        "error",
        M("every build reads and writes the build cache over 9P (measured 8.4 s vs 1.9 s on ext4)."),
        posixpath.join(home, ".cache", "go-build"),
        "go-cache",
    )


@check("GO022", N_("GOMODCACHE on the Linux file system"))
def gomodcache_on_mnt(evidence: Evidence) -> list[Finding]:
    home = evidence.home or "/home/$USER"
    return _dir_on_mnt(
        evidence,
        "GOMODCACHE",
        "warning",
        M(
            "every build reads module sources over 9P; share modules between distros through one proxy "
            "instead."
        ),
        posixpath.join(home, "go", "pkg", "mod"),
        "go-cache",
    )


@check("GO023", N_("Project on the Linux file system"))
def project_on_mnt(evidence: Evidence) -> list[Finding]:
    project = evidence.meta.cwd
    if not project:
        return [skipped(M("Skipped: the project directory (meta cwd) was not recorded."))]
    where = gofacts.windows_drive_location(evidence, project)
    if where:
        name = posixpath.basename(project.rstrip("/")) or "project"
        return [
            warning(
                M(
                    "The project {project} (meta cwd): {where}; go build, gopls and git walk it over 9P.",
                    project=project,
                    where=where,
                ),
                fix=M(
                    "{command}  (then work in {copy}; open it with `code {copy}`)",
                    command=f"mkdir -p ~/src && cp -a {shlex.quote(project)} ~/src/{shlex.quote(name)}",
                    copy=f"~/src/{name}",
                ),
            )
        ]
    return [ok(M("The project {project} is on the Linux file system.", project=project))]


@check("GO024", N_("Go install target on PATH"))
def gobin_on_path(evidence: Evidence) -> list[Finding]:
    values = need_go_env(evidence)
    if isinstance(values, Finding):
        return [values]
    gobin = values.get("GOBIN", "")
    gopath = [e for e in values.get("GOPATH", "").split(":") if e]
    if gobin:
        target, source = gobin, M("GOBIN in `go env -json`")
    elif gopath:
        target, source = posixpath.join(gopath[0], "bin"), M("first GOPATH entry + /bin in `go env -json`")
    else:
        return [skipped(M("Skipped: `go env -json` reports neither GOBIN nor GOPATH."))]
    dirs = [posixpath.normpath(d) for d in evidence.path_dirs()]
    home = evidence.home or ""
    literal = [
        d.replace("$HOME", home).replace("~", home, 1) if d.startswith(("~", "$HOME")) else d for d in dirs
    ]
    if posixpath.normpath(target) in literal:
        return [ok(M("{target} ({source}) is on PATH.", target=target, source=source))]
    return [
        warning(
            M(
                "{target} ({source}) is not on PATH (env PATH): tools installed with `go install` (gopls, "
                "dlv, …) will not be found.",
                target=target,
                source=source,
            ),
            fix=add_to_path(target),
            fixable_by="shell",
            changes=(sets("path", "", target),),
        )
    ]


@check("GO025", N_("Free space for GOCACHE"))
def gocache_space(evidence: Evidence) -> list[Finding]:
    values = need_go_env(evidence)
    if isinstance(values, Finding):
        return [values]
    gocache = values.get("GOCACHE", "")
    if not gocache or gocache == "off":
        return [skipped(M("Skipped: GOCACHE is {value} in `go env -json`.", value=gocache or M("empty")))]
    directory = gocache
    free: int | None = None
    while directory and directory != "/":
        info_at = evidence.path(directory)
        if info_at is not None and info_at.free_bytes is not None:
            free = info_at.free_bytes
            break
        directory = posixpath.dirname(directory)
    if free is None:
        return [skipped(M("Skipped: free space at {path} was not recorded.", path=gocache))]
    gib = f"{free / 1024**3:.1f}"
    if free < FREE_SPACE_MIN:
        return [
            warning(
                M(
                    "Only {size} GiB free where GOCACHE lives ({path}); builds fail with 'no space left on "
                    "device' once the cache fills it.",
                    size=gib,
                    path=directory,
                ),
                fix=M("go clean -cache  (and free space on that file system)"),
            )
        ]
    return [ok(M("{size} GiB free where GOCACHE lives ({path}).", size=gib, path=directory))]


@check("GO026", N_("Go caches writable by the user"))
def caches_writable(evidence: Evidence) -> list[Finding]:
    values = need_go_env(evidence)
    if isinstance(values, Finding):
        return [values]
    uid = evidence.meta.host.uid
    user = evidence.meta.host.user
    findings: list[Finding] = []
    unknown: list[str] = []
    for name in ("GOCACHE", "GOMODCACHE"):
        directory = values.get(name, "")
        if not directory or directory == "off":
            continue
        seen = evidence.path(directory)
        if seen is None:
            unknown.append(directory)
            continue
        if not seen.exists:
            continue
        root_owned = seen.uid == 0 and uid not in (None, 0)
        foreign = seen.uid is not None and uid is not None and seen.uid != uid
        if seen.writable is False or root_owned:
            owner = "root" if seen.uid == 0 else f"uid {seen.uid}"
            chown = (
                f"sudo chown -R {user}:{user} {shlex.quote(directory)}"
                if user
                else (f"sudo chown -R $(id -u):$(id -g) {shlex.quote(directory)}")
            )
            message = (
                M(
                    "{name} {path} is not writable (owner {owner}, probably after `sudo go …`): builds and "
                    "downloads fail with 'permission denied'.",
                    name=name,
                    path=directory,
                    owner=owner,
                )
                if seen.writable is False
                else M(
                    "{name} {path} is owned by root (owner {owner}, probably after `sudo go …`): builds and "
                    "downloads fail with 'permission denied'.",
                    name=name,
                    path=directory,
                    owner=owner,
                )
            )
            findings.append(error(message, fix=chown))
        elif foreign:
            findings.append(
                info(
                    M(
                        "{name} {path} belongs to uid {owner}, not {uid}, but is writable.",
                        name=name,
                        path=directory,
                        owner=seen.uid,
                        uid=uid,
                    )
                )
            )
    if findings:
        return findings
    if unknown and len(unknown) == 2:
        return [skipped(M("Skipped: ownership of {paths} was not recorded.", paths=", ".join(unknown)))]
    return [ok(M("GOCACHE and GOMODCACHE are writable by the user (or not created yet)."))]
