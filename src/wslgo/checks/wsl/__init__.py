"""WSL checks: the distro, its VM and WSL's two config files (SPEC §3, WSL001–WSL020).

One module per section: ``platform`` (WSL001–WSL005), ``config`` (WSL010–WSL011), ``vm`` (WSL012–WSL015,
WSL019), ``windows`` (WSL016–WSL017), ``system`` (WSL018, WSL020). Every check is a pure function of the
evidence.
"""
