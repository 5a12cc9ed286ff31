"""Lossless editors and the plan → diff → apply → undo engine (SPEC §4)."""
