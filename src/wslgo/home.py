"""Where wslgo keeps its state (SPEC §1): ``WSLGO_HOME`` or the platform user data dir.

Everything wslgo writes outside the user's own config files lives under this one directory, so a
test (or a user) can point ``WSLGO_HOME`` elsewhere and nothing leaks.
"""

from __future__ import annotations

import os
from pathlib import Path


def wslgo_home(environ: dict[str, str] | None = None) -> Path:
    """The state directory: ``$WSLGO_HOME``, else ``~/.local/share/wslgo`` (platformdirs)."""
    env = os.environ if environ is None else environ
    explicit = env.get("WSLGO_HOME")
    if explicit:
        return Path(explicit).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("wslgo", appauthor=False))


def sdk_dir(home: Path | None = None) -> Path:
    """Installed Go SDKs: ``sdk/go1.X.Y`` plus the ``sdk/current`` symlink."""
    return (home or wslgo_home()) / "sdk"


def downloads_dir(home: Path | None = None) -> Path:
    """Partial and complete downloads (resumable with HTTP Range)."""
    return (home or wslgo_home()) / "downloads"


def runs_dir(home: Path | None = None) -> Path:
    """Setup journals and backups, one directory per run."""
    return (home or wslgo_home()) / "runs"


def proxy_dir(home: Path | None = None) -> Path:
    """Default module proxy store (module-cache layout)."""
    return (home or wslgo_home()) / "proxy"


def ci_tools_dir(home: Path | None = None) -> Path:
    """Tools ``wslgo ci run`` builds at the versions workflows pin (``golangci-lint/<version>/<go>/``)."""
    return (home or wslgo_home()) / "ci" / "tools"
