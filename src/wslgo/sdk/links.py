"""Where a name inside an SDK archive really leads, given the symlinks the archive created before it.

Why not judge a link target as text: each link of a chain can look harmless on its own (``go/a -> .``,
``go/b -> a/..``, ``go/c -> b/..``) while the kernel, following them one after another, ends up above
``go/``. So names are resolved the way the kernel does — component by component, a symlink replaced by
its target in the directory that holds it, ``..`` taking the real parent — over the symlinks of the same
archive. Anything that is not one of those symlinks counts as a directory (a superset of what the kernel
allows: a regular file there would only make the lookup fail).

The rule that makes this enough: every symlink must resolve inside ``go/`` without ever climbing above
it on the way (the tree is renamed to ``sdk/go1.X.Y`` on install, so ``../go/x`` would then leave it),
and adding a symlink re-checks the earlier ones, because a new link can change where an earlier one
leads (``go/p -> q/..`` is harmless until ``go/q -> .`` arrives). Official archives have no links at all
(``cmd/distpack`` writes regular files only), so the table is small and capped.

Pure: names in, verdicts out; ``extract`` does the file system work.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TOP = "go"
#: Symlinks followed in one lookup before Linux gives up with ELOOP (``MAXSYMLINKS``).
MAX_HOPS = 40
#: Symlinks one archive may create: official SDK archives have none; a repacked mirror may add a few.
MAX_LINKS = 256


def normalize_member(name: str) -> str | None:
    """``./go//bin/`` → ``go/bin``; ``None`` for absolute names and names containing ``..``."""
    if name.startswith("/"):
        return None
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


def inside_top(name: str) -> bool:
    return name == TOP or name.startswith(TOP + "/")


@dataclass
class LinkTable:
    """The symlinks one archive has created so far (normalized name → target as written)."""

    targets: dict[str, str] = field(default_factory=dict)

    def __contains__(self, name: object) -> bool:
        return name in self.targets

    def __len__(self) -> int:
        return len(self.targets)

    def through_link(self, name: str) -> str | None:
        """The first proper prefix of ``name`` that is a symlink (writing there would follow it)."""
        parts = name.split("/")
        for end in range(1, len(parts)):
            prefix = "/".join(parts[:end])
            if prefix in self.targets:
                return prefix
        return None

    def resolve(self, directory: str, target: str) -> str | None:
        """Where ``target``, looked up from ``directory``, leads; ``None`` when it leaves ``go/``.

        ``None`` also for absolute targets, for a lookup that climbs above ``go/`` at any step, and
        for more than ``MAX_HOPS`` symlinks (a loop: the kernel would refuse it too).
        """
        if not target or target.startswith("/"):
            return None
        done = [part for part in directory.split("/") if part]
        if not done or done[0] != TOP:
            return None
        pending = list(reversed(target.split("/")))
        hops = 0
        while pending:
            part = pending.pop()
            if part in ("", "."):
                continue
            if part == "..":
                if len(done) <= 1:
                    return None  # above go/: outside the SDK once it is renamed into place
                done.pop()
                continue
            candidate = "/".join((*done, part))
            link = self.targets.get(candidate)
            if link is None:
                done.append(part)
                continue
            hops += 1
            if hops > MAX_HOPS or not link or link.startswith("/"):
                return None
            pending.extend(reversed(link.split("/")))  # relative to the link's own directory: ``done``
        return "/".join(done)

    def escapes_with(self, name: str, target: str) -> str | None:
        """The symlink that would lead outside ``go/`` once ``name -> target`` is added, or ``None``.

        That is ``name`` itself, or an earlier symlink whose lookup now goes through the new one.
        """
        trial = LinkTable({**self.targets, name: target})
        if not trial.follows_inside(name):
            return name
        for earlier in self.targets:
            if not trial.follows_inside(earlier):
                return earlier
        return None

    def follows_inside(self, link: str) -> bool:
        """Whether following the symlink ``link`` (one hop, as ``stat`` would) stays inside ``go/``."""
        directory, _, base = link.rpartition("/")
        return self.resolve(directory, base) is not None

    def add(self, name: str, target: str) -> None:
        self.targets[name] = target
