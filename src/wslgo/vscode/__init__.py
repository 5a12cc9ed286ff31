"""``wslgo vscode init``: launch/attach configurations and Go settings for VS Code Remote-WSL."""
