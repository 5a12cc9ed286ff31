"""Team policy (``wslgo.toml``, SPEC §14): load and validate it, check a machine against it (POL001–POL004),
plan its values with setup, and add its gate to CI."""
