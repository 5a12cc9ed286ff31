"""Evidence: everything doctor knows about a machine, read once, immutable, replayable (SPEC §2)."""

from wslgo.evidence.model import CommandResult, Evidence, HostMeta, Meta, PathInfo

__all__ = ["CommandResult", "Evidence", "HostMeta", "Meta", "PathInfo"]
