"""``wslgo setup``: steps that turn evidence and options into plans of lossless file edits (SPEC §4)."""
