"""``wslgo ci``: generate a GitHub Actions workflow from go.mod and run its steps locally, in order."""
