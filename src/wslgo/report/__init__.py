"""Reporters: pure renderers of a doctor ``Report`` (text, json, markdown, sarif, junit)."""
