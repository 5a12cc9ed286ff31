"""wslgo: turn a WSL2 distro into a fast, correct Go workstation and keep it that way."""

__version__ = "0.1.0"
