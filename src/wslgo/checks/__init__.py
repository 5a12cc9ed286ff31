"""Doctor's checks: pure functions from evidence to findings, one module per category."""
