"""Fleet report (``wslgo report``, SPEC §14): many machines' bundles through doctor, side by side."""
