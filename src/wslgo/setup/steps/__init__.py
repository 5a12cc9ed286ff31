"""One module per setup step; each exposes ``plan(inputs, options) -> Plan`` and nothing with side effects."""
