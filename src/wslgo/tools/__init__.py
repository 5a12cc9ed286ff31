"""``wslgo tools``: install gopls, dlv, golangci-lint and staticcheck in versions the active Go builds."""
